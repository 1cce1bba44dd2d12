"""The bulk unit builder writes what Wagtail's own `add_child` writes, row for row."""

import pytest
from django_tasks_db.models import DBTaskResult

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex
from wagtail.search.models import IndexEntry

from site_pages.models import UNIT_PAGE_CLASSES, HandbookPage, Level, NewsArticlePage, PageText, UnitPage
from site_pages.unit_tree import NewUnit, create_units, unit_slug
from tests.tasks import run_queued

pytestmark = pytest.mark.django_db

FIRST = [
    NewUnit("TW", "Trung ương", Level.CENTRAL, "", True),
    NewUnit("P1", "Tỉnh Một", Level.PROVINCE, "TW", True),
    NewUnit("P2", "Tỉnh Hai", Level.PROVINCE, "TW"),
    NewUnit("W1", "Phường Một", Level.WARD, "P1"),
    # The same title under one parent: the second slug takes its code.
    NewUnit("W2", "Phường Một", Level.WARD, "P1"),
    NewUnit("W3", "Xã Ba", Level.WARD, "P2"),
    NewUnit("C1", "Chi bộ Zeta", Level.CELL, "W1"),
    # Collections sort by name among siblings; pages keep the order they were added in.
    NewUnit("C2", "Chi bộ Alpha", Level.CELL, "W1"),
    NewUnit("C3", "Chi bộ Một", Level.CELL, "W2"),
    NewUnit("C4", "—", Level.CELL, "W3"),
]
# Added later under parents that have children already: a news page, units, collections.
LATER = [
    NewUnit("C5", "Chi bộ Beta", Level.CELL, "W1"),
    NewUnit("C6", "Chi bộ Zeta", Level.CELL, "W1"),
    NewUnit("W4", "Phường Bốn", Level.WARD, "P1", True),
    NewUnit("C7", "Chi bộ Bảy", Level.CELL, "W4"),
]
# Values that differ between any two builds by construction.
UNCOMPARED = {"id", "page_ptr_id", "handbookpage_ptr_id", "unitpage_ptr_id", "translation_key"}


def add_with_wagtail(specs):
    """The same units through Wagtail's own per-page insert (and UnitPage.save's collection)."""
    for spec in specs:
        parent = UnitPage.objects.get(code=spec.parent_code) if spec.parent_code else Page.get_first_root_node()
        taken = set(parent.get_children().values_list("slug", flat=True))
        unit = UNIT_PAGE_CLASSES[spec.level](
            title=spec.title, code=spec.code, is_public=spec.is_public, slug=unit_slug(spec.title, spec.code, taken)
        )
        parent.add_child(instance=unit)
        # As the import did: Wagtail updates the index in a task after commit.
        ReferenceIndex.create_or_update_for_object(unit)


def add_news(code):
    # A child that is not a unit, so that new units go after it.
    UnitPage.objects.get(code=code).add_child(instance=NewsArticlePage(title="Tin", slug="tin"))


def snapshot():
    """Every row the units own, with ids replaced by what identifies them in both builds."""
    code_by_pk = dict(UnitPage.objects.values_list("pk", "code"))
    indexed = dict(
        IndexEntry.objects.filter(object_id__in=[str(pk) for pk in code_by_pk]).values_list("object_id", "title")
    )
    rows = {}
    for unit in UnitPage.objects.order_by("path").specific():
        fields = {
            field.attname: getattr(unit, field.attname)
            for model in (Page, HandbookPage, UnitPage, type(unit))
            for field in model._meta.local_concrete_fields
            if field.attname not in UNCOMPARED
        }
        fields["owning_unit_id"] = code_by_pk[fields["owning_unit_id"]]
        collection = Collection.objects.get(pk=fields.pop("collection_id"))
        fields["collection"] = (collection.name, collection.path, collection.depth, collection.numchild)
        text = PageText.objects.get(page_id=unit.pk)
        fields["text"] = (text.number, text.printed_number, text.title, text.body)
        fields["log"] = list(
            PageLogEntry.objects.filter(page_id=unit.pk).values_list(
                "action", "label", "content_type_id", "content_changed", "user_id", "revision_id", "data", "deleted"
            )
        )
        fields["indexed title"] = indexed.get(str(unit.pk))
        references = ReferenceIndex.objects.filter(object_id=str(unit.pk))
        fields["references"] = sorted(
            (content_type_id, base_id, target_type_id, _target(target_type_id, target_id), path, content, hash_)
            for content_type_id, base_id, target_type_id, target_id, path, content, hash_ in references.values_list(
                "content_type_id",
                "base_content_type_id",
                "to_content_type_id",
                "to_object_id",
                "model_path",
                "content_path",
                "content_path_hash",
            )
        )
        rows[unit.code] = fields
    rows["page tree"] = list(Page.objects.order_by("path").values_list("path", "depth", "numchild", "slug"))
    rows["collections"] = list(Collection.objects.order_by("path").values_list("path", "depth", "numchild", "name"))
    return rows


def _target(content_type_id, object_id):
    """A referenced object by what it is in both builds: a unit's code, a collection's path."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if issubclass(model, Page):
        return UnitPage.objects.get(pk=object_id).code
    if model is Collection:
        return Collection.objects.get(pk=object_id).path
    return object_id


class Rollback(Exception):
    pass


def build_and_snapshot(add_units):
    """Build the tree, take its snapshot, then undo it so that the next build starts alike."""
    try:
        with transaction.atomic():
            add_units(FIRST)
            add_news("W1")
            add_units(LATER)
            result = snapshot(), Page.find_problems(), Collection.find_problems()
            raise Rollback
    except Rollback:
        return result


class TestBulkUnitTree:
    def test_rows_equal_those_of_wagtails_add_child(self):
        expected, _problems, _collection_problems = build_and_snapshot(add_with_wagtail)
        built, page_problems, collection_problems = build_and_snapshot(create_units)
        assert page_problems == ([], [], [], [], [])
        assert collection_problems == ([], [], [], [], [])
        assert built.keys() == expected.keys()
        assert expected["C1"]["references"] and expected["C1"]["log"] and expected["C1"]["indexed title"]
        for key, rows in expected.items():
            assert built[key] == rows, key

    def test_the_tree_is_sound_and_served(self, client):
        units = create_units(FIRST)
        assert Page.find_problems() == ([], [], [], [], [])
        assert Collection.find_problems() == ([], [], [], [], [])
        assert units["W2"].url_path.endswith("/tinh-mot/phuong-mot-w2/")
        assert units["C4"].slug == "c4"
        assert UnitPage.objects.get(code="C1").collection.get_parent().pk == units["W1"].collection_id

    def test_queries_do_not_grow_with_the_number_of_units(self):
        create_units(FIRST[:3])

        def queries_for(count, prefix, province):
            specs = [NewUnit(f"{prefix}{n}", f"Phường {n}", Level.WARD, province) for n in range(count)]
            specs += [NewUnit(f"{prefix}C{n}", f"Chi bộ {n}", Level.CELL, f"{prefix}{n}") for n in range(count)]
            with CaptureQueriesContext(connection) as queries:
                create_units(specs)
            return len(queries)

        assert queries_for(5, "A", "P1") == queries_for(50, "B", "P2")


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_search_index_is_the_workers_task():
    """With production's queue the bulk path leaves the search index to the worker, which fills it."""
    units = create_units(FIRST)
    unit_ids = [str(units[spec.code].pk) for spec in FIRST]
    assert not IndexEntry.objects.filter(object_id__in=unit_ids).exists()
    queued = DBTaskResult.objects.filter(task_path="site_pages.unit_tree.index_units")
    # One task per page type here (a task per batch of BATCH units of a type).
    assert queued.count() == len({spec.level for spec in FIRST})

    run_queued(queued)

    assert set(queued.values_list("status", flat=True)) == {"SUCCESSFUL"}
    indexed = dict(IndexEntry.objects.filter(object_id__in=unit_ids).values_list("object_id", "title"))
    assert indexed.keys() == set(unit_ids)
    assert "alpha" in indexed[str(units["C2"].pk)].lower()
