"""Members' questions to the editorial teams (Hỏi đáp): plain text, read only by the asker and by
those who answer them.

A question is addressed to one unit of the asker's own chain (their ward or commune, their
province, the central level if the deployment allows it). The editors and chief editors of that
unit and of every unit above it read and answer it (`QuestionQuerySet.answered_in`, keyed on the
role table's `answers_questions`). Changes of status go through members.questions (the services),
never through a form; the history of who answered is Wagtail's audit log.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .people import Person

QUESTION_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 6000


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", _("Published as Q&A")


class QuestionQuerySet(models.QuerySet):
    """Who reads and answers which questions. `scope` is the person's site_pages.visibility.Scope,
    passed in because this layer sits below the rule."""

    def answered_in(self, scope):
        """Questions addressed to a unit inside the subtrees where `scope` answers questions."""
        if scope.everything:
            return self
        condition = Q(pk__in=[])
        for path in scope.answering_paths:
            condition |= Q(unit__path__startswith=path)
        return self.filter(condition)


class Question(models.Model):
    asker = models.ForeignKey(Person, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="questions")
    unit = models.ForeignKey(
        "site_pages.UnitPage",
        verbose_name=_("addressed to"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The unit whose editorial team answers; it moves up when the unit has nobody to answer."),
    )
    text = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    may_show_name = models.BooleanField(_("name may be shown if published"), default=False)
    client_token = models.UUIDField(_("client token"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN, editable=False
    )
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    page = models.ForeignKey(
        "site_pages.QuestionAnswerPage",
        verbose_name=_("Q&A page"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["asker", "client_token"], name="one_question_per_client_token"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["asker", "created_at"]),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 60 else f"{self.text[:57]}…"

    @property
    def is_open(self):
        return self.status == QuestionStatus.OPEN
