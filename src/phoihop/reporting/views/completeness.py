"""The completeness and timeliness pages: the regimes a user receives or reports under, and for
one regime and period, who was expected, who sent on time, late or not at all."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from phoihop.core import search
from phoihop.core.choices import choice_label
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.core.periods import Period

from .. import completeness
from ..forms import CompletenessFilterForm
from ..models import Regime, Submission

# How far back the period chooser reaches (the previous/next links go further).
CHOOSER_YEARS = 3
FIRST_YEAR = 2000  # the earliest period a link may name


def regimes_for(user, today: datetime.date):
    """The regimes in force whose completeness the user follows: those received by an
    organisation in their scope, and those their own organisations report under."""
    received = Q(receiver__in=completeness.Organization.objects.within_scope_of(user).values("pk"))
    reported = Q(pk__in=[])
    for organization in completeness.organizations_of(user):
        reported |= Q(pk__in=Regime.objects.expecting(organization, today).values("pk"))
    return (
        Regime.objects.visible_to(user)
        .filter(received | reported)
        .exclude(frequency="")
        .select_related("receiver")
        .order_by("receiver__name", "code")
    )


@login_required
@require_GET
def index(request):
    today = timezone.localdate()
    regimes = list(regimes_for(request.user, today))
    rows = []
    for regime in regimes:
        period = completeness.default_period(regime, today)
        rows.append({"regime": regime, "period": period, "url": _url(regime, period)})
    return TemplateResponse(request, "reporting/completeness_index.html", {"rows": rows})


def completeness_url(regime: Regime, period: Period | None, **params) -> str:
    """The completeness page of a regime's period, its unit list filtered by `params`."""
    return _url(regime, period, **params)


def _url(regime: Regime, period: Period | None, **params) -> str:
    query = {"period": period.code} if period else {}
    query |= {key: value for key, value in params.items() if value}
    url = reverse("reporting:completeness_regime", args=[regime.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _choosable(regime: Regime, today: datetime.date, asked: str | None) -> list[Period]:
    """The periods offered by the chooser, newest first: those whose data window has opened,
    over the last few years (and not before the regime); and the one asked for, if it is one
    of the regime's that has opened (the previous-period links go further back)."""
    first_year = today.year - CHOOSER_YEARS
    if regime.valid_from:
        first_year = max(first_year, regime.valid_from.year)
    periods = [
        period
        for year in range(first_year, today.year + 2)
        for period in regime.periods_of_year(year)
        if period.window_start <= today
    ]
    try:
        period = regime.period(asked) if isinstance(asked, str) else None
    except ValueError:
        period = None
    if (
        period is not None
        and period not in periods
        and period.year >= FIRST_YEAR
        and period.window_start <= today
    ):
        periods = sorted([*periods, period], key=lambda p: p.window_end)
    return periods[::-1]


def _chosen_period(regime, form, today) -> Period:
    code = form.valid_data().get("period")
    if code:
        return regime.period(code)
    return completeness.default_period(regime, today)


@login_required
@require_GET
def regime_page(request, pk: int):
    today = timezone.localdate()
    # Who may see it is decided below (the receiver's people, or a reporting unit's own rows),
    # the same 404 for a regime one may not see as for a missing one.
    regime = get_object_or_404(
        Regime.objects.exclude(frequency="")
        .select_related("receiver")
        .prefetch_related("assignments"),
        pk=pk,
    )
    scope = completeness.reporting_scope(request.user, regime)
    if scope is not None and not scope.exists():
        raise Http404  # neither its receiver nor one of its reporters: nothing to see
    periods = _choosable(regime, today, request.GET.get("period"))
    form = CompletenessFilterForm(request.GET, periods=periods)
    period = _chosen_period(regime, form, today)
    filters = form.valid_data()
    status = filters.get("status") or ""
    units = completeness.expected_units(regime, period, within=scope)
    numbers = completeness.counts(units)
    words = filters.get("q", "")
    rows = search.filter_text(completeness.unit_rows(units, status), words)
    # Without words the list's length is one of the numbers already counted.
    page_obj = paginate(request, rows, count=None if words else numbers[status or "expected"])
    page_rows = list(page_obj.object_list)
    strip_periods = completeness.history_periods(period)
    due = completeness.deadlines(regime, strip_periods)
    strips = completeness.history(regime, strip_periods, page_rows, today, due)
    drawn: dict = {}
    for row in page_rows:
        _describe(row, strips.get(row.pk, []), drawn)
    deadline = due[period.code]
    previous, following = completeness.shift(period, -1), completeness.shift(period, 1)
    context = {
        "regime": regime,
        "period": period,
        "deadline": deadline,
        "overdue": today > deadline,
        "form": form,
        "status": status,
        "status_label": completeness.FILTER_LABELS.get(status, ""),
        "numbers": numbers,
        "tiles": _tiles(regime, period, numbers, today > deadline),
        "is_receiver": scope is None,
        "page_obj": page_obj,
        "rows": page_rows,
        "strip_periods": strip_periods,
        "previous_url": _url(regime, previous) if _has_begun(regime, previous) else "",
        "next_url": _url(regime, following) if following.window_start <= today else "",
        "filtered": bool(status or filters.get("q")),
    }
    return render_page(request, "reporting/completeness.html", context, fragment="results")


def _describe(row, strip, drawn: dict) -> None:
    """What a unit's row says beside its name: the report's state and its timeliness, and its
    history strip drawn (`drawn`: the cells drawn so far on the page)."""
    row.strip = strip
    row.strip_html = _strip_html(strip, drawn)
    row.state_label = choice_label(Submission.State, row.state) if row.state else ""
    row.timeliness = ""
    if row.first_submitted_at is not None:
        row.days_late = max((row.sent_on - row.given_deadline).days, 0)
        row.timeliness = "late" if row.days_late else "on_time"


def _strip_html(strip, drawn: dict) -> str:
    """A history strip's cells as HTML. A page's 25 strips hold at most 6 periods × 5 statuses
    different cells: each is drawn once (`drawn`) instead of 150 times through the template,
    which was about half the time of the unit table."""
    last = len(strip) - 1
    cells = []
    for position, cell in enumerate(strip):
        key = (cell.period.code, cell.status, position == last)
        html = drawn.get(key)
        if html is None:
            html = drawn[key] = format_html(
                '<span class="strip-cell strip-{}{}" title="{}" data-status="{}">'
                '<span class="visually-hidden">{}; </span></span>',
                cell.status,
                " strip-current" if position == last else "",
                cell.words,
                cell.status,
                cell.words,
            )
        cells.append(html)
    return mark_safe("".join(cells))  # every cell is escaped by format_html


def _has_begun(regime: Regime, period: Period) -> bool:
    """Whether the regime was in force by the period's cut-off (a link before it shows nothing)."""
    return regime.valid_from is None or period.window_end >= regime.valid_from


def _tiles(regime, period, numbers: dict, overdue: bool) -> list[dict]:
    """The numbers of the page, each with the unit list it counts and its share of the
    expected units."""
    expected = numbers["expected"]
    styles = {
        "on_time": "success",
        "late": "warning",
        "missing": "danger" if overdue else "secondary",
        "returned": "warning",
        "accepted": "success",
    }
    tiles = []
    for key in ("", "submitted", "on_time", "late", "missing", "awaiting", "returned", "accepted"):
        count = numbers[key or "expected"]
        tiles.append(
            {
                "key": key or "expected",
                "label": completeness.FILTER_LABELS[key],
                "count": count,
                "percent": round(100 * count / expected) if expected and key else None,
                "style": styles.get(key, "primary"),
                "url": _url(regime, period, status=key) + "#units",
            }
        )
    return tiles
