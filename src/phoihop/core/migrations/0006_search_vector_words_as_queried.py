"""PostgreSQL: build the tsvector from the words a query is split into ([0-9a-z]+ of the folded
text), as SQLite's FTS5 tokenizer does. PostgreSQL's own parser keeps "38.14797.du" or an
e-mail address as one lexeme, so searching for an organisation's identifier found nothing."""

from django.db import migrations

from ._postgresql import on_postgresql


def _vector_column(source: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS core_searchdocument_vector",
        "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE core_searchdocument ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple', {source})) STORED",
        "CREATE INDEX core_searchdocument_vector ON core_searchdocument "
        "USING gin (search_vector) WITH (fastupdate = off)",
    ]


FORWARD = _vector_column("regexp_replace(search_text, '[^0-9a-z]+', ' ', 'g')")
BACKWARD = _vector_column("search_text")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_search_index_without_pending_list")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
