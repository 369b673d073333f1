"""The shipped finder catalogue and its search index, built once per test session."""

from __future__ import annotations

import pytest

from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE
from stations.finder.catalogue import Catalogue, load_catalogue
from stations.finder.matching import FinderIndex


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    loaded, problems = load_catalogue(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert problems == []
    assert loaded is not None
    return loaded


@pytest.fixture(scope="session")
def index(catalogue: Catalogue) -> FinderIndex:
    return FinderIndex(catalogue)
