"""Demo reports and targets (issue 16, item 10): two and a half years of reports under the demo
regimes, accepted, late, returned and missing, with plausible Vietnamese narratives and
figures that pass the forms' own rules; and targets for 2021–2025 and 2026–2030.

- Thanh Hóa: the science-education bloc's monthly, quarterly, six-monthly and annual reports
  since January 2024, including the two departments merged away on 1-3-2025 (their last
  periods are theirs, under their names of the time); the communes' monthly reports since the
  two-level local government of 1-7-2025.
- Phú Thọ: before the merger of 1-7-2025, each of the three old provinces' propaganda
  departments (Ban Tuyên giáo to 31-1-2025, then Ban Tuyên giáo và Dân vận) reported quarterly
  to its own Tỉnh ủy; since then the new province's department reports to the new Tỉnh ủy,
  and its communes monthly to the department.

The history is written in bulk, as a migration from the e-mail and spreadsheet era would load
it, and dated as it happened: the submission services stamp the present moment and refuse a
period once its entry has locked, so they cannot write 2024's reports. Every history row is
checked with the forms' own checker (`checks.check_values`) before it is written, and each
accepted report goes through `rollups.submission_accepted`, as the accept service would send
it. The reports of periods open for entry today are started through the services (drafts a
unit is filling). Targets are set through `services.set_target`.

Deterministic (a seeded random per report) and idempotent: nothing is written again once the
demo regimes have reports.
"""

import datetime
import random
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from phoihop.core.periods import Period, WorkingCalendar
from phoihop.org.models import Membership, Organization, User

from . import checks, rollups, services, submissions
from .models import FormSection, Indicator, Narrative, Regime, ReportForm, Submission, Value
from .services import Assignment, Section

D = datetime.date
State = Submission.State
HISTORY_FROM = D(2024, 1, 1)
MERGER = D(2025, 7, 1)
NARRATIVE = FormSection.Kind.NARRATIVE

# Phú Thọ before 1-7-2025: (old province code, identifier suffix, regime code).
OLD_PROVINCES = (
    ("26", "", "VP.TGDV.QUY"),
    ("17", "", "HB.TGDV.QUY"),
    ("25", ".CU", "PTC.TGDV.QUY"),
)
PARTY_MERGER = D(2025, 2, 1)  # Ban Tuyên giáo + Ban Dân vận


# Narratives ----------------------------------------------------------------------------------

SITUATION = (
    "Tình hình tư tưởng của cán bộ, đảng viên và Nhân dân {where} ổn định; mọi người tin tưởng "
    "vào sự lãnh đạo của Đảng, đồng tình với chủ trương sắp xếp tổ chức bộ máy.",
    "Dư luận quan tâm đến giá cả một số mặt hàng thiết yếu, việc làm của lao động trở về từ "
    "các khu công nghiệp và chính sách đối với cán bộ dôi dư sau sắp xếp.",
    "Một số ý kiến băn khoăn về tiến độ giải phóng mặt bằng các dự án giao thông và thủ tục "
    "hành chính tại trung tâm phục vụ hành chính công.",
    "Nhân dân phấn khởi trước kết quả xây dựng nông thôn mới, đô thị văn minh; hưởng ứng phong "
    "trào «Toàn dân đoàn kết xây dựng đời sống văn hóa».",
    "Trên mạng xã hội xuất hiện một số thông tin sai lệch về sáp nhập đơn vị hành chính; đã "
    "kịp thời cung cấp thông tin chính thống, định hướng dư luận.",
    "Mùa mưa bão, Nhân dân lo lắng về sạt lở, ngập úng ở vùng thấp trũng; công tác phòng, "
    "chống thiên tai được triển khai chủ động, tạo sự yên tâm.",
)
RESULTS = (
    "Trong {period}, đã tổ chức quán triệt các nghị quyết, chỉ thị của Trung ương và của Tỉnh "
    "ủy đến cán bộ, đảng viên; nội dung tuyên truyền bám sát nhiệm vụ chính trị của địa "
    "phương.",
    "Phối hợp với các cơ quan báo chí đăng tải tin, bài về các hoạt động kỷ niệm ngày lễ lớn, "
    "gương người tốt, việc tốt và mô hình «Dân vận khéo».",
    "Triển khai tuyên truyền chuyển đổi số, thanh toán không dùng tiền mặt và dịch vụ công "
    "trực tuyến; nhiều hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến.",
    "Duy trì đội ngũ báo cáo viên, tuyên truyền viên; cung cấp thông tin định hướng kịp thời "
    "qua hệ thống truyền thanh cơ sở và nhóm Zalo của các thôn, tổ dân phố.",
)
DIFFICULTIES = (
    "Kinh phí cho hoạt động tuyên truyền ở cơ sở còn hạn chế; hệ thống truyền thanh một số "
    "thôn xuống cấp.",
    "Sau sắp xếp, địa bàn rộng, cán bộ làm công tác tuyên giáo kiêm nhiệm nhiều việc nên việc "
    "nắm bắt dư luận có lúc chưa kịp thời.",
    "Việc tổng hợp số liệu từ các thôn, tổ dân phố còn chậm, chủ yếu thủ công.",
)
PROPOSALS = (
    "Đề nghị cấp trên tiếp tục cung cấp tài liệu tuyên truyền, đề cương và thông tin định "
    "hướng kịp thời, nhất là về các vấn đề dư luận quan tâm.",
    "Đề nghị bố trí kinh phí nâng cấp hệ thống truyền thanh cơ sở và tập huấn kỹ năng tuyên "
    "truyền trên mạng xã hội cho cán bộ.",
    "Kiến nghị sớm ban hành hướng dẫn về chế độ, chính sách đối với người hoạt động không "
    "chuyên trách ở thôn, tổ dân phố.",
)
HOT_ISSUES = (
    "Phản ánh của Nhân dân về ô nhiễm môi trường tại cụm công nghiệp đã được chuyển cơ quan "
    "chức năng kiểm tra, xử lý và thông tin công khai kết quả.",
    "Thông tin sai lệch về thu phí dịch vụ trong trường học được định hướng, cải chính trên "
    "cổng thông tin điện tử của ngành.",
)
REVIEW = (
    "Các nhiệm vụ của chương trình, kế hoạch phối hợp năm được triển khai đúng tiến độ; "
    "công tác phối hợp giữa Ban với các sở, ngành ngày càng chặt chẽ, nền nếp.",
    "Hoàn thành phần lớn chỉ tiêu đề ra; một số nhiệm vụ chuyển sang kỳ sau do điều chỉnh tổ "
    "chức bộ máy theo Nghị quyết 18-NQ/TW.",
)
SHORTCOMINGS = (
    "Việc cung cấp thông tin cho báo chí có lúc chưa kịp thời; chế độ báo cáo của một số đơn vị "
    "còn chậm so với quy định.",
    "Nội dung tuyên truyền trên mạng xã hội chưa phong phú, sức lan tỏa chưa cao.",
)
NEXT_TASKS = (
    "Tiếp tục tuyên truyền các văn kiện đại hội Đảng các cấp; đẩy mạnh tuyên truyền chuyển đổi "
    "số và cải cách hành chính; nâng cao chất lượng nắm bắt, định hướng dư luận xã hội.",
)
RETURN_REASONS = (
    "Số vấn đề đã xử lý chưa khớp với phần thuyết minh; đề nghị rà soát, bổ sung.",
    "Phần tình hình tư tưởng còn chung chung; đề nghị nêu cụ thể vấn đề dư luận quan tâm.",
    "Thiếu số liệu số lượt người tham dự; đề nghị bổ sung và gửi lại.",
)
MODELS = (
    "Mô hình «Thôn, tổ dân phố tự quản về an ninh trật tự»",
    "Mô hình «Chi hội phụ nữ không có người thân vi phạm pháp luật»",
    "Mô hình «Loa thôn thông minh»",
    "",
)


def _texts(rng: random.Random, code: str, context: dict) -> str:
    pools = {
        "TUTUONG": SITUATION,
        "KETQUA": RESULTS,
        "KHOKHAN": DIFFICULTIES,
        "DEXUAT": PROPOSALS,
        "VANDE": HOT_ISSUES,
        "DANHGIA": REVIEW,
        "HANCHE": SHORTCOMINGS,
        "PHUONGHUONG": NEXT_TASKS,
    }
    pool = pools.get(code, RESULTS)
    count = min(len(pool), 2 if code in ("TUTUONG", "KETQUA") else 1)
    return " ".join(sentence.format(**context) for sentence in rng.sample(pool, count))


# Figures -------------------------------------------------------------------------------------


def _figures(rng: random.Random, spec: checks.FormSpec, scale: int) -> dict:
    """Values of every figure of the form, as a unit of that size would report them, within
    the form's rules (a part never above its whole)."""
    values: dict = {}
    for field in spec.fields:
        indicator = field.indicator
        if indicator is None or indicator.is_rate:
            continue
        values[field.key] = _figure(rng, field.key, scale)
    for part, whole in (
        ("KG.VANDE.DAXULY", "KG.VANDE"),
        ("DLXH.DAGIAIQUYET", "DLXH.KIENNGHI"),
        ("HN.SOHO", "DC.TONGSOHO"),
    ):
        if part in values and whole in values:
            values[part] = min(values[part], values[whole])
    return {key: value for key, value in values.items() if value != ""}


def _figure(rng: random.Random, code: str, scale: int):
    ranges = {
        "KG.TINBAI": (8, 30),
        "KG.HOINGHI": (1, 5),
        "KG.LUOTNGUOI": (150, 900),
        "KG.TAILIEU": (0, 4),
        "KG.VANDE": (1, 6),
        "KG.VANDE.DAXULY": (1, 6),
        "TG.BUOI": (3, 12),
        "TG.LUOTNGUOI": (200, 1500),
        "VH.HOATDONG": (2, 12),
        "DLXH.KIENNGHI": (4, 30),
        "DLXH.DAGIAIQUYET": (3, 30),
        "HN.SOHO": (40, 150),
        "DC.TONGSOHO": (4000, 7000),
    }
    if code == "ATTP.DAT":
        return "có" if rng.random() < 0.8 else "không"
    if code == "MH.TIEUBIEU":
        return rng.choice(MODELS)
    low, high = ranges.get(code, (1, 10))
    if code in ("HN.SOHO", "DC.TONGSOHO"):
        return rng.randint(low, high)  # stock figures: not scaled by the period's length
    return rng.randint(low * scale, high * scale)


# Outcomes ------------------------------------------------------------------------------------


def _fate(rng: random.Random, deadline: datetime.date, today: datetime.date, latest: bool) -> str:
    """What became of one report: accepted (on time or late), returned, awaiting the
    receiver's decision (in the latest period), or missing."""
    recent = (today - deadline).days < 45
    roll = rng.random()
    if latest and roll > 0.7:
        return "awaiting"
    if roll < 0.07:
        return "missing"
    if roll < 0.10:
        return "draft"
    if recent and roll < 0.16:
        return "returned"
    if roll < 0.24:
        return "late"
    return "on_time"


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    naive = datetime.datetime.combine(day, datetime.time(rng.randint(7, 16), rng.randint(0, 59)))
    return timezone.make_aware(naive)


class _History:
    """Builds the rows of one regime's past periods, then writes them in bulk."""

    def __init__(self, today, working, people):
        self.today, self.working, self.people = today, working, people
        self.rows: list[tuple[Submission, dict, dict]] = []

    def regime(self, regime: Regime, receiver_person: User) -> None:
        spec = regime.report_form.spec()
        periods = _past_periods(regime, self.today)
        for period in periods:
            deadline = regime.deadline(period, self.working)
            # The receiver is still deciding on the latest period's reports, if recent.
            latest = period == periods[-1] and (self.today - deadline).days < 60
            for organization in regime.expected_reporters(period).select_related("area"):
                rng = random.Random(f"{regime.code}:{period.code}:{organization.identifier}")
                fate = _fate(rng, deadline, self.today, latest)
                self._report(
                    regime, spec, period, deadline, organization, receiver_person, rng, fate
                )

    def _report(self, regime, spec, period, deadline, organization, receiver_person, rng, fate):
        if fate == "missing":
            return
        scale = {"month": 1, "quarter": 3, "half": 6, "year": 12}.get(period.kind, 1)
        values = _figures(rng, spec, scale)
        context = {"period": period.title.lower(), "where": _where(organization)}
        texts = {
            field.key: _texts(rng, field.key, context)
            for field in spec.fields
            if field.is_narrative and (field.required or rng.random() < 0.6)
        }
        problems = checks.check_values(spec, values | texts, complete=fate != "draft")
        if problems:
            raise ValueError(f"Demo report of {organization} for {period.code}: {problems}")
        submission = Submission(
            regime=regime,
            period_code=period.code,
            cutoff=period.window_end,
            organization=organization,
            state=State.DRAFT,
            deadline=deadline,
        )
        self._date(submission, fate, rng, organization, receiver_person)
        self.rows.append((submission, values, texts))

    def _date(self, submission, fate, rng, organization, receiver_person) -> None:
        if fate == "draft":
            return
        deadline = submission.deadline
        if fate == "late":
            sent = deadline + datetime.timedelta(days=rng.randint(1, 9))
        else:
            sent = deadline - datetime.timedelta(days=rng.randint(0, 3))
        sent = min(sent, self.today - datetime.timedelta(days=1))
        submission.first_submitted_at = submission.submitted_at = _moment(sent, rng)
        submission.submitted_by = self.people.get(organization.pk)
        submission.state = State.SUBMITTED
        decided = sent + datetime.timedelta(days=rng.randint(1, 4))
        if fate == "awaiting" or decided >= self.today:
            submission.decided_at = None
            return
        submission.decided_at, submission.decided_by = _moment(decided, rng), receiver_person
        if fate == "returned":
            submission.state = State.RETURNED
            submission.return_reason = rng.choice(RETURN_REASONS)
        else:
            submission.state = State.ACCEPTED

    def write(self) -> int:
        if not self.rows:
            return 0
        created = Submission.objects.bulk_create([row[0] for row in self.rows])
        codes = {
            field_key for _s, values, texts in self.rows for field_key in list(values) + list(texts)
        }
        indicators = dict(Indicator.objects.filter(code__in=codes).values_list("code", "pk"))
        sections = {}
        for submission in created:
            form_id = submission.regime.report_form_id
            if form_id not in sections:
                sections[form_id] = dict(
                    FormSection.objects.filter(report_form_id=form_id, kind=NARRATIVE).values_list(
                        "code", "pk"
                    )
                )
        value_rows, narrative_rows = [], []
        for submission, (_s, values, texts) in zip(created, self.rows, strict=True):
            for code, value in values.items():
                value_rows.append(_value_row(submission, indicators[code], value))
            for code, text in texts.items():
                section = sections[submission.regime.report_form_id][code]
                narrative_rows.append(
                    Narrative(submission=submission, section_id=section, text=text)
                )
        Value.objects.bulk_create(value_rows, batch_size=2000)
        Narrative.objects.bulk_create(narrative_rows, batch_size=2000)
        for submission in created:
            if submission.state == State.ACCEPTED:
                rollups.submission_accepted(submission)
        return len(created)


def _value_row(submission, indicator_id, value) -> Value:
    if isinstance(value, str) and value in ("có", "không"):
        return Value(submission=submission, indicator_id=indicator_id, number=int(value == "có"))
    if isinstance(value, str):
        return Value(submission=submission, indicator_id=indicator_id, text=value)
    return Value(submission=submission, indicator_id=indicator_id, number=Decimal(value))


def _where(organization: Organization) -> str:
    if organization.level == Organization.Level.COMMUNE and organization.area_id:
        return f"trên địa bàn {organization.area.type} {organization.area.short_name}"
    return "trong ngành, lĩnh vực"


def _past_periods(regime: Regime, today: datetime.date) -> list[Period]:
    """The regime's periods from the demo's start whose deadline has passed."""
    start = max(regime.valid_from or HISTORY_FROM, HISTORY_FROM)
    periods = []
    for year in range(start.year, today.year + 1):
        for period in regime.periods_of_year(year):
            if period.window_end < start or period.window_end >= today:
                continue
            if regime.valid_to and period.window_end > regime.valid_to:
                continue
            periods.append(period)
    return periods


# Phú Thọ before the merger --------------------------------------------------------------------


def _quarterly_form(admin, indicators: dict[str, Indicator]) -> ReportForm:
    found = ReportForm.objects.filter(code="TGDV.QUY").first()
    if found:
        return found
    return services.create_form(
        by=admin,
        code="TGDV.QUY",
        name="Báo cáo quý công tác tuyên giáo, dân vận",
        description="Ban Tuyên giáo (từ 01/02/2025: Ban Tuyên giáo và Dân vận) báo cáo Ban "
        "Thường vụ Tỉnh ủy kết quả công tác trong quý.",
        sections=[
            Section("Tình hình tư tưởng, dư luận xã hội", NARRATIVE, code="TUTUONG", required=True),
            Section("Kết quả thực hiện", NARRATIVE, code="KETQUA", required=True),
            Section(
                "Số liệu",
                items=[
                    indicators["TG.BUOI"],
                    indicators["TG.LUOTNGUOI"],
                    indicators["DLXH.KIENNGHI"],
                    indicators["DLXH.DAGIAIQUYET"],
                ],
            ),
            Section("Khó khăn, vướng mắc", NARRATIVE, code="KHOKHAN", required=False),
            Section("Đề xuất, kiến nghị", NARRATIVE, code="DEXUAT", required=False),
        ],
        rules=[services.Rule(indicators["DLXH.DAGIAIQUYET"], "le", indicators["DLXH.KIENNGHI"])],
    )


def _party_regimes(admin, orgs: dict[str, Organization], indicators) -> list[Regime]:
    """The quarterly report of each old province's propaganda department to its Tỉnh ủy, and
    of the new Phú Thọ's since 1-7-2025."""
    report_form = _quarterly_form(admin, indicators)
    common = {
        "kind": Regime.Kind.PERIODIC,
        "frequency": "quarter",
        "deadline_rule": Regime.DeadlineRule.FIXED_DAY,
        "deadline_day": 18,
        "report_form": report_form,
        "remind_days_before": 3,
        "escalate_after_days": 5,
    }
    wanted = []
    for code, suffix, regime_code in OLD_PROVINCES:
        party = orgs[f"{code}.TU{suffix}"]
        wanted.append(
            {
                **common,
                "code": regime_code,
                "name": f"Báo cáo quý công tác tuyên giáo, dân vận ({party.name})",
                "receiver": party,
                "valid_from": HISTORY_FROM,
                "valid_to": MERGER - datetime.timedelta(days=1),
                "assignments": [
                    Assignment(
                        organization=orgs[f"{code}.BTGTU{suffix}"],
                        valid_to=PARTY_MERGER - datetime.timedelta(days=1),
                    ),
                    Assignment(
                        organization=orgs[f"{code}.BTGDVTU{suffix}"], valid_from=PARTY_MERGER
                    ),
                ],
            }
        )
    wanted.append(
        {
            **common,
            "code": "PT.TGDV.QUY",
            "name": "Báo cáo quý công tác tuyên giáo, dân vận (Tỉnh ủy Phú Thọ)",
            "receiver": orgs["25.TU"],
            "valid_from": MERGER,
            "assignments": [Assignment(organization=orgs["25.BTGDVTU"], valid_from=MERGER)],
        }
    )
    existing = {r.code: r for r in Regime.objects.filter(code__in=[w["code"] for w in wanted])}
    regimes = []
    for spec in wanted:
        regime = existing.get(spec["code"]) or services.create_regime(by=admin, **spec)
        regimes.append(regime)
    return regimes


# Targets -------------------------------------------------------------------------------------


def _targets(admin, orgs, indicators, communes: dict[str, list[Organization]]) -> int:
    """Targets the Thanh Hóa and Phú Thọ departments gave: the bloc's articles and events per
    year and per term, the communes' sessions for 2026 and their poor-household rate and food
    safety for 2026–2030, the provinces' rate as area targets."""
    count = 0
    thanh_hoa, phu_tho = orgs["38.BTGDVTU"], orgs["25.BTGDVTU"]

    def give(owner, code, value, years, organization=None, area=None, note=""):
        nonlocal count
        services.set_target(
            by=admin,
            owner=owner,
            indicator=indicators[code],
            organization=organization,
            area=area,
            start_year=years[0],
            end_year=years[1],
            value=Decimal(str(value)),
            note=note,
        )
        count += 1

    rng = random.Random("targets")
    for identifier in ("38.SGDDT", "38.SYT", "38.SKHCN", "38.SVHTTDL", "38.SNV", "38.BHXH"):
        department = orgs[identifier]
        for year, base in ((2024, 200), (2025, 220), (2026, 240)):
            give(thanh_hoa, "KG.TINBAI", base + rng.randint(-20, 40), (year, year), department)
        give(thanh_hoa, "KG.HOINGHI", 30, (2021, 2025), department, note="Mỗi năm")
        give(thanh_hoa, "KG.HOINGHI", 36, (2026, 2030), department, note="Mỗi năm")
    for identifier in ("38.STTTT", "38.SLDTBXH"):
        give(thanh_hoa, "KG.TINBAI", 210, (2024, 2024), orgs[identifier])
    for owner, boards in ((thanh_hoa, communes["38"]), (phu_tho, communes["25"])):
        for board in boards:
            give(owner, "TG.BUOI", 80 + rng.randint(0, 40), (2026, 2026), board)
            give(owner, "HN.TYLE", rng.choice(("1.5", "2", "2.5", "3")), (2026, 2030), board)
            give(owner, "ATTP.DAT", 1, (2026, 2030), board)
    give(thanh_hoa, "HN.TYLE", "4.5", (2021, 2025), area=thanh_hoa.area)
    give(thanh_hoa, "HN.TYLE", "2", (2026, 2030), area=thanh_hoa.area)
    give(phu_tho, "HN.TYLE", "2.5", (2026, 2030), area=phu_tho.area)
    return count


# Live drafts ---------------------------------------------------------------------------------


def _drafts(regimes: list[Regime], today, people) -> int:
    """Reports of periods open for entry today, started by their units through the services
    (a draft being filled, with part of its figures)."""
    started = 0
    for regime in regimes:
        period = Period.containing(today, regime.frequency, regime.calendar)
        if period is None or not regime.entry_opens_on(period) <= today <= period.window_end:
            continue
        spec = regime.report_form.spec()
        for organization in list(regime.expected_reporters(period))[:3]:
            person = people.get(organization.pk)
            if person is None:
                continue
            rng = random.Random(f"draft:{regime.code}:{period.code}:{organization.identifier}")
            draft = submissions.start_submission(regime, period, organization, person)
            figures = _figures(rng, spec, 1)
            partial = dict(list(figures.items())[: max(1, len(figures) // 2)])
            submissions.save_values(draft, partial, person)
            started += 1
    return started


# Entry point ---------------------------------------------------------------------------------


def _fillers(organization_ids) -> dict[int, User]:
    """One person who fills each organisation's reports, where the demo has one: a member of
    the organisation, else of the one above it (a commune's Party committee for its board)."""
    parents = dict(
        Organization.objects.filter(pk__in=organization_ids).values_list("pk", "parent_id")
    )
    members: dict[int, User] = {}
    memberships = Membership.objects.filter(
        organization_id__in=set(parents) | set(parents.values()), user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("organization_id", "role", "user_id"):
        members.setdefault(membership.organization_id, membership.user)
    found = {}
    for pk, parent_id in parents.items():
        person = members.get(pk) or members.get(parent_id)
        if person is not None:
            found[pk] = person
    return found


def seed(admin: User, indicators: dict[str, Indicator], stdout: TextIO | None = None) -> str:
    identifiers = [
        "38.BTGDVTU",
        "25.BTGDVTU",
        "25.TU",
        *(
            f"{code}.{kind}{suffix}"
            for code, suffix, _r in OLD_PROVINCES
            for kind in ("TU", "BTGTU", "BTGDVTU")
        ),
        "38.SGDDT",
        "38.SYT",
        "38.SKHCN",
        "38.SVHTTDL",
        "38.SNV",
        "38.BHXH",
        "38.STTTT",
        "38.SLDTBXH",
    ]
    orgs = {
        o.identifier: o
        for o in Organization.objects.filter(identifier__in=identifiers).select_related("area")
    }
    if set(identifiers) - set(orgs):
        return "Bỏ qua báo cáo mẫu: thiếu tổ chức trình diễn."
    party_regimes = _party_regimes(admin, orgs, indicators)
    demo_codes = ["TH.KG.THANG", "TH.KG.QUY", "TH.KG.6THANG", "TH.KG.NAM", "TH.XA.THANG"]
    demo_codes += ["PT.XA.THANG"]
    regimes = (
        list(
            Regime.objects.filter(code__in=demo_codes)
            .select_related("receiver", "report_form")
            .prefetch_related("assignments")
        )
        + party_regimes
    )
    communes = {
        code: list(
            Organization.objects.filter(
                kind=Organization.Kind.PARTY_BOARD,
                level=Organization.Level.COMMUNE,
                identifier__startswith=f"{code}.",
                archived_at__isnull=True,
            ).order_by("name")
        )
        for code in ("38", "25")
    }
    if Submission.objects.filter(regime__in=regimes).exists():
        return "Báo cáo mẫu đã có."
    today = timezone.localdate()
    working = WorkingCalendar.load(HISTORY_FROM - datetime.timedelta(days=31))
    reporters = {o.pk for boards in communes.values() for o in boards} | {
        o.pk for o in orgs.values()
    }
    people = _fillers(reporters)
    receivers = _fillers({regime.receiver_id for regime in regimes})
    history = _History(today, working, people)
    for regime in regimes:
        history.regime(regime, receivers.get(regime.receiver_id, admin))
    written = history.write()
    drafts = _drafts(regimes, today, people)
    targets = _targets(admin, orgs, indicators, communes)
    return (
        f"Báo cáo mẫu: {written} báo cáo các kỳ đã qua, {drafts} báo cáo đang soạn; "
        f"{targets} chỉ tiêu kế hoạch."
    )
