"""Reporting regimes (chế độ báo cáo, Nghị định 09/2019/NĐ-CP): who reports what to whom, for
which periods and by when.

A regime's periods come from `core.periods` (its calendar and frequency); its deadline rule
turns a period into a date with the working-day calendar there; its assignments say which
organisations report. Every question about one period is answered at the period's cut-off date
(the end of its data window): the regime, an assignment and an organisation count for a
period when they are in force on that day (docs/adr/0015).
"""

import calendar as month_calendar
import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core import periods
from phoihop.core.choices import choice_label
from phoihop.core.periods import Period, WorkingCalendar
from phoihop.directives.models import Document
from phoihop.org.models import Area, Organization, valid_on
from phoihop.org.selectors import areas_within

from .forms import ReportForm
from .indicators import CODE_MAX_LENGTH, check_validity_dates, code_validator, raise_errors

# The years a fixed-day deadline rule is tried on: a leap year and a common one cover every
# length of February, the only thing that changes a fixed day's place from year to year.
RULE_CHECK_YEARS = (2024, 2025)


class Calendar(models.TextChoices):
    ND09 = periods.ND09, _("Kỳ chốt số liệu theo Nghị định 09/2019/NĐ-CP")
    CALENDAR = periods.CALENDAR, _("Tháng, quý, năm dương lịch")


class Frequency(models.TextChoices):
    MONTH = "month", _("Hằng tháng")
    QUARTER = "quarter", _("Hằng quý")
    HALF = "half", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Hằng năm")


assert tuple(Frequency.values) == periods.KINDS  # one list of period kinds


class RegimeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RegimeQuerySet":
        """A regime is read by whoever reads its receiver in the organisation directory (ADR
        0010): its own province's people and the receiver's scope; a central receiver's
        regimes by everyone signed in. So no list names a receiver its reader may not see."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(receiver__in=Organization.objects.visible_to(user).values("pk"))

    def valid_on(self, date: datetime.date) -> "RegimeQuerySet":
        return self.filter(valid_on(date))

    def expecting(self, organization: Organization, date: datetime.date) -> "RegimeQuerySet":
        """The regimes in force on `date` with an assignment in force that day which names
        `organization` or selects it by kind, level and area (its own area, or the district or
        province above it: read inside the same query)."""
        by_selection = Q(
            organization_kind=organization.kind, organization_level=organization.level
        ) & (Q(area__isnull=True) | _within_area_chain(organization))
        assignments = RegimeAssignment.objects.filter(valid_on(date)).filter(
            Q(organization=organization) | by_selection
        )
        return self.valid_on(date).filter(pk__in=assignments.values("regime_id"))


def _within_area_chain(organization: Organization) -> Q:
    """An assignment's area is the organisation's area or one above it (district, province)."""
    if organization.area_id is None:
        return Q(pk__in=[])
    own = Area.objects.filter(pk=organization.area_id)
    return (
        Q(area_id=organization.area_id)
        | Q(area_id__in=own.values("parent_id"))
        | Q(area_id__in=own.values("parent__parent_id"))
    )


class Regime(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Định kỳ")
        THEMATIC = "thematic", _("Chuyên đề")
        AD_HOC = "ad_hoc", _("Đột xuất")

    class DeadlineRule(models.TextChoices):
        FIXED_DAY = "fixed_day", _("Ngày cố định")
        WORKING_DAYS = "working_days", _("Số ngày làm việc sau ngày chốt số liệu")

    code = models.CharField(
        _("mã chế độ báo cáo"),
        max_length=CODE_MAX_LENGTH,
        unique=True,
        validators=[code_validator],
        help_text=_("Ví dụ: TH.KG.THANG."),
    )
    name = models.CharField(_("tên chế độ báo cáo"), max_length=300)
    kind = models.CharField(
        _("loại báo cáo"), max_length=20, choices=Kind.choices, default=Kind.PERIODIC
    )
    description = models.TextField(
        _("nội dung yêu cầu báo cáo"),
        blank=True,
        help_text=_("Báo cáo những gì, bằng số liệu, phần viết hay cả hai."),
    )
    legal_basis = models.ForeignKey(
        Document,
        verbose_name=_("căn cứ ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_regimes",
        help_text=_("Văn bản trong danh mục văn bản quy định chế độ báo cáo này."),
    )
    calendar = models.CharField(
        _("cách tính kỳ báo cáo"), max_length=10, choices=Calendar.choices, default=Calendar.ND09
    )
    frequency = models.CharField(
        _("tần suất"),
        max_length=20,
        choices=Frequency.choices,
        blank=True,
        help_text=_("Để trống với báo cáo đột xuất."),
    )
    deadline_rule = models.CharField(
        _("quy tắc hạn nộp"), max_length=20, choices=DeadlineRule.choices, blank=True
    )
    deadline_day = models.PositiveSmallIntegerField(
        _("hạn nộp: ngày trong tháng"),
        null=True,
        blank=True,
        help_text=_(
            "Với quy tắc ngày cố định: ngày 1–31 (tháng ngắn hơn thì lấy ngày cuối tháng); nếu "
            "trùng ngày nghỉ, hạn là ngày làm việc tiếp theo."
        ),
    )
    deadline_month_offset = models.PositiveSmallIntegerField(
        _("hạn nộp: tháng"),
        default=0,
        help_text=_(
            "Với quy tắc ngày cố định: 0 là tháng cuối của kỳ báo cáo, 1 là tháng sau đó, …"
        ),
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("hạn nộp: số ngày làm việc"),
        null=True,
        blank=True,
        help_text=_("Với quy tắc số ngày làm việc sau ngày chốt số liệu, ví dụ 3."),
    )
    receiver = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị nhận báo cáo"),
        on_delete=models.PROTECT,
        related_name="received_regimes",
    )
    report_form = models.ForeignKey(
        ReportForm,
        verbose_name=_("biểu mẫu"),
        on_delete=models.PROTECT,
        related_name="regimes",
    )
    entry_opens_days_before_cutoff = models.PositiveSmallIntegerField(
        _("mở nhập số liệu trước ngày chốt (ngày)"),
        default=5,
        help_text=_("Đơn vị bắt đầu nhập báo cáo từ bao nhiêu ngày trước ngày chốt số liệu."),
    )
    lock_days_after_deadline = models.PositiveSmallIntegerField(
        _("khóa nhập sau hạn nộp (ngày)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không tự khóa; đơn vị nhận có thể mở lại kèm lý do."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("nhắc trước hạn (ngày)"), null=True, blank=True, help_text=_("Để trống nếu không nhắc.")
    )
    remind_on_deadline = models.BooleanField(_("nhắc vào ngày hết hạn"), default=True)
    remind_when_overdue = models.BooleanField(_("nhắc khi quá hạn"), default=True)
    escalate_after_days = models.PositiveSmallIntegerField(
        _("báo lãnh đạo sau khi quá hạn (ngày)"),
        null=True,
        blank=True,
        help_text=_(
            "Quá hạn bấy nhiêu ngày thì báo lãnh đạo đơn vị báo cáo; để trống nếu không báo."
        ),
    )
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegimeQuerySet.as_manager()

    # Limits of the numbers above, checked in clean() with the other rules.
    MAX_MONTH_OFFSET = 12
    MAX_WORKING_DAYS = 60
    MAX_DAYS = 366

    AUDITED_FIELDS = (
        "code",
        "name",
        "kind",
        "description",
        "legal_basis",
        "calendar",
        "frequency",
        "deadline_rule",
        "deadline_day",
        "deadline_month_offset",
        "deadline_working_days",
        "receiver",
        "report_form",
        "entry_opens_days_before_cutoff",
        "lock_days_after_deadline",
        "remind_days_before",
        "remind_on_deadline",
        "remind_when_overdue",
        "escalate_after_days",
        "valid_from",
        "valid_to",
        "assignments",
    )

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    def get_calendar_display(self) -> str:
        return choice_label(Calendar, self.calendar)

    def get_frequency_display(self) -> str:
        return choice_label(Frequency, self.frequency) if self.frequency else ""

    def get_deadline_rule_display(self) -> str:
        return choice_label(self.DeadlineRule, self.deadline_rule) if self.deadline_rule else ""

    @property
    def deadline_label(self) -> str:
        """The rule in words: "ngày 17 tháng cuối kỳ", "3 ngày làm việc sau ngày chốt số liệu"."""
        if self.deadline_rule == self.DeadlineRule.WORKING_DAYS:
            return _t("%(days)s ngày làm việc sau ngày chốt số liệu") % {
                "days": self.deadline_working_days
            }
        if self.deadline_rule == self.DeadlineRule.FIXED_DAY:
            values = {"day": self.deadline_day, "months": self.deadline_month_offset}
            if self.deadline_month_offset == 0:
                return _t("ngày %(day)s tháng cuối kỳ") % values
            if self.deadline_month_offset == 1:
                return _t("ngày %(day)s tháng sau kỳ báo cáo") % values
            return _t("ngày %(day)s, %(months)s tháng sau tháng cuối kỳ") % values
        return ""

    # Periods and dates

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )

    def periods_of_year(self, year: int) -> list[Period]:
        """The regime's periods of `year`; none for a regime without a frequency."""
        if not self.frequency:
            return []
        return Period.of_year(year, self.frequency, self.calendar)

    def period(self, code: str) -> Period:
        """The regime's period with this code; ValueError for a code of another frequency."""
        period = Period.from_code(code, self.calendar)
        self._check_period(period)
        return period

    def _check_period(self, period: Period) -> None:
        if period.kind != self.frequency or period.calendar != self.calendar:
            raise ValueError(
                f"{period.calendar}/{period.code} is not a period of regime {self.code}"
            )

    def deadline(self, period: Period, working: WorkingCalendar | None = None) -> datetime.date:
        """The date a report for `period` is due. A fixed day that is not a working day moves
        to the next working day. `working`: a calendar loaded once for many deadlines (one
        query is made otherwise)."""
        self._check_period(period)
        if working is None:
            working = WorkingCalendar.load(period.window_end)
        return self._deadline(period, working)

    def _deadline(self, period: Period, working: WorkingCalendar) -> datetime.date:
        if self.deadline_rule == self.DeadlineRule.WORKING_DAYS:
            return working.add_working_days(period.window_end, self.deadline_working_days)
        return working.add_working_days(self._fixed_day(period), 0)

    def _fixed_day(self, period: Period) -> datetime.date:
        months = period.last_month.month - 1 + self.deadline_month_offset
        year, month = period.last_month.year + months // 12, months % 12 + 1
        last_day = month_calendar.monthrange(year, month)[1]
        return datetime.date(year, month, min(self.deadline_day, last_day))

    def entry_opens_on(self, period: Period) -> datetime.date:
        """The first day a unit may enter its report for `period`."""
        self._check_period(period)
        return period.window_end - datetime.timedelta(days=self.entry_opens_days_before_cutoff)

    def locks_on(
        self, period: Period, working: WorkingCalendar | None = None
    ) -> datetime.date | None:
        """The day entry for `period` locks (calendar days after the deadline), or None."""
        if self.lock_days_after_deadline is None:
            return None
        deadline = self.deadline(period, working)
        return deadline + datetime.timedelta(days=self.lock_days_after_deadline)

    # Who reports

    def expected_reporters(self, period: Period):
        """The organisations expected to report for `period`: those the regime's assignments
        in force on the period's cut-off date name or select, that existed that day (ADR
        0013). An organisation dissolved before the cut-off is not expected; one created
        before it is, even in its first period. Two queries: the assignments (none when
        prefetched as `assignments`) and the organisations."""
        self._check_period(period)
        cutoff = period.window_end
        if not self.is_valid_on(cutoff):
            return Organization.objects.none()
        selected = reporters_q(a for a in self.assignments.all() if a.is_valid_on(cutoff))
        if selected is None:
            return Organization.objects.none()
        return Organization.objects.filter(selected).existing_on(cutoff)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.kind == self.Kind.PERIODIC and not self.frequency:
            errors["frequency"] = [_t("Báo cáo định kỳ cần có tần suất.")]
        if self.kind == self.Kind.AD_HOC and self.frequency:
            errors["frequency"] = [
                _t("Báo cáo đột xuất không theo kỳ: bỏ trống tần suất và quy tắc hạn nộp.")
            ]
        self._check_deadline_rule(errors)
        self._check_limits(errors)
        check_validity_dates(self, errors)
        if not any(errors.values()) and self.frequency:
            self._check_deadline_after_cutoff(errors)
        raise_errors(errors)

    def _check_deadline_rule(self, errors: dict) -> None:
        rule = self.deadline_rule
        if not self.frequency:
            if rule or self.deadline_day is not None or self.deadline_working_days is not None:
                errors.setdefault("deadline_rule", []).append(
                    _t("Báo cáo không theo kỳ thì không có quy tắc hạn nộp theo kỳ.")
                )
            return
        if not rule:
            errors.setdefault("deadline_rule", []).append(
                _t("Chọn quy tắc hạn nộp: ngày cố định, hoặc số ngày làm việc sau ngày chốt.")
            )
        elif rule == self.DeadlineRule.FIXED_DAY:
            if self.deadline_day is None or not 1 <= self.deadline_day <= 31:
                errors.setdefault("deadline_day", []).append(
                    _t("Ngày cố định là một ngày từ 1 đến 31.")
                )
            if self.deadline_working_days is not None:
                errors.setdefault("deadline_working_days", []).append(
                    _t("Quy tắc ngày cố định không dùng số ngày làm việc: bỏ trống ô này.")
                )
        else:
            if self.deadline_working_days is None or self.deadline_working_days < 1:
                errors.setdefault("deadline_working_days", []).append(
                    _t(
                        "Hạn nộp phải sau ngày chốt số liệu ít nhất một ngày làm việc: nhập số "
                        "ngày làm việc từ 1 trở lên."
                    )
                )
            if self.deadline_day is not None or self.deadline_month_offset:
                errors.setdefault("deadline_day", []).append(
                    _t("Quy tắc số ngày làm việc không dùng ngày cố định: bỏ trống ô này.")
                )

    def _check_limits(self, errors: dict) -> None:
        limits = (
            ("deadline_month_offset", self.MAX_MONTH_OFFSET),
            ("deadline_working_days", self.MAX_WORKING_DAYS),
            ("entry_opens_days_before_cutoff", self.MAX_DAYS),
            ("lock_days_after_deadline", self.MAX_DAYS),
            ("remind_days_before", self.MAX_WORKING_DAYS),
            ("escalate_after_days", self.MAX_WORKING_DAYS),
        )
        for name, limit in limits:
            value = getattr(self, name)
            if value is not None and value > limit:
                errors.setdefault(name, []).append(_t("Tối đa %(limit)s.") % {"limit": limit})

    def _check_deadline_after_cutoff(self, errors: dict) -> None:
        """Nghị định 09: at least one working day between the cut-off and the deadline. With
        N ≥ 1 working days it holds by construction. A fixed day must fall after the end of the
        data window in every period (tried on a leap year and a common one, which cover every
        length of February): it then moves, if need be, to the next working day, so a working
        day separates them whatever the calendar says. A fixed day on or before the cut-off
        would leave none in every year where it falls on a working day."""
        if self.deadline_rule != self.DeadlineRule.FIXED_DAY:
            return
        for year in RULE_CHECK_YEARS:
            for period in self.periods_of_year(year):
                fixed = self._fixed_day(period)
                if fixed > period.window_end:
                    continue
                errors.setdefault("deadline_day", []).append(
                    _t(
                        "Hạn nộp phải sau ngày chốt số liệu ít nhất một ngày làm việc: với quy "
                        "tắc này, kỳ %(period)s có ngày chốt %(cutoff)s mà hạn nộp là "
                        "%(deadline)s."
                    )
                    % {
                        "period": period.name,
                        "cutoff": f"{period.window_end:%d/%m/%Y}",
                        "deadline": f"{fixed:%d/%m/%Y}",
                    }
                )
                return


def reporters_q(assignments) -> Q | None:
    """The organisations these assignments select, as one filter (None: none): those named,
    and for each selection by kind and level the ones located in its area or below (anywhere
    without an area)."""
    named: list[int] = []
    condition = Q()
    for assignment in assignments:
        if assignment.organization_id is not None:
            named.append(assignment.organization_id)
            continue
        selected = Q(kind=assignment.organization_kind, level=assignment.organization_level)
        if assignment.area_id is not None:
            selected &= Q(area_id__in=areas_within(assignment.area_id))
        condition |= selected
    if named:
        condition |= Q(pk__in=named)
    return condition or None


class RegimeAssignment(models.Model):
    """Who reports under a regime: one organisation named, or every organisation of a kind and
    level located in an area (or anywhere), for the assignment's validity dates."""

    regime = models.ForeignKey(
        Regime,
        verbose_name=_("chế độ báo cáo"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức cụ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_assignments",
    )
    organization_kind = models.CharField(
        _("hoặc: loại tổ chức"), max_length=30, choices=Organization.Kind.choices, blank=True
    )
    organization_level = models.CharField(
        _("và cấp"), max_length=10, choices=Organization.Level.choices, blank=True
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("trên địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_assignments",
        help_text=_("Các tổ chức đặt tại địa bàn này hoặc địa bàn trực thuộc; trống: cả nước."),
    )
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    AUDIT_SELECT_RELATED = ("organization", "area")

    class Meta:
        verbose_name = _("đơn vị báo cáo")
        verbose_name_plural = _("đơn vị báo cáo")
        ordering = ["regime", "pk"]
        indexes = [models.Index(fields=["organization_kind", "organization_level"])]

    def __str__(self) -> str:
        if self.organization_id:
            who = self.organization.name
        else:
            where = self.area.name if self.area_id else _t("cả nước")
            who = _t("%(kind)s, %(level)s, trên địa bàn %(area)s") % {
                "kind": choice_label(Organization.Kind, self.organization_kind),
                "level": choice_label(Organization.Level, self.organization_level),
                "area": where,
            }
        dates = []
        if self.valid_from:
            dates.append(_t("từ %(date)s") % {"date": f"{self.valid_from:%d/%m/%Y}"})
        if self.valid_to:
            dates.append(_t("đến %(date)s") % {"date": f"{self.valid_to:%d/%m/%Y}"})
        return f"{who} ({', '.join(dates)})" if dates else who

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        selects = bool(self.organization_kind or self.organization_level or self.area_id)
        if self.organization_id and selects:
            errors["organization"] = [
                _t(
                    "Chọn một tổ chức cụ thể, hoặc loại và cấp tổ chức (có thể kèm địa bàn); "
                    "không chọn cả hai."
                )
            ]
        elif not self.organization_id and not (self.organization_kind and self.organization_level):
            errors["organization"] = [
                _t("Chọn một tổ chức cụ thể, hoặc cả loại và cấp của các tổ chức phải báo cáo.")
            ]
        check_validity_dates(self, errors)
        raise_errors(errors)
