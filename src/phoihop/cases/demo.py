"""Demo data: citizens' cases received by the Thanh Hóa and Phú Thọ propaganda and
mass-mobilisation departments, through every channel (a hotline call with the caller's
consent, letters, an e-mail, a collaborator's note, a survey mission, a meeting with voters,
a press article flagging an urgent hot spot), in each of the four buckets, with a merge, an
approved extension, a case closed unresolved and one consent withdrawn; and the routing
table of both provinces.

The names are made up, written as initials, and the phone numbers are of the form
0900 000 0xx; no real person is named. Written through the services by the demo's system
administrator, after the org demo (organisations, people); idempotent: a department that
already has cases is left alone.
"""

import datetime
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from phoihop.org.models import Area, Field, Organization, User

from . import services
from .models import Case, ConsentText, RoutingRule
from .routing import proposed_lead
from .services import CitizenDetails, NewCase, ParticipantSpec

REFORM = datetime.date(2025, 7, 1)
# field code → department suffix, for the routing table of both provinces
ROUTES = {
    "y-te": "SYT",
    "giao-duc": "SGDDT",
    "moi-truong": "SNNMT",
    "nong-nghiep": "SNNMT",
    "van-hoa-the-thao-du-lich": "SVHTTDL",
    "lao-dong-xa-hoi": "SNV",
}


@dataclass(frozen=True)
class ItemSpec:
    channel: str
    days_ago: int
    text: str
    source: str = ""
    caller: tuple[str, str] | None = None  # (initials, phone) when the person agreed


@dataclass(frozen=True)
class CaseSpec:
    title: str
    kind: str
    field: str
    commune: str
    items: tuple[ItemSpec, ...]
    # what happened: "received", "verified", "assigned", "answered_on_time", "answered_late",
    # "closed", "closed_unresolved", "overdue", "extended"
    outcome: str
    co: tuple[str, ...] = ()
    hot_spot: bool = False
    urgent: bool = False
    withdrawn: bool = False
    answer: str = ""
    merge_into: str = ""  # the title of a case of the same department


THANH_HOA = (
    CaseSpec(
        "Nước sinh hoạt đục, có mùi ở khu dân cư Đông Hương",
        "complaint",
        "moi-truong",
        "14797",
        (
            ItemSpec(
                "hotline",
                3,
                "Người gọi phản ánh nước máy cấp cho khu dân cư Đông Hương mấy ngày nay đục, "
                "có mùi clo nồng, nhiều hộ phải mua nước đóng bình để nấu ăn. Đề nghị kiểm tra "
                "chất lượng nước và thông báo cho bà con.",
                caller=("N.T.H.", "0900 000 011"),
            ),
        ),
        "assigned",
        co=("SYT",),
    ),
    CaseSpec(
        "Sạt lở bờ sông Mã đe dọa nhà dân",
        "signal",
        "nong-nghiep",
        "15865",
        (
            ItemSpec(
                "press",
                1,
                "Bài báo phản ánh đoạn bờ sông Mã dài khoảng 200 m bị sạt lở sâu vào đất ở, "
                "một số hộ phải di dời tài sản trong đêm; người dân lo lắng khi mùa mưa lũ "
                "chưa kết thúc.",
                source="Báo điện tử, 06/12/2026",
            ),
            ItemSpec(
                "collaborator",
                1,
                "Cộng tác viên ghi nhận: bà con thôn ven sông bức xúc vì đã kiến nghị từ năm "
                "trước; nhiều ý kiến trên mạng xã hội chia sẻ hình ảnh sạt lở.",
            ),
        ),
        "assigned",
        co=("SVHTTDL",),
        hot_spot=True,
        urgent=True,
    ),
    CaseSpec(
        "Thu thêm các khoản ngoài học phí đầu năm học",
        "complaint",
        "giao-duc",
        "15499",
        (
            ItemSpec(
                "letter",
                40,
                "Thư của phụ huynh phản ánh trường tiểu học thu nhiều khoản đóng góp đầu năm "
                "học chưa được thống nhất trong cuộc họp cha mẹ học sinh.",
                caller=("T.V.B.", "0900 000 012"),
            ),
        ),
        "answered_on_time",
        answer="Sở Giáo dục và Đào tạo đã chỉ đạo nhà trường dừng thu các khoản chưa được "
        "thống nhất, hoàn trả cho phụ huynh và rà soát toàn huyện.",
    ),
    CaseSpec(
        "Chậm chi trả trợ cấp cho người cao tuổi",
        "proposal",
        "lao-dong-xa-hoi",
        "15544",
        (
            ItemSpec(
                "voters",
                45,
                "Tại buổi tiếp xúc cử tri, nhiều cử tri đề nghị làm rõ vì sao trợ cấp xã hội "
                "hằng tháng cho người cao tuổi chậm hai tháng.",
                source="Hội nghị tiếp xúc cử tri xã Lam Sơn",
            ),
        ),
        "answered_late",
        answer="Sở Nội vụ đã phối hợp với Ủy ban nhân dân xã chi trả đủ hai tháng còn thiếu; "
        "nguyên nhân là chậm cập nhật danh sách sau sáp nhập xã.",
    ),
    CaseSpec(
        "Rác thải tồn đọng tại chợ Ngọc Lặc",
        "complaint",
        "moi-truong",
        "15061",
        (
            ItemSpec(
                "email",
                42,
                "Thư điện tử phản ánh rác thải ở khu chợ không được thu gom nhiều ngày, gây mùi "
                "hôi ảnh hưởng đến các hộ kinh doanh và khách mua hàng.",
            ),
        ),
        "overdue",
    ),
    CaseSpec(
        "Đề nghị hỗ trợ giống lúa sau ngập úng",
        "proposal",
        "nong-nghiep",
        "16093",
        (
            ItemSpec(
                "survey",
                30,
                "Đoàn khảo sát ghi nhận nhiều hộ mất trắng vụ mùa do ngập úng, đề nghị tỉnh hỗ "
                "trợ giống lúa cho vụ đông xuân.",
                source="Đoàn khảo sát của Ban Tuyên giáo và Dân vận",
            ),
        ),
        "extended",
    ),
    CaseSpec(
        "Tiếng ồn từ xưởng gỗ ban đêm",
        "complaint",
        "moi-truong",
        "16417",
        (
            ItemSpec(
                "letter",
                35,
                "Đơn của các hộ dân tổ 5 phản ánh xưởng chế biến gỗ hoạt động sau 22 giờ gây "
                "tiếng ồn lớn.",
                caller=("L.Q.K.", "0900 000 013"),
            ),
        ),
        "closed",
        answer="Ủy ban nhân dân phường đã kiểm tra, yêu cầu cơ sở không hoạt động sau 22 giờ "
        "và lắp vách cách âm; người dân xác nhận đã giảm tiếng ồn.",
        withdrawn=True,
    ),
    CaseSpec(
        "Đề nghị mở rộng đường vào bản Mường Lát",
        "proposal",
        "van-hoa-the-thao-du-lich",
        "14845",
        (
            ItemSpec(
                "voters",
                38,
                "Cử tri đề nghị mở rộng đường vào bản để xe cứu thương và xe chở nông sản đi "
                "được trong mùa mưa.",
            ),
        ),
        "closed_unresolved",
        answer="Tuyến đường chưa có trong kế hoạch đầu tư công giai đoạn này; Ủy ban nhân "
        "dân tỉnh ghi nhận để xem xét giai đoạn sau.",
    ),
    CaseSpec(
        "Hỏi về thủ tục cấp thẻ bảo hiểm y tế cho trẻ em",
        "question",
        "y-te",
        "14758",
        (
            ItemSpec(
                "hotline",
                0,
                "Người gọi hỏi trẻ dưới 6 tuổi mới chuyển hộ khẩu về phường thì làm thẻ bảo "
                "hiểm y tế ở đâu, cần giấy tờ gì.",
            ),
        ),
        "received",
    ),
    CaseSpec(
        "Nước máy khu Đông Hương bị đục",
        "complaint",
        "moi-truong",
        "14797",
        (
            ItemSpec(
                "letter",
                2,
                "Thư phản ánh nước sinh hoạt khu Đông Hương đục và có mùi, đề nghị công ty cấp "
                "nước kiểm tra.",
            ),
        ),
        "received",
        merge_into="Nước sinh hoạt đục, có mùi ở khu dân cư Đông Hương",
    ),
)

PHU_THO = (
    CaseSpec(
        "Ô nhiễm khói bụi từ lò gạch thủ công",
        "complaint",
        "moi-truong",
        "08494",
        (
            ItemSpec(
                "hotline",
                5,
                "Người dân phản ánh lò gạch thủ công đốt vào ban đêm, khói bụi bay vào khu dân "
                "cư, trẻ em bị ho kéo dài.",
                caller=("P.T.M.", "0900 000 021"),
            ),
        ),
        "verified",
    ),
    CaseSpec(
        "Đề nghị sửa chữa trạm y tế xã Đoan Hùng",
        "proposal",
        "y-te",
        "07969",
        (
            ItemSpec(
                "collaborator",
                25,
                "Cộng tác viên ghi nhận ý kiến người dân: trạm y tế xuống cấp, mưa dột, thiếu "
                "phòng tiêm chủng riêng.",
            ),
        ),
        "answered_on_time",
        answer="Sở Y tế đã đưa trạm y tế xã vào danh mục sửa chữa năm tới và bố trí tạm "
        "phòng tiêm chủng tại nhà văn hóa.",
    ),
    CaseSpec(
        "Chậm bàn giao sách giáo khoa cho học sinh vùng cao",
        "complaint",
        "giao-duc",
        "05200",
        (
            ItemSpec(
                "letter",
                44,
                "Thư của giáo viên phản ánh đến giữa học kỳ học sinh điểm trường vẫn thiếu sách "
                "giáo khoa lớp 3.",
            ),
        ),
        "overdue",
    ),
)


def _departments() -> dict[str, Organization]:
    return {
        code: org
        for code in ("38", "25")
        if (org := Organization.objects.filter(identifier=f"{code}.BTGDVTU").first())
    }


def _routing(admin: User, fields: dict[str, Field]) -> None:
    for code in ("38", "25"):
        province = Area.objects.current().filter(code=code, level=Area.Level.PROVINCE).first()
        if province is None:
            continue
        for field_code, suffix in ROUTES.items():
            organization = Organization.objects.filter(identifier=f"{code}.{suffix}").first()
            wanted = fields.get(field_code)
            if organization is None or wanted is None:
                continue
            if RoutingRule.objects.filter(field=wanted, area=province).exists():
                continue
            services.create_routing_rule(
                by=admin,
                field=wanted,
                area=province,
                organization=organization,
                valid_from=REFORM,
                note="Phân công theo chức năng, nhiệm vụ sau sắp xếp bộ máy",
            )


def _record(spec: CaseSpec, department, admin, fields, consent, now) -> Case:
    commune = Area.objects.current().filter(code=spec.commune).first()
    case = None
    for index, item in enumerate(spec.items):
        citizen = None
        if item.caller and consent is not None:
            citizen = CitizenDetails(
                consent_text=consent, consent=True, name=item.caller[0], phone=item.caller[1]
            )
        recorded = services.record_item(
            by=admin,
            department=department,
            channel=item.channel,
            received_at=now - datetime.timedelta(days=item.days_ago, hours=index),
            text=item.text,
            area=commune,
            source=item.source,
            case=case,
            new_case=None
            if case
            else NewCase(
                title=spec.title,
                kind=spec.kind,
                field=fields.get(spec.field),
                urgency=Case.Urgency.URGENT if spec.urgent else Case.Urgency.NORMAL,
                hot_spot=spec.hot_spot,
            ),
            citizen=citizen,
        )
        case = recorded.case
    return case


def _advance(spec: CaseSpec, case: Case, department, admin, today) -> Case:
    if spec.outcome == "received":
        return case
    case = services.verify_case(
        case=case, by=admin, acknowledged_on=min(case.acknowledge_due, today)
    )
    lead = proposed_lead(case)
    if spec.outcome == "verified" or lead is None:
        return case
    prefix = department.identifier.split(".")[0]
    co = [
        o
        for suffix in spec.co
        if (o := Organization.objects.filter(identifier=f"{prefix}.{suffix}").first())
    ]
    parts = [ParticipantSpec(lead, "lead"), *(ParticipantSpec(o, "co") for o in co)]
    case = services.assign_case(case=case, by=admin, parts=parts)
    if spec.outcome in ("assigned", "overdue"):
        return case
    if spec.outcome == "extended":
        extension = services.request_extension(
            case=case,
            by=admin,
            requested_deadline=case.effective_deadline + datetime.timedelta(days=21),
            reason="Chờ kết quả rà soát diện tích thiệt hại của các xã",
        )
        services.decide_extension(extension=extension, by=admin, approve=True)
        case.refresh_from_db()
        return case
    late = spec.outcome == "answered_late"
    answered_on = (
        min(today, case.deadline + datetime.timedelta(days=5))
        if late
        else min(today, case.deadline - datetime.timedelta(days=3))
    )
    answered_on = max(answered_on, case.received_on)
    case = services.answer_case(case=case, by=admin, answer=spec.answer, answered_on=answered_on)
    if spec.outcome == "closed":
        case = services.close_case(case=case, by=admin, resolved=True)
    elif spec.outcome == "closed_unresolved":
        case = services.close_case(
            case=case,
            by=admin,
            resolved=False,
            note="Ngoài khả năng cân đối ngân sách năm nay; đã giải thích cho cử tri.",
        )
    return case


def seed(*, stdout: TextIO | None = None) -> None:
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    departments = _departments()
    if admin is None or not departments:
        return
    fields = {f.code: f for f in Field.objects.all()}
    consent = ConsentText.current()
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        _routing(admin, fields)
        made = 0
        for code, specs in (("38", THANH_HOA), ("25", PHU_THO)):
            department = departments.get(code)
            if department is None or Case.objects.filter(department=department).exists():
                continue
            by_title: dict[str, Case] = {}
            for spec in specs:
                case = _record(spec, department, admin, fields, consent, now)
                case = _advance(spec, case, department, admin, today)
                if spec.withdrawn:
                    item = case.items.filter(anonymous=False).first()
                    if item is not None:
                        services.withdraw_consent(item=item, by=admin)
                if spec.merge_into and spec.merge_into in by_title:
                    services.merge_cases(source=case, target=by_title[spec.merge_into], by=admin)
                by_title[spec.title] = case
                made += 1
    if stdout is not None:
        stdout.write(f"Vụ việc, ý kiến của Nhân dân: {made} vụ việc mẫu.\n")
