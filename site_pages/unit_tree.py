"""Creating unit pages in bulk: the one way units come into being from code.

`site_pages.tree.save_unit` builds one unit through here, imports build a province or a country
(62,000 units in seconds rather than Wagtail's ~10 ms per `add_child`). The rows written are the
ones `parent.add_child(instance=unit)` writes, checked field by field against it in
tests/site_pages/test_unit_tree.py: treebeard's `path`, `depth` and `numchild`, `url_path`,
`draft_title`, locale, `owning_unit`, the unit's own collection below its parent unit's one, its
searchable text (`PageText`), the `wagtail.create` log entry and the reference index (through two
of `ReferenceIndex`'s private helpers; the test fails if Wagtail changes them). Like `add_child`,
no revision is made and the unit is live without a publication date. The search index, which costs
more than all the rest together, is a task (`index_units`).

Rows are built as plain dicts, never as model objects (a Wagtail page object costs more to build
than its rows cost to write), and written many at a time: PostgreSQL takes them through COPY with
primary keys drawn from the table's sequence beforehand, SQLite through multi-row INSERTs.

Paths are assigned as treebeard does: a page goes after its parent's last child, and a collection
goes among its siblings in name order (`Collection.node_order_by`); Python sorts names by code point,
as SQLite and PostgreSQL's C collation do. A new collection whose parent collection already has
children is placed by treebeard itself, since placing it moves the siblings after it.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django_tasks import task

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.text import slugify

from modelcluster.models import get_all_child_relations
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex
from wagtail.search.backends import get_search_backends

from search.folding import normalized, vietnamese_slug
from site_pages.bulk_rows import insert_rows, new_row, own_fields
from site_pages.models import UNIT_PAGE_CLASSES, HandbookPage, Level, PageText, UnitPage
from site_pages.page_cache import TREE, bump

BATCH = 900


@dataclass(frozen=True)
class NewUnit:
    code: str
    title: str
    level: str
    parent_code: str = ""
    is_public: bool = False


@dataclass
class _Node:
    """What placing a child needs to know of a page or collection, in the database or new."""

    pk: int | None
    path: str
    depth: int
    numchild: int
    url_path: str = ""
    locale_id: int | None = None
    next_position: int = 1
    existing_children: int = 0
    key: str = ""


def unit_slug(title, code, taken):
    """The slug for a unit: its Vietnamese slug, made unique among its siblings with its code."""
    slug = vietnamese_slug(title) or slugify(code)
    if slug in taken:
        slug = f"{slug}-{slugify(code)}"
    return slug


@transaction.atomic
def create_units(new_units):
    """Create `new_units` (a parent is in the database or earlier in the list); returns them by code.

    Placement (level under level) is the caller's check. The units come back as specific pages,
    each built when it is asked for."""
    new_units = list(new_units)
    if not new_units:
        return CreatedUnits({}, {})
    parents, slugs = _parent_pages(new_units)
    content_types = ContentType.objects.get_for_models(*UNIT_PAGE_CLASSES.values())
    rows, classes = {}, {}
    for spec in new_units:
        parent = parents[spec.parent_code]
        slug = unit_slug(spec.title, spec.code, slugs[spec.parent_code])
        slugs[spec.parent_code].add(slug)
        slugs[spec.code] = set()
        page_class = UNIT_PAGE_CLASSES[Level(spec.level)]
        depth = parent.depth + 1
        row = new_row(
            page_class,
            title=spec.title,
            draft_title=spec.title,
            code=spec.code,
            level=page_class.unit_level,
            slug=slug,
            is_public=spec.is_public,
            depth=depth,
            path=Page._get_path(parent.path, depth, parent.next_position),
            url_path=f"{parent.url_path}{slug}/",
            locale_id=parent.locale_id,
            content_type_id=content_types[page_class].pk,
        )
        parent.next_position += 1
        parent.numchild += 1
        parents[spec.code] = _Node(None, row["path"], depth, 0, row["url_path"], row["locale_id"])
        rows[spec.code] = row
        classes[spec.code] = page_class
    for code, row in rows.items():
        row["numchild"] = parents[code].numchild
    _create_collections(new_units, rows)
    _insert_pages(rows, classes)
    _count_new_children(Page, [node for code, node in parents.items() if node.pk and code not in rows])
    _write_page_extras(rows, classes)
    _index_later(rows, classes)
    bump(TREE)  # bulk inserts send no page signals: every cached route, chain and list is read again
    return CreatedUnits(rows, classes)


class CreatedUnits(Mapping):
    """The new units by code, each built as a specific page on first access: an import of a country
    never builds its 62,000 page objects."""

    def __init__(self, rows, classes):
        self._rows = rows
        self._classes = classes
        self._pages = {}

    def __getitem__(self, code):
        if code not in self._pages:
            self._pages[code] = _page(self._classes[code], self._rows[code])
        return self._pages[code]

    def __iter__(self):
        return iter(self._rows)

    def __len__(self):
        return len(self._rows)

    def level(self, code):
        return self._rows[code]["level"]


def _page(page_class, row):
    """The saved page `row` holds, built from positional values (Django's fast path)."""
    page = page_class(*[row[field.attname] for field in page_class._meta.concrete_fields])
    page._state.adding = False
    return page


def _parent_pages(new_units):
    """The parents already in the database, by code; '' is the root of the page tree."""
    new_codes = {spec.code for spec in new_units}
    codes = {spec.parent_code for spec in new_units if spec.parent_code and spec.parent_code not in new_codes}
    fields = ("pk", "path", "depth", "numchild", "url_path", "locale_id")
    rows = {}
    for batch in _chunks(codes):
        rows.update((row[0], row[1:]) for row in UnitPage.objects.filter(code__in=batch).values_list("code", *fields))
    if any(not spec.parent_code for spec in new_units):
        root = Page.get_first_root_node()
        rows[""] = tuple(getattr(root, name) for name in fields)
    parents = {code: _Node(*values, existing_children=values[3], key=code) for code, values in rows.items()}
    slugs = defaultdict(set)
    _place_after_last_child(Page, parents.values(), slugs)
    return parents, slugs


def _place_after_last_child(model, nodes, slugs=None):
    """Start each node's next position after its last child, as treebeard's `add_child` does, and
    gather the slugs its children hold (pages only)."""
    by_path = {}
    for node in nodes:
        node.next_position = 1
        if node.numchild:
            by_path[node.path] = node
    fields = ("path", "slug") if slugs is not None else ("path",)
    for parent_path, path, *slug in _children(model, by_path, fields):
        parent = by_path[parent_path]
        parent.next_position = max(parent.next_position, model._str2int(path[-model.steplen :]) + 1)
        if slugs is not None:
            slugs[parent.key].add(slug[0])


def _children(model, parent_paths, fields):
    """(parent path, *fields) for every child of the nodes at `parent_paths`, a query per depth."""
    by_length = defaultdict(list)
    for path in parent_paths:
        by_length[len(path)].append(path)
    for length, paths in by_length.items():
        for batch in _chunks(paths):
            yield from (
                model.objects.filter(depth=length // model.steplen + 1)
                .annotate(parent_path=Substr("path", 1, length))
                .filter(parent_path__in=batch)
                .values_list("parent_path", *fields)
            )


def _create_collections(new_units, rows):
    """Each new unit's collection, below its parent unit's collection (the root one for the top)."""
    root = Collection.get_first_root_node()
    collection_of = {}
    for codes in _chunks({spec.parent_code for spec in new_units if spec.parent_code not in rows}):
        collection_of.update(UnitPage.objects.filter(code__in=codes).values_list("code", "collection_id"))

    def parent_key(spec):
        if spec.parent_code in rows:
            return ("new", spec.parent_code)
        return ("db", collection_of.get(spec.parent_code) or root.pk)

    children = defaultdict(list)
    for spec in new_units:
        children[parent_key(spec)].append(spec)
    known = {}
    db_ids = [pk for kind, pk in children if kind == "db"]
    for pk, *values in Collection.objects.filter(pk__in=db_ids).values_list("pk", "path", "depth", "numchild"):
        known[("db", pk)] = _Node(pk, *values, existing_children=values[2])
    _place_after_last_child(Collection, known.values())
    nodes = {}
    placed_by_treebeard = []

    def place_children(key, parent):
        siblings = children.pop(key, [])
        if parent.pk and parent.existing_children:
            made = _add_with_treebeard(parent, siblings, rows)
            nodes.update(made)
            placed_by_treebeard.extend(made.values())
            return
        for spec in sorted(siblings, key=lambda spec: _collection_name(rows[spec.code])):
            depth = parent.depth + 1
            nodes[spec.code] = _Node(None, Collection._get_path(parent.path, depth, parent.next_position), depth, 0)
            parent.next_position += 1
            parent.numchild += 1

    for key, parent in known.items():
        place_children(key, parent)
    # `new_units` lists a parent before its children, so its collection is placed first.
    for spec in new_units:
        place_children(("new", spec.code), nodes[spec.code])
    fresh = [(code, node) for code, node in nodes.items() if node.pk is None]
    collection_rows = [
        new_row(Collection, name=_collection_name(rows[code]), path=node.path, depth=node.depth, numchild=node.numchild)
        for code, node in fresh
    ]
    insert_rows(Collection, own_fields(Collection), collection_rows, new_ids=True)
    for (_code, node), row in zip(fresh, collection_rows, strict=True):
        node.pk = row["id"]
    for code, node in nodes.items():
        rows[code]["collection_id"] = node.pk
    _count_new_children(Collection, [*known.values(), *placed_by_treebeard])


def _add_with_treebeard(parent, siblings, rows):
    """Collections placed among existing siblings by treebeard, which moves those after them."""
    parent_collection = Collection.objects.get(pk=parent.pk)
    made = [
        parent_collection.add_child(instance=Collection(name=_collection_name(rows[spec.code]))) for spec in siblings
    ]
    parent.existing_children += len(made)
    parent.numchild += len(made)
    # Read the final paths once all are in: a later sorted insert may have moved an earlier one.
    paths = dict(Collection.objects.filter(pk__in=[collection.pk for collection in made]).values_list("pk", "path"))
    return {
        spec.code: _Node(collection.pk, paths[collection.pk], parent.depth + 1, 0)
        for spec, collection in zip(siblings, made, strict=True)
    }


def _collection_name(row):
    return f"{row['title']} ({row['code']})"


def _count_new_children(model, nodes):
    """Add the children given to rows already in the database to their `numchild`."""
    for node in nodes:
        added = node.numchild - node.existing_children
        if node.pk and added:
            model.objects.filter(pk=node.pk).update(numchild=F("numchild") + added)


def _insert_pages(rows, classes):
    """Insert the pages table by table: Django's bulk_create refuses multi-table models."""
    page_rows = list(rows.values())
    insert_rows(Page, own_fields(Page), page_rows, new_ids=True)
    for row in page_rows:
        row["page_ptr_id"] = row["handbookpage_ptr_id"] = row["unitpage_ptr_id"] = row["owning_unit_id"] = row["id"]
    insert_rows(HandbookPage, HandbookPage._meta.local_concrete_fields, page_rows)
    insert_rows(UnitPage, UnitPage._meta.local_concrete_fields, page_rows)
    by_class = defaultdict(list)
    for code, row in rows.items():
        by_class[classes[code]].append(row)
    for page_class, class_rows in by_class.items():
        insert_rows(page_class, page_class._meta.local_concrete_fields, class_rows)


def _write_page_extras(rows, classes):
    """What saving a page adds beside its rows: searchable text, the creation log, references."""
    # A unit's words are its title (HandbookPage.text_to_fold), as PageText.for_page would store them.
    texts = [
        new_row(PageText, page_id=row["id"], title=f" {normalized(row['title'])} ", words=normalized(row["title"]))
        for row in rows.values()
    ]
    insert_rows(PageText, PageText._meta.concrete_fields, texts)
    now = timezone.now()
    log_entries = [
        new_row(
            PageLogEntry,
            page_id=row["id"],
            content_type_id=row["content_type_id"],
            label=row["title"],  # str() of a unit page
            action="wagtail.create",
            timestamp=now,
            content_changed=True,
        )
        for row in rows.values()
    ]
    insert_rows(PageLogEntry, own_fields(PageLogEntry), log_entries)
    _index_references(rows, classes)


def _index_references(rows, classes):
    """The rows `ReferenceIndex.create_or_update_for_object` writes for a new page, in bulk.

    Wagtail extracts the references of the first page of each type; the others, made alike, differ
    only in the values of the same fields."""
    base_content_type_id = ContentType.objects.get_for_model(Page).pk
    templates = {}
    references = []
    for code, row in rows.items():
        page_class = classes[code]
        if page_class not in templates:
            page = _page(page_class, row)
            # A new page has no child objects (comments...): said in memory, modelcluster need not ask.
            for relation in get_all_child_relations(page):
                setattr(page, relation.get_accessor_name(), [])
            templates[page_class] = [
                (
                    to_content_type_id,
                    page_class._meta.get_field(model_path).attname,
                    model_path,
                    content_path,
                    ReferenceIndex._get_content_path_hash(content_path),
                )
                for to_content_type_id, _id, model_path, content_path in set(
                    ReferenceIndex._extract_references_from_object(page)
                )
            ]
        references += [
            new_row(
                ReferenceIndex,
                content_type_id=row["content_type_id"],
                base_content_type_id=base_content_type_id,
                object_id=str(row["id"]),
                to_content_type_id=to_content_type_id,
                to_object_id=str(row[attname]),
                model_path=model_path,
                content_path=content_path,
                content_path_hash=content_path_hash,
            )
            for to_content_type_id, attname, model_path, content_path, content_path_hash in templates[page_class]
        ]
    insert_rows(ReferenceIndex, own_fields(ReferenceIndex), references)


def _index_later(rows, classes):
    """Queue the new units' search indexing, a task per batch of each page type.

    Enqueued at once rather than after commit: the database queue of production writes the task in
    this same transaction, so it exists exactly when the units do, and the immediate backend (local
    runs, tests) indexes them here, as Wagtail's own save would."""
    by_class = defaultdict(list)
    for code, row in rows.items():
        by_class[classes[code]].append(row["id"])
    for page_class, ids in by_class.items():
        for batch in _chunks(ids):
            index_units.enqueue(page_class._meta.label, batch)


@task()
def index_units(model_label, page_ids):
    """Add the pages `page_ids` of the model `model_label` to every auto-updated search backend."""
    model = apps.get_model(model_label)
    pages = list(model.get_indexed_objects().filter(pk__in=page_ids))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
