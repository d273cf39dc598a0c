"""What the submission pages share: their URLs, and the report a URL names, or 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from phoihop.core.periods import Period
from phoihop.org.models import Organization
from phoihop.org.scope import holds_role

from ..models import Regime, Submission


def report_url(regime_id: int, period_code: str, organization_id: int) -> str:
    return reverse("reporting:report", args=[regime_id, period_code, organization_id])


def submission_url(submission: Submission) -> str:
    return report_url(submission.regime_id, submission.period_code, submission.organization_id)


def period_or_404(regime: Regime, code: str) -> Period:
    try:
        return regime.period(code)
    except (ValueError, TypeError):
        raise Http404 from None


def visible_submission(request, **lookup) -> Submission | None:
    return (
        Submission.objects.visible_to(request.user)
        .select_related("regime__receiver", "regime__report_form", "organization", "submitted_by")
        .filter(**lookup)
        .first()
    )


def report_target(request, regime_id: int, period_code: str, organization_id: int):
    """The regime, period, organisation and submission (None if not started) the page is
    about, or 404 when the user may not see it."""
    regime = get_object_or_404(
        Regime.objects.select_related("receiver", "report_form"), pk=regime_id
    )
    period = period_or_404(regime, period_code)
    submission = visible_submission(
        request, regime=regime, period_code=period.code, organization_id=organization_id
    )
    if submission is not None:
        return regime, period, submission.organization, submission
    organization = get_object_or_404(Organization, pk=organization_id)
    user = request.user
    if not (holds_role(user, organization) or holds_role(user, regime.receiver)):
        raise Http404
    if not regime.expected_reporters(period).filter(pk=organization.pk).exists():
        raise Http404
    return regime, period, organization, None
