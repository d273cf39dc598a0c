"""More tagging phrases, written on two more labelled days of press (media/data/
tagging_tuning_2026.jsonl) and the tuning part of the first set; measured on a day kept back
(tagging_test.jsonl, ADR 0025's update).

Only rules nobody has edited are changed: a field's keywords get the new phrases when they are
still exactly what migration 0005 wrote; negative phrases are added, never removed. Reversing
takes the added phrases back out where the keywords are still exactly what this wrote.
"""

import importlib

from django.db import migrations

ADDED_FIELD_TERMS: dict[str, list[str]] = {
    "quoc-phong-an-ninh": [
        "ném bom = 2", "tập trận = 2", "diễn tập", "phi công", "chiến đấu cơ = 2",
        "tàu sân bay = 2", "hải quân = 2", "không quân = 2", "quân chủng = 2", "sư đoàn = 2",
        "quân đoàn = 2", "bộ tư lệnh = 2", "bộ chỉ huy quân sự = 2", "tên lửa đạn đạo = 2",
        "vũ khí hạt nhân = 2", "cảnh vệ = 2", "lật xe = 2", "tử vong", "thi thể", "vết thương",
        "điện giật", "đánh cắp = 2", "trộm cắp = 2", "tiền giả = 2", "hàng giả = 2", "giả mạo",
        "bị bắt = 2", "triệt phá = 2", "đường dây", "CSĐT = 2", "nghi can = 2", "nghi phạm = 2",
        "truy tìm = 2", "đồng phạm = 2", "gây rối = 2", "gây thương tích = 2", "đánh bạc = 2",
        "cờ bạc", "rửa tiền = 2", "mất tích", "ca nô", "cứu người", "té ngã", "sự cố",
    ],
    "tu-phap": [
        "truy tố = 2", "cáo trạng = 2", "tử hình = 2", "chung thân = 2", "án treo = 2",
        "trách nhiệm hình sự = 2", "hình sự", "dự án luật = 2", "dự thảo luật = 2",
        "bộ luật = 2", "công chứng = 2", "hối lộ",
    ],
    "kinh-te": [
        "đấu giá", "giá khởi điểm = 2", "lô đất", "hàng hải", "logistics = 2",
        "ví điện tử = 2", "mã số thuế = 2", "nộp thuế = 2",
        "cơ quan thuế = 2", "FDI = 2", "vốn điều lệ = 2", "tăng vốn = 2", "cổ đông = 2",
        "niêm yết", "trật tự xây dựng = 2", "mặt bằng", "năng lượng", "điện lực",
        "livestream", "quảng cáo", "cạnh tranh",
    ],
    "moi-truong": [
        "rác = 2", "động đất = 2", "giông lốc = 2", "lốc xoáy = 2", "quyền sử dụng đất = 2",
        "hồ chứa = 2", "xả lũ = 2", "xả tràn = 2", "ngăn mặn = 2", "xâm nhập mặn = 2",
        "hạn mặn = 2", "hiến đất = 2", "lấn chiếm", "đất rừng = 2", "xà bần = 2",
        "tái định cư = 2",
    ],
    "nong-nghiep": [
        "heo hơi = 2", "người nuôi = 2", "nuôi trồng = 2", "cá tra = 2", "lễ hội sầu riêng = 0",
    ],
    "y-te": [
        "bệnh nhi = 2", "mãn kinh = 2", "hiếm muộn = 2", "thụ tinh ống nghiệm = 2",
        "vô sinh = 2", "mũi tiêm = 2", "giới tính khi sinh = 2", "già hóa dân số = 2",
        "an toàn thực phẩm = 2", "vệ sinh thực phẩm = 2", "ATTP = 2", "thận",
        "xe cứu thương = 2", "protein",
    ],
    "giao-duc": [
        "thủ khoa = 2", "trúng tuyển = 2", "tân sinh viên = 2", "năm học = 2",
        "hiệu phó = 2", "trung tâm ngoại ngữ = 2", "đánh giá năng lực = 2", "ngoại ngữ",
        "mẫu xe phổ thông = 0", "xe phổ thông = 0",
    ],
    "khoa-hoc-cong-nghe": [
        "OpenAI = 2", "máy bay điện = 2", "tai nghe = 2", "Bluetooth = 2", "ADAS = 2",
        "Gemini = 2", "kho ứng dụng = 2", "App Store = 2", "Google Play = 2", "chế tạo",
    ],
    "van-hoa-the-thao-du-lich": [
        "concert = 2", "nhạc kịch = 2", "triển lãm = 2", "họa sĩ = 2", "tác phẩm",
        "sân khấu = 2", "kịch nói = 2", "vở diễn = 2", "liên hoan phim = 2", "bom tấn",
        "hoạt hình", "ASEAN Cup = 2", "AFF = 2", "AFC = 2", "lượt đi = 2", "lượt về = 2",
        "VAR = 2", "trọng tài = 2", "CĐV = 2", "cổ động viên = 2", "nghệ nhân = 2",
        "làng nghề = 2", "tượng đài = 2", "tour = 2", "resort", "điểm đến = 2", "khách sạn",
        "Hollywood = 2", "đạo diễn = 2", "người mẫu = 2", "thời trang", "nhạc sĩ = 2",
        "vọng cổ = 2", "bolero = 2", "MMA = 2", "võ thuật = 2", "võ sĩ = 2", "cầu mây = 2",
        "chạy bộ = 2", "giải chạy = 2", "hội họa = 2", "điêu khắc = 2", "kỷ vật",
    ],
    "lao-dong-xa-hoi": [
        "giờ làm = 2", "người cao tuổi = 2", "mồ côi = 2", "thiện nguyện", "miễn phí",
        "tuyển dụng = 2", "xin việc = 2", "hoàn cảnh khó khăn", "nhân lực",
    ],
    "noi-vu": [
        "Ban Bí thư = 2", "quản lý cán bộ = 2", "xây dựng Đảng = 2", "chỉnh đốn Đảng = 2",
        "Học viện Chính trị = 2", "phê chuẩn = 2", "thành lập phường = 2",
    ],
    "thong-tin-truyen-thong": [
        "thương mại điện tử = 2", "TMĐT = 2", "dịch vụ công trực tuyến = 2", "kỹ năng số = 2",
        "định danh điện tử = 2", "không gian mạng = 2", "sai sự thật = 2", "livestream",
        "clip", "viral",
    ],
    "dan-van": [
        "Vu Lan = 2", "hòa thượng = 2", "giáo hội = 2", "phóng sinh = 2", "Thành Đoàn = 2",
        "Hội sinh viên = 2",
    ],
}

ADDED_NEGATIVE_TERMS: list[str] = [
    "ném bom", "tử vong", "thiệt mạng", "tử hình", "chung thân", "truy tố", "cáo trạng",
    "hối lộ", "nhũng nhiễu", "vòi vĩnh", "phản đối", "bức xúc", "té ngã", "điện giật",
    "tai nạn", "phát nổ", "hàng giả", "tiền giả", "thuốc giả",
]


def _written():
    return importlib.import_module("phoihop.media.migrations.0005_weighted_rules")


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _change(apps, *, adding: bool):
    written = _written().FIELD_TERMS
    Field = apps.get_model("org", "Field")
    FieldKeywords = apps.get_model("media", "FieldKeywords")
    for code, added in ADDED_FIELD_TERMS.items():
        before = list(written.get(code, []))
        after = before + [term for term in added if term not in before]
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
    written = set(_written().NEGATIVE_TERMS)
    NegativeTerm.objects.filter(term__in=set(ADDED_NEGATIVE_TERMS) - written).delete()


class Migration(migrations.Migration):
    dependencies = [("media", "0005_weighted_rules")]

    operations = [migrations.RunPython(forwards, backwards)]
