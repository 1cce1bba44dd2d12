"""Large values in Redis are kept compressed (cms/redis_cache.py); counters and small values as Django keeps them.

The serializer's own round trips run on both CI runs; what Redis holds is checked where REDIS_URL puts the
cache on Redis (CI's PostgreSQL run)."""

import pickle

import pytest

from django.core.cache import caches
from django.template.loader import render_to_string

from cms.redis_cache import COMPRESSED, COMPRESSED_FROM_BYTES, CompressingSerializer, RedisCache
from search.forms import SearchForm


@pytest.fixture
def kept_part():
    """A part as the page cache keeps one: a page's HTML, with the time it is valid until."""
    return ("2026-12-01T05:00:00+07:00", render_to_string("pages/_search_form.html", {"form": SearchForm()}))


class TestCompressingSerializer:
    serializer = CompressingSerializer()

    @pytest.mark.parametrize("value", [0, 41, -7, 10**12])
    def test_integers_stay_integers_so_that_incr_works(self, value):
        assert self.serializer.dumps(value) == value
        assert self.serializer.loads(str(value).encode()) == value

    def test_a_small_value_is_the_plain_pickle(self):
        value = {"token": "9cab9228cf6cc80a"}
        assert self.serializer.dumps(value) == pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        assert self.serializer.loads(self.serializer.dumps(value)) == value

    def test_a_kept_part_is_stored_in_a_fraction_of_its_size_and_read_back_whole(self, kept_part):
        plain = pickle.dumps(kept_part, pickle.HIGHEST_PROTOCOL)
        assert len(plain) >= COMPRESSED_FROM_BYTES
        stored = self.serializer.dumps(kept_part)
        assert stored.startswith(COMPRESSED)
        assert len(stored) < len(plain) / 2
        assert self.serializer.loads(stored) == kept_part

    def test_values_kept_before_compression_still_read(self, kept_part):
        # Entries written by the previous release stay in Redis for a day.
        assert self.serializer.loads(pickle.dumps(kept_part, pickle.HIGHEST_PROTOCOL)) == kept_part


@pytest.fixture
def redis_pages():
    cache = caches["pages"]
    if not isinstance(cache, RedisCache):
        pytest.skip("the page cache is local memory here; CI's PostgreSQL run puts it on Redis (REDIS_URL)")
    return cache


def stored_bytes(cache, key):
    return cache._cache.get_client(key).get(cache.make_and_validate_key(key))


class TestInRedis:
    def test_redis_holds_a_kept_part_compressed(self, redis_pages, kept_part):
        redis_pages.set("search:test", kept_part)
        stored = stored_bytes(redis_pages, "search:test")
        assert stored.startswith(COMPRESSED)
        assert len(stored) < len(pickle.dumps(kept_part, pickle.HIGHEST_PROTOCOL)) / 2
        assert redis_pages.get("search:test") == kept_part

    def test_counters_still_count(self, redis_pages):
        redis_pages.set("count:test", 1)
        assert redis_pages.incr("count:test", 2) == 3
        assert stored_bytes(redis_pages, "count:test") == b"3"
