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


# The admin's doors (issue 7). Staff are tried against the cells of three relations; each cell
# holds probes (a members-only page, a draft, a meeting, a pending comment, a document, an
# image, a person, a question to the cell's ward) whose texts no admin screen may show them.
ADMIN_PROBERS = {
    "secretary": (
        "C1",
        {"another cell of the same ward": "C2", "another ward of the same province": "C3", "another province": "C4"},
    ),
    "editor": ("W1", {"another ward of the same province": "C3", "another province": "C4"}),
}

# URL parameters that name an object, and the probes each is tried with. `pk` depends on the
# screen, found by the first matching URL-name pattern.
PAGE_PROBES = ("news", "draft")
ID_PARAMETERS = {
    "page_id": PAGE_PROBES,
    "parent_page_id": PAGE_PROBES + ("unit",),
    "page_to_move_id": PAGE_PROBES,
    "page_pk": PAGE_PROBES,
    "document_id": ("document",),
    "doc_id": ("document",),
    "image_id": ("image",),
    "comment_id": ("comment",),
    "meeting_id": ("meeting",),
    "revision_id": ("draft_revision",),
    # The second-factor reset (POST only; its refusals: tests/members/test_second_factor.py).
    "person_id": ("person",),
}
PK_BY_SCREEN = [
    ("wagtailadmin_api:pages:*", PAGE_PROBES),
    ("wagtailadmin_pages:*", PAGE_PROBES),
    ("wagtailadmin_api:documents:*", ("document",)),
    ("wagtaildocs*", ("document",)),
    ("wagtailadmin_api:images:*", ("image",)),
    ("wagtailimages*", ("image",)),
    ("*members_comment:*", ("comment",)),
    ("*members_person:*", ("person",)),
    ("*members_question:*", ("question",)),
    ("wagtailusers_users:*", ("user",)),
]
# Other parameters, filled with a fixed value or with the prober's own unit.
FIXED_PARAMETERS = {
    "content_type_app_name": "site_pages",
    "content_type_model_name": "newsarticlepage",
    "app_label": "site_pages",
    "model_name": "newsarticlepage",
    "destination_id": "home",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
    "filter_spec": "original",
    "action_name": "publish",
}
# Bulk actions are tried one by one from Wagtail's registry, with the probes of their model.
BULK_PROBES = {
    "wagtailcore.page": PAGE_PROBES,
    "wagtaildocs.document": ("document",),
    "site_pages.handbookimage": ("image",),
    "members.comment": ("comment",),
    "members.person": ("person",),
    "members.question": ("question",),
    "auth.user": ("user",),
}

# Doors the admin walk does not knock on, and why. Every other URL of the project is tried.
EXEMPT_DOORS = {
    # Tried through its own registry (every registered action, with probes): see BULK_PROBES.
    "wagtail_bulk_action": "bulk actions",
    # Sessions: knocking would end the prober's own session; they show nobody's content.
    "logout": "ends the session",
    "wagtailadmin_logout": "ends the session",
    "wagtailadmin_error_test": "raises on purpose (Wagtail's 'failwhale' error-reporting check)",
    # The site's own doors, with their matrix rows in the tests named.
    "wagtail_serve": "page serving: tests/site_pages/test_visibility.py",
    "wagtaildocs_serve": "file door: tests/site_pages/test_documents.py",
    "handbook_image_rendition": "image door: tests/site_pages/test_images.py",
    "members:calendar_feed": "secret-token feed: tests/members/test_calendar.py",
    "members:document_comment_submit": "official document comments: tests/members/test_document_comments.py",
    "password_reset_confirm": "signed one-time link: tests/members/test_activation.py",
    "wagtailadmin_password_reset_confirm": "signed one-time link, no unit content",
    "wagtailcore_authenticate_with_password": "Wagtail's page passwords: the handbook sets none",
    "wagtaildocs_authenticate_with_password": "Wagtail's document passwords: the handbook sets none",
    # Ids of things no role is given rights on (superuser-only areas; their lists are tried).
    "wagtailadmin_workflows:*": "workflows and tasks: superusers only",
    "wagtailsites:*": "sites: superusers only",
    "wagtailusers_groups:*": "groups: derived from roles, superusers only",
    "wagtailadmin_collections:*": "collections: superusers only",
    "wagtailredirects:*": "redirects: superusers only",
    "wagtailsettings:*": "settings: superusers only",
    "wagtailforms:*": "form submissions: the handbook has no form pages",
    "wagtailadmin_tag_model_autocomplete": "tag names: a shared vocabulary, not unit content",
    # Ids of a person's own transient objects, not of unit content.
    "wagtailadmin_editing_sessions:*": "the editor's own editing session",
    "wagtaildocs:*_upload*": "the uploader's own pending upload",
    "wagtaildocs:create_multiple_from_uploaded_document": "the uploader's own pending upload",
    "wagtailimages:*_upload*": "the uploader's own pending upload",
    "wagtailimages:create_multiple_from_uploaded_image": "the uploader's own pending upload",
    # Workflow steps need a task state of the page: Wagtail checks the page's rights first
    # (tests/site_pages/test_editor_rights.py and test_workflows.py).
    "wagtailadmin_pages:workflow_action": "workflow step: test_editor_rights.py",
    "wagtailadmin_pages:collect_workflow_action_data": "workflow step: test_editor_rights.py",
    "wagtailadmin_pages:workflow_preview": "workflow step: test_workflows.py",
    "wagtailadmin_pages:workflow_history_detail": "workflow step: test_workflows.py",
}
