"""Demo data: a survey mission of the Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa (38.BTGDVTU)
to three departments on propaganda for digital transformation and information for the press.

Dated from the real current date, so the four buckets stay populated whenever the demo is
loaded: the mission worked about four months ago (always after the 2025 merger that created the
department), its decision was numbered in the department's QĐ sequence a week before, and its
recommendations fell due two months ago (done on time), six weeks ago (done late), a month ago
(still open: overdue) and fall due in two months (open, within its deadline). Everything goes
through the services. Idempotent: the mission is found again by its title.
"""

import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from phoihop.org.models import Area, Organization, User
from phoihop.plans import services as plans

from . import services
from .models import Finding, Mission

DEPARTMENT = "38.BTGDVTU"
VISITED = ("38.SYT", "38.SGDDT", "38.SVHTTDL")
TITLE = (
    "Khảo sát công tác tuyên truyền chuyển đổi số và cung cấp thông tin cho báo chí tại một số "
    "sở, ngành"
)
TOPICS = (
    "Việc quán triệt, tuyên truyền Nghị quyết số 57-NQ/TW ngày 22-12-2024 của Bộ Chính trị về "
    "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia\n"
    "Phát ngôn và cung cấp thông tin cho báo chí theo quy định\n"
    "Chuyên mục hỏi đáp, tiếp nhận phản ánh của người dân trên cổng thông tin điện tử\n"
    "Phối hợp với Ban Tuyên giáo và Dân vận Tỉnh ủy trong định hướng thông tin"
)
# (visited identifier, day of the visit after the start, commune code, findings)
VISITS = (
    (
        "38.SYT",
        0,
        "14797",
        (
            (
                Finding.Kind.STRENGTH,
                "Cung cấp thông tin cho báo chí",
                "Công bố người phát ngôn và số điện thoại trên cổng thông tin điện tử của Sở; "
                "tổ chức họp báo định kỳ hằng quý về công tác y tế.",
            ),
            (
                Finding.Kind.SHORTCOMING,
                "Chuyên mục hỏi đáp",
                "Chuyên mục hỏi đáp về khám, chữa bệnh bảo hiểm y tế trên cổng thông tin chưa được "
                "cập nhật thường xuyên; một số câu hỏi của người dân chưa được trả lời.",
            ),
        ),
    ),
    (
        "38.SGDDT",
        1,
        "14797",
        (
            (
                Finding.Kind.SHORTCOMING,
                "Tuyên truyền Nghị quyết 57-NQ/TW",
                "Việc tuyên truyền Nghị quyết số 57-NQ/TW đến cán bộ, giáo viên còn chậm; chưa "
                "xây dựng kế hoạch tuyên truyền riêng cho khối trường học.",
            ),
        ),
    ),
    (
        "38.SVHTTDL",
        2,
        "14758",
        (
            (
                Finding.Kind.STRENGTH,
                "Chuyển đổi số",
                "Số hóa hồ sơ di tích cấp tỉnh, giới thiệu trên nền tảng du lịch thông minh.",
            ),
            (
                Finding.Kind.SHORTCOMING,
                "Phối hợp định hướng thông tin",
                "Chưa gửi Ban Tuyên giáo và Dân vận Tỉnh ủy báo cáo tình hình dư luận về các lễ "
                "hội đầu năm theo quy chế phối hợp.",
            ),
        ),
    ),
)


def _log(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def seed(*, stdout: TextIO | None = None) -> None:
    orgs = {
        o.identifier: o for o in Organization.objects.filter(identifier__in=[DEPARTMENT, *VISITED])
    }
    missing = sorted({DEPARTMENT, *VISITED} - set(orgs))
    if missing:
        _log(stdout, f"  Bỏ qua đoàn khảo sát: chưa có tổ chức {', '.join(missing)}.")
        return
    if Mission.objects.filter(title=TITLE, organization=orgs[DEPARTMENT]).exists():
        _log(stdout, "  Đoàn khảo sát trình diễn đã có; không tạo thêm.")
        return
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=["admin", "lanhdao.tgdv", "chuyenvien.tgdv", "daumoi.syt", "daumoi.sgddt"]
        )
    }
    admin = people.get("admin") or User.objects.filter(is_superuser=True).first()
    if admin is None:
        _log(stdout, "  Bỏ qua đoàn khảo sát: chưa có tài khoản quản trị.")
        return
    with transaction.atomic():
        _seed(orgs, people, admin, timezone.localdate())
    _log(stdout, "  Đoàn khảo sát ba sở với 5 nhận xét và 4 kiến nghị (đủ bốn nhóm tình trạng).")


def _seed(orgs, people, admin, today: datetime.date) -> None:
    by = people.get("chuyenvien.tgdv", admin)
    leader = people.get("lanhdao.tgdv")
    starts = today - datetime.timedelta(days=125)
    ends = starts + datetime.timedelta(days=4)
    mission = services.create_mission(
        by=admin,
        organization=orgs[DEPARTMENT],
        kind=Mission.Kind.SURVEY,
        title=TITLE,
        topics=TOPICS,
        starts_on=starts,
        ends_on=ends,
        leader=leader,
        members=[p for p in [by] if p is not admin],
        decision_issued_on=starts - datetime.timedelta(days=7),
    )
    areas = {a.code: a for a in Area.objects.filter(code__in=[v[2] for v in VISITS])}
    findings = {}
    for identifier, offset, commune, notes in VISITS:
        visit = services.add_visit(
            mission=mission,
            by=admin,
            organization=orgs[identifier],
            visited_on=starts + datetime.timedelta(days=offset),
            area=areas.get(commune),
        )
        for kind, topic, text in notes:
            finding = services.add_finding(visit=visit, by=admin, kind=kind, topic=topic, text=text)
            if kind == Finding.Kind.SHORTCOMING:
                findings[identifier] = finding

    def recommend(identifier, text, deadline):
        return services.add_recommendation(
            mission=mission,
            by=admin,
            organization=orgs[identifier],
            text=text,
            deadline=deadline,
            finding=findings.get(identifier),
        )

    on_time = recommend(
        "38.SYT",
        "Rà soát, trả lời đầy đủ các câu hỏi tồn đọng trên chuyên mục hỏi đáp về bảo hiểm y tế; "
        "phân công cán bộ cập nhật hằng tuần.",
        today - datetime.timedelta(days=60),
    )
    late = recommend(
        "38.SGDDT",
        "Ban hành kế hoạch tuyên truyền Nghị quyết số 57-NQ/TW trong các cơ sở giáo dục, gửi Ban "
        "Tuyên giáo và Dân vận Tỉnh ủy để theo dõi.",
        today - datetime.timedelta(days=45),
    )
    recommend(
        "38.SVHTTDL",
        "Gửi báo cáo tình hình dư luận xã hội về các lễ hội đầu năm và thực hiện báo cáo định kỳ "
        "theo quy chế phối hợp.",
        today - datetime.timedelta(days=30),
    )
    recommend(
        "38.SGDDT",
        "Tổ chức hội nghị báo cáo viên chuyên đề về chuyển đổi số trong giáo dục cho cán bộ quản "
        "lý các trường trung học phổ thông.",
        today + datetime.timedelta(days=60),
    )
    plans.confirm_completion(
        task=on_time.task,
        by=people.get("daumoi.syt", admin),
        completed_on=on_time.deadline - datetime.timedelta(days=9),
        note="Đã trả lời 46 câu hỏi tồn đọng; chuyên mục cập nhật vào thứ Sáu hằng tuần.",
        despite_unreported=True,
    )
    plans.confirm_completion(
        task=late.task,
        by=people.get("daumoi.sgddt", admin),
        completed_on=late.deadline + datetime.timedelta(days=12),
        note="Kế hoạch tuyên truyền đã ban hành và gửi các trường.",
        despite_unreported=True,
    )
