"""The sea pack (issue 11): what a member's phone keeps to read with no link, and the reads reported later.

The service worker (cms/templates/sw.js) asks `/me/offline/pack.json` for the list and fetches each
item with the background marker (members.reading.BACKGROUND_HEADER), so filling the pack records no
read. The list is computed here from the one visibility rule (`Scope`, `visible_to`):
- the member's page and the offline page;
- the next meeting of each unit the person holds a role on, with its released study material (files,
  linked pages and those pages' attached files);
- the meetings holding the person's open tasks, and the last meetings with published conclusions;
- the last pages and files the person opened.
A file is listed when its unit's collection is one the person reads (their units and those above, or
a staff subtree) and no meeting they read still holds it back (the release time); this is narrower
than the file door (site_pages.documents), never wider. Files above OFFLINE_FILE_MAX_BYTES are listed
as `large`: the phone keeps them only when the member asks.

Pages opened from the pack while offline come back through `record_reported_opens`: recorded only
for what the person may still see, each time clamped between the item's release and now.
"""

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from wagtail.documents import get_document_model

from members.models import Person, ReadingRecord, Role
from members.reading import record_reported_open
from site_pages.models import (
    HandbookPage,
    MeetingDocument,
    MeetingPage,
    MeetingReading,
    MeetingTask,
    OfficialDocumentAttachment,
    TaskStatus,
    UnitPage,
)
from site_pages.visibility import Scope

RECENTLY_OPENED = 20
LAST_CONCLUSIONS = 3
# Reports are batched by the phone; a larger batch is refused rather than half-read.
MAX_REPORTED = 200
# The static files every page needs to render (base.html); hashed names in production.
SHELL_STATIC = ("css/site.css", "js/app.js", "icons/icon-192.png")


@dataclass
class PackItem:
    url: str
    item: str  # "page:<id>", "file:<id>" or "" for the shell: what a report names
    version: str = ""  # unchanged version: the phone keeps its copy (files); empty: always fetched again
    size: int | None = None
    large: bool = False


def account_key(user):
    """Names the phone's cache of this account, without showing its id."""
    return salted_hmac("handbook.offline-pack", str(user.pk)).hexdigest()[:20]


def file_limit():
    return settings.OFFLINE_FILE_MAX_BYTES


def sea_pack(user, request, now=None):
    """The pack of `user` as a dict ready for JSON."""
    now = now or timezone.now()
    person = Person.objects.filter(user=user).first()
    unit_ids = list(Role.objects.current().filter(person__user=user).values_list("unit_id", flat=True))
    meetings = MeetingPage.objects.visible_to(user).filter(live=True, owning_unit_id__in=unit_ids)

    next_meetings = list(
        meetings.filter(Q(starts_at__gte=now) | Q(ends_at__gte=now))
        .annotate(rank=Window(RowNumber(), partition_by=[F("owning_unit_id")], order_by=[F("starts_at").asc()]))
        .filter(rank=1)
    )
    released = [meeting.pk for meeting in next_meetings if meeting.documents_visible_to(user, now)]
    study_files = [
        link.document for link in MeetingDocument.objects.filter(page_id__in=released).select_related("document")
    ]
    study_pages = [
        link.target
        for link in MeetingReading.objects.filter(
            page_id__in=released, target__in=HandbookPage.objects.visible_to(user).filter(live=True).values("pk")
        ).select_related("target")
    ]
    attached = [
        attachment.document
        for attachment in OfficialDocumentAttachment.objects.filter(
            page_id__in=[page.pk for page in study_pages]
        ).select_related("document")
    ]
    task_meetings = []
    if person is not None:
        task_meetings = list(
            meetings.filter(
                conclusions_published=True,
                pk__in=MeetingTask.objects.filter(assignee=person).exclude(status=TaskStatus.DONE).values("page_id"),
            )
        )
    concluded = list(
        meetings.filter(conclusions_published=True, starts_at__lt=now).order_by("-starts_at")[:LAST_CONCLUSIONS]
    )
    opened_pages, opened_files = [], []
    if person is not None:
        for record in (
            ReadingRecord.objects.filter(person=person)
            .select_related("page", "document")
            .order_by("-last_opened_at")[:RECENTLY_OPENED]
        ):
            if record.page_id is not None:
                opened_pages.append(record.page)
            else:
                opened_files.append(record.document)
    scope = Scope.for_user(user)
    opened_pages = [page for page in opened_pages if page.live and scope.allows(page)]

    items = [
        PackItem(reverse("members:me"), ""),
        PackItem(reverse("offline"), ""),
        *(PackItem(static(name), "") for name in SHELL_STATIC),
    ]
    for page in [*next_meetings, *study_pages, *task_meetings, *concluded, *opened_pages]:
        items.append(PackItem(page.get_url(request), f"page:{page.pk}"))
    kept_files = files_in_reach(user, [*study_files, *attached, *opened_files], now)
    for document in [*study_files, *attached, *opened_files]:
        if document.pk in kept_files:
            size = document.file_size
            items.append(
                PackItem(
                    document.url,
                    f"file:{document.pk}",
                    version=document.file_hash or str(document.created_at.timestamp()),
                    size=size,
                    large=size is not None and size > file_limit(),
                )
            )
    unique = {item.url: item for item in reversed(items)}  # the first listing of a URL wins
    return {
        "account": account_key(user),
        "refresh_seconds": settings.OFFLINE_REFRESH_SECONDS,
        "file_limit": file_limit(),
        "items": [asdict(item) for item in reversed(unique.values())],
    }


def files_in_reach(user, documents, now):
    """{document id: its release time} for those of `documents` the pack may hold (module docstring)."""
    scope = Scope.for_user(user)
    if not documents:
        return {}
    collections = set(
        UnitPage.objects.filter(Q(pk__in=scope.unit_ids) | scope.staff_q()).values_list("collection_id", flat=True)
    )
    candidates = {
        document.pk: document for document in documents if scope.everything or document.collection_id in collections
    }
    released = {pk: document.created_at for pk, document in candidates.items()}
    holding = MeetingDocument.objects.filter(
        document_id__in=list(candidates), page__in=MeetingPage.objects.visible_to(user).values("pk")
    ).select_related("page")
    held_back = set()
    for link in holding:
        release = link.page.documents_release_at
        if release > now and not scope.is_staff_of(link.page):
            held_back.add(link.document_id)
        released[link.document_id] = max(released[link.document_id], min(release, now))
    return {pk: when for pk, when in released.items() if pk not in held_back}


def parse_reports(reports):
    """[(kind, id, datetime)] from the phone's JSON; anything malformed is left out."""
    parsed = []
    for report in reports[:MAX_REPORTED] if isinstance(reports, list) else []:
        if not isinstance(report, dict):
            continue
        kind, _sep, pk = str(report.get("item", "")).partition(":")
        at = report.get("at")
        if kind not in ("page", "file") or not pk.isdigit() or not isinstance(at, int | float):
            continue
        try:
            when = datetime.fromtimestamp(at / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            continue
        parsed.append((kind, int(pk), when))
    return parsed


def record_reported_opens(user, reports, now=None):
    """Record opens the phone made offline; returns how many items were recorded.

    Only items the person may still see count; the phone's clock is not trusted beyond the item's
    release and now. Sending the same report twice changes nothing (members.reading.record_reported_open).
    """
    now = now or timezone.now()
    person_id = Person.objects.filter(user=user).values_list("pk", flat=True).first()
    if person_id is None:
        return 0
    page_ids = {pk for kind, pk, _at in reports if kind == "page"}
    file_ids = {pk for kind, pk, _at in reports if kind == "file"}
    pages = {
        page.pk: page.first_published_at
        for page in HandbookPage.objects.visible_to(user).filter(live=True, pk__in=page_ids).only("first_published_at")
    }
    files = files_in_reach(user, list(get_document_model().objects.filter(pk__in=file_ids)), now)
    recorded = set()
    for kind, pk, at in reports:
        release = (pages if kind == "page" else files).get(pk, False)
        if release is False:
            continue
        when = min(max(at, release or at), now)
        target = {"page_id": pk} if kind == "page" else {"document_id": pk}
        record_reported_open(person_id, target, when)
        recorded.add((kind, pk))
    return len(recorded)
