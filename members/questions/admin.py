"""The questions queue in the Wagtail admin (`Hỏi đáp`): who reads which question, where the
answer is written, and the step that turns an answer into a draft Q&A page.

Rights come from roles, not groups: a current editor or chief editor of a unit reads and answers
the questions addressed to that unit and to every unit below it (Scope.answering_paths). Anyone
else gets the same 404 for a question as for a missing one. Wagtail asks the policy instead of
Django model permissions (https://docs.wagtail.org/en/stable/extending/permission_policies.html).
"""

from functools import partial

from django_filters import ChoiceFilter, DateFromToRangeFilter

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, HistoryView, InspectView, UsageView

from members.admin_display import ReadableInspectMixin, user_name
from members.models import Question, QuestionStatus
from members.questions.services import QuestionError, answer, can_answer, draft_page
from site_pages.admin_labels import TranslatedSnippetViewSet
from site_pages.admin_scope import ScopedSnippetChooserViewSet
from site_pages.visibility import Scope

ANSWERING_ACTIONS = frozenset({"view", "change"})


class QuestionAnsweringPolicy(ModelPermissionPolicy):
    """Answerers may list, read and answer; nobody adds, copies or deletes questions in the admin."""

    def _answers(self, user):
        scope = Scope.for_user(user)
        return user.is_active and (scope.everything or bool(scope.answering_paths))

    def user_has_permission(self, user, action):
        return action in ANSWERING_ACTIONS and self._answers(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_answer(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Question.objects.none()
        return Question.objects.answered_in(Scope.for_user(user))


class QuestionFilterSet(WagtailFilterSet):
    status = ChoiceFilter(
        label=gettext_lazy("Status"), choices=QuestionStatus.choices, empty_label=gettext_lazy("Any status")
    )
    created_at = DateFromToRangeFilter(label=gettext_lazy("Asked"), widget=DateRangePickerWidget)

    class Meta:
        model = Question
        fields = []


class AnswerersOnlyMixin:
    """A question outside the person's answering subtrees is a 404, as if it did not exist."""

    def get_object(self, *args, **kwargs):
        question = super().get_object(*args, **kwargs)
        if not can_answer(self.request.user, question):
            raise Http404
        return question


class QuestionEditView(AnswerersOnlyMixin, EditView):
    """The question's own page: everything shown, only the answer written (members.questions.answer)."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["answer"].required = True
        return form

    def save_instance(self):
        return answer(self.object, self.request.user, self.form.cleaned_data["answer"])

    def get_success_message(self, instance=None):
        return _("Answer saved; the asker is told.")

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.page_id:
            buttons.append(
                Button(
                    _("Edit the Q&A page"),
                    url=reverse("wagtailadmin_pages:edit", args=[self.object.page_id]),
                    icon_name="doc-full",
                    priority=30,
                )
            )
        elif not self.object.is_open:
            buttons.append(
                Button(
                    _("Publish as Q&A"),
                    url=reverse("wagtailsnippets_members_question:draft_page", args=[self.object.pk]),
                    icon_name="doc-full-inverse",
                    priority=30,
                )
            )
        return buttons


class QuestionInspectView(AnswerersOnlyMixin, ReadableInspectMixin, InspectView):
    pass


class QuestionHistoryView(AnswerersOnlyMixin, HistoryView):
    pass


class QuestionUsageView(AnswerersOnlyMixin, UsageView):
    pass


class DraftPageView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then write the answered question as a draft Q&A page and submit it for approval."""

    template_name = "members/questions/confirm_draft_page.html"
    page_title = gettext_lazy("Publish as Q&A")
    header_icon = "help"

    def dispatch(self, request, pk):
        self.question = get_object_or_404(Question.objects.select_related("unit", "asker", "page"), pk=pk)
        if not can_answer(request.user, self.question):
            raise Http404
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "question": self.question}

    def post(self, request, pk):
        edit_url = reverse("wagtailsnippets_members_question:edit", args=[pk])
        try:
            page = draft_page(self.question, request.user)
        except QuestionError as error:
            messages.error(request, str(error))
            return redirect(edit_url)
        messages.success(
            request, _("The Q&A page was written as a draft without the asker's cell and submitted for approval.")
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


class QuestionViewSet(TranslatedSnippetViewSet):
    model = Question
    icon = "help"
    menu_label = gettext_lazy("Questions")
    menu_name = "questions"
    menu_order = 220
    add_to_admin_menu = True
    url_prefix = "members/questions"
    list_display = [
        "__str__",
        "asker",
        "unit",
        "status",
        "created_at",
        Column("answered_by", label=gettext_lazy("answered by"), accessor=partial(user_name, field_name="answered_by")),
    ]
    list_filter = None
    filterset_class = QuestionFilterSet
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = QuestionEditView
    inspect_view_class = QuestionInspectView
    history_view_class = QuestionHistoryView
    usage_view_class = QuestionUsageView
    chooser_viewset_class = ScopedSnippetChooserViewSet
    inspect_view_fields = ["text", "asker", "unit", "may_show_name", "status", "answer", "answered_by", "answered_at"]
    panels = [
        FieldPanel("asker", read_only=True),
        FieldPanel("unit", read_only=True),
        FieldPanel("may_show_name", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("answer"),
    ]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return (
            Question.objects.answered_in(Scope.for_user(request.user))
            .select_related("asker", "unit", "answered_by")
            .order_by("-created_at", "-pk")
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("draft-page/<str:pk>/", DraftPageView.as_view(), name="draft_page"),
        ]
