import pytest

from members.services import transfer_member
from site_pages.models import HandbookPage
from tests.access import POSITIONS, expected_outcomes, person_with_role
from tests.factories import make_news

pytestmark = pytest.mark.django_db
ROLES = list(POSITIONS)


@pytest.fixture
def news_by_unit(units):
    return {code: make_news(unit, f"Tin riêng của {code}") for code, unit in units.items()}


def served(client, url):
    return client.get(url).status_code == 200


class TestPageServing:
    @pytest.mark.parametrize("role", ROLES)
    def test_content_pages(self, client, units, news_by_unit, role):
        client.force_login(person_with_role(role, units).user)
        outcomes = {relation: served(client, news_by_unit[code].url) for relation, code in POSITIONS[role][1].items()}
        assert outcomes == expected_outcomes(role)

    @pytest.mark.parametrize("role", ROLES)
    def test_refusal_is_a_404(self, client, units, news_by_unit, role):
        client.force_login(person_with_role(role, units).user)
        assert client.get(news_by_unit[POSITIONS[role][1]["sibling"]].url).status_code == 404

    @pytest.mark.parametrize("role", ROLES)
    def test_unit_pages(self, client, units, role):
        client.force_login(person_with_role(role, units).user)
        # The central unit is the site root, and `/` takes a logged-in person to /me/.
        relations = {relation: code for relation, code in POSITIONS[role][1].items() if relation != "top"}
        outcomes = {relation: served(client, units[code].url) for relation, code in relations.items()}
        assert outcomes == {relation: expected_outcomes(role)[relation] for relation in relations}

    def test_superuser_reads_everything(self, client, django_user_model, news_by_unit):
        client.force_login(django_user_model.objects.create_superuser("root", password="x"))
        assert all(served(client, page.url) for page in news_by_unit.values())

    def test_anonymous_is_sent_to_login_for_members_only_pages(self, client, news_by_unit):
        response = client.get(news_by_unit["C1"].url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    def test_anonymous_reads_public_pages(self, client, units):
        public = make_news(units["C4"], "Thông báo công khai", is_public=True)
        assert served(client, public.url)

    def test_ended_membership_no_longer_opens_the_old_cell(self, client, units, news_by_unit):
        person = person_with_role("member", units)
        transfer_member(person, units["C4"])
        client.force_login(person.user)
        assert client.get(news_by_unit["C1"].url).status_code == 404
        assert served(client, news_by_unit["C4"].url)


class TestVisibleToQuerySet:
    @pytest.mark.parametrize("role", ROLES)
    def test_matrix(self, units, news_by_unit, role):
        visible = set(HandbookPage.objects.visible_to(person_with_role(role, units).user).values_list("pk", flat=True))
        outcomes = {relation: news_by_unit[code].pk in visible for relation, code in POSITIONS[role][1].items()}
        assert outcomes == expected_outcomes(role)

    def test_anonymous_sees_only_public_pages(self, units, news_by_unit):
        from django.contrib.auth.models import AnonymousUser

        public = make_news(units["C4"], is_public=True)
        assert list(HandbookPage.objects.visible_to(AnonymousUser()).filter(owning_unit=units["C4"])) == [
            HandbookPage.objects.get(pk=public.pk)
        ]

    def test_drafts_are_not_listed(self, units):
        draft = make_news(units["C1"], "Bản nháp", live=False)
        user = person_with_role("secretary", units).user
        assert not HandbookPage.objects.visible_to(user).filter(pk=draft.pk).exists()


class TestMemberPageListings:
    @pytest.mark.parametrize("role", ROLES)
    def test_me_lists_the_chain_only(self, client, units, news_by_unit, role):
        client.force_login(person_with_role(role, units).user)
        html = client.get("/me/").content.decode()
        outcomes = {relation: news_by_unit[code].title in html for relation, code in POSITIONS[role][1].items()}
        # /me/ lists the chain above the person's unit; a staff member's subtree is browsed from the unit page.
        expected = {relation: relation in {"same", "ancestor", "top"} for relation in POSITIONS[role][1]}
        assert outcomes == expected


class TestSearch:
    @pytest.mark.parametrize("role", ROLES)
    def test_results_follow_the_rule(self, client, units, news_by_unit, role):
        client.force_login(person_with_role(role, units).user)
        outcomes = {}
        for relation, code in POSITIONS[role][1].items():
            html = client.get("/search/", {"q": f"Tin riêng của {code}"}).content.decode()
            outcomes[relation] = f'href="{news_by_unit[code].url}"' in html
        assert outcomes == expected_outcomes(role)

    def test_anonymous_finds_public_pages_only(self, client, units, news_by_unit):
        public = make_news(units["C1"], "Tin riêng công khai", is_public=True)
        html = client.get("/search/", {"q": "Tin riêng"}).content.decode()
        assert f'href="{public.url}"' in html
        assert f'href="{news_by_unit["C1"].url}"' not in html


class TestBreadcrumbs:
    def test_list_only_the_pages_above_that_the_reader_may_read(self, client, units):
        HandbookPage.objects.filter(pk=units["TW"].pk).update(is_public=True)
        public = make_news(units["C4"], "Thông báo công khai", is_public=True)
        html = client.get(public.url).content.decode()
        trail = html[html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))]
        assert units["TW"].title in trail
        assert units["C4"].title not in trail
        client.force_login(person_with_role("member", units).user)
        own = client.get(make_news(units["C1"]).url).content.decode()
        assert units["C1"].title in own[own.index('class="breadcrumbs"') :]
