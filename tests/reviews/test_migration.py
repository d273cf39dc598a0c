"""The migrations move the rows of both old tables into reviews.Review: a directive review keeps
its id, report document, audit entries and reminder keys; a programme milestone becomes a review
of its programme with the signing organisation responsible."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from phoihop.core.models import AuditEntry, Notification
from phoihop.directives.models import ReviewReport
from phoihop.reviews.models import Review

from ..factories import make_document

D = datetime.date
BEFORE = [
    ("directives", "0006_citation_date_mismatch"),
    ("plans", "0002_upload_fields_keep_original_names"),
    ("reviews", None),
]
AFTER = [
    ("directives", "0007_reviews_move_to_reviews_app"),
    ("plans", "0003_milestones_move_to_reviews_app"),
]


@pytest.mark.django_db(transaction=True)
def test_migrating_moves_directive_and_programme_reviews(world):
    admin = world.people.admin
    document = make_document(
        "12-CTr/TU", D(2025, 2, 10), by=admin, abstract="Chương trình hành động"
    )
    report = make_document("120-BC/TU", D(2026, 3, 1), by=admin, abstract="Báo cáo sơ kết")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[:2]).apps
    OldReview = old.get_model("directives", "ReviewMilestone")
    Milestone = old.get_model("plans", "Milestone")
    # The old tables have no services any more: their rows are written as the migration met them.
    OldReview.objects.create(
        id=41,
        document_id=document.pk,
        kind="preliminary",
        due_on=D(2026, 2, 10),
        responsible_id=world.propaganda.pk,
        done_on=D(2026, 3, 2),
        report_document_id=report.pk,
        report_note="Đã sơ kết.",
        created_by_id=admin.pk,
    )
    Milestone.objects.create(
        programme_id=world.programme.pk,
        kind="midterm",
        title="Sơ kết giữa kỳ",
        due_on=D(2023, 6, 30),
    )
    Milestone.objects.create(
        programme_id=world.programme.pk, kind="final", title="Tổng kết", due_on=D(2026, 12, 15)
    )
    # core's tables are the same before and after: its current models write them
    old_type, _ = ContentType.objects.get_or_create(app_label="directives", model="reviewmilestone")
    AuditEntry.objects.create(
        action="create", content_type=old_type, object_id="41", object_repr="Sơ kết"
    )
    Notification.objects.create(
        recipient=admin, key="directives.review:41:20260210:overdue", title="Quá hạn"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    moved = Review.objects.get(pk=41)
    assert (moved.subject, moved.kind, moved.responsible, moved.done_on, moved.report_note) == (
        document,
        "preliminary",
        world.propaganda,
        D(2026, 3, 2),
        "Đã sơ kết.",
    )
    assert ReviewReport.objects.get(review=moved).document == report
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Review), object_id="41"
    ).exists()
    assert Notification.objects.get(recipient=admin).key == "review:41:20260210:overdue"
    programme_reviews = Review.objects.of(world.programme).order_by("due_on")
    assert [(r.kind, r.title, r.responsible) for r in programme_reviews] == [
        ("preliminary", "Sơ kết giữa kỳ", world.propaganda),
        ("final", "Tổng kết", world.propaganda),
    ]
    assert all(r.pk > 41 for r in programme_reviews)  # new ids after the kept ones
    # the sequence moved past the kept ids: a new review gets a fresh one
    assert Review.objects.create(
        subject=document, kind="other", due_on=D(2027, 1, 1), responsible=world.propaganda
    ).pk > max(r.pk for r in programme_reviews)
