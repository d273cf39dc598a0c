"""Demo data: good models and effective ways of working in Thanh Hóa, kept by the Ban Tuyên giáo
và Dân vận Tỉnh ủy (38.BTGDVTU), with their figures, commendations and replications.

Dates are true to the organisations: the departments' models began before the 2025 reform (the
departments were not renamed), the ward Hạc Thành's only after it was formed on 1-7-2025, and
every later date is computed from the real current date, never in the future. Decision numbers
of commendations are left blank rather than invented. Idempotent: a model is found again by its
title.
"""

import datetime
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from phoihop.org.models import Area, Field, Organization, User

from . import services
from .models import GoodModel

KEEPER = "38.BTGDVTU"
COMMUNE_REFORM = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class Spec:
    title: str
    organization: str
    field: str
    started_on: datetime.date | None  # None: computed (after the commune reform)
    summary: str
    figures: str
    area: str = ""
    commendations: tuple[tuple[str, str, int], ...] = ()  # (title, by, days after start)
    replications: tuple[tuple[str, str, int], ...] = ()  # (organisation, area code, days)


SPECS = (
    Spec(
        "Tổ truyền thông cộng đồng phòng, chống sốt xuất huyết tại khu dân cư",
        "38.SYT",
        "y-te",
        datetime.date(2023, 4, 3),
        "Mỗi khu dân cư một tổ gồm nhân viên y tế, chi hội phụ nữ và đoàn thanh niên; hằng tuần "
        "đến từng hộ hướng dẫn diệt lăng quăng, phát thông điệp qua loa truyền thanh và nhóm Zalo "
        "khu phố.",
        "Số ca mắc sốt xuất huyết năm 2024 giảm 42% so với năm 2023\n"
        "Hơn 300 buổi truyền thông trực tiếp tại khu dân cư",
        area="14797",
        commendations=(("Bằng khen", "Chủ tịch Ủy ban nhân dân tỉnh Thanh Hóa", 620),),
        replications=(("", "14758", 850), ("", "16531", 900)),
    ),
    Spec(
        "Xây dựng trường học hạnh phúc gắn với giáo dục kỹ năng sống cho học sinh",
        "38.SGDDT",
        "giao-duc",
        datetime.date(2023, 9, 5),
        "Các trường rà soát nội quy theo hướng tôn trọng, yêu thương; mỗi tuần một tiết sinh hoạt "
        "kỹ năng sống; phòng tham vấn tâm lý học đường do giáo viên đã qua bồi dưỡng phụ trách.",
        "85 trường học đăng ký thực hiện\n"
        "Số vụ bạo lực học đường được ghi nhận giảm từ 17 (năm học 2022–2023) xuống 6",
        commendations=(("Giấy khen", "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa", 700),),
    ),
    Spec(
        "Câu lạc bộ dân ca, dân vũ tại nhà văn hóa khu dân cư",
        "38.SVHTTDL",
        "van-hoa-the-thao-du-lich",
        datetime.date(2024, 3, 1),
        "Sở hỗ trợ hướng dẫn viên và bài bản; nhà văn hóa khu dân cư mở lớp hằng tuần, lồng ghép "
        "tuyên truyền pháp luật và nếp sống văn minh trong các buổi sinh hoạt.",
        "24 câu lạc bộ hoạt động thường xuyên\nHơn 900 hội viên tham gia",
        replications=(("", "15499", 520),),
    ),
    Spec(
        "Nhóm Zalo khu phố kết nối chính quyền với Nhân dân",
        "38.14797.UBND",
        "dan-van",
        None,
        "Mỗi khu phố một nhóm do bí thư chi bộ và trưởng khu phố quản trị; phường đăng thông báo, "
        "hướng dẫn thủ tục và tiếp nhận phản ánh, trả lời trong ngày làm việc.",
        "Tất cả các khu phố của phường có nhóm\n"
        "Phần lớn phản ánh của người dân được trả lời trong ngày làm việc",
        area="14797",
    ),
)


def _log(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def seed(*, stdout: TextIO | None = None) -> None:
    identifiers = {KEEPER, *(s.organization for s in SPECS)}
    orgs = {o.identifier: o for o in Organization.objects.filter(identifier__in=identifiers)}
    if KEEPER not in orgs:
        _log(stdout, f"  Bỏ qua mô hình hay: chưa có tổ chức {KEEPER}.")
        return
    admin = (
        User.objects.filter(username="admin").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if admin is None:
        _log(stdout, "  Bỏ qua mô hình hay: chưa có tài khoản quản trị.")
        return
    today = timezone.localdate()
    fields = {f.code: f for f in Field.objects.all()}
    codes = {s.area for s in SPECS} | {r[1] for s in SPECS for r in s.replications}
    areas = {a.code: a for a in Area.objects.filter(code__in=codes - {""})}
    created = 0
    with transaction.atomic():
        for spec in SPECS:
            if spec.organization not in orgs:
                continue
            if GoodModel.objects.filter(title=spec.title).exists():
                continue
            started = spec.started_on or max(
                COMMUNE_REFORM + datetime.timedelta(days=45), today - datetime.timedelta(days=120)
            )
            practice = services.create_model(
                by=admin,
                keeper=orgs[KEEPER],
                organization=orgs[spec.organization],
                title=spec.title,
                summary=spec.summary,
                figures=spec.figures,
                started_on=min(started, today),
                field=fields.get(spec.field),
                area=areas.get(spec.area),
            )
            for title, conferred_by, days in spec.commendations:
                on = practice.started_on + datetime.timedelta(days=days)
                if on <= today:
                    services.add_commendation(
                        practice=practice,
                        by=admin,
                        title=title,
                        conferred_by=conferred_by,
                        conferred_on=on,
                    )
            for identifier, code, days in spec.replications:
                on = practice.started_on + datetime.timedelta(days=days)
                if on <= today and (orgs.get(identifier) or areas.get(code)):
                    services.add_replication(
                        practice=practice,
                        by=admin,
                        organization=orgs.get(identifier),
                        area=areas.get(code),
                        started_on=on,
                    )
            created += 1
    _log(stdout, f"  Mô hình hay, cách làm hiệu quả mới: {created}.")
