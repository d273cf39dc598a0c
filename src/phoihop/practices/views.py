"""Good-model pages: the registry (list with filters), a new entry, its page with evidence,
commendations and replications, and the evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import audit, uploads
from phoihop.core.forms import ConfirmForm, call_service, submitted
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.org.views import suggestions

from . import permissions, selectors, services
from .forms import CommendationForm, EvidenceForm, ModelFilterForm, ModelForm, ReplicationForm
from .models import Evidence, GoodModel


@login_required
@require_GET
def model_list(request):
    visible = selectors.models_for(request.user)
    years = sorted({d.year for d in visible.dates("started_on", "year")}, reverse=True)
    form = ModelFilterForm(request.GET, years=years)
    data = form.valid_data()
    practices = (
        form.filters()
        .apply(visible)
        .annotate(replication_count=Count("replications", distinct=True))
        .order_by("-started_on", "-pk")
    )
    page_obj = paginate(request, practices)
    context = {
        "form": form,
        "page_obj": page_obj,
        "practices": list(page_obj.object_list),
        "filtered": any(v not in (None, "") for v in data.values()),
        "can_create": permissions.can_create_model(request.user),
    }
    return render_page(request, "practices/model_list.html", context, fragment="results")


@login_required
@require_http_methods(["GET", "POST"])
def model_create(request):
    if not permissions.can_create_model(request.user):
        raise PermissionDenied
    form = ModelForm(request.POST or None, user=request.user)
    if (answer := _suggest(request, form)) is not None:
        return answer
    if request.method == "POST" and form.is_valid():
        practice = call_service(form, services.create_model, by=request.user, **form.cleaned_data)
        if practice is not None:
            messages.success(request, _("Đã ghi mô hình vào danh mục."))
            return redirect(practice)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "practices/model_form.html", {"form": form}, status=status)


def _suggest(request, form):
    """The answer to the entry form's type-ahead boxes, or None for a page request."""
    target = suggestions.asked_for(request)
    if target in ("organization", "keeper"):
        return suggestions.organizations(request, target, form.fields[target].queryset)
    if target == "area":
        return suggestions.areas(request, "area")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def model_edit(request, pk):
    practice = _changeable(request, pk)
    form = ModelForm(
        request.POST if request.method == "POST" else None,  # an empty POST is answered too
        user=request.user,
        practice=practice,
        initial=ModelForm.initial_for(practice),
    )
    if (answer := _suggest(request, form)) is not None:
        return answer
    if request.method == "POST" and submitted(
        request,
        form,
        services.update_model,
        arguments=lambda data: data | {"practice": practice},
        done=_("Đã lưu mô hình."),
    ):
        return redirect(practice)
    context = {"form": form, "practice": practice}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "practices/model_form.html", context, status=status)


@login_required
@require_POST
def model_delete(request, pk):
    """Remove an entry (services.delete_model refuses one with evidence, commendations or
    replications, and the page says why)."""
    practice = _changeable(request, pk)
    form = ConfirmForm(request.POST)
    done = _("Đã xóa mô hình «%(title)s».") % {"title": practice.title}
    if submitted(
        request,
        form,
        services.delete_model,
        arguments=lambda _data: {"practice": practice},
        done=done,
    ):
        return redirect("practices:model_list")
    messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(practice)


def _model_or_404(request, pk) -> GoodModel:
    return get_object_or_404(selectors.models_for(request.user), pk=pk)


def _detail(request, practice: GoodModel, *, status: int = 200, **forms):
    can_change = permissions.can_change_model(request.user, practice)
    context = {
        "practice": practice,
        "evidence": list(practice.evidence.all()),
        "commendations": list(practice.commendations.all()),
        "replications": list(practice.replications.select_related("organization", "area")),
        "can_change": can_change,
        "history": list(audit.entries_for(practice)[:10]),
    }
    # The button only where services.delete_model would remove it (nothing recorded yet).
    context["can_delete"] = can_change and not any(
        context[name] for name in ("evidence", "commendations", "replications")
    )
    if can_change:
        context |= {
            "evidence_form": forms.get("evidence_form") or EvidenceForm(),
            "commendation_form": forms.get("commendation_form") or CommendationForm(),
            "replication_form": forms.get("replication_form") or ReplicationForm(user=request.user),
        }
    return TemplateResponse(request, "practices/model_detail.html", context, status=status)


@login_required
@require_GET
def model_detail(request, pk):
    practice = _model_or_404(request, pk)
    target = suggestions.asked_for(request)
    if target == "organization":
        form = ReplicationForm(user=request.user)
        return suggestions.organizations(request, target, form.fields[target].queryset)
    if target == "area":
        return suggestions.areas(request, "area")
    return _detail(request, practice)


def _changeable(request, pk) -> GoodModel:
    practice = _model_or_404(request, pk)
    if not permissions.can_change_model(request.user, practice):
        raise PermissionDenied
    return practice


def _post_on_page(request, practice: GoodModel, form, service, *, form_name: str, done: str):
    """A form of the model's page: run `service` (`core.forms.submitted`) and go back to the
    page, or show the page again with the form's errors."""
    if submitted(
        request, form, service, arguments=lambda data: data | {"practice": practice}, done=done
    ):
        return redirect(practice)
    return _detail(request, practice, status=400, **{form_name: form})


@login_required
@require_POST
def evidence_add(request, pk):
    practice = _changeable(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    done = _("Đã thêm tư liệu minh chứng.")
    return _post_on_page(
        request, practice, form, services.add_evidence, form_name="evidence_form", done=done
    )


@login_required
@require_POST
def commendation_add(request, pk):
    practice = _changeable(request, pk)
    form = CommendationForm(request.POST)
    done = _("Đã ghi khen thưởng.")
    return _post_on_page(
        request, practice, form, services.add_commendation, form_name="commendation_form", done=done
    )


@login_required
@require_POST
def replication_add(request, pk):
    practice = _changeable(request, pk)
    form = ReplicationForm(request.POST, user=request.user)
    done = _("Đã ghi nơi nhân rộng.")
    return _post_on_page(
        request, practice, form, services.add_replication, form_name="replication_form", done=done
    )


@login_required
@require_GET
def evidence_download(request, pk):
    visible = Evidence.objects.filter(practice__in=GoodModel.objects.visible_to(request.user))
    return uploads.serve(visible, pk=pk, field="file")
