from django_filters import ChoiceFilter, ModelChoiceFilter

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from members.forms import PersonAdminForm
from members.models import Person, RoleKind
from site_pages.models import UnitPage


class PersonFilterSet(WagtailFilterSet):
    unit = ModelChoiceFilter(
        label=_("Unit"), queryset=UnitPage.objects.order_by("path"), field_name="roles__unit", method="filter_unit"
    )
    role = ChoiceFilter(label=_("Role"), choices=RoleKind.choices, method="filter_role")

    class Meta:
        model = Person
        fields = []

    def filter_unit(self, queryset, name, unit):
        return queryset.filter(roles__unit__path__startswith=unit.path, roles__ended_on__isnull=True).distinct()

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
