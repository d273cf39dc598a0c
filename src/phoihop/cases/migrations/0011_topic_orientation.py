"""A press orientation may be a department's about a press topic, sent to press agencies, not
only a working group's (issue 18): `group` optional, `department`, `topic`, `recipients`. The
group's notes get their department (the case's receiving department)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_departments(apps, schema_editor):
    PressOrientation = apps.get_model("cases", "PressOrientation")
    for note in PressOrientation.objects.filter(department__isnull=True, group__isnull=False):
        note.department_id = note.group.case.department_id
        note.save(update_fields=["department"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_portal_tracking_publication"),
        ("org", "0008_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="pressorientation",
            name="department",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.organization",
                verbose_name="đơn vị định hướng",
            ),
        ),
        migrations.AddField(
            model_name="pressorientation",
            name="recipients",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to="org.organization",
                verbose_name="cơ quan báo chí nhận",
            ),
        ),
        migrations.AddField(
            model_name="pressorientation",
            name="topic",
            field=models.CharField(blank=True, max_length=500, verbose_name="chủ đề"),
        ),
        migrations.AlterField(
            model_name="pressorientation",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="orientations",
                to="cases.workinggroup",
            ),
        ),
        migrations.RunPython(fill_departments, migrations.RunPython.noop),
    ]
