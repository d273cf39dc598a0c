"""Demo data: the six-monthly bloc briefing of Thanh Hóa's science-education bloc (giao ban khối
khoa giáo 6 tháng đầu năm) with its agenda, attendance and conclusions turned into tasks of the
year's plan; a two-day course for the province's propagandists (bồi dưỡng báo cáo viên) with
hours and attendance; and next week's monthly propagandists' conference, in the invitees'
calendars. The briefing cites two items of the library demo (seeded before this one), each
published before the briefing: the outline of Resolution 57-NQ/TW, read by all, and the
propagandists' training book, which only its audience sees named. Dates are real: what is shown
as held was held before today."""

import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from phoihop.library import selectors as library
from phoihop.org.models import Organization, User
from phoihop.plans.models import Plan

from . import services
from .models import Event, EventKind

SIGNING = "38.BTGDVTU"
BLOC = ("38.SYT", "38.SGDDT", "38.SKHCN", "38.SVHTTDL", "38.SNV", "38.BHXH")
# The propagandist (báo cáo viên) is the library demo's account, seeded before this one.
PEOPLE = (
    "lanhdao.tgdv",
    "chuyenvien.tgdv",
    "daumoi.syt",
    "daumoi.sgddt",
    "ctv.thanhhoa",
    "baocaovien.thanhhoa",
)
D = datetime.date

AGENDA = (
    (8, 0, "Khai mạc, giới thiệu đại biểu", "Phó Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy"),
    (
        8,
        15,
        "Báo cáo kết quả công tác khoa giáo 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng "
        "cuối năm",
        "Phòng Khoa giáo, Ban Tuyên giáo và Dân vận Tỉnh ủy",
    ),
    (9, 0, "Tham luận: truyền thông phòng, chống dịch bệnh mùa mưa", "Sở Y tế"),
    (
        9,
        30,
        "Tham luận: giáo dục đạo đức, lối sống và kỹ năng an toàn trên không gian mạng cho "
        "học sinh",
        "Sở Giáo dục và Đào tạo",
    ),
    (
        10,
        0,
        "Tham luận: tuyên truyền Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công "
        "nghệ, đổi mới sáng tạo và chuyển đổi số",
        "Sở Khoa học và Công nghệ",
    ),
    (10, 30, "Thảo luận", ""),
    (11, 0, "Kết luận hội nghị", "Phó Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy"),
)

# The briefing's materials: library demo items by the start of their titles.
MATERIALS = (
    "Đề cương tuyên truyền Nghị quyết số 57-NQ/TW",
    "Tài liệu bồi dưỡng báo cáo viên năm",
)

# (text, lead, co-agencies, deadline month and day); None: recorded but not made a task.
CONCLUSIONS = (
    (
        "Sở Y tế chủ trì, phối hợp với Sở Giáo dục và Đào tạo tăng cường truyền thông phòng, "
        "chống sốt xuất huyết, tay chân miệng trong mùa mưa; báo cáo kết quả trước ngày 30/9.",
        "38.SYT",
        ("38.SGDDT",),
        (9, 30),
    ),
    (
        "Sở Khoa học và Công nghệ chủ trì tổ chức tọa đàm, tuyên truyền Nghị quyết số 57-NQ/TW "
        "của Bộ Chính trị trong quý IV.",
        "38.SKHCN",
        (),
        (12, 15),
    ),
    (
        "Sở Giáo dục và Đào tạo chủ trì biên soạn tài liệu giáo dục kỹ năng an toàn trên không "
        "gian mạng cho học sinh trung học phổ thông.",
        "38.SGDDT",
        ("38.SKHCN",),
        (12, 31),
    ),
    (
        "Các sở, ngành khối khoa giáo gửi báo cáo kết quả công tác khoa giáo năm về Ban Tuyên "
        "giáo và Dân vận Tỉnh ủy trước ngày 5/12 để tổng hợp.",
        None,
        (),
        None,
    ),
)


def _at(day: D, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def _log(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def seed(*, stdout: TextIO | None = None) -> None:
    orgs = {o.identifier: o for o in Organization.objects.filter(identifier__in=[SIGNING, *BLOC])}
    people = {u.username: u for u in User.objects.filter(username__in=PEOPLE)}
    organiser = people.get("chuyenvien.tgdv")
    if SIGNING not in orgs or organiser is None:
        _log(stdout, "  Bỏ qua dữ liệu hội nghị: chưa có Ban Tuyên giáo và Dân vận Tỉnh ủy.")
        return
    today = timezone.localdate()
    made = 0
    with transaction.atomic():
        made += _briefing(orgs, people, organiser, today, stdout)
        made += _course(orgs, people, organiser, today)
        made += _monthly_conference(orgs, people, organiser, today)
        linked = _briefing_materials(orgs, organiser)
    _log(
        stdout,
        f"  Hội nghị, lớp tập huấn mới: {made}; tài liệu gắn vào hội nghị giao ban: {linked}.",
    )


def _briefing(orgs, people, organiser, today: D, stdout) -> int:
    # The first half's briefing is held in the second week of July.
    year = today.year if today > D(today.year, 7, 10) else today.year - 1
    day = D(year, 7, 10)
    title = f"Hội nghị giao ban khối khoa giáo 6 tháng đầu năm {year}"
    if Event.objects.filter(title=title).exists():
        return 0
    plan = Plan.objects.filter(issuing_organization=orgs[SIGNING], year=year).first()
    event = services.create_event(
        by=organiser,
        organizer=orgs[SIGNING],
        kind=EventKind.objects.get(code="giao-ban"),
        title=title,
        description="Thành phần: lãnh đạo Ban Tuyên giáo và Dân vận Tỉnh ủy; lãnh đạo, cán bộ "
        "đầu mối các sở, ngành khối khoa giáo; Phòng Khoa giáo.",
        starts_at=_at(day, 8),
        ends_at=_at(day, 11, 30),
        place="Hội trường tầng 3, trụ sở Tỉnh ủy Thanh Hóa, số 45 Đại lộ Lê Lợi",
        plan=plan,
        programme=plan.programme if plan else None,
    )
    for hour, minute, text, presenter in AGENDA:
        services.add_agenda_item(
            event=event,
            by=organiser,
            title=text,
            presenter=presenter,
            starts_at=datetime.time(hour, minute),
        )
    invitees = [people[u] for u in ("lanhdao.tgdv", "daumoi.syt", "daumoi.sgddt") if u in people]
    services.invite(
        event=event,
        by=organiser,
        organizations=[orgs[i] for i in BLOC if i in orgs],
        people=[organiser, *invitees],
        email=False,
    )
    for participant in event.participants.all():
        services.check_in(participant=participant, by=organiser)
    for text, lead, co, deadline in CONCLUSIONS:
        conclusion = services.add_conclusion(event=event, by=organiser, text=text)
        if lead is None or plan is None or lead not in orgs:
            continue
        services.conclusion_to_task(
            conclusion=conclusion,
            by=organiser,
            spec=services.TaskSpec(
                plan=plan,
                lead=orgs[lead],
                co=[orgs[i] for i in co if i in orgs],
                deadline=D(year, *deadline),
            ),
        )
    if plan is None:
        _log(stdout, f"  Chưa có kế hoạch năm {year}: kết luận giao ban chưa giao thành nhiệm vụ.")
    return 1


def _briefing_materials(orgs, organiser) -> int:
    """Cite the library's items in the latest briefing, once (the library seeds first; without
    it, nothing is cited)."""
    event = (
        Event.objects.filter(
            organizer=orgs[SIGNING], title__startswith="Hội nghị giao ban khối khoa giáo"
        )
        .order_by("-starts_at")
        .first()
    )
    if event is None or event.materials.exists():
        return 0
    held = event.local_start.date()
    linked = 0
    for start in MATERIALS:
        item = (
            library.items_of_organizations(organiser, [event.organizer_id])
            .filter(title__startswith=start, published_on__lte=held)
            .first()
        )
        if item is not None:
            services.add_material(event=event, by=organiser, item=item)
            linked += 1
    return linked


def _course(orgs, people, organiser, today: D) -> int:
    # Held in the third week of October, or of April before October comes.
    year, month = (today.year, 10) if today > D(today.year, 10, 16) else (today.year, 4)
    if today <= D(today.year, 4, 16):
        year, month = today.year - 1, 10
    first = D(year, month, 15)
    title = f"Lớp bồi dưỡng, cập nhật kiến thức cho báo cáo viên Tỉnh ủy năm {year}"
    if Event.objects.filter(title=title).exists():
        return 0
    event = services.create_event(
        by=organiser,
        organizer=orgs[SIGNING],
        kind=EventKind.objects.get(code="boi-duong-bcv"),
        title=title,
        description="Chuyên đề: tình hình thời sự trong nước và quốc tế; kỹ năng tuyên truyền "
        "miệng và trên mạng xã hội; đấu tranh phản bác quan điểm sai trái, thù địch.",
        starts_at=_at(first, 7, 30),
        ends_at=_at(first + datetime.timedelta(days=1), 16, 30),
        place="Trường Chính trị tỉnh Thanh Hóa",
        training_hours=12,
    )
    for hour, text, presenter in (
        (
            7,
            "Chuyên đề 1: tình hình thời sự trong nước, quốc tế nổi bật",
            "Báo cáo viên Trung ương",
        ),
        (13, "Chuyên đề 2: kỹ năng tuyên truyền miệng", "Trường Chính trị tỉnh"),
        (15, "Chuyên đề 3: thông tin định hướng trên mạng xã hội", "Phòng Khoa giáo"),
    ):
        services.add_agenda_item(
            event=event,
            by=organiser,
            title=text,
            presenter=presenter,
            starts_at=datetime.time(hour, 30),
        )
    attendees = [
        people[u]
        for u in ("chuyenvien.tgdv", "ctv.thanhhoa", "daumoi.syt", "baocaovien.thanhhoa")
        if u in people
    ]
    absent = [people[u] for u in ("daumoi.sgddt",) if u in people]
    services.invite(event=event, by=organiser, people=[*attendees, *absent], email=False)
    for participant in event.participants.filter(person__in=attendees):
        services.check_in(participant=participant, by=organiser)
    for participant in event.participants.filter(person__in=absent):
        services.answer_invitation(participant=participant, by=participant.person, rsvp="declined")
    late = event.participants.filter(person__username="ctv.thanhhoa").first()
    if late is not None:  # came on the second day only
        services.record_training(participant=late, by=organiser, hours=6)
    return 1


def _monthly_conference(orgs, people, organiser, today: D) -> int:
    day = today + datetime.timedelta(days=7)
    title = f"Hội nghị báo cáo viên tháng {day.month}/{day.year}"
    if Event.objects.filter(title=title).exists():
        return 0
    event = services.create_event(
        by=organiser,
        organizer=orgs[SIGNING],
        kind=EventKind.objects.get(code="hoi-nghi"),
        title=title,
        description="Thông tin thời sự, định hướng tuyên truyền tháng; hội nghị trực tiếp kết "
        "hợp trực tuyến đến các điểm cầu cấp xã.",
        starts_at=_at(day, 14),
        ends_at=_at(day, 16, 30),
        place="Hội trường tầng 3, trụ sở Tỉnh ủy Thanh Hóa",
        online_url="https://hop.thanhhoa.gov.vn/hoi-nghi-bao-cao-vien",
    )
    services.invite(
        event=event,
        by=organiser,
        people=[people[u] for u in PEOPLE if u in people],
        email=False,
    )
    return 1
