"""Seed the Party terms, type codes and issuer codes. They stay editable reference data."""

from django.db import migrations


def seed(apps, schema_editor):
    from phoihop.directives.catalogue import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
