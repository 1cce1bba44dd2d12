"""Give an imported country a year of activity: every cell's monthly meetings and its members'
reading records, written in bulk into the database (bench/country_bench.py imports the country).

    .venv/bin/python bench/generate_activity.py --database-url postgres://.../country_db [--provinces 63]

Per cell, twelve monthly meetings of the past year (the 5th of each month, the last this month);
about four in five members open each meeting's documents once released (`READ_SHARE`), some twice.
At the country's size that is 624,000 meeting pages and about 54 million reading records. Rows go
in through the bulk writer of the unit tree (COPY on PostgreSQL), a province at a time in its own
transaction, so memory stays that of one province and a stopped run keeps what it finished (run again,
it skips the provinces whose cells have pages). The
same arguments give the same rows (a generator seeded per province).

The meetings are the rows that members' pages read (page, meeting, searchable text), live and
published as an imported page is; they have no revision, log entry or search-index entry, which no
member page reads.
"""

import argparse
import datetime
import random
import sys
import time
from collections import defaultdict

from in_process import fresh_django  # bench/ is the script folder, first on sys.path
from tqdm import tqdm

MONTHS, READ_SHARE, REREAD_SHARE, SEED = 12, 0.8, 0.3, 2026
WRITE_BATCH = 20_000


def meeting_times(today):
    """The start of each month's meeting, oldest first: the 5th at 08:00 (UTC), ending with this month's."""
    year, month = today.year, today.month
    starts = []
    for _ in range(MONTHS):
        starts.append(datetime.datetime(year, month, 5, 8, tzinfo=datetime.UTC))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def province_activity(province, starts, rng):
    """Write the meetings and reading records of `province`; returns (meetings, records), or None when
    its cells have pages already."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F

    from wagtail.models import Page

    from members.models import ReadingRecord, Role, RoleKind
    from search.folding import normalized
    from site_pages.bulk_rows import chunks, insert_rows, new_row, own_fields
    from site_pages.models import CellPage, HandbookPage, MeetingPage, PageText
    from site_pages.models.meetings import documents_lead_time

    lead = documents_lead_time()
    content_type_id = ContentType.objects.get_for_model(MeetingPage).pk
    with transaction.atomic():
        cells = list(
            CellPage.objects.filter(path__startswith=province.path)
            .order_by("path")
            .values("pk", "path", "depth", "numchild", "url_path", "locale_id")
        )
        meetings, meetings_of = [], defaultdict(list)
        if any(cell["numchild"] for cell in cells):
            return None  # the province has its pages already (an earlier run)
        for cell in cells:
            for position, starts_at in enumerate(starts, start=1):
                title = f"Sinh hoạt chi bộ tháng {starts_at.month}/{starts_at.year}"
                slug = f"sinh-hoat-{starts_at:%Y-%m}"
                row = new_row(
                    MeetingPage,
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=Page._get_path(cell["path"], cell["depth"] + 1, position),
                    depth=cell["depth"] + 1,
                    url_path=f"{cell['url_path']}{slug}/",
                    locale_id=cell["locale_id"],
                    content_type_id=content_type_id,
                    owning_unit_id=cell["pk"],
                    first_published_at=starts_at - lead,
                    last_published_at=starts_at - lead,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    place="Nhà văn hóa khu dân cư",
                )
                meetings.append(row)
                meetings_of[cell["pk"]].append(row)
        insert_rows(Page, own_fields(Page), meetings, new_ids=True)
        for row in meetings:
            row["page_ptr_id"] = row["handbookpage_ptr_id"] = row["id"]
        insert_rows(HandbookPage, HandbookPage._meta.local_concrete_fields, meetings)
        insert_rows(MeetingPage, MeetingPage._meta.local_concrete_fields, meetings)
        texts = [
            new_row(PageText, page_id=row["id"], title=f" {normalized(row['title'])} ", body=row["place"])
            for row in meetings
        ]
        insert_rows(PageText, PageText._meta.concrete_fields, texts)
        for batch in chunks([cell["pk"] for cell in cells], 900):
            Page.objects.filter(pk__in=batch).update(numchild=F("numchild") + len(starts))

        members = (
            Role.objects.current()
            .filter(kind=RoleKind.MEMBER, unit_id__in=[cell["pk"] for cell in cells])
            .values_list("person_id", "unit_id")
        )
        fields = own_fields(ReadingRecord)
        records, written = [], 0
        for person_id, cell_id in members.iterator(chunk_size=5000):
            for meeting in meetings_of[cell_id]:
                if rng.random() >= READ_SHARE:
                    continue
                first = meeting["starts_at"] - lead + datetime.timedelta(minutes=rng.randint(30, 2 * 24 * 60))
                last = first + datetime.timedelta(hours=rng.randint(1, 40)) if rng.random() < REREAD_SHARE else first
                records.append(
                    new_row(
                        ReadingRecord,
                        person_id=person_id,
                        page_id=meeting["id"],
                        first_opened_at=first,
                        last_opened_at=last,
                    )
                )
                if len(records) >= WRITE_BATCH:
                    insert_rows(ReadingRecord, fields, records)
                    written += len(records)
                    records = []
        insert_rows(ReadingRecord, fields, records)
    return len(meetings), written + len(records)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="the imported country's database (default: DATABASE_URL's)")
    parser.add_argument("--provinces", type=int, default=63, help="the first N provinces get their year")
    args = parser.parse_args()
    with fresh_django("handbook-activity-", args.database_url):
        from django.utils import timezone

        from site_pages.models import Level, UnitPage

        provinces = list(UnitPage.objects.filter(level=Level.PROVINCE).order_by("code")[: args.provinces])
        if not provinces:
            sys.exit("no provinces: import the country first (bench/country_bench.py)")
        starts = meeting_times(timezone.now())
        started = time.perf_counter()
        meetings = records = 0
        bar = tqdm(provinces, unit="province", disable=not sys.stderr.isatty())
        for province in bar:
            made = province_activity(province, starts, random.Random(f"{SEED}-activity-{province.code}"))
            if made is None:
                print(f"{province.code}: skipped, its cells have pages already", flush=True)
                continue
            meetings, records = meetings + made[0], records + made[1]
            bar.set_postfix(records=f"{records:,}")
            seconds = time.perf_counter() - started
            print(f"{province.code}: {meetings:,} meetings, {records:,} records so far, {seconds:.0f} s", flush=True)
        seconds = time.perf_counter() - started
        print(
            f"{len(provinces)} provinces: {meetings:,} meetings, {records:,} reading records in {seconds:.0f} s "
            f"({records / seconds:,.0f} records a second)"
        )


if __name__ == "__main__":
    main()
