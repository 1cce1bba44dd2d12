"""Unit pages: one page per organisation unit, Central → Province → Ward → Cell."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Collection

from members.models import Level

from .base import HandbookPage

# The four levels, for page types that any unit may hold.
UNIT_PAGE_TYPES = ["site_pages.CentralPage", "site_pages.ProvincePage", "site_pages.WardPage", "site_pages.CellPage"]
CONTENT_PAGE_TYPES = [
    "site_pages.NewsArticlePage",
    "site_pages.OfficialDocumentPage",
    "site_pages.DocumentIndexPage",
    "site_pages.NewsIndexPage",
    "site_pages.QuestionIndexPage",
]


class UnitPage(HandbookPage):
    """Shared columns of the four unit levels; each level is its own page type so
    that Wagtail itself refuses a unit in the wrong place (parent_page_types)."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Stable identifier used by imports; never reused."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, editable=False)
    collection = models.ForeignKey(
        Collection,
        verbose_name=_("document collection"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_hours_before_meeting = models.PositiveSmallIntegerField(
        _("remind members this many hours before a meeting"),
        null=True,
        blank=True,
        help_text=_("Members who have not read the documents are reminded once. Empty: the handbook's default."),
    )

    is_creatable = False
    unit_level = None
    content_panels = [*HandbookPage.content_panels, FieldPanel("code")]
    settings_panels = [FieldPanel("reminder_hours_before_meeting"), *HandbookPage.settings_panels]

    class Meta:
        verbose_name = _("unit")
        indexes = [models.Index(fields=["level"])]

    def __str__(self):
        return self.title

    def get_template(self, request, *args, **kwargs):
        # Wagtail derives a template name per subclass; the four levels share one.
        return "pages/unit_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = HandbookPage.objects.visible_to(request.user)
        context["unit_pages"] = (
            visible.filter(owning_unit=self)
            .exclude(pk=self.pk)
            .select_related("content_type")
            .order_by("-first_published_at")[:20]
        )
        context["sub_units"] = UnitPage.objects.visible_to(request.user).child_of(self).order_by("title")
        return context

    def save(self, *args, **kwargs):
        self.level = self.unit_level
        adding = self._state.adding
        if adding and self.collection_id is None:
            self.collection = self._create_collection()
        super().save(*args, **kwargs)
        if self.owning_unit_id != self.pk:
            # A unit owns itself; its pk only exists once the first save is done.
            self.owning_unit_id = self.pk
            HandbookPage.objects.filter(pk=self.pk).update(owning_unit_id=self.pk)

    def _create_collection(self):
        parent_units = UnitPage.objects.filter(pk=self.nearest_unit_id())
        parent_collection = (
            Collection.objects.filter(pk__in=parent_units.values("collection_id")).first()
            or Collection.get_first_root_node()
        )
        return parent_collection.add_child(instance=Collection(name=f"{self.title} ({self.code})"))


class CentralPage(UnitPage):
    unit_level = Level.CENTRAL
    is_creatable = True
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["site_pages.ProvincePage", *CONTENT_PAGE_TYPES]
    max_count = 1

    class Meta:
        verbose_name = _("central unit")


class ProvincePage(UnitPage):
    unit_level = Level.PROVINCE
    is_creatable = True
    parent_page_types = ["site_pages.CentralPage"]
    subpage_types = ["site_pages.WardPage", *CONTENT_PAGE_TYPES]

    class Meta:
        verbose_name = _("province")


class WardPage(UnitPage):
    unit_level = Level.WARD
    is_creatable = True
    parent_page_types = ["site_pages.ProvincePage"]
    subpage_types = ["site_pages.CellPage", "site_pages.MeetingPage", *CONTENT_PAGE_TYPES]

    class Meta:
        verbose_name = _("ward/commune")


class CellPage(UnitPage):
    unit_level = Level.CELL
    is_creatable = True
    parent_page_types = ["site_pages.WardPage"]
    subpage_types = ["site_pages.MeetingPage", *CONTENT_PAGE_TYPES]

    class Meta:
        verbose_name = _("party cell")


UNIT_PAGE_CLASSES = {cls.unit_level: cls for cls in (CentralPage, ProvincePage, WardPage, CellPage)}
