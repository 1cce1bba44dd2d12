"""Shared parts of the member pages kept in Django's cache, behind generation tokens.

What is cached here is shared: a unit's lists, a page's ancestors, a path's route, a person's
Scope (keyed by that person). Nothing cached holds a CSRF token or what one person has done (own
comments, read marks, unread counts): views add those per request.

Each key names the generations it depends on:
- `tree`: the shape of the tree (titles and slugs of pages with children, moves, unpublishing,
  deletion); every key depends on it;
- `unit:<id>`: what a unit owns (publishing, unpublishing or deleting one of its pages);
- `person:<user id>`: that person's roles; `roles`: every person's roles (a bulk import);
- `sites`: Wagtail's sites (their hosts and root pages);
- `public-pages`: the public pages, which every reader reads whatever their unit (publishing,
  unpublishing or re-reading the text of a public page, or a page ceasing to be public).

A change sets a fresh random token for what it touches, after its transaction commits, so a key
built on the old token is never read again. A token that the cache has lost (evicted, restarted)
comes back as a new random one, never as an old value, so an entry written before a change can
never come back to life. Entries expire after a day, so old ones drain away.

The cache is `CACHES["pages"]` (cms.settings): Redis when `REDIS_URL` is set; local memory for one
process (dev, tests); nothing in production without Redis, since a local-memory cache in each of
several web processes would not hear of the others' changes.

Round trips: what is kept under a key never changes (a change makes a new key), so each web process
also keeps what it read in `CACHES["pages_local"]`, its own memory, and asks Redis only for the
generations' tokens. Those may change at any moment in another process, so they are read once per
request (PageCachePerRequestMiddleware), the common ones together, and never kept longer.
"""

import secrets
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from cms.middleware import holding_a_dict_per_request

ENTRY_SECONDS = 24 * 60 * 60
TREE = "tree"
ROLES = "roles"
SITES = "sites"
PUBLIC_PAGES = "public-pages"


# Generations nearly every request asks for: read in the same round trip as the first asked.
COMMON = (TREE, SITES, ROLES)

_tokens_of_this_request = ContextVar("tokens_of_this_request", default=None)


def page_cache():
    return caches["pages"]


def _local_cache():
    return caches["pages_local"] if "pages_local" in settings.CACHES else None


def read(key):
    """What is kept under `key` (None if nothing), from this process's memory before the shared cache."""
    return read_many([key]).get(key)


def read_many(keys):
    local = _local_cache()
    found = local.get_many(keys) if local is not None else {}
    missing = [key for key in keys if key not in found]
    if missing:
        shared = page_cache().get_many(missing)
        if local is not None and shared:
            local.set_many(shared, ENTRY_SECONDS)
        found.update(shared)
    return found


def keep(key, value, seconds=ENTRY_SECONDS):
    keep_many({key: value}, seconds)


def keep_many(values, seconds=ENTRY_SECONDS):
    page_cache().set_many(values, seconds)
    local = _local_cache()
    if local is not None:
        local.set_many(values, seconds)


def unit_generation(unit_id):
    return f"unit:{unit_id}"


def person_generation(user_id):
    return f"person:{user_id}"


def _gen_key(name):
    return f"gen:{name}"


def tokens(names):
    """The current token of each generation in `names`: in a request, each read once (with the common
    ones on the first read); elsewhere in one cache round trip."""
    held = _tokens_of_this_request.get()
    if held is None:
        return _read_tokens(names)
    wanted = [name for name in dict.fromkeys((*names, *COMMON)) if name not in held]
    if wanted:
        held.update(zip(wanted, _read_tokens(wanted), strict=True))
    return [held[name] for name in names]


def prefetch(names):
    """Read the tokens of `names` now, in one round trip, for a request that will ask for them."""
    if _tokens_of_this_request.get() is not None:
        tokens(names)


def _read_tokens(names):
    cache = page_cache()
    keys = [_gen_key(name) for name in names]
    found = cache.get_many(keys)
    missing = {key: secrets.token_hex(8) for key in keys if key not in found}
    if missing:
        for key, token in missing.items():
            # add: when two requests start the same generation, the first token stands.
            cache.add(key, token, timeout=None)
        found.update(cache.get_many(list(missing)))
        # A cache that keeps nothing (DummyCache) gives a fresh token each time: every read misses.
        found = {**missing, **found}
    return [found[key] for key in keys]


def cache_key(what, generations, *parts):
    return ":".join([what, *tokens(generations), *(str(part) for part in parts)])


def cached(what, generations, parts, compute):
    """The value kept under `what`, the tokens of `generations` and `parts`, computed on a miss."""
    key = cache_key(what, [TREE, *generations], *parts)
    held = read(key)  # a 1-tuple, so that a computed None is kept too
    if held is None:
        held = (compute(),)
        keep(key, held)
    return held[0]


def cached_per_unit(what, unit_ids, compute):
    """{unit id: value} kept one entry per unit under the unit's generation (a province's list is
    shared by every cell below it); `compute(ids)` gives {id: value} for the units missed, at once."""
    unit_ids = list(unit_ids)
    names = [TREE, *(unit_generation(unit_id) for unit_id in unit_ids)]
    tree_token, *unit_tokens = tokens(names)
    keys = {
        unit_id: f"{what}:{tree_token}:{token}:{unit_id}" for unit_id, token in zip(unit_ids, unit_tokens, strict=True)
    }
    found = read_many(list(keys.values()))
    values = {unit_id: found[key] for unit_id, key in keys.items() if key in found}
    missed = [unit_id for unit_id in unit_ids if unit_id not in values]
    if missed:
        computed = compute(missed)
        keep_many({keys[unit_id]: computed[unit_id] for unit_id in missed})
        values.update(computed)
    return values


def bump(*names):
    """Start new generations of `names` once the current transaction commits (at once outside one)."""

    def write():
        fresh = {name: secrets.token_hex(8) for name in names}
        page_cache().set_many({_gen_key(name): token for name, token in fresh.items()}, timeout=None)
        held = _tokens_of_this_request.get()
        if held is not None:
            held.update(fresh)

    # Now, for what runs later in this same transaction; and again after the commit, because another
    # request may meanwhile have cached what it read before the commit under the first new token.
    write()
    transaction.on_commit(write)


PageCachePerRequestMiddleware = holding_a_dict_per_request(
    _tokens_of_this_request, "Holds the generations' tokens read during one request (see the module's docstring)."
)
