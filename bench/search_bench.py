"""Search latency at province size: median and 95th percentile, as a member and as a chief editor.

    .venv/bin/python bench/generate_province.py && .venv/bin/python bench/search_bench.py [--pages 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search_bench.py

Imports the generated province (bench/data: 1,102 units, 60,000 members), then adds --pages official
documents spread over the province, its wards and cells, each with one attached file whose text
(--file-chars characters) is indexed like an uploaded PDF's: pages and files are written in bulk
(pages row by row through Wagtail would take hours), then put in Wagtail's search index with the
backend's bulk add, as `update_index` does. Each query of the mix (accented, unaccented, document
numbers) is asked --rounds times through Django's test client, in-process with DEBUG off.

On SQLite the database is a fresh file in a temporary directory. With DATABASE_URL naming a
PostgreSQL server, a database `handbook_search_bench` is created on it for the run and dropped after.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from in_process import bench_database, fresh_django  # bench/ is the script folder, first on sys.path

DATA = Path(__file__).resolve().parent / "data"
BENCH_DATABASE = "handbook_search_bench"
CHUNK = 2000

TOPICS = [
    "bảo vệ nền tảng tư tưởng của Đảng", "xây dựng, chỉnh đốn Đảng", "phát triển kinh tế biển",
    "khai thác hải sản bền vững", "chuyển đổi số trong cơ quan đảng", "cải cách hành chính",
    "phòng chống tham nhũng, tiêu cực", "xây dựng nông thôn mới", "giảm nghèo bền vững",
    "bảo vệ môi trường biển", "phòng chống thiên tai", "quốc phòng, an ninh biển đảo",
    "công tác dân vận", "phát triển văn hóa, con người", "giáo dục và đào tạo",
    "chăm sóc sức khỏe nhân dân", "thu hút đầu tư", "phát triển du lịch cộng đồng",
    "công tác kiểm tra, giám sát", "công tác cán bộ", "nâng cao chất lượng sinh hoạt chi bộ",
    "kết nạp đảng viên mới", "đoàn kết trên biển", "hỗ trợ ngư dân sửa tàu sau bão",
]  # fmt: skip
KINDS = [
    ("Nghị quyết", "NQ", "resolution"), ("Chỉ thị", "CT", "directive"), ("Kết luận", "KL", "conclusion"),
    ("Kế hoạch", "KH", "plan"), ("Hướng dẫn", "HD", "instruction"), ("Quy định", "QĐ", "regulation"),
    ("Thông báo", "TB", "other"),
]  # fmt: skip
FILLER = [
    "Các cấp ủy, tổ chức đảng quán triệt và tổ chức thực hiện nghiêm túc.",
    "Mỗi đảng viên nêu cao tinh thần trách nhiệm, gương mẫu đi đầu.",
    "Chi ủy phân công đảng viên theo dõi, đôn đốc và báo cáo kết quả hằng tháng.",
    "Tăng cường tuyên truyền trong nhân dân, nhất là ngư dân đi biển dài ngày.",
    "Định kỳ sơ kết, rút kinh nghiệm và biểu dương những điển hình tiên tiến.",
    "Ủy ban kiểm tra giám sát việc thực hiện, xử lý nghiêm các vi phạm.",
]
QUERIES = [
    ("accented", "nghị quyết"),
    ("accented", "bảo vệ nền tảng tư tưởng"),
    ("accented", "đoàn kết trên biển"),
    ("unaccented", "nghi quyet"),
    ("unaccented", "khai thac hai san ben vung"),
    ("unaccented", "dang vien guong mau"),
    # Page n has number n+100, its kind KINDS[n % 7], its unit's issuer: 70 is central, 41 the province's.
    ("number", "170-NQ/TW"),
    ("number", "170 nq tw"),
    ("number", "141-TB/TU"),
]
ISSUERS = {"central": "TW", "province": "TU", "ward": "ĐU", "cell": "CB"}


def document_text(rng, topic, chars):
    sentences = [f"Về {topic}."]
    while sum(len(sentence) + 1 for sentence in sentences) < chars:
        sentences.append(rng.choice(FILLER) if rng.random() < 0.7 else f"Tiếp tục {rng.choice(TOPICS)}.")
    return " ".join(sentences)[:chars]


def owners(units, count, rng):
    """Owning units for `count` pages: a tenth at the centre and the province, a fifth in wards, the rest in cells."""
    by_level = {}
    for unit in units:
        by_level.setdefault(unit.level, []).append(unit)
    for number in range(count):
        share = number % 10
        level = "central" if share == 0 else "province" if share == 1 else "ward" if share < 4 else "cell"
        yield rng.choice(by_level[level])


def add_pages(count, file_chars, seed=2026):
    """Official documents with one attached, indexed file each, written in bulk; returns seconds spent."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.documents import get_document_model
    from wagtail.models import Locale, Page
    from wagtail.search.backends import get_search_backend

    from site_pages.models import (
        DocumentText,
        HandbookPage,
        OfficialDocumentAttachment,
        OfficialDocumentPage,
        PageText,
        TextStatus,
        UnitPage,
    )

    rng = random.Random(seed)
    started = time.perf_counter()
    units = list(UnitPage.objects.order_by("path"))
    numchild = {unit.pk: unit.numchild for unit in units}
    content_type = ContentType.objects.get_for_model(OfficialDocumentPage)
    locale = Locale.get_default()
    backend = get_search_backend()
    Document = get_document_model()
    published = datetime(2020, 1, 1, tzinfo=datetime.now().astimezone().tzinfo)
    owner_list = list(owners(units, count, rng))
    for start in range(0, count, CHUNK):
        pages, details = [], []
        for number in range(start, min(start + CHUNK, count)):
            unit = owner_list[number]
            numchild[unit.pk] += 1
            kind_title, abbreviation, kind = KINDS[number % len(KINDS)]
            topic = TOPICS[(number // len(KINDS)) % len(TOPICS)]
            slug = f"van-ban-{number}"
            at = published + timedelta(minutes=number * 7)
            pages.append(
                Page(
                    title=f"{kind_title} về {topic}",
                    draft_title=f"{kind_title} về {topic}",
                    slug=slug,
                    content_type=content_type,
                    live=True,
                    url_path=f"{unit.url_path}{slug}/",
                    path=Page._get_path(unit.path, unit.depth + 1, numchild[unit.pk]),
                    depth=unit.depth + 1,
                    numchild=0,
                    first_published_at=at,
                    last_published_at=at,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
            number_text = f"{number + 100}-{abbreviation}/{ISSUERS[unit.level]}"
            details.append((unit, kind, number_text, topic))
        Page.objects.bulk_create(pages)
        handbook_pages = [HandbookPage(page_ptr_id=page.pk, owning_unit_id=unit.pk, is_public=False)
                          for page, (unit, *_rest) in zip(pages, details, strict=True)]  # fmt: skip
        HandbookPage._base_manager._insert(handbook_pages, fields=HandbookPage._meta.local_concrete_fields, raw=True)
        documents = [
            OfficialDocumentPage(
                handbookpage_ptr_id=page.pk,
                kind=kind,
                number=number_text,
                issuing_body=unit.title,
                issue_date=date(2020, 1, 1) + timedelta(days=index % 2000),
                summary=f"Triển khai thực hiện về {topic} trong toàn đảng bộ.",
                body=[],
            )
            for index, (page, (unit, kind, number_text, topic)) in enumerate(zip(pages, details, strict=True))
        ]
        OfficialDocumentPage._base_manager._insert(
            documents, fields=OfficialDocumentPage._meta.local_concrete_fields, raw=True
        )
        files = [
            Document(title=f"Toàn văn {number_text}", file=f"bench-{page.pk}.pdf", collection_id=unit.collection_id)
            for page, (unit, _kind, number_text, _topic) in zip(pages, details, strict=True)
        ]  # fmt: skip
        Document.objects.bulk_create(files)
        texts = DocumentText.objects.bulk_create(
            [
                DocumentText(
                    document=document,
                    status=TextStatus.INDEXED,
                    source_name=document.file.name,
                    text=document_text(rng, topic, file_chars),
                    extracted_at=published,
                )
                for document, (_unit, _kind, _number, topic) in zip(files, details, strict=True)
            ]
        )
        OfficialDocumentAttachment.objects.bulk_create(
            [
                OfficialDocumentAttachment(page_id=page.pk, document=document, sort_order=0)
                for page, document in zip(pages, files, strict=True)
            ]  # fmt: skip
        )
        loaded = list(OfficialDocumentPage.objects.filter(pk__in=[page.pk for page in pages]))
        PageText.objects.bulk_create([PageText.for_page(page) for page in loaded])
        backend.add_bulk(OfficialDocumentPage, loaded)
        backend.add_bulk(DocumentText, texts)
        print(f"  {start + len(pages):,} pages", end="\r", flush=True)
    UnitPage.objects.bulk_update(
        [UnitPage(pk=pk, numchild=children) for pk, children in numchild.items()], ["numchild"], batch_size=500
    )
    print()
    return time.perf_counter() - started


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(client, rounds):
    """{kind: [(wall ms, cpu ms)]}, each query's result count and the queries per request, over `rounds`.

    The CPU time is this process's: on SQLite all the work of a request, whatever else the machine
    runs at the time (wall time on a shared machine mostly measures the queue for a core); on
    PostgreSQL it leaves out the server's work."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, counts, queries = {}, {}, set()
    for _query_kind, q in QUERIES:
        client.get("/search/", {"q": q})  # warm caches once
    for _round in range(rounds):
        for query_kind, q in QUERIES:
            started, cpu_started = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as context:
                response = client.get("/search/", {"q": q})
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            timings.setdefault(query_kind, []).append((wall * 1000, cpu * 1000))
            if response.status_code != 200:
                raise SystemExit(f"/search/?q={q} answered {response.status_code}")
            counts[q] = response.context["results"].paginator.count
            queries.add(len(context))
    return timings, counts, queries


def report(who, timings, counts, queries):
    every = [value for values in timings.values() for value in values]
    print(f"\n{who}: queries per request {sorted(queries)}")
    print(f"  {'queries':<12} {'requests':>8} {'median ms':>10} {'p95 ms':>8} {'cpu median':>11} {'cpu p95':>8}")
    for query_kind, values in [*timings.items(), ("all", every)]:
        walls, cpus = [wall for wall, _cpu in values], [cpu for _wall, cpu in values]
        wall_median, wall_p95 = statistics.median(walls), percentile(walls, 0.95)
        cpu_median, cpu_p95 = statistics.median(cpus), percentile(cpus, 0.95)
        wall = f"{wall_median:>10.1f} {wall_p95:>8.1f}"
        print(f"  {query_kind:<12} {len(values):>8} {wall} {cpu_median:>11.1f} {cpu_p95:>8.1f}")
    print("  results: " + ", ".join(f"{q!r} {count:,}" for q, count in counts.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--pages", type=int, default=100_000, help="official documents with a file each")
    parser.add_argument("--file-chars", type=int, default=1500, help="characters of text in each file")
    parser.add_argument("--rounds", type=int, default=10, help="times each query is asked by each person")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database for --reuse (SQLite: the new file DATABASE_URL names)",
    )
    parser.add_argument("--reuse", metavar="DATABASE_URL", help="measure again on a database a run has built")
    parser.add_argument("--database-name", default=BENCH_DATABASE, help="the PostgreSQL database to create")
    args = parser.parse_args()
    if not args.reuse and not (args.data / "members.csv").exists():
        sys.exit(f"{args.data / 'members.csv'} is missing: run bench/generate_province.py first")
    if args.reuse:
        database_url, drop = args.reuse, lambda: None
    elif args.keep and os.environ.get("DATABASE_URL", "").startswith("sqlite:///"):
        database_url, drop = os.environ["DATABASE_URL"], lambda: None  # a new SQLite file, kept for --reuse
    else:
        database_url, drop = bench_database(os.environ.get("DATABASE_URL"), args.database_name)
        if args.keep:
            drop = lambda: None  # noqa: E731
    try:
        with fresh_django("handbook-search-bench-", database_url):
            from django.core.management import call_command
            from django.db import connection
            from django.test import Client

            from members.models import Role, RoleKind
            from members.services import create_person, grant_role
            from site_pages.models import DocumentText, HandbookPage, Level, UnitPage

            # Pages link the hashed static files, as in production (STATIC_ROOT is git-ignored).
            call_command("collectstatic", interactive=False, verbosity=0)
            if args.reuse:
                # A database built by an earlier version: its new columns and indexes, filled as on an upgrade.
                started = time.perf_counter()
                call_command("migrate", verbosity=0)
                call_command("fill_search_text", verbosity=0)
                print(f"{connection.vendor}: migrated and filled in {time.perf_counter() - started:.0f} s")
            else:
                call_command("migrate", verbosity=0)
                started = time.perf_counter()
                call_command("import_units", str(args.data / "units.csv"), "--no-progress", verbosity=0)
                call_command("import_members", str(args.data / "members.csv"), "--no-progress", verbosity=0)
                print(f"{connection.vendor}: province imported in {time.perf_counter() - started:.0f} s")
                seconds = add_pages(args.pages, args.file_chars)
                print(f"{args.pages:,} pages with a {args.file_chars}-character file each, indexed in {seconds:.0f} s")
            with connection.cursor() as cursor:  # nosemgrep: handbook-no-raw-sql
                # As after any bulk import: the planners' statistics (site_pages.file_text).
                cursor.execute("ANALYZE")
            if not args.reuse:
                province = UnitPage.objects.get(level=Level.PROVINCE)
                person = create_person(card_number="BENCH-CHIEF", full_name="Trưởng ban", username="bench.chief")
                grant_role(person, province, RoleKind.CHIEF_EDITOR)
            pages, files = HandbookPage.objects.count(), DocumentText.objects.count()
            print(f"{connection.vendor}: {pages:,} pages, {files:,} files")
            chief = Role.objects.get(person__card_number="BENCH-CHIEF").person.user
            member_role = Role.objects.current().filter(kind=RoleKind.MEMBER).select_related("person__user").first()
            for who, user in (("member of a cell", member_role.person.user), ("chief editor of the province", chief)):
                client = Client(HTTP_HOST="127.0.0.1")
                client.force_login(user)
                report(who, *measure(client, args.rounds))
    finally:
        drop()


if __name__ == "__main__":
    main()
