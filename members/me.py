"""What a person's own page (`/me/`) shows, in a fixed number of queries."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from members.models import Role, RoleKind
from site_pages.models import HandbookPage, UnitPage
from site_pages.visibility import ancestor_paths

NEWEST_PER_UNIT = 5


def newest_pages_by_unit(unit_ids, per_unit=NEWEST_PER_UNIT):
    """The newest live content pages of each unit, in one windowed query."""
    ranked = (
        HandbookPage.objects.live()
        .filter(owning_unit_id__in=unit_ids)
        .exclude(pk__in=unit_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("owning_unit_id")],
                order_by=[F("first_published_at").desc(nulls_last=True), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_unit)
        .select_related("content_type")
        .order_by("-first_published_at")
    )
    grouped = {unit_id: [] for unit_id in unit_ids}
    for page in ranked:
        grouped[page.owning_unit_id].append(page)
    return grouped


def member_overview(user):
    roles = list(
        Role.objects.current()
        .filter(person__user=user)
        .select_related("person", "unit")
        .order_by("unit__depth", "kind")
    )
    person = roles[0].person if roles else getattr(user, "person", None)
    cell_role = next((role for role in roles if role.kind == RoleKind.MEMBER), None)
    home_unit = cell_role.unit if cell_role else (roles[0].unit if roles else None)

    chain = []
    if home_unit is not None:
        chain = list(UnitPage.objects.filter(path__in=ancestor_paths(home_unit.path)).order_by("depth"))
    pages = newest_pages_by_unit([unit.pk for unit in chain])
    return {
        "person": person,
        "cell": cell_role.unit if cell_role else None,
        "chain": chain,
        "levels": [(unit, pages[unit.pk]) for unit in chain],
        "staff_roles": [role for role in roles if role.kind in Role.STAFF_KINDS],
    }
