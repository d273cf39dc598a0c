"""The roll-ups follow the submission services (issue 16, items 4 and 7): accepting a report
adds its figures to its commune, district and province; reopening it takes them out again; a
returned or draft report counts nowhere."""

import pytest

from phoihop.core.periods import Period
from phoihop.reporting import analytics, submissions
from phoihop.reporting.services import Assignment
from tests.factories import make_form, make_indicator, make_regime, make_submission, system_admin

from .rollup_world import build_world

pytestmark = pytest.mark.django_db


def total(indicator, area, code):
    period = Period.from_code(code)
    return analytics.series(indicator, [area], [period], as_of=period.end).value(area.pk, code)


def test_accept_and_reopen_through_the_services(db):
    sessions = make_indicator(code="TG.BUOI", name="Số buổi tuyên truyền")
    world = build_world([sessions])
    units = [world.units["a1"], world.units["a2"]]
    regime = make_regime(
        report_form=make_form(indicators=[sessions]),
        assignments=[Assignment(organization=unit) for unit in units],
    )
    first = make_submission(
        regime=regime,
        organization=units[0],
        period="2025-03",
        values={"TG.BUOI": "4"},
        state="accepted",
    )
    make_submission(
        regime=regime,
        organization=units[1],
        period="2025-03",
        values={"TG.BUOI": "6"},
        state="submitted",
    )
    province = world.areas["A"]
    assert total(sessions, province, "2025-03") == 4  # the submitted one is not counted yet

    second = regime.submissions.get(organization=units[1])
    submissions.accept(second, system_admin())
    assert total(sessions, province, "2025-03") == 10
    assert total(sessions, world.areas["DA"], "2025-03") == 10

    submissions.reopen(first, "Số liệu tháng 3 cần sửa lại.", system_admin())
    assert total(sessions, province, "2025-03") == 6
