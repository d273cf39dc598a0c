"""Recording an item on a citizen's behalf (a call, a letter, an article): as a new case, or
joined to a case the page suggests as a likely duplicate or the one it was opened from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from phoihop.core.forms import call_service
from phoihop.core.validation import parse_id
from phoihop.org.views import suggestions

from .. import duplicates, permissions, services
from ..forms import ItemForm
from ..models import Case


def _joined_case(request, number_or_id: str, department) -> Case | None:
    """The open case of `department` the item joins, named by number (a suggestion) or by id
    (the "add an item" link of a case page), if the user may add to it."""
    cases = Case.objects.visible_to(request.user).current()
    pk = parse_id(number_or_id)
    case = (cases.filter(pk=pk) if pk else cases.filter(number=number_or_id)).first()
    if case is None or department is None or case.department_id != department.pk:
        return None
    return case if permissions.can_add_item(request.user, case) else None


def _citizen(form: ItemForm):
    if not form.has_contact():
        return None
    data = form.cleaned_data
    return services.CitizenDetails(
        consent_text=form.consent_text_sent(),
        consent=bool(data.get("consent")),
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        address=data.get("address", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request):
    departments = permissions.intake_departments(request.user)
    if not permissions.can_record_item(request.user) or not departments.exists():
        raise PermissionDenied
    if suggestions.asked_for(request) == "area":
        return suggestions.areas(request, "area")
    joining = None
    if case_id := parse_id(request.GET.get("case")):
        joining = Case.objects.visible_to(request.user).current().filter(pk=case_id).first()
    initial = {"received_on": timezone.localdate(), "received_time": timezone.localtime().time()}
    if joining is not None:
        initial |= {"join": joining.pk, "department": joining.department}
    form = ItemForm(
        request.POST or None, request.FILES or None, departments=departments, initial=initial
    )
    similar = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        department = data["department"]
        case = (
            _joined_case(request, data.get("join") or "", department) if data.get("join") else None
        )
        if data.get("join") and case is None:
            form.add_error(None, _("Không thể thêm ý kiến vào vụ việc đã chọn."))
        if case is None and not form.errors and not data.get("new_anyway"):
            similar = duplicates.similar_cases(
                user=request.user,
                department=department,
                text=f"{data.get('title', '')} {data['text']}",
                area=data.get("area"),
                field=data.get("field"),
            )
        if not form.errors and (case is not None or not similar):
            new_case = None
            if case is None:
                new_case = services.NewCase(
                    title=data["title"],
                    kind=data["kind"],
                    field=data.get("field"),
                    urgency=data["urgency"],
                    hot_spot=data.get("hot_spot", False),
                )
            item = call_service(
                form,
                services.record_item,
                by=request.user,
                department=department,
                channel=data["channel"],
                received_at=form.received_at(),
                text=data["text"],
                area=data.get("area"),
                source=data.get("source", ""),
                attachments=[data["attachment"]] if data.get("attachment") else [],
                case=case,
                new_case=new_case,
                citizen=_citizen(form),
            )
            if item is not None:
                messages.success(
                    request,
                    _("Đã ghi nhận ý kiến vào vụ việc %(n)s.") % {"n": item.case.number},
                )
                return redirect(item.case)
    context = {"form": form, "similar": similar, "joining": joining}
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "cases/item_form.html", context, status=status)
