"""What a person's own page (`/me/`) shows, in a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, Prefetch, Q, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import get_page_models

from members.calendar import calendar_generation
from members.comments.forms import CommentForm
from members.comments.services import pending_count
from members.models import CalendarFeed, Notification, Role, RoleKind
from members.notices import notices_generation
from members.sessions import person_of
from site_pages.fragments import fragment_key
from site_pages.models import HandbookPage, MeetingPage, MeetingTask, StudyMaterial, TaskStatus, UnitPage
from site_pages.page_cache import ROLES, cached, cached_per_unit, person_generation, unit_generation
from site_pages.visibility import Scope, ancestor_paths

NEWEST_PER_UNIT = 5


def reading_content_types():
    """Page types a member reads as news of a level; indexes and meetings have their own places."""
    models = [model for model in get_page_models() if getattr(model, "listed_on_member_page", False)]
    return list(ContentType.objects.get_for_models(*models).values())


def newest_pages_by_unit(user, unit_ids, per_unit=NEWEST_PER_UNIT):
    """The newest reading pages of each unit that `user` reads in full (their units and those above:
    Scope.unit_ids), one windowed query for the units not in the page cache. Every live page of such
    a unit is visible to the person, so each unit's list is shared by all who read that unit."""
    scope = Scope.for_user(user)
    readable = [unit_id for unit_id in unit_ids if scope.everything or unit_id in scope.unit_ids]
    lists = cached_per_unit("newest", readable, lambda missed: _newest_of(missed, per_unit))
    return {unit_id: lists.get(unit_id, []) for unit_id in unit_ids}


def _newest_of(unit_ids, per_unit):
    ranked = (
        HandbookPage.objects.live()
        .filter(owning_unit_id__in=unit_ids, content_type__in=reading_content_types())
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("owning_unit_id")],
                order_by=[F("first_published_at").desc(nulls_last=True), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_unit)
        .select_related("content_type")
        .order_by("-first_published_at")
    )
    grouped = {unit_id: [] for unit_id in unit_ids}
    for page in ranked:
        grouped[page.owning_unit_id].append(page)
    return grouped


def level_fragment_key(unit, pages):
    """A unit's list as /me/ shows it, kept under the unit's generation. Everyone who reads the unit
    in full gets the same list; anyone else an empty one, hence the emptiness in the key."""
    return fragment_key("me-level", [unit_generation(unit.pk)], unit.pk, bool(pages))


def _roles_of(user):
    """The person's current roles with their units, kept until their roles or the tree change."""
    return cached(
        "me-roles",
        [ROLES, person_generation(user.pk)],
        [user.pk],
        lambda: list(
            Role.objects.current().filter(person__user=user).select_related("unit").order_by("unit__depth", "kind")
        ),
    )


def member_overview(user):
    roles = _roles_of(user)
    person = person_of(user)  # loaded with the user (members.sessions): fresh, no query
    cell_role = next((role for role in roles if role.kind == RoleKind.MEMBER), None)
    home_unit = cell_role.unit if cell_role else (roles[0].unit if roles else None)

    chain = []
    if home_unit is not None:
        chain = cached(
            "chain",
            [],
            [home_unit.pk, home_unit.path],
            lambda: list(UnitPage.objects.filter(path__in=ancestor_paths(home_unit.path)).order_by("depth")),
        )
    pages = newest_pages_by_unit(user, [unit.pk for unit in chain])
    return {
        **meetings_overview(user, person, sorted({role.unit_id for role in roles})),
        "person": person,
        "cell": cell_role.unit if cell_role else None,
        "chain": chain,
        "chain_fragment": fragment_key("me-chain", [], chain[-1].pk, chain[-1].path) if chain else None,
        # Each level's list, rendered once for all who read that unit (site_pages.fragments).
        "levels": [(unit, pages[unit.pk], level_fragment_key(unit, pages[unit.pk])) for unit in chain],
        "staff_roles": [role for role in roles if role.rules.admin_access],
        "pending_comments": pending_count(user),
    }


PAST_MEETINGS = 5
UPCOMING_PER_UNIT = 10
CONCLUDED_SPARE = 3
NOTICES = 5
OPEN_TASKS = 20


def meetings_overview(user, person, unit_ids, now=None):
    """The next meeting first, then the person's tasks, then past meetings with their conclusions."""
    now = now or timezone.now()
    scope = Scope.for_user(user)
    upcoming = min(
        (
            meeting
            for meetings in _upcoming_by_unit(unit_ids, now).values()
            for meeting in meetings
            if (meeting.starts_at >= now or (meeting.ends_at and meeting.ends_at >= now)) and scope.allows(meeting)
        ),
        key=lambda meeting: meeting.starts_at,
        default=None,
    )
    past = [
        meeting for meeting in _concluded_meetings(user, unit_ids) if meeting.starts_at < now and meeting != upcoming
    ][:PAST_MEETINGS]
    own = _own_of(user, person, unit_ids) if person is not None else {"tasks": [], "feed": None, "notices": []}
    return {
        "next_meeting": upcoming,
        "study": StudyMaterial(upcoming, user, now) if upcoming else None,
        "comment_form": (
            CommentForm.blank(label=_("Your comment on this meeting"))
            if upcoming and upcoming.comments_open(now)
            else None
        ),
        "my_tasks": own["tasks"],
        "past_meetings": past,
        "calendar_feed": own["feed"],
        "notices": own["notices"],
        "now": now,
    }


def _upcoming_by_unit(unit_ids, now):
    """Each unit's live meetings not over at the day's start, soonest first, kept per unit and day
    (a new meeting, a date moved, start a new generation of the unit); the caller keeps those not
    over now and that the person may read."""
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)

    def compute(missed):
        ranked = (
            MeetingPage.objects.live()
            .filter(Q(starts_at__gte=day_start) | Q(ends_at__gte=day_start), owning_unit_id__in=missed)
            .annotate(rank=Window(RowNumber(), partition_by=[F("owning_unit_id")], order_by=[F("starts_at").asc()]))
            .filter(rank__lte=UPCOMING_PER_UNIT)
            .select_related("owning_unit")
        )
        grouped = {unit_id: [] for unit_id in missed}
        for meeting in ranked:
            grouped[meeting.owning_unit_id].append(meeting)
        return grouped

    return cached_per_unit(f"upcoming:{day_start.date()}", unit_ids, compute)


def _own_of(user, person, unit_ids):
    """The person's tasks, calendar feed and newest notices, kept until one of their units publishes,
    their roles change, a notice of theirs is given or read, or their feed changes."""
    generations = [
        ROLES,
        person_generation(user.pk),
        notices_generation(person.pk),
        calendar_generation(person.pk),
        *(unit_generation(unit_id) for unit_id in unit_ids),
    ]

    def read():
        meetings = MeetingPage.objects.visible_to(user).filter(owning_unit_id__in=unit_ids)
        return {
            "tasks": list(
                MeetingTask.objects.filter(
                    assignee=person, page__in=meetings.filter(conclusions_published=True).values("pk")
                )
                .select_related("page")
                .order_by(Case(When(status=TaskStatus.DONE, then=1), default=0), "due_on", "pk")[:OPEN_TASKS]
            ),
            "feed": CalendarFeed.objects.filter(person=person).first(),
            "notices": list(Notification.objects.filter(person=person)[:NOTICES]),
        }

    return cached("me-own", generations, [person.pk], read)


def _concluded_meetings(user, unit_ids):
    """The newest meetings with published conclusions (and their tasks) of each of the person's
    units, kept per unit; the caller keeps those already started. A few spare per unit, for the
    next meeting left out and the rare conclusions published before a meeting's start."""
    scope = Scope.for_user(user)
    readable = [unit_id for unit_id in unit_ids if scope.everything or unit_id in scope.unit_ids]

    def compute(missed):
        ranked = (
            MeetingPage.objects.live()
            .filter(owning_unit_id__in=missed, conclusions_published=True)
            .annotate(rank=Window(RowNumber(), partition_by=[F("owning_unit_id")], order_by=[F("starts_at").desc()]))
            .filter(rank__lte=PAST_MEETINGS + CONCLUDED_SPARE)
            .select_related("owning_unit")
            .prefetch_related(Prefetch("tasks", queryset=MeetingTask.objects.select_related("assignee")))
        )
        grouped = {unit_id: [] for unit_id in missed}
        for meeting in ranked:
            grouped[meeting.owning_unit_id].append(meeting)
        return grouped

    by_unit = cached_per_unit("concluded", readable, compute)
    return sorted((m for meetings in by_unit.values() for m in meetings), key=lambda m: m.starts_at, reverse=True)
