"""Read-only pages over the audit trail. There is deliberately no view that edits or deletes.

/audit/ is for administrators (system admins see everything, organisation admins the entries
scoped to their subtrees); anyone else gets a 404, like any object outside their scope.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from phoihop.core import audit as core_audit
from phoihop.core.htmx import render_page
from phoihop.core.models import AuditEntry
from phoihop.core.pagination import paginate

from .. import permissions, selectors
from ..forms import AuditFilterForm
from ..models import Organization, User
from . import suggestions

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
VIA_LABELS = {"web": gettext_lazy("Web"), "api": gettext_lazy("API"), "cli": gettext_lazy("Lệnh")}


# Turning entries into rows ----------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class AuditRow:
    entry: AuditEntry
    object_label: str
    object_url: str = ""
    actor_url: str = ""
    via_label: str = ""
    changes: list[Change] = field(default_factory=list)


def _model_field(model, name: str):
    """The model field (or reverse relation, e.g. a task's participants) a change names."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None
    return field


def _field_label(model, model_field, name: str) -> str:
    """The column's verbose name, or what the model's AUDIT_LABELS calls a change recorded
    under another name (e.g. a task's progress report); the raw name only as a last resort."""
    if model_field is None:
        return str(getattr(model, "AUDIT_LABELS", {}).get(name, name))
    if hasattr(model_field, "verbose_name"):
        return str(model_field.verbose_name)
    return str(model_field.related_model._meta.verbose_name_plural)  # e.g. a task's participants


def _display(value: Any, model_field) -> str:
    """A recorded value as people read it: choices by label, dates as dd/mm/yyyy."""
    if value is None or value == "" or value == []:
        return "∅"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if model_field is not None and getattr(model_field, "choices", None):
        value = dict(model_field.flatchoices).get(value, value)
    if isinstance(value, str) and ISO_DATE.match(value):
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    if isinstance(value, str) and ISO_DATETIME.match(value):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "d/m/Y H:i")
    return str(value)


def _changes(entry: AuditEntry, model) -> list[Change]:
    rows = []
    for name, pair in (entry.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        model_field = _model_field(model, name)
        label = _field_label(model, model_field, name)
        if model_field is not None and not hasattr(model_field, "verbose_name"):
            model_field = None  # a reverse relation: values are recorded as plain text
        rows.append(
            Change(label=label, old=_display(old, model_field), new=_display(new, model_field))
        )
    return rows


def _object_urls(user, entries: list[AuditEntry]) -> dict[tuple[int, str], str]:
    """Links for the objects on one page: one query per object type, only to what the viewer
    may open (through the model's `visible_to` when it has one)."""
    ids_by_type: dict[int, set[str]] = {}
    for entry in entries:
        ids_by_type.setdefault(entry.content_type_id, set()).add(entry.object_id)
    urls = {}
    for type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            continue
        pks = []
        for raw in ids:
            try:
                pks.append(model._meta.pk.to_python(raw))
            except ValidationError:
                continue
        manager = model._default_manager
        queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        for obj in queryset.filter(pk__in=pks):
            urls[(type_id, str(obj.pk))] = obj.get_absolute_url()
    return urls


def audit_rows(user, entries) -> list[AuditRow]:
    entries = list(entries)
    urls = _object_urls(user, entries)
    actor_ids = {e.actor_id for e in entries if e.actor_id}
    visible_actors = (
        set(User.objects.visible_to(user).filter(pk__in=actor_ids).values_list("pk", flat=True))
        if actor_ids
        else set()
    )
    rows = []
    for entry in entries:
        content_type = ContentType.objects.get_for_id(entry.content_type_id)
        model = content_type.model_class()
        rows.append(
            AuditRow(
                entry=entry,
                object_label=str(model._meta.verbose_name) if model else content_type.model,
                object_url=urls.get((entry.content_type_id, entry.object_id), ""),
                actor_url=User(pk=entry.actor_id).get_absolute_url()
                if entry.actor_id in visible_actors
                else "",
                via_label=str(VIA_LABELS.get(entry.via, entry.via)),
                changes=_changes(entry, model),
            )
        )
    return rows


# The audit list ---------------------------------------------------------------------------------


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@login_required
@require_GET
def audit_list(request):
    user = request.user
    if not permissions.can_view_audit(user):
        raise Http404
    organizations = selectors.changeable_organizations(user)
    scoped = selectors.audit_entries_for(user)
    form = AuditFilterForm(request.GET or None, organizations=organizations, entries=scoped)
    if suggestions.asked_for(request) == "organization":
        return suggestions.organizations(request, "organization", organizations)
    if suggestions.asked_for(request) == "actor":
        return suggestions.people(request, "actor", form.fields["actor"].queryset)
    if form.is_bound:
        entries = form.filter(scoped) if form.is_valid() else scoped.none()
    else:
        entries = scoped
    page = paginate(request, entries)
    context = {
        "form": form,
        "page_obj": page,
        "rows": audit_rows(user, page.object_list),
        "show_ip": True,
        "show_object": True,
        "filtered": any(request.GET.get(name) for name in form.fields),
    }
    return render_page(request, "org/audit_list.html", context, fragment="audit")


@login_required
@require_GET
def organization_audit(request, pk):
    organization = get_object_or_404(Organization.objects.within_scope_of(request.user), pk=pk)
    entries = core_audit.entries_for(organization)
    page = paginate(request, entries)
    context = {
        "organization": organization,
        "page_obj": page,
        "rows": audit_rows(request.user, page.object_list),
        "show_ip": permissions.can_view_audit(request.user, organization),
        "show_object": False,
    }
    return render_page(request, "org/audit_organization.html", context, fragment="audit")
