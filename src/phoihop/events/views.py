"""Event pages: the list, create/edit, the event's page (agenda, participants, conclusions,
files), invitations and answers, attendance (by list, by the door's QR code, by a person's pass),
conclusions turned into tasks, and training records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import uploads
from phoihop.core.forms import call_service, submitted
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.directives.views import suggestions as document_suggestions
from phoihop.library import selectors as library
from phoihop.org.models import Organization, User
from phoihop.org.views import suggestions
from phoihop.plans import permissions as plans_permissions
from phoihop.plans.models import Plan
from phoihop.plans.views import suggestions as task_suggestions

from . import codes, permissions, selectors, services
from .forms import (
    AgendaItemForm,
    CancelForm,
    CheckInForm,
    ConclusionForm,
    ConclusionTaskForm,
    EventFileForm,
    EventFilterForm,
    EventForm,
    InviteForm,
    MaterialForm,
    PassForm,
    RsvpForm,
    TrainingRecordForm,
)
from .models import AgendaItem, Conclusion, Event, EventFile, EventOrganization, Participant


def _visible(request):
    return Event.objects.visible_to(request.user)


def _event(request, pk, *, manage=False) -> Event:
    event = get_object_or_404(_visible(request).select_related("kind", "organizer"), pk=pk)
    if manage and not permissions.can_change_event(request.user, event):
        raise PermissionDenied
    return event


# List ------------------------------------------------------------------------------------------


@login_required
@require_GET
def event_list(request):
    form = EventFilterForm(request.GET)
    data = form.valid_data()
    organization = None
    if data.get("organization"):
        organization = (
            Organization.objects.visible_to(request.user).filter(pk=data["organization"]).first()
        )
    events = selectors.filtered(
        request.user,
        q=data.get("q", ""),
        kind=data.get("kind"),
        start=data.get("start"),
        end=data.get("end"),
        organization=organization,
        programme=data.get("programme"),
        training=bool(data.get("training")),
        cancelled=bool(data.get("cancelled")),
    )
    page_obj = paginate(request, events.for_list().order_by("-starts_at", "-id"))
    context = {
        "form": form,
        "page_obj": page_obj,
        # Counted for the page's rows only: annotating the whole list grouped every event.
        "events": selectors.with_page_counts(list(page_obj.object_list)),
        "filtered": any(data.values()),
        "organization": organization,
        "can_create": permissions.can_create_event(request.user),
    }
    return render_page(request, "events/event_list.html", context, fragment="results")


# Create / edit ---------------------------------------------------------------------------------


def _suggest(request, form):
    field = suggestions.asked_for(request)
    if field not in form.fields:
        return None
    if field == "task":
        return task_suggestions.tasks(request, field, form.fields[field].queryset)
    if field == "directive":
        return document_suggestions.documents(request, field, form.fields[field].queryset)
    if field in ("organizer", "lead"):
        return suggestions.organizations(request, field, form.fields[field].queryset)
    if field in ("co_organizers", "organizations", "co"):
        return suggestions.organizations(request, field, form.fields[field].queryset, several=True)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    if not permissions.can_create_event(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user)
    if (answer := _suggest(request, form)) is not None:
        return answer
    if request.method == "POST" and form.is_valid():
        event = call_service(
            form,
            services.create_event,
            by=request.user,
            organizer=form.cleaned_data["organizer"],
            **form.service_kwargs(),
        )
        if event is not None:
            messages.success(request, _("Đã tạo sự kiện. Hãy thêm chương trình và gửi giấy mời."))
            return redirect(event)
    return render_page(
        request, "events/event_form.html", {"form": form, "event": None}, fragment="form"
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = _event(request, pk, manage=True)
    form = EventForm(
        request.POST or None, user=request.user, event=event, initial=EventForm.initial_for(event)
    )
    if (answer := _suggest(request, form)) is not None:
        return answer
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form, services.update_event, event=event, by=request.user, **form.service_kwargs()
        )
        if updated is not None:
            messages.success(request, _("Đã lưu sự kiện."))
            return redirect(updated)
    return render_page(
        request, "events/event_form.html", {"form": form, "event": event}, fragment="form"
    )


# The event's page ------------------------------------------------------------------------------


@login_required
@require_GET
def event_detail(request, pk):
    event = _event(request, pk)
    user = request.user
    can_change = permissions.can_change_event(user, event)
    organizations = list(
        event.organizations.select_related("organization").order_by("role", "organization__name")
    )
    participants = list(
        event.participants.select_related("person", "organization").order_by(
            "person__full_name", "id"
        )
    )
    mine = next((p for p in participants if p.person_id == user.pk), None)
    conclusions = list(event.conclusions.select_related("task__lead_organization"))
    context = {
        "event": event,
        "can_change": can_change,
        "cancel_form": CancelForm() if permissions.can_cancel_event(user, event) else None,
        "co_organizers": [
            o for o in organizations if o.role == EventOrganization.Role.CO_ORGANIZER
        ],
        "invited_organizations": [
            o for o in organizations if o.role == EventOrganization.Role.INVITED
        ],
        "participants": participants,
        "present_count": sum(1 for p in participants if p.checked_in_at),
        "accepted_count": sum(1 for p in participants if p.rsvp == Participant.Rsvp.ACCEPTED),
        "mine": mine,
        "can_answer": mine is not None and permissions.can_answer(user, mine),
        "agenda": list(event.agenda.select_related("presenter_organization")),
        "agenda_form": AgendaItemForm() if can_change else None,
        "conclusions": conclusions,
        "conclusion_form": ConclusionForm() if can_change else None,
        "files": list(event.files.all()),
        "file_form": EventFileForm() if can_change else None,
        "materials": list(
            library.readable(user, event.materials.values("pk"))
            .only("pk", "title", "kind", "published_on")
            .order_by("title", "pk")
        ),
        "material_form": MaterialForm(user=user, event=event) if can_change else None,
        "serves": [x for x in (event.programme, event.plan, event.task, event.directive) if x],
    }
    return TemplateResponse(request, "events/event_detail.html", context)


def _post_to_section(request, event, form, service, *, section: str, done: str, arguments):
    """A small form of the event's page: run `service` (`core.forms.submitted`), say what
    happened (the form's errors flashed), and go back to its `section` of the page."""
    if not submitted(request, form, service, arguments=arguments, done=done):
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(reverse("events:event_detail", args=[event.pk]) + f"#{section}")


@login_required
@require_POST
def agenda_add(request, pk):
    event = _event(request, pk, manage=True)
    form = AgendaItemForm(request.POST)
    return _post_to_section(
        request,
        event,
        form,
        services.add_agenda_item,
        section="agenda",
        done=_("Đã thêm vào chương trình."),
        arguments=lambda data: data | {"event": event},
    )


@login_required
@require_POST
def agenda_remove(request, pk, item_pk):
    event = _event(request, pk, manage=True)
    item = get_object_or_404(AgendaItem, event=event, pk=item_pk)
    services.remove_agenda_item(item=item, by=request.user)
    messages.success(request, _("Đã bỏ mục khỏi chương trình."))
    return redirect(reverse("events:event_detail", args=[event.pk]) + "#agenda")


@login_required
@require_POST
def cancel(request, pk):
    event = _event(request, pk, manage=True)
    form = CancelForm(request.POST)
    return _post_to_section(
        request,
        event,
        form,
        services.cancel_event,
        section="event-status",
        done=_("Đã hủy sự kiện và báo cho người được mời."),
        arguments=lambda data: {"event": event, "reason": data["reason"]},
    )


# Invitations -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, pk):
    event = _event(request, pk, manage=True)
    form = InviteForm(request.POST or None, user=request.user, event=event)
    if (answer := _suggest(request, form)) is not None:
        return answer
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.invite,
            event=event,
            by=request.user,
            organizations=form.cleaned_data.get("organizations") or [],
            people=list(form.cleaned_data.get("people") or []),
        )
        if done is not None:
            messages.success(
                request,
                _("Đã mời %(orgs)s đơn vị và %(people)s người; đã gửi %(sent)s thông báo.")
                % {
                    "orgs": done["organizations"],
                    "people": done["people"],
                    "sent": done["notified"],
                },
            )
            return redirect(reverse("events:invite", args=[event.pk]))
    context = {"event": event, "form": form}
    return render_page(request, "events/invite.html", context, fragment="form")


@login_required
@require_POST
def rsvp(request, pk):
    event = _event(request, pk)
    participant = get_object_or_404(
        Participant.objects.select_related("event"), event=event, person=request.user
    )
    form = RsvpForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.answer_invitation,
        participant=participant,
        by=request.user,
        rsvp=form.cleaned_data["rsvp"],
    ):
        messages.success(request, _("Đã ghi nhận trả lời của bạn."))
    else:
        messages.error(request, _("Không ghi nhận được trả lời."))
    return redirect(event)


# Attendance ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    event = _event(request, pk, manage=True)
    pass_form = PassForm(request.POST or None)
    if request.method == "POST" and pass_form.is_valid():
        participant = call_service(
            pass_form,
            services.check_in_with_pass,
            event=event,
            code=pass_form.cleaned_data["code"].strip(),
            by=request.user,
        )
        if participant is not None:
            messages.success(request, _("%(name)s đã có mặt.") % {"name": participant.person})
            return redirect(reverse("events:attendance", args=[event.pk]))
    participants = event.participants.select_related("person", "organization").order_by(
        "person__full_name", "id"
    )
    page_obj = paginate(request, participants)
    context = {
        "event": event,
        "pass_form": pass_form,
        "page_obj": page_obj,
        "participants": list(page_obj.object_list),
        "counts": event.participants.aggregate(
            invited=Count("id"),
            present=Count("id", filter=Q(checked_in_at__isnull=False)),
            accepted=Count("id", filter=Q(rsvp=Participant.Rsvp.ACCEPTED)),
            declined=Count("id", filter=Q(rsvp=Participant.Rsvp.DECLINED)),
        ),
    }
    return TemplateResponse(request, "events/attendance.html", context)


@login_required
@require_POST
def check_in(request, pk, participant_pk):
    event = _event(request, pk, manage=True)
    participant = get_object_or_404(
        Participant.objects.select_related("person", "event"), event=event, pk=participant_pk
    )
    form = CheckInForm(request.POST)
    form.is_valid()
    present = bool(form.cleaned_data.get("present"))
    try:
        services.check_in(participant=participant, by=request.user, present=present)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if present:
            messages.success(request, _("%(name)s đã có mặt.") % {"name": participant.person})
        else:
            messages.success(request, _("Đã bỏ điểm danh %(name)s.") % {"name": participant.person})
    return redirect(reverse("events:attendance", args=[event.pk]) + f"#p{participant.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def door(request, pk):
    """The page the organiser shows at the door: the event's QR code (POST: a new one)."""
    event = _event(request, pk, manage=True)
    if request.method == "POST":
        event = services.rotate_door_code(event=event, by=request.user)
        messages.success(request, _("Đã đổi mã QR. Mã cũ không còn dùng được."))
        return redirect(reverse("events:door", args=[event.pk]))
    url = request.build_absolute_uri(
        reverse("events:door_check_in", args=[event.pk, codes.door_code(event)])
    )
    context = {"event": event, "qr": codes.qr_data_uri(url), "door_url": url}
    return TemplateResponse(request, "events/door.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def door_check_in(request, pk, code):
    """Where the door's QR code leads: the person confirms they are present (a GET never
    writes). An event the person may not see is a 404 like any other."""
    event = get_object_or_404(Event.objects.select_related("kind", "organizer"), pk=pk)
    if not codes.door_code_is_valid(event, code):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            services.check_in_at_door(event=event, code=code, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("Đã điểm danh: bạn có mặt tại %(title)s.") % {"title": event.title}
            )
            return redirect(event)
    participant = event.participants.filter(person=request.user).first()
    context = {"event": event, "error": error, "participant": participant}
    return TemplateResponse(
        request, "events/door_check_in.html", context, status=400 if error else 200
    )


@login_required
@require_GET
def my_pass(request, pk):
    """A participant's pass: a QR code the organiser scans at the door."""
    event = _event(request, pk)
    participant = get_object_or_404(
        event.participants.select_related("person"), person=request.user
    )
    code = codes.pass_code(event, request.user)
    url = request.build_absolute_uri(reverse("events:pass_check_in", args=[event.pk, code]))
    context = {
        "event": event,
        "participant": participant,
        "qr": codes.qr_data_uri(url),
        "code": code,
    }
    return TemplateResponse(request, "events/pass.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pass_check_in(request, pk, code):
    """Where a person's pass leads when the organiser scans it: confirm, then checked in."""
    event = _event(request, pk, manage=True)
    person_id = codes.pass_person_id(event, code)
    participant = (
        event.participants.select_related("person").filter(person_id=person_id).first()
        if person_id
        else None
    )
    if participant is None:
        raise Http404
    form = PassForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, services.check_in_with_pass, event=event, code=code, by=request.user
        )
        if done is not None:
            messages.success(request, _("%(name)s đã có mặt.") % {"name": participant.person})
            return redirect(reverse("events:attendance", args=[event.pk]))
    context = {"event": event, "participant": participant, "form": form}
    return TemplateResponse(request, "events/pass_check_in.html", context)


# Outcome and files -----------------------------------------------------------------------------


@login_required
@require_POST
def conclusion_add(request, pk):
    event = _event(request, pk, manage=True)
    form = ConclusionForm(request.POST)
    return _post_to_section(
        request,
        event,
        form,
        services.add_conclusion,
        section="conclusions",
        done=_("Đã ghi kết luận."),
        arguments=lambda data: {"event": event, "text": data["text"]},
    )


def _task_plans(user, event):
    plans = (
        Plan.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .select_related("issuing_organization")
    )
    if not user.is_superuser:
        plans = plans.filter(
            issuing_organization__in=Organization.objects.within_scope_of(
                user, plans_permissions.OWNER_ROLES
            )
        )
    return plans.order_by("-year", "title")


@login_required
@require_http_methods(["GET", "POST"])
def conclusion_task(request, pk, conclusion_pk):
    event = _event(request, pk, manage=True)
    conclusion = get_object_or_404(Conclusion, event=event, pk=conclusion_pk)
    if conclusion.task_id:
        messages.info(request, _("Kết luận này đã được giao thành nhiệm vụ."))
        return redirect(reverse("events:event_detail", args=[event.pk]) + "#conclusions")
    initial = {"title": conclusion.text[:500], "plan": event.plan_id}
    form = ConclusionTaskForm(
        request.POST or None,
        user=request.user,
        plans=_task_plans(request.user, event),
        initial=initial,
    )
    if (answer := _suggest(request, form)) is not None:
        return answer
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        task = call_service(
            form,
            services.conclusion_to_task,
            conclusion=conclusion,
            by=request.user,
            spec=services.TaskSpec(
                plan=data["plan"],
                lead=data["lead"],
                co=data.get("co") or [],
                deadline=data["deadline"],
                title=data["title"],
            ),
        )
        if task is not None:
            messages.success(
                request, _("Đã giao kết luận thành nhiệm vụ «%(title)s».") % {"title": task.title}
            )
            return redirect(reverse("events:event_detail", args=[event.pk]) + "#conclusions")
    context = {"event": event, "conclusion": conclusion, "form": form}
    return render_page(request, "events/conclusion_task.html", context, fragment="form")


@login_required
@require_POST
def file_add(request, pk):
    event = _event(request, pk, manage=True)
    form = EventFileForm(request.POST, request.FILES)
    return _post_to_section(
        request,
        event,
        form,
        services.add_file,
        section="files",
        done=_("Đã tải tệp lên."),
        arguments=lambda data: {"event": event, "kind": data["kind"], "upload": data["file"]},
    )


@login_required
@require_POST
def material_add(request, pk):
    event = _event(request, pk, manage=True)
    form = MaterialForm(request.POST, user=request.user, event=event)
    return _post_to_section(
        request,
        event,
        form,
        services.add_material,
        section="materials",
        done=_("Đã thêm tài liệu cho sự kiện."),
        arguments=lambda data: {"event": event, "item": data["item"]},
    )


@login_required
@require_POST
def material_remove(request, pk, item_pk):
    event = _event(request, pk, manage=True)
    item = get_object_or_404(
        library.readable(request.user, event.materials.values("pk")), pk=item_pk
    )
    services.remove_material(event=event, by=request.user, item=item)
    messages.success(request, _("Đã bỏ tài liệu khỏi sự kiện."))
    return redirect(reverse("events:event_detail", args=[event.pk]) + "#materials")


@login_required
@require_GET
def file_download(request, pk, file_pk):
    event = _event(request, pk)
    return uploads.serve(EventFile.objects.filter(event=event), pk=file_pk, field="file")


# Training --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def training_record(request, pk, participant_pk):
    event = _event(request, pk, manage=True)
    participant = get_object_or_404(
        event.participants.select_related("person", "event__kind"), pk=participant_pk
    )
    form = TrainingRecordForm(
        request.POST or None, request.FILES or None, initial={"hours": participant.hours}
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.record_training,
            participant=participant,
            by=request.user,
            hours=form.cleaned_data.get("hours"),
            certificate=form.cleaned_data.get("certificate"),
        )
        if done is not None:
            messages.success(
                request, _("Đã lưu hồ sơ bồi dưỡng của %(name)s.") % {"name": participant.person}
            )
            return redirect(reverse("events:attendance", args=[event.pk]))
    context = {"event": event, "participant": participant, "form": form}
    return TemplateResponse(request, "events/training_record.html", context)


@login_required
@require_GET
def certificate(request, pk, participant_pk):
    """A certificate: for its holder and whoever may see the event."""
    event = _event(request, pk)
    return uploads.serve(
        Participant.objects.filter(event=event), pk=participant_pk, field="certificate"
    )


@login_required
@require_GET
def my_training(request):
    return _training_page(request, request.user)


@login_required
@require_GET
def training(request, person_pk):
    person = get_object_or_404(User.objects.visible_to(request.user), pk=person_pk)
    if not permissions.can_view_training(request.user, person):
        raise Http404
    return _training_page(request, person)


def _training_page(request, person):
    records = selectors.training_records(person)
    page_obj = paginate(request, records)
    context = {
        "person": person,
        "page_obj": page_obj,
        "records": list(page_obj.object_list),
        "total_hours": selectors.training_total(person),
        "read": library.read_by(person, request.user),
        "own": person.pk == request.user.pk,
    }
    return TemplateResponse(request, "events/training.html", context)
