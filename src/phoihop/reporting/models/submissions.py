"""Submissions (issue 16, item 4): one report of one organisation under one regime for one
period, with its figures (`Value`, one row per indicator) and its narratives (`Narrative`, one
row per narrative section of the form).

A submission moves draft → submitted → accepted, or submitted → returned (with the receiver's
reason) → submitted again; an accepted submission is locked, and only its receiver reopens it
(back to returned, with a reason). Every change is written by `reporting.services` (the state
moves) with an audit entry; the roll-ups read accepted values only (`reporting.rollups`).

The deadline is stored on the submission when it is created, from the regime's rule: the
timeliness of a report is judged against the deadline it was given, even if the rule changes
later. A report is on time when it was first submitted by the end of its deadline day (a
return for correction does not make an on-time unit late).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label
from phoihop.core.periods import Period
from phoihop.core.uploads import AttachedFile, UploadField
from phoihop.org.models import Organization

from .forms import FormSection
from .indicators import CODE_MAX_LENGTH, VALUE_DECIMAL_PLACES, VALUE_MAX_DIGITS, Indicator
from .regimes import Regime

PERIOD_CODE_MAX_LENGTH = 10  # "2026-03", "2026-Q1", "2026-H1", "2026-9M", "2026"


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SubmissionQuerySet":
        """A reporting unit's people see their unit's submissions (and those of the units below
        it); a receiver's people see the submissions sent to it. Nobody else: the figures of
        a commune are not the directory's business (issue 16, "Proof")."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        scope = Organization.objects.within_scope_of(user).values("pk")
        return self.filter(Q(organization__in=scope) | Q(regime__receiver__in=scope))

    def of_period(self, regime: Regime, period: Period) -> "SubmissionQuerySet":
        return self.filter(regime=regime, period_code=period.code)


class Submission(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    regime = models.ForeignKey(
        Regime,
        verbose_name=_("chế độ báo cáo"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    period_code = models.CharField(_("kỳ báo cáo"), max_length=PERIOD_CODE_MAX_LENGTH)
    # The end of the period's data window (its cut-off), kept for ordering and for "as of"
    # questions without recomputing periods in SQL.
    cutoff = models.DateField(_("ngày chốt số liệu"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="report_submissions",
    )
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=State.choices, default=State.DRAFT
    )
    deadline = models.DateField(_("hạn nộp"))
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("tiếp nhận / trả lại lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận / trả lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(_("lý do trả lại / mở lại"), blank=True)
    # Set when the receiver reopens the submission (an accepted one, or a draft past the
    # regime's lock): entry is then open again whatever the lock date says.
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    AUDITED_FIELDS = ("state", "return_reason")

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-cutoff", "regime", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "period_code", "organization"],
                name="reporting_one_submission_per_period",
                violation_error_message=_("Đơn vị đã có báo cáo của kỳ này theo chế độ này."),
            )
        ]
        indexes = [
            models.Index(fields=["regime", "period_code", "state"]),
            models.Index(fields=["organization", "-cutoff"]),
        ]

    def __str__(self) -> str:
        return f"{self.regime.code} {self.period_code} — {self.organization.name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reporting:report", args=[self.regime_id, self.period_code, self.organization_id]
        )

    def get_state_display(self) -> str:
        return choice_label(self.State, self.state)

    @property
    def period(self) -> Period:
        return Period.from_code(self.period_code, self.regime.calendar)

    @property
    def is_locked(self) -> bool:
        """Accepted data is locked; the receiver reopens it to change it."""
        return self.state == self.State.ACCEPTED

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def is_on_time(self) -> bool | None:
        """Whether the report was first sent by the end of its deadline day; None while it
        has never been sent."""
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= self.deadline

    def is_late_on(self, day: datetime.date) -> bool:
        """Not sent by its deadline, as seen on `day`."""
        if self.first_submitted_at is None:
            return day > self.deadline
        return not self.is_on_time


class Value(models.Model):
    """One figure of a submission: a number (integer, decimal, percentage, yes/no as 1/0) in
    `number`, or the text of a text indicator in `text`. A rate is not stored: it is computed
    from its numerator and denominator."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="values"
    )
    number = models.DecimalField(
        _("giá trị số"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    text = models.TextField(_("giá trị văn bản"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="reporting_one_value_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.text or self.number}"


class Narrative(models.Model):
    """The text of one narrative section of a submission's form."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("báo cáo"),
        on_delete=models.CASCADE,
        related_name="narratives",
    )
    section = models.ForeignKey(
        FormSection, verbose_name=_("phần viết"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("nội dung"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phần viết của báo cáo")
        verbose_name_plural = _("phần viết của báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "section"], name="reporting_one_narrative_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.section.code}"


class ValueComment(models.Model):
    """A remark on one field of a submission (a figure or a narrative), by the unit or its
    receiver: "why did this fall?", "the district's figure includes the market town"."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="comments"
    )
    key = models.CharField(_("chỉ tiêu / phần viết"), max_length=CODE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến về số liệu")
        verbose_name_plural = _("ý kiến về số liệu")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["submission", "key"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.body[:60]}"


class SubmissionAttachment(AttachedFile):
    """A file sent with a report (a signed scan, a table of detail)."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("báo cáo"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = UploadField(
        _("tệp"),
        upload_to="reporting/%Y/%m/",
        max_length=300,
        purpose="report_attachment",
        name_field="name",
    )

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["-created_at", "-id"]
