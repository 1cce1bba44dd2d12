"""Building the organisation tree from code: imports, demo data and tests share this."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, Site

from search.folding import vietnamese_slug
from site_pages.models import UNIT_PAGE_CLASSES, Level, QuestionIndexPage, UnitPage

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
        unit = unit.specific
        wanted_public = unit.is_public if is_public is None else is_public
        if unit.title != title or unit.is_public != wanted_public:
            unit.title = unit.draft_title = title
            unit.is_public = wanted_public
            unit.save(update_fields=["title", "draft_title", "is_public"])
        return unit, False
    parent_page = parent or Page.get_first_root_node()
    unit = UNIT_PAGE_CLASSES[level](
        title=title, code=code, is_public=bool(is_public), slug=_free_slug(parent_page, title, code)
    )
    parent_page.add_child(instance=unit)
    if level == Level.CENTRAL:
        make_site_root(unit)
    return unit, True


def _free_slug(parent_page, title, code):
    slug = vietnamese_slug(title) or slugify(code)
    if parent_page.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{slugify(code)}"
    return slug


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
