"""The case pages: the list, a case with its items and timeline, and the actions on it. Each
action is a POST that runs one service; a refusal shows the case page again with the form and
its errors (status 400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import uploads
from phoihop.core.forms import call_service, submitted
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.core.validation import parse_id
from phoihop.org.models import Organization
from phoihop.org.views import suggestions
from phoihop.plans.selectors import province_candidates

from .. import permissions, selectors, services
from ..forms import (
    AnswerForm,
    AssignForm,
    CaseEditForm,
    CaseFilterForm,
    CloseForm,
    DecisionForm,
    ExtensionForm,
    MergeForm,
    NoteForm,
    ReopenForm,
    SplitForm,
)
from ..models import BUCKET_FILTER_LABELS, Bucket, Case, CaseExtension, Item, ItemAttachment
from ..routing import proposed_lead

# The list ---------------------------------------------------------------------------------------


def _lead_filter(request):
    """(id, organisation) of ?lead=<id>: the organisation is read only if it leads a case the
    user sees (its name heads the list); the id filters either way, so an unknown one lists
    nothing rather than everything."""
    pk = parse_id(request.GET.get("lead"))
    if not pk:
        return None, None
    leading = Case.objects.visible_to(request.user).filter(lead_organization_id=pk)
    return pk, Organization.objects.filter(pk__in=leading.values("lead_organization_id")).first()


def _organization_filter(request):
    """(organisation to filter by, its name if the user may see it) of ?organization=<id>.
    An id of nothing lists nothing, and a name outside the directory is never printed."""
    pk = parse_id(request.GET.get("organization"))
    if not pk:
        return None, None
    organization = Organization.objects.only("path", "name").filter(pk=pk).first()
    if organization is None:
        return Organization(pk=pk, path=f"/{pk}/"), None  # matches no case
    shown = Organization.objects.visible_to(request.user).filter(pk=pk).exists()
    return organization, organization if shown else None


def list_filters(request, form_class=CaseFilterForm):
    """The list's form, its filters and what heads the list (the lead's and the organisation's
    names), shared by the list, its export and the analytics page."""
    form = form_class(request.GET)
    lead_id, lead = _lead_filter(request)
    organization, organization_shown = _organization_filter(request)
    filters = form.filters(lead_id=lead_id, organization=organization)
    return form, filters, {"lead": lead, "organization": organization_shown}


def _count_label(counts: dict, buckets) -> str:
    """How many cases `buckets` hold together: exact, or "1000+" (more than 1000) when one of
    them is past the cap (ADR 0028)."""
    total = sum(min(counts[b], selectors.COUNT_CAP) for b in buckets)
    return f"{total}+" if counts["capped"] & set(buckets) else str(total)


@login_required
@require_GET
def case_list(request):
    form, filters, heading = list_filters(request)
    today = timezone.localdate()
    without_bucket = selectors.narrowed_cases(filters.replaced(bucket=""), today)
    parts = selectors.visible_parts(request.user, without_bucket)
    counts = selectors.tab_counts(parts, today)
    # The tab counts already say how many rows the list has (at least, past the cap): no
    # second COUNT query.
    combined = {
        "": Bucket.values,
        "open": ("open_on_track", "open_overdue"),
        "done": ("done_on_time", "done_late"),
        **{bucket: (bucket,) for bucket in Bucket.values},  # one tab: its own count
    }
    shown = combined.get(filters.bucket)
    total = sum(counts[b] for b in shown) if shown else None  # "due soon": the paginator's
    capped = bool(shown) and bool(counts["capped"] & set(shown))
    rows = selectors.due_order(request.user, filters, today)
    page_obj = paginate(request, rows, count=total, at_least=capped)
    query = request.GET.copy()
    query.pop("page", None)
    tabs = []
    for bucket in Bucket.values:
        query["bucket"] = bucket
        tabs.append(
            {
                "bucket": bucket,
                "label": BUCKET_FILTER_LABELS[bucket],
                "count": _count_label(counts, [bucket]),
                "query": query.urlencode(),
                "active": filters.bucket == bucket,
            }
        )
    query.pop("bucket", None)
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "cases": selectors.rows_for([pk for _due, pk in page_obj.object_list], today),
        "tabs": tabs,
        "total_label": _count_label(counts, Bucket.values),
        "all_query": query.urlencode(),
        "can_record": permissions.can_record_item(request.user),
        "export_query": filters.as_query(),
        **heading,
    }
    return render_page(request, "cases/case_list.html", context, fragment="results")


# One case ---------------------------------------------------------------------------------------


def _case_or_404(request, pk) -> Case:
    case = selectors.case_for_page(request.user, pk)
    if case is None:
        raise Http404
    return case


def _detail_context(request, case: Case, **forms) -> dict:
    user = request.user
    extensions = list(case.extensions.select_related("requested_by", "decided_by"))
    pending = next((e for e in extensions if e.status == CaseExtension.Status.PENDING), None)
    items = selectors.items_of(case)
    can_split = permissions.can_split_item(user, case) and len(items) > 1
    return {
        "case": case,
        "items": items,
        "participants": selectors.participants_of(case),
        "timeline": selectors.timeline(case),
        "extensions": extensions,
        "pending_extension": pending,
        "can_see_identity": permissions.can_see_identity(user, case),
        "can_edit": permissions.can_handle_case(user, case) and not case.is_closed,
        "can_verify": permissions.can_verify_case(user, case),
        "can_assign": permissions.can_assign_case(user, case),
        "can_answer": permissions.can_answer_case(user, case),
        "can_close": permissions.can_close_case(user, case),
        "can_reopen": permissions.can_reopen_case(user, case),
        "can_merge": permissions.can_merge_case(user, case),
        "can_add_item": permissions.can_add_item(user, case),
        "can_split": can_split,
        "can_request_extension": pending is None and permissions.can_request_extension(user, case),
        "can_decide": pending is not None and permissions.can_decide_extension(user, case),
        "verify_form": forms.get("verify_form") or NoteForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "merge_form": forms.get("merge_form") or MergeForm(),
        "split_form": forms.get("split_form") or SplitForm(),
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
    }


@login_required
@require_GET
def case_detail(request, pk: int):
    case = _case_or_404(request, pk)
    if case.merged_into_id:
        # The old number leads to the case it was merged into.
        return redirect(case.merged_into)
    return TemplateResponse(request, "cases/case_detail.html", _detail_context(request, case))


def _submit(request, case, form, *, form_name, service, arguments, done=""):
    """The case page's action forms (core.forms.submitted), back to the case or shown again."""
    if submitted(request, form, service, arguments=arguments, done=done):
        return redirect(case)
    response = TemplateResponse(
        request, "cases/case_detail.html", _detail_context(request, case, **{form_name: form})
    )
    response.status_code = 400
    return response


def _action(request, pk, allowed):
    case = _case_or_404(request, pk)
    if not allowed(request.user, case):
        raise PermissionDenied
    return case


@login_required
@require_POST
def case_verify(request, pk):
    case = _action(request, pk, permissions.can_verify_case)
    return _submit(
        request,
        case,
        NoteForm(request.POST),
        form_name="verify_form",
        service=services.verify_case,
        arguments=lambda data: {"case": case, "note": data["note"]},
        done=_("Đã xác minh và xác nhận tiếp nhận vụ việc."),
    )


@login_required
@require_POST
def case_answer(request, pk):
    case = _action(request, pk, permissions.can_answer_case)
    return _submit(
        request,
        case,
        AnswerForm(request.POST),
        form_name="answer_form",
        service=services.answer_case,
        arguments=lambda data: {"case": case, "answer": data["answer"]},
        done=_("Đã ghi nhận nội dung trả lời."),
    )


@login_required
@require_POST
def case_close(request, pk):
    case = _action(request, pk, permissions.can_close_case)
    return _submit(
        request,
        case,
        CloseForm(request.POST),
        form_name="close_form",
        service=services.close_case,
        arguments=lambda data: {"case": case, "resolved": data["resolved"], "note": data["note"]},
        done=_("Đã đóng vụ việc."),
    )


@login_required
@require_POST
def case_reopen(request, pk):
    case = _action(request, pk, permissions.can_reopen_case)
    return _submit(
        request,
        case,
        ReopenForm(request.POST),
        form_name="reopen_form",
        service=services.reopen_case,
        arguments=lambda data: {"case": case, "reason": data["reason"]},
        done=_("Đã mở lại vụ việc."),
    )


@login_required
@require_POST
def case_merge(request, pk):
    case = _action(request, pk, permissions.can_merge_case)
    form = MergeForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["target"].strip().upper()
        target = Case.objects.visible_to(request.user).current().filter(number=number).first()
        if target is None or not permissions.can_merge_case(request.user, target):
            form.add_error("target", _("Không tìm thấy vụ việc số %(n)s để gộp.") % {"n": number})
        elif call_service(form, services.merge_cases, source=case, target=target, by=request.user):
            messages.success(
                request,
                _("Đã gộp vụ việc %(old)s vào vụ việc này.") % {"old": case.number},
            )
            return redirect(target)
    response = TemplateResponse(
        request, "cases/case_detail.html", _detail_context(request, case, merge_form=form)
    )
    response.status_code = 400
    return response


@login_required
@require_POST
def item_split(request, pk):
    item = get_object_or_404(Item.objects.visible_to(request.user).select_related("case"), pk=pk)
    case = _action(request, item.case_id, permissions.can_split_item)
    form = SplitForm(request.POST)
    if form.is_valid():
        new = call_service(
            form, services.split_item, item=item, by=request.user, title=form.cleaned_data["title"]
        )
        if new is not None:
            messages.success(request, _("Đã tách ý kiến thành vụ việc %(n)s.") % {"n": new.number})
            return redirect(new)
    response = TemplateResponse(
        request, "cases/case_detail.html", _detail_context(request, case, split_form=form)
    )
    response.status_code = 400
    return response


@login_required
@require_POST
def extension_request(request, pk):
    case = _action(request, pk, permissions.can_request_extension)
    return _submit(
        request,
        case,
        ExtensionForm(request.POST),
        form_name="extension_form",
        service=services.request_extension,
        arguments=lambda data: {
            "case": case,
            "requested_deadline": data["requested_deadline"],
            "reason": data["reason"],
        },
        done=_("Đã gửi đề nghị gia hạn."),
    )


@login_required
@require_POST
def extension_decide(request, pk):
    visible = Case.objects.visible_to(request.user).values("pk")
    extension = get_object_or_404(
        CaseExtension.objects.filter(case__in=visible, status=CaseExtension.Status.PENDING),
        pk=pk,
    )
    case = _action(request, extension.case_id, permissions.can_decide_extension)
    return _submit(
        request,
        case,
        DecisionForm(request.POST),
        form_name="decision_form",
        service=services.decide_extension,
        arguments=lambda data: {
            "extension": extension,
            "approve": data["approve"],
            "reason": data["reason"],
        },
        done=_("Đã xử lý đề nghị gia hạn."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request, pk):
    case = _action(request, pk, permissions.can_assign_case)
    candidates = province_candidates(case.department)
    target = suggestions.asked_for(request)
    if target in ("lead", "co_agencies"):
        return suggestions.organizations(
            request, target, candidates, several=target == "co_agencies"
        )
    current = selectors.participants_of(case)
    initial = {
        "lead": case.lead_organization or proposed_lead(case),
        "co_agencies": [p.organization for p in current if not p.is_lead],
    }
    form = AssignForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parts = [services.ParticipantSpec(data["lead"], "lead")]
        parts += [services.ParticipantSpec(o, "co") for o in data["co_agencies"] or []]
        assigned = call_service(
            form, services.assign_case, case=case, by=request.user, parts=parts, note=data["note"]
        )
        if assigned is not None:
            messages.success(request, _("Đã giao vụ việc cho đơn vị chủ trì."))
            return redirect(case)
    context = {"case": case, "form": form, "proposed": proposed_lead(case)}
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_assign.html", context, status=status)


# Identity and files ----------------------------------------------------------------------------


@login_required
@require_GET
def item_contact(request, pk):
    """The identity of one item's sender, for the staff who handle the case: every opening of
    this page is an audit entry (services.read_contact)."""
    item = get_object_or_404(Item.objects.visible_to(request.user).select_related("case"), pk=pk)
    if not permissions.can_see_identity(request.user, item.case):
        raise PermissionDenied
    citizen = services.read_contact(item=item, by=request.user)
    context = {
        "item": item,
        "case": item.case,
        "citizen": citizen,
        "can_withdraw": citizen is not None
        and not citizen.is_withdrawn
        and citizen.anonymised_at is None
        and permissions.can_handle_case(request.user, item.case),
    }
    response = render(request, "cases/item_contact.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def withdraw_consent(request, pk):
    item = get_object_or_404(Item.objects.visible_to(request.user).select_related("case"), pk=pk)
    if not permissions.can_handle_case(request.user, item.case):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if call_service(form, services.withdraw_consent, item=item, by=request.user) is None:
        for error in form.non_field_errors():
            messages.error(request, error)
    else:
        messages.success(request, _("Đã xóa thông tin liên hệ theo yêu cầu của người gửi."))
    return redirect(item.case)


@login_required
@require_GET
def attachment_download(request, pk):
    visible = Item.objects.visible_to(request.user).values("pk")
    return uploads.serve(ItemAttachment.objects.filter(item__in=visible), pk=pk, field="file")


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = _action(request, pk, permissions.can_handle_case)
    if suggestions.asked_for(request) == "area":
        return suggestions.areas(request, "area")
    initial = {name: getattr(case, name) for name in services.EDITABLE_FIELDS}
    form = CaseEditForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {
            name: value for name, value in form.cleaned_data.items() if value != getattr(case, name)
        }
        if not changes or call_service(
            form, services.update_case, case=case, by=request.user, **changes
        ):
            messages.success(request, _("Đã lưu vụ việc."))
            return redirect(case)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_edit.html", {"case": case, "form": form}, status=status)
