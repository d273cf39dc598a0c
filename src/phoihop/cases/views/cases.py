"""The case pages: list, detail with its timeline, and the actions on a case."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from ..models import Case


@login_required
@require_GET
def case_detail(request, pk: int):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    if case.merged_into_id:
        return redirect(case.merged_into)
    return render(request, "cases/case_detail.html", {"case": case})
