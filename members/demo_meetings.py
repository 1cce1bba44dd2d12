"""Demo month of the Hải Ninh cell: an upcoming meeting with documents and comments, and a past
meeting with its conclusions and tasks. Run after members.demo.seed_demo(); running it again
changes nothing.
"""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.comments.services import Decision, moderate, submit_comment
from members.models import InformedInPerson, Person, ReadingRecord, Role, RoleKind
from site_pages.demo_files import demo_document, make_pdf
from site_pages.models import (
    Attendance,
    CellPage,
    HandbookPage,
    MeetingDocument,
    MeetingKind,
    MeetingPage,
    MeetingReading,
    MeetingTask,
    TaskStatus,
    UnitPage,
)
from site_pages.visibility import ancestor_paths

CELL_CODE = "QNG-BS-HN"
CELL_TITLE = "Chi bộ thôn Hải Ninh"
SECRETARY = "secretary.haininh"
UPCOMING_SLUG = "sinh-hoat-chi-bo-thang-nay"
PAST_SLUG = "sinh-hoat-chi-bo-thang-truoc"

AGENDA = [
    ("Đánh giá kết quả thực hiện nhiệm vụ tháng", "Bí thư chi bộ"),
    ("Quán triệt nghị quyết của Đảng ủy xã về khai thác hải sản bền vững", "Phó bí thư"),
    ("Phân công đảng viên phụ trách tổ tàu thuyền", ""),
]
COMMENTS = [
    # (member index in the cell, text, approved?)
    (1, "Đề nghị chi bộ nhắc lại quy định về nhật ký khai thác trước chuyến biển tới.", True),
    (2, "Tổ tàu số 3 xin được họp trước 19 giờ vì phải ra khơi sớm.", True),
    (3, "Tôi đề xuất thêm nội dung hỗ trợ ngư dân sửa tàu sau bão.", False),
    (1, "Xin gửi kèm ý kiến của bà con tổ 2 về bến neo đậu.", False),
]
DECISIONS = (
    "<p>Chi bộ thống nhất: 100% tàu cá của đảng viên lắp thiết bị giám sát hành trình trước ngày 30.</p>"
    "<p>Giao tổ tàu thuyền vận động bà con tham gia tổ đoàn kết trên biển.</p>"
)
TASKS = [
    (1, "Vận động 5 hộ ngư dân tổ 2 lắp thiết bị giám sát hành trình", 14, TaskStatus.IN_PROGRESS),
    (2, "Tổng hợp danh sách tàu cần sửa sau bão", 7, TaskStatus.DONE),
    (3, "Phối hợp đồn biên phòng tuyên truyền chống khai thác bất hợp pháp", 21, TaskStatus.OPEN),
]


def find_cell():
    return CellPage.objects.filter(code=CELL_CODE).first() or CellPage.objects.filter(title=CELL_TITLE).first()


def _cell_members(cell):
    members = Role.objects.current().filter(unit=cell, kind=RoleKind.MEMBER).values("person_id")
    return list(Person.objects.filter(pk__in=members).select_related("user").order_by("card_number"))


def _at_local(days_from_today, hour, minute=0):
    day = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


STUDY_FILE_TEXT = [
    "Dự thảo nghị quyết của Chi bộ thôn Hải Ninh (tài liệu minh hoạ).",
    "1. Mỗi đảng viên có tàu cá vận động một hộ ngư dân tham gia tổ đoàn kết trên biển.",
    "2. Hoàn thành lắp thiết bị giám sát hành trình cho tàu từ 15 mét trở lên.",
    "3. Phối hợp đồn biên phòng tuyên truyền chống khai thác hải sản bất hợp pháp.",
]


def _study_file(cell):
    """A PDF to study; members search its text (`du thao nghi quyet`) once the documents are released."""
    title = "Dự thảo nghị quyết chi bộ tháng này"
    content = make_pdf(title, STUDY_FILE_TEXT)
    return demo_document(cell, title, "du-thao-nghi-quyet-chi-bo.pdf", content)


def _official_page_above(cell):
    """The newest live page of a unit above the cell, to link as reading."""
    units_above = UnitPage.objects.filter(path__in=ancestor_paths(cell.path)[:-1]).values("pk")
    return (
        HandbookPage.objects.live()
        .filter(owning_unit_id__in=units_above)
        .exclude(pk__in=units_above)
        .order_by("-first_published_at")
        .first()
    )


def _add_meeting(cell, meeting):
    cell.add_child(instance=meeting)
    meeting.save_revision().publish()
    return MeetingPage.objects.get(pk=meeting.pk)


def _seed_upcoming(cell, members, secretary_user):
    meeting = MeetingPage(
        title="Sinh hoạt chi bộ thường kỳ tháng này",
        slug=UPCOMING_SLUG,
        starts_at=_at_local(1, 19, 30),
        ends_at=_at_local(1, 21, 30),
        place="Nhà văn hóa thôn Hải Ninh",
        kind=MeetingKind.REGULAR,
        agenda=[("item", {"title": title, "presenter": who, "notes": ""}) for title, who in AGENDA],
    )
    meeting.study_documents.add(MeetingDocument(document=_study_file(cell)))
    above = _official_page_above(cell)
    if above is not None:
        meeting.study_pages.add(MeetingReading(target=above))
    meeting = _add_meeting(cell, meeting)
    for index, text, approved in COMMENTS:
        if index >= len(members):
            continue
        comment, _created = submit_comment(meeting, members[index], text, uuid.uuid5(uuid.NAMESPACE_URL, text))
        if approved and secretary_user is not None:
            moderate(comment, secretary_user, Decision.APPROVE)
    _seed_reading(meeting, members, secretary_user)
    return meeting


def _seed_reading(meeting, members, secretary_user):
    """Most of the cell read the documents after their release; one was told in person and a few
    were not reached, so that the secretary has someone to remind."""
    release, now = meeting.documents_release_at, timezone.now()
    told = members[-3] if len(members) > 6 else None
    missing = {told, *members[-2:]} | {person for index, person in enumerate(members) if index % 7 == 6}
    # Members 1 to 3 sent opinions (COMMENTS), which counts as taking part.
    readers = [person for index, person in enumerate(members) if index not in (1, 2, 3) and person not in missing]
    opened = [min(release + datetime.timedelta(minutes=20 * index), now) for index in range(len(readers))]
    ReadingRecord.objects.bulk_create(
        [
            ReadingRecord(person=person, page=meeting, first_opened_at=at, last_opened_at=at)
            for person, at in zip(readers, opened, strict=True)
        ],
        ignore_conflicts=True,
    )
    if told is not None:
        InformedInPerson.objects.get_or_create(meeting=meeting, person=told, defaults={"marked_by": secretary_user})


def _seed_past(cell, members):
    starts_at = _at_local(-30, 19, 30)
    meeting = MeetingPage(
        title="Sinh hoạt chi bộ thường kỳ tháng trước",
        slug=PAST_SLUG,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        place="Nhà văn hóa thôn Hải Ninh",
        kind=MeetingKind.REGULAR,
        agenda=[("item", {"title": title, "presenter": who, "notes": ""}) for title, who in AGENDA[:2]],
        conclusions_published=True,
        decisions=DECISIONS,
    )
    for index, person in enumerate(members):
        absent = index == len(members) - 1 and index > 1
        meeting.attendance.add(
            Attendance(person=person, present=not absent, absence_reason="Đi biển" if absent else "")
        )
    for index, description, due_in, status in TASKS:
        if index < len(members):
            meeting.tasks.add(
                MeetingTask(
                    description=description,
                    assignee=members[index],
                    due_on=timezone.localdate() + datetime.timedelta(days=due_in),
                    status=status,
                )
            )
    return _add_meeting(cell, meeting)


@transaction.atomic
def seed_meetings_demo():
    """Give the Hải Ninh cell its month; returns the meetings created (none when they exist)."""
    cell = find_cell()
    if cell is None:
        return []
    members = _cell_members(cell)
    secretary_user = get_user_model().objects.filter(username=SECRETARY).first()
    existing = set(MeetingPage.objects.child_of(cell).values_list("slug", flat=True))
    created = []
    if PAST_SLUG not in existing:
        created.append(_seed_past(cell, members))
    if UPCOMING_SLUG not in existing:
        created.append(_seed_upcoming(cell, members, secretary_user))
    return created
