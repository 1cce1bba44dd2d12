"""Django's Redis cache with one redis-py client per connection pool, and large values compressed.

Django's client builds a new `redis.Redis` for every cache call (`RedisCacheClient.get_client`),
and each one fills its table of some 200 reply handlers: about 0.15 ms of CPU per call, more than the
round trip itself on the loopback. A redis-py client is safe to share between threads and holds no
connection of its own (the pool does), so one per pool serves every call.

The page cache keeps rendered parts and lists of a few kilobytes each (a kept search: 8 KB of HTML),
for every cell of a country; Redis runs with `maxmemory` and `allkeys-lru` (README, production), so
what it holds is bounded by its memory. Compressed, each takes about a third, and the same memory
keeps about three times as many before the oldest are evicted.
"""

import zlib

from django.core.cache.backends import redis as django_redis

# Below this a pickle is kept as it is: sessions, generations' tokens and counters gain little.
COMPRESSED_FROM_BYTES = 1024
# Never the first byte of a pickle (protocol 2 and above begin with 0x80) nor of an integer's digits.
COMPRESSED = b"Z"


class CompressingSerializer(django_redis.RedisSerializer):
    """Django's serializer (integers as they are, so that `incr` works; the rest pickled), with pickles
    of COMPRESSED_FROM_BYTES or more stored zlib-compressed behind a marker byte."""

    def dumps(self, obj):
        data = super().dumps(obj)
        if isinstance(data, bytes) and len(data) >= COMPRESSED_FROM_BYTES:
            return COMPRESSED + zlib.compress(data)
        return data

    def loads(self, data):
        if data[:1] == COMPRESSED:
            data = zlib.decompress(data[1:])
        return super().loads(data)


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, serializer=None, **kwargs):
        super().__init__(*args, serializer=serializer or CompressingSerializer, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
