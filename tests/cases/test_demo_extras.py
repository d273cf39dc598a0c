"""The demo of working groups, collaborators' notes and data requests (cases/demo_extras.py):
a working group on the press-flagged hot spot with log entries of three agencies, a press
orientation and a task in this year's plan; ctv.thanhhoa's sent note, one topic taken up as a
case; an open request about a caller's data; seeded once."""

import pytest
from django.utils import timezone

from phoihop.cases import demo, demo_extras
from phoihop.cases.models import DataRequest, OpinionNote, WorkingGroup
from phoihop.org import demo as org_demo
from phoihop.org.areas import load_areas
from phoihop.plans import demo as plans_demo

from ..conftest import kept_for_the_module


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        load_areas(reindex=False)
        org_demo.seed()
        plans_demo.seed()
        demo.seed()
        demo_extras.seed()
        yield


@pytest.fixture
def seeded(seeded_once, db):
    """Each case sees the seeded demo; what it writes is rolled back after it."""


def test_the_hot_spot_has_a_working_group_with_log_orientation_and_a_task(seeded):
    group = WorkingGroup.objects.get(case__department__identifier="38.BTGDVTU")
    assert group.case.hot_spot
    assert set(group.members.values_list("organization__identifier", flat=True)) == {
        "38.BTGDVTU",
        "38.SYT",
        "38.SGDDT",
    }
    assert group.log_entries.count() == 3
    assert all(e.happened_on <= timezone.localdate() for e in group.log_entries.all())
    assert group.orientations.get().approved_by.username == "lanhdao.tgdv"
    task = group.group_tasks.get().task
    assert task.plan.year == timezone.localdate().year
    assert task.participants.count() == 3


def test_the_collaborator_sent_a_note_and_one_topic_became_a_case(seeded):
    note = OpinionNote.objects.get(collaborator__username="ctv.thanhhoa")
    assert note.status == "submitted" and note.month < timezone.localdate().replace(day=1)
    assert note.topics.count() == 3
    assert {t.mood for t in note.topics.all()} == {"positive", "mixed", "negative"}
    taken = note.topics.exclude(item=None).get()
    assert taken.item.channel == "collaborator" and taken.item.case.kind == "signal"


def test_one_open_data_request_due_within_72_hours(seeded):
    request = DataRequest.objects.get()
    assert request.is_open and request.kind == "correct"
    left = request.due_at - timezone.now()
    assert 41 * 3600 < left.total_seconds() <= 42 * 3600


def test_seeding_again_adds_nothing(seeded):
    counts = (
        WorkingGroup.objects.count(),
        OpinionNote.objects.count(),
        DataRequest.objects.count(),
    )
    demo_extras.seed()
    assert (
        WorkingGroup.objects.count(),
        OpinionNote.objects.count(),
        DataRequest.objects.count(),
    ) == counts
