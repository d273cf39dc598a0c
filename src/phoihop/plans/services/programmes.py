"""Writes for coordination programmes (with their review milestones) and annual plans."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, search, uploads
from phoihop.core.audit import Action
from phoihop.org.models import Organization, User

from .. import permissions, selectors
from ..models import (
    Milestone,
    Plan,
    Programme,
)
from .common import (
    NOT_GIVEN,
    Errors,
    _active_check,
    _check_file,
    _check_year,
    _deny_unless,
    record_citations,
)

PROGRAMME_FIELDS = (
    "title",
    "number",
    "legal_basis",
    "start_year",
    "end_year",
    "signed_on",
    "regular_contents",
    "hot_issue_contents",
)


def _validate_programme(programme: Programme, counterparts: list[Organization]) -> None:
    errors = Errors()
    programme.title = (programme.title or "").strip()
    programme.number = (programme.number or "").strip()
    if not programme.title:
        errors.add("title", _("Tên chương trình không được để trống."))
    _check_year(errors, "start_year", programme.start_year)
    _check_year(errors, "end_year", programme.end_year)
    if not errors and programme.end_year < programme.start_year:
        errors.add("end_year", _("Năm kết thúc phải bằng hoặc sau năm bắt đầu."))
    if not counterparts:
        errors.add("counterparts", _("Chọn ít nhất một đơn vị phối hợp ký kết."))
    signing = programme.signing_organization
    if any(o.pk == signing.pk for o in counterparts):
        errors.add("counterparts", _("Đơn vị ký không thể đồng thời là đơn vị phối hợp."))
    allowed = set(
        selectors.province_candidates(signing)
        .filter(pk__in=[o.pk for o in counterparts])
        .values_list("pk", flat=True)
    )
    for org in counterparts:
        if org.pk not in allowed:
            errors.add(
                "counterparts",
                _("%(name)s không phải là tổ chức đang hoạt động cùng tỉnh với đơn vị ký.")
                % {"name": org.name},
            )
    if programme.signed_on and programme.signed_on > timezone.localdate():
        errors.add("signed_on", _("Ngày ký không thể ở tương lai."))
    errors.raise_if_any()


def _sync_review(programme: Programme, kind: str, due_on: datetime.date | None) -> None:
    titles = {
        Milestone.Kind.MIDTERM: _("Sơ kết giữa kỳ chương trình"),
        Milestone.Kind.FINAL: _("Tổng kết chương trình"),
    }
    milestone = programme.milestones.filter(kind=kind).first()
    if due_on is None:
        if milestone is not None and milestone.done_on is None:
            milestone.delete()
        return
    if milestone is None:
        Milestone.objects.create(programme=programme, kind=kind, title=titles[kind], due_on=due_on)
    elif milestone.due_on != due_on:
        milestone.due_on = due_on
        milestone.save(update_fields=["due_on"])


def _review_snapshot(programme: Programme) -> dict[str, str | None]:
    dates = dict(
        programme.milestones.filter(kind__in=["midterm", "final"]).values_list("kind", "due_on")
    )
    return {
        "midterm_review_on": dates["midterm"].isoformat() if dates.get("midterm") else None,
        "final_review_on": dates["final"].isoformat() if dates.get("final") else None,
    }


def _programme_snapshot(programme: Programme) -> dict[str, Any]:
    values = audit.snapshot(
        programme, [f for f in Programme.AUDITED_FIELDS if f != "signed_document"]
    )
    values["signed_document"] = (
        (programme.signed_document_name or programme.signed_document.name)
        if programme.signed_document
        else None
    )
    values.update(_review_snapshot(programme))
    return values


def _programme_text(programme: Programme) -> str:
    return "\n".join(
        [
            programme.title,
            programme.legal_basis,
            programme.regular_contents,
            programme.hot_issue_contents,
        ]
    )


@transaction.atomic
def create_programme(
    *,
    by: User,
    signing_organization: Organization,
    counterparts: Iterable[Organization],
    signed_document=None,
    midterm_review_on: datetime.date | None = None,
    final_review_on: datetime.date | None = None,
    **attrs: Any,
) -> Programme:
    unknown = set(attrs) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"Unknown programme attributes: {sorted(unknown)}")
    _deny_unless(permissions.can_create_programme(by, signing_organization))
    programme = Programme(signing_organization=signing_organization, created_by=by, **attrs)
    counterparts = list(counterparts)
    errors = Errors()
    _check_file(errors, "signed_document", signed_document, "signed_document")
    errors.raise_if_any()
    _validate_programme(programme, counterparts)
    if signed_document is not None:
        uploads.attach(programme, "signed_document", signed_document)
    programme.save()
    programme.counterparts.set(counterparts)
    _sync_review(programme, Milestone.Kind.MIDTERM, midterm_review_on)
    _sync_review(programme, Milestone.Kind.FINAL, final_review_on)
    after = _programme_snapshot(programme)
    audit.record(
        action=Action.CREATE,
        obj=programme,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=signing_organization,
    )
    search.index(programme)
    record_citations(obj=programme, text=_programme_text(programme), by=by)
    return programme


@transaction.atomic
def update_programme(
    *,
    programme: Programme,
    by: User,
    counterparts: Iterable[Organization] | None = None,
    signed_document=None,
    midterm_review_on: datetime.date | None = NOT_GIVEN,
    final_review_on: datetime.date | None = NOT_GIVEN,
    **attrs: Any,
) -> Programme:
    unknown = set(attrs) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"Unknown programme attributes: {sorted(unknown)}")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _deny_unless(permissions.can_change_programme(by, programme))
    before = _programme_snapshot(programme)
    for name, value in attrs.items():
        setattr(programme, name, value)
    counterparts = (
        list(counterparts) if counterparts is not None else list(programme.counterparts.all())
    )
    errors = Errors()
    _check_file(errors, "signed_document", signed_document, "signed_document")
    errors.raise_if_any()
    _validate_programme(programme, counterparts)
    if signed_document is not None:
        uploads.attach(programme, "signed_document", signed_document)
    programme.save()
    programme.counterparts.set(counterparts)
    if midterm_review_on is not NOT_GIVEN:
        _sync_review(programme, Milestone.Kind.MIDTERM, midterm_review_on)
    if final_review_on is not NOT_GIVEN:
        _sync_review(programme, Milestone.Kind.FINAL, final_review_on)
    changes = audit.diff(before, _programme_snapshot(programme))
    if changes:
        audit.record(
            action=Action.UPDATE,
            obj=programme,
            by=by,
            changes=changes,
            organization=programme.signing_organization,
        )
    search.index(programme)
    record_citations(obj=programme, text=_programme_text(programme), by=by)
    return programme


@transaction.atomic
def add_milestone(
    *,
    programme: Programme,
    by: User,
    title: str,
    due_on: datetime.date,
    kind: str = Milestone.Kind.OTHER,
) -> Milestone:
    _deny_unless(permissions.can_change_programme(by, programme))
    errors = Errors()
    title = (title or "").strip()
    if not title:
        errors.add("title", _("Nội dung mốc không được để trống."))
    if due_on is None:
        errors.add("due_on", _("Cần nhập hạn của mốc."))
    if kind not in Milestone.Kind.values:
        errors.add("kind", _("Loại mốc không hợp lệ."))
    errors.raise_if_any()
    milestone = Milestone.objects.create(programme=programme, kind=kind, title=title, due_on=due_on)
    audit.record(
        action=Action.UPDATE,
        obj=programme,
        by=by,
        changes={"milestones": [None, str(milestone)]},
        organization=programme.signing_organization,
    )
    return milestone


@transaction.atomic
def complete_milestone(
    *, milestone: Milestone, by: User, done_on: datetime.date | None = None
) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("programme__signing_organization")
        .get(pk=milestone.pk)
    )
    _deny_unless(permissions.can_change_programme(by, milestone.programme))
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("Ngày hoàn thành không thể ở tương lai.")]})
    if milestone.done_on is not None:
        raise ValidationError(_("Mốc này đã được đánh dấu hoàn thành."))
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit.record(
        action=Action.UPDATE,
        obj=milestone.programme,
        by=by,
        changes={"milestone_done": [None, f"{milestone.title}: {done_on.isoformat()}"]},
        organization=milestone.programme.signing_organization,
    )
    return milestone


# Plans ------------------------------------------------------------------------------------------

PLAN_FIELDS = ("year", "title", "number", "description")


def _validate_plan(plan: Plan) -> None:
    errors = Errors()
    plan.title = (plan.title or "").strip()
    plan.number = (plan.number or "").strip()
    if not plan.title:
        errors.add("title", _("Tên kế hoạch không được để trống."))
    _check_year(errors, "year", plan.year)
    if plan.programme is not None:
        if not plan.issuing_organization.is_within(*plan.programme.parties()):
            errors.add(
                "issuing_organization",
                _("Đơn vị ban hành phải là một bên của chương trình phối hợp."),
            )
        if plan.programme.archived_at is not None:
            errors.add("programme", _("Chương trình này đã được lưu trữ."))
    _active_check(errors, "issuing_organization", plan.issuing_organization)
    errors.raise_if_any()


@transaction.atomic
def create_plan(
    *,
    by: User,
    issuing_organization: Organization,
    programme: Programme | None = None,
    **attrs: Any,
) -> Plan:
    unknown = set(attrs) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan attributes: {sorted(unknown)}")
    _deny_unless(permissions.can_create_plan(by, issuing_organization))
    plan = Plan(
        issuing_organization=issuing_organization, programme=programme, created_by=by, **attrs
    )
    _validate_plan(plan)
    plan.save()
    after = audit.snapshot(plan, Plan.AUDITED_FIELDS)
    audit.record(
        action=Action.CREATE,
        obj=plan,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=issuing_organization,
    )
    search.index(plan)
    record_citations(obj=plan, text=f"{plan.title}\n{plan.description}", by=by)
    return plan


@transaction.atomic
def update_plan(*, plan: Plan, by: User, **attrs: Any) -> Plan:
    unknown = set(attrs) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan attributes: {sorted(unknown)}")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _deny_unless(permissions.can_change_plan(by, plan))
    before = audit.snapshot(plan, Plan.AUDITED_FIELDS)
    for name, value in attrs.items():
        setattr(plan, name, value)
    _validate_plan(plan)
    if "year" in attrs and before["year"] != plan.year:
        outside = plan.tasks.exclude(deadline__year=plan.year).filter(deadline_exception="")
        if outside.exists():
            raise ValidationError(
                {"year": [_("Có nhiệm vụ có hạn ngoài năm mới mà chưa ghi lý do ngoại lệ.")]}
            )
    plan.save()
    changes = audit.diff(before, audit.snapshot(plan, Plan.AUDITED_FIELDS))
    if changes:
        audit.record(
            action=Action.UPDATE,
            obj=plan,
            by=by,
            changes=changes,
            organization=plan.issuing_organization,
        )
    search.index(plan)
    record_citations(obj=plan, text=f"{plan.title}\n{plan.description}", by=by)
    return plan
