"""Every door of the project, knocked on by staff of one unit looking for another unit's content (issue 7).

The walk takes every URL from Django's resolver, every bulk action from Wagtail's registry and
every report from the reports menu. A URL without parameters is asked plainly and with a search
for the probes; a URL that names objects is asked with each probe object of another unit. No
answer may show a probe's text or fail with a server error. A URL whose parameters the access
matrix (tests/access.py) cannot fill, and that is not exempt there with a reason, fails the walk.
"""

import fnmatch
import uuid
from dataclasses import dataclass

import pytest

from django.core.files.base import ContentFile
from django.urls import URLPattern, get_resolver, reverse
from django.urls.resolvers import RegexPattern

from wagtail import hooks
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from members.comments.services import submit_comment
from members.models import RoleKind
from members.questions.services import ask
from tests.access import (
    ADMIN_PROBERS,
    BULK_PROBES,
    EXEMPT_DOORS,
    FIXED_PARAMETERS,
    ID_PARAMETERS,
    PK_BY_SCREEN,
)
from tests.factories import make_news, make_person
from tests.members.meeting_helpers import make_meeting
from tests.site_pages.test_images import tiny_png

pytestmark = pytest.mark.django_db

SEARCH = "Secret"


@dataclass
class Door:
    name: str  # "namespace:name", or the route for an unnamed URL
    route: str
    parameters: tuple

    def is_exempt(self):
        return any(fnmatch.fnmatchcase(self.name, pattern) for pattern in EXEMPT_DOORS)

    def probes_for(self, parameter):
        if parameter in FIXED_PARAMETERS:
            return None
        if parameter == "pk":
            return next((probes for pattern, probes in PK_BY_SCREEN if fnmatch.fnmatchcase(self.name, pattern)), ())
        return ID_PARAMETERS.get(parameter, ())

    def unfillable(self):
        return [parameter for parameter in self.parameters if self.probes_for(parameter) == ()]


def walk(patterns=None, prefix="", namespace=None):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLPattern):
            if isinstance(entry.pattern, RegexPattern):
                parameters = tuple(entry.pattern.regex.groupindex) or (() if entry.pattern.regex.groups == 0 else None)
            else:
                parameters = tuple(entry.pattern.converters)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or route
            yield Door(name, route, parameters)
        else:
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from walk(entry.url_patterns, route, inner)


DOORS = list({door.name + repr(door.parameters): door for door in walk()}.values())


def probe_unit(unit, code):
    """The probes of one cell, each with a text no outsider may see."""
    news = make_news(unit, f"Secret news {code}")
    draft = make_news(unit, f"Secret draft {code}", live=False)
    draft.save_revision()
    meeting = make_meeting(unit, title=f"Secret meeting {code}")
    author = make_person(unit, full_name=f"Secret Person {code}")
    comment, _created = submit_comment(meeting, author, f"Secret opinion {code}", uuid.uuid4())
    document = get_document_model()(title=f"Secret file {code}", collection_id=unit.collection_id)
    document.file.save("secret.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    image = get_image_model()(title=f"Secret picture {code}", collection_id=unit.collection_id, file=tiny_png())
    image.save()
    ward = unit.get_parent().specific
    make_person(None, kind=RoleKind.EDITOR, unit=ward)  # someone to answer, so the ward may be asked
    question, _created = ask(author, ward.pk, f"Secret question {code}", False, uuid.uuid4())
    draft = Page.objects.get(pk=draft.pk)
    return {
        "unit": unit,
        "news": news,
        "draft": draft,
        "draft_revision": draft.latest_revision,
        "meeting": meeting,
        "comment": comment,
        "document": document,
        "image": image,
        "person": author,
        "question": question,
        "user": author.user,
        "texts": [
            f"Secret {kind} {code}" for kind in ("news", "draft", "meeting", "opinion", "file", "picture", "question")
        ]
        + [f"Secret Person {code}"],
    }


def prober(role, units):
    home = units[ADMIN_PROBERS[role][0]]
    if role == "secretary":
        return make_person(home, kind=RoleKind.SECRETARY), home
    return make_person(None, kind=RoleKind.EDITOR, unit=home), home


def urls_for(door, probes, home):
    """The door's URLs naming each probe object in turn (one URL per probe kind)."""
    if not door.parameters:
        return ["/" + door.route.replace("^", "").replace("$", "")] if door.name == door.route else [reverse(door.name)]
    kinds = {parameter: door.probes_for(parameter) for parameter in door.parameters}
    rounds = max((len(probe_kinds) for probe_kinds in kinds.values() if probe_kinds), default=1)
    urls = []
    for round_number in range(rounds):
        kwargs = {}
        for parameter, probe_kinds in kinds.items():
            if probe_kinds is None:
                value = FIXED_PARAMETERS[parameter]
                kwargs[parameter] = home.pk if value == "home" else value
            else:
                kwargs[parameter] = probes[probe_kinds[min(round_number, len(probe_kinds) - 1)]].pk
        urls.append(reverse(door.name, kwargs=kwargs))
    return urls


def leaks(client, url, texts):
    response = client.get(url)
    body = b"".join(response) if response.streaming else response.content
    body = body.decode("utf-8", "replace")
    if response.status_code >= 500:
        return [f"{url} answered {response.status_code}"]
    return [f"{url} shows {text!r}" for text in texts if text in body]


def report_urls():
    return [item.url for item in (hook() for hook in hooks.get_hooks("register_reports_menu_item"))]


class TestTheWalk:
    def test_every_door_has_a_matrix_row_or_an_exemption(self):
        missing = [
            f"{door.name} ({door.route}): no probe for {door.unfillable() or 'its unnamed groups'}"
            for door in DOORS
            if not door.is_exempt() and (door.parameters is None or door.unfillable())
        ]
        assert not missing, "Give these doors a row in tests/access.py or an exemption with a reason:\n" + "\n".join(
            missing
        )

    def test_every_bulk_action_model_has_probes(self):
        bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # fills the registry
        models = {f"{app}.{model}" for app, by_model in bulk_action_registry.actions.items() for model in by_model}
        assert models <= set(BULK_PROBES), models - set(BULK_PROBES)

    def test_exemptions_name_existing_doors(self):
        names = [door.name for door in DOORS]
        stale = [pattern for pattern in EXEMPT_DOORS if not fnmatch.filter(names, pattern)]
        assert not stale


@pytest.fixture
def probes(units):
    codes = {code for _home, relations in ADMIN_PROBERS.values() for code in relations.values()}
    return {code: probe_unit(units[code], code) for code in codes}


CASES = [(role, relation) for role, (_home, relations) in ADMIN_PROBERS.items() for relation in relations]


class TestStaffAreShownNothingOfOtherUnits:
    @pytest.mark.parametrize(("role", "relation"), CASES)
    def test_doors_naming_objects(self, client, units, probes, role, relation):
        person, home = prober(role, units)
        client.force_login(person.user)
        target = probes[ADMIN_PROBERS[role][1][relation]]
        found = []
        for door in DOORS:
            if door.parameters and not door.is_exempt():
                for url in urls_for(door, target, home):
                    found += leaks(client, url, target["texts"])
        assert not found, "\n".join(found)

    @pytest.mark.parametrize(("role", "relation"), CASES)
    def test_bulk_actions_answer_404(self, client, units, probes, role, relation):
        person, _home = prober(role, units)
        client.force_login(person.user)
        target = probes[ADMIN_PROBERS[role][1][relation]]
        answers = {}
        for app_label, by_model in bulk_action_registry.actions.items():
            for model_name, actions in by_model.items():
                named = [target[kind].pk for kind in BULK_PROBES[f"{app_label}.{model_name}"]]
                for action in actions:
                    url = reverse("wagtail_bulk_action", args=(app_label, model_name, action))
                    for pk in named:
                        answers[f"GET {url}?id={pk}"] = client.get(url, {"id": pk}).status_code
                        answers[f"POST {url}?id={pk}"] = client.post(f"{url}?id={pk}").status_code
                    answers[f"GET {url}?id=all"] = client.get(
                        url, {"id": "all", "childOf": target["unit"].pk}
                    ).status_code
        assert {request: status for request, status in answers.items() if status != 404} == {}

    @pytest.mark.parametrize("role", list(ADMIN_PROBERS))
    def test_listings_searches_and_reports(self, client, units, probes, role):
        person, home = prober(role, units)
        client.force_login(person.user)
        texts = [text for code in ADMIN_PROBERS[role][1].values() for text in probes[code]["texts"]]
        found = []
        for door in DOORS:
            if door.parameters == () and not door.is_exempt():
                for url in urls_for(door, None, home):
                    found += leaks(client, url, texts) + leaks(client, f"{url}?q={SEARCH}", texts)
        for url in report_urls():
            found += leaks(client, url, texts)
        assert not found, "\n".join(found)


class TestStaffStillSeeTheirOwn:
    """The other direction: the same doors show staff their own units' content."""

    def test_chooser_search_and_browse(self, client, units):
        probe_unit(units["C1"], "C1")
        person, _home = prober("editor", units)
        client.force_login(person.user)
        found = client.get(reverse("wagtailadmin_choose_page_search"), {"q": SEARCH})
        assert "Secret news C1" in found.content.decode()
        browsed = client.get(reverse("wagtailadmin_choose_page_child", args=(units["C1"].pk,)))
        assert "Secret draft C1" in browsed.content.decode()

    def test_bulk_confirmation_lists_their_cells_comment(self, client, units):
        own = probe_unit(units["C1"], "C1")
        person, _home = prober("secretary", units)
        client.force_login(person.user)
        url = reverse("wagtail_bulk_action", args=("members", "comment", "approve_comments"))
        response = client.get(url, {"id": own["comment"].pk})
        assert response.status_code == 200
        assert "Secret opinion C1" in response.content.decode()

    def test_question_queue_and_page_show_their_wards_question(self, client, units):
        own = probe_unit(units["C1"], "C1")
        person, _home = prober("editor", units)
        client.force_login(person.user)
        assert "Secret question C1" in client.get(reverse("wagtailsnippets_members_question:list")).content.decode()
        edit = client.get(reverse("wagtailsnippets_members_question:edit", args=(own["question"].pk,)))
        assert "Secret question C1" in edit.content.decode()

    def test_person_chooser_offers_their_cells_members(self, client, units):
        own = probe_unit(units["C1"], "C1")
        person, _home = prober("secretary", units)
        client.force_login(person.user)
        chosen = client.get(reverse("wagtailsnippetchoosers_members_person:chosen", args=(own["person"].pk,)))
        assert "Secret Person C1" in chosen.content.decode()

    def test_a_browsed_parent_outside_the_scope_is_404(self, client, units, probes):
        person, _home = prober("secretary", units)
        client.force_login(person.user)
        outside = probes["C2"]["draft"]
        assert client.get(reverse("wagtailadmin_choose_page_child", args=(outside.pk,))).status_code == 404

    def test_the_page_types_report_is_for_superusers(self, client, units, django_user_model):
        person, _home = prober("editor", units)
        client.force_login(person.user)
        assert client.get(reverse("wagtailadmin_reports:page_types_usage")).status_code in (302, 403)
        client.force_login(django_user_model.objects.create_superuser("root", password="x"))
        assert client.get(reverse("wagtailadmin_reports:page_types_usage")).status_code == 200
