"""Every case keeps the channels of its items on its own row (`Case.channels`, one bit per
channel), so the analytics page and the list's channel filter read no items; this fills it for
the cases already recorded, and adds it to the department's covering index; and indexes the
open hot spots by due date."""

from django.db import migrations, models

# The bits as they were when this migration was written (Channel.bit: the place in the list).
CHANNELS = ("hotline", "letter", "email", "web", "press", "collaborator", "survey", "voters")


def fill_channels(apps, schema_editor):
    bits = " ".join(f"WHEN '{value}' THEN {1 << n}" for n, value in enumerate(CHANNELS))
    schema_editor.execute(
        f"""UPDATE cases_case SET channels = through.bits
            FROM (SELECT case_id, SUM(DISTINCT CASE channel {bits} ELSE 0 END) AS bits
                  FROM cases_item GROUP BY case_id) AS through
            WHERE cases_case.id = through.case_id"""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_topic_orientation"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="channels",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="kênh tiếp nhận"
            ),
        ),
        migrations.RunPython(fill_channels, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("completed_on__isnull", True), ("hot_spot", True)),
                fields=["effective_deadline", "id"],
                name="cases_case_open_hot_spots",
            ),
        ),
        migrations.RemoveIndex(model_name="case", name="cases_case_department_cover"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["department", "completed_on", "effective_deadline"],
                include=(
                    "id",
                    "status",
                    "hot_spot",
                    "field",
                    "area",
                    "lead_organization",
                    "received_on",
                    "channels",
                ),
                name="cases_case_department_cover",
            ),
        ),
    ]
