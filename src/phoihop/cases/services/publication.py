"""Publishing a case on the portal and Open311: the staff who handle it write the public
title, question and answer, list the spans to hide, and the service stores the redacted
texts. The citizen's own contact details are hidden whatever the staff listed: they are read
here only to be removed, never shown (ADR 0020), so the reading is not a contact view."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, search
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless

from .. import permissions, redaction
from ..models import Case, Citizen, Publication


@dataclass(frozen=True)
class PublicDraft:
    """What the staff wrote for the public, before redaction."""

    title: str
    question: str
    answer: str
    hidden_spans: tuple[str, ...] = ()
    detect: bool = True


@dataclass(frozen=True)
class PublicTexts:
    title: str
    question: str
    answer: str
    hidden: int


def _identity_values(case: Case) -> list[tuple[str, str]]:
    rows = Citizen.objects.filter(item__case=case).values_list(*Citizen.PERSONAL_FIELDS)
    return [
        (name, value)
        for row in rows
        for name, value in zip(Citizen.PERSONAL_FIELDS, row, strict=True)
    ]


def redact_draft(case: Case, draft: PublicDraft) -> PublicTexts:
    """The texts as they would leave: the preview and the stored publication are the same."""
    patterns = redaction.patterns_for(
        list(draft.hidden_spans), detect=draft.detect, identity=_identity_values(case)
    )
    parts = [
        redaction.redact((text or "").strip(), patterns)
        for text in (draft.title, draft.question, draft.answer)
    ]
    return PublicTexts(*(part.text for part in parts), hidden=sum(p.hidden for p in parts))


def _check(errors: Errors, case: Case, draft: PublicDraft) -> None:
    if not case.answer.strip() or case.status not in (
        Case.Status.ANSWERED,
        *Case.CLOSED_STATUSES,
    ):
        errors.add("answer", _("Chỉ công khai vụ việc đã có nội dung trả lời."))
    for name, limit in (("title", 300), ("question", 20_000), ("answer", 20_000)):
        value = (getattr(draft, name) or "").strip()
        if not value:
            errors.add(name, _("Không được để trống."))
        elif len(value) > limit:
            errors.add(name, _("Tối đa %(n)s ký tự.") % {"n": limit})
    for message in redaction.check_spans(list(draft.hidden_spans)):
        errors.add("hidden_spans", message)


def _public_keys(changes: dict) -> dict:
    """On the case's timeline the public title is not the case's title."""
    return {f"public_{name}": value for name, value in changes.items()}


@transaction.atomic
def publish_case(*, case: Case, draft: PublicDraft, by) -> Publication:
    """Publish (or publish again, after an edit) the redacted texts of a case."""
    deny_unless(permissions.can_publish_case(by, case))
    errors = Errors()
    _check(errors, case, draft)
    errors.raise_if_any()
    texts = redact_draft(case, draft)
    if len(texts.title) > 300:
        texts = PublicTexts(texts.title[:300], texts.question, texts.answer, texts.hidden)
    publication = Publication.objects.select_for_update().filter(case=case).first()
    created = publication is None
    publication = publication or Publication(case=case)
    before = {} if created else audit.snapshot(publication, Publication.AUDITED_FIELDS)
    publication.title = texts.title
    publication.question = texts.question
    publication.answer = texts.answer
    publication.hidden_spans = list(draft.hidden_spans)
    publication.detect = draft.detect
    publication.published = True
    publication.published_at = timezone.now()
    publication.published_by = by
    publication.save()
    audit.record(
        action=Action.UPDATE,
        obj=case,
        by=by,
        organization=case.department,
        # The redacted texts only: an audit entry never holds what was hidden.
        changes=_public_keys(
            audit.diff(before, audit.snapshot(publication, Publication.AUDITED_FIELDS))
        ),
        message=_("Công khai vụ việc trên cổng thông tin (ẩn %(n)s đoạn)") % {"n": texts.hidden},
    )
    search.index(publication)
    return publication


@transaction.atomic
def unpublish_case(*, case: Case, by) -> Publication:
    deny_unless(permissions.can_publish_case(by, case))
    publication = Publication.objects.select_for_update().filter(case=case).first()
    if publication is None or not publication.published:
        raise ValidationError(_("Vụ việc này chưa được công khai."))
    publication.published = False
    publication.save(update_fields=["published", "updated_at"])
    audit.record(
        action=Action.UPDATE,
        obj=case,
        by=by,
        organization=case.department,
        changes={"public_published": [True, False]},
        message=_("Thôi công khai vụ việc trên cổng thông tin"),
    )
    return publication
