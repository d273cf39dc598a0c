from django.db import migrations


def load(apps, schema_editor):
    from phoihop.events.kinds import load_default_kinds

    load_default_kinds(apps)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
