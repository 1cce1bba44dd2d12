"""The labels of our snippet screens follow each request's language, whichever language the process
met first (site_pages/admin_labels.py).

Wagtail builds a viewset's views once, with the URLconf, in the language of the request that loads
it; here each view is built in one language, as that first request would, and read in both.
"""

import json
import re

import pytest

from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import translation

from members.models import Comment, Person, Question

pytestmark = pytest.mark.django_db

VIEWSETS = [model.snippet_viewset for model in (Person, Comment, Question)]
BREADCRUMB = re.compile(r"<div data-w-breadcrumbs.*?<nav[^>]*>(.*?)</nav>", re.S)
CHOOSER_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


@pytest.fixture
def render(rf: RequestFactory):
    superuser = get_user_model().objects.create_superuser("quantri", "quantri@example.org", "mat-khau-dai-2026")

    def render(view, language):
        request = rf.get("/admin/")
        request.user = superuser
        with translation.override(language):
            response = view(request)
            if hasattr(response, "render"):
                response.render()
        return response

    return render


def words(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.model.__name__)
@pytest.mark.parametrize(("built_in", "read_in"), [("en", "vi"), ("vi", "en")])
def test_the_breadcrumb_reads_in_the_readers_language(render, viewset, built_in, read_in):
    with translation.override(built_in):
        view = viewset.index_view
    home = {"en": "Home", "vi": "Trang chủ"}
    for language in (built_in, read_in):
        response = render(view, language)
        assert response.status_code == 200
        breadcrumb = words(BREADCRUMB.search(response.content.decode()).group(1))
        assert breadcrumb.startswith(home[language]), (language, breadcrumb)


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.model.__name__)
@pytest.mark.parametrize(("built_in", "read_in"), [("en", "vi"), ("vi", "en")])
def test_the_choosers_title_reads_in_the_readers_language(render, viewset, built_in, read_in):
    with translation.override(built_in):
        view = viewset.chooser_viewset.choose_view
    choose = {"en": "Choose", "vi": "Chọn"}
    for language in (built_in, read_in):
        response = render(view, language)
        assert response.status_code == 200
        title = words(CHOOSER_TITLE.search(json.loads(response.content)["html"]).group(1))
        with translation.override(language):
            assert title == f"{choose[language]} {viewset.model._meta.verbose_name}"
