"""Creating unit pages in bulk: the one way units come into being from code.

`site_pages.tree.save_unit` builds one unit through here, imports build a province or a country
(52,000 units in seconds rather than Wagtail's ~10 ms per `add_child`). The rows written are the
ones `parent.add_child(instance=unit)` writes, checked field by field against it in
tests/site_pages/test_unit_tree.py: treebeard's `path`, `depth` and `numchild`, `url_path`,
`draft_title`, locale, `owning_unit`, the unit's own collection below its parent unit's one, its
searchable text (`PageText`), the `wagtail.create` log entry, the search index and the reference
index (through two of `ReferenceIndex`'s private helpers; the test fails if Wagtail changes them). Like `add_child`,
no revision is made and the unit is live without a publication date.

Paths are assigned as treebeard does: a page goes after its parent's last child, and a collection
goes among its siblings in name order (`Collection.node_order_by`); Python sorts names by code point,
as SQLite and PostgreSQL's C collation do. A new collection whose parent collection already has
children is placed by treebeard itself, since placing it moves the siblings after it.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass

import psycopg

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.text import slugify

from modelcluster.models import get_all_child_relations
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex
from wagtail.search.backends import get_search_backends

from search.folding import vietnamese_slug
from site_pages.models import UNIT_PAGE_CLASSES, HandbookPage, Level, PageText, UnitPage
from site_pages.page_cache import TREE, bump

BATCH = 900
PLAIN_TYPES = frozenset({str, int, bool, float})


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

    Placement (level under level) is the caller's check. The units come back as specific pages."""
    new_units = list(new_units)
    if not new_units:
        return {}
    parents, slugs = _parent_pages(new_units)
    content_types = ContentType.objects.get_for_models(*UNIT_PAGE_CLASSES.values())
    units = {}
    for spec in new_units:
        parent = parents[spec.parent_code]
        slug = unit_slug(spec.title, spec.code, slugs[spec.parent_code])
        slugs[spec.parent_code].add(slug)
        slugs[spec.code] = set()
        page_class = UNIT_PAGE_CLASSES[Level(spec.level)]
        depth = parent.depth + 1
        page = new_page(
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
        parents[spec.code] = _Node(None, page.path, page.depth, 0, page.url_path, page.locale_id)
        units[spec.code] = page
    for code, page in units.items():
        page.numchild = parents[code].numchild
    _create_collections(new_units, units)
    _insert_pages(list(units.values()))
    _count_new_children(Page, [node for code, node in parents.items() if node.pk and code not in units])
    _write_page_extras(list(units.values()))
    bump(TREE)  # bulk inserts send no page signals: every cached route, chain and list is read again
    return units


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


def _create_collections(new_units, units):
    """Each new unit's collection, below its parent unit's collection (the root one for the top)."""
    root = Collection.get_first_root_node()
    collection_of = {}
    for codes in _chunks({spec.parent_code for spec in new_units if spec.parent_code not in units}):
        collection_of.update(UnitPage.objects.filter(code__in=codes).values_list("code", "collection_id"))

    def parent_key(spec):
        if spec.parent_code in units:
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
            made = _add_with_treebeard(parent, siblings, units)
            nodes.update(made)
            placed_by_treebeard.extend(made.values())
            return
        for spec in sorted(siblings, key=lambda spec: _collection_name(units[spec.code])):
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
    created = Collection.objects.bulk_create(
        [
            Collection(name=_collection_name(units[code]), path=node.path, depth=node.depth, numchild=node.numchild)
            for code, node in fresh
        ],
        batch_size=BATCH,
    )
    for (_code, node), collection in zip(fresh, created, strict=True):
        node.pk = collection.pk
    for code, node in nodes.items():
        units[code].collection_id = node.pk
    _count_new_children(Collection, [*known.values(), *placed_by_treebeard])


def _add_with_treebeard(parent, siblings, units):
    """Collections placed among existing siblings by treebeard, which moves those after them."""
    parent_collection = Collection.objects.get(pk=parent.pk)
    made = [
        parent_collection.add_child(instance=Collection(name=_collection_name(units[spec.code]))) for spec in siblings
    ]
    parent.existing_children += len(made)
    parent.numchild += len(made)
    # Read the final paths once all are in: a later sorted insert may have moved an earlier one.
    paths = dict(Collection.objects.filter(pk__in=[collection.pk for collection in made]).values_list("pk", "path"))
    return {
        spec.code: _Node(collection.pk, paths[collection.pk], parent.depth + 1, 0)
        for spec, collection in zip(siblings, made, strict=True)
    }


def _collection_name(unit):
    return f"{unit.title} ({unit.code})"


def _count_new_children(model, nodes):
    """Add the children given to rows already in the database to their `numchild`."""
    for node in nodes:
        added = node.numchild - node.existing_children
        if node.pk and added:
            model.objects.filter(pk=node.pk).update(numchild=F("numchild") + added)


def new_page(page_class, **values):
    """An unsaved page of `page_class` with `values`, the other fields at their defaults.

    Built from positional values, Django's fast path: keyword construction of a Wagtail page costs
    more than all the rest of a bulk insert."""
    row = []
    for attname, default, is_callable in _defaults(page_class):
        if attname in values:
            row.append(values[attname])
        else:
            row.append(default() if is_callable else default)
    return page_class(*row)


@functools.cache
def _defaults(page_class):
    """(attname, default, whether to call it) for each column of `page_class`, as get_default gives."""
    defaults = []
    for field in page_class._meta.concrete_fields:
        if field.has_default() and callable(field.default):
            defaults.append((field.attname, field.default, True))
        else:
            defaults.append((field.attname, field.get_default(), False))
    return defaults


def _insert_pages(units):
    """Insert the pages table by table: Django's bulk_create refuses multi-table models."""
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    ids = _insert_rows(Page, page_fields, units, returning=True)
    for unit, pk in zip(units, ids, strict=True):
        unit.pk = unit.id = unit.page_ptr_id = unit.handbookpage_ptr_id = unit.unitpage_ptr_id = pk
        unit.owning_unit_id = pk
        unit._state.adding = False
    by_class = defaultdict(list)
    for unit in units:
        by_class[type(unit)].append(unit)
    _insert_rows(HandbookPage, HandbookPage._meta.local_concrete_fields, units)
    _insert_rows(UnitPage, UnitPage._meta.local_concrete_fields, units)
    for page_class, members in by_class.items():
        _insert_rows(page_class, page_class._meta.local_concrete_fields, members)


def _insert_rows(model, fields, objects, *, returning=False):
    """INSERT the `fields` of `objects` into `model`'s table; with `returning`, the new primary
    keys in the order of `objects` (as Django's bulk_create relies on)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    row = f"({', '.join(['%s'] * len(fields))})"
    suffix = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    # Names from the model's own metadata, quoted; values are parameters.
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    if connection.vendor == "postgresql":
        return _insert_rows_postgresql(insert + row + suffix, fields, objects, returning)
    ids = []
    # Raw, because Django's bulk_create refuses multi-table inheritance (every page type here).
    with connection.cursor() as cursor:  # nosemgrep: handbook-no-raw-sql
        # Many rows a statement (SQLite parses them in C), within its 32,766 parameters.
        for batch in _chunks(objects, max(1, 30_000 // len(fields))):
            cursor.execute(insert + ", ".join([row] * len(batch)) + suffix, _batch_values(batch, fields))
            if returning:
                ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def _insert_rows_postgresql(sql, fields, objects, returning):
    """One statement, many rows through psycopg's pipelined executemany: psycopg re-parses a long
    statement on every call, and Django's own cursor binds parameters in Python (ClientCursor).
    A plain psycopg cursor on the same connection and transaction avoids both."""
    connection.ensure_connection()
    ids = []
    with psycopg.Cursor(connection.connection) as cursor:
        for batch in _chunks(objects, 5000):
            cursor.executemany(sql, [_db_values(obj, fields) for obj in batch], returning=returning)
            while returning:
                ids.append(cursor.fetchone()[0])
                if not cursor.nextset():
                    break
    return ids


def _batch_values(batch, fields):
    return [value for obj in batch for value in _db_values(obj, fields)]


def _db_values(obj, fields):
    values = []
    for field in fields:
        value = getattr(obj, field.attname)
        # Text, numbers and None go to the database as they are; dates, UUIDs, JSON are adapted.
        plain = value is None or type(value) in PLAIN_TYPES
        values.append(value if plain else field.get_db_prep_save(value, connection))
    return values


def _write_page_extras(units):
    """What saving a page adds beside its rows: searchable text, the creation log, the search index."""
    texts = [PageText.for_page(unit) for unit in units]
    _insert_rows(PageText, PageText._meta.concrete_fields, texts)
    now = timezone.now()
    log_fields = [field for field in PageLogEntry._meta.concrete_fields if not field.primary_key]
    log_entries = [
        PageLogEntry(
            page_id=unit.pk,
            content_type_id=unit.content_type_id,
            label=str(unit),
            action="wagtail.create",
            timestamp=now,
            data={},
            content_changed=True,
        )
        for unit in units
    ]
    _insert_rows(PageLogEntry, log_fields, log_entries)
    _index_references(units)
    by_class = defaultdict(list)
    for unit in units:
        by_class[type(unit)].append(unit)
    # The pages in memory are what Wagtail would load again to index them (units relate to nothing
    # that their search fields read).
    for page_class, members in by_class.items():
        for batch in _chunks(members):
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(page_class, batch)


def _index_references(units):
    """The rows `ReferenceIndex.create_or_update_for_object` writes for a new page, in bulk.

    Wagtail extracts the references of the first page of each type; the others, made alike, differ
    only in the values of the same fields."""
    base_content_type_id = ContentType.objects.get_for_model(Page).pk
    templates = {}
    rows = []
    for unit in units:
        page_class = type(unit)
        if page_class not in templates:
            # A new page has no child objects (comments...): said in memory, modelcluster need not ask.
            for relation in get_all_child_relations(unit):
                setattr(unit, relation.get_accessor_name(), [])
            templates[page_class] = [
                (
                    to_content_type_id,
                    page_class._meta.get_field(model_path).attname,
                    model_path,
                    content_path,
                    ReferenceIndex._get_content_path_hash(content_path),
                )
                for to_content_type_id, _id, model_path, content_path in set(
                    ReferenceIndex._extract_references_from_object(unit)
                )
            ]
        rows += [
            ReferenceIndex(
                content_type_id=unit.content_type_id,
                base_content_type_id=base_content_type_id,
                object_id=str(unit.pk),
                to_content_type_id=to_content_type_id,
                to_object_id=str(getattr(unit, attname)),
                model_path=model_path,
                content_path=content_path,
                content_path_hash=content_path_hash,
            )
            for to_content_type_id, attname, model_path, content_path, content_path_hash in templates[page_class]
        ]
    fields = [field for field in ReferenceIndex._meta.concrete_fields if not field.primary_key]
    _insert_rows(ReferenceIndex, fields, rows)


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
