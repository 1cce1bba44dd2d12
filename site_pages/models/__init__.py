from .base import HandbookPage, HandbookPageManager, HandbookPageQuerySet, PageText, PageTextVector
from .documents import DocumentKind, OfficialDocumentAttachment, OfficialDocumentPage, OfficialDocumentTag
from .files import DocumentText, TextStatus
from .images import HandbookImage, HandbookRendition
from .indexes import DocumentIndexPage, NewsIndexPage, QuestionIndexPage
from .meetings import (
    Attendance,
    MeetingDocument,
    MeetingKind,
    MeetingPage,
    MeetingReading,
    MeetingTask,
    StudyMaterial,
    TaskStatus,
)
from .news import NewsArticlePage
from .questions import QuestionAnswerPage
from .units import UNIT_PAGE_CLASSES, CellPage, CentralPage, Level, ProvincePage, UnitPage, WardPage
from .workflows import ApproverRole, UnitRoleApprovalTask

__all__ = [
    "ApproverRole",
    "UNIT_PAGE_CLASSES",
    "Attendance",
    "CellPage",
    "CentralPage",
    "DocumentIndexPage",
    "DocumentKind",
    "DocumentText",
    "HandbookImage",
    "HandbookPage",
    "HandbookPageManager",
    "HandbookPageQuerySet",
    "HandbookRendition",
    "Level",
    "MeetingDocument",
    "MeetingKind",
    "MeetingPage",
    "MeetingReading",
    "MeetingTask",
    "StudyMaterial",
    "NewsArticlePage",
    "NewsIndexPage",
    "OfficialDocumentAttachment",
    "OfficialDocumentPage",
    "OfficialDocumentTag",
    "PageText",
    "PageTextVector",
    "ProvincePage",
    "QuestionAnswerPage",
    "QuestionIndexPage",
    "TaskStatus",
    "TextStatus",
    "UnitPage",
    "UnitRoleApprovalTask",
    "WardPage",
]
