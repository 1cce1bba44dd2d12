"""The access-control matrix shared by every door's tests (STYLE.md rule 18).

Each role holds its position in STANDARD_TREE; for each relation between that position and a
page's unit the matrix says whether the page may be read.
"""

from members.models import RoleKind
from tests.factories import make_person

# role → (unit the role is held on, {relation: unit code of the page})
CELL_POSITION = ("C1", {"same": "C1", "ancestor": "W1", "top": "TW", "sibling": "C2", "unrelated": "C4"})
WARD_POSITION = (
    "W1",
    {"same": "W1", "ancestor": "P1", "top": "TW", "descendant": "C1", "sibling": "W2", "unrelated": "W3"},
)
POSITIONS = {
    "member": CELL_POSITION,
    "secretary": CELL_POSITION,
    "deputy_secretary": CELL_POSITION,
    "editor": WARD_POSITION,
    "chief_editor": WARD_POSITION,
}
ALLOWED_RELATIONS = {"same", "ancestor", "top", "descendant"}


def expected_outcomes(role):
    return {relation: relation in ALLOWED_RELATIONS for relation in POSITIONS[role][1]}


def person_with_role(role, units):
    home = units[POSITIONS[role][0]]
    if role == "member":
        return make_person(home)
    if role in ("secretary", "deputy_secretary"):
        return make_person(home, kind=RoleKind(role))
    return make_person(None, kind=RoleKind(role), unit=home)


def page_unit_code(role, relation):
    return POSITIONS[role][1][relation]
