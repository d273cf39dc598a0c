"""The events demo: the bloc briefing held in July with its agenda, attendance and conclusions
turned into tasks of the year's plan, the propagandists' course with hours, next week's
conference in the invitees' calendars; seeded once and true to its dates."""

import pytest
from django.utils import timezone

from phoihop.events import demo
from phoihop.events.models import Event, Participant
from phoihop.events.selectors import training_total
from phoihop.org import demo as org_demo
from phoihop.org.areas import load_areas
from phoihop.org.models import User
from phoihop.plans import demo as plans_demo

from ..conftest import kept_for_the_module
from .conftest import kind


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        load_areas(reindex=False)
        kind("giao-ban")
        org_demo.seed()
        plans_demo.seed()
        demo.seed()
        yield


def test_the_demo_briefing_course_and_conference(seeded_once, db):
    now = timezone.now()
    briefing = Event.objects.get(title__startswith="Hội nghị giao ban khối khoa giáo 6 tháng")
    assert briefing.ends_at < now
    assert briefing.agenda.count() == 7
    assert briefing.participants.filter(checked_in_at__isnull=False).count() == 4
    tasks = [c.task for c in briefing.conclusions.all() if c.task]
    assert len(tasks) == 3 and briefing.conclusions.count() == 4
    assert {t.lead_organization.identifier for t in tasks} == {"38.SYT", "38.SKHCN", "38.SGDDT"}
    assert all(t.plan == briefing.plan for t in tasks)
    course = Event.objects.get(title__startswith="Lớp bồi dưỡng, cập nhật kiến thức")
    assert course.ends_at < now and course.kind.is_training
    assert course.participants.filter(rsvp=Participant.Rsvp.DECLINED).count() == 1
    assert training_total(User.objects.get(username="chuyenvien.tgdv")) == 12
    assert training_total(User.objects.get(username="ctv.thanhhoa")) == 6
    upcoming = Event.objects.get(title__startswith="Hội nghị báo cáo viên tháng")
    assert upcoming.starts_at > now
    demo.seed()  # only once
    assert Event.objects.count() == 3


def test_the_briefing_cites_the_library_demo_items_each_to_its_readers(seeded_once, db):
    from phoihop.library import demo as library_demo
    from phoihop.library import selectors as library

    library_demo.seed()
    demo.seed()  # the library seeds before events: the briefing cites two of its items
    briefing = Event.objects.get(title__startswith="Hội nghị giao ban khối khoa giáo 6 tháng")
    held = briefing.local_start.date()
    materials = list(briefing.materials.all())
    assert len(materials) == 2
    assert all(item.published_on <= held for item in materials)
    organiser = User.objects.get(username="chuyenvien.tgdv")
    health = User.objects.get(username="daumoi.syt")
    assert library.readable(organiser, briefing.materials.values("pk")).count() == 2
    # The propagandists' book is for its audience: the health department's focal point sees
    # only the public outline.
    readable = list(library.readable(health, briefing.materials.values("pk")))
    assert [item.title[:40] for item in readable] == ["Đề cương tuyên truyền Nghị quyết số 57-N"]
    demo.seed()
    assert briefing.materials.count() == 2
