"""The maps' GeoJSON is cached per collectivité (cartographie.geo): each test starts and ends with an empty cache."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()
    yield
    cache.clear()
