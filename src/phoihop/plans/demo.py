"""Demo data: the Thanh Hóa propaganda department's 2021–2025 coordination programme with the
science-education bloc, its annual plans for the last three years and about 60 tasks spread over
the four buckets.

Dates are computed from the real current date, so every bucket stays populated whenever the demo
is loaded. Everything is written through the services (audit trail, search, notifications). It
runs after `phoihop.org.demo.seed()` and is idempotent: a second run finds the programme by its
number and creates nothing.
"""

import datetime
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from phoihop.org.models import Field, Organization, User
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review

from . import reminders, services
from .models import Programme, Task
from .services import ParticipantSpec

PROGRAMME_NUMBER = "15-CTr/BTGTU"
SIGNING = "38.BTGDVTU"
COUNTERPARTS = ("38.SGDDT", "38.SYT", "38.SKHCN", "38.SVHTTDL", "38.SNV", "38.BHXH")
LAW = "38.STP"  # not a party: takes part with a stated reason


@dataclass(frozen=True)
class Topic:
    title: str
    field: str  # Field.code
    lead: str  # identifier
    co: tuple[str, ...] = ()
    month: int = 6  # usual deadline month in a past year
    description: str = ""
    since: int = 2021  # first year the topic exists (e.g. a 2024 resolution)


TOPICS = (
    Topic(
        "Tuyên truyền kỳ thi tốt nghiệp trung học phổ thông",
        "giao-duc",
        "38.SGDDT",
        ("38.SVHTTDL",),
        6,
        "Đưa tin về công tác chuẩn bị, tổ chức kỳ thi; định hướng thông tin khi có sự cố đề thi.",
    ),
    Topic(
        "Tổ chức hội nghị báo cáo viên chuyên đề đổi mới căn bản, toàn diện giáo dục theo "
        "Nghị quyết số 29-NQ/TW ngày 4-11-2013",
        "giao-duc",
        "38.SGDDT",
        ("38.SNV",),
        4,
    ),
    Topic(
        "Tuyên truyền phòng, chống đuối nước cho học sinh dịp hè",
        "giao-duc",
        "38.SGDDT",
        ("38.SYT", "38.SVHTTDL"),
        5,
    ),
    Topic(
        "Phối hợp định hướng thông tin về các khoản thu đầu năm học",
        "giao-duc",
        "38.SGDDT",
        (),
        9,
        "Nội dung phối hợp khi có vấn đề nổi cộm được dư luận quan tâm.",
    ),
    Topic(
        "Tuyên truyền phòng, chống sốt xuất huyết và tay chân miệng",
        "y-te",
        "38.SYT",
        ("38.SGDDT",),
        7,
    ),
    Topic(
        "Tuyên truyền thực hiện Nghị quyết số 20-NQ/TW ngày 25-10-2017 về tăng cường bảo vệ, "
        "chăm sóc và nâng cao sức khỏe Nhân dân",
        "y-te",
        "38.SYT",
        ("38.BHXH",),
        10,
    ),
    Topic(
        "Thông tin về bảo đảm an toàn thực phẩm dịp Tết Nguyên đán",
        "y-te",
        "38.SYT",
        ("38.SVHTTDL",),
        1,
    ),
    Topic(
        "Phối hợp xử lý thông tin sai lệch về dịch bệnh trên mạng xã hội",
        "y-te",
        "38.SYT",
        ("38.SKHCN",),
        8,
    ),
    Topic("Tuyên truyền Luật Khám bệnh, chữa bệnh năm 2023", "y-te", "38.SYT", (LAW,), 3),
    Topic(
        "Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22-12-2024 về đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        "khoa-hoc-cong-nghe",
        "38.SKHCN",
        ("38.SGDDT", "38.SNV"),
        3,
        since=2025,
    ),
    Topic(
        "Giới thiệu mô hình ứng dụng khoa học công nghệ trong sản xuất nông nghiệp",
        "khoa-hoc-cong-nghe",
        "38.SKHCN",
        (),
        11,
    ),
    Topic(
        "Tuyên truyền chuyển đổi số và dịch vụ công trực tuyến cấp xã",
        "khoa-hoc-cong-nghe",
        "38.SKHCN",
        ("38.SNV",),
        8,
    ),
    Topic(
        "Tuyên truyền kỷ niệm Ngày Quốc khánh 2/9",
        "van-hoa-the-thao-du-lich",
        "38.SVHTTDL",
        ("38.SGDDT",),
        9,
    ),
    Topic(
        "Tuyên truyền Lễ hội Lam Kinh và bảo tồn di sản văn hóa",
        "van-hoa-the-thao-du-lich",
        "38.SVHTTDL",
        (),
        10,
    ),
    Topic(
        "Tuyên truyền xây dựng đời sống văn hóa ở khu dân cư",
        "van-hoa-the-thao-du-lich",
        "38.SVHTTDL",
        ("38.SNV",),
        12,
    ),
    Topic(
        "Tuyên truyền bảo hiểm xã hội tự nguyện, bảo hiểm y tế hộ gia đình",
        "bao-hiem-xa-hoi",
        "38.BHXH",
        ("38.SYT",),
        6,
    ),
    Topic("Tuyên truyền Luật Bảo hiểm xã hội năm 2024", "bao-hiem-xa-hoi", "38.BHXH", (LAW,), 11),
    Topic(
        "Tuyên truyền chính sách đối với người có công nhân Ngày Thương binh - Liệt sĩ 27/7",
        "lao-dong-xa-hoi",
        "38.SNV",
        ("38.SVHTTDL",),
        7,
    ),
    Topic(
        "Tuyên truyền sắp xếp tổ chức bộ máy và vận hành chính quyền địa phương hai cấp",
        "noi-vu",
        "38.SNV",
        ("38.SKHCN",),
        12,
        since=2025,
    ),
    Topic("Tuyên truyền phòng, chống bạo lực học đường", "giao-duc", "38.SGDDT", ("38.SYT",), 11),
)

LAW_REASON = (
    "Sở Tư pháp là cơ quan thường trực Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh."
)


def _log(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _actor(organization_id: str, people: dict[str, User], admin: User) -> User:
    """The demo person who acts for an organisation (its focal point), else the administrator."""
    username = {"38.SYT": "daumoi.syt", "38.SGDDT": "daumoi.sgddt"}.get(organization_id, "")
    return people.get(username, admin)


def seed(*, stdout: TextIO | None = None) -> None:
    if Programme.objects.filter(number=PROGRAMME_NUMBER).exists():
        _log(stdout, "  Chương trình phối hợp trình diễn đã có; không tạo thêm.")
        return
    identifiers = (SIGNING, *COUNTERPARTS, LAW)
    orgs = {o.identifier: o for o in Organization.objects.filter(identifier__in=identifiers)}
    missing = sorted(set(identifiers) - set(orgs))
    if missing:
        _log(stdout, f"  Bỏ qua dữ liệu kế hoạch: chưa có tổ chức {', '.join(missing)}.")
        return
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=["admin", "chuyenvien.tgdv", "daumoi.syt", "daumoi.sgddt", "lanhdao.tgdv"]
        )
    }
    admin = people.get("admin") or User.objects.filter(is_superuser=True).first()
    if admin is None:
        _log(stdout, "  Bỏ qua dữ liệu kế hoạch: chưa có tài khoản quản trị.")
        return
    with transaction.atomic():
        count = _seed(orgs, people, admin, timezone.localdate())
    sent = reminders.send_reminders(email=False)
    _log(
        stdout,
        f"  Đã tạo 1 chương trình, 3 kế hoạch, {count} nhiệm vụ; "
        f"{sum(sent.values())} thông báo nhắc hạn.",
    )


def _seed(orgs, people, admin, today: datetime.date) -> int:
    specialist = people.get("chuyenvien.tgdv", admin)
    programme = services.create_programme(
        by=specialist,
        signing_organization=orgs[SIGNING],
        counterparts=[orgs[i] for i in COUNTERPARTS],
        title="Chương trình phối hợp giữa Ban Tuyên giáo Tỉnh ủy với các sở, ngành khối khoa "
        "giáo về công tác tuyên truyền giai đoạn 2021–2025",
        number=PROGRAMME_NUMBER,
        legal_basis="Căn cứ Quy định số 238-QĐ/TW ngày 30-9-2020 của Ban Bí thư về phối hợp giữa "
        "ban tuyên giáo cấp ủy với cơ quan nhà nước cùng cấp; Nghị quyết số 29-NQ/TW ngày "
        "4-11-2013 và Nghị quyết số 20-NQ/TW ngày 25-10-2017 của Ban Chấp hành Trung ương.",
        start_year=2021,
        end_year=2025,
        signed_on=datetime.date(2021, 3, 26),
        regular_contents="1. Tuyên truyền chủ trương của Đảng, chính sách, pháp luật của Nhà "
        "nước về giáo dục, y tế, khoa học - công nghệ, văn hóa, bảo hiểm xã hội.\n2. Cung cấp "
        "thông tin định kỳ cho báo cáo viên, cộng tác viên dư luận xã hội.\n3. Giao ban 6 tháng "
        "khối khoa giáo.",
        hot_issue_contents="Khi có vấn đề nổi cộm (dịch bệnh, sự cố thi cử, thông tin sai lệch "
        "trên mạng xã hội): cử đầu mối, cung cấp thông tin trong 24 giờ, thống nhất nội dung "
        "định hướng báo chí.",
        midterm_review_on=datetime.date(2023, 6, 30),
        final_review_on=today + datetime.timedelta(days=25),
    )
    services.add_milestone(
        programme=programme,
        by=specialist,
        title="Giao ban 6 tháng khối khoa giáo",
        due_on=today + datetime.timedelta(days=10),
    )
    midterm = Review.objects.of(programme).get(kind=Review.Kind.PRELIMINARY)
    reviews.complete_review(review=midterm, by=specialist, done_on=datetime.date(2023, 7, 20))
    fields = {f.code: f for f in Field.objects.all()}
    count = 0
    for offset, year in ((2, today.year - 2), (1, today.year - 1), (0, today.year)):
        plan = services.create_plan(
            by=specialist,
            issuing_organization=orgs[SIGNING],
            programme=programme,
            year=year,
            title=f"Kế hoạch phối hợp công tác tuyên truyền khoa giáo năm {year}",
            number=f"{20 + offset}-KH/BTGDVTU",
            description="Triển khai Chương trình phối hợp số 15-CTr/BTGTU trong năm "
            f"{year}, gắn với các ngày kỷ niệm và sự kiện lớn của tỉnh.",
        )
        make = _current_year_task if offset == 0 else _past_year_task
        for index, topic in enumerate(TOPICS):
            if year < topic.since:
                continue
            task = make(plan, topic, index, offset, orgs, fields, people, admin, today)
            if task is not None:
                count += 1
    return count


def _create(plan, topic: Topic, deadline, orgs, fields, specialist, **extra) -> Task:
    specs = [ParticipantSpec(orgs[topic.lead], "lead")]
    specs += [ParticipantSpec(orgs[i], "co") for i in topic.co]
    attrs = {
        "title": topic.title,
        "description": topic.description,
        "field": fields.get(topic.field),
        "deadline": deadline,
        "outside_parties_reason": LAW_REASON if LAW in topic.co else "",
        **extra,
    }
    if deadline.year != plan.year:
        attrs["deadline_exception"] = (
            "Nhiệm vụ chuyển tiếp, thống nhất tại giao ban khối khoa giáo."
        )
    task = services.create_task(plan=plan, by=specialist, participants=specs, **attrs)
    start = datetime.datetime(plan.year, 1, 5, 8, tzinfo=datetime.UTC)
    Task.objects.filter(pk=task.pk).update(created_at=min(start, timezone.now()))
    task.created_at = min(start, timezone.now())
    return task


def _report(task, organization_id, people, admin, progress, status, content):
    participant = task.participants.get(organization__identifier=organization_id)
    services.report_progress(
        participant=participant,
        by=_actor(organization_id, people, admin),
        progress=progress,
        status=status,
        content=content,
    )


def _complete(task, topic, people, admin, completed_on, today):
    services.confirm_completion(
        task=task,
        by=_actor(topic.lead, people, admin),
        completed_on=min(completed_on, today),
        note="Đã hoàn thành, có báo cáo kết quả gửi Ban Tuyên giáo và Dân vận Tỉnh ủy.",
    )


def _past_year_task(plan, topic, index, offset, orgs, fields, people, admin, today):
    """Earlier years: mostly done (a few late); in the previous year, a few still overdue."""
    specialist = people.get("chuyenvien.tgdv", admin)
    deadline = datetime.date(plan.year, topic.month, 20 if topic.month != 2 else 28)
    task = _create(plan, topic, deadline, orgs, fields, specialist)
    _report(
        task,
        topic.lead,
        people,
        admin,
        60,
        "in_progress",
        "Đã triển khai văn bản hướng dẫn, đăng tải tin bài trên cổng thông tin điện tử.",
    )
    if offset == 1 and index % 7 == 3:
        return task  # still open, long overdue
    late = index % 5 == 2
    completed = deadline + datetime.timedelta(days=12 if late else -5)
    _complete(task, topic, people, admin, completed, today)
    return task


def _current_year_task(plan, topic, index, offset, orgs, fields, people, admin, today):
    """This year: every bucket, due-soon tasks, an approved and a pending extension, a reopened
    task, recurring monthly reports."""
    specialist = people.get("chuyenvien.tgdv", admin)
    shapes = (-150, -95, -60, -40, -25, -12, -6, -2, 2, 5, 9, 16, 25, 35, 48, 60, -80, -30, 20, 70)
    deadline = today + datetime.timedelta(days=shapes[index % len(shapes)])
    recurring = {"report_frequency": "monthly", "report_day": 20} if index % 4 == 1 else {}
    task = _create(plan, topic, deadline, orgs, fields, specialist, **recurring)
    due = deadline < today
    if index % 3 != 2:
        _report(
            task,
            topic.lead,
            people,
            admin,
            50 if not due else 80,
            "in_progress",
            "Đã xây dựng kế hoạch chi tiết, phân công phòng chuyên môn thực hiện.",
        )
    for co in topic.co[:1]:
        if index % 2 == 0:
            _report(
                task,
                co,
                people,
                admin,
                40,
                "in_progress",
                "Đã phối hợp cung cấp thông tin, cử cán bộ tham gia hội nghị.",
            )
    if due and index % 4 in (0, 3):
        late = index % 8 == 3
        completed = deadline + datetime.timedelta(days=6 if late else -3)
        _complete(task, topic, people, admin, completed, today)
    elif not due and index in (12, 18):
        _extension(task, topic, people, admin, specialist, approve=index == 12)
    if index == 0 and task.completed_on is not None:
        services.reopen_task(
            task=task,
            by=specialist,
            reason="Báo cáo kết quả chưa kèm số liệu cấp xã; đề nghị bổ sung.",
        )
        services.add_comment(
            task=task,
            by=specialist,
            body="Đề nghị Sở bổ sung số liệu các xã, phường trước khi xác nhận lại.",
        )
    return task


def _extension(task, topic, people, admin, specialist, *, approve: bool):
    lead = task.participants.get(organization__identifier=topic.lead)
    extension = services.request_extension(
        task=task,
        by=_actor(topic.lead, people, admin),
        organization=lead.organization,
        requested_deadline=task.effective_deadline + datetime.timedelta(days=30),
        reason="Chờ số liệu tổng hợp từ các xã, phường sau sắp xếp đơn vị hành chính.",
    )
    if approve:
        services.decide_extension(
            extension=extension, by=specialist, approve=True, reason="Đồng ý gia hạn 30 ngày."
        )
