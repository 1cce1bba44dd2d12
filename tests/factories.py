"""Test data: one tree builder for the organisation and small factories for people."""

import itertools

from django.utils import timezone

from members.models import RoleKind
from members.services import create_person, grant_role, transfer_member
from site_pages.models import NewsArticlePage
from site_pages.tree import save_unit

PASSWORD = "test-pass-2026"
_sequence = itertools.count(1)

LEVELS = ["central", "province", "ward", "cell"]


def build_tree(spec, parent=None, depth=0, units=None):
    """Build units from a nested spec and return them by code.

    spec: [("TW", "Trung ương", [("P1", "Tỉnh 1", [...]), ...])]; the level follows the depth.
    """
    units = {} if units is None else units
    for code, title, children in spec:
        unit, _created = save_unit(code=code, title=title, level=LEVELS[depth], parent=parent)
        units[code] = unit
        build_tree(children, unit, depth + 1, units)
    return units


# Two provinces, two wards in P1, two cells in W1: every relation of the matrix exists.
STANDARD_TREE = [
    ("TW", "Trung ương", [
        ("P1", "Tỉnh Một", [
            ("W1", "Phường Một", [("C1", "Chi bộ Một", []), ("C2", "Chi bộ Hai", [])]),
            ("W2", "Phường Hai", [("C3", "Chi bộ Ba", [])]),
        ]),
        ("P2", "Tỉnh Hai", [("W3", "Xã Ba", [("C4", "Chi bộ Bốn", [])])]),
    ]),
]  # fmt: skip


def make_person(cell=None, *, kind=RoleKind.MEMBER, unit=None, username=None, full_name=None):
    """A person with a password; a member of `cell`, plus a staff `kind` on `unit` if given."""
    number = next(_sequence)
    person = create_person(
        card_number=f"TEST{number:06d}",
        full_name=full_name or f"Đảng viên {number}",
        username=username,
        password=PASSWORD,
    )
    if cell is not None:
        transfer_member(person, cell)
    if kind != RoleKind.MEMBER:
        grant_role(person, unit or cell, kind)
    return person


def make_news(unit, title=None, *, is_public=False, live=True):
    """A news page, created live directly: publishing through revisions is Wagtail's own
    tested path and costs ~100 queries a page."""
    number = next(_sequence)
    published_at = timezone.now() if live else None
    page = NewsArticlePage(
        title=title or f"Tin {number}",
        slug=f"tin-{number}",
        is_public=is_public,
        live=live,
        first_published_at=published_at,
        last_published_at=published_at,
    )
    unit.add_child(instance=page)
    return page
