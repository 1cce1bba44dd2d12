"""What people read is Vietnamese (issue 14, part 6).

On the demo data, with Vietnamese active: every admin screen that `chief.quangngai`,
`editor.nghialo` and `secretary.haininh` reach by following links (the menu included), every
member page `member.haininh` reaches, the screens after the actions staff and members take, and
every email those actions send. Any msgid of Django's, Wagtail's or our catalogs found in English
fails the test, listed by page (tests/english_ui.py). What JavaScript draws is read by
tests/browser/test_vietnamese_admin.py.
"""

import uuid
from io import BytesIO, StringIO

import pytest
from PIL import Image

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import TaskState

from members.demo_meetings import UPCOMING_SLUG
from members.models import Comment, CommentStatus
from site_pages.models import MeetingPage, UnitPage
from tests.english_ui import english_in_html, english_in_text, report
from tests.walk import admin_screens, site_screen, walk

pytestmark = pytest.mark.django_db

STAFF = ("chief.quangngai", "editor.nghialo", "secretary.haininh")
MEMBER = "member.haininh"
# Searches, whose results pages are reached by typing rather than by a link.
ADMIN_SEARCHES = ("/admin/pages/search/?q=ngh%E1%BB%8B+quy%E1%BA%BFt", "/admin/documents/?q=k%E1%BA%BF+ho%E1%BA%A1ch")
SITE_SEARCHES = ("/search/?q=nghi+quyet",)


@pytest.fixture
def vietnamese(settings):
    # The test settings speak English so that other tests can assert source strings.
    settings.LANGUAGE_CODE = "vi"


def logged_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def english_after(response):
    assert response.status_code == 200, response.status_code
    if response["Content-Type"] == "application/json":  # a dialog, drawn from the HTML it carries
        return english_in_html(response.json()["html"])
    return english_in_html(response.content.decode())


def tiny_png():
    image = BytesIO()
    Image.new("RGB", (8, 8), "red").save(image, "PNG")
    return SimpleUploadedFile("anh-hoi-nghi.png", image.getvalue(), content_type="image/png")


def news_form(title, slug, **action):
    return {"title": title, "slug": slug, "date": "2026-11-28", "summary": "", "body-count": "0", **action}


def staff_actions():
    """Staff submit, publish, approve and reject through the admin; {what: English on the screen after}."""
    editor, chief, secretary = logged_in("editor.nghialo"), logged_in("chief.quangngai"), logged_in("secretary.haininh")
    ward, province = UnitPage.objects.get(title="Phường Nghĩa Lộ"), UnitPage.objects.get(title="Tỉnh Quảng Ngãi")
    add = "wagtailadmin_pages:add"
    screens = {
        "submitted": editor.post(
            reverse(add, args=("site_pages", "newsarticlepage", ward.pk)),
            news_form("Tin phường gửi duyệt", "tin-phuong-gui-duyet", **{"action-submit": "1"}),
            follow=True,
        ),
        "published": chief.post(
            reverse(add, args=("site_pages", "newsarticlepage", province.pk)),
            news_form("Tin tỉnh đăng ngay", "tin-tinh-dang-ngay", **{"action-publish": "1"}),
            follow=True,
        ),
    }
    awaiting = TaskState.objects.reviewable_by(get_user_model().objects.get(username="chief.quangngai"))
    news = ward.get_children().get(title="Tin phường gửi duyệt")
    submitted = awaiting.get(workflow_state__object_id=str(news.pk))
    other = awaiting.exclude(pk=submitted.pk).first()
    for task_state, action in ((submitted, "approve"), (other, "reject")):
        page_id = task_state.workflow_state.object_id
        screens[f"{action} dialog"] = chief.get(
            reverse("wagtailadmin_pages:collect_workflow_action_data", args=(page_id, action, task_state.pk))
        )
        chief.post(
            reverse("wagtailadmin_pages:workflow_action", args=(page_id, action, task_state.pk)),
            {"comment": "Đồng chí xem lại giúp."},
        )
        screens[action] = chief.get(reverse("wagtailadmin_pages:edit", args=(page_id,)))
    screens["dashboard after the decisions"] = chief.get("/admin/")
    # The approved page's history, and its versions compared (the walk saw pages of one version).
    chief.post(
        reverse("wagtailadmin_pages:edit", args=(news.pk,)), news_form("Tin phường đã duyệt, sửa lại", news.slug)
    )
    screens["history"] = chief.get(reverse("wagtailadmin_pages:history", args=(news.pk,)))
    screens["versions compared"] = chief.get(
        reverse("wagtailadmin_pages:revisions_compare", args=(news.pk, "earliest", "latest"))
    )
    # An image uploaded, then edited (the demo has no image).
    upload = {"title": "Ảnh hội nghị", "file": tiny_png(), "collection": province.collection_id}
    chief.post(reverse("wagtailimages:add"), upload)
    image = get_image_model().objects.get(title="Ảnh hội nghị")
    screens["image"] = chief.get(reverse("wagtailimages:edit", args=(image.pk,)))
    screens["comment queue"] = secretary.get(reverse("wagtailsnippets_members_comment:list"))
    return {what: english_after(response) for what, response in screens.items()}


def member_actions():
    """A member comments and the secretary approves it on the meeting page; {what: English after}."""
    member, secretary = logged_in(MEMBER), logged_in("secretary.haininh")
    meeting = MeetingPage.objects.get(slug=UPCOMING_SLUG)
    commented = member.post(
        reverse("members:comment_submit", args=(meeting.pk,)),
        {"body": "Tôi đề nghị bổ sung nội dung về an toàn khi đi biển.", "client_token": uuid.uuid4()},
        follow=True,
    )
    comment = Comment.objects.filter(status=CommentStatus.PENDING, meeting=meeting).latest("pk")
    approved = secretary.post(
        reverse("members:comment_moderate", args=(comment.pk,)), {"decision": "approve"}, follow=True
    )
    return {"commented": english_after(commented), "comment approved": english_after(approved)}


def english_in_emails():
    found = {}
    for number, message in enumerate(mail.outbox):
        english = english_in_text(f"{message.subject}\n{message.body}")
        for content, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                english |= english_in_html(content)
        found[f"email {number} to {', '.join(message.to)}: {message.subject}"] = english
    return found


def test_what_staff_and_members_read_is_vietnamese(vietnamese, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    found = {}
    seen = set()
    for username in STAFF:
        found |= walk(logged_in(username), ["/admin/", *ADMIN_SEARCHES], admin_screens(username), seen)
    found |= walk(logged_in(MEMBER), ["/me/", *SITE_SEARCHES], site_screen, seen)
    found |= walk(Client(), ["/admin/login/", "/accounts/login/"], admin_screens("anonymous"), seen)
    with django_capture_on_commit_callbacks(execute=True):
        found |= staff_actions()
        found |= member_actions()
        call_command("send_notice_digests", stdout=StringIO())
    emails = english_in_emails()
    found |= emails

    assert len(seen) > 60  # the walk reached the admin's and the site's screens
    assert len(emails) >= 4  # workflow emails and notices of the actions above (seed_demo sends none)
    english = report(found)
    assert not english, f"English in what people read:\n{english}"
