"""Demo data: the materials library of Thanh Hóa's Ban Tuyên giáo và Dân vận Tỉnh ủy (since
1-2-2025; the Ban Tuyên giáo before), with public, signed-in and propagandist-only items, a
corrected outline with its first version kept, the collection for this month's Party cell
meetings, and views and downloads by the demo's people over the past months (each once per
person per day, as the pages count them). The files are small real DOCX and XLSX documents made
here, so the text search inside them works. Idempotent: a second run changes nothing."""

import datetime
import io
import random
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from phoihop.directives.models import Document
from phoihop.org import services as org_services
from phoihop.org.demo import DEMO_PASSWORD
from phoihop.org.models import Field, Membership, Organization, User

from . import services
from .models import Item

D = datetime.date
OWNER = "38.BTGDVTU"
PROPAGANDISTS = "38.DBCVTU"
PUBLISHER = "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa"
COLLECTION = "Tài liệu sinh hoạt chi bộ tháng 12/2026"
Access = Item.Access
Kind = Item.Kind

# (title, kind, access, published on, field codes, tags, directive symbol, publisher, edition,
#  link, paragraphs of the file (None: a link only), also in the collection)
ITEMS = (
    ("Đề cương tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam "
     "(03/02/1930 - 03/02/2026)", Kind.OUTLINE, Access.PUBLIC, D(2026, 1, 12), (),
     "lịch sử Đảng, ngày thành lập Đảng", "", PUBLISHER, "",  "",
     ("Ngày 03/02/1930, tại Cửu Long (Hương Cảng, Trung Quốc), Hội nghị hợp nhất các tổ chức "
      "cộng sản đã thành lập Đảng Cộng sản Việt Nam.",
      "Phần I. Đảng Cộng sản Việt Nam ra đời là bước ngoặt vĩ đại của cách mạng Việt Nam.",
      "Phần II. Đảng bộ tỉnh Thanh Hóa lãnh đạo thực hiện thắng lợi Nghị quyết Đại hội.",
      "Phần III. Nhiệm vụ trọng tâm năm 2026: tuyên truyền sâu rộng, đưa Nghị quyết vào "
      "cuộc sống ở từng chi bộ, khu dân cư."), False),
    ("Đề cương tuyên truyền Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, "
     "đổi mới sáng tạo và chuyển đổi số quốc gia", Kind.OUTLINE, Access.PUBLIC, D(2025, 2, 20),
     ("khoa-hoc-cong-nghe",), "chuyển đổi số, đổi mới sáng tạo", "57-NQ/TW", PUBLISHER, "", "",
     ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị xác định phát triển khoa học, "
      "công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu.",
      "Mục tiêu đến năm 2030: kinh tế số đạt tối thiểu 30% GDP; tỷ lệ sử dụng dịch vụ công "
      "trực tuyến của người dân và doanh nghiệp đạt trên 80%.",
      "Nội dung tuyên truyền ở cơ sở: phổ cập kỹ năng số cho người dân qua tổ công nghệ số "
      "cộng đồng tại các xã, phường."), True),
    ("Tài liệu sinh hoạt chi bộ tháng 12/2026: hướng dẫn nội dung sinh hoạt chuyên đề",
     Kind.GUIDANCE, Access.SIGNED_IN, D(2026, 11, 25), (), "sinh hoạt chi bộ", "", PUBLISHER,
     "", "",
     ("Nội dung sinh hoạt chuyên đề tháng 12/2026: kiểm điểm việc thực hiện nhiệm vụ năm và "
      "phương hướng năm 2027.",
      "Thông tin thời sự: kết quả phát triển kinh tế - xã hội 11 tháng năm 2026 của tỉnh.",
      "Gợi ý thảo luận: vai trò của đảng viên trong vận động Nhân dân thực hiện an toàn thực "
      "phẩm, phòng chống dịch bệnh mùa đông xuân."), True),
    ("Thông tin định hướng dành cho báo cáo viên: vụ việc ngộ độc thực phẩm tại bếp ăn bán trú "
     "trường học", Kind.GUIDANCE, Access.RESTRICTED, D(2026, 11, 12), ("y-te", "giao-duc"),
     "an toàn thực phẩm, bán trú, định hướng dư luận", "", PUBLISHER, "", "",
     ("Tài liệu lưu hành nội bộ, dành cho báo cáo viên, tuyên truyền viên.",
      "Diễn biến: ngày 08/11/2026, một số học sinh có biểu hiện đau bụng sau bữa trưa; ngành "
      "y tế đã cấp cứu kịp thời, không có trường hợp nguy kịch.",
      "Định hướng: thông tin chính xác, kịp thời; không chia sẻ hình ảnh học sinh; nêu rõ các "
      "biện pháp kiểm tra bếp ăn tập thể của Sở Y tế và Sở Giáo dục và Đào tạo."), True),
    ("Tài liệu bồi dưỡng báo cáo viên năm 2026", Kind.PUBLICATION, Access.RESTRICTED,
     D(2026, 6, 5), (), "báo cáo viên, kỹ năng tuyên truyền miệng", "", PUBLISHER,
     "Lưu hành nội bộ", "",
     ("Chuyên đề 1: Kỹ năng tuyên truyền miệng trong tình hình mới.",
      "Chuyên đề 2: Nắm bắt, định hướng dư luận xã hội trên không gian mạng.",
      "Chuyên đề 3: Đấu tranh phản bác quan điểm sai trái, thù địch."), False),
    ("Sổ tay công tác dân vận ở cơ sở", Kind.PUBLICATION, Access.SIGNED_IN, D(2025, 12, 15),
     (), "dân vận khéo, mô hình", "", "Nhà xuất bản Thanh Hóa", "Tái bản lần thứ nhất", "",
     ("Phong trào thi đua \"Dân vận khéo\": cách xây dựng, nhân rộng mô hình ở xã, phường.",
      "Quy chế dân chủ ở cơ sở theo Luật Thực hiện dân chủ ở cơ sở năm 2022."), False),
    ("Phóng sự: Thanh Hóa đưa chuyển đổi số về từng thôn, bản", Kind.VIDEO, Access.PUBLIC,
     D(2026, 9, 18), ("khoa-hoc-cong-nghe",), "chuyển đổi số", "",
     "Báo và Phát thanh, Truyền hình Thanh Hóa", "",
     "https://baothanhhoa.example/video/chuyen-doi-so-thon-ban", None, False),
)  # fmt: skip
CORRECTION = (
    "Ngày 03/02/1930, tại Cửu Long (Hương Cảng, Trung Quốc), Hội nghị hợp nhất các tổ chức cộng "
    "sản đã thành lập Đảng Cộng sản Việt Nam.",
    "Phần I. Đảng Cộng sản Việt Nam ra đời là bước ngoặt vĩ đại của cách mạng Việt Nam.",
    "Phần II. 95 năm Đảng bộ tỉnh Thanh Hóa xây dựng và trưởng thành (1930 - 2025); kết quả "
    "thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XX.",
    "Phần III. Nhiệm vụ trọng tâm năm 2026: tuyên truyền sâu rộng, đưa Nghị quyết vào cuộc sống "
    "ở từng chi bộ, khu dân cư.",
)
FIGURES = (
    ("Chỉ tiêu", "Kế hoạch năm 2026", "Thực hiện 11 tháng"),
    ("Hội nghị báo cáo viên cấp tỉnh", 12, 11),
    ("Lượt tuyên truyền miệng ở xã, phường", 4200, 3980),
    ("Tài liệu, đề cương phát hành", 36, 31),
)


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _docx(title: str, paragraphs) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả 11 tháng"
    for row in FIGURES:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _file_name(title: str, extension: str) -> str:
    return title.split(":")[0][:90].strip() + extension


def _propagandists(owner: Organization, admin: User) -> tuple[Organization, User]:
    """The Party committee's body of propagandists (Đoàn báo cáo viên Tỉnh ủy) and one of
    them, with the demo password."""
    team = Organization.objects.filter(identifier=PROPAGANDISTS).first()
    if team is None:
        team = org_services.create_organization(
            by=admin,
            name="Đoàn báo cáo viên Tỉnh ủy Thanh Hóa",
            abbreviation="ĐBCVTU",
            identifier=PROPAGANDISTS,
            kind=Organization.Kind.OTHER,
            level=Organization.Level.PROVINCE,
            parent=owner.parent,
            area=owner.area,
        )
    person = User.objects.filter(username="baocaovien.thanhhoa").first()
    if person is None:
        membership = org_services.add_member(
            organization=team,
            by=admin,
            role=Membership.Role.COLLABORATOR,
            username="baocaovien.thanhhoa",
            full_name="Lê Văn Thành",
            email="lvthanh@thanhhoa.gov.vn",
            position="Báo cáo viên Tỉnh ủy",
        )
        person = membership.user
        person.set_password(DEMO_PASSWORD)
        person.save(update_fields=["password"])
    return team, person


def _uses(items: list[Item], today: datetime.date) -> int:
    """Views and downloads by the demo's people over the last five months: each reads an item
    on a few days after it came out; two in three of those who open it download it."""
    rng = random.Random(19)
    readers = list(User.objects.filter(is_active=True).order_by("pk"))
    counted = 0
    for item in items:
        first = max(item.published_on, today - datetime.timedelta(days=150))
        span = (today - first).days
        if span <= 0:
            continue
        for reader in readers:
            if not Item.objects.visible_to(reader).filter(pk=item.pk).exists():
                continue
            for _ in range(rng.randint(0, 4)):
                day = first + datetime.timedelta(days=rng.randint(0, span))
                counted += services.record_use(item=item, user=reader, kind="view", day=day)
                if rng.random() < 0.66 and item.current_version_id:
                    counted += services.record_use(item=item, user=reader, kind="download", day=day)
    return counted


@transaction.atomic
def seed(*, stdout: TextIO | None = None) -> None:
    owner = Organization.objects.filter(identifier=OWNER).first()
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if owner is None or admin is None:
        _say(stdout, "Thư viện: chưa có dữ liệu tổ chức trình diễn, bỏ qua.")
        return
    if Item.objects.filter(organization=owner).exists():
        _say(stdout, "Thư viện: đã có dữ liệu trình diễn.")
        return
    team, _person = _propagandists(owner, admin)
    keeper = User.objects.filter(username="chuyenvien.tgdv").first() or admin
    fields = {field.code: field for field in Field.objects.all()}
    items = []
    for (title, kind, access, published_on, field_codes, tags, symbol, publisher, edition,
         link, paragraphs, _in_collection) in ITEMS:  # fmt: skip
        directive = (
            Document.objects.filter(organization__isnull=True, symbol=symbol).first()
            if symbol
            else None
        )
        file = (
            SimpleUploadedFile(_file_name(title, ".docx"), _docx(title, paragraphs))
            if paragraphs
            else None
        )
        item = services.create_item(
            organization=owner,
            kind=kind,
            title=title,
            published_on=published_on,
            access=access,
            fields=[fields[code] for code in field_codes if code in fields],
            tags=tags,
            directive=directive,
            publisher=publisher,
            edition=edition,
            link=link,
            audience_organizations=[team] if access == Access.RESTRICTED else [],
            file=file,
            by=keeper,
        )
        items.append(item)
    # The anniversary outline was corrected a week later: the new version replaces it, the
    # first stays readable.
    services.add_version(
        item=items[0],
        file=SimpleUploadedFile(_file_name(items[0].title, " (bản sửa).docx"),
                                _docx(items[0].title, CORRECTION)),
        note="Bổ sung Phần II: 95 năm Đảng bộ tỉnh (1930 - 2025)",
        by=keeper,
    )  # fmt: skip
    figures = services.create_item(
        organization=owner,
        kind=Kind.OTHER,
        title="Số liệu kết quả công tác tuyên truyền miệng 11 tháng năm 2026",
        published_on=D(2026, 12, 3),
        access=Access.SIGNED_IN,
        tags="số liệu, tuyên truyền miệng",
        publisher=PUBLISHER,
        file=SimpleUploadedFile("So lieu tuyen truyen 11 thang 2026.xlsx", _xlsx()),
        by=keeper,
    )
    items.append(figures)
    services.save_collection(
        collection=None,
        organization=owner,
        title=COLLECTION,
        description="Đề cương, hướng dẫn và thông tin định hướng cho sinh hoạt chi bộ tháng 12.",
        items=[item for item, spec in zip(items, ITEMS, strict=False) if spec[-1]] + [figures],
        by=keeper,
    )
    # The text inside the files, as the worker reads it (run here so the demo searches at once).
    for item in Item.objects.filter(organization=owner):
        for version_id in item.versions.values_list("pk", flat=True):
            services.extract_version_text(version_id)
    counted = _uses(items, timezone.localdate())
    _say(stdout, f"Thư viện: {len(items)} tài liệu, 1 bộ sưu tập, {counted} lượt xem và tải.")
