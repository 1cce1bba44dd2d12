"""Answers to members' questions published for everyone who reads the unit (Hỏi đáp).

A Q&A page is written from a question (members.questions) as a draft under its unit's
`QuestionIndexPage` and goes through the unit's editorial workflow like any page. It holds the
question and the answer and, only when the asker agreed, the name to show; never the asker's
cell or account, so no revision of the page can carry them.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .base import HandbookPage


class QuestionAnswerPage(HandbookPage):
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    asker_name = models.CharField(
        _("asked by"), max_length=255, blank=True, help_text=_("Shown only when the asker agreed; otherwise empty.")
    )
    answered_on = models.DateField(_("answered on"), default=timezone.localdate)

    is_creatable = True
    parent_page_types = ["site_pages.QuestionIndexPage"]
    subpage_types = []
    content_panels = [
        *HandbookPage.content_panels,
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("asker_name"),
        FieldPanel("answered_on"),
    ]
    search_fields = [*HandbookPage.search_fields, index.SearchField("question"), index.SearchField("answer")]
    template = "pages/question_answer_page.html"

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def text_to_fold(self):
        return [*super().text_to_fold(), self.question, self.answer]
