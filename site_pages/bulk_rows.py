"""Writing many rows at once, for the bulk builders (the unit tree, the country bench's data).

Rows are plain dicts of {attname: value}, never model objects (a Wagtail page object costs more to
build than its rows cost to write). PostgreSQL takes them through COPY, its fastest way in, with
primary keys drawn from the table's sequence beforehand; SQLite through multi-row INSERTs that
return the new keys. Raw SQL, because Django's bulk_create refuses multi-table inheritance (every
page type) and on PostgreSQL sends rows as INSERT statements.
"""

import datetime
import functools
import uuid

import psycopg

from django.db import connection

PLAIN_TYPES = frozenset({str, int, bool, float})
# psycopg writes these as they are; Django's adaptation of them on PostgreSQL is the identity.
POSTGRESQL_PLAIN_TYPES = PLAIN_TYPES | {uuid.UUID, datetime.datetime, datetime.date}


def new_row(model, **values):
    """A new row of `model` as {attname: value}: `values`, the other columns at their defaults."""
    defaults, calls = _defaults(model)
    row = dict(defaults)
    for attname, default in calls:
        if attname not in values:
            row[attname] = default()
    row.update(values)
    return row


@functools.cache
def _defaults(model):
    """({attname: default}, [(attname, callable default)]) for the columns of `model`, as get_default gives."""
    defaults, calls = {}, []
    for field in model._meta.concrete_fields:
        if field.has_default() and callable(field.default):
            calls.append((field.attname, field.default))
        else:
            defaults[field.attname] = field.get_default()
    return defaults, calls


def own_fields(model):
    return [field for field in model._meta.concrete_fields if not field.primary_key]


def insert_rows(model, fields, rows, *, new_ids=False):
    """Write the `fields` of `rows` into `model`'s table; with `new_ids`, each row's new primary key
    is set in it."""
    if not rows:
        return
    pk = model._meta.pk
    postgresql = connection.vendor == "postgresql"
    if new_ids and postgresql:
        for row, key in zip(rows, _next_ids(model, len(rows)), strict=True):
            row[pk.attname] = key
        fields = [pk, *fields]
    quote = connection.ops.quote_name
    # Names from the model's own metadata, quoted; values are parameters (or COPY's data).
    columns = f"{quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)})"
    if postgresql:
        _copy(columns, fields, rows)
        return
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    insert = f"INSERT INTO {columns} VALUES "  # noqa: S608
    returning = f" RETURNING {quote(pk.column)}" if new_ids else ""
    # Raw SQL for the reasons the module's docstring gives; names quoted, values as parameters.
    with connection.cursor() as cursor:  # nosemgrep: handbook-no-raw-sql
        # Many rows a statement (SQLite parses them in C), within its 32,766 parameters.
        for batch in chunks(rows, max(1, 30_000 // len(fields))):
            params = [value for row in batch for value in _db_values(row, fields)]
            cursor.execute(insert + ", ".join([row_sql] * len(batch)) + returning, params)
            if new_ids:
                for row, (key,) in zip(batch, cursor.fetchall(), strict=True):
                    row[pk.attname] = key


def _next_ids(model, count):
    """`count` primary keys drawn from the sequence of `model`'s table, as INSERT would draw them."""
    table, column = model._meta.db_table, model._meta.pk.column
    # Table and column names from the model's metadata, as parameters of a fixed statement.
    with connection.cursor() as cursor:  # nosemgrep: handbook-no-raw-sql
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
        )
        return sorted(key for (key,) in cursor.fetchall())


def _copy(columns, fields, rows):
    """PostgreSQL's COPY, its fastest way in, on a plain psycopg cursor on Django's connection (in
    the same transaction)."""
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor, cursor.copy(f"COPY {columns} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(_db_values(row, fields))


def _db_values(row, fields):
    plain_types = POSTGRESQL_PLAIN_TYPES if connection.vendor == "postgresql" else PLAIN_TYPES
    values = []
    for field in fields:
        value = row[field.attname]
        # Text, numbers and None go to the database as they are; the rest (JSON...) is adapted.
        plain = value is None or type(value) in plain_types
        values.append(value if plain else field.get_db_prep_save(value, connection))
    return values


def chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
