"""Demo data of the public side: questions citizens sent on the portal to the Thanh Hóa and
Phú Thọ departments (one with contact details and consent, the others anonymous), some
answered and published with redactions, one Open311 key. Seeded after the cases demo
(`demo.py`), through the same services; idempotent: a department that already has portal
items is left alone. The names are made up and the phone numbers of the form 0900 000 0xx.
"""

import datetime
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from phoihop.org.models import Area, Field, Organization, User

from . import services
from .models import Channel, ConsentText, Item, Open311Key
from .routing import proposed_lead
from .services import CitizenDetails, ParticipantSpec, PublicDraft, PublicSubmission


@dataclass(frozen=True)
class PortalSpec:
    kind: str
    field: str
    commune: str
    text: str
    contact: tuple[str, str] | None = None  # (initials, phone) given with consent
    answer: str = ""
    # published: (public title, the spans to hide) when the department published it
    published: tuple[str, tuple[str, ...]] | None = None


QUESTIONS = {
    "38": (
        PortalSpec(
            "question",
            "y-te",
            "14797",
            "Tôi là N.V.B., nhà ở số 12 ngõ 3 phố Trường Thi. Xin hỏi người trên 60 tuổi có "
            "được tiêm vắc xin cúm miễn phí tại trạm y tế phường không? Số của tôi là "
            "0900 000 031.",
            contact=("N.V.B.", "0900 000 031"),
            answer="Người từ 60 tuổi trở lên được tiêm miễn phí tại trạm y tế phường vào sáng "
            "thứ Tư hằng tuần; mang theo thẻ căn cước.",
            published=("Tiêm vắc xin cúm cho người cao tuổi", ("số 12 ngõ 3 phố Trường Thi",)),
        ),
        PortalSpec(
            "complaint",
            "moi-truong",
            "15865",
            "Bãi tập kết rác gần chợ bốc mùi, rác không được thu gom ba ngày nay. Liên hệ "
            "email phananh.demo@example.vn nếu cần.",
            answer="Công ty môi trường đã bố trí thêm chuyến thu gom buổi tối; phường giao tổ "
            "dân phố giám sát.",
            published=("Rác tồn đọng gần chợ", ()),
        ),
        PortalSpec(
            "proposal",
            "giao-duc",
            "15499",
            "Đề nghị bố trí người điều tiết giao thông trước cổng trường tiểu học giờ tan học.",
        ),
    ),
    "25": (
        PortalSpec(
            "question",
            "lao-dong-xa-hoi",
            "07969",
            "Xin hỏi thủ tục nhận trợ cấp cho người khuyết tật nặng nộp ở đâu? CCCD của tôi "
            "025123456789.",
            answer="Nộp hồ sơ tại bộ phận một cửa của xã hoặc trên Cổng dịch vụ công quốc gia.",
            published=("Thủ tục trợ cấp cho người khuyết tật", ()),
        ),
        PortalSpec(
            "complaint",
            "van-hoa-the-thao-du-lich",
            "08494",
            "Loa kéo hát karaoke ở khu dân cư đến 23 giờ đêm, ảnh hưởng học sinh ôn thi.",
        ),
    ),
}


def _publish(spec: PortalSpec, item: Item, admin: User, today: datetime.date) -> None:
    case = services.verify_case(case=item.case, by=admin, acknowledged_on=today)
    lead = proposed_lead(case)
    if lead is not None:
        case = services.assign_case(case=case, by=admin, parts=[ParticipantSpec(lead, "lead")])
    case = services.answer_case(case=case, by=admin, answer=spec.answer, answered_on=today)
    if spec.published is None:
        return
    title, spans = spec.published
    services.publish_case(
        case=case,
        by=admin,
        draft=PublicDraft(title=title, question=spec.text, answer=spec.answer, hidden_spans=spans),
    )


def seed_portal(*, stdout: TextIO | None = None) -> None:
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    if admin is None:
        return
    consent = ConsentText.current()
    fields = {f.code: f for f in Field.objects.all()}
    today = timezone.localdate()
    made = 0
    with transaction.atomic():
        for code, specs in QUESTIONS.items():
            department = Organization.objects.filter(identifier=f"{code}.BTGDVTU").first()
            if (
                department is None
                or Item.objects.filter(
                    case__department=department, channel=Channel.WEB, recorded_by=None
                ).exists()
            ):
                continue
            for spec in specs:
                commune = Area.objects.current().filter(code=spec.commune).first()
                if commune is None:
                    continue
                citizen = None
                if spec.contact and consent is not None:
                    citizen = CitizenDetails(
                        consent_text=consent,
                        consent=True,
                        name=spec.contact[0],
                        phone=spec.contact[1],
                    )
                item = services.submit_public_item(
                    submission=PublicSubmission(
                        kind=spec.kind,
                        field=fields.get(spec.field),
                        area=commune,
                        text=spec.text,
                        citizen=citizen,
                    )
                )
                if spec.answer:
                    _publish(spec, item, admin, today)
                made += 1
        if not Open311Key.objects.exists():
            services.issue_open311_key(name="Ứng dụng phản ánh hiện trường (mẫu)", by=admin)
    if stdout is not None:
        stdout.write(f"Cổng tiếp nhận ý kiến: {made} ý kiến gửi qua cổng.\n")
