"""Editorial demo data: official documents at every level and one page awaiting review.

Call `seed_editorial_demo()` after the organisation tree and its people exist (members.demo.seed_demo).
"""

import datetime

from django.db import transaction

from members.models import Role, RoleKind
from site_pages.demo_files import demo_document, make_docx, make_pdf
from site_pages.models import (
    DocumentIndexPage,
    DocumentKind,
    Level,
    OfficialDocumentAttachment,
    OfficialDocumentPage,
    UnitPage,
)


def add_document(
    parent,
    *,
    title,
    kind=DocumentKind.RESOLUTION,
    number="",
    issuing_body="",
    issue_date=None,
    summary="",
    is_public=False,
    publish=True,
    user=None,
    files=(),
):
    """An official document under `parent` (a unit or a document index), published unless `publish` is False,
    with `files` (documents) attached."""
    page = OfficialDocumentPage(
        title=title,
        kind=kind,
        number=number,
        issuing_body=issuing_body or parent.title,
        issue_date=issue_date or datetime.date.today(),
        summary=summary,
        is_public=is_public,
        live=publish,
        owner=user,
    )
    for document in files:
        page.attachments.add(OfficialDocumentAttachment(document=document))
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return page


def document_index(unit, title):
    """The unit's document index, created on first use."""
    existing = DocumentIndexPage.objects.child_of(unit).first()
    if existing is not None:
        return existing
    index = DocumentIndexPage(title=title, is_public=unit.is_public)
    unit.add_child(instance=index)
    index.save_revision().publish()
    return index


# (level, kind, title, number, issuing body, summary, public)
DEMO_DOCUMENTS = [
    (
        Level.CENTRAL,
        DocumentKind.RESOLUTION,
        "Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng",
        "35-NQ/TW",
        "Ban Chấp hành Trung ương",
        "Những giải pháp chủ yếu để nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng.",
        True,
    ),
    (
        Level.PROVINCE,
        DocumentKind.DIRECTIVE,
        "Chỉ thị về tổ chức sinh hoạt chi bộ định kỳ",
        "12-CT/TU",
        "Ban Thường vụ Tỉnh ủy",
        "Nâng cao chất lượng sinh hoạt chi bộ; mỗi đảng viên đọc tài liệu trước kỳ họp.",
        False,
    ),
    (
        Level.WARD,
        DocumentKind.PLAN,
        "Kế hoạch học tập, quán triệt nghị quyết năm nay",
        "08-KH/ĐU",
        "Ban Thường vụ Đảng ủy",
        "Lịch học tập theo từng chi bộ, tài liệu và người phụ trách.",
        False,
    ),
    (
        Level.CELL,
        DocumentKind.OTHER,
        "Thông báo lịch sinh hoạt chi bộ tháng tới",
        "03-TB/CB",
        "Chi ủy",
        "Thời gian, địa điểm và nội dung sinh hoạt; đảng viên đọc tài liệu và góp ý trước.",
        False,
    ),
]
# Attached files with text worth searching, by document number: (kind, title, file name, paragraphs).
DEMO_FILES = {
    "35-NQ/TW": (
        "pdf",
        "Toàn văn Nghị quyết 35-NQ/TW",
        "nghi-quyet-35-nq-tw.pdf",
        [
            "Tăng cường bảo vệ nền tảng tư tưởng của Đảng,",
            "đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới.",
            "Mỗi cán bộ, đảng viên là một chiến sĩ trên mặt trận tư tưởng.",
        ],
    ),
    "12-CT/TU": (
        "docx",
        "Hướng dẫn thực hiện Chỉ thị 12-CT/TU",
        "huong-dan-chi-thi-12-ct-tu.docx",
        [
            "Chi ủy gửi tài liệu sinh hoạt đến đảng viên trước kỳ họp ít nhất hai ngày qua Sổ tay đảng viên điện tử.",
            "Đảng viên đi biển dài ngày đọc tài liệu và gửi ý kiến trước khi ra khơi.",
            "Biên bản sinh hoạt ghi rõ ý kiến đóng góp và nhiệm vụ được phân công.",
        ],
    ),
    "08-KH/ĐU": (
        "pdf",
        "Lịch học tập nghị quyết theo chi bộ",
        "lich-hoc-tap-nghi-quyet.pdf",
        [
            "Tuần 1: các chi bộ thôn học tập chuyên đề bảo vệ môi trường biển.",
            "Tuần 2: chi bộ trường học và trạm y tế học tập, viết bài thu hoạch.",
        ],
    ),
}
WRITERS = {"pdf": make_pdf, "docx": make_docx}


def demo_files_for(unit, number):
    if number not in DEMO_FILES:
        return []
    kind, title, filename, paragraphs = DEMO_FILES[number]
    return [demo_document(unit, title, filename, WRITERS[kind](title, paragraphs))]


PENDING_TITLE = "Dự thảo kế hoạch kiểm tra, giám sát (chờ duyệt)"


@transaction.atomic
def seed_editorial_demo():
    """Documents at every level and one draft awaiting review; safe to run again.

    Uses the first unit of each level (by tree order) and, for the pending draft, the first
    current editor with a unit; returns the pages it created.
    """
    first_units = {}
    for unit in UnitPage.objects.order_by("path"):
        first_units.setdefault(unit.level, unit)
    created = []
    for level, kind, title, number, issuing_body, summary, is_public in DEMO_DOCUMENTS:
        unit = first_units.get(level)
        if unit is None or OfficialDocumentPage.objects.filter(owning_unit=unit, number=number).exists():
            continue
        index = document_index(unit.specific, "Văn bản")
        created.append(
            add_document(
                index,
                title=title,
                kind=kind,
                number=number,
                issuing_body=issuing_body,
                summary=summary,
                is_public=is_public,
                files=demo_files_for(unit, number),
            )
        )
    editor_role = Role.objects.current().filter(kind=RoleKind.EDITOR).select_related("unit", "person__user").first()
    if editor_role and not OfficialDocumentPage.objects.filter(title=PENDING_TITLE).exists():
        author = editor_role.person.user
        index = document_index(editor_role.unit.specific, "Văn bản")
        draft = add_document(index, title=PENDING_TITLE, kind=DocumentKind.PLAN, publish=False, user=author)
        draft.get_workflow().start(draft, author)
        created.append(draft)
    return created
