"""`import_units`: the organisation tree from a file of `code,name,level,parent_code`.

New units are created in bulk (`site_pages.unit_tree`, the one path that builds units), renamed
ones are saved one by one. Existing units with an unchanged name are skipped without a query,
so a re-import is cheap.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from members.imports.reading import RowError, Table, chunks, progress
from site_pages.models import UNIT_PAGE_CLASSES, Level, UnitPage
from site_pages.tree import build_units, check_placement, update_unit
from site_pages.unit_tree import NewUnit

UNIT_COLUMNS = ("code", "name", "level", "parent_code")
CODE_MAX_LENGTH = UnitPage._meta.get_field("code").max_length
NAME_MAX_LENGTH = UnitPage._meta.get_field("title").max_length


@dataclass(frozen=True)
class ExistingUnit:
    level: str
    title: str
    parent_code: str


@dataclass(frozen=True)
class UnitRow:
    line: int
    code: str
    name: str
    level: str
    parent_code: str


class UnitImport:
    def __init__(self, path, *, show_progress=True):
        self.table = Table(path, required=UNIT_COLUMNS)
        self.show_progress = show_progress
        self.rows = []

    def check(self):
        records = list(progress(self.table, enabled=self.show_progress, description=_("Checking")))
        existing = _existing_units({record["code"] for _line, record in records} | _parent_codes(records))
        central_codes = set(UnitPage.objects.filter(level=Level.CENTRAL).values_list("code", flat=True))
        errors = []
        levels = {code: unit.level for code, unit in existing.items()}
        first_line = {}
        for line, record in records:
            row = UnitRow(line, record["code"], record["name"], record["level"], record["parent_code"])
            problems = self._problems(row, existing, levels, first_line, central_codes)
            errors += [RowError(line, problem) for problem in problems]
            if row.code and row.level in Level.values:
                levels.setdefault(row.code, row.level)
                if row.level == Level.CENTRAL:
                    central_codes.add(row.code)
            first_line.setdefault(row.code, line)
            if not problems:
                self.rows.append(row)
        return errors

    def _problems(self, row, existing, levels, first_line, central_codes):
        problems = []
        if not row.code:
            problems.append(_("missing code"))
        elif len(row.code) > CODE_MAX_LENGTH:
            problems.append(_("code longer than %(max)d characters") % {"max": CODE_MAX_LENGTH})
        elif row.code in first_line:
            problems.append(_("duplicate code %(code)s (first on line %(line)d)") % _at(row.code, first_line))
        if not row.name:
            problems.append(_("missing name"))
        elif len(row.name) > NAME_MAX_LENGTH:
            problems.append(_("name longer than %(max)d characters") % {"max": NAME_MAX_LENGTH})
        if row.level not in Level.values:
            problems.append(
                _("unknown level %(level)r (one of %(levels)s)")
                % {"level": row.level, "levels": ", ".join(Level.values)}
            )
            return problems
        if row.parent_code and row.parent_code not in levels:
            problems.append(
                _("unknown parent code %(code)s (a parent must exist or come earlier in the file)")
                % {"code": row.parent_code}
            )
        else:
            reason = check_placement(row.level, levels.get(row.parent_code))
            if reason:
                problems.append(reason)
        if row.level == Level.CENTRAL and central_codes - {row.code}:
            problems.append(
                _("there is already a central unit (%(code)s)") % {"code": ", ".join(sorted(central_codes))}
            )
        current = existing.get(row.code)
        if current and current.level != row.level:
            problems.append(
                _("unit %(code)s already exists as a %(level)s unit")
                % {"code": row.code, "level": Level(current.level).label}
            )
        elif current and current.parent_code != row.parent_code:
            problems.append(
                _("unit %(code)s already exists under %(parent)s; move units in the Wagtail admin")
                % {"code": row.code, "parent": current.parent_code or "-"}
            )
        return problems

    @transaction.atomic
    def write(self):
        existing = _existing_units(row.code for row in self.rows)
        new_rows = [row for row in self.rows if row.code not in existing]
        renamed = [row for row in self.rows if row.code in existing and existing[row.code].title != row.name]
        # In one bulk call, so that a country's 52,000 units take seconds: split into batches, a
        # collection that already has children would be placed by treebeard one by one.
        build_units(NewUnit(row.code, row.name, row.level, row.parent_code) for row in new_rows)
        # Wagtail's per-save reference-index task reloads each page; indexing the renamed
        # units once at the end does the same work for less (Wagtail documents this switch).
        renamed_units = []
        with search_indexing_deferred(UNIT_PAGE_CLASSES.values()), disable_reference_index_auto_update():
            for codes in chunks([row.code for row in renamed]):
                names = {row.code: row.name for row in renamed if row.code in codes}
                for unit in UnitPage.objects.filter(code__in=codes).specific():
                    renamed_units.append(update_unit(unit, title=names[unit.code]))
        for unit in renamed_units:
            ReferenceIndex.create_or_update_for_object(unit)
        return _("Units: %(created)d created, %(updated)d renamed, %(unchanged)d unchanged.") % {
            "created": len(new_rows),
            "updated": len(renamed),
            "unchanged": len(self.rows) - len(new_rows) - len(renamed),
        }


@contextmanager
def search_indexing_deferred(models):
    """Index the pages of `models` saved inside the block in one bulk call per model at its end.

    Wagtail indexes each saved page at once; on the database search backend every addition
    rescans the whole index (title norms), so a province's thousand units would cost a
    quadratic time. `add_bulk` does that scan once per model."""
    saved = defaultdict(set)

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    paused = [model for model in models if post_save.disconnect(post_save_signal_handler, sender=model)]
    for model in paused:
        post_save.connect(remember, sender=model, weak=False)
    try:
        yield
    finally:
        for model in paused:
            post_save.disconnect(remember, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
    for model, pks in saved.items():
        for batch in chunks(pks):
            instances = list(model.get_indexed_objects().filter(pk__in=batch))
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, instances)


def _at(code, first_line):
    return {"code": code, "line": first_line[code]}


def _parent_codes(records):
    return {record["parent_code"] for _line, record in records if record["parent_code"]}


def _existing_units(codes):
    """The units among `codes` already in the database, with their parent's code, in a few queries."""
    found = {}
    for batch in chunks(set(codes)):
        found.update(
            (code, (level, title, path))
            for code, level, title, path in UnitPage.objects.filter(code__in=batch).values_list(
                "code", "level", "title", "path"
            )
        )
    parent_paths = {path[: -UnitPage.steplen] for _level, _title, path in found.values()}
    parent_code_by_path = {}
    for batch in chunks(parent_paths):
        parent_code_by_path.update(UnitPage.objects.filter(path__in=batch).values_list("path", "code"))
    return {
        code: ExistingUnit(level, title, parent_code_by_path.get(path[: -UnitPage.steplen], ""))
        for code, (level, title, path) in found.items()
    }
