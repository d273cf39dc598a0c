"""The good models' figures in the review counts (issue 19, item 7): models that began in the
period, models commended in it and models replicated in it (each the number of rows of the list
it links to). Good models are not tied to a
programme, so a count for one programme has none of them."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.contributions import ReviewFigure
from phoihop.org.models import Organization

from .models import Commendation, GoodModel, Replication

SECTION = _("Mô hình hay, cách làm hiệu quả")


def review_figures(
    user, *, start: datetime.date, end: datetime.date, organization=None, programme=None
) -> list[ReviewFigure]:
    if programme is not None:
        return []
    practices = GoodModel.objects.visible_to(user)
    if organization is not None:
        practices = practices.filter(organization__in=Organization.objects.within(organization))
    url = reverse("practices:model_list")
    query = {"organization": organization.pk} if organization is not None else {}
    started = practices.filter(started_on__range=(start, end)).count()
    commended = practices.filter(
        pk__in=Commendation.objects.filter(conferred_on__range=(start, end)).values("practice_id")
    ).count()
    replicated = practices.filter(
        pk__in=Replication.objects.filter(started_on__range=(start, end)).values("practice_id")
    ).count()
    period = {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
    return [
        ReviewFigure(
            section=SECTION,
            label=_("Mô hình, cách làm mới"),
            value=started,
            url=f"{url}?{urlencode({**query, **period})}",
        ),
        ReviewFigure(
            section=SECTION,
            label=_("Mô hình được khen thưởng"),
            value=commended,
            url=f"{url}?{urlencode({**query, **_renamed(period, 'commended')})}",
        ),
        ReviewFigure(
            section=SECTION,
            label=_("Mô hình được nhân rộng"),
            value=replicated,
            url=f"{url}?{urlencode({**query, **_renamed(period, 'replicated')})}",
        ),
    ]


def _renamed(period: dict[str, str], prefix: str) -> dict[str, str]:
    return {f"{prefix}_{key}": value for key, value in period.items()}
