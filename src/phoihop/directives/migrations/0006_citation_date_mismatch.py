from django.db import migrations, models


def _fits(citation) -> bool:
    """The rule of services.citations.resolve: issued that day, or in that term (Party) / year
    (State)."""
    document, day = citation.document, citation.date
    if document.issued_on == day:
        return True
    if document.system == "party":
        term = document.term
        return (
            term is not None
            and term.starts_on <= day
            and (term.ends_on is None or day < term.ends_on)
        )
    return document.issued_on.year == day.year


def unlink_mismatched_dates(apps, schema_editor):
    """Until now a dated citation of a symbol naming one registered document was linked to it
    whatever the date ("38-CT/TW ngày 27/3/2015" → the 2009 directive). Unlink those and mark
    them; a person's own pick stays."""
    Citation = apps.get_model("directives", "Citation")
    linked = (
        Citation.objects.filter(resolved_manually=False, date__isnull=False, document__isnull=False)
        .select_related("document__term")
        .order_by("pk")
    )
    mismatched = [c.pk for c in linked.iterator(chunk_size=2000) if not _fits(c)]
    for start in range(0, len(mismatched), 500):
        Citation.objects.filter(pk__in=mismatched[start : start + 500]).update(
            document=None, ambiguous=False, date_mismatch=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0005_upload_fields_keep_original_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="citation",
            name="date_mismatch",
            field=models.BooleanField(default=False, verbose_name="ngày không khớp"),
        ),
        migrations.RunPython(unlink_mismatched_dates, migrations.RunPython.noop),
    ]
