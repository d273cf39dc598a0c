"""Demo data for the directives app, on top of the organisations of phoihop.org.demo.

The central catalogue comes from the data migration (real numbers and dates). Here: Thanh Hóa's
own documents implementing central ones (provincial numbers are invented but plausible), the
Tỉnh ủy's congress terms (illustrative dates), review milestones — some due soon relative to
today — and a few reserved numbers (the reviews app's demo step sends their reminders).

Idempotent: documents are keyed by (organisation, symbol, term/year), milestones by (document,
responsible organisation, kind, label); a second run creates nothing.
"""

import datetime
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from phoihop.core import search
from phoihop.org.models import Field, Organization, User
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review

from . import reference, services
from .models import Document, DocumentType, PartyTerm

D = datetime.date

# Thanh Hóa provincial Party congress terms. Illustrative dates for the demo (marked uncertain):
# provincial congresses close a few months before the national one.
TINH_UY_TERMS = (
    (16, "XVI", D(2005, 12, 10), D(2010, 10, 15)),
    (17, "XVII", D(2010, 10, 15), D(2015, 10, 17)),
    (18, "XVIII", D(2015, 10, 17), D(2020, 10, 16)),
    (19, "XIX", D(2020, 10, 16), D(2025, 10, 15)),
    (20, "XX", D(2025, 10, 15), None),
)


@dataclass(frozen=True)
class OwnDocument:
    organization: str  # identifier
    symbol: str
    issued_on: datetime.date
    issuing_body: str
    abstract: str
    implements: tuple[tuple[str, datetime.date], ...]  # (symbol, date)
    full_text: str = ""
    fields: tuple[str, ...] = ()


OWN_DOCUMENTS = (
    OwnDocument(
        "38.TU",
        "15-KH/TU",
        D(2009, 11, 10),
        "Ban Thường vụ Tỉnh ủy Thanh Hóa",
        "Thực hiện Chỉ thị số 38-CT/TW ngày 7-9-2009 của Ban Bí thư về đẩy mạnh công tác bảo "
        "hiểm y tế trong tình hình mới",
        (("38-CT/TW", D(2009, 9, 7)),),
        "Thực hiện Chỉ thị số 38-CT/TW, ngày 7-9-2009 của Ban Bí thư Trung ương Đảng (khóa X) về "
        "đẩy mạnh công tác bảo hiểm y tế trong tình hình mới, Ban Thường vụ Tỉnh ủy xây dựng kế "
        "hoạch thực hiện như sau.\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức của cấp ủy, chính "
        "quyền, Mặt trận Tổ quốc và các đoàn thể về bảo hiểm y tế toàn dân.\n2. Phấn đấu đến năm "
        "2014 có trên 70% dân số tham gia bảo hiểm y tế.\n\nII. NHIỆM VỤ, GIẢI PHÁP\n"
        "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Y tế, Bảo hiểm xã hội tỉnh tổ chức "
        "tuyên truyền sâu rộng Chỉ thị 38-CT/TW trong cán bộ, đảng viên và Nhân dân.",
        ("y-te", "bao-hiem-xa-hoi"),
    ),
    OwnDocument(
        "38.TU",
        "28-CTr/TU",
        D(2018, 3, 15),
        "Ban Chấp hành Đảng bộ tỉnh Thanh Hóa",
        "Chương trình hành động thực hiện Nghị quyết số 20-NQ/TW ngày 25-10-2017 của Hội nghị "
        "Trung ương 6 khóa XII về tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe Nhân "
        "dân trong tình hình mới",
        (("20-NQ/TW", D(2017, 10, 25)),),
        "Thực hiện Nghị quyết số 20-NQ/TW ngày 25-10-2017 của Hội nghị lần thứ sáu Ban Chấp hành "
        "Trung ương Đảng khóa XII và Nghị quyết 21-NQ/TW về công tác dân số trong tình hình mới, "
        "Ban Chấp hành Đảng bộ tỉnh ban hành Chương trình hành động.\nSở Y tế chủ trì tham mưu; "
        "Ban Tuyên giáo Tỉnh ủy chủ trì công tác tuyên truyền theo Quyết định 238-QĐ/TW.",
        ("y-te",),
    ),
    OwnDocument(
        "38.SYT",
        "1520/KH-SYT",
        D(2018, 6, 5),
        "Sở Y tế tỉnh Thanh Hóa",
        "Kế hoạch triển khai Chương trình hành động số 28-CTr/TU của Tỉnh ủy thực hiện Nghị quyết "
        "số 20-NQ/TW về bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân",
        (("28-CTr/TU", D(2018, 3, 15)),),
        "Căn cứ Chương trình hành động số 28-CTr/TU ngày 15-3-2018 của Tỉnh ủy Thanh Hóa; Sở Y tế "
        "xây dựng kế hoạch triển khai với các chỉ tiêu đến năm 2025.",
        ("y-te",),
    ),
    OwnDocument(
        "38.TU",
        "210-KH/TU",
        D(2020, 8, 28),
        "Ban Thường vụ Tỉnh ủy Thanh Hóa",
        "Kế hoạch thực hiện Nghị quyết số 58-NQ/TW ngày 5-8-2020 của Bộ Chính trị về xây dựng và "
        "phát triển tỉnh Thanh Hóa đến năm 2030, tầm nhìn đến năm 2045",
        (("58-NQ/TW", D(2020, 8, 5)),),
        "Thực hiện Nghị quyết số 58-NQ/TW, ngày 5-8-2020 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy "
        "ban hành kế hoạch thực hiện. Giao Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền.",
        ("kinh-te",),
    ),
    OwnDocument(
        "38.TU",
        "12-CTr/TU",
        D(2025, 2, 10),
        "Ban Thường vụ Tỉnh ủy Thanh Hóa",
        "Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW ngày 22-12-2024 của Bộ Chính "
        "trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        (("57-NQ/TW", D(2024, 12, 22)),),
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22-12-2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy "
        "ban hành Chương trình hành động.",
        ("khoa-hoc-cong-nghe", "thong-tin-truyen-thong"),
    ),
    OwnDocument(
        "38.BTGDVTU",
        "45-KH/BTGDVTU",
        D(2025, 3, 20),
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        "Kế hoạch tuyên truyền Nghị quyết số 57-NQ/TW và Chương trình hành động số 12-CTr/TU của "
        "Tỉnh ủy",
        (("12-CTr/TU", D(2025, 2, 10)),),
        "Thực hiện Chương trình hành động số 12-CTr/TU ngày 10-2-2025 của Ban Thường vụ Tỉnh ủy và "
        "Quy chế phối hợp ban hành kèm theo Quyết định số 238-QĐ/TW, ngày 30-9-2020 của Ban Bí "
        "thư, Ban Tuyên giáo và Dân vận Tỉnh ủy xây dựng kế hoạch tuyên truyền.",
        ("khoa-hoc-cong-nghe",),
    ),
)


@dataclass(frozen=True)
class Milestone:
    symbol: str
    issued_on: datetime.date
    organization: str | None  # owner of the document (None: central)
    responsible: str
    kind: str
    years_after: int | None = None
    due_in_days: int | None = None  # relative to today, for milestones due soon or overdue
    title: str = ""
    done_on: datetime.date | None = None
    note: str = ""


BTGDV = "38.BTGDVTU"
MILESTONES = (
    Milestone(
        "38-CT/TW", D(2009, 9, 7), None, BTGDV, "final", years_after=10,
        done_on=D(2019, 10, 18), note="Đã tổ chức hội nghị tổng kết 10 năm tại Thanh Hóa.",
    ),
    Milestone(
        "38-CT/TW", D(2009, 9, 7), None, BTGDV, "preliminary", years_after=5,
        done_on=D(2014, 10, 2),
    ),
    Milestone(
        "20-NQ/TW", D(2017, 10, 25), None, BTGDV, "preliminary", years_after=5,
        done_on=D(2022, 11, 30),
    ),
    Milestone("20-NQ/TW", D(2017, 10, 25), None, "38.SYT", "final", years_after=10),
    Milestone(
        "29-NQ/TW", D(2013, 11, 4), None, BTGDV, "final", years_after=10, done_on=D(2023, 12, 5)
    ),
    Milestone("05-CT/TW", D(2016, 5, 15), None, BTGDV, "final", years_after=10),
    Milestone(
        "57-NQ/TW", D(2024, 12, 22), None, BTGDV, "preliminary", due_in_days=29,
        title="Sơ kết 2 năm thực hiện Nghị quyết 57-NQ/TW ngày 22-12-2024",
    ),
    Milestone(
        "58-NQ/TW", D(2020, 8, 5), None, BTGDV, "preliminary", due_in_days=-20,
        title="Sơ kết 5 năm thực hiện Nghị quyết 58-NQ/TW ngày 5-8-2020 (lùi lịch)",
    ),
    Milestone("12-CTr/TU", D(2025, 2, 10), "38.TU", BTGDV, "preliminary", due_in_days=10,
              title="Sơ kết 1 năm thực hiện Chương trình hành động 12-CTr/TU"),
    Milestone("28-CTr/TU", D(2018, 3, 15), "38.TU", "38.SYT", "final", years_after=10),
    Milestone("45-KH/BTGDVTU", D(2025, 3, 20), BTGDV, BTGDV, "other", due_in_days=75,
              title="Đánh giá kết quả tuyên truyền Nghị quyết 57-NQ/TW năm 2026"),
    # Work of their own for the Phú Thọ and commune demo accounts.
    Milestone("57-NQ/TW", D(2024, 12, 22), None, "25.BTGDVTU", "other", due_in_days=40,
              title="Báo cáo kết quả tuyên truyền Nghị quyết 57-NQ/TW sau hợp nhất tỉnh"),
    Milestone("57-NQ/TW", D(2024, 12, 22), None, "38.14797.DU", "other", due_in_days=18,
              title="Báo cáo kết quả tuyên truyền Nghị quyết 57-NQ/TW ở phường Hạc Thành"),
)  # fmt: skip


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _organizations() -> dict[str, Organization]:
    identifiers = {spec.organization for spec in OWN_DOCUMENTS} | {BTGDV, "38.SYT", "38.TU"}
    identifiers |= {spec.responsible for spec in MILESTONES}
    return {o.identifier: o for o in Organization.objects.filter(identifier__in=identifiers)}


def _seed_terms(tinh_uy: Organization) -> None:
    for number, name, starts_on, ends_on in TINH_UY_TERMS:
        PartyTerm.objects.get_or_create(
            organization=tinh_uy,
            number=number,
            defaults={
                "name": name,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "uncertain": True,
                "note": "Dữ liệu trình diễn: ngày bế mạc đại hội Đảng bộ tỉnh cần đối chiếu.",
            },
        )


def _find(
    symbol: str,
    issued_on: datetime.date,
    organization: Organization | None,
    *,
    anywhere: bool = False,
) -> Document | None:
    """The registry document with this symbol and date (owned by `organization` unless
    `anywhere`)."""
    documents = Document.objects.filter(
        symbol_key=reference.key_of(reference.parse(symbol)), issued_on=issued_on
    )
    if not anywhere:
        documents = documents.filter(organization=organization)
    return documents.first()


def _seed_documents(admin: User, organizations: dict[str, Organization]) -> int:
    created = 0
    for spec in OWN_DOCUMENTS:
        organization = organizations[spec.organization]
        if _find(spec.symbol, spec.issued_on, organization):
            continue
        implements = [
            found
            for symbol, day in spec.implements
            if (found := _find(symbol, day, organization=None, anywhere=True))
        ]
        services.create_document(
            by=admin,
            symbol=spec.symbol,
            issued_on=spec.issued_on,
            issuing_body=spec.issuing_body,
            abstract=spec.abstract,
            organization=organization,
            full_text=spec.full_text,
            implements=implements,
            fields=list(_fields(spec.fields)),
        )
        created += 1
    return created


def _fields(codes: tuple[str, ...]):
    return Field.objects.filter(code__in=codes)


def _seed_milestones(admin: User, organizations: dict[str, Organization]) -> int:
    today = timezone.localdate()
    created = 0
    for spec in MILESTONES:
        owner = organizations.get(spec.organization) if spec.organization else None
        document = _find(spec.symbol, spec.issued_on, owner)
        responsible = organizations.get(spec.responsible)
        if document is None or responsible is None:
            continue
        existing = Review.objects.of(document).filter(
            responsible=responsible, kind=spec.kind, title=spec.title
        )
        if existing.exists():
            continue
        due_on = today + datetime.timedelta(days=spec.due_in_days) if spec.due_in_days else None
        review = reviews.create_review(
            subject=document,
            by=admin,
            kind=spec.kind,
            responsible=responsible,
            years_after=spec.years_after,
            due_on=due_on,
            title=spec.title,
        )
        if spec.done_on:
            reviews.complete_review(
                review=review, by=admin, done_on=spec.done_on, report_note=spec.note
            )
        created += 1
    return created


def _seed_numbers(admin: User, organizations: dict[str, Organization]) -> int:
    department = organizations[BTGDV]
    if department.directive_reservations.exists():
        return 0
    plan = DocumentType.objects.get(system="party", code="KH")
    report = DocumentType.objects.get(system="party", code="BC")
    services.reserve_number(
        organization=department,
        type=plan,
        by=admin,
        abstract="Kế hoạch tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng",
    )
    services.reserve_number(
        organization=department,
        type=report,
        by=admin,
        abstract="Báo cáo tình hình dư luận xã hội tháng 11 năm 2026",
    )
    return 2


@transaction.atomic
def seed(*, stdout: TextIO | None = None) -> None:
    admin = User.objects.filter(username="admin").first()
    organizations = _organizations()
    missing = {BTGDV, "38.SYT", "38.TU"} - set(organizations)
    if admin is None or missing:
        _say(stdout, "  Bỏ qua: chưa có tài khoản admin hoặc tổ chức trình diễn của Thanh Hóa.")
        return
    search.index_many(
        Document.objects.filter(organization__isnull=True).select_related("type", "term")
    )
    _seed_terms(organizations["38.TU"])
    documents = _seed_documents(admin, organizations)
    milestones = _seed_milestones(admin, organizations)
    numbers = _seed_numbers(admin, organizations)
    _say(
        stdout,
        f"  Văn bản: {documents} mới, mốc sơ kết/tổng kết: {milestones} mới, "
        f"số đã cấp: {numbers} mới.",
    )
