from django_filters import CharFilter, ChoiceFilter

from django.db.models import Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from members.comments import LOG_ACTIONS
from members.forms import PersonAdminForm
from members.models import Comment, Person, RoleKind
from members.moderation_admin import BULK_ACTIONS, CommentModerationPolicy, CommentViewSet
from site_pages.models import MeetingPage, UnitPage
from site_pages.visibility import can_view


class PersonFilterSet(WagtailFilterSet):
    # A code rather than a drop-down: a country has tens of thousands of units.
    unit = CharFilter(label=_("Unit code (with the units below it)"), method="filter_unit")
    role = ChoiceFilter(label=_("Role"), choices=RoleKind.choices, method="filter_role")

    class Meta:
        model = Person
        fields = []

    def filter_unit(self, queryset, name, code):
        unit_paths = UnitPage.objects.filter(code=code.strip()).values("path")[:1]
        return queryset.filter(
            roles__unit__path__startswith=Subquery(unit_paths), roles__ended_on__isnull=True
        ).distinct()

    def filter_role(self, queryset, name, kind):
        return queryset.filter(roles__kind=kind, roles__ended_on__isnull=True).distinct()


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["full_name", "card_number", "phone", "email"]
    search_fields = ["full_name", "card_number"]
    search_backend_name = None  # plain SQL lookups: card numbers must match exactly as typed
    filterset_class = PersonFilterSet
    list_per_page = 50
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("full_name"),
                    FieldPanel("card_number"),
                    FieldPanel("date_of_birth"),
                    FieldPanel("joined_on"),
                    FieldPanel("occupation"),
                ],
                heading=_("Profile"),
            ),
            MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
            InlinePanel("roles", heading=_("Roles"), label=_("Role")),
        ],
        base_form_class=PersonAdminForm,
    )


register_snippet(PersonViewSet)


# Comment moderation (members.moderation_admin): its own viewset, menu item, bulk actions and log actions.
register_permission_policy(Comment, CommentModerationPolicy(Comment))
register_snippet(CommentViewSet)
for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("before_serve_document")
def hold_back_unreleased_meeting_documents(document, request):
    """A meeting's study file waits for the meeting's release time, even for members who may
    otherwise read it. Who may read it at all is site_pages' document rule (site_pages.documents)."""
    meetings = MeetingPage.objects.filter(study_documents__document=document).distinct()
    readable = [meeting for meeting in meetings if can_view(request.user, meeting)]
    if readable and not any(meeting.documents_visible_to(request.user) for meeting in readable):
        raise Http404
