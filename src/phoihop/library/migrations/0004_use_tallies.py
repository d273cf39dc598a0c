from django.db import migrations, models
from django.db.models import Count


def tally_existing_uses(apps, schema_editor):
    """The tallies of the uses recorded before them (one row per day, organisation, access
    level and kind)."""
    Use = apps.get_model("library", "Use")
    UseTally = apps.get_model("library", "UseTally")
    rows = (
        Use.objects.values("day", "kind", "item__organization_id", "item__access")
        .annotate(n=Count("pk"))
        .order_by()
    )
    UseTally.objects.bulk_create(
        (
            UseTally(
                day=row["day"],
                kind=row["kind"],
                organization_id=row["item__organization_id"],
                access=row["item__access"],
                count=row["n"],
            )
            for row in rows.iterator(chunk_size=5000)
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0003_vietnamese_names"),
        ("org", "0008_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="UseTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("access", models.CharField(choices=[("public", "Công khai"), ("signed_in", "Người dùng đã đăng nhập"), ("restricted", "Tổ chức, vai trò được chọn")], max_length=20)),
                ("kind", models.CharField(choices=[("view", "Lượt xem"), ("download", "Lượt tải")], max_length=10)),
                ("count", models.PositiveIntegerField(default=0)),
                ("organization", models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="+", to="org.organization")),
            ],
            options={"verbose_name": "số lượt xem, tải trong ngày"},
        ),
        migrations.AddConstraint(
            model_name="usetally",
            constraint=models.UniqueConstraint(
                fields=("day", "organization", "access", "kind"), name="library_one_tally"
            ),
        ),
        migrations.AddIndex(
            model_name="usetally",
            index=models.Index(
                fields=["day"],
                include=("organization", "access", "kind", "count"),
                name="library_tally_day",
            ),
        ),
        migrations.RunPython(tally_existing_uses, migrations.RunPython.noop),
    ]
