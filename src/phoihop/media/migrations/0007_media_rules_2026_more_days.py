"""More tagging phrases, written on two more labelled days of press (2026-08-19 and 2026-08-21
in media/data/tagging_tuning_2026.jsonl) with the earlier tuning days and the tuning part of the
first set; measured on two days kept back (tagging_test.jsonl and tagging_test_2.jsonl, ADR
0025's second update).

As in 0006, only rules nobody has edited are changed: a field's keywords get the new phrases
(and the few re-weighted lines) when they are still exactly what migrations 0005 and 0006 wrote;
negative phrases are added, never removed. A phrase at weight 0 is not a word of the field: it
is longer than one that is and hides it where both are found ("trận lũ = 0" keeps "trận" from
counting as sport). Reversing takes the added phrases back out where the keywords are still
exactly what this wrote.
"""

import importlib

from django.db import migrations

ADDED_FIELD_TERMS: dict[str, list[str]] = {
    "quoc-phong-an-ninh": [
        "liệt sĩ = 2", "mạo danh = 2", "nhập lậu = 2", "hàng lậu = 2",
        "đào ngũ = 2", "mũ bảo hiểm = 2", "bị ngã", "cướp biển = 2",
        "trung tướng", "thiếu tướng", "đại tá", "thượng tá",
    ],
    "tu-phap": [
        "toà án = 2", "toà", "TAND = 2", "VKSND = 2", "phúc thẩm = 2", "sơ thẩm = 2",
        "lãnh án = 2", "tuyên phạt = 2", "trả hồ sơ = 2", "điều tra bổ sung = 2",
        "vụ hối lộ = 2", "tham ô", "đơn kiện = 2",
    ],
    "kinh-te": [
        "xếp hạng tín nhiệm = 2", "hãng hàng không = 2", "hãng bay = 2", "đường bay",
        "tài sản mã hóa = 2", "trung tâm tài chính = 2", "thông xe = 2", "doanh nhân = 2",
        "chuyển sản xuất = 2",
    ],
    "moi-truong": [
        "rừng phòng hộ = 2", "chất lượng không khí = 2", "khói mù = 2", "động vật",
        "sét đánh = 2", "dông", "mưa dông = 2", "chất thải = 2",
        "nóng lên", "kinh tế tuần hoàn = 2", "EPR = 2", "cháy rừng = 2",
        "môi trường kinh doanh = 0", "môi trường đầu tư = 0", "môi trường làm việc = 0",
        "môi trường học tập = 0", "môi trường nghề nghiệp = 0", "môi trường giáo dục = 0",
        "môi trường ổn định = 0", "môi trường pháp lý = 0", "môi trường số = 0",
    ],
    "y-te": [
        "khử rung tim = 2", "ăn uống", "chế độ ăn", "ký sinh trùng = 2", "nhiễm",
        "nguy cơ tử vong = 2", "khám bệnh = 2",
    ],
    "giao-duc": [
        "ĐH = 2", "GD-ĐT = 2", "giờ làm thêm = 0",
    ],
    "khoa-hoc-cong-nghe": [
        "tầng đẩy = 2", "robot hình người = 2",
    ],
    "van-hoa-the-thao-du-lich": [
        "pháo hoa = 2", "chuyển nhượng", "treo giò = 2", "màn ảnh = 2",
        "nhiếp ảnh gia = 2", "series", "bộ ảnh", "Man Utd = 2", "trận lũ = 0",
        "trận động đất = 0", "trận mưa = 0",
    ],
    "lao-dong-xa-hoi": [
        "nhà hảo tâm = 2", "mạnh thường quân = 2", "bảo trợ trẻ em = 2", "bảo vệ trẻ em = 2",
        "bạo hành", "trợ cấp cứu = 0", "hỗ trợ cấp cứu = 0",
    ],
    "noi-vu": [
        "sắp xếp hành chính = 2", "dôi dư = 2", "tổ chức Đảng = 2", "sách nhiễu",
        "ủy ban thường vụ quốc hội = 0", "thi đua", "khen thưởng",
    ],
    "thong-tin-truyen-thong": [
        "mã độc = 2", "tin tặc = 2", "hacker = 2", "wifi = 2", "TikTok", "TikToker = 2",
        "tấn công mạng = 2",
    ],
    "bao-chi-xuat-ban": ["nhà xuất bản giáo dục = 0"],
    "dan-van": [
        "Tôi yêu Tổ quốc tôi = 2", "vong nhân", "nghi lễ",
    ],
}  # fmt: skip

# Lines of 0005/0006 given another weight (the old line → the new one).
REWEIGHTED_FIELD_TERMS: dict[str, dict[str, str]] = {
    "lao-dong-xa-hoi": {"giờ làm = 2": "giờ làm", "người cao tuổi = 2": "người cao tuổi"},
}

ADDED_NEGATIVE_TERMS: list[str] = [
    "bị phạt", "bị xử phạt", "chậm đóng", "nợ đóng", "đắp chiếu", "lãng phí",
    "giả mạo", "mạo danh", "sai quy định", "thiếu kiểm tra", "quảng cáo sai",
    "tiêu hủy", "chưa được phép", "đào ngũ", "trục lợi", "ẩu đả", "bao chiếm", "lấn chiếm",
    "bị đánh", "khói mù", "ô nhiễm không khí", "tấn công mạng", "mã độc", "bị rao bán",
    "phá hoại", "kêu cứu", "mắc kẹt", "sàm sỡ", "dâm ô", "xâm hại", "trốn thuế", "tham ô",
    "sạt lở", "cô lập", "chia cắt", "nhập lậu", "hàng lậu", "cướp biển", "lừa dối",
    "xuyên tạc", "xúc phạm", "sai sự thật", "bạo hành", "dương tính",
    "chết máy = 0", "nguy cơ tử vong = 0", "chống tội phạm = 0", "phòng chống tội phạm = 0",
    "tội phạm về ma túy = 0", "cảnh sát điều tra tội phạm về ma túy = 0",
    "phòng chống ma túy = 0", "bị đánh giá = 0", "có bị phạt = 0", "có bị xử phạt = 0",
    "biên bản xử phạt", "tịch thu", "san phẳng",
]  # fmt: skip


def _module(name):
    return importlib.import_module(f"phoihop.media.migrations.{name}")


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _written(code: str) -> list[str]:
    """A field's keywords as migrations 0005 and 0006 left them."""
    before = list(_module("0005_weighted_rules").FIELD_TERMS.get(code, []))
    added = _module("0006_media_rules_2026").ADDED_FIELD_TERMS.get(code, [])
    return before + [term for term in added if term not in before]


def _rewritten(code: str) -> list[str]:
    reweighted = REWEIGHTED_FIELD_TERMS.get(code, {})
    before = [reweighted.get(line, line) for line in _written(code)]
    return before + [term for term in ADDED_FIELD_TERMS.get(code, []) if term not in before]


def _change(apps, *, adding: bool):
    Field = apps.get_model("org", "Field")
    FieldKeywords = apps.get_model("media", "FieldKeywords")
    for code in ADDED_FIELD_TERMS.keys() | REWEIGHTED_FIELD_TERMS.keys():
        before, after = _written(code), _rewritten(code)
        old, new = (before, after) if adding else (after, before)
        rule = FieldKeywords.objects.filter(field__code=code).first()
        if rule is None:
            field = Field.objects.filter(code=code).first()
            if adding and field is not None:
                FieldKeywords.objects.create(field=field, terms="\n".join(after))
        elif _lines(rule.terms) == old:
            rule.terms = "\n".join(new)
            rule.save(update_fields=["terms"])


def forwards(apps, schema_editor):
    _change(apps, adding=True)
    NegativeTerm = apps.get_model("media", "NegativeTerm")
    for term in ADDED_NEGATIVE_TERMS:
        NegativeTerm.objects.get_or_create(term=term)


def backwards(apps, schema_editor):
    _change(apps, adding=False)
    NegativeTerm = apps.get_model("media", "NegativeTerm")
    earlier = set(_module("0002_media_rules").NEGATIVE_TERMS)
    earlier |= set(_module("0005_weighted_rules").NEGATIVE_TERMS)
    earlier |= set(_module("0006_media_rules_2026").ADDED_NEGATIVE_TERMS)
    NegativeTerm.objects.filter(term__in=set(ADDED_NEGATIVE_TERMS) - earlier).delete()


class Migration(migrations.Migration):
    dependencies = [("media", "0006_media_rules_2026")]

    operations = [migrations.RunPython(forwards, backwards)]
