"""The first tagging rules: keywords of each field of work and the negative terms. They are
editable reference data afterwards (Django admin); this migration never overwrites an edit."""

from django.db import migrations

FIELD_TERMS = {
    "giao-duc": [
        "học sinh", "giáo viên", "trường học", "nhà trường", "bán trú", "mầm non", "tiểu học",
        "trung học", "sách giáo khoa", "tuyển sinh", "kỳ thi", "sinh viên", "đại học",
        "học phí", "giáo dục",
    ],
    "y-te": [
        "bệnh viện", "bác sĩ", "bệnh nhân", "ngộ độc", "ngộ độc thực phẩm", "dịch bệnh",
        "tiêm chủng", "trạm y tế", "cấp cứu", "khám chữa bệnh", "sốt xuất huyết", "y tế",
        "quá tải", "thuốc", "điều trị",
    ],
    "moi-truong": [
        "ô nhiễm", "rác thải", "nước thải", "khai thác cát", "môi trường", "khí thải",
        "sạt lở", "xả thải", "khoáng sản",
    ],
    "nong-nghiep": [
        "nông dân", "lúa", "cây trồng", "vật nuôi", "chăn nuôi", "thủy sản", "thủy lợi",
        "mùa vụ", "nông sản", "dịch tả lợn", "hợp tác xã",
    ],
    "lao-dong-xa-hoi": [
        "người lao động", "công nhân", "việc làm", "tiền lương", "nợ lương", "hộ nghèo",
        "người có công", "trợ cấp", "bảo trợ xã hội", "xuất khẩu lao động",
    ],
    "bao-hiem-xa-hoi": ["bảo hiểm xã hội", "bảo hiểm y tế", "nợ đóng bảo hiểm", "lương hưu"],
    "van-hoa-the-thao-du-lich": [
        "lễ hội", "du lịch", "di tích", "du khách", "văn hóa", "thể thao", "giải đấu",
        "nghệ thuật", "bảo tàng",
    ],
    "tu-phap": [
        "khởi tố", "xét xử", "tòa án", "bị cáo", "vi phạm pháp luật", "khiếu nại", "tố cáo",
        "tranh chấp đất đai", "thi hành án",
    ],
    "kinh-te": [
        "doanh nghiệp", "đầu tư", "tăng trưởng", "dự án", "giải ngân", "ngân sách",
        "xuất khẩu", "khu công nghiệp", "giá cả",
    ],
    "quoc-phong-an-ninh": [
        "công an", "an ninh trật tự", "quân đội", "biên giới", "tội phạm", "ma túy",
        "lừa đảo", "cháy nổ",
    ],
    "dan-van": ["dân tộc thiểu số", "tôn giáo", "đồng bào", "dân vận", "hòa giải ở cơ sở"],
    "thong-tin-truyen-thong": [
        "mạng xã hội", "tin giả", "thông tin sai sự thật", "chuyển đổi số", "an toàn thông tin",
    ],
    "noi-vu": ["cán bộ, công chức", "sắp xếp bộ máy", "tinh giản biên chế", "bổ nhiệm", "thi tuyển công chức"],
}  # fmt: skip

NEGATIVE_TERMS = [
    "ngộ độc", "tử vong", "thiệt mạng", "tai nạn", "sai phạm", "tham nhũng", "tiêu cực",
    "bức xúc", "khiếu kiện", "quá tải", "ô nhiễm", "sạt lở", "lừa đảo", "nợ lương",
    "đình công", "gây rối", "tụ tập đông người", "xuống cấp", "chậm tiến độ", "thất thoát",
    "lãng phí", "hỏa hoạn", "cháy lớn", "bạo lực", "nhập viện", "khởi tố", "bắt tạm giam",
    "trục lợi", "thu sai", "lạm thu",
]  # fmt: skip


def seed(apps, schema_editor):
    Field = apps.get_model("org", "Field")
    FieldKeywords = apps.get_model("media", "FieldKeywords")
    NegativeTerm = apps.get_model("media", "NegativeTerm")
    for code, terms in FIELD_TERMS.items():
        field = Field.objects.filter(code=code).first()
        if field is not None:
            FieldKeywords.objects.get_or_create(field=field, defaults={"terms": "\n".join(terms)})
    for term in NEGATIVE_TERMS:
        NegativeTerm.objects.get_or_create(term=term)


class Migration(migrations.Migration):
    dependencies = [("media", "0001_media_initial"), ("org", "0002_fields_of_work")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
