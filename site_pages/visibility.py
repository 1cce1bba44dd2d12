"""The one visibility rule of the handbook (DESIGN.md, "One visibility rule"), and every role fact a request needs.

A person may read:
- every page marked public;
- pages owned by a unit they hold a role on (member, secretary, editor...) and by
  every unit above it;
- as staff (secretary, deputy, editor, chief editor) of a unit, every page in
  that unit's subtree.
Superusers read everything. `Scope` gives both the SQL filter (`q`) and the in-memory
predicate (`allows`), so the queryset and the per-object check cannot drift apart.

The Wagtail admin sees the same rule widened for editing (`admin_q`): drafts inside
the person's staff subtrees, and the pages above those subtrees so that the explorer
and the choosers can navigate down to them.

What each role kind implies is read from members.models.ROLE_KINDS. A Scope is built from the
person's current roles in two queries, kept in the page cache (site_pages.page_cache) under the
person's generation, the tree's and today's date (a role starts and ends on a date), and held for
the rest of the request (`ScopePerRequestMiddleware`); outside a request each call builds a fresh
one. Code that changes roles in the middle of a request calls `Scope.forget()`; members.signals
does on every save or delete of a role, and starts a new generation of the person's.
"""

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page

from cms.middleware import holding_a_dict_per_request
from members.models import ROLE_KINDS, Role, RoleKind
from site_pages.page_cache import ROLES, cached, person_generation, prefetch, unit_generation

STEPLEN = 4  # treebeard's MP_Node.steplen, as used by Wagtail's page tree

# {user id: Scope} for the request being served; None outside requests.
_scopes_of_this_request = ContextVar("scopes_of_this_request", default=None)


def ancestor_paths(path):
    """Materialised paths of the node at `path` and of every node above it."""
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def _under_any(paths, path):
    return any(path.startswith(prefix) for prefix in paths)


def subtrees_q(paths, field="path"):
    """Rows whose tree path (`field`) lies under any of `paths`; matches nothing for no paths."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    unit_ids: frozenset = frozenset()  # units whose pages the person reads: their units and those above
    staff_paths: tuple = ()  # subtrees read and edited in full
    moderated_cell_ids: frozenset = frozenset()  # cells whose comments the person moderates
    approving_paths: tuple = ()  # units where the person holds a kind that approves pages
    people_paths: tuple = ()  # subtrees whose members' profiles the person manages
    figures_paths: tuple = ()  # subtrees whose engagement figures the person reads
    answering_paths: tuple = ()  # subtrees whose members' questions the person reads and answers
    cell_id: int | None = None  # the cell the person is a member of
    admin_access: bool = False  # holds a role that opens the Wagtail admin (staff: a second factor)

    @classmethod
    def for_user(cls, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return cls()
        if user.is_superuser:
            return cls(everything=True)
        held = _scopes_of_this_request.get()
        if held is None:
            return cls._compute(user)
        if user.pk not in held:
            scope = held[user.pk] = cached(
                "scope",
                [ROLES, person_generation(user.pk)],
                [user.pk, timezone.localdate()],
                lambda: cls._compute(user),
            )
            # The member pages' parts are kept per unit read: their generations in one round trip.
            prefetch([unit_generation(unit_id) for unit_id in scope.unit_ids])
        return held[user.pk]

    @staticmethod
    def forget():
        """Drop the Scopes held in this request, after someone's roles changed (rare and cheap)."""
        held = _scopes_of_this_request.get()
        if held is not None:
            held.clear()

    @classmethod
    def _compute(cls, user):
        roles = list(Role.objects.current().filter(person__user=user).values_list("kind", "unit_id", "unit__path"))
        if not roles:
            return cls()
        paths = {path for _kind, _unit_id, unit_path in roles for path in ancestor_paths(unit_path)}
        # Every page above a unit is a unit, except the tree's root (depth 1), which nothing is owned by.
        unit_ids = frozenset(Page.objects.filter(path__in=paths, depth__gt=1).values_list("pk", flat=True))

        def paths_where(rule):
            return tuple(sorted({path for kind, _unit_id, path in roles if rule(ROLE_KINDS[kind])}))

        return cls(
            unit_ids=unit_ids,
            staff_paths=paths_where(lambda rules: rules.staff),
            moderated_cell_ids=frozenset(
                unit_id for kind, unit_id, _path in roles if ROLE_KINDS[kind].moderates_comments
            ),
            approving_paths=paths_where(lambda rules: rules.approves_as is not None),
            people_paths=paths_where(lambda rules: rules.manages_people),
            figures_paths=paths_where(lambda rules: rules.sees_figures),
            answering_paths=paths_where(lambda rules: rules.answers_questions),
            cell_id=next((unit_id for kind, unit_id, _path in roles if kind == RoleKind.MEMBER), None),
            admin_access=any(ROLE_KINDS[kind].admin_access for kind, _unit_id, _path in roles),
        )

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
        return subtrees_q(self.staff_paths)

    def admin_q(self):
        """Filter for a Page queryset in the admin: live pages the person may read, every page
        of their staff subtrees, and the ancestors of those subtrees (titles to navigate by)."""
        if self.everything:
            return Q()
        above_staff_subtrees = {path for staff_path in self.staff_paths for path in ancestor_paths(staff_path)}
        return Q(path__in=above_staff_subtrees) | self.staff_q() | (Q(live=True) & self.q(through="handbookpage__"))

    def reading_key(self):
        """A short value naming what the person may read (the inputs of `q` and `allows`): the same
        for every member of a cell, so a rendered part that depends on it is shared among them
        (site_pages.fragments) and never reaches anyone who reads otherwise."""
        if self.everything:
            return "all"
        text = ",".join(str(unit_id) for unit_id in sorted(self.unit_ids)) + "|" + ",".join(self.staff_paths)
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def allows(self, page):
        if self.everything or page.is_public or page.owning_unit_id in self.unit_ids:
            return True
        return self.is_staff_of(page)

    def is_staff_of(self, page_or_unit):
        """Whether the page (or unit) lies inside one of the person's staff subtrees."""
        return self.everything or _under_any(self.staff_paths, page_or_unit.path)

    def sees_figures_of(self, unit):
        return self.everything or _under_any(self.figures_paths, unit.path)

    def answers_for(self, unit):
        """Whether the person answers questions addressed to `unit` (their unit or one below it)."""
        return self.everything or _under_any(self.answering_paths, unit.path)

    def moderates(self, cell_id):
        return self.everything or cell_id in self.moderated_cell_ids


def can_view(user, page):
    return Scope.for_user(user).allows(page)


def pages_in_admin_scope(user):
    """The pages any admin screen may name to `user` (Scope.admin_q)."""
    return Page.objects.filter(Scope.for_user(user).admin_q())


ScopePerRequestMiddleware = holding_a_dict_per_request(
    _scopes_of_this_request,
    "Holds each person's Scope for one request, so every door of the request asks the same one.",
)
