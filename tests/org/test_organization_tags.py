"""The organisation badges shown on every row of lists and trees."""

import datetime

from django.template import Context, Template

from phoihop.org.models import Organization

D = datetime.date
TODAY = D(2026, 11, 23)


def render(source: str, organization: Organization) -> str:
    template = Template("{% load organizations %}" + source)
    return template.render(Context({"organization": organization, "today": TODAY}))


def test_badges_say_archived_ended_and_not_yet_in_force():
    ended = Organization(name="Sở Nội vụ", valid_to=D(2025, 2, 28))
    upcoming = Organization(name="Ban mới", valid_from=D(2027, 1, 1))
    archived = Organization(name="Ban cũ", archived_at=datetime.datetime(2026, 1, 5, 8, 0))
    assert "Hết hiệu lực từ 28/02/2025" in render("{% organization_badges organization %}", ended)
    assert "Hiệu lực từ 01/01/2027" in render("{% organization_badges organization %}", upcoming)
    assert 'data-testid="badge-archived"' in render(
        "{% organization_badges organization %}", archived
    )
    assert render("{% organization_badges organization %}", Organization(name="UBND")) == ""
