from django.urls import path

from members import calendar, offline_views, reach_views, views
from members.comments import views as comments
from members.questions import views as questions

app_name = "members"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/offline/pack.json", offline_views.pack, name="offline_pack"),
    path("me/offline/reads/", offline_views.report_reads, name="offline_reads"),
    path("me/notifications/email/", views.notice_email, name="notice_email"),
    path("me/large-text/", views.large_text, name="large_text"),
    path("me/questions/", questions.questions, name="questions"),
    path("meetings/<id:meeting_id>/comments/", comments.comment_submit, name="comment_submit"),
    path(
        "official-documents/<id:document_id>/comments/",
        comments.document_comment_submit,
        name="document_comment_submit",
    ),
    path("meetings/<id:meeting_id>/remind/", reach_views.remind, name="meeting_remind"),
    path("meetings/<id:meeting_id>/informed/", reach_views.mark_informed, name="meeting_mark_informed"),
    path("meetings/<id:meeting_id>/calendar.ics", calendar.meeting_ics, name="meeting_ics"),
    path("comments/<id:comment_id>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<id:comment_id>/withdraw/", comments.comment_withdraw, name="comment_withdraw"),
    path("comments/<id:comment_id>/moderate/", comments.comment_moderate, name="comment_moderate"),
    path("me/calendar/", calendar.manage_feed, name="calendar_feed_manage"),
    # Tokens are token_urlsafe, all slug characters: anything else (NUL, which PostgreSQL refuses) is a 404 here.
    path("calendar/<slug:token>.ics", calendar.feed_ics, name="calendar_feed"),
]
