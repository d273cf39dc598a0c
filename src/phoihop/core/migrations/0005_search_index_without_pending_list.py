"""PostgreSQL: turn off the GIN "fast update" pending list on the search index.

With fastupdate on, inserted documents wait in an unsorted pending list (up to 4 MB, ~20,000
documents) until autovacuum merges them, and every search scans that whole list: "so y te thanh
hoa" took 13 ms instead of 2 ms on 59,000 documents. Search documents are written one at a time
by services or in bulk by rebuilds, so paying the index update on write is the right trade.
The pending list already there is merged now."""

from django.db import migrations

from ._postgresql import on_postgresql

FORWARD = [
    "ALTER INDEX core_searchdocument_vector SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('core_searchdocument_vector'::regclass)",
]
BACKWARD = ["ALTER INDEX core_searchdocument_vector RESET (fastupdate)"]


class Migration(migrations.Migration):
    dependencies = [("core", "0004_stored_search_vector")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
