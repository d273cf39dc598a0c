"""Demo data for the hot-spot working group, the collaborators' monthly notes and a person's
request about their data, in Thanh Hóa, after the cases demo (its own seeder, so the cases demo
itself stays as it is): the working group of the press-flagged landslide on the Mã river (log
entries of three agencies, a press orientation approved by the department's leader, a task in
the department's plan of this year); ctv.thanhhoa's note for last month with three topics, one
taken up as a case; and a request to correct a caller's phone number, received 30 hours ago.

Only the demo's own made-up people are named; dates follow the cases demo (relative to today).
Idempotent: each part is skipped when it exists."""

import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from phoihop.org.models import Area, Field, Organization, User
from phoihop.plans.models import Plan

from . import services
from .models import Case, Citizen, DataRequest, OpinionNote, WorkingGroup
from .services import NewCase

HOT_SPOT_TITLE = "Sạt lở bờ sông Mã đe dọa nhà dân"

LOG = (  # (agency suffix, days ago, what it did)
    (
        "BTGDVTU",
        1,
        "Họp tổ công tác tại UBND xã Hoằng Hóa; thống nhất nội dung thông tin cho báo chí và "
        "phân công đầu mối trả lời phóng viên.",
    ),
    (
        "SYT",
        1,
        "Cử đội y tế lưu động đến điểm sơ tán ở nhà văn hóa thôn, khám và phát thuốc cho 37 "
        "người; phun khử khuẩn khu vực tập kết đồ đạc.",
    ),
    (
        "SGDDT",
        0,
        "Bố trí 2 phòng học tạm tại điểm trường chính cho 46 học sinh thôn ven sông, bảo đảm "
        "không gián đoạn việc học.",
    ),
)

ORIENTATION = (
    "Thông tin cho báo chí: tỉnh đã thành lập tổ công tác liên ngành; 12 hộ ở đoạn sạt lở đã "
    "được di dời tạm thời đến nơi an toàn, không có thiệt hại về người. Các cơ quan báo chí "
    "đưa tin theo số liệu của tổ công tác, không đăng hình ảnh chưa kiểm chứng trên mạng xã "
    "hội; đầu mối trả lời phóng viên là Ban Tuyên giáo và Dân vận Tỉnh ủy."
)

TOPICS = (  # (field code, commune, mood, what people say)
    (
        "y-te",
        "14797",
        "positive",
        "Người dân phường Hạc Thành đánh giá cao việc trạm y tế mở thêm giờ tiêm chủng vào "
        "chiều thứ Bảy, thuận tiện cho người đi làm.",
    ),
    (
        "nong-nghiep",
        "15865",
        "negative",
        "Bà con các thôn ven sông Mã ở xã Hoằng Hóa lo lắng vì mùa mưa lũ kéo dài, đề nghị "
        "sớm có phương án kè bờ; một số ý kiến cho rằng việc cảnh báo còn chậm.",
    ),
    (
        "giao-duc",
        "15499",
        "mixed",
        "Phụ huynh xã Thọ Xuân có ý kiến trái chiều về việc dồn điểm trường lẻ: nhiều người "
        "đồng tình vì chất lượng dạy học, một số lo đường đến trường xa cho trẻ nhỏ.",
    ),
)


def _department() -> Organization | None:
    return Organization.objects.filter(identifier="38.BTGDVTU").first()


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _working_group(admin, department, today) -> bool:
    case = Case.objects.filter(department=department, title=HOT_SPOT_TITLE).first()
    if case is None or WorkingGroup.objects.filter(case=case).exists():
        return False
    group = services.create_working_group(
        case=case,
        name="Tổ công tác liên ngành xử lý sạt lở bờ sông Mã, xã Hoằng Hóa",
        mandate="Nắm tình hình, hỗ trợ người dân di dời, thống nhất thông tin cho báo chí.",
        by=admin,
    )
    focal = {"BTGDVTU": "chuyenvien.tgdv", "SYT": "daumoi.syt", "SGDDT": "daumoi.sgddt"}
    agencies = {}
    for suffix, username in focal.items():
        organization = Organization.objects.filter(identifier=f"38.{suffix}").first()
        person = _user(username)
        if organization is None or person is None:
            continue
        services.set_group_member(
            group=group, organization=organization, focal_person=person, by=admin
        )
        agencies[suffix] = organization
    for suffix, days_ago, text in LOG:
        if suffix in agencies:
            happened = max(today - datetime.timedelta(days=days_ago), case.received_on)
            services.write_group_log(
                group=group,
                organization=agencies[suffix],
                happened_on=happened,
                text=text,
                by=admin,
            )
    leader = _user("lanhdao.tgdv")
    if leader is not None:
        services.record_press_orientation(
            group=group, given_on=today, text=ORIENTATION, approved_by=leader, by=admin
        )
    plan = (
        Plan.objects.active()
        .filter(issuing_organization=department, year=today.year)
        .order_by("id")
        .first()
    )
    if plan is not None:
        co = [agencies[s] for s in ("SYT", "SGDDT") if s in agencies]
        services.create_group_task(
            group=group,
            plan=plan,
            lead=department,
            co_agencies=co,
            title="Tuyên truyền, vận động các hộ ven sông Mã ở xã Hoằng Hóa di dời đến nơi an "
            "toàn trong mùa mưa lũ",
            description="Phối hợp với UBND xã tổ chức đối thoại với người dân; cung cấp thông "
            "tin chính thức cho báo chí theo định hướng của tổ công tác.",
            deadline=min(today + datetime.timedelta(days=10), datetime.date(today.year, 12, 31)),
            outside_parties_reason="Thành viên tổ công tác liên ngành xử lý điểm nóng",
            by=admin,
        )
    return True


def _note(admin, department, today) -> bool:
    collaborator = _user("ctv.thanhhoa")
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    if collaborator is None or OpinionNote.objects.filter(collaborator=collaborator).exists():
        return False
    fields = {f.code: f for f in Field.objects.filter(code__in=[t[0] for t in TOPICS])}
    note = services.create_note(department=department, month=month, by=collaborator)
    for field_code, commune_code, mood, said in TOPICS:
        area = Area.objects.current().filter(code=commune_code, level=Area.Level.COMMUNE).first()
        if area is None or field_code not in fields:
            continue
        services.add_topic(
            note=note, field=fields[field_code], said=said, mood=mood, area=area, by=collaborator
        )
    if not note.topics.exists():
        return False
    services.submit_note(note=note, by=collaborator)
    schools = note.topics.filter(field__code="giao-duc").first()
    if schools is not None:
        services.take_up_topic(
            topic=schools,
            by=admin,
            new_case=NewCase(
                title="Ý kiến về dồn điểm trường lẻ ở xã Thọ Xuân",
                kind="signal",
                field=schools.field,
            ),
        )
    return True


def _data_request(admin, department) -> bool:
    if DataRequest.objects.filter(case__department=department).exists():
        return False
    citizen = (
        Citizen.objects.filter(
            item__case__department=department,
            consent_withdrawn_at__isnull=True,
            anonymised_at__isnull=True,
        )
        .exclude(phone="")
        .select_related("item")
        .order_by("id")
        .first()
    )
    if citizen is None:
        return False
    services.record_data_request(
        item=citizen.item,
        kind=DataRequest.Kind.CORRECT,
        requester="Chính người gửi ý kiến, gọi lại từ số điện thoại đã để lại",
        received_at=timezone.now() - datetime.timedelta(hours=30),
        detail="Đề nghị sửa số điện thoại liên hệ vì đã đổi số mới.",
        by=admin,
    )
    return True


def seed(*, stdout: TextIO | None = None) -> None:
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    department = _department()
    if admin is None or department is None:
        return
    today = timezone.localdate()
    with transaction.atomic():
        made = [
            _working_group(admin, department, today),
            _note(admin, department, today),
            _data_request(admin, department),
        ]
    if stdout is not None:
        stdout.write(
            f"Tổ công tác, báo cáo dư luận, yêu cầu về dữ liệu cá nhân: {sum(made)} phần mẫu mới.\n"
        )
