"""Reference data and the central catalogue, loaded by data migrations (and so present in every
installation). Everything here stays editable afterwards.

Numbers and dates of central documents are real. Sources for the facts in doubt are noted.
The loaders take an `apps` registry so that migrations run them on historical models.
"""

import dataclasses
import datetime

from . import symbols

D = datetime.date

# (number, name, starts_on = closing day of the congress, ends_on, uncertain, note)
PARTY_TERMS = (
    (8, "VIII", D(1996, 7, 1), D(2001, 4, 22), False, ""),
    (9, "IX", D(2001, 4, 22), D(2006, 4, 25), False, ""),
    (10, "X", D(2006, 4, 25), D(2011, 1, 19), False, ""),
    (11, "XI", D(2011, 1, 19), D(2016, 1, 28), False, ""),
    (12, "XII", D(2016, 1, 28), D(2021, 2, 1), False, ""),
    (
        13,
        "XIII",
        D(2021, 2, 1),
        D(2026, 1, 23),
        True,
        "Đại hội XIV bế mạc chiều 23-1-2026 (rút ngắn so với dự kiến 25-1-2026); cần đối chiếu.",
    ),
    (14, "XIV", D(2026, 1, 23), None, True, "Bắt đầu từ ngày bế mạc Đại hội XIV; cần đối chiếu."),
)

PARTY_TYPES = (
    ("NQ", "Nghị quyết"),
    ("QĐ", "Quyết định"),
    ("QĐi", "Quy định"),
    ("CT", "Chỉ thị"),
    ("KL", "Kết luận"),
    ("QC", "Quy chế"),
    ("TT", "Thông tri"),
    ("HD", "Hướng dẫn"),
    ("TB", "Thông báo"),
    ("BC", "Báo cáo"),
    ("KH", "Kế hoạch"),
    ("CTr", "Chương trình"),
    ("ĐA", "Đề án"),
    ("TTr", "Tờ trình"),
    ("CV", "Công văn"),
    ("BS", "Bản sao"),
)

STATE_TYPES = (
    ("NĐ", "Nghị định"),
    ("QĐ", "Quyết định"),
    ("TT", "Thông tư"),
    ("TTLT", "Thông tư liên tịch"),
    ("CT", "Chỉ thị"),
    ("NQ", "Nghị quyết"),
    ("QyĐ", "Quy định"),
    ("KH", "Kế hoạch"),
    ("TB", "Thông báo"),
    ("BC", "Báo cáo"),
    ("HD", "Hướng dẫn"),
    ("CV", "Công văn"),
    ("TTr", "Tờ trình"),
    ("ĐA", "Đề án"),
    ("L", "Luật"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("PL", "Pháp lệnh"),
    ("CĐ", "Công điện"),
)

PARTY_MERGER = D(2025, 2, 1)  # Ban Tuyên giáo + Ban Dân vận
DISTRICTS_END = D(2025, 6, 30)  # district Party committees ended with the two-level reform

# (code, name, valid_from, valid_to)
PARTY_ISSUERS = (
    ("TW", "Ban Chấp hành Trung ương Đảng (Bộ Chính trị, Ban Bí thư)", None, None),
    ("VPTW", "Văn phòng Trung ương Đảng", None, None),
    ("BTCTW", "Ban Tổ chức Trung ương", None, None),
    ("BTGTW", "Ban Tuyên giáo Trung ương", None, PARTY_MERGER - datetime.timedelta(days=1)),
    ("BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương", PARTY_MERGER, None),
    ("QUTW", "Quân ủy Trung ương", None, None),
    ("TU", "Tỉnh ủy, Thành ủy", None, None),
    ("BTGTU", "Ban Tuyên giáo Tỉnh ủy, Thành ủy (đến năm 2025)", None, None),
    ("BTGDVTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy, Thành ủy (từ năm 2025)", None, None),
    ("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy, Thành ủy", None, None),
    ("ĐU", "Đảng ủy", None, None),
    ("HU", "Huyện ủy, Thị ủy, Thành ủy trực thuộc tỉnh", None, DISTRICTS_END),
    ("BTGHU", "Ban Tuyên giáo Huyện ủy", None, DISTRICTS_END),
)

STATE_ISSUERS = (
    ("QH13", "Quốc hội khóa XIII", None, None),
    ("QH14", "Quốc hội khóa XIV", None, None),
    ("QH15", "Quốc hội khóa XV", None, None),
    ("CP", "Chính phủ", None, None),
    ("TTg", "Thủ tướng Chính phủ", None, None),
    ("VPCP", "Văn phòng Chính phủ", None, None),
    ("BCA", "Bộ Công an", None, None),
    ("BGDĐT", "Bộ Giáo dục và Đào tạo", None, None),
    ("BYT", "Bộ Y tế", None, None),
    ("BKHCN", "Bộ Khoa học và Công nghệ", None, None),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", None, None),
    ("HĐND", "Hội đồng nhân dân", None, None),
    ("UBND", "Ủy ban nhân dân", None, None),
    ("SYT", "Sở Y tế", None, None),
    ("SGDĐT", "Sở Giáo dục và Đào tạo", None, None),
)

CC = "Ban Chấp hành Trung ương"
POLITBURO = "Bộ Chính trị"
SECRETARIAT = "Ban Bí thư"
GOVERNMENT = "Chính phủ"
ASSEMBLY = "Quốc hội"


@dataclasses.dataclass(frozen=True)
class Entry:
    symbol: str
    issued_on: datetime.date
    issuing_body: str
    abstract: str
    fields: tuple[str, ...] = ()
    kind_label: str = ""
    replaced_by: tuple[str, datetime.date] | None = None  # (symbol, date) of the replacement
    implements: tuple[tuple[str, datetime.date], ...] = ()


E = Entry

CENTRAL_DOCUMENTS: tuple[Entry, ...] = (
    # The coordination regulation itself (domain.md §1).
    E(
        "238-QĐ/TW",
        D(2020, 9, 30),
        SECRETARIAT,
        "Ban hành Quy chế phối hợp giữa ban tuyên giáo cấp ủy với các cơ quan nhà nước cùng cấp "
        "trong việc thực hiện pháp luật, kế hoạch phát triển kinh tế - xã hội và giải quyết những "
        "vấn đề nổi cộm, Nhân dân quan tâm",
        ("dan-van", "tu-phap", "kinh-te"),
    ),
    E(
        "221-QĐ/TW",
        D(2009, 4, 27),
        SECRETARIAT,
        "Ban hành Quy chế phối hợp giữa ban tuyên giáo cấp ủy với các cơ quan nhà nước cùng cấp",
        ("dan-van",),
        replaced_by=("238-QĐ/TW", D(2020, 9, 30)),
    ),
    # Resolutions.
    E(
        "29-NQ/TW",
        D(2013, 11, 4),
        CC,
        "Về đổi mới căn bản, toàn diện giáo dục và đào tạo, đáp ứng yêu cầu công nghiệp hóa, "
        "hiện đại hóa trong điều kiện kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập "
        "quốc tế",
        ("giao-duc",),
    ),
    E(
        "20-NQ/TW",
        D(2012, 11, 1),
        CC,
        "Về phát triển khoa học và công nghệ phục vụ sự nghiệp công nghiệp hóa, hiện đại hóa "
        "trong điều kiện kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế",
        ("khoa-hoc-cong-nghe",),
    ),
    E(
        "20-NQ/TW",
        D(2017, 10, 25),
        CC,
        "Về tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân trong tình hình mới",
        ("y-te",),
    ),
    E(
        "20-NQ/TW",
        D(2022, 6, 16),
        CC,
        "Về tiếp tục đổi mới, phát triển và nâng cao hiệu quả kinh tế tập thể trong giai đoạn mới",
        ("kinh-te",),
    ),
    E("21-NQ/TW", D(2017, 10, 25), CC, "Về công tác dân số trong tình hình mới", ("y-te",)),
    E(
        "21-NQ/TW",
        D(2022, 6, 16),
        CC,
        "Về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng "
        "viên trong giai đoạn mới",
    ),
    E(
        "18-NQ/TW",
        D(2017, 10, 25),
        CC,
        "Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh "
        "gọn, hoạt động hiệu lực, hiệu quả",
        ("noi-vu",),
    ),
    E(
        "18-NQ/TW",
        D(2022, 6, 16),
        CC,
        "Về tiếp tục đổi mới, hoàn thiện thể chế, chính sách, nâng cao hiệu lực, hiệu quả quản lý "
        "và sử dụng đất, tạo động lực đưa nước ta trở thành nước phát triển có thu nhập cao",
        ("moi-truong",),
    ),
    E(
        "19-NQ/TW",
        D(2017, 10, 25),
        CC,
        "Về tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả hoạt "
        "động của các đơn vị sự nghiệp công lập",
        ("noi-vu",),
    ),
    E(
        "19-NQ/TW",
        D(2022, 6, 16),
        CC,
        "Về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045",
        ("nong-nghiep",),
    ),
    E(
        "33-NQ/TW",
        D(2014, 6, 9),
        CC,
        "Về xây dựng và phát triển văn hóa, con người Việt Nam đáp ứng yêu cầu phát triển bền "
        "vững đất nước",
        ("van-hoa-the-thao-du-lich",),
    ),
    E(
        "35-NQ/TW",
        D(2018, 10, 22),
        POLITBURO,
        "Về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai "
        "trái, thù địch trong tình hình mới",
        ("bao-chi-xuat-ban",),
    ),
    E(
        "04-NQ/TW",
        D(2016, 10, 30),
        CC,
        "Về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính "
        "trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ",
    ),
    E(
        "26-NQ/TW",
        D(2018, 5, 19),
        CC,
        "Về tập trung xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược, đủ phẩm chất, năng "
        "lực và uy tín, ngang tầm nhiệm vụ",
        ("noi-vu",),
    ),
    E(
        "27-NQ/TW",
        D(2018, 5, 21),
        CC,
        "Về cải cách chính sách tiền lương đối với cán bộ, công chức, viên chức, lực lượng vũ "
        "trang và người lao động trong doanh nghiệp",
        ("lao-dong-xa-hoi",),
    ),
    E(
        "28-NQ/TW",
        D(2018, 5, 23),
        CC,
        "Về cải cách chính sách bảo hiểm xã hội",
        ("bao-hiem-xa-hoi", "lao-dong-xa-hoi"),
    ),
    E(
        "36-NQ/TW",
        D(2018, 10, 22),
        CC,
        "Về Chiến lược phát triển bền vững kinh tế biển Việt Nam đến năm 2030, tầm nhìn đến năm "
        "2045",
        ("kinh-te", "moi-truong"),
    ),
    E(
        "37-NQ/TW",
        D(2018, 12, 24),
        POLITBURO,
        "Về việc sắp xếp các đơn vị hành chính cấp huyện và cấp xã",
        ("noi-vu",),
    ),
    E(
        "52-NQ/TW",
        D(2019, 9, 27),
        POLITBURO,
        "Về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư",
        ("khoa-hoc-cong-nghe", "thong-tin-truyen-thong"),
    ),
    E(
        "58-NQ/TW",
        D(2020, 8, 5),
        POLITBURO,
        "Về xây dựng và phát triển tỉnh Thanh Hóa đến năm 2030, tầm nhìn đến năm 2045",
        ("kinh-te",),
    ),
    E(
        "41-NQ/TW",
        D(2023, 10, 10),
        POLITBURO,
        "Về xây dựng và phát huy vai trò của đội ngũ doanh nhân Việt Nam trong thời kỳ mới",
        ("kinh-te",),
    ),
    E(
        "42-NQ/TW",
        D(2023, 11, 24),
        CC,
        "Về tiếp tục đổi mới, nâng cao chất lượng chính sách xã hội, đáp ứng yêu cầu sự nghiệp xây "
        "dựng và bảo vệ Tổ quốc trong giai đoạn mới",
        ("lao-dong-xa-hoi",),
    ),
    E(
        "43-NQ/TW",
        D(2023, 11, 24),
        CC,
        "Về tiếp tục phát huy truyền thống, sức mạnh đại đoàn kết toàn dân tộc, xây dựng đất nước "
        "ta ngày càng phồn vinh, hạnh phúc",
        ("dan-van",),
    ),
    E(
        "45-NQ/TW",
        D(2023, 11, 24),
        CC,
        "Về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển "
        "đất nước nhanh và bền vững trong giai đoạn mới",
        ("khoa-hoc-cong-nghe",),
    ),
    E(
        "57-NQ/TW",
        D(2024, 12, 22),
        POLITBURO,
        "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        ("khoa-hoc-cong-nghe", "thong-tin-truyen-thong"),
    ),
    E("59-NQ/TW", D(2025, 1, 24), POLITBURO, "Về hội nhập quốc tế trong tình hình mới"),
    E(
        "66-NQ/TW",
        D(2025, 4, 30),
        POLITBURO,
        "Về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước "
        "trong kỷ nguyên mới",
        ("tu-phap",),
    ),
    E("68-NQ/TW", D(2025, 5, 4), POLITBURO, "Về phát triển kinh tế tư nhân", ("kinh-te",)),
    E(
        "71-NQ/TW",
        D(2025, 8, 22),
        POLITBURO,
        "Về đột phá phát triển giáo dục và đào tạo",
        ("giao-duc",),
    ),
    E(
        "72-NQ/TW",
        D(2025, 9, 9),
        POLITBURO,
        "Về một số giải pháp đột phá, tăng cường bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân",
        ("y-te",),
    ),
    # Directives.
    E(
        "38-CT/TW",
        D(2009, 9, 7),
        SECRETARIAT,
        "Về đẩy mạnh công tác bảo hiểm y tế trong tình hình mới",
        ("y-te", "bao-hiem-xa-hoi"),
    ),
    E(
        "42-CT/TW",
        D(2015, 3, 24),
        SECRETARIAT,
        "Về tăng cường sự lãnh đạo của Đảng đối với công tác giáo dục lý tưởng cách mạng, đạo đức, "
        "lối sống văn hóa cho thế hệ trẻ giai đoạn 2015 - 2030",
        ("giao-duc", "van-hoa-the-thao-du-lich"),
    ),
    E(
        "06-CT/TW",
        D(2006, 11, 7),
        POLITBURO,
        "Về tổ chức cuộc vận động “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh”",
    ),
    E(
        "03-CT/TW",
        D(2011, 5, 14),
        POLITBURO,
        "Về tiếp tục đẩy mạnh việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
        replaced_by=("05-CT/TW", D(2016, 5, 15)),
    ),
    E(
        "05-CT/TW",
        D(2016, 5, 15),
        POLITBURO,
        "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
    E(
        "35-CT/TW",
        D(2024, 6, 14),
        POLITBURO,
        "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    ),
    E(
        "45-CT/TW",
        D(2025, 4, 14),
        POLITBURO,
        "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    ),
    # Conclusions.
    E(
        "21-KL/TW",
        D(2021, 10, 25),
        CC,
        "Về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy "
        "lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, "
        "biểu hiện “tự diễn biến”, “tự chuyển hóa”",
    ),
    E(
        "34-KL/TW",
        D(2022, 4, 18),
        POLITBURO,
        "Về Chiến lược công tác kiểm tra, giám sát của Đảng đến năm 2030",
    ),
    E(
        "91-KL/TW",
        D(2024, 8, 12),
        POLITBURO,
        "Về tiếp tục thực hiện Nghị quyết số 29-NQ/TW ngày 4-11-2013 của Hội nghị Trung ương 8 "
        "khóa XI về đổi mới căn bản, toàn diện giáo dục và đào tạo",
        ("giao-duc",),
        implements=(("29-NQ/TW", D(2013, 11, 4)),),
    ),
    # Regulations and decisions.
    E(
        "08-QĐi/TW",
        D(2018, 10, 25),
        CC,
        "Về trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, Ủy "
        "viên Ban Bí thư, Ủy viên Ban Chấp hành Trung ương",
    ),
    E(
        "101-QĐ/TW",
        D(2012, 6, 7),
        SECRETARIAT,
        "Về trách nhiệm nêu gương của cán bộ, đảng viên, nhất là cán bộ lãnh đạo chủ chốt các cấp",
    ),
    E(
        "47-QĐ/TW",
        D(2011, 11, 1),
        CC,
        "Về những điều đảng viên không được làm",
        replaced_by=("37-QĐ/TW", D(2021, 10, 25)),
    ),
    E("37-QĐ/TW", D(2021, 10, 25), CC, "Về những điều đảng viên không được làm"),
    E(
        "144-QĐ/TW",
        D(2024, 5, 9),
        POLITBURO,
        "Về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
    ),
    E(
        "66-QĐ/TW",
        D(2017, 2, 6),
        CC,
        "Về thể loại, thẩm quyền ban hành và thể thức văn bản của Đảng",
    ),
    E(
        "36-HD/VPTW",
        D(2018, 4, 3),
        "Văn phòng Trung ương Đảng",
        "Về thể thức và kỹ thuật trình bày văn bản của Đảng",
    ),
    # State documents.
    E(
        "09/2019/NĐ-CP",
        D(2019, 1, 24),
        GOVERNMENT,
        "Quy định chế độ báo cáo của cơ quan hành chính nhà nước",
        ("noi-vu",),
    ),
    E("30/2020/NĐ-CP", D(2020, 3, 5), GOVERNMENT, "Về công tác văn thư", ("noi-vu",)),
    E(
        "13/2023/NĐ-CP",
        D(2023, 4, 17),
        GOVERNMENT,
        "Bảo vệ dữ liệu cá nhân",
        ("quoc-phong-an-ninh", "thong-tin-truyen-thong"),
        replaced_by=("356/2025/NĐ-CP", D(2025, 12, 31)),
    ),
    E(
        "356/2025/NĐ-CP",
        D(2025, 12, 31),
        GOVERNMENT,
        "Quy định chi tiết một số điều và biện pháp thi hành Luật Bảo vệ dữ liệu cá nhân",
        ("quoc-phong-an-ninh", "thong-tin-truyen-thong"),
        implements=(("91/2025/QH15", D(2025, 6, 26)),),
    ),
    E(
        "91/2025/QH15",
        D(2025, 6, 26),
        ASSEMBLY,
        "Luật Bảo vệ dữ liệu cá nhân",
        ("quoc-phong-an-ninh", "thong-tin-truyen-thong"),
        kind_label="Luật",
    ),
    E(
        "85/2016/NĐ-CP",
        D(2016, 7, 1),
        GOVERNMENT,
        "Về bảo đảm an toàn hệ thống thông tin theo cấp độ",
        ("thong-tin-truyen-thong",),
    ),
    E(
        "09/2017/NĐ-CP",
        D(2017, 2, 9),
        GOVERNMENT,
        "Quy định chi tiết việc phát ngôn và cung cấp thông tin cho báo chí của các cơ quan hành "
        "chính nhà nước",
        ("bao-chi-xuat-ban",),
    ),
    E(
        "72/2015/NĐ-CP",
        D(2015, 9, 7),
        GOVERNMENT,
        "Về quản lý hoạt động thông tin đối ngoại",
        ("bao-chi-xuat-ban",),
    ),
    E(
        "61/2018/NĐ-CP",
        D(2018, 4, 23),
        GOVERNMENT,
        "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        ("noi-vu",),
    ),
    E(
        "45/2020/NĐ-CP",
        D(2020, 4, 8),
        GOVERNMENT,
        "Về thực hiện thủ tục hành chính trên môi trường điện tử",
        ("noi-vu", "thong-tin-truyen-thong"),
    ),
    E(
        "42/2022/NĐ-CP",
        D(2022, 6, 24),
        GOVERNMENT,
        "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên "
        "môi trường mạng",
        ("thong-tin-truyen-thong",),
    ),
    E("103/2016/QH13", D(2016, 4, 5), ASSEMBLY, "Luật Báo chí", ("bao-chi-xuat-ban",), "Luật"),
    E(
        "104/2016/QH13",
        D(2016, 4, 6),
        ASSEMBLY,
        "Luật Tiếp cận thông tin",
        ("bao-chi-xuat-ban", "tu-phap"),
        "Luật",
    ),
    E(
        "24/2018/QH14",
        D(2018, 6, 12),
        ASSEMBLY,
        "Luật An ninh mạng",
        ("quoc-phong-an-ninh",),
        "Luật",
    ),
    E(
        "14/2012/QH13",
        D(2012, 6, 20),
        ASSEMBLY,
        "Luật Phổ biến, giáo dục pháp luật",
        ("tu-phap",),
        "Luật",
    ),
    E(
        "10/2022/QH15",
        D(2022, 11, 10),
        ASSEMBLY,
        "Luật Thực hiện dân chủ ở cơ sở",
        ("dan-van", "tu-phap"),
        "Luật",
    ),
    E(
        "80/2015/QH13",
        D(2015, 6, 22),
        ASSEMBLY,
        "Luật Ban hành văn bản quy phạm pháp luật",
        ("tu-phap",),
        "Luật",
        replaced_by=("64/2025/QH15", D(2025, 2, 19)),
    ),
    E(
        "64/2025/QH15",
        D(2025, 2, 19),
        ASSEMBLY,
        "Luật Ban hành văn bản quy phạm pháp luật",
        ("tu-phap",),
        "Luật",
    ),
    E("63/2025/QH15", D(2025, 2, 18), ASSEMBLY, "Luật Tổ chức Chính phủ", ("noi-vu",), "Luật"),
    E(
        "72/2025/QH15",
        D(2025, 6, 16),
        ASSEMBLY,
        "Luật Tổ chức chính quyền địa phương",
        ("noi-vu",),
        "Luật",
    ),
    E(
        "202/2025/QH15",
        D(2025, 6, 12),
        ASSEMBLY,
        "Về việc sắp xếp đơn vị hành chính cấp tỉnh",
        ("noi-vu",),
        "Nghị quyết",
    ),
    E(
        "60/2024/QH15",
        D(2024, 11, 30),
        ASSEMBLY,
        "Luật Dữ liệu",
        ("thong-tin-truyen-thong",),
        "Luật",
    ),
)


# --- loaders (migrations pass their historical `apps`) --------------------------------------


def load_reference_data(apps) -> None:
    PartyTerm = apps.get_model("directives", "PartyTerm")
    DocumentType = apps.get_model("directives", "DocumentType")
    Issuer = apps.get_model("directives", "Issuer")
    for number, name, starts_on, ends_on, uncertain, note in PARTY_TERMS:
        PartyTerm.objects.update_or_create(
            organization=None,
            number=number,
            defaults={
                "name": name,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "uncertain": uncertain,
                "note": note,
            },
        )
    for system, types in (("party", PARTY_TYPES), ("state", STATE_TYPES)):
        for position, (code, name) in enumerate(types, start=1):
            DocumentType.objects.update_or_create(
                system=system, code=code, defaults={"name": name, "position": position}
            )
    for system, issuers in (("party", PARTY_ISSUERS), ("state", STATE_ISSUERS)):
        for code, name, valid_from, valid_to in issuers:
            Issuer.objects.update_or_create(
                system=system,
                code=code,
                defaults={"name": name, "valid_from": valid_from, "valid_to": valid_to},
            )


def symbol_key(symbol: symbols.Symbol) -> str:
    return dataclasses.replace(symbol, number=str(int(symbol.number))).canonical


def _term_on(terms, day):
    found = [
        t
        for t in terms
        if t.organization_id is None
        and t.starts_on <= day
        and (t.ends_on is None or day < t.ends_on)
    ]
    return found[-1] if found else None


def load_central_documents(apps) -> list:
    """Create (or refresh) the catalogue rows; returns the documents."""
    Document = apps.get_model("directives", "Document")
    DocumentType = apps.get_model("directives", "DocumentType")
    PartyTerm = apps.get_model("directives", "PartyTerm")
    Field = apps.get_model("org", "Field")
    types = {(t.system, t.code): t for t in DocumentType.objects.all()}
    terms = list(PartyTerm.objects.order_by("starts_on"))
    fields = {f.code: f for f in Field.objects.all()}
    loaded = {}
    for entry in CENTRAL_DOCUMENTS:
        symbol = symbols.parse_symbol(entry.symbol)
        term = _term_on(terms, entry.issued_on) if symbol.system == "party" else None
        period = term.name if term else str(entry.issued_on.year)
        document, _ = Document.objects.update_or_create(
            organization=None,
            symbol_key=symbol_key(symbol),
            period=period,
            defaults={
                "system": symbol.system,
                "number": symbol.number,
                "type": types.get((symbol.system, symbol.type)) if symbol.type else None,
                "issuer": symbol.issuer,
                "year": symbol.year,
                "symbol": symbol.canonical,
                "kind_label": entry.kind_label,
                "issuing_body": entry.issuing_body,
                "issued_on": entry.issued_on,
                "term": term,
                "abstract": entry.abstract,
            },
        )
        document.fields.set([fields[code] for code in entry.fields if code in fields])
        loaded[(symbol.canonical, entry.issued_on)] = document
    for entry in CENTRAL_DOCUMENTS:
        document = loaded[(symbols.parse_symbol(entry.symbol).canonical, entry.issued_on)]
        if entry.replaced_by:
            document.replaced_by = loaded[entry.replaced_by]
            document.status = "replaced"
            document.save(update_fields=["replaced_by", "status"])
        if entry.implements:
            document.implements.set([loaded[ref] for ref in entry.implements])
    return list(loaded.values())


def index_documents(apps, documents) -> None:
    """Search rows for the catalogue, as Document.search_document() writes them (a later
    core.search.rebuild() rewrites them with the live code)."""
    from phoihop.core.text import fold, normalize

    ContentType = apps.get_model("contenttypes", "ContentType")
    SearchDocument = apps.get_model("core", "SearchDocument")
    content_type, _ = ContentType.objects.get_or_create(app_label="directives", model="document")
    SearchDocument.objects.filter(
        content_type=content_type, object_id__in=[d.pk for d in documents]
    ).delete()
    rows = []
    for document in documents:
        kind = document.type.name if document.type_id else (document.kind_label or "Văn bản")
        sep = "-" if document.system == "party" else "/"
        day = document.issued_on
        title = f"{kind} {document.symbol} ngày {day.day}{sep}{day.month}{sep}{day.year}"
        term = f"khóa {document.term.name}" if document.term_id else ""
        extra = " ".join(p for p in (document.issuing_body, term, document.abstract) if p)
        rows.append(
            SearchDocument(
                content_type=content_type,
                object_id=document.pk,
                kind="directive",
                title=title[:400],
                title_normalized=normalize(title)[:400],
                subtitle=document.abstract[:300],
                url=f"/directives/{document.pk}/",
                search_text=fold(f"{title} {document.abstract[:300]} {extra}"),
                boost=1 if document.status == "in_force" else 0,
            )
        )
    SearchDocument.objects.bulk_create(rows)
