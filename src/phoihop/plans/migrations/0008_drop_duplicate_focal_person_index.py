from django.db import migrations


class Migration(migrations.Migration):
    """The focal person's foreign key already has its own index (Django adds one to every
    foreign key); the second one on the same column only cost every write to participants."""

    dependencies = [("plans", "0007_vietnamese_model_names")]

    operations = [
        migrations.RemoveIndex(model_name="taskparticipant", name="plans_taskp_focal_p_0bcdb8_idx"),
    ]
