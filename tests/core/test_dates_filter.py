"""The two date filters every template has, and the rule that rows use them."""

import datetime
import pathlib
import re
import zoneinfo

from django.template import Context, Template
from django.utils import timezone

import phoihop


def render(source, **context):
    return Template(source).render(Context(context))


def test_dates_print_day_month_year_and_local_time(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    moment = datetime.datetime(2026, 12, 6, 17, 5, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with timezone.override("Asia/Ho_Chi_Minh"):
        printed = render(
            "{{ d|vn_date }} · {{ m|vn_datetime }} · {{ m|vn_date }}", d=moment.date(), m=moment
        )
    assert printed == "06/12/2026 · 07/12/2026 00:05 · 07/12/2026"


def test_a_missing_or_wrong_value_prints_nothing():
    assert (
        render("[{{ x|vn_date }}|{{ x|vn_datetime }}|{{ s|vn_date }}]", x=None, s="2026-01-01")
        == "[||]"
    )
    assert render('{{ x|vn_date|default:"…" }}', x=None) == "…"


def test_templates_print_full_dates_with_the_built_in_filters():
    root = pathlib.Path(phoihop.__file__).parent
    slow = re.compile(r'\|date:"d/m/Y')
    offenders = [
        str(p.relative_to(root)) for p in root.rglob("*.html") if slow.search(p.read_text())
    ]
    assert offenders == []
