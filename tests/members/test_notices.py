"""Notices (issue 9, item 1): who hears of a published page and of a comment, once; the inbox,
its count and what it marks read; the emails and their content; the cost of the publish request."""

import re
from datetime import timedelta

import pytest

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import NoticeEmail, NoticeRead, Notification, NotificationKind, RoleKind, UnitNotice
from members.notices import UNREAD_DAYS, readers_of_unit, send_digests, unread_count
from members.views import NOTICES_PER_PAGE
from site_pages.models import OfficialDocumentPage
from site_pages.visibility import can_view
from tests.factories import make_news, make_person
from tests.members.meeting_helpers import comment_on, make_meeting, read_in_english
from tests.site_pages.test_editor_rights import edit_form
from tests.site_pages.test_workflows import act, submit

pytestmark = pytest.mark.django_db

INBOX = "/me/notifications/"


def with_email(person, choice=NoticeEmail.EACH):
    person.email = f"{person.card_number.lower()}@example.vn"
    person.notice_email = choice
    person.save()
    return person


def publish(page, captured):
    """Publish `page` as Wagtail does (a revision), running what waits for the commit."""
    with captured(execute=True):
        page.save_revision().publish()
    return page


@pytest.fixture
def members(units):
    return {code: make_person(units[code]) for code in ("C1", "C2", "C3", "C4")}


class TestPublishedPages:
    def test_a_ward_page_reaches_the_readers_of_the_ward_once(self, units, members, django_capture_on_commit_callbacks):
        page = make_news(units["W1"], "Chỉ thị của phường")
        for _again in range(3):  # republished, then published again after a revert
            publish(page, django_capture_on_commit_callbacks)
        assert UnitNotice.objects.filter(page=page).count() == 1
        counts = {code: unread_count(person.user) for code, person in members.items()}
        assert counts == {"C1": 1, "C2": 1, "C3": 0, "C4": 0}

    def test_every_reader_of_a_unit_notice_may_view_its_page(self, units, members, django_capture_on_commit_callbacks):
        make_person(None, kind=RoleKind.EDITOR, unit=units["W1"])
        page = publish(make_news(units["P1"], "Nghị quyết tỉnh"), django_capture_on_commit_callbacks)
        readers = list(readers_of_unit(units["P1"]).select_related("user"))
        assert {members[code] for code in ("C1", "C2", "C3")} <= set(readers)
        assert members["C4"] not in readers
        assert all(can_view(person.user, page) for person in readers)

    def test_a_cells_meeting_never_reaches_another_cell(self, units, members, django_capture_on_commit_callbacks):
        meeting = make_meeting(units["C1"], live=False)
        publish(meeting, django_capture_on_commit_callbacks)
        assert unread_count(members["C1"].user) == 1
        assert unread_count(members["C2"].user) == 0

    def test_conclusions_are_a_notice_of_their_own_once(self, units, members, django_capture_on_commit_callbacks):
        meeting = make_meeting(units["C1"], starts_in=timedelta(days=-1), live=False)
        publish(meeting, django_capture_on_commit_callbacks)
        meeting.conclusions_published = True
        publish(meeting, django_capture_on_commit_callbacks)
        publish(meeting, django_capture_on_commit_callbacks)
        kinds = sorted(UnitNotice.objects.filter(page=meeting).values_list("kind", flat=True))
        assert kinds == [NotificationKind.CONCLUSIONS_PUBLISHED, NotificationKind.PAGE_PUBLISHED]
        assert unread_count(members["C1"].user) == 2

    def test_scheduled_publishing_notifies_like_a_direct_one(self, units, members, django_capture_on_commit_callbacks):
        page = make_news(units["W1"], live=False)
        revision = page.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
        assert revision.approved_go_live_at is not None
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled")
        assert UnitNotice.objects.filter(page=page).count() == 1

    def test_workflow_approval_notifies_like_a_direct_publish_and_approving_again_is_silent(
        self, client, units, members, django_capture_on_commit_callbacks
    ):
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        editor = make_person(units["C1"], kind=RoleKind.EDITOR)
        page = submit(units["C1"], editor)
        assert not UnitNotice.objects.filter(page=page).exists()
        for _round in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                assert act(client, secretary, page, "approve").status_code == 302
            assert UnitNotice.objects.filter(page=page).count() == 1
            page.save_revision(user=editor.user)
            page.get_workflow().start(page, editor.user)
            page = OfficialDocumentPage.objects.get(pk=page.pk)
        assert unread_count(members["C1"].user) == 1
        assert unread_count(members["C2"].user) == 0

    def test_the_publish_request_costs_the_same_for_two_members_and_for_many(self, client, units):
        chief = make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["W1"])
        client.force_login(chief.user)

        def publish_request_queries():
            page = make_news(units["W1"], live=False)
            url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            client.get(url)  # warm Wagtail's caches
            # The worker's backend: the request only queues the task, as in production.
            with (
                override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}),
                CaptureQueriesContext(connection) as context,
                self.captured(execute=True),
            ):
                response = client.post(url, edit_form(page, **{"action-publish": "1"}))
            assert response.status_code == 302
            return context.captured_queries

        make_person(units["C1"])
        publish_request_queries()  # the first publish of the test fills caches of its own
        small = publish_request_queries()
        for _index in range(40):
            make_person(units["C2"])
        assert len(publish_request_queries()) == len(small)

    @pytest.fixture(autouse=True)
    def _captured(self, django_capture_on_commit_callbacks):
        self.captured = django_capture_on_commit_callbacks


class RefusingBackend(EmailBackend):
    """A mail server that refuses one address: a failure inside Django's sending, not our code."""

    def send_messages(self, messages):
        if any("refused" in address for message in messages for address in message.to):
            raise ConnectionError("550 mailbox unavailable")
        return super().send_messages(messages)


class TestEmails:
    def test_one_email_per_notice_only_for_who_chose_it_and_without_content(
        self, units, django_capture_on_commit_callbacks
    ):
        each = with_email(make_person(units["C1"]))
        daily = with_email(make_person(units["C1"]), NoticeEmail.DAILY)
        with_email(make_person(units["C1"]), NoticeEmail.NONE)
        publish(make_news(units["W1"], "Chỉ thị mật số 7"), django_capture_on_commit_callbacks)
        assert [message.to for message in mail.outbox] == [[each.email]]
        message = mail.outbox[0]
        assert "Chỉ thị mật" not in message.subject + message.body
        assert "/me/notifications/" in message.body
        assert daily.email not in str([m.to for m in mail.outbox])

    def test_the_daily_summary_counts_yesterday_once_a_day(self, units, django_capture_on_commit_callbacks):
        daily = with_email(make_person(units["C1"]), NoticeEmail.DAILY)
        with_email(make_person(units["C1"]), NoticeEmail.NONE)
        with_email(make_person(units["C3"]), NoticeEmail.DAILY)  # nothing reached their ward
        publish(make_news(units["W1"], "Tin phường mật"), django_capture_on_commit_callbacks)
        publish(make_news(units["C1"], "Tin chi bộ mật"), django_capture_on_commit_callbacks)
        tomorrow = timezone.now() + timedelta(days=1)
        assert send_digests(tomorrow) == 1
        assert send_digests(tomorrow) == 0
        assert [message.to for message in mail.outbox] == [[daily.email]]
        assert " 2 " in mail.outbox[0].body and "mật" not in mail.outbox[0].body

    def test_a_day_the_command_did_not_run_is_counted_the_next_time(self, units, django_capture_on_commit_callbacks):
        daily = with_email(make_person(units["C1"]), NoticeEmail.DAILY)
        publish(make_news(units["W1"]), django_capture_on_commit_callbacks)
        today = timezone.localdate()
        daily.digest_sent_on = today - timedelta(days=3)
        daily.save()
        UnitNotice.objects.update(created_at=timezone.now() - timedelta(days=2))
        Notification.objects.create(person=daily, kind=NotificationKind.REMINDER, title="Nhắc")
        assert send_digests(timezone.now() + timedelta(days=1)) == 1
        assert " 2 " in mail.outbox[-1].body

    def test_read_rows_past_the_unread_window_are_forgotten_and_their_notices_count_as_seen(
        self, client, units, members, django_capture_on_commit_callbacks
    ):
        member = members["C1"]
        old = publish(make_news(units["W1"], "Tin cũ"), django_capture_on_commit_callbacks)
        newer = publish(make_news(units["W1"], "Tin mới"), django_capture_on_commit_callbacks)
        NoticeRead.objects.create(person=member, notice=UnitNotice.objects.get(page=newer))
        UnitNotice.objects.filter(page=old).update(created_at=timezone.now() - timedelta(days=UNREAD_DAYS + 1))
        UnitNotice.objects.filter(page=newer).update(created_at=timezone.now() - timedelta(days=UNREAD_DAYS + 2))
        send_digests()
        assert not NoticeRead.objects.exists()
        assert unread_count(member.user) == 0
        client.force_login(member.user)
        assert 'class="notice-item unread"' not in client.get(INBOX).text

    @override_settings(EMAIL_BACKEND="tests.members.test_notices.RefusingBackend")
    def test_one_refused_message_does_not_stop_the_others(self, units, django_capture_on_commit_callbacks):
        first = with_email(make_person(units["C1"]))
        refused = with_email(make_person(units["C1"]))
        refused.email = "refused@example.vn"
        refused.save()
        last = with_email(make_person(units["C1"]))
        publish(make_news(units["C1"]), django_capture_on_commit_callbacks)
        assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, last.email])

    def test_the_command_runs(self, units):
        call_command("send_notice_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115


class TestComments:
    def test_a_comment_reaches_the_secretary_and_deputies_of_its_cell_only(self, units):
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        deputy = make_person(units["C1"], kind=RoleKind.DEPUTY_SECRETARY)
        other_secretary = make_person(units["C2"], kind=RoleKind.SECRETARY)
        author = make_person(units["C1"])
        comment_on(make_meeting(units["C1"]), author)
        told = Notification.objects.filter(kind=NotificationKind.COMMENT_SUBMITTED)
        assert sorted(told.values_list("person_id", flat=True)) == sorted([secretary.pk, deputy.pk])
        assert other_secretary.pk not in told.values_list("person_id", flat=True)

    def test_the_pending_count_on_me_and_on_the_dashboard(self, client, units):
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        other = make_person(units["C2"], kind=RoleKind.SECRETARY)
        meeting = make_meeting(units["C1"])
        comment_on(meeting, make_person(units["C1"]))
        comment_on(meeting, make_person(units["C1"]))
        read_in_english(client)
        client.force_login(secretary.user)
        assert "2 comments wait for your decision" in client.get("/me/").text
        dashboard = client.get(reverse("wagtailadmin_home")).text
        assert "2 comments wait for your decision" in dashboard
        assert "/admin/members/comments/?status=pending" in dashboard
        client.force_login(other.user)
        assert "0 comments wait" in client.get("/me/").text
        assert "0 comments wait" in client.get(reverse("wagtailadmin_home")).text
        client.force_login(make_person(units["C1"]).user)
        assert 'id="pending-comments"' not in client.get("/me/").text


class TestInbox:
    def test_requires_login(self, client):
        assert client.get(INBOX)["Location"].startswith("/accounts/login/")

    def test_merges_unit_and_own_notices_newest_first_and_marks_what_it_shows(
        self, client, units, members, django_capture_on_commit_callbacks
    ):
        member = members["C1"]
        publish(make_news(units["P1"], "Nghị quyết tỉnh"), django_capture_on_commit_callbacks)
        Notification.objects.create(person=member, kind=NotificationKind.COMMENT_MODERATED, title="Ý kiến đã duyệt")
        publish(make_news(units["C1"], "Tin chi bộ"), django_capture_on_commit_callbacks)
        client.force_login(member.user)
        client.cookies["django_language"] = "vi"
        assert unread_count(member.user) == 3
        html = client.get("/me/").text
        assert "Thông báo" in html and '<span class="badge">3</span>' in html
        html = client.get(INBOX).text
        assert html.index("Tin chi bộ") < html.index("Ý kiến đã duyệt") < html.index("Nghị quyết tỉnh")
        assert unread_count(member.user) == 0
        assert Notification.objects.get(person=member).read_at is not None
        # Read from the top: the watermark moved, no row per notice was written.
        member.refresh_from_db()
        assert member.notices_seen_until == UnitNotice.objects.latest("created_at").created_at
        assert not NoticeRead.objects.filter(person=member).exists()

    def test_a_prefetch_marks_nothing(self, client, units, members, django_capture_on_commit_callbacks):
        publish(make_news(units["C1"]), django_capture_on_commit_callbacks)
        client.force_login(members["C1"].user)
        client.get(INBOX, headers={"Sec-Purpose": "prefetch;prerender"})
        client.get(INBOX, headers={"Purpose": "prefetch"})
        assert unread_count(members["C1"].user) == 1

    def test_another_units_member_sees_nothing_of_it(self, client, units, members, django_capture_on_commit_callbacks):
        publish(make_news(units["C1"], "Tin riêng chi bộ Một"), django_capture_on_commit_callbacks)
        publish(make_news(units["W1"], "Tin riêng phường Một"), django_capture_on_commit_callbacks)
        for code in ("C3", "C4"):
            client.force_login(members[code].user)
            html = client.get(INBOX).text
            assert "riêng" not in html
            assert unread_count(members[code].user) == 0

    def test_a_page_moved_or_unpublished_leaves_the_inbox(
        self, client, units, members, django_capture_on_commit_callbacks
    ):
        page = publish(make_news(units["C1"], "Tin đã chuyển"), django_capture_on_commit_callbacks)
        gone = publish(make_news(units["C1"], "Tin đã gỡ"), django_capture_on_commit_callbacks)
        page.move(units["C2"], pos="last-child")
        gone.unpublish()
        client.force_login(members["C1"].user)
        html = client.get(INBOX).text
        assert "Tin đã chuyển" not in html and "Tin đã gỡ" not in html
        assert unread_count(members["C1"].user) == 0

    def test_pages_older_notices_and_marks_only_the_page_shown(
        self, client, units, members, django_capture_on_commit_callbacks
    ):
        member = members["C1"]
        Notification.objects.bulk_create(
            [
                Notification(person=member, kind=NotificationKind.COMMENT_MODERATED, title=f"Cũ {index}")
                for index in range(NOTICES_PER_PAGE + 3)
            ]
        )
        client.force_login(member.user)
        client.get(INBOX)
        assert unread_count(member.user) == 3
        client.get(INBOX + "?page=2")
        assert unread_count(member.user) == 0

    def test_reading_newer_notices_first_keeps_rows_only_until_the_older_ones_are_seen(self, client, units, members):
        member = members["C1"]
        noticed = [make_news(units["W1"], f"Tin {index}") for index in range(NOTICES_PER_PAGE + 3)]
        for page in noticed:
            UnitNotice.objects.create(
                unit=units["W1"], page=page, kind=NotificationKind.PAGE_PUBLISHED, title=page.title
            )
        client.force_login(member.user)
        client.get(INBOX)
        # The three oldest are unseen, so the twenty newest are marked one by one.
        assert unread_count(member.user) == 3
        assert NoticeRead.objects.filter(person=member).count() == NOTICES_PER_PAGE
        client.get(INBOX + "?page=2")
        assert unread_count(member.user) == 0
        assert not NoticeRead.objects.filter(person=member).exists()
        member.refresh_from_db()
        assert member.notices_seen_until == UnitNotice.objects.latest("created_at").created_at

    def test_a_notice_after_the_visit_is_unread_and_others_watermarks_stay(
        self, client, units, members, django_capture_on_commit_callbacks
    ):
        publish(make_news(units["W1"], "Tin trước"), django_capture_on_commit_callbacks)
        client.force_login(members["C1"].user)
        client.get(INBOX)
        publish(make_news(units["W1"], "Tin sau"), django_capture_on_commit_callbacks)
        assert unread_count(members["C1"].user) == 1
        assert unread_count(members["C2"].user) == 2

    def test_a_newcomer_finds_earlier_notices_in_the_inbox_but_not_as_unread(
        self, client, units, django_capture_on_commit_callbacks
    ):
        publish(make_news(units["C1"], "Tin trước khi đến"), django_capture_on_commit_callbacks)
        newcomer = make_person(units["C1"])
        assert unread_count(newcomer.user) == 0
        client.force_login(newcomer.user)
        assert "Tin trước khi đến" in client.get(INBOX).text

    def test_query_count_is_fixed(self, client, units, members, django_capture_on_commit_callbacks):
        member = members["C1"]
        client.force_login(member.user)

        def inbox_queries():
            client.get(INBOX)  # marks what is new as seen, which starts a new generation of the person's notices
            with CaptureQueriesContext(connection) as computed:
                assert client.get(INBOX).status_code == 200
            with CaptureQueriesContext(connection) as kept:
                assert client.get(INBOX).status_code == 200
            return len(computed.captured_queries), len(kept.captured_queries)

        def grow():
            for code in ("TW", "P1", "W1", "C1"):
                publish(make_news(units[code]), django_capture_on_commit_callbacks)
            Notification.objects.create(person=member, kind=NotificationKind.COMMENT_MODERATED, title="Của tôi")

        grow()
        small = inbox_queries()
        # Computed: the session, the user with their person, the count, the page of rows and their pages'
        # links. Kept (inbox_page): the session and the user with their person.
        assert small == (5, 2)
        for _index in range(6):
            grow()
        assert inbox_queries() == small


class TestTheHeadersCountIsKept:
    """The header's count is kept in the page cache per person: each change shows on the next page."""

    def badge(self, client):
        html = client.get("/me/").content.decode()
        start = html.find('<span class="badge">')
        return 0 if start < 0 else int(html[start + len('<span class="badge">') : html.index("<", start + 1)])

    def test_a_notice_given_read_or_announced_shows_on_the_next_page(
        self, client, units, members, django_capture_on_commit_callbacks
    ):
        from members.notifications import notify

        member = members["C1"]
        client.force_login(member.user)
        assert self.badge(client) == 0  # kept now
        notify([member], NotificationKind.COMMENT_MODERATED, "Ý kiến đã duyệt")
        assert self.badge(client) == 1
        publish(make_news(units["W1"], "Chỉ thị mới của phường"), django_capture_on_commit_callbacks)
        assert self.badge(client) == 2
        other_ward = Client()
        other_ward.force_login(members["C3"].user)
        assert self.badge(other_ward) == 0  # another ward's reader: nothing
        client.get(INBOX)
        assert self.badge(client) == 0


class TestTheInboxIsKept:
    """The inbox's count and rows are kept per person (members.notices.inbox_page): every change shows
    on the next visit, and one person's kept inbox never reaches another."""

    def titles(self, client, page=1):
        html = client.get(f"{INBOX}?page={page}").content.decode()
        items = re.findall(r'<li class="notice-item[^"]*">(.*?)<small>', html, re.S)
        # Each notice's title, without its "new" badge and its link's tags.
        return [re.sub(r"<[^>]+>", "", re.sub(r"<strong.*?</strong>", "", item)).strip() for item in items]

    def test_what_changes_shows_on_the_next_visit(self, client, units, members, django_capture_on_commit_callbacks):
        from members.notifications import notify

        member = members["C1"]
        client.force_login(member.user)
        news = publish(make_news(units["W1"], "Chỉ thị của phường"), django_capture_on_commit_callbacks)
        assert self.titles(client) == ["Chỉ thị của phường"]
        assert self.titles(client) == ["Chỉ thị của phường"]  # kept now
        notify([member], NotificationKind.COMMENT_MODERATED, "Ý kiến đã duyệt")
        assert self.titles(client) == ["Ý kiến đã duyệt", "Chỉ thị của phường"]
        publish(make_news(units["P1"], "Nghị quyết của tỉnh"), django_capture_on_commit_callbacks)
        assert self.titles(client)[0] == "Nghị quyết của tỉnh"
        news.unpublish()
        assert self.titles(client) == ["Nghị quyết của tỉnh", "Ý kiến đã duyệt"]
        news.save_revision().publish()
        news.move(units["C3"], pos="last-child")  # into another ward: out of this member's reach
        assert "Chỉ thị của phường" not in self.titles(client)

    def test_a_kept_inbox_never_reaches_another_person(self, units, members, django_capture_on_commit_callbacks):
        from members.notifications import notify

        notify([members["C1"]], NotificationKind.COMMENT_MODERATED, "Riêng của C1")
        publish(make_news(units["C1"], "Tin của chi bộ C1"), django_capture_on_commit_callbacks)
        seen = {}
        for code in ("C1", "C1", "C2", "C3"):
            client = Client()
            client.force_login(members[code].user)
            seen[code] = self.titles(client)
        assert seen["C1"] == ["Tin của chi bộ C1", "Riêng của C1"]
        assert seen["C2"] == [] and seen["C3"] == []

    def test_the_pages_are_kept_apart(self, client, members):
        member = members["C1"]
        Notification.objects.bulk_create(
            [
                Notification(person=member, kind=NotificationKind.COMMENT_MODERATED, title=f"Thông báo {index}")
                for index in range(NOTICES_PER_PAGE + 3)
            ]
        )
        client.force_login(member.user)
        first, second = self.titles(client), self.titles(client, page=2)
        assert len(first) == NOTICES_PER_PAGE and len(second) == 3
        assert self.titles(client, page=99) == second  # past the end: the last page, as Django's get_page gives
        assert not set(first) & set(second)


class TestEmailChoice:
    def test_a_member_chooses_their_own_emails(self, client, units, members):
        member = members["C1"]
        client.force_login(member.user)
        response = client.post(reverse("members:notice_email"), {"notice_email": NoticeEmail.NONE})
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.notice_email == NoticeEmail.NONE
        assert members["C2"].notice_email == NoticeEmail.DAILY  # nobody else's choice

    def test_each_member_sees_their_own_choice_though_the_form_is_kept(self, units, members):
        def checked_in_inbox(person):
            client = Client()
            client.force_login(person.user)
            html = client.get(INBOX).content.decode()
            return re.findall(r'<input type="radio" name="notice_email" value="(\w+)"[^>]* checked>', html)

        with_email(members["C1"], NoticeEmail.NONE)
        assert checked_in_inbox(members["C1"]) == [NoticeEmail.NONE]  # kept now, for the choice "none"
        assert checked_in_inbox(members["C2"]) == [NoticeEmail.DAILY]  # another choice, another kept form
        with_email(members["C2"], NoticeEmail.NONE)
        assert checked_in_inbox(members["C2"]) == [NoticeEmail.NONE]

    def test_only_by_post_and_logged_in(self, client, members):
        assert client.post(reverse("members:notice_email"), {"notice_email": "none"}).status_code == 302
        client.force_login(members["C1"].user)
        assert client.get(reverse("members:notice_email")).status_code == 405
