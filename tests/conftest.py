import pytest

from tests.factories import STANDARD_TREE, build_tree


@pytest.fixture
def units(db):
    return build_tree(STANDARD_TREE)
