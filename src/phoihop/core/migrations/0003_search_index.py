"""The full-text index behind core.search, in each database's own dialect."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE core_searchdocument_fts USING fts5("
    "search_text, content='core_searchdocument', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER core_searchdocument_ai AFTER INSERT ON core_searchdocument BEGIN "
    "INSERT INTO core_searchdocument_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER core_searchdocument_ad AFTER DELETE ON core_searchdocument BEGIN "
    "INSERT INTO core_searchdocument_fts(core_searchdocument_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER core_searchdocument_au AFTER UPDATE ON core_searchdocument BEGIN "
    "INSERT INTO core_searchdocument_fts(core_searchdocument_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO core_searchdocument_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_searchdocument_au",
    "DROP TRIGGER IF EXISTS core_searchdocument_ad",
    "DROP TRIGGER IF EXISTS core_searchdocument_ai",
    "DROP TABLE IF EXISTS core_searchdocument_fts",
]
POSTGRESQL = [
    "CREATE INDEX core_searchdocument_tsv ON core_searchdocument "
    "USING gin (to_tsvector('simple', search_text))",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS core_searchdocument_tsv"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
