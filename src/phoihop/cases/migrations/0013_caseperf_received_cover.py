"""Every case by the day it was received, with every column the analytics page groups by: an
administrator's national analytics page (this year's cases, no department to narrow by) reads
them from this index alone instead of the whole table (benchmarks/README.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_case_channels"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["received_on"],
                include=(
                    "completed_on",
                    "effective_deadline",
                    "status",
                    "hot_spot",
                    "field",
                    "area",
                    "lead_organization",
                    "channels",
                ),
                name="cases_case_received_cover",
            ),
        ),
    ]
