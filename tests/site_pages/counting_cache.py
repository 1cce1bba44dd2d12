"""A local-memory cache that notes each call it answers, standing in for the shared page cache
(Redis in production), where every call is a round trip."""

from django.core.cache.backends.locmem import LocMemCache

calls = []  # (cache's location, method, keys asked for), in order, across instances (caches are per thread)
_MISSING = object()


class CountingCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        self.location = name

    def get(self, key, default=None, version=None):
        calls.append((self.location, "get", [key]))
        return super().get(key, default, version)

    def get_many(self, keys, version=None):
        keys = list(keys)
        calls.append((self.location, "get_many", keys))
        # One round trip, noted once (LocMemCache's own get_many would note a get per key).
        found = {key: super(CountingCache, self).get(key, _MISSING, version) for key in keys}
        return {key: value for key, value in found.items() if value is not _MISSING}
