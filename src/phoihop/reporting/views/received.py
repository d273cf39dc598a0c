"""The receiver's list of received reports, and compiling a period's reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phoihop.core import search
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.org.models import Organization

from .. import compiling, permissions
from ..forms import (
    ReceivedFilterForm,
    UpwardForm,
)
from ..models import Regime, Submission
from .common import period_or_404, submission_url

# The receiver's list -------------------------------------------------------------------------


def received_regimes(user):
    regimes = Regime.objects.select_related("receiver").order_by("code")
    if user.is_superuser:
        return regimes
    scope = Organization.objects.within_scope_of(user, permissions.RECEIVER_ROLES).values("pk")
    return regimes.filter(receiver__in=scope)


@login_required
@require_GET
def received(request):
    """«Báo cáo nhận được»: the reports sent to the organisations the user receives for."""
    regimes = list(received_regimes(request.user))
    form = ReceivedFilterForm(request.GET, regimes=regimes)
    filters = form.valid_data()
    rows = Submission.objects.filter(regime__in=[r.pk for r in regimes]).select_related(
        "regime", "organization"
    )
    if regime_id := filters.get("regime"):
        rows = rows.filter(regime_id=regime_id)
    if code := filters.get("period"):
        rows = rows.filter(period_code=code)
    if state := filters.get("state"):
        rows = rows.filter(state=state)
    if text := filters.get("q"):
        rows = rows.filter(
            organization__in=search.filter_text(Organization.objects.all(), text).values("pk")
        )
    rows = rows.order_by("-cutoff", "regime__code", "organization__name", "pk")
    page_obj = paginate(request, rows)
    context = {
        "form": form,
        "page_obj": page_obj,
        "submissions": list(page_obj.object_list),
        "filtered": any(filters.values()),
        "has_regimes": bool(regimes),
        "compile_links": _compile_links(regimes, filters),
    }
    return render_page(request, "reporting/received.html", context, fragment="results")


def _compile_links(regimes: list[Regime], filters: dict) -> list[tuple[str, str]]:
    """«Tổng hợp» for the regime and period chosen in the filters."""
    regime = next((r for r in regimes if r.pk == filters.get("regime")), None)
    code = filters.get("period")
    if regime is None or not code:
        return []
    try:
        period = regime.period(code)
    except ValueError:
        return []
    return [(reverse("reporting:compile", args=[regime.pk, period.code]), period.name)]


# Compiling -----------------------------------------------------------------------------------


def _received_regime_or_404(request, pk) -> Regime:
    regime = get_object_or_404(received_regimes(request.user).select_related("report_form"), pk=pk)
    return regime


@login_required
@require_GET
def compile_page(request, regime, period):
    regime = _received_regime_or_404(request, regime)
    period = period_or_404(regime, period)
    today = timezone.localdate()
    upward = [
        (r, compiling.upward_period(r, period)) for r in compiling.upward_regimes(regime, today)
    ]
    choices = [(r.pk, f"{r.name} — {p.title}") for r, p in upward if p is not None]
    context = {
        "regime": regime,
        "period": period,
        "compiled": compiling.compile_period(regime, period),
        "upward_form": UpwardForm(choices=choices) if choices else None,
        "can_start": permissions.can_fill_for(request.user, regime.receiver),
    }
    return render_page(request, "reporting/compile.html", context)


@login_required
@require_POST
def compile_start(request, regime, period):
    regime = _received_regime_or_404(request, regime)
    period = period_or_404(regime, period)
    regimes = compiling.upward_regimes(regime, timezone.localdate())
    form = UpwardForm(request.POST, choices=[(r.pk, r.name) for r in regimes])
    if not form.is_valid():
        raise Http404
    upward = next(r for r in regimes if r.pk == form.cleaned_data["upward"])
    try:
        submission = compiling.start_from_compiled(regime, period, upward, request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reporting:compile", regime.pk, period.code)
    messages.success(request, _("Đã lập báo cáo của đơn vị từ số liệu tổng hợp."))
    return redirect(submission_url(submission))
