import pytest
from hypothesis import settings

from django.core.cache import caches

from tests.factories import STANDARD_TREE, build_tree


@pytest.fixture(autouse=True)
def empty_page_cache():
    # Each test's database starts again with the same ids: nothing cached may outlive its test.
    caches["pages"].clear()


@pytest.fixture
def units(db):
    return build_tree(STANDARD_TREE)


# Hypothesis: a few examples in every run (this replaces its default profile, so it applies at
# once); `pytest --hypothesis-profile=thorough` looks much harder. No deadline: a request's time
# depends on the database.
settings.register_profile("default", max_examples=20, deadline=None)
settings.register_profile("thorough", max_examples=500, deadline=None)
