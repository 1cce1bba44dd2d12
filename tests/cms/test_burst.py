"""Twenty members send an opinion on a meeting at the same moment, to a real server: none may fail.

Issue 7: SQLite answered most of such a burst with "database is locked". The server is gunicorn
with several processes and threads over the test's own data, so the writes really contend.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from urllib.parse import quote

import pytest
import requests

from django.conf import settings
from django.db import connection
from django.urls import reverse

from members.models import RoleKind
from tests.factories import PASSWORD, make_person
from tests.members.meeting_helpers import make_meeting

# serialized_rollback: a transactional test before this one on the worker flushed the migrated root page.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MEMBERS = 20
# Generous: the first requests wait for gunicorn to boot, on a machine busy with other tests.
REQUEST_TIMEOUT = 60
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def served_database_url(tmp_path):
    """A DATABASE_URL for the server process that reaches the data this test committed."""
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: the server gets a copy in a file.
        path = tmp_path / "burst.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{path}"
    database = connection.settings_dict
    credentials = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"


# fmt: off
GUNICORN_OPTIONS = [
    # Several processes of several threads, so that the writes really contend.
    "--workers", "3", "--threads", "4",
    "--preload",  # import the site once, not once a worker
    "--no-control-socket",  # its default path is shared by every gunicorn the user runs
    "--keep-alive", "0",  # otherwise each worker lingers over idle connections at shutdown
]
# fmt: on


@contextmanager
def gunicorn(database_url, log_path):
    """Serve the site on a port the kernel picks; yield its base URL. The server is always stopped."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": database_url}
    with socket.create_server(("127.0.0.1", 0)) as listener, open(log_path, "w") as log:
        port = listener.getsockname()[1]
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"fd://{listener.fileno()}", *GUNICORN_OPTIONS],
            cwd=settings.BASE_DIR,
            env=env,
            pass_fds=[listener.fileno()],
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    # Only gunicorn holds the socket now: if it dies, requests fail at once instead of waiting.
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group start_new_session gave the server and its workers
            process.wait()


def csrf_token(response):
    return CSRF_INPUT.search(response.text).group(1)


def log_in(browser, base_url, person):
    login_url = f"{base_url}{reverse('login')}"
    form = browser.get(login_url, timeout=REQUEST_TIMEOUT)
    response = browser.post(
        login_url,
        {"username": person.card_number, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(form)},
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    assert response.status_code == 302, f"login of {person.card_number}: {response.status_code}"


def send_opinion(base_url, meeting_path, submit_path, start, person):
    """Log in, open the meeting, wait for the others, post. Returns the answer to the post."""
    with requests.Session() as browser:
        try:
            log_in(browser, base_url, person)
            page = browser.get(f"{base_url}{meeting_path}", timeout=REQUEST_TIMEOUT)
            data = {
                "body": f"Ý kiến của {person.card_number}",
                "client_token": str(uuid.uuid4()),
                "csrfmiddlewaretoken": csrf_token(page),
            }
        except BaseException:
            start.abort()
            raise
        start.wait(timeout=REQUEST_TIMEOUT)
        return browser.post(
            f"{base_url}{submit_path}",
            data,
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT,
        )


class TestCommentBurst:
    def test_twenty_members_comment_at_once_without_an_error(self, units, tmp_path):
        meeting = make_meeting(units["C1"])
        members = [make_person(units["C1"]) for _member in range(MEMBERS)]
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        log_path = tmp_path / "gunicorn.log"
        # Worked out here: a query from a pool thread would leave its connection open past the test.
        meeting_path = meeting.url
        submit_path = reverse("members:comment_submit", args=[meeting.pk])

        with gunicorn(served_database_url(tmp_path), log_path) as base_url:
            start = threading.Barrier(MEMBERS)
            with ThreadPoolExecutor(MEMBERS) as pool:
                answers = list(pool.map(partial(send_opinion, base_url, meeting_path, submit_path, start), members))
            with requests.Session() as browser:
                log_in(browser, base_url, secretary)
                moderated_page = browser.get(f"{base_url}{meeting_path}", timeout=REQUEST_TIMEOUT).text

        failures = [
            f"{person.card_number}: {answer.status_code} {answer.headers.get('Location', '')}"
            for person, answer in zip(members, answers, strict=True)
            if answer.status_code != 302 or "#comment-" not in answer.headers["Location"]
        ]
        assert failures == [], log_path.read_text()[-3000:]
        missing = [person.card_number for person in members if f"Ý kiến của {person.card_number}" not in moderated_page]
        assert missing == []
