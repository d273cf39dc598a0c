"""The missions' figures in the review counts (issue 19, item 7): missions by kind that began in
the period, and their recommendations by the government's four buckets (as of today)."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.contributions import ReviewFigure
from phoihop.plans.models import Bucket, Task

from .models import Mission
from .selectors import MissionFilters, recommendations_for

SECTION = _("Kiểm tra, giám sát, khảo sát")
KIND_LABELS = {
    Mission.Kind.INSPECTION: _("Đoàn kiểm tra"),
    Mission.Kind.SUPERVISION: _("Đoàn giám sát"),
    Mission.Kind.SURVEY: _("Đoàn khảo sát"),
}
BUCKET_LABELS = {
    Bucket.DONE_ON_TIME: _("Kiến nghị hoàn thành đúng hạn"),
    Bucket.DONE_LATE: _("Kiến nghị hoàn thành quá hạn"),
    Bucket.OPEN_ON_TRACK: _("Kiến nghị đang thực hiện trong hạn"),
    Bucket.OPEN_OVERDUE: _("Kiến nghị quá hạn chưa hoàn thành"),
}


def review_figures(
    user, *, start: datetime.date, end: datetime.date, organization=None, programme=None
) -> list[ReviewFigure]:
    filters = MissionFilters(
        start=start,
        end=end,
        organization=organization.pk if organization is not None else None,
        programme=programme.pk if programme is not None else None,
    )
    missions = filters.apply(Mission.objects.visible_to(user))
    by_kind = _count_by(missions, "kind")
    mission_list = reverse("missions:mission_list")
    figures = [
        ReviewFigure(
            section=SECTION,
            label=label,
            value=by_kind.get(kind, 0),
            url=f"{mission_list}?{_query(filters, kind=kind)}",
        )
        for kind, label in KIND_LABELS.items()
    ]
    recommendations = recommendations_for(user, filters)
    buckets = _count_by(
        Task.objects.filter(pk__in=recommendations.values("task_id")).with_bucket(), "bucket"
    )
    recommendation_list = reverse("missions:recommendation_list")
    figures += [
        ReviewFigure(
            section=SECTION,
            label=label,
            value=buckets.get(bucket, 0),
            url=f"{recommendation_list}?{_query(filters, bucket=bucket)}",
        )
        for bucket, label in BUCKET_LABELS.items()
    ]
    return figures


def _count_by(queryset, column: str) -> dict[str, int]:
    rows = queryset.order_by().values(column).annotate(n=Count("pk"))
    return {row[column]: row["n"] for row in rows}


def _query(filters: MissionFilters, **extra) -> str:
    base = filters.as_query()
    more = urlencode(extra)
    return f"{base}&{more}" if base else more
