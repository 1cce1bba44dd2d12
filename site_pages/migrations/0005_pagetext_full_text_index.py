"""A full-text index over `PageText`'s title, words and study words, keyed by page id (search/fulltext.py).

SQLite: an FTS5 table whose content is `site_pages_pagetext` itself (external content, rowid = page
id), kept in step by triggers, so that every write of a row, by the ORM or in bulk, updates it.
PostgreSQL: GIN indexes on the same `to_tsvector('simple', COALESCE(column, ''))` that Django's
`SearchVector(column, config="simple")` writes, so its filters use them. The columns are filled by
`manage.py fill_search_text` (rows with no `words` yet), not here: it reads every page and file.
A later migration that makes SQLite rebuild `site_pages_pagetext` (Django copies it to a new table
for most column changes) drops the triggers with the old table and must create them again.
"""

from django.db import migrations, models

SQLITE = [
    (
        "CREATE VIRTUAL TABLE site_pages_pagetext_fts USING fts5("
        "title, words, study_words, content='site_pages_pagetext', content_rowid='page_id', tokenize='unicode61')",
        "DROP TABLE site_pages_pagetext_fts",
    ),
    (
        "CREATE TRIGGER site_pages_pagetext_fts_insert AFTER INSERT ON site_pages_pagetext BEGIN "
        "INSERT INTO site_pages_pagetext_fts(rowid, title, words, study_words) "
        "VALUES (new.page_id, new.title, new.words, new.study_words); END",
        "DROP TRIGGER site_pages_pagetext_fts_insert",
    ),
    (
        "CREATE TRIGGER site_pages_pagetext_fts_delete AFTER DELETE ON site_pages_pagetext BEGIN "
        "INSERT INTO site_pages_pagetext_fts(site_pages_pagetext_fts, rowid, title, words, study_words) "
        "VALUES ('delete', old.page_id, old.title, old.words, old.study_words); END",
        "DROP TRIGGER site_pages_pagetext_fts_delete",
    ),
    (
        "CREATE TRIGGER site_pages_pagetext_fts_update AFTER UPDATE ON site_pages_pagetext BEGIN "
        "INSERT INTO site_pages_pagetext_fts(site_pages_pagetext_fts, rowid, title, words, study_words) "
        "VALUES ('delete', old.page_id, old.title, old.words, old.study_words); "
        "INSERT INTO site_pages_pagetext_fts(rowid, title, words, study_words) "
        "VALUES (new.page_id, new.title, new.words, new.study_words); END",
        "DROP TRIGGER site_pages_pagetext_fts_update",
    ),
    # Rows already stored (empty columns until filled) enter the index.
    ("INSERT INTO site_pages_pagetext_fts(site_pages_pagetext_fts) VALUES ('rebuild')", ""),
]
POSTGRESQL = [
    (
        f"CREATE INDEX site_pages_pagetext_{column}_gin ON site_pages_pagetext "
        f"USING gin (to_tsvector('simple'::regconfig, COALESCE({column}, '')))",
        f"DROP INDEX site_pages_pagetext_{column}_gin",
    )
    for column in ("title", "words", "study_words")
]


def statements(schema_editor):
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])


def create(apps, schema_editor):
    for forward, _backward in statements(schema_editor):
        schema_editor.execute(forward)


def drop(apps, schema_editor):
    for _forward, backward in reversed(statements(schema_editor)):
        if backward:
            schema_editor.execute(backward)


class Migration(migrations.Migration):
    dependencies = [("site_pages", "0004_vietnamese_workflow_names")]

    operations = [
        migrations.AddField(model_name="pagetext", name="words", field=models.TextField(blank=True)),
        migrations.AddField(model_name="pagetext", name="study_words", field=models.TextField(blank=True)),
        migrations.RunPython(create, drop),
    ]
