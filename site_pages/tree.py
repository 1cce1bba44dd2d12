"""Building the organisation tree from code: imports, demo data and tests share this."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, Site

from site_pages.models import Level, QuestionIndexPage, UnitPage
from site_pages.unit_tree import NewUnit, create_units

LEVEL_PARENT = {Level.PROVINCE: Level.CENTRAL, Level.WARD: Level.PROVINCE, Level.CELL: Level.WARD}
# One whole sentence per level so that translators never see a level code inside a sentence.
# The title of every unit's Q&A index (Vietnamese is the handbook's language of content).
QUESTION_INDEX_TITLE = "Hỏi đáp"
# The Site's name, which the admin's dashboard shows (Wagtail falls back to the host name).
SITE_NAME = "Sổ tay đảng viên"
MISPLACED = {
    Level.PROVINCE: _("a province unit must be placed under a central unit"),
    Level.WARD: _("a ward unit must be placed under a province unit"),
    Level.CELL: _("a cell unit must be placed under a ward unit"),
}


class UnitPlacementError(ValueError):
    pass


def check_placement(level, parent_level):
    """The reason a unit of `level` cannot sit under `parent_level`, or None."""
    if level == Level.CENTRAL:
        return None if parent_level is None else str(_("a central unit has no parent unit"))
    if parent_level != LEVEL_PARENT[level]:
        return str(MISPLACED[level])
    return None


@transaction.atomic
def save_unit(*, code, title, level, parent=None, is_public=None):
    """Create the unit `code`, or update its title; returns (unit, created)."""
    level = Level(level)
    reason = check_placement(level, parent.level if parent else None)
    if reason:
        raise UnitPlacementError(reason)
    unit = UnitPage.objects.filter(code=code).first()
    if unit is not None:
        return update_unit(unit.specific, title=title, is_public=is_public), False
    spec = NewUnit(code, title, level, parent.code if parent else "", bool(is_public))
    unit = build_units([spec])[code]
    if parent is not None:
        # Callers reuse the parent they passed, as with treebeard's add_child.
        parent.numchild += 1
    return unit, True


def build_units(new_units):
    """Create `new_units` in bulk (site_pages.unit_tree), and serve the central unit at `/`."""
    units = create_units(new_units)
    for code in units:
        if units.level(code) == Level.CENTRAL:
            make_site_root(units[code])
    return units


def update_unit(unit, *, title, is_public=None):
    """Give an existing unit `title` (and `is_public` unless None); returns the unit."""
    wanted_public = unit.is_public if is_public is None else is_public
    if unit.title != title or unit.is_public != wanted_public:
        unit.title = unit.draft_title = title
        unit.is_public = wanted_public
        unit.save(update_fields=["title", "draft_title", "is_public"])
    return unit


def make_site_root(page):
    """Serve `page` at `/`: the default Site points at it and Wagtail's welcome page goes."""
    site = Site.objects.filter(is_default_site=True).first()
    previous_root_id = site.root_page_id if site else None
    if site is None:
        Site.objects.create(hostname="localhost", root_page=page, is_default_site=True, site_name=SITE_NAME)
    else:
        site.root_page = page
        site.site_name = site.site_name or SITE_NAME
        site.save()
    if previous_root_id and previous_root_id != page.pk:
        # Only Wagtail's own placeholder (a plain, childless Page) is removed.
        Page.objects.filter(pk=previous_root_id, numchild=0, content_type__app_label="wagtailcore").delete()


def question_index(unit):
    """The unit's `Hỏi đáp` index, created (published, as public as the unit) on first use."""
    existing = QuestionIndexPage.objects.child_of(unit).first()
    if existing is not None:
        return existing
    index = QuestionIndexPage(title=QUESTION_INDEX_TITLE, slug="hoi-dap", is_public=unit.is_public)
    unit.add_child(instance=index)
    index.save_revision().publish()
    return index
