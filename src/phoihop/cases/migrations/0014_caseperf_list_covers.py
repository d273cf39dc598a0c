"""The case list's two walks read no case row: an area's cases by due date carry their answer
day and status (a province's tab counts are index-only), and the national due-date index
carries the answer day, status and area (the first 25 open cases of a province)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_caseperf_received_cover"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="cases_case_area_id_6abf5f_idx"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["area", "effective_deadline", "id"],
                include=("completed_on", "status"),
                name="cases_case_area_cover",
            ),
        ),
        migrations.RemoveIndex(model_name="case", name="cases_case_deadline"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["effective_deadline", "id"],
                include=("completed_on", "status", "area"),
                name="cases_case_deadline",
            ),
        ),
    ]
