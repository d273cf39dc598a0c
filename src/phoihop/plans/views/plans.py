"""Annual plan pages: list, create/edit, the board grouped by bucket, export and import."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core import audit, import_runs, search
from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page
from phoihop.core.models import ImportRun
from phoihop.core.pagination import paginate
from phoihop.core.text import fold
from phoihop.core.validation import parse_id

from .. import imports, permissions, selectors, services, spreadsheets
from ..forms import ImportForm, PlanFilterForm, PlanForm
from ..models import Plan, Programme, Task
from .common import xlsx_response


def _visible(request):
    return Plan.objects.visible_to(request.user)


def _plan_or_404(request, pk):
    return get_object_or_404(
        _visible(request).select_related("programme", "issuing_organization"), pk=pk
    )


@login_required
@require_GET
def plan_list(request):
    visible = _visible(request).active()
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    form = PlanFilterForm(request.GET, years=years)
    filters = form.valid_data()
    plans = visible.select_related("programme", "issuing_organization")
    if year := filters.get("year"):
        plans = plans.filter(year=year)
    if programme_id := filters.get("programme"):
        plans = plans.filter(programme_id=programme_id)
    plans = search.filter_text(plans, filters.get("q", ""))
    plans = plans.with_task_count(request.user).order_by("-year", "title", "pk")
    page_obj = paginate(request, plans)
    context = {
        "form": form,
        "page_obj": page_obj,
        "plans": list(page_obj.object_list),
        "filtered": any(filters.values()),
        "can_create": permissions.can_create_plan(request.user),
    }
    return render_page(request, "plans/plan_list.html", context, fragment="results")


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    if not permissions.can_create_plan(request.user):
        raise PermissionDenied
    initial = {"year": timezone.localdate().year}
    if programme_id := parse_id(request.GET.get("programme")):
        programme = Programme.objects.visible_to(request.user).filter(pk=programme_id).first()
        if programme is not None:
            initial["programme"] = programme
            initial["issuing_organization"] = programme.signing_organization
    form = PlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        plan = call_service(form, services.create_plan, by=request.user, **data)
        if plan is not None:
            messages.success(request, _("Đã tạo kế hoạch. Hãy thêm nhiệm vụ."))
            return redirect(plan)
    return render_page(
        request, "plans/plan_form.html", {"form": form, "plan": None}, fragment="form"
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = _plan_or_404(request, pk)
    if not permissions.can_change_plan(request.user, plan):
        raise PermissionDenied
    initial = {
        "programme": plan.programme,
        "issuing_organization": plan.issuing_organization,
        **{name: getattr(plan, name) for name in services.PLAN_FIELDS},
    }
    form = PlanForm(request.POST or None, user=request.user, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.PLAN_FIELDS}
        updated = call_service(form, services.update_plan, plan=plan, by=request.user, **data)
        if updated is not None:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect(updated)
    return render_page(
        request, "plans/plan_form.html", {"form": form, "plan": plan}, fragment="form"
    )


@login_required
@require_GET
def plan_detail(request, pk):
    """The plan board: the plan's tasks in the four buckets, each count linking to its list."""
    plan = _plan_or_404(request, pk)
    board = selectors.plan_board(request.user, plan)
    filters = selectors.TaskFilters(plan=plan)
    context = {
        "plan": plan,
        "board": board,
        "counts": board["counts"],
        "filter_query": filters.as_query(),
        "can_change": permissions.can_change_plan(request.user, plan),
        "can_add_task": permissions.can_add_task(request.user, plan),
        "can_archive": permissions.can_archive_plan(request.user, plan),
        "can_restore": permissions.can_restore_plan(request.user, plan),
        "history": list(audit.entries_for(plan)[:10]),
    }
    return render_page(request, "plans/plan_detail.html", context, fragment="board")


@login_required
@require_GET
def plan_export(request, pk):
    plan = _plan_or_404(request, pk)
    tasks = Task.objects.visible_to(request.user).filter(plan=plan)
    content = spreadsheets.export_tasks(tasks, title=plan.title)
    name = f"ke-hoach-{plan.year}-{slugify(fold(plan.title))[:60]}.xlsx"
    return xlsx_response(content, name)


@login_required
@require_GET
def plan_import_template(request, pk):
    plan = _plan_or_404(request, pk)
    return xlsx_response(spreadsheets.template_workbook(plan), "mau-nhap-nhiem-vu.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request, pk):
    """Upload → every row checked; "Kiểm tra" only reports, "Nhập" writes all rows or none."""
    plan = _plan_or_404(request, pk)
    if not permissions.can_import_tasks(request.user, plan):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        upload = form.cleaned_data["file"]
        try:
            rows = imports.data_rows(upload)
            if rows > settings.SPREADSHEET_WORKER_ROWS:
                run = imports.queue_import(
                    plan=plan, by=request.user, upload=upload, rows=rows, dry_run=dry_run
                )
                return redirect("plans:plan_import_run", plan.pk, run.pk)
            report = imports.import_tasks(
                plan=plan, by=request.user, upload=upload, dry_run=dry_run
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        if report is not None and report.ok and not dry_run:
            messages.success(
                request, _("Đã nhập %(n)s nhiệm vụ vào kế hoạch.") % {"n": report.created}
            )
            return redirect(plan)
    context = {"plan": plan, "form": form, "report": report}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "plans/plan_import.html", context, status=status)


@login_required
@require_GET
def plan_import_run(request, pk, run_id):
    """The progress, then the result, of an import run by the worker; only its uploader sees it."""
    plan = _plan_or_404(request, pk)
    run = get_object_or_404(
        ImportRun,
        pk=run_id,
        kind=imports.WORKER_KIND,
        target_id=plan.pk,
        created_by=request.user,
    )
    done = ngettext(
        "Đã nhập %(n)s nhiệm vụ vào kế hoạch.", "Đã nhập %(n)s nhiệm vụ vào kế hoạch.", run.created
    )
    ready = ngettext(
        "%(n)s dòng hợp lệ, sẵn sàng nhập.", "%(n)s dòng hợp lệ, sẵn sàng nhập.", run.total
    )
    context = {
        "plan": plan,
        "run": run,
        "errors": import_runs.row_errors(run),
        "done_message": done % {"n": run.created},
        "ready_message": " ".join(
            [ready % {"n": run.total}, _("Chọn lại tệp và bấm “Nhập” để ghi vào kế hoạch.")]
        ),
    }
    return render_page(request, "plans/plan_import_run.html", context, fragment="progress")
