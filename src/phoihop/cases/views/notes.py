"""The collaborators' monthly notes: a collaborator's notes and the note page (topics added
one by one, then sent); the department's view of topics by area and month, and taking a topic
up as an item of a new or an open case."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phoihop.core.forms import call_service, submitted
from phoihop.core.pagination import paginate
from phoihop.org.views import suggestions

from .. import permissions, services
from ..forms.notes import (
    NoteNewForm,
    SendNoteForm,
    TakeUpForm,
    TopicFilterForm,
    TopicForm,
    recent_months,
)
from ..models import Case, OpinionNote, OpinionTopic
from ..services import NewCase

SUMMARY_MONTHS = 6


def _note_or_404(request, pk) -> OpinionNote:
    note = (
        OpinionNote.objects.visible_to(request.user)
        .select_related("department", "collaborator")
        .filter(pk=pk)
        .first()
    )
    if note is None:
        raise Http404
    return note


@login_required
@require_GET
def note_list(request):
    departments = permissions.note_departments(request.user)
    notes = (
        OpinionNote.objects.visible_to(request.user)
        .select_related("department", "collaborator")
        .annotate(topic_count=Count("topics"))
        .order_by("-month", "-id")
    )
    page_obj = paginate(request, notes)
    context = {
        "page_obj": page_obj,
        "notes": list(page_obj.object_list),
        "new_form": NoteNewForm(departments=departments) if departments else None,
        "can_summarise": permissions.can_record_item(request.user),
    }
    return render(request, "cases/note_list.html", context)


@login_required
@require_POST
def note_new(request):
    departments = permissions.note_departments(request.user)
    if not departments:
        raise PermissionDenied
    form = NoteNewForm(request.POST, departments=departments)
    if form.is_valid():
        note = call_service(
            form,
            services.create_note,
            department=form.cleaned_data["department"],
            month=form.cleaned_data["month"],
            by=request.user,
        )
        if note is not None:
            return redirect(note)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("cases:note_list")


def _topics_of(note: OpinionNote) -> list[OpinionTopic]:
    return list(note.topics.select_related("field", "area", "item__case").order_by("id"))


def _detail(request, note: OpinionNote, status=200, **forms):
    user = request.user
    can_edit = permissions.can_edit_note(user, note)
    can_take_up = not note.is_draft and permissions.can_record_item(user, note.department)
    context = {
        "note": note,
        "topics": _topics_of(note),
        "can_edit": can_edit,
        "can_take_up": can_take_up,
        "topic_form": forms.get("topic_form") or (TopicForm() if can_edit else None),
        "take_up_form": forms.get("take_up_form") or (TakeUpForm() if can_take_up else None),
        "take_up_topic": forms.get("take_up_topic"),
    }
    return render(request, "cases/note_detail.html", context, status=status)


@login_required
@require_GET
def note_detail(request, pk: int):
    note = _note_or_404(request, pk)
    if suggestions.asked_for(request) == "area" and permissions.can_edit_note(request.user, note):
        return suggestions.areas(request, "area")
    return _detail(request, note)


@login_required
@require_POST
def topic_add(request, pk: int):
    note = _note_or_404(request, pk)
    if not permissions.can_edit_note(request.user, note):
        raise PermissionDenied
    form = TopicForm(request.POST)
    if submitted(
        request,
        form,
        services.add_topic,
        arguments=lambda data: {"note": note, **data},
        done=_("Đã thêm vấn đề."),
    ):
        return redirect(note)
    return _detail(request, note, status=400, topic_form=form)


@login_required
@require_POST
def note_submit(request, pk: int):
    note = _note_or_404(request, pk)
    if not permissions.can_edit_note(request.user, note):
        raise PermissionDenied
    form = SendNoteForm(request.POST)
    if call_service(form, services.submit_note, note=note, by=request.user) is None:
        for error in form.non_field_errors():
            messages.error(request, error)
    else:
        messages.success(request, _("Đã gửi báo cáo cho Ban."))
    return redirect(note)


@login_required
@require_POST
def topic_take_up(request, pk: int):
    visible = OpinionNote.objects.visible_to(request.user).values("pk")
    topic = get_object_or_404(
        OpinionTopic.objects.filter(note__in=visible).select_related("note__department"), pk=pk
    )
    if not permissions.can_take_up_topic(request.user, topic):
        raise PermissionDenied
    note = topic.note
    form = TakeUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        number = (data["case_number"] or "").strip().upper()
        case = None
        if number:
            case = Case.objects.visible_to(request.user).current().filter(number=number).first()
            if case is None or not permissions.can_add_item(request.user, case):
                form.add_error("case_number", _("Không tìm thấy vụ việc đang xử lý số này."))
        if not form.errors:
            new_case = None
            if case is None:
                new_case = NewCase(
                    title=data["title"],
                    kind=data["kind"],
                    field=topic.field,
                    urgency=data["urgency"],
                    hot_spot=data["hot_spot"],
                )
            item = call_service(
                form,
                services.take_up_topic,
                topic=topic,
                by=request.user,
                new_case=new_case,
                case=case,
            )
            if item is not None:
                messages.success(
                    request,
                    _("Đã tiếp nhận vấn đề vào vụ việc %(n)s.") % {"n": item.case.number},
                )
                return redirect(item.case)
    return _detail(request, note, status=400, take_up_form=form, take_up_topic=topic.pk)


# The department's view: topics by area and month ---------------------------------------------


def _summary(topics, months) -> list[dict]:
    """Rows per commune, a count per month (one grouped query)."""
    counts = (
        topics.filter(note__month__in=months)
        .order_by()
        .values("area__code", "area__name", "note__month")
        .annotate(n=Count("pk"))
    )
    rows: dict[str, dict] = {}
    by_month: dict[str, dict] = defaultdict(dict)
    for row in counts:
        code = row["area__code"]
        rows.setdefault(code, {"code": code, "name": row["area__name"]})
        by_month[code][row["note__month"]] = row["n"]
    return [
        {**row, "cells": [(m, by_month[row["code"]].get(m, 0)) for m in months]}
        for row in sorted(rows.values(), key=lambda r: r["name"])
    ]


@login_required
@require_GET
def topic_summary(request):
    if not permissions.can_record_item(request.user):
        raise PermissionDenied
    notes = OpinionNote.objects.visible_to(request.user).filter(status=OpinionNote.Status.SUBMITTED)
    topics = OpinionTopic.objects.filter(note__in=notes.values("pk"))
    months = recent_months(timezone.localdate(), SUMMARY_MONTHS)
    form = TopicFilterForm(request.GET)
    data = form.valid_data()
    listed = topics
    if data.get("month"):
        listed = listed.filter(note__month=data["month"])
    if data.get("area"):
        listed = listed.filter(area__code=data["area"])
    if data.get("mood"):
        listed = listed.filter(mood=data["mood"])
    if data.get("field"):
        listed = listed.filter(field=data["field"])
    listed = listed.select_related("area", "field", "note", "item__case").order_by(
        "-note__month", "area__name", "id"
    )
    page_obj = paginate(request, listed)
    context = {
        "form": form,
        "months": months,
        "rows": _summary(topics, months),
        "page_obj": page_obj,
        "topics": list(page_obj.object_list),
    }
    return render(request, "cases/topic_summary.html", context)
