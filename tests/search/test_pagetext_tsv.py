"""PostgreSQL's narrow full-text table (site_pages migration 0006) stays in step with `PageText` on
every write path: the ORM, bulk inserts (COPY), `fill_search_text`, deletion and truncation; and the
migration goes back and forward."""

import pytest

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.fulltext import pages_matching
from site_pages.bulk_rows import insert_rows, new_row
from site_pages.demo_files import make_pdf
from site_pages.models import PageText, PageTextVector
from tests.factories import make_person
from tests.search.helpers import official_document, results, store_file

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the narrow table and its triggers exist on PostgreSQL only; SQLite's FTS5 table is kept by "
        "triggers of migration 0005, which the other search tests go through",
    ),
]

BEFORE, AFTER = "0005_pagetext_full_text_index", "0006_pagetext_tsv"


def out_of_step():
    """Page ids whose narrow-table row is missing, left over, or holds other vectors than its `PageText` row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(t.page_id, v.page_id) FROM site_pages_pagetext t "
            "FULL JOIN site_pages_pagetext_tsv v ON v.page_id = t.page_id "
            "WHERE (v.title, v.words, v.study_words) IS DISTINCT FROM (strip(to_tsvector('simple', t.title)), "
            "strip(to_tsvector('simple', t.words)), strip(to_tsvector('simple', t.study_words)))"
        )
        return [page_id for (page_id,) in cursor.fetchall()]


def check_constraints_now():
    """The test's transaction holds the page rows' deferred foreign-key checks, which PostgreSQL must run
    before it truncates or indexes a table (a migration or a flush has its own transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def found(column, *words):
    return set(pages_matching(column, words).values_list("page_id", flat=True))


@pytest.fixture
def resolution(units, django_capture_on_commit_callbacks):
    content = make_pdf("Kế hoạch", ["Kế hoạch khai thác hải sản bền vững."])
    document = store_file(units["C1"], "ke-hoach.pdf", content, django_capture_on_commit_callbacks)
    return official_document(units["TW"], "Nghị quyết về biển", number="36-NQ/TW", files=[document])


class TestInStep:
    def test_a_saved_page_is_found_by_its_title_and_its_files_words(self, resolution):
        assert PageTextVector.objects.filter(page_id=resolution.pk).exists()
        assert resolution.pk in found("title", "nghi", "quyet") & found("words", "hai", "san")
        assert out_of_step() == []

    def test_a_new_title_replaces_the_old_words(self, resolution):
        resolution.title = "Chỉ thị về rừng"
        resolution.save()
        assert resolution.pk in found("title", "chi", "thi")
        assert resolution.pk not in found("title", "nghi", "quyet")
        assert out_of_step() == []

    def test_a_deleted_page_leaves_no_row(self, resolution):
        resolution.delete()
        assert not PageTextVector.objects.filter(page_id=resolution.pk).exists()
        assert out_of_step() == []

    def test_bulk_inserts_through_copy_and_bulk_create(self, units, resolution):
        PageText.objects.filter(page=resolution).delete()
        row = new_row(PageText, page_id=resolution.pk, title=" nghi quyet ve bien ", words="nghi quyet ve bien copy")
        insert_rows(PageText, PageText._meta.concrete_fields, [row])  # COPY on PostgreSQL
        assert resolution.pk in found("words", "copy")
        PageText.objects.filter(page=resolution).delete()
        PageText.objects.bulk_create([PageText(page_id=resolution.pk, title=" nghi ", words="bulk create")])
        assert resolution.pk in found("words", "bulk", "create")
        assert out_of_step() == []

    def test_fill_search_text_completes_the_rows_it_writes_again(self, client, units, resolution):
        PageText.objects.update(words="", study_words="")  # as migration 0005 left the rows it found
        assert found("words", "hai", "san") == set()
        call_command("fill_search_text")
        assert resolution.pk in found("words", "hai", "san")
        assert out_of_step() == []
        client.force_login(make_person(units["C1"]).user)
        assert results(client, "khai thac hai san")[0] == ["Nghị quyết về biển"]

    def test_truncation_empties_it(self, resolution):
        check_constraints_now()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE site_pages_pagetext")  # as Django's flush does between transactional tests
        assert not PageTextVector.objects.exists()


def test_the_migration_goes_back_and_forward(client, units, resolution):
    check_constraints_now()
    executor = MigrationExecutor(connection)
    executor.migrate([("site_pages", BEFORE)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('site_pages_pagetext_tsv'), to_regclass('site_pages_pagetext_words_gin')")
        assert cursor.fetchone() == (None, "site_pages_pagetext_words_gin")
    executor.loader.build_graph()
    executor.migrate([("site_pages", AFTER)])
    assert out_of_step() == []  # the rows already stored, filled
    assert resolution.pk in found("words", "hai", "san")
    client.force_login(make_person(units["C1"]).user)
    assert results(client, "nghi quyet bien")[0] == ["Nghị quyết về biển"]
