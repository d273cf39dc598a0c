"""Writes for coordination programmes (with their review milestones) and annual plans."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.core import audit, search, uploads
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless
from phoihop.org.models import Organization, User
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review

from .. import permissions, selectors
from ..models import Plan, Programme
from .common import NOT_GIVEN, _active_check, _check_file, _check_year, record_citations

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


def _blank_for_none(obj, names: tuple[str, ...]) -> None:
    """An optional text left out is stored empty: a `null` sent through the API clears it
    rather than breaking the NOT NULL column."""
    for name in names:
        if getattr(obj, name) is None:
            setattr(obj, name, "")


def _validate_programme(
    programme: Programme, counterparts: list[Organization], review_on: dict
) -> None:
    errors = Errors()
    programme.title = (programme.title or "").strip()
    programme.number = (programme.number or "").strip()
    _blank_for_none(programme, ("legal_basis", "regular_contents", "hot_issue_contents"))
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
    _check_review_dates(errors, programme, review_on)
    errors.raise_if_any()


REVIEW_TITLES = {
    Review.Kind.PRELIMINARY: gettext_lazy("Sơ kết giữa kỳ chương trình"),
    Review.Kind.FINAL: gettext_lazy("Tổng kết chương trình"),
}
REVIEW_FORM_FIELDS = {
    Review.Kind.PRELIMINARY: "midterm_review_on",
    Review.Kind.FINAL: "final_review_on",
}


def programme_starts_on(programme: Programme) -> datetime.date:
    """Reviews come after this: the programme's first year, or its signing if later."""
    first_day = datetime.date(programme.start_year, 1, 1)
    return max(first_day, programme.signed_on) if programme.signed_on else first_day


def review_dates(programme: Programme) -> dict[str, datetime.date]:
    """{kind: due date} of the programme's mid-term and final reviews."""
    if programme.pk is None:
        return {}
    return dict(
        Review.objects.of(programme)
        .filter(kind__in=list(REVIEW_FORM_FIELDS))
        .values_list("kind", "due_on")
    )


def _check_review_dates(errors: Errors, programme: Programme, dates: dict) -> None:
    """The mid-term review after the programme starts, the final one after the mid-term."""
    if programme.start_year is None or "start_year" in errors:
        return
    found = reviews.order_errors(
        starts_on=programme_starts_on(programme),
        preliminary=[d for d in [dates.get(Review.Kind.PRELIMINARY)] if d],
        final=[d for d in [dates.get(Review.Kind.FINAL)] if d],
        start_name=_("ngày bắt đầu chương trình"),
    )
    for kind, message in found.items():
        errors.add(REVIEW_FORM_FIELDS[kind], message)


def _sync_review(programme: Programme, kind: str, due_on: datetime.date | None, by) -> None:
    """The form's review dates, written as part of the programme's own save and audit entry."""
    review = Review.objects.of(programme).filter(kind=kind).first()
    if due_on is None:
        if review is not None and review.done_on is None:
            review.delete()
        return
    if review is None:
        Review.objects.create(
            subject=programme,
            kind=kind,
            title=str(REVIEW_TITLES[kind]),
            due_on=due_on,
            responsible=programme.signing_organization,
            created_by=by,
        )
    elif review.due_on != due_on:
        review.due_on = due_on
        review.save(update_fields=["due_on", "updated_at"])


def _review_snapshot(programme: Programme) -> dict[str, str | None]:
    dates = review_dates(programme)
    return {
        field: dates[kind].isoformat() if dates.get(kind) else None
        for kind, field in REVIEW_FORM_FIELDS.items()
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
    deny_unless(permissions.can_create_programme(by, signing_organization))
    programme = Programme(signing_organization=signing_organization, created_by=by, **attrs)
    counterparts = list(counterparts)
    errors = Errors()
    _check_file(errors, "signed_document", signed_document, "signed_document")
    errors.raise_if_any()
    review_on = {Review.Kind.PRELIMINARY: midterm_review_on, Review.Kind.FINAL: final_review_on}
    _validate_programme(programme, counterparts, review_on)
    if signed_document is not None:
        uploads.attach(programme, "signed_document", signed_document)
    programme.save()
    programme.counterparts.set(counterparts)
    for kind, due_on in review_on.items():
        _sync_review(programme, kind, due_on, by)
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
    deny_unless(permissions.can_change_programme(by, programme))
    before = _programme_snapshot(programme)
    for name, value in attrs.items():
        setattr(programme, name, value)
    counterparts = (
        list(counterparts) if counterparts is not None else list(programme.counterparts.all())
    )
    errors = Errors()
    _check_file(errors, "signed_document", signed_document, "signed_document")
    errors.raise_if_any()
    review_on = review_dates(programme)
    given = {Review.Kind.PRELIMINARY: midterm_review_on, Review.Kind.FINAL: final_review_on}
    review_on.update({kind: day for kind, day in given.items() if day is not NOT_GIVEN})
    _validate_programme(programme, counterparts, review_on)
    if signed_document is not None:
        uploads.attach(programme, "signed_document", signed_document)
    programme.save()
    programme.counterparts.set(counterparts)
    for kind, due_on in given.items():
        if due_on is not NOT_GIVEN:
            _sync_review(programme, kind, due_on, by)
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
    kind: str = Review.Kind.OTHER,
) -> Review:
    """Another review milestone of the programme ("Giao ban 6 tháng"), the signing organisation
    responsible."""
    deny_unless(permissions.can_change_programme(by, programme))
    if not (title or "").strip():
        raise ValidationError({"title": [_("Nội dung mốc không được để trống.")]})
    return reviews.create_review(
        subject=programme,
        by=by,
        kind=kind,
        title=title,
        due_on=due_on,
        responsible=programme.signing_organization,
    )


# Plans ------------------------------------------------------------------------------------------

PLAN_FIELDS = ("year", "title", "number", "description")


def _validate_plan(plan: Plan) -> None:
    errors = Errors()
    plan.title = (plan.title or "").strip()
    plan.number = (plan.number or "").strip()
    _blank_for_none(plan, ("description",))
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
    _issuer_in_force(errors, plan)
    errors.raise_if_any()


def _issuer_in_force(errors: Errors, plan: Plan) -> None:
    """The issuing organisation was in force during the plan's year: history is data, so the
    2024 plan of a department merged in 2025 is recorded under the department that issued it."""
    organization = plan.issuing_organization
    if "year" in errors or organization.is_archived:
        _active_check(errors, "issuing_organization", organization)
        return
    first, last = datetime.date(int(plan.year), 1, 1), datetime.date(int(plan.year), 12, 31)
    starts, ends = organization.valid_from, organization.valid_to
    if (starts and starts > last) or (ends and ends < first):
        errors.add(
            "issuing_organization",
            _("%(name)s không hoạt động trong năm %(year)s.")
            % {"name": organization.name, "year": plan.year},
        )


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
    deny_unless(permissions.can_create_plan(by, issuing_organization))
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
    deny_unless(permissions.can_change_plan(by, plan))
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
