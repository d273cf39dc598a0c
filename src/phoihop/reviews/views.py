"""The review calendar (every kind of review together) and review report downloads."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phoihop.core import uploads
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.org.models import Organization
from phoihop.org.views import suggestions

from . import selectors
from .forms import CalendarFilterForm
from .models import Review


@login_required
@require_GET
def calendar(request):
    user = request.user
    today = timezone.localdate()
    # Built once: the visibility of every kind of review costs more to build than to run.
    visible = Review.objects.visible_to(user)
    organizations = Organization.objects.filter(pk__in=visible.values("responsible"))
    if suggestions.asked_for(request) == "responsible":
        return suggestions.organizations(request, "responsible", organizations)
    form = CalendarFilterForm(request.GET or None, organizations=organizations)
    data = form.cleaned_data if form.is_valid() else {}
    window = selectors.review_window(form.window_value(), today)
    responsible = data.get("responsible")
    reviews = selectors.calendar_reviews(
        user,
        visible=visible,
        window=window,
        today=today,
        responsible=responsible.pk if responsible else None,
        kind=data.get("kind") or "",
        subject=data.get("subject") or "",
        include_done=bool(data.get("include_done")),
    )
    # A page of 50 in date order, then split by state: the calendar of a whole country is
    # thousands of reviews (docs/adr/0012).
    page_obj = paginate(request, reviews)
    found = selectors.by_state(page_obj.object_list, today)
    groups = [
        (found.overdue, _("Quá hạn"), "text-danger"),
        (found.soon, _("Sắp đến hạn (trong 30 ngày)"), "text-warning-emphasis"),
        (found.upcoming, _("Sắp tới"), ""),
        (found.done, _("Đã hoàn thành"), "text-success"),
    ]
    context = {
        "form": form,
        "calendar": found,
        "groups": groups,
        "window": window,
        "page_obj": page_obj,
    }
    return render_page(request, "reviews/calendar.html", context, fragment="results")


@login_required
@require_GET
def report(request, pk: int):
    return uploads.serve(Review.objects.visible_to(request.user), pk=pk, field="report_file")
