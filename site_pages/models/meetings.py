"""Meetings of a cell (or of a ward committee): the month's agenda, what to study, and the conclusions.

Members' comments on a meeting live in `members` (members.models.comments); this page only
says when they are open. Documents to study are released at `documents_release_at`, a
per-meeting time that defaults to MEETING_DOCUMENTS_LEAD_DAYS before the start.
"""

import html
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from members.models import Role
from search.folding import stream_text
from site_pages.fragments import fragment_key
from site_pages.page_cache import cached, unit_generation
from site_pages.rich_text import CleanRichTextField
from site_pages.slugs import HandbookPageForm
from site_pages.visibility import Scope, ancestor_paths

from .base import HandbookPage
from .units import UnitPage


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular monthly meeting")
    THEMATIC = "thematic", _("Thematic meeting")
    EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Item"), max_length=200)
    presenter = blocks.CharBlock(label=_("Presented by"), required=False, max_length=150)
    notes = blocks.TextBlock(label=_("Notes"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Agenda item")
        template = "components/blocks/agenda_item_block.html"


def documents_lead_time():
    return timedelta(days=settings.MEETING_DOCUMENTS_LEAD_DAYS)


class MeetingPageForm(HandbookPageForm):
    """Attendance and tasks may only name people of the meeting's own unit."""

    def clean(self):
        cleaned_data = super().clean()
        starts_at, ends_at = cleaned_data.get("starts_at"), cleaned_data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        unit_path = self._unit_path()
        if unit_path is None:
            return cleaned_data
        people = set(Role.objects.current().filter(unit__path=unit_path).values_list("person_id", flat=True))
        for formset_name, field_name in (("attendance", "person"), ("tasks", "assignee")):
            for form in self._filled_forms(formset_name):
                person = form.cleaned_data.get(field_name)
                if person is not None and person.pk not in people:
                    form.add_error(field_name, _("Choose a member of this unit."))
        # Links to study point at this unit or a unit above it, never sideways.
        units_above = set(UnitPage.objects.filter(path__in=ancestor_paths(unit_path)).values_list("pk", flat=True))
        for form in self._filled_forms("study_pages"):
            target = form.cleaned_data.get("target")
            if target is not None and target.owning_unit_id not in units_above:
                form.add_error("target", _("Link only to documents of this unit or of a unit above it."))
        return cleaned_data

    def _filled_forms(self, formset_name):
        # ClusterForm cleans the child formsets after this form's clean(); clean them now to read them.
        formset = self.formsets[formset_name]
        formset.is_valid()
        return [
            form
            for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]

    def _unit_path(self):
        """Path of the unit that holds the meeting: the parent page, when creating or editing."""
        parent = getattr(self, "parent_page", None)
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        return parent.path if parent is not None else None


class MeetingPage(HandbookPage):
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    agenda = StreamField([("item", AgendaItemBlock())], verbose_name=_("agenda"), blank=True)
    documents_published_at = models.DateTimeField(
        _("documents published at"),
        null=True,
        blank=True,
        help_text=_("When members can see the documents to study. Empty: two days before the start."),
    )
    comments_open_after_start = models.BooleanField(
        _("keep comments open after the start"),
        default=False,
        help_text=_("Comments normally close when the meeting starts."),
    )
    conclusions_published = models.BooleanField(
        _("publish the conclusions"),
        default=False,
        help_text=_("Members see the decisions, attendance and tasks, and are notified once."),
    )
    decisions = CleanRichTextField(_("decisions"), blank=True, features=["bold", "italic", "ol", "ul", "link"])

    is_creatable = True
    parent_page_types = ["site_pages.CellPage", "site_pages.WardPage"]
    subpage_types = []
    template = "pages/meeting_page.html"
    base_form_class = MeetingPageForm

    content_panels = [
        *HandbookPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("place"),
                FieldPanel("kind"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("documents_published_at"),
                InlinePanel("study_documents", label=_("File")),
                InlinePanel("study_pages", label=_("Official document")),
            ],
            heading=_("Documents to study"),
        ),
        FieldPanel("comments_open_after_start"),
    ]
    conclusion_panels = [
        FieldPanel("conclusions_published"),
        FieldPanel("decisions"),
        InlinePanel("attendance", label=_("Attendance")),
        InlinePanel("tasks", label=_("Task")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Meeting")),
            ObjectList(conclusion_panels, heading=_("Conclusions")),
            ObjectList(HandbookPage.promote_panels, heading=_("Promote")),
            ObjectList(HandbookPage.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [*HandbookPage.search_fields, index.SearchField("place"), index.SearchField("agenda")]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["starts_at"])]

    def text_to_fold(self):
        """Place and agenda; the decisions and tasks only once the conclusions are published."""
        texts = [*super().text_to_fold(), self.place, *stream_text(self.agenda)]
        if self.conclusions_published:
            texts.append(html.unescape(strip_tags(self.decisions)))
            texts.extend(task.description for task in self.tasks.all())
        return texts

    def files_to_fold(self):
        return [], [study.document_id for study in self.study_documents.all()]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.conclusions_published and kwargs.get("update_fields") is None:
            # Wagtail indexes a page on post_save, before a ClusterableModel writes its child rows;
            # with tasks run at once (the embedded default) the tasks would be missed until the next save.
            index.insert_or_update_object(self)

    @property
    def documents_release_at(self):
        return self.documents_published_at or self.starts_at - documents_lead_time()

    def documents_visible_to(self, user, now=None):
        """Members see the documents from the release time; the unit's staff prepare them earlier."""
        now = now or timezone.now()
        if now >= self.documents_release_at:
            return True
        return Scope.for_user(user).is_staff_of(self)

    @staticmethod
    def documents_visible_q(user, now=None):
        """`documents_visible_to` as a filter on meetings, for search over their files."""
        scope = Scope.for_user(user)
        if scope.everything:
            return Q()
        now = now or timezone.now()
        released = Q(documents_published_at__lte=now) | Q(
            documents_published_at__isnull=True, starts_at__lte=now + documents_lead_time()
        )
        return released | scope.staff_q()

    def comments_open(self, now=None):
        return self.comments_open_after_start or (now or timezone.now()) < self.starts_at

    def _shared_rows(self):
        """Files to study, attendance, tasks and the units of the linked pages: the same for all who
        may open the meeting, so kept in the page cache under the unit's generation (a publish of the
        meeting starts a new one; a file changed or deleted, the tree's). Read fresh for a preview,
        whose rows are in memory."""

        def read():
            return (
                list(self.study_documents.select_related("document").order_by("sort_order")),
                list(self.attendance.select_related("person").order_by("sort_order")),
                list(self.tasks.select_related("assignee").order_by("sort_order")),
                sorted(set(self.study_pages.values_list("target__owning_unit_id", flat=True))),
            )

        if not isinstance(self.study_documents.all(), QuerySet):
            return read()
        return cached("meeting-rows", [unit_generation(self.owning_unit_id)], [self.pk], read)

    def study_material(self, user):
        """Files and linked official documents, the links limited to pages `user` may read."""
        documents = self._shared_rows()[0]
        readable = HandbookPage.objects.visible_to(user)
        links = self.study_pages.all()
        if isinstance(links, QuerySet):
            links = (
                links.filter(target__in=readable.values("pk"))
                .select_related("target", "target__owning_unit")
                .order_by("sort_order")
            )
        else:
            # A preview or a revision: the links are held in memory (modelcluster), not in the table.
            readable_ids = set(readable.filter(pk__in=[link.target_id for link in links]).values_list("pk", flat=True))
            links = [link for link in links if link.target_id in readable_ids]
        return list(documents), list(links)

    def fragment_key(self, what, *parts):
        """The key of a rendered part of this meeting (site_pages.fragments) that shows its own
        fields and rows: kept until the meeting's unit publishes or the tree changes."""
        return fragment_key(f"meeting-{what}", [unit_generation(self.owning_unit_id)], self.pk, *parts)

    @property
    def past_fragment_key(self):
        """The meeting as /me/ lists it among the past ones: its decisions and tasks."""
        return self.fragment_key("past")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = context.setdefault("now", timezone.now())
        context.update(
            study=StudyMaterial(self, request.user, now),
            comments_open=self.comments_open(now),
            head_fragment=self.fragment_key("head"),
            conclusions_fragment=self.fragment_key("conclusions"),
        )
        if self.conclusions_published:
            _documents, context["attendance"], context["tasks"], _units = self._shared_rows()
        return context


class StudyMaterial:
    """What a meeting gives `user` to study, read only when its part of the page is rendered: a
    part kept in the page cache needs none of it."""

    def __init__(self, meeting, user, now):
        self.meeting = meeting
        self.user = user
        self.visible = meeting.documents_visible_to(user, now)

    @cached_property
    def _material(self):
        return self.meeting.study_material(self.user) if self.visible else ([], [])

    @property
    def documents(self):
        return self._material[0]

    @property
    def links(self):
        return self._material[1]

    @cached_property
    def fragment_key(self):
        """Released or not (the time's effect), what the person may read (which links show) and
        the generations of the linked pages' units (a linked page unpublished or changed)."""
        meeting = self.meeting
        linked_units = [unit_generation(unit_id) for unit_id in meeting._shared_rows()[3]]
        return fragment_key(
            "meeting-documents",
            [unit_generation(meeting.owning_unit_id), *linked_units],
            meeting.pk,
            self.visible,
            Scope.for_user(self.user).reading_key(),
        )


class MeetingDocument(Orderable):
    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="study_documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("file to study")


class MeetingReading(Orderable):
    """A link to an official document (or any handbook page) from this unit or a unit above."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="study_pages")
    target = models.ForeignKey(HandbookPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("official document to study")


class Attendance(Orderable):
    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("members.Person", verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"), default=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=200, blank=True)

    panels = [FieldPanel("person"), FieldPanel("present"), FieldPanel("absence_reason")]

    class Meta(Orderable.Meta):
        verbose_name = _("attendance")
        constraints = [models.UniqueConstraint(fields=["page", "person"], name="one_attendance_per_person")]


class MeetingTask(Orderable):
    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="tasks")
    description = models.CharField(_("task"), max_length=300)
    assignee = models.ForeignKey(
        "members.Person",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_tasks",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)

    panels = [FieldPanel("description"), FieldPanel("assignee"), FieldPanel("due_on"), FieldPanel("status")]

    class Meta(Orderable.Meta):
        verbose_name = _("task")
        indexes = [models.Index(fields=["assignee", "status"])]
