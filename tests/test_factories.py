"""The factories make their objects through the services, so the defaults alone give what a
user's data holds: an audit entry, a search hit, a programme's reviews, a task's lead
organisation, the citations in the text."""

import datetime

import pytest

from phoihop.core import search
from phoihop.core.audit import entries_for
from phoihop.directives.models import Citation

from .factories import make_document, make_plan, make_programme, make_task, system_admin

pytestmark = pytest.mark.django_db


def test_a_default_task_is_found_audited_and_led_by_its_plans_issuer():
    task = make_task(title="Tuyên truyền phòng chống dịch sốt xuất huyết")
    assert task.lead_organization == task.plan.issuing_organization
    assert [p.role for p in task.participants.all()] == ["lead"]
    assert task.deadline == datetime.date(task.plan.year, 12, 31)
    assert entries_for(task).get().action == "create"
    hits = search.search(system_admin(), "sot xuat huyet", kinds=["task"])
    assert [hit.id for hit in hits] == [task.pk]


def test_a_default_programme_has_its_final_review_and_a_plan_under_it_its_signer():
    programme = make_programme(final_review_on=datetime.date(2030, 12, 15))
    assert programme.end_year == programme.start_year + 4
    assert list(programme.reviews.values_list("kind", flat=True)) == ["final"]
    plan = make_plan(programme=programme)
    assert plan.issuing_organization == programme.signing_organization
    assert entries_for(plan).get().action == "create"


def test_a_default_document_cited_in_a_task_is_resolved():
    document = make_document()  # a numbered central Chỉ thị of 1 January 2020
    assert document.symbol.endswith("-CT/TW") and entries_for(document).exists()
    task = make_task(description=f"Thực hiện Chỉ thị số {document.symbol} ngày 01-01-2020")
    assert Citation.objects.of(task).get().document == document
