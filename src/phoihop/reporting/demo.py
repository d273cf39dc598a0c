"""Demo data: the indicators, report forms and reporting regimes of the Thanh Hóa and Phú Thọ
demo; the reports sent under them since 2024 and the targets are `demo_reports`'.

- The science-education departments report to the Thanh Hóa Ban Tuyên giáo và Dân vận on
  their coordination under Quy định 238-QĐ/TW: monthly (by the 17th, after the cut-off on the
  14th), quarterly (by the 18th of the quarter's last month), for the six-monthly bloc
  briefing (giao ban khối khoa giáo, by 20 June and 20 December) and for the annual review (5
  working days after the cut-off of 14 December). The bloc is named unit by unit, including
  the two departments merged away on 1-3-2025 (their last periods still expect them).
- Since 1-7-2025 every commune's Ban Xây dựng Đảng sends a monthly report to its province's
  department, 2 working days after the cut-off: chosen by kind and level within the province,
  so a commune created later is expected from its first period.

Written through the services by the demo's system administrator; idempotent (indicators,
forms and regimes are found again by code and not created twice).
"""

import datetime
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction

from phoihop.directives.models import Document
from phoihop.org.models import Area, Field, Organization, User

from . import demo_reports, services, structure
from .models import FormSection, Indicator, Regime, ReportForm
from .services import Assignment, Item, Rule, Section

D = datetime.date
VT = Indicator.ValueType
AG = Indicator.Aggregation
DIR = Indicator.Direction
NARRATIVE = FormSection.Kind.NARRATIVE

THANH_HOA_DEPARTMENT = "38.BTGDVTU"
PHU_THO_DEPARTMENT = "25.BTGDVTU"
# The science-education bloc (as in the plans demo), and the two departments that joined it
# until the March 2025 mergers (their work went to SKHCN and SNV).
BLOC = ("38.SGDDT", "38.SYT", "38.SKHCN", "38.SVHTTDL", "38.SNV", "38.BHXH")
FORMER_BLOC = ("38.STTTT", "38.SLDTBXH")
REGIMES_FROM = D(2024, 1, 1)
COMMUNE_REPORTS_FROM = D(2025, 7, 1)  # the two-level local government
COORDINATION_RULE = ("238-QĐ/TW", D(2020, 9, 30))


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    unit: str
    value_type: str = VT.INTEGER
    aggregation: str = AG.SUM
    direction: str = DIR.HIGHER
    field: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    condition: tuple[str, int] | None = None
    description: str = ""


INDICATORS = (
    # Coordination with the science-education departments.
    IndicatorSpec(
        "KG.TINBAI",
        "Số tin, bài, phóng sự tuyên truyền về lĩnh vực được đăng tải, phát sóng",
        "tin, bài",
        field="bao-chi-xuat-ban",
        description="Trên báo, đài phát thanh, truyền hình, cổng thông tin điện tử và mạng xã "
        "hội chính thức của cơ quan, đơn vị.",
    ),
    IndicatorSpec(
        "KG.HOINGHI",
        "Số hội nghị, lớp tập huấn, buổi nói chuyện chuyên đề đã phối hợp tổ chức",
        "cuộc",
    ),
    IndicatorSpec(
        "KG.LUOTNGUOI",
        "Số lượt cán bộ, đảng viên và Nhân dân tham dự hội nghị, tập huấn",
        "lượt người",
    ),
    IndicatorSpec(
        "KG.TAILIEU",
        "Số đề cương, tài liệu tuyên truyền đã biên soạn, phát hành",
        "tài liệu",
    ),
    IndicatorSpec(
        "KG.VANDE",
        "Số vấn đề nổi cộm, Nhân dân quan tâm được phát hiện, phản ánh",
        "vấn đề",
        direction=DIR.NONE,
    ),
    IndicatorSpec(
        "KG.VANDE.DAXULY",
        "Số vấn đề nổi cộm đã được xử lý, định hướng thông tin",
        "vấn đề",
    ),
    IndicatorSpec(
        "KG.VANDE.TYLE",
        "Tỷ lệ vấn đề nổi cộm đã được xử lý, định hướng thông tin",
        "%",
        value_type=VT.PERCENTAGE,
        aggregation=AG.RATE,
        numerator="KG.VANDE.DAXULY",
        denominator="KG.VANDE",
    ),
    # The communes' monthly report.
    IndicatorSpec(
        "TG.BUOI",
        "Số buổi tuyên truyền, phổ biến, quán triệt đã tổ chức",
        "buổi",
        description="Hội nghị quán triệt, buổi sinh hoạt chuyên đề, tuyên truyền miệng ở thôn, "
        "tổ dân phố do cấp xã tổ chức trong kỳ.",
    ),
    IndicatorSpec("TG.LUOTNGUOI", "Số lượt người tham dự", "lượt người"),
    IndicatorSpec(
        "ATTP.DAT",
        "Xã, phường đạt tiêu chí an toàn thực phẩm",
        "xã",
        value_type=VT.YES_NO,
        aggregation=AG.COUNT,
        field="y-te",
        condition=("eq", 1),
        description="Mỗi đơn vị cấp xã trả lời Có/Không theo kết quả đánh giá tiêu chí an toàn "
        "thực phẩm; khi tổng hợp lên tỉnh, đếm số xã đạt (ví dụ 34/34 xã đạt chuẩn).",
    ),
    IndicatorSpec(
        "HN.SOHO",
        "Số hộ nghèo",
        "hộ",
        direction=DIR.LOWER,
        field="lao-dong-xa-hoi",
        description="Theo kết quả rà soát hộ nghèo, hộ cận nghèo gần nhất của địa phương.",
    ),
    IndicatorSpec(
        "DC.TONGSOHO",
        "Tổng số hộ dân cư",
        "hộ",
        direction=DIR.NONE,
        field="lao-dong-xa-hoi",
    ),
    IndicatorSpec(
        "HN.TYLE",
        "Tỷ lệ hộ nghèo",
        "%",
        value_type=VT.PERCENTAGE,
        aggregation=AG.RATE,
        direction=DIR.LOWER,
        field="lao-dong-xa-hoi",
        numerator="HN.SOHO",
        denominator="DC.TONGSOHO",
        description="Số hộ nghèo chia tổng số hộ dân cư; cấp trên tính bằng tổng số hộ nghèo "
        "chia tổng số hộ, không lấy trung bình tỷ lệ của các xã.",
    ),
    IndicatorSpec(
        "VH.HOATDONG",
        "Số hoạt động văn hóa, văn nghệ, thể dục thể thao ở cơ sở",
        "hoạt động",
        field="van-hoa-the-thao-du-lich",
    ),
    IndicatorSpec(
        "DLXH.KIENNGHI",
        "Số ý kiến, kiến nghị của Nhân dân được tiếp nhận",
        "ý kiến",
        direction=DIR.NONE,
        field="dan-van",
    ),
    IndicatorSpec(
        "DLXH.DAGIAIQUYET",
        "Số ý kiến, kiến nghị đã được giải quyết, trả lời",
        "ý kiến",
        field="dan-van",
    ),
    IndicatorSpec(
        "MH.TIEUBIEU",
        "Mô hình hay, cách làm hiệu quả tiêu biểu trong kỳ",
        "",
        value_type=VT.TEXT,
        aggregation=AG.NONE,
        direction=DIR.NONE,
        field="dan-van",
    ),
)

# Narrative sections: (code, title, guidance).
SITUATION = (
    "TUTUONG",
    "Tình hình tư tưởng, dư luận xã hội",
    "Tâm trạng, suy nghĩ của cán bộ, đảng viên và Nhân dân; những vấn đề dư luận quan tâm, "
    "thông tin sai trái cần định hướng.",
)
RESULTS = ("KETQUA", "Kết quả thực hiện", "Kết quả nổi bật trong kỳ theo kế hoạch đã đề ra.")
DIFFICULTIES = ("KHOKHAN", "Khó khăn, vướng mắc", "")
PROPOSALS = ("DEXUAT", "Đề xuất, kiến nghị", "Với cấp ủy, chính quyền và cơ quan cấp trên.")
HOT_ISSUES = (
    "VANDE",
    "Vấn đề nổi cộm, Nhân dân quan tâm và hướng xử lý",
    "Nêu vấn đề, thời điểm phát hiện, cơ quan chủ trì xử lý và việc định hướng báo chí.",
)
NEXT_TASKS = ("PHUONGHUONG", "Phương hướng, nhiệm vụ trọng tâm kỳ tới", "")


def _narrative(spec: tuple[str, str, str], *, required: bool = True) -> Section:
    code, title, guidance = spec
    return Section(title, NARRATIVE, code=code, guidance=guidance, required=required)


def _forms(ind: dict[str, Indicator]) -> list[dict]:
    coordination_figures = Section(
        "Số liệu phối hợp tuyên truyền",
        items=[ind[c] for c in ("KG.TINBAI", "KG.HOINGHI", "KG.LUOTNGUOI", "KG.TAILIEU")],
    )
    hot_issue_figures = Section(
        "Nắm bắt, xử lý vấn đề nổi cộm",
        items=[ind[c] for c in ("KG.VANDE", "KG.VANDE.DAXULY", "KG.VANDE.TYLE")],
    )
    handled = Rule(
        ind["KG.VANDE.DAXULY"],
        "le",
        ind["KG.VANDE"],
        message="Số vấn đề đã xử lý không thể nhiều hơn số vấn đề được phát hiện, phản ánh.",
    )
    return [
        {
            "code": "KG.PHOIHOP",
            "name": "Báo cáo kết quả phối hợp công tác tuyên truyền khoa giáo",
            "description": "Dùng cho báo cáo tháng và báo cáo quý của các sở, ngành khối khoa "
            "giáo gửi Ban Tuyên giáo và Dân vận Tỉnh ủy.",
            "sections": [
                _narrative(RESULTS),
                coordination_figures,
                _narrative(SITUATION),
                _narrative(HOT_ISSUES, required=False),
                hot_issue_figures,
                _narrative(DIFFICULTIES, required=False),
                _narrative(PROPOSALS, required=False),
            ],
            "rules": [handled],
        },
        {
            "code": "KG.SOTONGKET",
            "name": "Báo cáo sơ kết 6 tháng, tổng kết năm công tác phối hợp khoa giáo",
            "description": "Phục vụ giao ban khối khoa giáo 6 tháng và hội nghị tổng kết năm.",
            "sections": [
                _narrative(
                    (
                        "DANHGIA",
                        "Đánh giá chung việc thực hiện chương trình, kế hoạch phối hợp",
                        "So với kế hoạch năm: nhiệm vụ đã hoàn thành, chưa hoàn thành và lý do.",
                    )
                ),
                coordination_figures,
                _narrative(SITUATION),
                hot_issue_figures,
                _narrative(("HANCHE", "Hạn chế, nguyên nhân", "")),
                _narrative(NEXT_TASKS),
                _narrative(PROPOSALS, required=False),
            ],
            "rules": [handled],
        },
        {
            "code": "XA.THANG",
            "name": "Báo cáo tháng công tác tuyên giáo và dân vận cấp xã",
            "description": "Ban Xây dựng Đảng của Đảng ủy xã, phường lập, gửi Ban Tuyên giáo và "
            "Dân vận Tỉnh ủy. Số liệu chốt đến ngày 14 của tháng báo cáo.",
            "sections": [
                _narrative(SITUATION),
                _narrative(RESULTS),
                Section("Công tác tuyên truyền", items=[ind["TG.BUOI"], ind["TG.LUOTNGUOI"]]),
                Section(
                    "Văn hóa, xã hội",
                    items=[
                        ind["ATTP.DAT"],
                        Item(ind["HN.SOHO"], required=False),
                        Item(ind["DC.TONGSOHO"], required=False),
                        Item(ind["HN.TYLE"], required=False),
                        ind["VH.HOATDONG"],
                    ],
                ),
                Section(
                    "Tiếp nhận ý kiến, kiến nghị của Nhân dân",
                    items=[
                        ind["DLXH.KIENNGHI"],
                        ind["DLXH.DAGIAIQUYET"],
                        Item(ind["MH.TIEUBIEU"], required=False),
                    ],
                ),
                _narrative(DIFFICULTIES, required=False),
                _narrative(PROPOSALS, required=False),
            ],
            "rules": [
                Rule(
                    ind["HN.SOHO"],
                    "le",
                    ind["DC.TONGSOHO"],
                    message="Số hộ nghèo không thể lớn hơn tổng số hộ dân cư.",
                ),
                Rule(ind["DLXH.DAGIAIQUYET"], "le", ind["DLXH.KIENNGHI"]),
            ],
        },
    ]


def _coordination_regimes(orgs, basis) -> list[dict]:
    receiver = orgs[THANH_HOA_DEPARTMENT]
    bloc = [Assignment(organization=orgs[i], valid_from=REGIMES_FROM) for i in BLOC + FORMER_BLOC]
    common = {
        "legal_basis": basis,
        "receiver": receiver,
        "valid_from": REGIMES_FROM,
        "assignments": bloc,
        "remind_on_deadline": True,
        "remind_when_overdue": True,
    }
    return [
        {
            **common,
            "code": "TH.KG.THANG",
            "name": "Báo cáo tháng kết quả phối hợp công tác tuyên truyền khoa giáo",
            "description": "Kết quả phối hợp tuyên truyền trong tháng, tình hình dư luận xã hội "
            "trong lĩnh vực phụ trách và vấn đề nổi cộm phát sinh; số liệu chốt ngày 14.",
            "frequency": "month",
            "deadline_rule": Regime.DeadlineRule.FIXED_DAY,
            "deadline_day": 17,
            "form": "KG.PHOIHOP",
            "entry_opens_days_before_cutoff": 5,
            "lock_days_after_deadline": 10,
            "remind_days_before": 2,
            "escalate_after_days": 5,
        },
        {
            **common,
            "code": "TH.KG.QUY",
            "name": "Báo cáo quý kết quả phối hợp công tác tuyên truyền khoa giáo",
            "description": "Tổng hợp kết quả phối hợp trong quý, gửi trước ngày 18 tháng cuối "
            "quý để Ban tổng hợp báo cáo Thường trực Tỉnh ủy.",
            "frequency": "quarter",
            "deadline_rule": Regime.DeadlineRule.FIXED_DAY,
            "deadline_day": 18,
            "form": "KG.PHOIHOP",
            "entry_opens_days_before_cutoff": 7,
            "lock_days_after_deadline": 15,
            "remind_days_before": 3,
            "escalate_after_days": 5,
        },
        {
            **common,
            "code": "TH.KG.6THANG",
            "name": "Báo cáo phục vụ giao ban khối khoa giáo 6 tháng",
            "description": "Sơ kết 6 tháng thực hiện chương trình, kế hoạch phối hợp; gửi trước "
            "ngày 20 tháng 6 và ngày 20 tháng 12 để chuẩn bị hội nghị giao ban khối.",
            "frequency": "half",
            "deadline_rule": Regime.DeadlineRule.FIXED_DAY,
            "deadline_day": 20,
            "form": "KG.SOTONGKET",
            "entry_opens_days_before_cutoff": 10,
            "lock_days_after_deadline": 15,
            "remind_days_before": 5,
            "escalate_after_days": 3,
        },
        {
            **common,
            "code": "TH.KG.NAM",
            "name": "Báo cáo tổng kết năm công tác phối hợp tuyên truyền khoa giáo",
            "description": "Tổng kết năm thực hiện Quy chế phối hợp, phương hướng năm sau; số "
            "liệu chốt ngày 14 tháng 12, gửi trong 5 ngày làm việc sau ngày chốt.",
            "frequency": "year",
            "deadline_rule": Regime.DeadlineRule.WORKING_DAYS,
            "deadline_working_days": 5,
            "form": "KG.SOTONGKET",
            "entry_opens_days_before_cutoff": 14,
            "lock_days_after_deadline": 20,
            "remind_days_before": 5,
            "escalate_after_days": 3,
        },
    ]


def _commune_regime(code: str, province: str, receiver: Organization, area: Area) -> dict:
    return {
        "code": code,
        "name": f"Báo cáo tháng công tác tuyên giáo và dân vận của cấp xã tỉnh {province}",
        "description": "Ban Xây dựng Đảng của đảng ủy xã, phường báo cáo tình hình tư tưởng, dư "
        "luận xã hội, kết quả tuyên truyền và các chỉ tiêu văn hóa, xã hội của địa phương.",
        "receiver": receiver,
        "frequency": "month",
        "deadline_rule": Regime.DeadlineRule.WORKING_DAYS,
        "deadline_working_days": 2,
        "form": "XA.THANG",
        "entry_opens_days_before_cutoff": 3,
        "lock_days_after_deadline": 7,
        "remind_days_before": 1,
        "escalate_after_days": 3,
        "valid_from": COMMUNE_REPORTS_FROM,
        "assignments": [
            Assignment(
                organization_kind=Organization.Kind.PARTY_BOARD,
                organization_level=Organization.Level.COMMUNE,
                area=area,
                valid_from=COMMUNE_REPORTS_FROM,
            )
        ],
    }


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


@transaction.atomic
def seed(*, stdout: TextIO | None = None) -> None:
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    identifiers = {THANH_HOA_DEPARTMENT, PHU_THO_DEPARTMENT, *BLOC, *FORMER_BLOC}
    orgs = {o.identifier: o for o in Organization.objects.filter(identifier__in=identifiers)}
    provinces = {
        area.code: area
        for area in Area.objects.current().filter(level=Area.Level.PROVINCE, code__in=("38", "25"))
    }
    if admin is None or identifiers - set(orgs) or len(provinces) < 2:
        _say(stdout, "  Bỏ qua: chưa có tài khoản admin hoặc tổ chức trình diễn.")
        return
    indicators = _seed_indicators(admin)
    forms = _seed_forms(admin, indicators)
    symbol, issued_on = COORDINATION_RULE
    basis = Document.objects.filter(
        organization__isnull=True, symbol=symbol, issued_on=issued_on
    ).first()
    wanted = [
        *_coordination_regimes(orgs, basis),
        _commune_regime("TH.XA.THANG", "Thanh Hóa", orgs[THANH_HOA_DEPARTMENT], provinces["38"]),
        _commune_regime("PT.XA.THANG", "Phú Thọ", orgs[PHU_THO_DEPARTMENT], provinces["25"]),
    ]
    existing = set(Regime.objects.values_list("code", flat=True))
    created = 0
    for spec in wanted:
        if spec["code"] in existing:
            continue
        fields = dict(spec)
        form_code = fields.pop("form")
        services.create_regime(by=admin, report_form=forms[form_code], **fields)
        created += 1
    _say(
        stdout,
        f"  Chỉ tiêu: {len(indicators)}, biểu mẫu: {len(forms)}, chế độ báo cáo mới: {created}.",
    )
    _say(stdout, "  " + demo_reports.seed(admin, indicators, stdout))
    # The roll-ups in today's structure, derived from those the accepts made (then kept by
    # every later accept).
    structure.restructure_if_due()


def _seed_indicators(admin: User) -> dict[str, Indicator]:
    found = {i.code: i for i in Indicator.objects.filter(code__in=[s.code for s in INDICATORS])}
    fields = {f.code: f for f in Field.objects.all()}
    for spec in INDICATORS:  # parts of a rate come before it
        if spec.code in found:
            continue
        operator, value = spec.condition or ("", None)
        found[spec.code] = services.create_indicator(
            by=admin,
            code=spec.code,
            name=spec.name,
            unit=spec.unit,
            value_type=spec.value_type,
            aggregation=spec.aggregation,
            direction=spec.direction,
            field=fields.get(spec.field) if spec.field else None,
            numerator=found.get(spec.numerator),
            denominator=found.get(spec.denominator),
            condition_operator=operator,
            condition_value=value,
            description=spec.description,
            valid_from=REGIMES_FROM,
        )
    return found


def _seed_forms(admin: User, indicators: dict[str, Indicator]) -> dict[str, ReportForm]:
    specs = _forms(indicators)
    found = {f.code: f for f in ReportForm.objects.filter(code__in=[s["code"] for s in specs])}
    for spec in specs:
        if spec["code"] not in found:
            found[spec["code"]] = services.create_form(by=admin, **spec)
    return found
