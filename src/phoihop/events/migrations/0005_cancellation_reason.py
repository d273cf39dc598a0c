from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_vietnamese_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="cancellation_reason",
            field=models.TextField(blank=True, verbose_name="lý do hủy"),
        ),
    ]
