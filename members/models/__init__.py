from .calendar import CalendarFeed, new_feed_token
from .comments import COMMENT_MAX_LENGTH, Comment, CommentStatus
from .notifications import MeetingAnnouncement, Notification, NotificationKind
from .people import Person, Role, RoleKind, RoleQuerySet

__all__ = [
    "COMMENT_MAX_LENGTH",
    "CalendarFeed",
    "Comment",
    "CommentStatus",
    "MeetingAnnouncement",
    "Notification",
    "NotificationKind",
    "Person",
    "Role",
    "RoleKind",
    "RoleQuerySet",
    "new_feed_token",
]
