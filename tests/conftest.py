import pytest
from hypothesis import settings

from django.conf import settings as django_settings
from django.core.cache import caches

from tests.factories import STANDARD_TREE, build_tree


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches: the same on Redis (CI's PostgreSQL run), whose keys outlive
    the test process, as on local memory, where they outlive the test; and ids repeat between tests
    rolled back, so a cached rendition or fragment could meet an object it was not made for."""
    for alias in django_settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def units(db):
    return build_tree(STANDARD_TREE)


# Hypothesis: a few examples in every run (this replaces its default profile, so it applies at
# once); `pytest --hypothesis-profile=thorough` looks much harder. No deadline: a request's time
# depends on the database.
settings.register_profile("default", max_examples=20, deadline=None)
settings.register_profile("thorough", max_examples=500, deadline=None)
