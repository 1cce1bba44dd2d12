from .calendar import CalendarFeed, new_feed_token
from .comments import COMMENT_MAX_LENGTH, Comment, CommentStatus
from .notifications import NoticeRead, Notification, NotificationKind, UnitNotice
from .people import NoticeEmail, Person
from .questions import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, Question, QuestionQuerySet, QuestionStatus
from .reading import InformedInPerson, ReadingRecord, Reminder, ReminderKind
from .roles import ROLE_KINDS, ApproverRole, KindRules, Level, Role, RoleKind, RoleQuerySet, kinds_where

__all__ = [
    "ROLE_KINDS",
    "ANSWER_MAX_LENGTH",
    "ApproverRole",
    "KindRules",
    "Level",
    "kinds_where",
    "COMMENT_MAX_LENGTH",
    "CalendarFeed",
    "Comment",
    "CommentStatus",
    "NoticeEmail",
    "NoticeRead",
    "Notification",
    "NotificationKind",
    "InformedInPerson",
    "Person",
    "QUESTION_MAX_LENGTH",
    "Question",
    "QuestionQuerySet",
    "QuestionStatus",
    "ReadingRecord",
    "Reminder",
    "ReminderKind",
    "Role",
    "RoleKind",
    "RoleQuerySet",
    "UnitNotice",
    "new_feed_token",
]
