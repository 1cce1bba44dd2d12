"""What the benches share: Django on a fresh SQLite database in a temporary directory (or on the
empty database `database_url` names), with DEBUG off as in production, and the test client allowed
to call it; and running a management command in its own process, as an operator would."""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent


def run_command(command, env):
    """Run `manage.py command`; returns (wall seconds, CPU seconds, peak resident memory in MB)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT)
    # wait4 gives this child's own resource usage (ru_maxrss is in KiB on Linux).
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"manage.py {' '.join(command)} failed")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


@contextlib.contextmanager
def fresh_django(prefix, database_url=None):
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        os.environ.update(
            DJANGO_SETTINGS_MODULE="cms.settings.dev",
            DJANGO_DEBUG="0",
            DATABASE_URL=database_url or f"sqlite:///{tmp}/bench.sqlite3",
            MEDIA_ROOT=f"{tmp}/media",
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        setup_test_environment()  # lets the test client run with ALLOWED_HOSTS as configured
        yield tmp


def bench_database(url, name):
    """(a fresh PostgreSQL database `name` on the server `url` names, a function that drops it), or
    (None, a function doing nothing) when `url` is not PostgreSQL: the bench then runs on SQLite."""
    if not url or not url.startswith(("postgres://", "postgresql://")):
        return None, lambda: None
    config = dj_database_url.parse(url)
    server = dict(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"])

    def run(sql):
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
            connection.execute(sql)

    run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    run(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + f"/{name}", lambda: run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
