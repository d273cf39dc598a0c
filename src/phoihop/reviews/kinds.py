"""What may be reviewed: each app registers its reviewable model in `AppConfig.ready()`, the way
search kinds are registered (`core.search.register`). The review app asks each registered kind
who may see and manage its reviews, so it never imports the apps above it (ADR 0007)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class ReviewableKind:
    model: type[models.Model]
    label: str  # what the subject is called in a filter: "Văn bản", "Chương trình phối hợp"
    # A filter on Review rows of this kind that `user` may read; None: no restriction.
    visible: Callable[..., Q | None]
    # May `user` create, change and complete this review (`review.subject` is loaded)?
    can_manage: Callable[..., bool]
    # The date the subject starts (a document's issue date, a programme's start): reviews are
    # due after it, and "N years after" counts from it.
    starts_on: Callable[[models.Model], datetime.date]
    # What that date is called in an error message: "ngày ban hành văn bản".
    start_name: str = ""
    # One sơ kết then one tổng kết (a programme's term), so a final review may not come before a
    # preliminary one. A directive lives on: a 15-year sơ kết may follow its 10-year tổng kết.
    final_after_preliminary: bool = False
    # How a review names its subject ("Chỉ thị 38-CT/TW ngày 7-9-2009", a programme's title).
    subject_label: Callable[[models.Model], str] = str
    # The subjects' queryset used when a list of reviews loads them (select what labels need).
    queryset: Callable[[], models.QuerySet] | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)

    def subjects(self) -> models.QuerySet:
        return self.queryset() if self.queryset else self.model._default_manager.all()


_registry: dict[str, ReviewableKind] = {}


def register(kind: ReviewableKind) -> None:
    """Make `kind.model` reviewable; registering again replaces."""
    _registry[kind.key] = kind


def registered() -> list[ReviewableKind]:
    return list(_registry.values())


def kind_of(model_or_obj) -> ReviewableKind:
    try:
        return _registry[model_or_obj._meta.label_lower]
    except KeyError:
        raise LookupError(
            f"{model_or_obj._meta.label} is not a registered reviewable kind"
        ) from None


def by_key(key: str) -> ReviewableKind | None:
    return _registry.get(key)
