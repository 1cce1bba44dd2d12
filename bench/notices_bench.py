"""Notices at province size: the fan-out task's seconds, the publish request's and the inbox's queries.

    .venv/bin/python bench/notices_bench.py [--members 20000] [--wards 10] [--cells-per-ward 10]

Runs in-process against a fresh SQLite database in a temporary directory: units through
save_unit, members bulk-created (a tenth choose one email per notice, so the task also sends),
then a province directive is published through the admin's edit view with the database task
backend (the request only queues) and the queued task is timed on its own.
"""

import argparse
import time
from pathlib import Path

from in_process import fresh_django  # bench/ is the script folder, first on sys.path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--wards", type=int, default=10)
    parser.add_argument("--cells-per-ward", type=int, default=10)
    args = parser.parse_args()
    with fresh_django("handbook-notices-bench-"):
        from django.conf import settings
        from django.core.management import call_command
        from django.test import override_settings

        # The admin's templates name static files (no collectstatic manifest here); the request
        # only queues the task, as with the production worker.
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ).enable()
        call_command("migrate", verbosity=0)
        run(args)


def build(args):
    from django.contrib.auth import get_user_model

    from members.models import NoticeEmail, Person, Role, RoleKind
    from site_pages.tree import save_unit

    central, _ = save_unit(code="B-TW", title="Trung ương", level="central")
    province, _ = save_unit(code="B-P", title="Tỉnh", level="province", parent=central)
    cells = []
    for ward_number in range(args.wards):
        ward, _ = save_unit(code=f"B-W{ward_number}", title=f"Phường {ward_number}", level="ward", parent=province)
        for cell_number in range(args.cells_per_ward):
            cell, _ = save_unit(code=f"B-W{ward_number}-C{cell_number}", title="Chi bộ", level="cell", parent=ward)
            cells.append(cell)
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"m{number}") for number in range(args.members)], batch_size=2000
    )
    people = Person.objects.bulk_create(
        [
            Person(
                user=user,
                full_name=f"Đảng viên {number}",
                card_number=f"B{number:07d}",
                email=f"m{number}@example.vn",
                notice_email=NoticeEmail.EACH if number % 10 == 0 else NoticeEmail.DAILY,
            )
            for number, user in enumerate(users)
        ],
        batch_size=2000,
    )
    Role.objects.bulk_create(
        [
            Role(person=person, unit=cells[number % len(cells)], kind=RoleKind.MEMBER)
            for number, person in enumerate(people)
        ],
        batch_size=2000,
    )
    return province, cells, people


def publish_request(client, unit):
    """The admin's edit view posting `action-publish` for a new news page of `unit`: its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import make_news
    from tests.site_pages.test_editor_rights import edit_form

    page = make_news(unit, live=False)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.post(url, edit_form(page, **{"action-publish": "1"}))
    if response.status_code != 302:
        raise SystemExit(f"publish refused: {response.status_code}")
    return page, len(context.captured_queries)


def run(args):
    from django_tasks_db.models import DBTaskResult

    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from members.notices import announce_page, readers_of_unit

    started = time.perf_counter()
    province, cells, people = build(args)
    print(f"built {args.members} members in {len(cells)} cells: {time.perf_counter() - started:.1f} s")
    admin = get_user_model().objects.create_superuser("bench-admin")
    client = Client()
    client.force_login(admin)
    publish_request(client, cells[0])  # warm caches
    _page, cell_queries = publish_request(client, cells[1])
    page, province_queries = publish_request(client, province)
    print(f"publish request queries: cell page {cell_queries}, province page {province_queries}")

    queued = DBTaskResult.objects.filter(task_path="members.notices.announce_page").order_by("enqueued_at").last()
    readers = readers_of_unit(province).count()
    mail.outbox = []
    started = time.perf_counter()
    announce_page.call(*queued.args_kwargs["args"])
    seconds = time.perf_counter() - started
    print(f"fan-out task to {readers} members: {seconds:.2f} s, {len(mail.outbox)} emails (one per notice chosen)")

    member = Client()
    member.force_login(people[1].user)
    member.get("/me/notifications/")
    with CaptureQueriesContext(connection) as context:
        member.get("/me/notifications/")
    print(f"inbox queries: {len(context.captured_queries)} (page {page.pk} announced)")


if __name__ == "__main__":
    main()
