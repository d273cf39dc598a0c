"""Writes for the good-models registry: an entry, its evidence, commendations and replications.
Each checks permission first, validates with Vietnamese messages, writes in one transaction,
leaves one audit entry and refreshes the search index."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, search, uploads
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless
from phoihop.org.models import Area, Organization, User

from . import permissions
from .models import Commendation, Evidence, GoodModel, Replication

MODEL_FIELDS = ("title", "summary", "area", "field", "started_on", "figures")


def _validate(practice: GoodModel, before_organization_id: int | None = None) -> None:
    """`before_organization_id`: the organisation an entry being changed had (an archived one
    may stay, none may be newly chosen)."""
    errors = Errors()
    practice.title = (practice.title or "").strip()
    practice.summary = (practice.summary or "").strip()
    practice.figures = (practice.figures or "").strip()
    if not practice.title:
        errors.add("title", _("Tên mô hình không được để trống."))
    if not practice.summary:
        errors.add("summary", _("Hãy mô tả nội dung, cách làm."))
    if practice.started_on is None:
        errors.add("started_on", _("Cần nhập ngày bắt đầu thực hiện."))
    elif practice.started_on > timezone.localdate():
        errors.add("started_on", _("Ngày bắt đầu thực hiện không được sau hôm nay."))
    if practice.organization.is_archived and practice.organization_id != before_organization_id:
        errors.add("organization", _("Tổ chức này đã ngừng hoạt động."))
    errors.raise_if_any()


def _snapshot(practice: GoodModel) -> dict[str, Any]:
    return audit.snapshot(practice, GoodModel.AUDITED_FIELDS)


@transaction.atomic
def create_model(
    *, by: User, keeper: Organization, organization: Organization, **attrs: Any
) -> GoodModel:
    unknown = set(attrs) - set(MODEL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown good-model attributes: {sorted(unknown)}")
    deny_unless(permissions.can_create_model(by, keeper))
    practice = GoodModel(keeper=keeper, organization=organization, created_by=by, **attrs)
    _validate(practice)
    practice.save()
    after = _snapshot(practice)
    audit.record(
        action=Action.CREATE,
        obj=practice,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=keeper,
    )
    search.index(practice)
    return practice


@transaction.atomic
def update_model(
    *,
    practice: GoodModel,
    by: User,
    keeper: Organization | None = None,
    organization: Organization | None = None,
    **attrs: Any,
) -> GoodModel:
    """Change an entry: whoever may change it (the keeper's or the organisation's staff); a new
    keeper only where the user may keep entries too (as when creating one)."""
    unknown = set(attrs) - set(MODEL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown good-model attributes: {sorted(unknown)}")
    practice = _locked(practice, by)
    before = _snapshot(practice)
    before_organization_id = practice.organization_id
    if keeper is not None and keeper.pk != practice.keeper_id:
        deny_unless(permissions.can_create_model(by, keeper))
        practice.keeper = keeper
    if organization is not None:
        practice.organization = organization
    for name, value in attrs.items():
        setattr(practice, name, value)
    _validate(practice, before_organization_id)
    practice.save()
    if changes := audit.diff(before, _snapshot(practice)):
        audit.record(
            action=Action.UPDATE,
            obj=practice,
            by=by,
            changes=changes,
            organization=practice.keeper,
        )
    search.index(practice)
    return practice


@transaction.atomic
def delete_model(*, practice: GoodModel, by: User) -> GoodModel:
    """Remove an entry written by mistake. One that has evidence, commendations or places of
    replication is refused: those are the record the review counts read (and files someone
    uploaded), not a slip to undo; its keeper corrects it instead. Returns the removed entry."""
    practice = _locked(practice, by)
    recorded = [
        label
        for label, rows in (
            (_("tư liệu minh chứng"), practice.evidence),
            (_("khen thưởng"), practice.commendations),
            (_("nơi nhân rộng"), practice.replications),
        )
        if rows.exists()
    ]
    if recorded:
        raise ValidationError(
            _(
                "Không xóa được: mô hình đã có %(what)s, là số liệu cho sơ kết, tổng kết. "
                "Nếu ghi sai, hãy sửa lại nội dung."
            )
            % {"what": ", ".join(recorded)}
        )
    audit.record(
        action=Action.DELETE,
        obj=practice,
        by=by,
        changes=audit.removed(_snapshot(practice)),
        organization=practice.keeper,
    )
    search.unindex(practice)
    practice.delete()
    return practice


def _locked(practice: GoodModel, by: User) -> GoodModel:
    practice = (
        GoodModel.objects.select_for_update(of=("self",))
        .select_related("keeper", "organization")
        .get(pk=practice.pk)
    )
    deny_unless(permissions.can_change_model(by, practice))
    return practice


@transaction.atomic
def add_evidence(*, practice: GoodModel, by: User, upload, caption: str = "") -> Evidence:
    """A document or photo, checked by content (core.uploads)."""
    practice = _locked(practice, by)
    if upload is None:
        Errors({"file": [_("Chọn tệp minh chứng.")]}).raise_if_any()
    evidence = Evidence(practice=practice, uploaded_by=by, caption=(caption or "").strip())
    uploads.attach(evidence, "file", upload)
    evidence.size = upload.size or 0
    evidence.save()
    audit.record(
        action=Action.UPDATE,
        obj=practice,
        by=by,
        changes={"evidence": [None, evidence.name]},
        organization=practice.keeper,
        message=_("Thêm tư liệu minh chứng"),
    )
    return evidence


@transaction.atomic
def add_commendation(
    *,
    practice: GoodModel,
    by: User,
    title: str,
    conferred_by: str,
    conferred_on: datetime.date,
    reference: str = "",
) -> Commendation:
    practice = _locked(practice, by)
    errors = Errors()
    title, conferred_by = (title or "").strip(), (conferred_by or "").strip()
    if not title:
        errors.add("title", _("Cần nhập hình thức khen thưởng."))
    if not conferred_by:
        errors.add("conferred_by", _("Cần nhập cấp khen."))
    if conferred_on is None:
        errors.add("conferred_on", _("Cần nhập ngày khen."))
    elif conferred_on > timezone.localdate():
        errors.add("conferred_on", _("Ngày khen không được sau hôm nay."))
    elif conferred_on < practice.started_on:
        errors.add("conferred_on", _("Ngày khen không được trước khi mô hình bắt đầu."))
    errors.raise_if_any()
    commendation = Commendation.objects.create(
        practice=practice,
        title=title,
        conferred_by=conferred_by,
        conferred_on=conferred_on,
        reference=(reference or "").strip(),
    )
    audit.record(
        action=Action.UPDATE,
        obj=practice,
        by=by,
        changes={"commendations": [None, f"{title} – {conferred_by} ({conferred_on:%d/%m/%Y})"]},
        organization=practice.keeper,
        message=_("Thêm khen thưởng"),
    )
    return commendation


@transaction.atomic
def add_replication(
    *,
    practice: GoodModel,
    by: User,
    started_on: datetime.date,
    organization: Organization | None = None,
    area: Area | None = None,
    note: str = "",
) -> Replication:
    practice = _locked(practice, by)
    errors = Errors()
    if organization is None and area is None:
        errors.add("organization", _("Chọn đơn vị hoặc địa bàn nhân rộng."))
    if organization is not None and organization.pk == practice.organization_id:
        errors.add("organization", _("Đơn vị nhân rộng phải khác đơn vị thực hiện mô hình."))
    if started_on is None:
        errors.add("started_on", _("Cần nhập ngày bắt đầu nhân rộng."))
    elif started_on > timezone.localdate():
        errors.add("started_on", _("Ngày nhân rộng không được sau hôm nay."))
    elif started_on < practice.started_on:
        errors.add("started_on", _("Ngày nhân rộng không được trước khi mô hình bắt đầu."))
    errors.raise_if_any()
    replication = Replication.objects.create(
        practice=practice,
        organization=organization,
        area=area,
        started_on=started_on,
        note=(note or "").strip(),
    )
    audit.record(
        action=Action.UPDATE,
        obj=practice,
        by=by,
        changes={"replications": [None, f"{replication} ({started_on:%d/%m/%Y})"]},
        organization=practice.keeper,
        message=_("Thêm nơi nhân rộng"),
    )
    return replication
