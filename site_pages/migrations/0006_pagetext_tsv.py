"""PostgreSQL: the full-text match's own narrow table, `site_pages_pagetext_tsv` (search/fulltext.py).

One row per `PageText` row, keyed by page id: the `tsvector` of its title, words and study words,
kept in step by triggers on `site_pages_pagetext` (so every write path updates it: the ORM, bulk
inserts, COPY, `fill_search_text`), with a GIN index on each. It replaces migration 0005's GIN
expression indexes on `site_pages_pagetext`, whose rows carry the page's text and its files' words:
a bitmap heap scan for a word found in 95,000 pages read that whole table, and checking one page
meant parsing its text again. Here a row holds only the vectors, stripped of word positions (a match
is every word of the query, never a phrase), and checking one page is one primary-key lookup. Also a
prefix index on the folded titles, for the titles that begin with the words searched for.

SQLite is unchanged: its FTS5 table of migration 0005 is the same idea. The model `PageTextVector`
(unmanaged: its table is made here, on PostgreSQL only) lets search query the table with the ORM.
"""

import django.contrib.postgres.search
from django.db import migrations, models

VECTORS = ("title", "words", "study_words")
VECTOR_VALUES = ", ".join(f"strip(to_tsvector('simple'::regconfig, {{row}}{column}))" for column in VECTORS)

FUNCTION = f"""
CREATE FUNCTION site_pages_pagetext_tsv_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE site_pages_pagetext_tsv;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM site_pages_pagetext_tsv WHERE page_id = OLD.page_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO site_pages_pagetext_tsv (page_id, {", ".join(VECTORS)})
        VALUES (NEW.page_id, {VECTOR_VALUES.format(row="NEW.")});
    END IF;
    RETURN NULL;
END
$$
"""
# A page's every full save rewrites its row with update_or_create; the vectors are built again only
# when its text changed.
TEXT_CHANGED = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in ("page_id", *VECTORS))

FORWARD = [
    "CREATE TABLE site_pages_pagetext_tsv ("
    "page_id integer PRIMARY KEY, title tsvector NOT NULL, words tsvector NOT NULL, study_words tsvector NOT NULL)",
    # Rows already stored (triggers and indexes after: one pass, each index built at once).
    f"INSERT INTO site_pages_pagetext_tsv (page_id, {', '.join(VECTORS)}) "
    f"SELECT page_id, {VECTOR_VALUES.format(row='')} FROM site_pages_pagetext",
    *(
        f"CREATE INDEX site_pages_pagetext_tsv_{column}_gin ON site_pages_pagetext_tsv USING gin ({column})"
        for column in VECTORS
    ),
    FUNCTION,
    "CREATE TRIGGER site_pages_pagetext_tsv_insert_delete AFTER INSERT OR DELETE ON site_pages_pagetext "
    "FOR EACH ROW EXECUTE FUNCTION site_pages_pagetext_tsv_sync()",
    f"CREATE TRIGGER site_pages_pagetext_tsv_update AFTER UPDATE ON site_pages_pagetext FOR EACH ROW "
    f"WHEN ({TEXT_CHANGED}) EXECUTE FUNCTION site_pages_pagetext_tsv_sync()",
    # Django's flush (transactional tests) truncates the models' tables, which fires no row trigger.
    "CREATE TRIGGER site_pages_pagetext_tsv_truncate AFTER TRUNCATE ON site_pages_pagetext "
    "FOR EACH STATEMENT EXECUTE FUNCTION site_pages_pagetext_tsv_sync()",
    *(f"DROP INDEX site_pages_pagetext_{column}_gin" for column in VECTORS),
    # Titles that begin with the words searched for (search.query ranks them first, newest first).
    "CREATE INDEX site_pages_pagetext_title_prefix ON site_pages_pagetext (title text_pattern_ops)",
    "ANALYZE site_pages_pagetext_tsv",  # the planner weighs a word's share of pages from these statistics
]
BACKWARD = [
    "DROP INDEX site_pages_pagetext_title_prefix",
    *(
        f"CREATE INDEX site_pages_pagetext_{column}_gin ON site_pages_pagetext "
        f"USING gin (to_tsvector('simple'::regconfig, COALESCE({column}, '')))"
        for column in VECTORS
    ),
    "DROP TABLE site_pages_pagetext_tsv",
    # Dropped with the function: its triggers.
    "DROP FUNCTION site_pages_pagetext_tsv_sync() CASCADE",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("site_pages", "0005_pagetext_full_text_index")]

    operations = [
        migrations.CreateModel(
            name="PageTextVector",
            fields=[
                ("page_id", models.IntegerField(primary_key=True, serialize=False)),
                ("title", django.contrib.postgres.search.SearchVectorField()),
                ("words", django.contrib.postgres.search.SearchVectorField()),
                ("study_words", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"db_table": "site_pages_pagetext_tsv", "managed": False},
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
