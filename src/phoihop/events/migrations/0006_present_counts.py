from decimal import Decimal

from django.db import migrations, models
from django.db.models import Case, Count, DecimalField, F, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce


def recount_present(apps, schema_editor):
    """Each event's present participants and their credited hours (their own, else the
    course's), as services.recount_present keeps them from now on."""
    Event = apps.get_model("events", "Event")
    Participant = apps.get_model("events", "Participant")
    present = (
        Participant.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False)
        .order_by()
        .values("event")
    )
    credited = Case(
        When(hours__isnull=False, then=F("hours")),
        default=F("event__training_hours"),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )
    Event.objects.update(
        present_count=Coalesce(Subquery(present.annotate(n=Count("pk")).values("n")), 0),
        present_hours=Coalesce(
            Subquery(present.annotate(h=Sum(credited)).values("h")),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=9, decimal_places=1),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_cancellation_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="present_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="event",
            name="present_hours",
            field=models.DecimalField(decimal_places=1, default=0, editable=False, max_digits=9),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["starts_at"],
                include=("id", "kind", "organizer", "cancelled_at", "present_count", "present_hours"),
                name="event_review_idx",
            ),
        ),
        migrations.RunPython(recount_present, migrations.RunPython.noop),
    ]
