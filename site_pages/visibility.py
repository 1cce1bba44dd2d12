"""The one visibility rule of the handbook (DESIGN.md, "One visibility rule").

A person may read:
- every page marked public;
- pages owned by a unit they hold a role on (member, secretary, editor...) and by
  every unit above it;
- as staff (secretary, deputy, editor, chief editor) of a unit, every page in
  that unit's subtree.
Superusers read everything. `Scope` is computed once per request and gives both
the SQL filter (`q`) and the in-memory predicate (`allows`), so the queryset and
the per-object check cannot drift apart.

The Wagtail admin sees the same rule widened for editing (`admin_q`): drafts inside
the person's staff subtrees, and the pages above those subtrees so that the explorer
and the choosers can navigate down to them.
"""

from dataclasses import dataclass

from django.db.models import Q

from wagtail.models import Page

STEPLEN = 4  # treebeard's MP_Node.steplen, as used by Wagtail's page tree


def ancestor_paths(path):
    """Materialised paths of the node at `path` and of every node above it."""
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    unit_ids: frozenset = frozenset()
    staff_paths: tuple = ()

    @classmethod
    def for_user(cls, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return cls()
        if user.is_superuser:
            return cls(everything=True)
        cached = getattr(user, "_handbook_scope", None)
        if cached is None:
            cached = user._handbook_scope = cls._compute(user)
        return cached

    @classmethod
    def _compute(cls, user):
        from members.models import Role
        from site_pages.models import UnitPage

        roles = list(Role.objects.current().filter(person__user=user).values_list("kind", "unit__path"))
        if not roles:
            return cls()
        paths = set()
        for _kind, unit_path in roles:
            paths.update(ancestor_paths(unit_path))
        unit_ids = frozenset(UnitPage.objects.filter(path__in=paths).values_list("pk", flat=True))
        staff_paths = tuple(sorted({path for kind, path in roles if kind in Role.STAFF_KINDS}))
        return cls(unit_ids=unit_ids, staff_paths=staff_paths)

    def q(self, through=""):
        """Filter for a HandbookPage queryset; `through="handbookpage__"` for a plain Page queryset."""
        if self.everything:
            return Q()
        condition = Q(**{f"{through}is_public": True})
        if self.unit_ids:
            condition |= Q(**{f"{through}owning_unit_id__in": self.unit_ids})
        return condition | self.staff_q()

    def staff_q(self):
        """Every page, drafts included, inside the subtrees the person is staff of."""
        condition = Q(pk__in=[])
        for path in self.staff_paths:
            condition |= Q(path__startswith=path)
        return condition

    def admin_q(self):
        """Filter for a Page queryset in the admin: live pages the person may read, every page
        of their staff subtrees, and the ancestors of those subtrees (titles to navigate by)."""
        if self.everything:
            return Q()
        above_staff_subtrees = {path for staff_path in self.staff_paths for path in ancestor_paths(staff_path)}
        return Q(path__in=above_staff_subtrees) | self.staff_q() | (Q(live=True) & self.q(through="handbookpage__"))

    def allows(self, page):
        if self.everything or page.is_public or page.owning_unit_id in self.unit_ids:
            return True
        return any(page.path.startswith(path) for path in self.staff_paths)


def can_view(user, page):
    return Scope.for_user(user).allows(page)


def pages_in_admin_scope(user):
    """The pages any admin screen may name to `user` (Scope.admin_q)."""
    return Page.objects.filter(Scope.for_user(user).admin_q())
