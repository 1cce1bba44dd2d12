"""An optional PostgreSQL read replica (`DATABASE_REPLICA_URL`): the pages people read come from it.

Reads of a GET or HEAD request go to the `replica` alias, everything else to the primary (`default`):
writes, whatever a management command, the task worker or a test does outside a request, and reads
inside a transaction (they must see what it wrote). A replica lags behind its primary, so a person
who has just written (any other method: a comment, a moderation decision, a login) carries a signed
cookie for `DATABASE_REPLICA_PIN_SECONDS` during which their own reads come from the primary too, and
their comment shows at once on the page they are sent back to.
https://docs.djangoproject.com/en/5.2/topics/db/multi-db/#an-example
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "handbook_primary"
PIN_SALT = "cms.replica.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Outside a request (commands, the task worker) every read goes to the primary.
_reads_from_replica = ContextVar("reads_from_replica", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_from_replica.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary by replication


class ReadReplicaMiddleware:
    """Chooses where this request reads from; pins the writer to the primary for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in SAFE_METHODS
        token = _reads_from_replica.set(not writes and not self.pinned(request))
        try:
            response = self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
        if writes:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def pinned(request):
        value = request.get_signed_cookie(
            PIN_COOKIE, default=None, salt=PIN_SALT, max_age=settings.DATABASE_REPLICA_PIN_SECONDS
        )
        return value is not None
