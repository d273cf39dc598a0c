"""Demo data: Thanh Hóa's coordination programmes with the science-education bloc, their annual
plans for the last three years and about 60 tasks spread over the four buckets; a Phú Thọ
programme with a plan of its own; and a commune plan for phường Hạc Thành.

True to its dates: the 2021–2025 programme and the plans up to 2025 were signed and issued by the
*Ban Tuyên giáo Tỉnh ủy* (38.BTGTU, merged into the Ban Tuyên giáo và Dân vận on 1-2-2025; the
2025 plan was issued in January); from 2026 the merged department (38.BTGDVTU) signs a new
2026–2030 programme. Event-bound tasks fall due before their event (Independence Day propaganda
before 2 September, food safety before Tết), the agencies' focal points are named on their
participations, and the other dates are computed from the real current date, so every bucket
stays populated whenever the demo is loaded. Everything is written through the services (audit
trail, search, notifications). It runs after `phoihop.org.demo.seed()` and is idempotent: each
programme or plan is found again by its number and not created twice.
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
from .models import Plan, Programme, Task
from .services import ParticipantSpec

D = datetime.date
PROGRAMME_NUMBER = "15-CTr/BTGTU"
NEW_PROGRAMME_NUMBER = "03-CTr/BTGDVTU"
OLD_DEPARTMENT = "38.BTGTU"  # signed the 2021–2025 programme; ended 31-1-2025
SIGNING = "38.BTGDVTU"  # the merged department, from 1-2-2025
FIRST_NEW_PROGRAMME_YEAR = 2026
COUNTERPARTS = ("38.SGDDT", "38.SYT", "38.SKHCN", "38.SVHTTDL", "38.SNV", "38.BHXH")
LAW = "38.STP"  # not a party: takes part with a stated reason
# Each agency's demo focal point, named on its participations.
FOCAL_POINTS = {"38.SYT": "daumoi.syt", "38.SGDDT": "daumoi.sgddt"}


@dataclass(frozen=True)
class Topic:
    title: str
    field: str  # Field.code
    lead: str  # identifier
    co: tuple[str, ...] = ()
    month: int = 6  # usual deadline month in a past year
    description: str = ""
    since: int = 2021  # first year the topic exists (e.g. a 2024 resolution)
    due: tuple[int, int] | None = None  # (month, day) before the event it prepares, every year


TOPICS = (
    Topic(
        "Tuyên truyền kỳ thi tốt nghiệp trung học phổ thông",
        "giao-duc",
        "38.SGDDT",
        ("38.SVHTTDL",),
        6,
        "Đưa tin về công tác chuẩn bị, tổ chức kỳ thi; định hướng thông tin khi có sự cố đề thi.",
        due=(6, 10),  # the exam is at the end of June
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
        due=(5, 20),  # before the summer holidays
    ),
    Topic(
        "Phối hợp định hướng thông tin về các khoản thu đầu năm học",
        "giao-duc",
        "38.SGDDT",
        (),
        9,
        "Nội dung phối hợp khi có vấn đề nổi cộm được dư luận quan tâm.",
        due=(9, 15),  # the school year opens on 5 September
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
        due=(1, 15),  # before Tết
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
        8,
        due=(8, 25),  # before 2 September
    ),
    Topic(
        "Tuyên truyền Lễ hội Lam Kinh và bảo tồn di sản văn hóa",
        "van-hoa-the-thao-du-lich",
        "38.SVHTTDL",
        (),
        9,
        due=(9, 15),  # the festival is on the 22nd of the 8th lunar month
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
        due=(7, 20),  # before 27 July
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
    return people.get(FOCAL_POINTS.get(organization_id, ""), admin)


DEMO_PEOPLE = ("admin", "chuyenvien.tgdv", "lanhdao.tgdv", "chuyenvien.phutho", "xa.hacthanh")


def seed(*, stdout: TextIO | None = None) -> None:
    identifiers = {OLD_DEPARTMENT, SIGNING, *COUNTERPARTS, LAW}
    identifiers |= {*PHU_THO_PARTIES, *HAC_THANH_PARTIES}
    orgs = {o.identifier: o for o in Organization.objects.filter(identifier__in=identifiers)}
    missing = sorted(identifiers - set(orgs))
    if missing:
        _log(stdout, f"  Bỏ qua dữ liệu kế hoạch: chưa có tổ chức {', '.join(missing)}.")
        return
    people = {
        u.username: u
        for u in User.objects.filter(username__in=[*DEMO_PEOPLE, *FOCAL_POINTS.values()])
    }
    admin = people.get("admin") or User.objects.filter(is_superuser=True).first()
    if admin is None:
        _log(stdout, "  Bỏ qua dữ liệu kế hoạch: chưa có tài khoản quản trị.")
        return
    today = timezone.localdate()
    count = 0
    with transaction.atomic():
        if Programme.objects.filter(number=PROGRAMME_NUMBER).exists():
            _log(stdout, "  Chương trình phối hợp trình diễn của Thanh Hóa đã có; không tạo thêm.")
        else:
            count += _seed(orgs, people, admin, today)
        count += _seed_phu_tho(orgs, people, admin, today)
        count += _seed_commune(orgs, people, admin, today)
    sent = reminders.send_reminders(email=False)
    _log(stdout, f"  Nhiệm vụ mới: {count}; {sum(sent.values())} thông báo nhắc hạn.")


def _seed(orgs, people, admin, today: datetime.date) -> int:
    specialist = people.get("chuyenvien.tgdv", admin)
    programme = services.create_programme(
        by=specialist,
        signing_organization=orgs[OLD_DEPARTMENT],
        counterparts=[orgs[i] for i in COUNTERPARTS],
        title="Chương trình phối hợp giữa Ban Tuyên giáo Tỉnh ủy với các sở, ngành khối khoa "
        "giáo về công tác tuyên truyền giai đoạn 2021–2025",
        number=PROGRAMME_NUMBER,
        legal_basis="Căn cứ Quy định số 238-QĐ/TW ngày 30-9-2020 của Ban Bí thư về phối hợp giữa "
        "ban tuyên giáo cấp ủy với cơ quan nhà nước cùng cấp; Nghị quyết số 29-NQ/TW ngày "
        "4-11-2013 và Nghị quyết số 20-NQ/TW ngày 25-10-2017 của Ban Chấp hành Trung ương.",
        start_year=2021,
        end_year=2025,
        signed_on=D(2021, 3, 26),
        regular_contents=REGULAR_CONTENTS,
        hot_issue_contents=HOT_ISSUE_CONTENTS,
        midterm_review_on=D(2023, 6, 30),
        final_review_on=D(2025, 12, 15),
    )
    midterm = Review.objects.of(programme).get(kind=Review.Kind.PRELIMINARY)
    reviews.complete_review(review=midterm, by=specialist, done_on=D(2023, 7, 20))
    final = Review.objects.of(programme).get(kind=Review.Kind.FINAL)
    reviews.complete_review(review=final, by=specialist, done_on=min(D(2025, 12, 18), today))
    new_programme = _new_programme(orgs, specialist, today)
    services.add_milestone(
        programme=new_programme,
        by=specialist,
        title="Giao ban 6 tháng khối khoa giáo",
        due_on=today + datetime.timedelta(days=10),
    )
    fields = {f.code: f for f in Field.objects.all()}
    count = 0
    for offset, year in ((2, today.year - 2), (1, today.year - 1), (0, today.year)):
        plan = _plan(year, offset, programme, new_programme, orgs, specialist)
        make = _current_year_task if offset == 0 else _past_year_task
        for index, topic in enumerate(TOPICS):
            if year < topic.since:
                continue
            task = make(plan, topic, index, offset, orgs, fields, people, admin, today)
            if task is not None:
                count += 1
    return count


REGULAR_CONTENTS = (
    "1. Tuyên truyền chủ trương của Đảng, chính sách, pháp luật của Nhà nước về giáo dục, y tế, "
    "khoa học - công nghệ, văn hóa, bảo hiểm xã hội.\n2. Cung cấp thông tin định kỳ cho báo cáo "
    "viên, cộng tác viên dư luận xã hội.\n3. Giao ban 6 tháng khối khoa giáo."
)
HOT_ISSUE_CONTENTS = (
    "Khi có vấn đề nổi cộm (dịch bệnh, sự cố thi cử, thông tin sai lệch trên mạng xã hội): cử "
    "đầu mối, cung cấp thông tin trong 24 giờ, thống nhất nội dung định hướng báo chí."
)


def _new_programme(orgs, specialist, today: datetime.date) -> Programme:
    """The merged department's programme for 2026–2030, signed in January 2026."""
    return services.create_programme(
        by=specialist,
        signing_organization=orgs[SIGNING],
        counterparts=[orgs[i] for i in COUNTERPARTS],
        title="Chương trình phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy với các sở, ngành "
        "khối khoa giáo về công tác tuyên truyền, dân vận giai đoạn 2026–2030",
        number=NEW_PROGRAMME_NUMBER,
        legal_basis="Căn cứ Quy định số 238-QĐ/TW ngày 30-9-2020 của Ban Bí thư; Nghị quyết số "
        "57-NQ/TW ngày 22-12-2024 của Bộ Chính trị; kết quả tổng kết Chương trình phối hợp số "
        f"{PROGRAMME_NUMBER} giai đoạn 2021–2025.",
        start_year=FIRST_NEW_PROGRAMME_YEAR,
        end_year=2030,
        signed_on=min(D(2026, 1, 20), today),
        regular_contents=REGULAR_CONTENTS,
        hot_issue_contents=HOT_ISSUE_CONTENTS,
        midterm_review_on=D(2028, 6, 30),
        final_review_on=D(2030, 12, 15),
    )


def _plan(year, offset, programme, new_programme, orgs, specialist) -> Plan:
    """The year's plan under the programme in force that year, issued by the department of
    that time (the 2025 plan in January, before the merger)."""
    old = year < FIRST_NEW_PROGRAMME_YEAR
    under = programme if old else new_programme
    issuer = "BTGTU" if old else "BTGDVTU"
    return services.create_plan(
        by=specialist,
        issuing_organization=orgs[OLD_DEPARTMENT if old else SIGNING],
        programme=under,
        year=year,
        title=f"Kế hoạch phối hợp công tác tuyên truyền khoa giáo năm {year}",
        number=f"{20 + offset}-KH/{issuer}",
        description=f"Triển khai Chương trình phối hợp số {under.number} trong năm {year}, gắn "
        "với các ngày kỷ niệm và sự kiện lớn của tỉnh.",
    )


def _create(plan, topic: Topic, deadline, orgs, fields, specialist, people=None, **extra) -> Task:
    people = people or {}
    specs = [_participant(orgs, topic.lead, "lead", people)]
    specs += [_participant(orgs, i, "co", people) for i in topic.co]
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


def _participant(orgs, identifier: str, role: str, people) -> ParticipantSpec:
    """A participation, with the agency's designated focal point when it has one."""
    return ParticipantSpec(orgs[identifier], role, people.get(FOCAL_POINTS.get(identifier, "")))


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
    completed_on = min(completed_on, today)
    department = task.plan.issuing_organization.name.removesuffix(" Thanh Hóa")
    services.confirm_completion(
        despite_unreported=True,
        task=task,
        by=_actor(topic.lead, people, admin),
        completed_on=completed_on,
        note=f"Đã hoàn thành, có báo cáo kết quả gửi {department}.",
    )


def _past_year_task(plan, topic, index, offset, orgs, fields, people, admin, today):
    """Earlier years: mostly done (a few late); in the previous year, a few still overdue."""
    specialist = people.get("chuyenvien.tgdv", admin)
    deadline = D(plan.year, *(topic.due or (topic.month, 20)))
    task = _create(plan, topic, deadline, orgs, fields, specialist, people)
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
    if topic.due:  # bound to its event: due before it, this year
        deadline = D(plan.year, *topic.due)
    else:
        deadline = today + datetime.timedelta(days=shapes[index % len(shapes)])
    recurring = {"report_frequency": "monthly", "report_day": 20} if index % 4 == 1 else {}
    task = _create(plan, topic, deadline, orgs, fields, specialist, people, **recurring)
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
    if due and (topic.due or index % 4 in (0, 3)):  # an event that has passed was worked on
        late = index % 8 == 3
        completed = deadline + datetime.timedelta(days=6 if late else -3)
        _complete(task, topic, people, admin, completed, today)
    elif not due and index in (11, 18):
        _extension(task, topic, people, admin, specialist, approve=index == 11)
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


# --- Phú Thọ and a commune: work of their own for their demo accounts -----------------------------


@dataclass(frozen=True)
class LocalTask:
    title: str
    lead: str
    co: tuple[str, ...] = ()
    due: tuple[int, int] | None = None  # (month, day) this year, before its event
    days: int = 0  # otherwise: days from today
    done: bool = False  # completed (when due)
    monthly: bool = False  # a monthly progress report


PHU_THO_PARTIES = ("25.BTGDVTU", "25.SYT", "25.SGDDT", "25.SKHCN", "25.SVHTTDL", "25.SNV")
PHU_THO_TASKS = (
    LocalTask(
        "Tuyên truyền Lễ Giỗ Tổ Hùng Vương và Tuần Văn hóa - Du lịch Đất Tổ",
        "25.SVHTTDL",
        ("25.SGDDT",),
        due=(3, 31),  # before the 10th of the 3rd lunar month
        done=True,
    ),
    LocalTask(
        "Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22-12-2024 của Bộ Chính trị",
        "25.SKHCN",
        ("25.SGDDT",),
        days=-45,
        done=True,
    ),
    LocalTask(
        "Tuyên truyền vận hành chính quyền địa phương hai cấp sau hợp nhất tỉnh",
        "25.SNV",
        ("25.SKHCN",),
        days=-20,
    ),
    LocalTask("Tuyên truyền phòng, chống dịch bệnh mùa đông xuân", "25.SYT", days=6),
    LocalTask(
        "Tuyên truyền chuyển đổi số ở các xã, phường sau sắp xếp",
        "25.SKHCN",
        ("25.SVHTTDL",),
        days=30,
        monthly=True,
    ),
)

HAC_THANH = "38.14797"
HAC_THANH_PARTIES = (f"{HAC_THANH}.DU", f"{HAC_THANH}.BXDD", f"{HAC_THANH}.UBND")
HAC_THANH_TASKS = (
    LocalTask(
        "Tuyên truyền kỷ niệm Ngày Quốc khánh 2/9 trên hệ thống loa truyền thanh phường",
        f"{HAC_THANH}.BXDD",
        (f"{HAC_THANH}.UBND",),
        due=(8, 25),
        done=True,
    ),
    LocalTask(
        "Phổ biến Nghị quyết Đại hội Đại biểu Đảng bộ phường Hạc Thành lần thứ I",
        f"{HAC_THANH}.BXDD",
        days=-60,
        done=True,
    ),
    LocalTask(
        "Tuyên truyền phòng, chống cháy nổ dịp cuối năm",
        f"{HAC_THANH}.UBND",
        (f"{HAC_THANH}.BXDD",),
        days=-4,
    ),
    LocalTask(
        "Tổ chức đối thoại với Nhân dân về dịch vụ công trực tuyến",
        f"{HAC_THANH}.UBND",
        (f"{HAC_THANH}.BXDD",),
        days=5,
    ),
    LocalTask(
        "Báo cáo tình hình dư luận xã hội trên địa bàn phường",
        f"{HAC_THANH}.BXDD",
        days=12,
        monthly=True,
    ),
)


def _seed_phu_tho(orgs, people, admin, today: datetime.date) -> int:
    """Phú Thọ's department (from 1-7-2025) and its own programme, plan and tasks."""
    department = orgs["25.BTGDVTU"]
    if Plan.objects.filter(issuing_organization=department, year=today.year).exists():
        return 0
    specialist = people.get("chuyenvien.phutho", admin)
    programme = Programme.objects.filter(signing_organization=department).first()
    if programme is None:
        programme = services.create_programme(
            by=specialist,
            signing_organization=department,
            counterparts=[orgs[i] for i in PHU_THO_PARTIES[1:]],
            title="Chương trình phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy với các sở, "
            "ngành về công tác tuyên truyền giai đoạn 2025–2030",
            number="08-CTr/BTGDVTU",
            legal_basis="Căn cứ Quy định số 238-QĐ/TW ngày 30-9-2020 của Ban Bí thư.",
            start_year=2025,
            end_year=2030,
            signed_on=min(D(2025, 9, 15), today),
            regular_contents=REGULAR_CONTENTS,
            hot_issue_contents=HOT_ISSUE_CONTENTS,
            midterm_review_on=D(2028, 6, 30),
            final_review_on=D(2030, 12, 15),
        )
    plan = services.create_plan(
        by=specialist,
        issuing_organization=department,
        programme=programme,
        year=today.year,
        title=f"Kế hoạch phối hợp công tác tuyên truyền năm {today.year}",
        number="12-KH/BTGDVTU",
        description=f"Triển khai Chương trình phối hợp số {programme.number} trong năm "
        f"{today.year}.",
    )
    return _local_tasks(plan, PHU_THO_TASKS, orgs, specialist, admin, today)


def _seed_commune(orgs, people, admin, today: datetime.date) -> int:
    """Phường Hạc Thành's own plan: the Ban Xây dựng Đảng carries the propaganda work since
    7-2025, with the ward's People's Committee."""
    party_committee = orgs[f"{HAC_THANH}.DU"]
    if Plan.objects.filter(issuing_organization=party_committee, year=today.year).exists():
        return 0
    specialist = people.get("xa.hacthanh", admin)
    plan = services.create_plan(
        by=specialist,
        issuing_organization=party_committee,
        year=today.year,
        title=f"Kế hoạch công tác tuyên truyền, dân vận năm {today.year} của Đảng ủy phường "
        "Hạc Thành",
        number="05-KH/ĐU",
        description="Cụ thể hóa kế hoạch của Ban Tuyên giáo và Dân vận Tỉnh ủy ở cấp phường.",
    )
    reason = "Ủy ban nhân dân phường phối hợp theo Quy chế làm việc của Đảng ủy phường."
    return _local_tasks(plan, HAC_THANH_TASKS, orgs, specialist, admin, today, reason)


def _local_tasks(plan, specs, orgs, specialist, admin, today: datetime.date, reason="") -> int:
    """The plan's tasks; `reason` is why agencies outside the plan's parties take part."""
    parties = plan.issuing_organization.path
    for spec in specs:
        if spec.due:
            deadline = D(plan.year, *spec.due)
        else:
            deadline = today + datetime.timedelta(days=spec.days)
        participants = [ParticipantSpec(orgs[spec.lead], "lead")]
        participants += [ParticipantSpec(orgs[i], "co") for i in spec.co]
        recurring = {"report_frequency": "monthly", "report_day": 20} if spec.monthly else {}
        task = services.create_task(
            plan=plan,
            by=specialist,
            participants=participants,
            title=spec.title,
            deadline=deadline,
            outside_parties_reason=""
            if all(orgs[i].path.startswith(parties) for i in (spec.lead, *spec.co))
            else reason,
            deadline_exception=""
            if deadline.year == plan.year
            else "Nhiệm vụ chuyển tiếp sang năm sau.",
            **recurring,
        )
        lead = task.participants.get(organization=orgs[spec.lead])
        services.report_progress(
            participant=lead,
            by=admin,
            progress=60,
            status="in_progress",
            content="Đã xây dựng kế hoạch chi tiết, phân công cán bộ thực hiện.",
        )
        if spec.done and deadline < today:
            for co in task.participants.filter(role="co"):
                services.report_progress(
                    participant=co,
                    by=admin,
                    progress=100,
                    status="done",
                    content="Đã hoàn thành phần việc phối hợp, gửi báo cáo kết quả.",
                )
            services.confirm_completion(
                task=task,
                by=admin,
                completed_on=deadline - datetime.timedelta(days=2),
                note=f"Đã hoàn thành, có báo cáo kết quả gửi {plan.issuing_organization.name}.",
            )
    return len(specs)
