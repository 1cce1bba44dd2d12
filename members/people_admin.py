"""The People list in the Wagtail admin: who manages whose profile, and what they may change.

Rights come from roles, not groups: the role kinds that manage people (members.models.ROLE_KINDS:
secretaries and deputies of a cell, chief editors of a unit) manage the people whose current cell
lies in that unit's subtree (Scope.people_paths). They list, inspect and edit profile and contact fields;
adding and deleting people, their roles and their card numbers are for superusers (and imports).
Wagtail asks this policy instead of Django model permissions
(https://docs.wagtail.org/en/stable/extending/permission_policies.html).
"""

from django_filters import CharFilter, ChoiceFilter

from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, HistoryView, InspectView, UsageView

from members.forms import PersonAdminForm
from members.models import Person, Role, RoleKind
from members.second_factor import may_reset_second_factor
from site_pages.admin_labels import TranslatedSnippetViewSet
from site_pages.admin_scope import ScopedSnippetChooserViewSet
from site_pages.models import UnitPage
from site_pages.visibility import Scope, subtrees_q

STAFF_ACTIONS = frozenset({"change", "view"})


def people_managed_by(user):
    """People whose profile `user` manages, by the unit of their current membership."""
    scope = Scope.for_user(user)
    if scope.everything:
        return Person.objects.all()
    if not scope.people_paths:
        return Person.objects.none()
    memberships = Role.objects.current().filter(
        subtrees_q(scope.people_paths, "unit__path"), person=OuterRef("pk"), kind=RoleKind.MEMBER
    )
    return Person.objects.filter(Exists(memberships))


def manages_people(user):
    scope = Scope.for_user(user)
    return scope.everything or bool(scope.people_paths)


class PersonPolicy(ModelPermissionPolicy):
    """Superusers do everything; unit staff view and change the people in their scope."""

    def user_has_permission(self, user, action):
        if user.is_active and user.is_superuser:
            return True
        return action in STAFF_ACTIONS and manages_people(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return user.is_superuser or people_managed_by(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Person.objects.none()
        return people_managed_by(user)


person_policy = PersonPolicy(Person)


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


class ManagedPersonMixin:
    """A person outside the user's scope is not found (the views load it before any permission check)."""

    def get_object(self, *args, **kwargs):
        person = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_any_permission_for_instance(self.request.user, STAFF_ACTIONS, person):
            raise Http404
        return person


class PersonEditView(ManagedPersonMixin, EditView):
    """Staff get a form without the roles formset and with the card number read-only, so a
    posted roles formset or card number from them is never even read."""

    staff_panel = None

    def get_panel(self):
        return super().get_panel() if self.request.user.is_superuser else self.staff_panel

    def get_form_class(self):
        return super().get_form_class() if self.request.user.is_superuser else self.staff_panel.get_form_class()

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if may_reset_second_factor(self.request.user, self.object):
            url = reverse("person_reset_second_factor", args=[self.object.pk])
            buttons.append(HeaderButton(_("Reset the second factor"), url=url, icon_name="key", priority=90))
        return buttons


class PersonInspectView(ManagedPersonMixin, InspectView):
    pass


class PersonHistoryView(ManagedPersonMixin, HistoryView):
    pass


class PersonUsageView(ManagedPersonMixin, UsageView):
    pass


def person_panels(*, card_number_read_only, roles=True):
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("full_name"),
                FieldPanel("card_number", read_only=card_number_read_only),
                FieldPanel("date_of_birth"),
                FieldPanel("joined_on"),
                FieldPanel("occupation"),
            ],
            heading=_("Profile"),
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
    ]
    if roles:
        panels.append(InlinePanel("roles", heading=_("Roles"), label=_("Role")))
    return ObjectList(panels, base_form_class=PersonAdminForm)


class PersonViewSet(TranslatedSnippetViewSet):
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
    edit_handler = person_panels(card_number_read_only=False)
    edit_view_class = PersonEditView
    inspect_view_enabled = True
    inspect_view_class = PersonInspectView
    inspect_view_fields = ["full_name", "card_number", "date_of_birth", "joined_on", "occupation", "phone", "email"]
    history_view_class = PersonHistoryView
    usage_view_class = PersonUsageView
    chooser_viewset_class = ScopedSnippetChooserViewSet

    def get_queryset(self, request):
        return person_policy.instances_user_has_any_permission_for(request.user, STAFF_ACTIONS)

    def get_edit_view_kwargs(self, **kwargs):
        staff_panel = person_panels(card_number_read_only=True, roles=False).bind_to_model(Person)
        return super().get_edit_view_kwargs(staff_panel=staff_panel, **kwargs)
