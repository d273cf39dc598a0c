"""Pre-load the catalogue of central documents this field cites most (real numbers and dates)."""

from django.db import migrations


def seed(apps, schema_editor):
    from phoihop.directives.catalogue import index_documents, load_central_documents

    documents = load_central_documents(apps)
    index_documents(apps, documents)


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0002_reference_data"),
        ("org", "0002_fields_of_work"),
        ("core", "0003_search_index"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
