import pytest
from hypothesis import settings

from tests.factories import STANDARD_TREE, build_tree


@pytest.fixture
def units(db):
    return build_tree(STANDARD_TREE)


# Hypothesis: a few examples in every run (this replaces its default profile, so it applies at
# once); `pytest --hypothesis-profile=thorough` looks much harder. No deadline: a request's time
# depends on the database.
settings.register_profile("default", max_examples=20, deadline=None)
settings.register_profile("thorough", max_examples=500, deadline=None)
