from django.db import migrations, models
from django.db.models import Sum


def tally_levels(apps, schema_editor):
    """The level tallies of the uses already tallied per organisation (ADR 0040)."""
    UseTally = apps.get_model("library", "UseTally")
    LevelTally = apps.get_model("library", "LevelTally")
    rows = UseTally.objects.values("day", "access", "kind").annotate(n=Sum("count")).order_by()
    LevelTally.objects.bulk_create(
        (
            LevelTally(day=row["day"], access=row["access"], kind=row["kind"], count=row["n"])
            for row in rows.iterator(chunk_size=5000)
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0004_use_tallies"),
    ]

    operations = [
        migrations.CreateModel(
            name="LevelTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("access", models.CharField(choices=[("public", "Công khai"), ("signed_in", "Người dùng đã đăng nhập"), ("restricted", "Tổ chức, vai trò được chọn")], max_length=20)),
                ("kind", models.CharField(choices=[("view", "Lượt xem"), ("download", "Lượt tải")], max_length=10)),
                ("count", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "số lượt xem, tải trong ngày theo mức truy cập",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("day", "access", "kind"), name="library_one_level_tally"
                    )
                ],
            },
        ),
        migrations.RunPython(tally_levels, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="usetally", name="library_tally_day"),
        migrations.AddIndex(
            model_name="usetally",
            index=models.Index(
                fields=["organization", "day"],
                include=("access", "kind", "count"),
                name="library_tally_organization_day",
            ),
        ),
    ]
