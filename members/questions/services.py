"""Asking, answering, publishing and moving members' questions.

Who answers a question: the current editors and chief editors (ROLE_KINDS' `answers_questions`)
of its unit and of every unit above it. A member addresses only a unit of their own chain that
has such a person. When the last of them leaves a unit, its open questions move to the nearest
unit above that has one, and each asker is told (`move_orphaned_questions`, run after the commit
of any role change, members.signals). The addressed unit's own answering staff are told of a new
question, and the new unit's staff of a question moved to them (`tell_answerers`); the units above
read the queue without a notice each, which would tell a province of every ward's question.

A Q&A page is written as a draft that never holds the asker's cell or account, and their name
only when they agreed; the draft enters the unit's editorial workflow at once, so that the
approver publishes it (site_pages.models.workflows). Its publication marks the question published.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.log_actions import log

from members.models import (
    ANSWER_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    Level,
    NotificationKind,
    Question,
    QuestionStatus,
    Role,
    kinds_where,
)
from members.notifications import notify_each
from members.rate_limits import over_rate
from search.folding import vietnamese_slug
from site_pages.models import QuestionAnswerPage, UnitPage
from site_pages.tree import question_index
from site_pages.visibility import Scope, ancestor_paths

ANSWERING_KINDS = kinds_where(lambda rules: rules.answers_questions)
TITLE_LENGTH = 90

LOG_ACTIONS = {
    "members.question.answer": (gettext_lazy("Answer question"), gettext_lazy("Question answered")),
    "members.question.draft": (gettext_lazy("Write Q&A page"), gettext_lazy("Q&A page drafted from the question")),
    "members.question.move": (gettext_lazy("Move question"), gettext_lazy("Question moved to the unit above")),
}


class QuestionError(Exception):
    """A refusal with a message fit to show the person who asked."""


class RateLimited(QuestionError):
    pass


class NotAllowed(QuestionError):
    pass


def has_answerers():
    """Condition on a UnitPage queryset: the unit has a current editor or chief editor."""
    return Exists(Role.objects.current().filter(unit=OuterRef("pk"), kind__in=ANSWERING_KINDS))


def askable_levels():
    levels = [Level.WARD, Level.PROVINCE]
    if settings.HANDBOOK_QUESTIONS_TO_CENTRAL:
        levels.append(Level.CENTRAL)
    return levels


def askable_units(user):
    """The units of `user`'s own chain (above their cell) that a question may go to, top first:
    their ward and province, the central level if enabled, each only with someone to answer."""
    cell_id = Scope.for_user(user).cell_id
    if cell_id is None:
        return []
    cell_path = UnitPage.objects.filter(pk=cell_id).values_list("path", flat=True).first()
    if cell_path is None:
        return []
    return list(
        UnitPage.objects.filter(path__in=ancestor_paths(cell_path), level__in=askable_levels())
        .filter(has_answerers())
        .order_by("depth")
    )


def clean_text(text, max_length, empty_message):
    text = (text or "").strip()
    if not text:
        raise QuestionError(empty_message)
    if len(text) > max_length:
        raise QuestionError(
            _("The text can be at most %(max)d characters; this one has %(count)d.")
            % {"max": max_length, "count": len(text)}
        )
    return text


def questions_url(question):
    return f"{reverse('members:questions')}#question-{question.pk}"


@transaction.atomic
def ask(person, unit_id, text, may_show_name, client_token, *, now=None):
    """Ask `unit_id`'s editorial team; return `(question, created)`. A token already used by
    `person` returns that question unchanged, so a resent form never asks twice."""
    existing = Question.objects.filter(asker=person, client_token=client_token).first()
    if existing is not None:
        return existing, False
    text = clean_text(text, QUESTION_MAX_LENGTH, _("Write your question before sending."))
    units = {unit.pk: unit for unit in askable_units(person.user)}
    if unit_id not in units:
        raise NotAllowed(_("Choose one of the units offered: questions go to your own ward, province or above."))
    now = now or timezone.now()
    if over_rate(Question.objects.filter(asker=person), settings.QUESTIONS_PER_MINUTE, now):
        raise RateLimited(_("You have sent many questions in the last minute. Wait a minute, then send again."))
    try:
        with transaction.atomic():
            question = Question.objects.create(
                asker=person,
                unit=units[unit_id],
                text=text,
                may_show_name=bool(may_show_name),
                client_token=client_token,
            )
    except IntegrityError:
        # The same token arrived twice at once: the other request created it.
        return Question.objects.get(asker=person, client_token=client_token), False
    tell_answerers([question])
    return question, True


def tell_answerers(questions):
    """Tell the current editors and chief editors of each question's own unit that it waits for them
    (an inbox notice, and the email or daily summary each chose). The asker is never told of their own."""
    staff = {}
    for role in (
        Role.objects.current()
        .filter(unit_id__in={question.unit_id for question in questions}, kind__in=ANSWERING_KINDS)
        .select_related("person")
        .order_by("person_id")
    ):
        staff.setdefault(role.unit_id, {})[role.person_id] = role.person  # one notice for an editor and chief editor
    notify_each(
        [
            (
                person,
                NotificationKind.QUESTION_ASKED,
                _("A member asks %(unit)s") % {"unit": question.unit.title},
                Truncator(question.text).chars(200),
                reverse("wagtailsnippets_members_question:edit", args=[question.pk]),
            )
            for question in questions
            for person in staff.get(question.unit_id, {}).values()
            if person.pk != question.asker_id
        ]
    )


def can_answer(user, question):
    """Whether `user` reads and answers `question` (needs its unit loaded)."""
    return Scope.for_user(user).answers_for(question.unit)


@transaction.atomic
def answer(question, user, text):
    """Write (or correct) the answer; the asker is told. Returns the question as saved."""
    if not can_answer(user, question):
        raise NotAllowed(_("Only the editorial team of the unit asked, or of a unit above it, answers this question."))
    text = clean_text(text, ANSWER_MAX_LENGTH, _("Write the answer before saving."))
    first = question.is_open
    if not first and Question.objects.filter(pk=question.pk, answer=text).exists():
        return question  # saved again unchanged: nothing to tell anyone
    now = timezone.now()
    status = QuestionStatus.ANSWERED if first else question.status
    Question.objects.filter(pk=question.pk).update(
        answer=text, answered_by=user, answered_at=now, status=status, updated_at=now
    )
    question.answer, question.answered_by, question.answered_at, question.status = text, user, now, status
    log(question, "members.question.answer", user=user, data={"status": status})
    title = _("Your question was answered") if first else _("The answer to your question was changed")
    notify_each(
        [(question.asker, NotificationKind.QUESTION_ANSWERED, title, _answer_body(question), questions_url(question))]
    )
    return question


def _answer_body(question):
    return "\n".join(
        [
            _("Question: %(text)s") % {"text": Truncator(question.text).chars(200)},
            "",
            _("Answer from %(unit)s: %(answer)s") % {"unit": question.unit.title, "answer": question.answer},
        ]
    )


@transaction.atomic
def draft_page(question, user):
    """Write the question and its answer as a draft Q&A page under the unit's `Hỏi đáp` and submit
    it to the unit's workflow; return the page (the same one if it exists already).

    The asker's name is on the draft only if they agreed; their cell and account never are, so no
    revision holds them."""
    if not can_answer(user, question):
        raise NotAllowed(_("Only the editorial team of the unit asked, or of a unit above it, answers this question."))
    if question.page_id is not None:
        return question.page
    if question.is_open:
        raise QuestionError(_("Answer the question before publishing it."))
    unit = question.unit.specific
    index = question_index(unit)
    title = Truncator(question.text.replace("\n", " ")).chars(TITLE_LENGTH)
    page = QuestionAnswerPage(
        title=title,
        slug=f"{vietnamese_slug(title)[:60].strip('-') or 'hoi-dap'}-{question.pk}",
        question=question.text,
        answer=question.answer,
        asker_name=question.asker.full_name if question.may_show_name else "",
        answered_on=timezone.localdate(question.answered_at),
        live=False,
        owner=user,
    )
    index.add_child(instance=page)
    page.save_revision(user=user)
    Question.objects.filter(pk=question.pk).update(page=page, updated_at=timezone.now())
    question.page = page
    log(question, "members.question.draft", user=user, data={"page": page.pk})
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return page


def mark_published(page):
    """The question behind `page` (a QuestionAnswerPage just published) is now published."""
    Question.objects.filter(page=page).exclude(status=QuestionStatus.PUBLISHED).update(
        status=QuestionStatus.PUBLISHED, updated_at=timezone.now()
    )


@transaction.atomic
def move_orphaned_questions(unit_ids):
    """Move the open questions of those `unit_ids` that no longer have anyone to answer to the
    nearest unit above that has someone, and tell each asker. Returns the questions moved."""
    orphaned = list(
        UnitPage.objects.filter(pk__in=unit_ids)
        .exclude(has_answerers())
        .filter(Exists(Question.objects.filter(unit=OuterRef("pk"), status=QuestionStatus.OPEN)))
    )
    if not orphaned:
        return []
    above = {path for unit in orphaned for path in ancestor_paths(unit.path)[:-1]}
    answered_above = {
        unit.path: unit for unit in UnitPage.objects.filter(path__in=above).filter(has_answerers()).order_by()
    }
    moved = []
    for unit in orphaned:
        target = next(
            (answered_above[path] for path in reversed(ancestor_paths(unit.path)[:-1]) if path in answered_above),
            None,
        )
        if target is None:
            continue  # nobody above either: the question waits where it is
        questions = list(
            Question.objects.select_for_update().filter(unit=unit, status=QuestionStatus.OPEN).select_related("asker")
        )
        Question.objects.filter(pk__in=[question.pk for question in questions]).update(
            unit=target, updated_at=timezone.now()
        )
        for question in questions:
            question.unit = target
            log(question, "members.question.move", data={"from": unit.pk, "to": target.pk})
            moved.append((question, unit.title))
    notify_each(
        [
            (
                question.asker,
                NotificationKind.QUESTION_MOVED,
                _("Your question was passed to %(unit)s") % {"unit": question.unit.title},
                _("%(unit)s has nobody to answer it any more.") % {"unit": old_title}
                + "\n\n"
                + Truncator(question.text).chars(200),
                questions_url(question),
            )
            for question, old_title in moved
        ]
    )
    tell_answerers([question for question, _old_title in moved])
    return [question for question, _old_title in moved]
