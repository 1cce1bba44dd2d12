"""The engagement report at province size: seconds and queries for the province, a ward and a cell.

    .venv/bin/python bench/generate_province.py && .venv/bin/python bench/engagement_bench.py

Runs in-process against a fresh SQLite database in a temporary directory: imports the generated
province (bench/data), gives each cell one past meeting, lets about four in five members open it
between release and start, then asks the report as a superuser through Django's test client.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from in_process import fresh_django  # bench/ is the script folder, first on sys.path

DATA = Path(__file__).resolve().parent / "data"
READ_SHARE = 0.8
ROUNDS = 3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not (args.data / "members.csv").exists():
        sys.exit(f"{args.data / 'members.csv'} is missing: run bench/generate_province.py first")
    with fresh_django("handbook-engagement-bench-"):
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from members.models import ReadingRecord, Role, RoleKind
        from site_pages.models import Level, MeetingPage, UnitPage

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("import_units", str(args.data / "units.csv"), "--no-progress", verbosity=0)
        call_command("import_members", str(args.data / "members.csv"), "--no-progress", verbosity=0)
        now = timezone.now()
        cells = list(UnitPage.objects.filter(level=Level.CELL).order_by("path"))
        meetings = {}
        for cell in cells:
            meeting = MeetingPage(
                title="Sinh hoạt tháng trước", slug="sinh-hoat", place="Nhà văn hoá", starts_at=now - timedelta(days=3)
            )
            cell.add_child(instance=meeting)
            meetings[cell.pk] = meeting
        rng = random.Random(2026)
        members = Role.objects.current().filter(kind=RoleKind.MEMBER).values_list("person_id", "unit_id")
        records = []
        for person_id, cell_id in members:
            if rng.random() < READ_SHARE:
                meeting = meetings[cell_id]
                opened = meeting.documents_release_at + timedelta(hours=rng.randint(1, 40))
                records.append(
                    ReadingRecord(person_id=person_id, page=meeting, first_opened_at=opened, last_opened_at=opened)
                )
        ReadingRecord.objects.bulk_create(records, batch_size=5000)
        print(f"built {len(cells)} cells, {len(records)} reading records: {time.perf_counter() - started:.0f} s")

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.create_superuser("bench"))
        province = UnitPage.objects.get(level=Level.PROVINCE)
        ward = UnitPage.objects.filter(level=Level.WARD).order_by("path").first()
        print(f"\n{'report for':<12}{'queries':>9}{'seconds':>10}")
        for name, unit in (("province", province), ("ward", ward), ("cell", cells[0])):
            url = f"/admin/reports/engagement/?unit={unit.code}"
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            # Read now: every request starts by clearing Django's query log.
            query_count = len(queries)
            times = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                if client.get(url).status_code != 200:
                    sys.exit(f"{url} did not answer 200")
                times.append(time.perf_counter() - started)
            print(f"{name:<12}{query_count:>9}{statistics.median(times):>10.2f}")


if __name__ == "__main__":
    main()
