"""Import the generated country (bench/generate_country.py) into an empty database and check that
the member pages stay cheap on it.

    .venv/bin/python bench/generate_country.py
    .venv/bin/python bench/country_bench.py [--database-url postgres://.../empty_db] [--provinces 63]
    .venv/bin/python bench/generate_activity.py --database-url postgres://.../empty_db [--provinces 63]
    .venv/bin/python bench/country_bench.py --database-url postgres://.../empty_db --pages-only

Each import runs in its own process as an operator would run it (`import_units`, then `import_members`
given every province's file, and `import_roles` likewise, then the task worker that indexes the new units for search, as
production's database queue has it), timed with its CPU time and peak resident memory; with
`--provinces` below 63 the members and roles of the whole country are extrapolated from the
provinces imported, and said so. Then, in this process: the database's size on disk; `/me/` and a
meeting page of a cell of the first province, their query counts, and the plan of every query they
make, printing any sequential scan over a table of more than LARGE_TABLE rows.
"""

import argparse
import datetime
import os
import re
import sys
import tempfile
from pathlib import Path

from in_process import ROOT, fresh_django, run_command  # bench/ is the script folder, first on sys.path

DATA = ROOT / "bench" / "data" / "country"
COUNTRY_MEMBERS, COUNTRY_PROVINCES = 5_600_000, 63
UNITS_TARGET_SECONDS, COUNTRY_TARGET_SECONDS, MEMORY_TARGET_MB = 60, 15 * 60, 1024
LARGE_TABLE = 10_000


def import_country(data, provinces, env):
    """The units, then every province's members and then their editors' roles, each kind in one
    process given all the province files (as an operator would: Django starts once per kind)."""
    files = range(1, provinces + 1)
    results = {"import_units": run_command(["import_units", str(data / "units.csv")], env)}
    print("import_units: {:.1f} s, {:.1f} s of CPU, {:.0f} MB".format(*results["import_units"]), flush=True)
    members = [str(data / f"members-{province:02d}.csv") for province in files]
    results[f"import_members, {provinces} files"] = run_command(["import_members", *members], env)
    print("import_members: {:.1f} s, {:.1f} s of CPU, {:.0f} MB".format(*results[f"import_members, {provinces} files"]))
    roles = [str(data / f"roles-{province:02d}.csv") for province in files]
    results[f"import_roles, {provinces} files"] = run_command(["import_roles", *roles], env)
    # The units' search index, which the import queued: what the task worker then does.
    results["db_worker (search)"] = run_command(["db_worker", "--batch", "--no-startup-delay"], env)
    return results


def report_imports(results, provinces, member_count):
    print(f"\n{'step':<24}{'seconds':>10}{'CPU s':>10}{'peak MB':>10}")
    for name, (seconds, cpu, megabytes) in results.items():
        print(f"{name:<24}{seconds:>10.1f}{cpu:>10.1f}{megabytes:>10.0f}")
    units, members, roles, _worker = results.values()
    scale = COUNTRY_MEMBERS / member_count
    country = units[0] + (members[0] + roles[0]) * scale
    verdict = "within" if units[0] < UNITS_TARGET_SECONDS else "OUTSIDE"
    print(f"unit tree: {units[0]:.1f} s ({verdict} the {UNITS_TARGET_SECONDS} s target)")
    print(f"members: {member_count} in {members[0]:.1f} s, {member_count / members[0]:.0f} a second")
    peak = max(members[2], roles[2], units[2])
    print(f"peak memory of any import: {peak:.0f} MB (target {MEMORY_TARGET_MB} MB)")
    measured = "measured" if provinces == COUNTRY_PROVINCES else f"extrapolated from {provinces} provinces"
    verdict = "within" if country < COUNTRY_TARGET_SECONDS else "OUTSIDE"
    print(f"whole country: {country / 60:.1f} min, {measured} ({verdict} the 15 min target)")


def database_size():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    return Path(connection.settings_dict["NAME"]).stat().st_size


def meeting_in(cell):
    from django.utils import timezone

    from site_pages.models import MeetingKind, MeetingPage

    existing = MeetingPage.objects.child_of(cell).filter(slug="sinh-hoat-thuong-ky").first()
    if existing is not None:
        return existing
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=2)
    meeting = MeetingPage(
        title="Sinh hoạt chi bộ thường kỳ",
        slug="sinh-hoat-thuong-ky",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Nhà văn hóa",
        kind=MeetingKind.REGULAR,
    )
    cell.add_child(instance=meeting)
    meeting.save_revision().publish()
    return meeting


def check_pages():
    """Query counts of /me/ and a meeting page, and any sequential scan of a large table."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from site_pages.models import CellPage

    # Pages link the hashed static files, as in production (STATIC_ROOT is git-ignored).
    call_command("collectstatic", interactive=False, verbosity=0)
    cell = CellPage.objects.get(code="VN-P01-W001-C01")
    meeting = meeting_in(cell)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="010000003"))
    sizes = table_sizes()
    for name, url in (("/me/", "/me/"), ("meeting page", meeting.url)):
        if client.get(url).status_code != 200:
            sys.exit(f"{url} did not answer 200")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        scans = [scan for query in queries.captured_queries for scan in sequential_scans(query["sql"], sizes)]
        print(f"{name}: {len(queries)} queries, {len(scans)} sequential scans of a large table")
        for table, sql in scans:
            print(f"  Seq Scan on {table} ({sizes[table]} rows): {sql[:300]}")


def table_sizes():
    from django.db import connection

    sizes = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum keeps them in production: plans depend on them.
            cursor.execute("ANALYZE")
        for table in connection.introspection.table_names(cursor):
            if connection.vendor == "postgresql":
                cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            else:
                cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            sizes[table] = cursor.fetchone()[0]
    return sizes


def sequential_scans(sql, sizes):
    """(table, sql) for each table the plan of `sql` reads whole, when the table is large."""
    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT"):
        return []
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        # The captured SQL has its parameters written in, as Django's query log shows them.
        cursor.execute(("EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN ") + sql)
        lines = [str(row[-1]) for row in cursor.fetchall()]
    # PostgreSQL says `Seq Scan on table`; SQLite `SCAN table` (with USING when it reads an index).
    pattern = re.compile(r"Seq Scan on (\w+)" if postgresql else r"^SCAN (\w+)$")
    tables = {match.group(1) for line in lines if (match := pattern.search(line.strip()))}
    return [(table, sql) for table in sorted(tables) if sizes.get(table, 0) > LARGE_TABLE]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--provinces", type=int, default=COUNTRY_PROVINCES, help="provinces whose people to import")
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="import nothing: the size and pages of the country already in --database-url (after generate_activity.py)",
    )
    args = parser.parse_args()
    if args.pages_only:
        with fresh_django("handbook-country-pages-", args.database_url):
            print(f"database size on disk: {database_size() / 2**20:.0f} MB")
            check_pages()
        return
    provinces = range(1, args.provinces + 1)
    missing = [province for province in provinces if not (args.data / f"roles-{province:02d}.csv").exists()]
    if missing or not (args.data / "units.csv").exists():
        sys.exit(f"files missing in {args.data}: run bench/generate_country.py --member-files {args.provinces}")
    member_count = sum(
        sum(1 for _line in (args.data / f"members-{province:02d}.csv").open(encoding="utf-8")) - 1
        for province in range(1, args.provinces + 1)
    )
    with tempfile.TemporaryDirectory(prefix="handbook-country-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DJANGO_DEBUG": "0",
            "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            # Production's queue: the imports queue the units' search index for the worker.
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        }
        run_command(["migrate", "--verbosity", "0"], env)
        results = import_country(args.data, args.provinces, env)
        report_imports(results, args.provinces, member_count)
        with fresh_django("handbook-country-pages-", env["DATABASE_URL"]):
            print(f"database size on disk: {database_size() / 2**20:.0f} MB")
            check_pages()


if __name__ == "__main__":
    main()
