"""Tagging rules measured on the labelled press paragraphs (media/data/tagging_eval.jsonl, ADR
0025): weighted phrases for every field of work ("phrase = weight"; 1 when none is written; a
field is tagged at a score of 2, a phrase in the title counting twice) and more negative phrases.

Only rules nobody has edited are replaced: a field's keywords are rewritten when they are still
exactly what migration 0002 seeded (or missing); negative phrases are added, never removed.
Reversing puts 0002's keywords back where they are still exactly these.
"""

import importlib

from django.db import migrations

FIELD_TERMS = {
    "giao-duc": [
        "giáo dục = 2", "học sinh = 2", "giáo viên = 2", "trường học = 2", "nhà trường = 2",
        "bán trú = 2", "mầm non = 2", "tiểu học = 2", "trung học", "THCS = 2", "THPT = 2",
        "phổ thông = 2", "sách giáo khoa = 2", "tuyển sinh = 2", "xét tuyển = 2",
        "điểm chuẩn = 2", "học bạ = 2", "thi tốt nghiệp = 2", "kỳ thi", "học phí = 2",
        "sinh viên", "đại học", "cao đẳng", "giảng viên", "hiệu trưởng = 2", "lớp học = 2",
        "khai giảng = 2", "học bổng = 2", "du học", "đào tạo", "học đường = 2", "nội trú",
        "giờ ra chơi = 2", "học tập",
    ],
    "y-te": [
        "y tế = 2", "bệnh viện = 2", "bác sĩ = 2", "bệnh nhân = 2", "người bệnh = 2",
        "ngộ độc thực phẩm = 2", "ngộ độc", "dịch bệnh = 2", "tiêm chủng = 2", "vắc xin = 2",
        "trạm y tế = 2", "cấp cứu", "khám chữa bệnh = 2", "sốt xuất huyết = 2", "điều trị",
        "sức khỏe = 2", "ung thư = 2", "huyết áp = 2", "tim mạch = 2", "đột quỵ", "tiểu đường = 2",
        "đường huyết = 2", "cholesterol = 2", "béo phì = 2", "dinh dưỡng", "miễn dịch",
        "tiêu hóa", "vitamin", "thuốc", "bệnh", "viêm", "sốc phản vệ = 2", "phản vệ",
        "sơ cứu = 2", "chẩn đoán", "điều dưỡng = 2", "nhập viện", "bỏng nặng", "giấc ngủ",
        "tập luyện", "cơ thể", "cơ bắp", "dược", "thực phẩm chức năng = 2", "tán sỏi = 2", "gan",
        "stress", "căng thẳng", "lão hóa",
    ],
    "khoa-hoc-cong-nghe": [
        "khoa học", "công nghệ", "nhà khoa học", "nghiên cứu", "AI = 2",
        "trí tuệ nhân tạo = 2", "robot = 2", "chip = 2", "bán dẫn = 2", "phần mềm = 2",
        "smartphone = 2", "iPhone = 2", "ChatGPT = 2", "chatbot = 2", "ứng dụng", "thiết bị", "cảm biến = 2",
        "wi-fi = 2", "5G = 2", "vũ trụ = 2", "tàu vũ trụ = 2", "quỹ đạo = 2", "vệ tinh = 2",
        "NASA = 2", "sáng chế = 2", "đổi mới sáng tạo", "chuyển giao công nghệ = 2",
        "kỹ sư", "viện hàn lâm = 2", "giáo sư", "tiến sĩ", "camera", "drone", "UAV",
        "ổ cứng = 2", "máy tính", "thuật toán = 2", "kỹ thuật", "phát minh = 2", "thử nghiệm",
        "nhựa sinh học = 2", "ủy ban khoa học, công nghệ và môi trường = 0",
        "công nghệ chiến lược = 2", "công nghệ lõi = 2", "công nghệ cao = 2",
    ],
    "van-hoa-the-thao-du-lich": [
        "văn hóa = 2", "thể thao = 2", "du lịch = 2", "du khách = 2", "lễ hội = 2", "di tích = 2",
        "di sản = 2", "bảo tàng = 2", "nghệ thuật = 2", "nghệ sĩ = 2", "ca sĩ = 2",
        "diễn viên = 2", "phim = 2", "điện ảnh = 2", "âm nhạc = 2", "ca khúc = 2", "nhạc",
        "đêm diễn = 2", "biểu diễn", "chèo = 2", "cải lương = 2", "hoa hậu = 2", "sắc đẹp",
        "khán giả", "phòng vé = 2", "NSND = 2", "NSƯT = 2", "nhà văn = 2", "tiểu thuyết = 2",
        "văn học", "ẩm thực = 2", "đầu bếp = 2", "món ngon", "quán ăn", "Netflix = 2",
        "bóng đá = 2", "đội tuyển = 2", "HLV = 2", "huấn luyện viên = 2", "cầu thủ = 2",
        "tiền đạo = 2", "hậu vệ = 2", "thủ môn = 2", "bàn thắng = 2", "ghi bàn = 2",
        "phản lưới = 2", "trận đấu = 2", "trận", "thi đấu = 2", "giải đấu = 2", "vô địch = 2",
        "vòng loại = 2", "vòng bảng = 2", "tứ kết = 2", "bán kết = 2", "chung kết", "giao hữu = 2",
        "SEA Games = 2", "Asian Cup = 2", "World Cup = 2", "V-League = 2", "Olympic = 2",
        "thế vận hội = 2", "FIFA = 2", "huy chương = 2", "HCV = 2", "HCĐ = 2", "tay vợt = 2",
        "quần vợt = 2", "tennis = 2", "cầu lông = 2", "bóng chuyền = 2", "bóng rổ = 2",
        "bóng bàn = 2", "billiards = 2", "cơ thủ = 2", "golf = 2", "golfer = 2",
        "pickleball = 2", "cờ vua = 2", "cờ tướng = 2", "kỳ thủ = 2", "điền kinh = 2",
        "VĐV = 2", "vận động viên = 2", "CLB = 2", "câu lạc bộ", "sân vận động",
        "người hâm mộ = 2", "NBA = 2", "ATP = 2", "hattrick = 2", "dứt điểm = 2",
        "ngoại hạng anh = 2", "runner = 2", "marathon = 2", "lịch thi đấu = 2",
        "bảng xếp hạng", "nhiếp ảnh", "lịch sử", "khách quốc tế", "nhà văn hóa = 0",
        "đội bóng = 2", "LĐBĐ = 2", "miss = 2", "ngôi sao", "thủng lưới = 2", "tỷ số = 2",
        "hiệp một = 2", "hiệp hai = 2", "kỳ quan",
    ],
    "lao-dong-xa-hoi": [
        "người lao động = 2", "lao động", "công nhân = 2", "việc làm", "tiền lương = 2",
        "nợ lương = 2", "thất nghiệp = 2", "hộ nghèo = 2", "người có công = 2", "trợ cấp = 2",
        "bảo trợ xã hội = 2", "an sinh xã hội = 2", "xuất khẩu lao động = 2", "cứu trợ = 2",
        "quyên góp = 2", "ủng hộ đồng bào = 2", "từ thiện", "vùng lũ", "khắc phục hậu quả", "trẻ em",
        "hỗ trợ đồng bào = 2", "bạo lực gia đình = 2",
    ],
    "noi-vu": [
        "nội vụ = 2", "cán bộ, công chức = 2", "công chức = 2", "viên chức = 2", "biên chế = 2",
        "sắp xếp bộ máy = 2", "tổ chức bộ máy = 2", "bộ máy", "tinh giản biên chế = 2",
        "bổ nhiệm", "thi tuyển công chức = 2", "đơn vị hành chính = 2", "sáp nhập",
        "đảng bộ = 2", "đại hội đảng = 2", "ban thường vụ = 2", "tỉnh ủy", "thành ủy",
        "bộ chính trị", "nhiệm kỳ = 2", "đại biểu quốc hội = 2", "bầu cử = 2", "cán bộ",
        "thi đua khen thưởng = 2",
    ],
    "moi-truong": [
        "môi trường = 2", "ô nhiễm = 2", "rác thải = 2", "nước thải = 2", "khí thải = 2",
        "xả thải = 2", "phát thải", "khai thác cát = 2", "khoáng sản = 2", "sạt lở = 2",
        "mưa to = 2", "mưa lớn = 2", "mưa", "ngập = 2", "úng ngập = 2", "ngập úng = 2",
        "lũ = 2", "bão = 2", "thiên tai = 2", "thời tiết", "dự báo", "nắng nóng = 2",
        "khí hậu = 2", "biến đổi khí hậu = 2", "sụt lún = 2", "triều cường = 2", "đất đai = 2",
        "đất công = 2", "thổ cư = 2", "chuyển mục đích = 2", "thu hồi đất = 2",
        "giải phóng mặt bằng = 2", "sử dụng đất = 2", "tài nguyên = 2", "động vật hoang dã = 2",
        "quý hiếm", "kiểm lâm = 2", "rừng", "nước sạch = 2", "sông", "kênh", "không khí",
        "bụi mịn = 2", "carbon", "CO2", "năng lượng tái tạo", "sóng lớn = 2", "sóng đánh = 2",
        "biển động = 2", "gió mạnh = 2", "áp thấp = 2", "mưa giông = 2", "nhựa", "phân hủy",
        "chủ đất = 2", "thửa đất = 2", "mảnh đất", "ủy ban khoa học, công nghệ và môi trường = 0",
    ],
    "nong-nghiep": [
        "nông nghiệp = 2", "nông dân = 2", "nhà nông = 2", "nông thôn = 2", "lúa = 2", "gạo",
        "lương thực", "bộ nông nghiệp và môi trường = 0", "đất nông nghiệp = 0", "cây trồng = 2", "vật nuôi = 2", "chăn nuôi = 2", "thủy sản = 2",
        "thủy lợi = 2", "mùa vụ = 2", "nông sản = 2", "dịch tả lợn = 2", "hợp tác xã",
        "ngư dân = 2", "tàu cá = 2", "đánh bắt = 2", "rau quả = 2", "trái cây = 2",
        "sầu riêng = 2", "thu hoạch = 2", "phân bón = 2", "lâm nghiệp = 2",
        "tôm",
    ],
    "bao-hiem-xa-hoi": [
        "bảo hiểm xã hội = 2", "bảo hiểm y tế = 2", "BHXH = 2", "BHYT = 2",
        "nợ đóng bảo hiểm = 2", "lương hưu = 2", "hưu trí = 2", "bảo hiểm thất nghiệp = 2",
    ],
    "thong-tin-truyen-thong": [
        "mạng xã hội", "tin giả = 2", "thông tin sai sự thật = 2", "chuyển đổi số = 2",
        "an toàn thông tin = 2", "an ninh mạng = 2", "dữ liệu cá nhân = 2",
        "thông tin cá nhân", "bảo mật", "viễn thông = 2", "internet = 2", "cáp quang = 2",
        "nhà mạng = 2", "kinh tế số = 2", "lan truyền", "trực tuyến", "online", "dữ liệu",
    ],
    "bao-chi-xuat-ban": [
        "báo chí = 2", "nhà báo = 2", "phóng viên = 2", "tòa soạn = 2", "xuất bản = 2",
        "tạp chí = 2", "cuốn sách", "báo in", "truyền hình", "phát thanh",
        "phát thanh và truyền hình = 0", "phát thanh, truyền hình = 0",
    ],
    "tu-phap": [
        "tư pháp = 2", "tòa án = 2", "xét xử = 2", "phiên tòa = 2", "bị cáo = 2", "bị can = 2",
        "viện kiểm sát = 2", "luận tội = 2", "kháng cáo = 2", "tuyên án = 2", "mức án = 2",
        "năm tù = 2", "phạt tù = 2", "án tù = 2", "khởi tố = 2", "khởi kiện = 2", "vụ kiện = 2",
        "vụ án", "thi hành án = 2", "pháp luật", "đại diện pháp luật = 0", "hiến pháp = 2", "luật sư = 2",
        "tranh chấp đất đai = 2", "tranh chấp", "khiếu nại", "tố cáo", "thụ án",
        "trại giam", "tòa", "tòa nhà = 0", "tòa tháp = 0", "tòa soạn = 0", "bồi thường",
    ],
    "dan-van": [
        "dân vận = 2", "dân tộc thiểu số = 2", "tôn giáo = 2", "tín ngưỡng = 2", "phật giáo = 2",
        "công giáo = 2", "chùa", "nhà thờ", "đồng bào dân tộc = 2", "đồng bào",
        "hòa giải ở cơ sở = 2", "mặt trận tổ quốc", "MTTQ", "đoàn thanh niên = 2",
        "hội liên hiệp phụ nữ = 2", "hội nông dân = 2", "công đoàn = 2", "thanh niên",
        "tình nguyện",
    ],
    "kinh-te": [
        "kinh tế = 2", "doanh nghiệp", "đầu tư", "nhà đầu tư = 2", "tăng trưởng", "dự án",
        "giải ngân = 2", "ngân sách", "xuất khẩu", "nhập khẩu", "kim ngạch = 2",
        "khu công nghiệp = 2", "giá cả", "kinh doanh", "hộ kinh doanh = 2", "thị trường",
        "cổ phiếu = 2", "chứng khoán = 2", "VN-Index = 2", "ngân hàng", "lãi suất = 2",
        "cho vay", "tín dụng = 2", "giá vàng = 2", "vàng miếng = 2", "thuế", "thuế quan = 2",
        "cổ phần hóa = 2", "doanh thu = 2", "lợi nhuận = 2", "báo lãi = 2", "thua lỗ",
        "tiền số = 2", "tiền mã hóa = 2", "bất động sản = 2", "giá nhà = 2", "căn hộ",
        "nhà ở xã hội = 2", "cao tốc", "hạ tầng", "sân bay", "cảng", "vận tải",
        "hàng hóa", "chuỗi cung ứng = 2", "ô tô", "hãng xe = 2", "xe điện", "doanh số = 2",
        "giấy phép kinh doanh = 2", "start-up = 2", "khởi nghiệp", "gọi vốn = 2", "tập đoàn",
        "công ty", "tài chính", "nhà máy", "sản xuất", "quy hoạch", "đô thị", "tỷ USD",
        "tỉ USD", "giảm giá", "bán lẻ = 2", "thương mại", "GRDP = 2", "GDP = 2", "thi công",
        "đường sắt", "phòng giao dịch = 2", "mẫu xe = 2", "SUV = 2", "MPV = 2", "sedan = 2",
        "vận tải cơ = 0", "đường bộ", "doanh nghiệp nhà nước = 2", "vốn nhà nước = 2",
        "nội địa hóa = 2",
    ],
    "quoc-phong-an-ninh": [
        "quốc phòng = 2", "quân đội = 2", "quân sự = 2", "công an = 2", "cảnh sát = 2",
        "CSGT = 2", "an ninh trật tự = 2", "an ninh", "an toàn giao thông = 2", "biên giới",
        "tội phạm = 2", "ma túy = 2", "lừa đảo = 2", "cháy nổ = 2", "vụ cháy = 2",
        "bốc cháy = 2", "hỏa hoạn = 2", "tai nạn giao thông = 2", "tai nạn = 2",
        "nồng độ cồn = 2", "vi phạm giao thông = 2", "ngược chiều", "vượt ẩu = 2", "trộm = 2",
        "cướp = 2", "bắt giữ = 2", "bắt tạm giam = 2", "tạm giữ = 2", "truy nã = 2",
        "điều tra", "khởi tố", "đối tượng", "băng nhóm = 2", "sát hại = 2", "giết = 2",
        "án mạng = 2", "thảm án = 2", "hành hung = 2", "đánh người = 2", "bắt cóc = 2",
        "tống tiền = 2", "buôn người = 2", "chăn dắt", "chiến sự = 2", "giao tranh = 2",
        "tấn công", "không kích = 2", "tên lửa", "UAV", "drone", "máy bay không người lái",
        "xe tăng = 2", "tiêm kích = 2", "vũ khí = 2", "hạt nhân", "súng = 2", "binh sĩ = 2",
        "quân nhân = 2", "chiến tranh = 2", "diễu binh = 2", "pháo", "đại tướng", "thượng tướng",
        "phòng không = 2", "đánh bom = 2", "khủng bố = 2", "nổ súng = 2", "phản gián = 2",
        "tình báo = 2", "đặc nhiệm = 2", "thiết quân luật = 2", "đảo chính = 2", "mặt trận",
        "thương vong", "lính", "tử sĩ = 2", "chủ quyền", "va chạm", "gặp nạn", "đâm",
        "bị thương", "chìm", "trật tự", "cướp đi = 0", "pháo binh = 2", "lữ đoàn = 2",
        "đại bác = 2", "kẻ gian = 2", "chiếm đoạt = 2", "vượt đèn đỏ = 2", "xử phạt",
        "phạt nguội = 2", "xung đột", "tài xế", "chiến dịch quân sự = 2",
        "chiến dịch tấn công = 2", "phòng tuyến = 2", "thù địch", "vận tải cơ = 2",
        "máy bay quân sự = 2", "thoát chết", "cứu nạn = 2", "cứu hộ", "đường cấm = 2",
        "đâm chết = 2", "hàng tấn công = 0", "chơi tấn công = 0", "lối chơi tấn công = 0",
    ],
}  # fmt: skip

NEGATIVE_TERMS = [
    "bị thương", "thương vong", "tử sĩ", "thi thể", "sát hại", "giết", "thảm án", "án mạng",
    "đâm chết", "bắn chết", "đánh bom", "nổ súng", "giao tranh", "chiến sự", "không kích",
    "bắt cóc", "tống tiền", "buôn người", "trộm", "cướp", "hành hung", "đánh người", "bị bắt",
    "bắt giữ", "tạm giữ", "truy nã", "bị can", "bị cáo", "luận tội", "án tù", "năm tù",
    "phạt tù", "mức án", "vi phạm", "trái phép", "buôn lậu", "làm giả", "gian lận", "chiếm đoạt",
    "mất tích", "mất dấu", "bốc cháy", "vụ cháy", "chìm", "ngập nặng", "kẹt xe", "ùn tắc",
    "hỗn loạn", "tê liệt", "lộ thông tin", "rò rỉ", "sự cố", "hỏng", "sốc phản vệ", "bỏng nặng",
    "nồng độ cồn", "ngược chiều", "vượt ẩu", "đình chỉ", "thiệt hại", "khủng hoảng",
    "biểu tình", "thù địch", "xâm phạm", "bắn hạ", "gặp nạn", "thảm họa", "tháo chạy",
    "bạn đọc phản ánh", "bạn đọc phản ảnh", "người dân phản ánh", "phản ánh bị", "bị tố", "sai sót", "thua lỗ nặng", "tội phạm", "lừa đảo",
    "chăn dắt", "kẻ gian", "ma túy", "thu lợi bất chính", "tra tấn", "chết",
    "xuống cấp", "rỉ sét", "bị lừa", "nằm viện", "tai nạn giao thông", "tụt dốc",
    "ảnh hưởng tiêu cực = 0", "đâm dồn", "đâm vào", "thua lỗ", "sập", "đánh cắp", "âm mưu",
    "khiếu nại", "chọc thủng", "cáo buộc",
]  # fmt: skip


def _seeded():
    return importlib.import_module("phoihop.media.migrations.0002_media_rules")


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _replace(apps, old_terms, new_terms, *, create_missing):
    Field = apps.get_model("org", "Field")
    FieldKeywords = apps.get_model("media", "FieldKeywords")
    for code, terms in new_terms.items():
        field = Field.objects.filter(code=code).first()
        if field is None:
            continue
        rule = FieldKeywords.objects.filter(field=field).first()
        if rule is None:
            if create_missing:
                FieldKeywords.objects.create(field=field, terms="\n".join(terms))
        elif _lines(rule.terms) == list(old_terms.get(code, [])):
            rule.terms = "\n".join(terms)
            rule.save(update_fields=["terms"])


def forwards(apps, schema_editor):
    _replace(apps, _seeded().FIELD_TERMS, FIELD_TERMS, create_missing=True)
    NegativeTerm = apps.get_model("media", "NegativeTerm")
    for term in NEGATIVE_TERMS:
        NegativeTerm.objects.get_or_create(term=term)


def backwards(apps, schema_editor):
    seeded = _seeded()
    _replace(apps, FIELD_TERMS, seeded.FIELD_TERMS, create_missing=False)
    FieldKeywords = apps.get_model("media", "FieldKeywords")
    for rule in FieldKeywords.objects.select_related("field"):
        code = rule.field.code
        if code not in seeded.FIELD_TERMS and _lines(rule.terms) == FIELD_TERMS.get(code):
            rule.delete()  # created by this migration and never edited
    NegativeTerm = apps.get_model("media", "NegativeTerm")
    added = set(NEGATIVE_TERMS) - set(seeded.NEGATIVE_TERMS)
    NegativeTerm.objects.filter(term__in=added).delete()


class Migration(migrations.Migration):
    dependencies = [("media", "0004_watchlists_alerts")]

    operations = [migrations.RunPython(forwards, backwards)]
