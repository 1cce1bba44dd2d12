"""Notices to whole units: announcing a published page, the inbox that merges them with personal
notices, the unread count, and the emails (one per notice, or a daily summary).

Storage survives a country: a page published to a province of 60,000 members is one `UnitNotice`
row; what each person has seen is a watermark on `Person` (`mark_seen`), plus a `NoticeRead` row
for a notice seen out of order. Who reads a unit
notice is the visibility rule itself: everyone whose `Scope.unit_ids` holds the unit, that is
everyone with a current role on a unit of its subtree. The inbox and the count filter on that and
on the page's own visibility (`Scope.q` on the page, live), so a notice never shows a page its
reader may not open, even after the page moved or was unpublished.

The unread count is one query: notices of the last `UNREAD_DAYS` in the person's units above their
watermark and without a read row, plus their unread personal notices. Counting rather than keeping
a counter on `Person` means publishing writes one row instead of 60,000 updates; the window keeps the count a
few hundred index lookups however old the account.

Emails carry no title and no text, only how many new notices there are and the inbox's link, so
members-only content never leaves the handbook; each message is sent on its own and a failure is
logged and skipped.
"""

import logging
from datetime import datetime, time, timedelta

from django_tasks import task

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.models import Site

from members.models import NoticeEmail, NoticeRead, Notification, NotificationKind, Person, Role, UnitNotice
from members.sessions import person_of
from site_pages.models import HandbookPage, MeetingPage, UnitPage
from site_pages.page_cache import ROLES, SITES, bump, cached, person_generation, unit_generation
from site_pages.visibility import Scope, ancestor_paths

logger = logging.getLogger(__name__)

UNREAD_DAYS = 90
DIGEST_CATCH_UP_DAYS = 7
BATCH = 1000


def is_announced(page):
    """Pages whose publication members hear of: what a unit publishes for reading, and meetings."""
    return isinstance(page, MeetingPage) or page.listed_on_member_page


def announce_after_commit(page, kind=NotificationKind.PAGE_PUBLISHED):
    """Queue the announcement of `page`; the request that published it does nothing more."""
    page_id = page.pk
    transaction.on_commit(lambda: announce_page.enqueue(page_id, kind))


def readers_of_unit(unit):
    """People whose pages include `unit`'s: a current role anywhere in its subtree."""
    return Person.objects.filter(
        pk__in=Role.objects.current().filter(unit__path__startswith=unit.path).values("person_id")
    )


@task()
def announce_page(page_id, kind):
    """Store the unit's notice of `page` once ever, then email those who want one per notice."""
    page = HandbookPage.objects.filter(pk=page_id, live=True, owning_unit__isnull=False).first()
    if page is None:
        return 0
    try:
        with transaction.atomic():
            notice = UnitNotice.objects.create(unit_id=page.owning_unit_id, page=page, kind=kind, title=page.title)
    except IntegrityError:
        return 0  # announced before: republished, reverted or approved again
    unit = UnitPage.objects.get(pk=notice.unit_id)
    emails = (
        readers_of_unit(unit)
        .filter(notice_email=NoticeEmail.EACH)
        .exclude(email="")
        .values_list("email", flat=True)
        .order_by("pk")
    )
    return send_counts((email, 1) for email in emails.iterator(chunk_size=BATCH))


def inbox_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("members:notifications")


def send_counts(recipients):
    """Send each (address, number of new notices) its own message; return how many went out."""
    sent = 0
    with get_connection() as connection:
        for address, count in recipients:
            message = EmailMessage(
                _("New notices in the party-member handbook"),
                ngettext(
                    "You have %(count)d new notice. Read it in the handbook:",
                    "You have %(count)d new notices. Read them in the handbook:",
                    count,
                )
                % {"count": count}
                + f"\n\n{inbox_url()}\n",
                to=[address],
                connection=connection,
            )
            try:
                message.send()
            except Exception:
                # One bad address or a refusing server must not stop the others.
                logger.exception("notice email to %s failed", address)
                continue
            sent += 1
    return sent


def unit_notices_for(scope, person_id, seen_until):
    """The unit notices `scope` reads, each with whether the person has seen it: created by
    `seen_until` (their watermark) or read out of order. Only units speak: a superuser reads every
    page, yet no unit notice is addressed to them."""
    # The page's own half of Scope.q (its unit is read, or it is public): true of a notice unless
    # the page moved away since; the staff half is not needed, as every notice here is of a read unit.
    page_readable = Q(page__owning_unit_id__in=scope.unit_ids) | Q(page__is_public=True)
    # Past the unread window a notice is no longer news: shown as seen, and its read rows may go.
    seen = (
        Q(created_at__lte=seen_until)
        | Q(created_at__lt=unread_window_start())
        | Exists(NoticeRead.objects.filter(person_id=person_id, notice=OuterRef("pk")))
    )
    return UnitNotice.objects.filter(Q(unit_id__in=scope.unit_ids, page__live=True) & page_readable).annotate(
        seen=ExpressionWrapper(seen, output_field=BooleanField())
    )


def unread_window_start():
    return timezone.now() - timedelta(days=UNREAD_DAYS)


def forget_old_reads():
    """Delete the read rows of notices past the unread window: they no longer change anything."""
    return NoticeRead.objects.filter(notice__created_at__lt=unread_window_start()).delete()[0]


def notices_generation(person_id):
    """The page cache's generation of a person's own notices and of what they have seen."""
    return f"notices:{person_id}"


def notices_changed(person_ids):
    """New unread counts for these people (a notice given or read, their watermark moved)."""
    bump(*(notices_generation(person_id) for person_id in set(person_ids)))


def unit_notices_changed(unit_ids):
    """New unread counts for every reader of these units (a unit notice stored or deleted)."""
    bump(*(unit_generation(unit_id) for unit_id in set(unit_ids)))


def unread_count(user):
    """Unread notices of `user` from the last UNREAD_DAYS, the header's badge on every page: kept in
    the page cache per person until a notice of theirs, one of a unit they read, their roles or the
    tree change, and for the hour at most (the oldest leave the window)."""
    person = person_of(user)
    if person is None:
        return 0
    scope = Scope.for_user(user)
    return cached(
        "unread",
        own_notices_generations(user, person, scope),
        [person.pk, this_hour()],
        lambda: _count_unread(user, scope),
    )


def own_notices_generations(user, person, scope):
    """What a person's notices, and what they have seen of them, change with: their notices and marks,
    the notices and pages of the units they read, their roles."""
    return [
        ROLES,
        person_generation(user.pk),
        notices_generation(person.pk),
        *(unit_generation(unit_id) for unit_id in sorted(scope.unit_ids)),
    ]


def this_hour():
    """A key part for what moves with the unread window: a notice leaving it counts as seen."""
    return timezone.now().strftime("%Y%m%d%H")


def _count_unread(user, scope):
    """The unread count in one query."""
    since = unread_window_start()

    def counted(queryset):
        return Coalesce(
            Subquery(queryset.order_by().values(n=Func(F("pk"), function="COUNT")), output_field=IntegerField()),
            0,
        )

    unread = counted(Notification.objects.filter(person=OuterRef("pk"), read_at__isnull=True, created_at__gte=since))
    if scope.unit_ids:
        person = OuterRef(OuterRef("pk"))
        seen_until = OuterRef("notices_seen_until")
        unread += counted(unit_notices_for(scope, person, seen_until).filter(seen=False))
    return Person.objects.filter(user=user).annotate(unread=unread).values_list("unread", flat=True).first() or 0


INBOX_FIELDS = ("n_id", "n_unit", "n_kind", "n_title", "n_body", "n_url", "n_page", "n_created", "n_seen")


def inbox(user, person):
    """Every notice of `person`, newest first, as one queryset of rows (a union: count it, slice it)."""
    scope = Scope.for_user(user)
    units = unit_notices_for(scope, person.pk, person.notices_seen_until).annotate(
        n_id=F("pk"),
        n_unit=Value(True),
        n_kind=F("kind"),
        n_title=F("title"),
        n_body=Value(""),
        n_url=Value(""),
        n_page=F("page_id"),
        n_created=F("created_at"),
        n_seen=F("seen"),
    )
    own = Notification.objects.filter(person=person).annotate(
        n_id=F("pk"),
        n_unit=Value(False),
        n_kind=F("kind"),
        n_title=F("title"),
        n_body=F("body"),
        n_url=F("url"),
        n_page=Value(None, output_field=IntegerField()),
        n_created=ExpressionWrapper(F("created_at"), output_field=DateTimeField()),
        n_seen=ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField()),
    )
    return (
        units.order_by()
        .values_list(*INBOX_FIELDS)
        .union(own.order_by().values_list(*INBOX_FIELDS), all=True)
        .order_by("-n_created", "-n_id")
    )


def inbox_page(request, person, number, per_page):
    """Page `number` of `person`'s inbox, as Django's Page of rows (id, is a unit's, kind, title, body,
    link, created, seen). The count and each page of rows are kept in the page cache per person, under
    what changes the unread count and the sites (the links), for the hour at most: the union's count
    and slice cost more than the rest of the page, and a member opening the inbox twice in a row
    changed nothing in between unless something was newly seen (that starts a new generation)."""
    user = request.user
    generations = [SITES, *own_notices_generations(user, person, Scope.for_user(user))]
    site = Site.find_for_request(request)
    parts = [person.pk, this_hour(), site.pk if site else "-"]
    # The union is built only when something is not kept: building it costs a fifth of the page.
    paginator = Paginator((), per_page)
    paginator.count = cached("inbox-count", generations, parts, lambda: inbox(user, person).count())
    page_obj = paginator.get_page(number)
    start = (page_obj.number - 1) * per_page
    page_obj.object_list = cached(
        "inbox-page",
        generations,
        [*parts, page_obj.number],
        lambda: linked(list(inbox(user, person)[start : start + per_page]), request),
    )
    return page_obj


def linked(rows, request):
    """Inbox rows with each unit notice's page replaced by its link (one query for them all)."""
    page_ids = [row[6] for row in rows if row[1]]
    pages = {page.pk: page for page in HandbookPage.objects.filter(pk__in=page_ids)} if page_ids else {}
    return [
        (pk, is_unit, kind, title, body, pages[page_id].get_url(request) if is_unit else url, created_at, seen)
        for pk, is_unit, kind, title, body, url, page_id, created_at, seen in rows
    ]


def show_and_mark(rows, person, request, mark):
    """Turn linked inbox rows (inbox_page) into notices to show; if `mark`, record them as read (at
    most two queries)."""
    notices = [
        {
            "title": title,
            "body": body,
            "url": url,
            "kind": NotificationKind(kind).label,
            "created_at": created_at,
            "unread": not seen,
        }
        for _pk, _is_unit, kind, title, body, url, created_at, seen in rows
    ]
    if mark:
        own_ids = [pk for pk, is_unit, *_, seen in rows if not is_unit and not seen]
        if own_ids:
            Notification.objects.filter(pk__in=own_ids, read_at__isnull=True).update(read_at=timezone.now())
            notices_changed([person.pk])
        shown = {pk: created_at for pk, is_unit, *_, created_at, seen in rows if is_unit and not seen}
        mark_seen(person, Scope.for_user(request.user), shown)
    return notices


def mark_seen(person, scope, shown):
    """Record that `person` saw the unit notices `shown` ({id: created_at}) on their inbox.

    Their watermark moves up to just below the oldest notice still unseen, or to the newest of
    all when none is left, and the read rows it now covers go (at most four queries). Only notices
    read above an older unseen one get a NoticeRead row, so members reading their inbox from the
    top write no rows at all. Unseen notices older than the UNREAD_DAYS window do not hold the
    watermark back: they count for nothing anyway.
    """
    if not shown:
        return
    notices_changed([person.pk])
    floor = max(person.notices_seen_until, unread_window_start())
    bounds = (
        unit_notices_for(scope, person.pk, person.notices_seen_until)
        .filter(created_at__gt=floor)
        .aggregate(
            oldest_unseen=Min("created_at", filter=Q(seen=False) & ~Q(pk__in=shown)),
            newest=Max("created_at"),
        )
    )
    oldest_unseen = bounds["oldest_unseen"]
    if oldest_unseen is None:
        covered_up_to = max(bounds["newest"] or floor, *shown.values())
        out_of_order = []
    else:
        covered_up_to = max((created for created in shown.values() if created < oldest_unseen), default=None)
        out_of_order = [pk for pk, created in shown.items() if created >= oldest_unseen]
    if covered_up_to and covered_up_to > person.notices_seen_until:
        person.notices_seen_until = covered_up_to
        Person.objects.filter(pk=person.pk, notices_seen_until__lt=covered_up_to).update(
            notices_seen_until=covered_up_to
        )
        NoticeRead.objects.filter(person=person, notice__created_at__lte=covered_up_to).delete()
    if out_of_order:
        NoticeRead.objects.bulk_create(
            [NoticeRead(person=person, notice_id=pk) for pk in out_of_order], ignore_conflicts=True
        )


def send_digests(now=None):
    """Email each member choosing a daily summary how many notices they got since their last one.

    A summary sent on day D counts what came before D; a day the command did not run is counted
    the next time, up to DIGEST_CATCH_UP_DAYS back. Notices by unit and day are counted once;
    people go by in batches of BATCH with their roles and personal counts in two queries a batch.
    A conditional UPDATE of `digest_sent_on` claims each person, so running it twice (or twice at
    once) sends one summary a day.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_day = today - timedelta(days=DIGEST_CATCH_UP_DAYS)
    per_unit_path = {}
    for path, day, count in by_day(UnitNotice.objects.filter(page__live=True), "unit__path", first_day, today):
        per_unit_path.setdefault(path, []).append((day, count))
    people = (
        Person.objects.filter(notice_email=NoticeEmail.DAILY)
        .exclude(email="")
        .exclude(digest_sent_on=today)
        .order_by("pk")
        .values_list("pk", "email", "digest_sent_on")
    )
    sent = 0
    batch = []
    for row in people.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            sent += _send_digest_batch(batch, per_unit_path, first_day, today)
            batch = []
    if batch:
        sent += _send_digest_batch(batch, per_unit_path, first_day, today)
    forget_old_reads()
    return sent


def by_day(queryset, key, first_day, end_day):
    """(key, local day, count) of the rows created from `first_day` up to, not including, `end_day`."""
    start, end = (timezone.make_aware(datetime.combine(day, time.min)) for day in (first_day, end_day))
    return (
        queryset.filter(created_at__gte=start, created_at__lt=end)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list(key, "day")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _send_digest_batch(batch, per_unit_path, first_day, today):
    ids = [pk for pk, _email, _sent_on in batch]
    own = {}
    for person_id, day, count in by_day(Notification.objects.filter(person_id__in=ids), "person_id", first_day, today):
        own.setdefault(person_id, []).append((day, count))
    chains = {}
    for person_id, path in Role.objects.current().filter(person_id__in=ids).values_list("person_id", "unit__path"):
        chains.setdefault(person_id, set()).update(ancestor_paths(path))
    due = []
    for pk, email, sent_on in batch:
        # Since the last summary, or yesterday for someone who never had one.
        since = max(sent_on, first_day) if sent_on else today - timedelta(days=1)
        counts = [*own.get(pk, ()), *(pair for path in chains.get(pk, ()) for pair in per_unit_path.get(path, ()))]
        count = sum(n for day, n in counts if day >= since)
        # The claim comes first: a second copy of the command finds the day taken.
        if count and Person.objects.filter(pk=pk).exclude(digest_sent_on=today).update(digest_sent_on=today):
            due.append((email, count))
    return send_counts(due)
