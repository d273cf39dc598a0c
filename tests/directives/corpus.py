"""Labelled corpus for the citation extractor.

Each :class:`Passage` is a piece of text in the style of provincial plans, reports and decisions,
with the citations a careful reader would mark. An expected citation names the fragment as it is
*written* in the passage (used to locate it: the extractor's span must overlap it), the canonical
symbol and the date (ISO) that belongs to it, or None.

Date rule (see phoihop.directives.extraction): a date belongs to a citation only when it
directly follows the symbol (optionally after "của <known body> [khóa N]") or sits between the
lead word and the symbol ("Quyết định ngày … số …"). So in a list followed by one date only the
last symbol gets it.

Real documents carry their real numbers and dates (e.g. 238-QĐ/TW of 30-9-2020; 42-CT/TW is
dated 24-3-2015 in its own header, "Hà Nội, ngày 24 tháng 3 năm 2015", not 16-3-2015).
Provincial documents (…/TU, …/QĐ-UBND) are invented but realistically shaped.

Loaded by path (importlib) from the tests and the benchmark, so it must stay importable on its
own: standard library only.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Expected:
    written: str  # the fragment as it appears in the text
    symbol: str  # canonical symbol
    date: str | None = None  # ISO date that belongs to this citation


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    expected: tuple[Expected, ...] = ()
    tags: tuple[str, ...] = field(default=())


def cite(written: str, date: str | None = None, symbol: str | None = None) -> Expected:
    """Expected citation; ``symbol`` defaults to ``written`` when that is already canonical."""
    return Expected(written=written, symbol=symbol or written, date=date)


def passage(pid: str, text: str, *expected: Expected, tags: str = "") -> Passage:
    return Passage(id=pid, text=text, expected=expected, tags=tuple(tags.split()))


# ----------------------------------------------------------------------------------------------
# Party documents, standard forms.

PARTY = [
    passage(
        "party-238-basis",
        "Thực hiện Quyết định số 238-QĐ/TW, ngày 30-9-2020 của Ban Bí thư khóa XII về ban hành "
        "Quy chế phối hợp giữa cơ quan tuyên giáo với cơ quan nhà nước cùng cấp (thay thế Quyết "
        "định số 221-QĐ/TW, ngày 27-4-2009), Ban Tuyên giáo Tỉnh ủy xây dựng Kế hoạch phối hợp "
        "năm 2024 như sau:",
        cite("238-QĐ/TW", "2020-09-30"),
        cite("221-QĐ/TW", "2009-04-27"),
        tags="party date_dash",
    ),
    passage(
        "party-29-education",
        "Căn cứ Nghị quyết số 29-NQ/TW ngày 04/11/2013 Hội nghị lần thứ tám Ban Chấp hành Trung "
        "ương Đảng khóa XI về đổi mới căn bản, toàn diện giáo dục và đào tạo, đáp ứng yêu cầu công "
        "nghiệp hóa, hiện đại hóa trong điều kiện kinh tế thị trường định hướng xã hội chủ nghĩa "
        "và hội nhập quốc tế;",
        cite("29-NQ/TW", "2013-11-04"),
        tags="party date_slash",
    ),
    passage(
        "party-20-2012",
        "Sau 10 năm thực hiện Nghị quyết số 20-NQ/TW, ngày 01/11/2012 của Ban Chấp hành Trung "
        "ương Đảng khóa XI về phát triển khoa học và công nghệ phục vụ sự nghiệp công nghiệp hóa, "
        "hiện đại hóa trong điều kiện kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập "
        "quốc tế, tiềm lực khoa học và công nghệ của tỉnh được tăng cường.",
        cite("20-NQ/TW", "2012-11-01"),
        tags="party date_slash",
    ),
    passage(
        "party-20-2017",
        "Ngành Y tế tiếp tục triển khai Nghị quyết số 20-NQ/TW ngày 25/10/2017 Hội nghị lần thứ "
        "sáu Ban Chấp hành Trung ương khóa XII về tăng cường công tác bảo vệ, chăm sóc và nâng cao "
        "sức khỏe Nhân dân trong tình hình mới; tỷ lệ bao phủ bảo hiểm y tế đạt 93,5%.",
        cite("20-NQ/TW", "2017-10-25"),
        tags="party date_slash decoy",
    ),
    passage(
        "party-38-health-insurance",
        "Tổng kết 15 năm thực hiện Chỉ thị số 38-CT/TW ngày 07/9/2009 của Ban Bí thư khóa X về "
        "đẩy mạnh công tác bảo hiểm y tế trong tình hình mới.",
        cite("38-CT/TW", "2009-09-07"),
        tags="party date_slash",
    ),
    passage(
        "party-42-youth",
        "Chỉ thị số 42-CT/TW, ngày 24-3-2015 của Bộ Chính trị về tăng cường sự lãnh đạo của Đảng "
        "đối với công tác giáo dục lý tưởng cách mạng, đạo đức, lối sống văn hóa cho thế hệ trẻ "
        "giai đoạn 2015 - 2030 được quán triệt đến 100% chi bộ.",
        cite("42-CT/TW", "2015-03-24"),
        tags="party date_dash decoy",
    ),
    passage(
        "party-57-science",
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia xác định đây là đột phá quan trọng "
        "hàng đầu.",
        cite("57-NQ/TW", "2024-12-22"),
        tags="party",
    ),
    passage(
        "party-35-ideology",
        "Ban Chỉ đạo 35 của tỉnh thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị "
        "về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai "
        "trái, thù địch trong tình hình mới.",
        cite("35-NQ/TW", "2018-10-22"),
        tags="party decoy",
    ),
    passage(
        "party-05-ho-chi-minh",
        "Tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học "
        "tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và Kết luận số 01-KL/TW ngày "
        "18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW gắn với xây dựng, "
        "chỉnh đốn Đảng.",
        cite("05-CT/TW", "2016-05-15"),
        cite("01-KL/TW", "2021-05-18"),
        cite("05-CT/TW"),
        tags="party",
    ),
    passage(
        "party-21-population",
        "Nghị quyết số 21-NQ/TW ngày 25/10/2017 Hội nghị lần thứ sáu Ban Chấp hành Trung ương "
        "khóa XII về công tác dân số trong tình hình mới đặt mục tiêu duy trì vững chắc mức sinh "
        "thay thế.",
        cite("21-NQ/TW", "2017-10-25"),
        tags="party",
    ),
    passage(
        "party-36-sea",
        "Nghị quyết số 36-NQ/TW ngày 22/10/2018 Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng "
        "khóa XII về Chiến lược phát triển bền vững kinh tế biển Việt Nam đến năm 2030, tầm nhìn "
        "đến năm 2045.",
        cite("36-NQ/TW", "2018-10-22"),
        tags="party",
    ),
    passage(
        "party-36-hd-format",
        "Văn bản trình bày theo Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương "
        "Đảng về thể thức và kỹ thuật trình bày văn bản của Đảng.",
        cite("36-HD/VPTW", "2018-04-03"),
        tags="party",
    ),
    passage(
        "party-08-qdi",
        "Thực hiện nghiêm Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương về "
        "trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, Ủy viên "
        "Ban Bí thư, Ủy viên Ban Chấp hành Trung ương.",
        cite("08-QĐi/TW", "2018-10-25"),
        tags="party",
    ),
    passage(
        "party-144-ethics",
        "Quy định số 144-QĐ/TW ngày 09/5/2024 của Bộ Chính trị về chuẩn mực đạo đức cách mạng của "
        "cán bộ, đảng viên trong giai đoạn mới được học tập tại 100% tổ chức cơ sở đảng.",
        cite("144-QĐ/TW", "2024-05-09"),
        tags="party",
    ),
    passage(
        "party-33-culture",
        "Sở Văn hóa, Thể thao và Du lịch chủ trì tham mưu sơ kết 10 năm thực hiện Nghị quyết số "
        "33-NQ/TW ngày 09/6/2014 Hội nghị Trung ương 9 khóa XI về xây dựng và phát triển văn hóa, "
        "con người Việt Nam đáp ứng yêu cầu phát triển bền vững đất nước.",
        cite("33-NQ/TW", "2014-06-09"),
        tags="party",
    ),
    passage(
        "party-04-and-21kl",
        "Gắn việc thực hiện Nghị quyết số 04-NQ/TW ngày 30/10/2016 Hội nghị Trung ương 4 khóa XII "
        "với Kết luận số 21-KL/TW ngày 25/10/2021 Hội nghị lần thứ tư Ban Chấp hành Trung ương "
        "Đảng khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị.",
        cite("04-NQ/TW", "2016-10-30"),
        cite("21-KL/TW", "2021-10-25"),
        tags="party",
    ),
    passage(
        "party-27-rule-of-law",
        "Nghị quyết số 27-NQ/TW ngày 09/11/2022 Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng "
        "khóa XIII về tiếp tục xây dựng và hoàn thiện Nhà nước pháp quyền xã hội chủ nghĩa Việt "
        "Nam trong giai đoạn mới.",
        cite("27-NQ/TW", "2022-11-09"),
        tags="party",
    ),
    passage(
        "party-45-intellectuals",
        "Hội Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh phối hợp tuyên truyền Nghị quyết số "
        "45-NQ/TW ngày 24/11/2023 Hội nghị Trung ương 8 khóa XIII về tiếp tục xây dựng và phát huy "
        "vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước nhanh và bền vững.",
        cite("45-NQ/TW", "2023-11-24"),
        tags="party",
    ),
    passage(
        "party-100-kl",
        "Thực hiện Kết luận số 100-KL/TW của Ban Bí thư về đổi mới và nâng cao chất lượng công "
        "tác điều tra, nắm bắt, nghiên cứu dư luận xã hội, các huyện kiện toàn đội ngũ cộng tác "
        "viên.",
        cite("100-KL/TW"),
        tags="party",
    ),
    passage(
        "party-35-ct-congress",
        "Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới "
        "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.",
        cite("35-CT/TW", "2019-05-30"),
        tags="party",
    ),
    passage(
        "party-header",
        "BAN CHẤP HÀNH ĐẢNG BỘ TỈNH\nBAN TUYÊN GIÁO VÀ DÂN VẬN\n*\nSố 125-KH/BTGDVTU\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nThanh Hóa, ngày 05 tháng 01 năm 2026\n\nKẾ HOẠCH\n"
        "phối hợp công tác khoa giáo năm 2026",
        cite("125-KH/BTGDVTU"),
        tags="party header",
    ),
]

# ----------------------------------------------------------------------------------------------
# Provincial Party documents.

PROVINCIAL = [
    passage(
        "prov-kh-hd",
        "Thực hiện Kế hoạch số 15-KH/TU ngày 12/7/2021 của Ban Thường vụ Tỉnh ủy về thực hiện Kết "
        "luận số 01-KL/TW của Bộ Chính trị, Ban Tuyên giáo và Dân vận Tỉnh ủy ban hành Hướng dẫn "
        "số 01-HD/BTGDVTU ngày 05/3/2025 về tuyên truyền kết quả học tập và làm theo Bác năm 2025.",
        cite("15-KH/TU", "2021-07-12"),
        cite("01-KL/TW"),
        cite("01-HD/BTGDVTU", "2025-03-05"),
        tags="provincial",
    ),
    passage(
        "prov-ctr",
        "Chương trình hành động số 25-CTr/TU ngày 10/4/2018 của Tỉnh ủy thực hiện Nghị quyết số "
        "20-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XII được cụ thể hóa thành 6 nhóm nhiệm "
        "vụ.",
        cite("25-CTr/TU", "2018-04-10"),
        cite("20-NQ/TW"),
        tags="provincial",
    ),
    passage(
        "prov-cv",
        "Căn cứ Công văn số 245-CV/BTGTU ngày 14/8/2023 của Ban Tuyên giáo Tỉnh ủy về việc định "
        "hướng thông tin tuyên truyền, các cơ quan báo chí đã đăng tải 312 tin, bài.",
        cite("245-CV/BTGTU", "2023-08-14"),
        tags="provincial decoy",
    ),
    passage(
        "prov-bc-hu",
        "Theo Báo cáo số 312-BC/HU ngày 20/11/2024 của Huyện ủy, toàn huyện có 27/27 xã hoàn "
        "thành việc tổ chức hội nghị học tập chuyên đề.",
        cite("312-BC/HU", "2024-11-20"),
        tags="provincial decoy",
    ),
    passage(
        "prov-tb",
        "Thông báo kết luận số 1250-TB/TU ngày 02/6/2025 của Thường trực Tỉnh ủy yêu cầu xử lý "
        "dứt điểm vụ việc trước ngày 30/6/2025.",
        cite("1250-TB/TU", "2025-06-02"),
        tags="provincial decoy",
    ),
    passage(
        "prov-ubkt",
        "Ủy ban Kiểm tra Tỉnh ủy ban hành Quyết định số 1680-QĐ/UBKTTU ngày 8/7/2024 về việc "
        "kiểm tra khi có dấu hiệu vi phạm.",
        cite("1680-QĐ/UBKTTU", "2024-07-08"),
        tags="provincial",
    ),
    passage(
        "prov-da",
        "Đề án số 05-ĐA/TU ngày 18/01/2022 của Tỉnh ủy về chuyển đổi số tỉnh giai đoạn 2021 - "
        "2025, định hướng đến năm 2030 đặt mục tiêu 80% hồ sơ được xử lý trực tuyến.",
        cite("05-ĐA/TU", "2022-01-18"),
        tags="provincial decoy",
    ),
    passage(
        "prov-ttr",
        "Ban Tuyên giáo và Dân vận có Tờ trình số 45-TTr/BTGDVTU ngày 03/9/2025 đề nghị Ban "
        "Thường vụ Tỉnh ủy cho ý kiến về dự thảo Quy chế.",
        cite("45-TTr/BTGDVTU", "2025-09-03"),
        tags="provincial",
    ),
    passage(
        "prov-du-hu",
        "Đảng ủy xã đã ban hành Nghị quyết số 12-NQ/ĐU ngày 15/7/2025 về nhiệm vụ 6 tháng cuối "
        "năm; trước đó Huyện ủy có Chỉ thị số 08-CT/HU và Ban Tuyên giáo Huyện ủy có Hướng dẫn số "
        "04-HD/BTGHU.",
        cite("12-NQ/ĐU", "2025-07-15"),
        cite("08-CT/HU"),
        cite("04-HD/BTGHU"),
        tags="provincial",
    ),
    passage(
        "prov-thong-tri",
        "Thông tri số 03-TT/TU ngày 20/02/2023 của Ban Thường vụ Tỉnh ủy về lãnh đạo Tết trồng "
        "cây được phổ biến tới các chi bộ.",
        cite("03-TT/TU", "2023-02-20"),
        tags="provincial",
    ),
    passage(
        "prov-qc-btgtw",
        "Phối hợp theo Quy chế số 02-QC/TU ngày 11/5/2021; hướng dẫn của Ban Tuyên giáo Trung "
        "ương tại Công văn số 1123-CV/BTGTW và của Ban Tuyên giáo và Dân vận Trung ương tại Hướng "
        "dẫn số 18-HD/BTGDVTW.",
        cite("02-QC/TU", "2021-05-11"),
        cite("1123-CV/BTGTW"),
        cite("18-HD/BTGDVTW"),
        tags="provincial",
    ),
    passage(
        "prov-btctw-vptw",
        "Hồ sơ được lập theo Hướng dẫn số 27-HD/BTCTW và Công văn số 56-CV/VPTW; lực lượng vũ "
        "trang thực hiện theo Nghị quyết số 51-NQ/QUTW.",
        cite("27-HD/BTCTW"),
        cite("56-CV/VPTW"),
        cite("51-NQ/QUTW"),
        tags="provincial",
    ),
]

# ----------------------------------------------------------------------------------------------
# State documents.

STATE = [
    passage(
        "state-09-reporting",
        "Căn cứ Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định về chế độ báo "
        "cáo của cơ quan hành chính nhà nước; thời gian chốt số liệu báo cáo tháng tính từ ngày 15 "
        "tháng trước đến ngày 14 của tháng thuộc kỳ báo cáo.",
        cite("09/2019/NĐ-CP", "2019-01-24"),
        tags="state decoy",
    ),
    passage(
        "state-30-clerical",
        "Văn bản hành chính trình bày theo Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ "
        "về công tác văn thư, thay thế Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ.",
        cite("30/2020/NĐ-CP", "2020-03-05"),
        cite("01/2011/TT-BNV", "2011-01-19"),
        tags="state",
    ),
    passage(
        "state-13-data",
        "Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân quy "
        "định yêu cầu hạn chế xử lý dữ liệu được thực hiện trong 72 giờ.",
        cite("13/2023/NĐ-CP", "2023-04-17"),
        tags="state decoy",
    ),
    passage(
        "state-91-law",
        "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 có hiệu lực từ ngày 01/01/2026; Nghị định số "
        "356/2025/NĐ-CP quy định chi tiết một số điều của Luật.",
        cite("91/2025/QH15"),
        cite("356/2025/NĐ-CP"),
        tags="state law decoy",
    ),
    passage(
        "state-123-ubnd",
        "Quyết định số 123/QĐ-UBND ngày 15/01/2024 của Ủy ban nhân dân tỉnh về việc ban hành Kế "
        "hoạch tuyên truyền cải cách hành chính năm 2024.",
        cite("123/QĐ-UBND", "2024-01-15"),
        tags="state",
    ),
    passage(
        "state-4699-letter",
        "Thực hiện Công văn số 4699/VPCP-KSTT của Văn phòng Chính phủ về việc tăng cường công tác "
        "tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp.",
        cite("4699/VPCP-KSTT"),
        tags="state letter",
    ),
    passage(
        "state-tt-ttlt",
        "Kinh phí thực hiện theo Thông tư số 04/2023/TT-BTC và Thông tư liên tịch số "
        "05/2024/TTLT-BTC-BNN hướng dẫn quản lý, sử dụng kinh phí sự nghiệp.",
        cite("04/2023/TT-BTC"),
        cite("05/2024/TTLT-BTC-BNN"),
        tags="state",
    ),
    passage(
        "state-85-security",
        "Hệ thống thông tin được phân loại theo Nghị định số 85/2016/NĐ-CP ngày 01/7/2016 của "
        "Chính phủ về bảo đảm an toàn hệ thống thông tin theo cấp độ và tiêu chuẩn TCVN "
        "11930:2017.",
        cite("85/2016/NĐ-CP", "2016-07-01"),
        tags="state decoy",
    ),
    passage(
        "state-61-one-stop",
        "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một "
        "cửa liên thông trong giải quyết thủ tục hành chính.",
        cite("61/2018/NĐ-CP", "2018-04-23"),
        tags="state",
    ),
    passage(
        "state-06-ttg",
        "Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát "
        "triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số "
        "quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030.",
        cite("06/QĐ-TTg", "2022-01-06"),
        tags="state decoy",
    ),
    passage(
        "state-laws-list",
        "Các cơ quan báo chí hoạt động theo Luật Tiếp cận thông tin số 104/2016/QH13, Luật Báo chí "
        "số 103/2016/QH13 và Luật An ninh mạng số 24/2018/QH14.",
        cite("104/2016/QH13"),
        cite("103/2016/QH13"),
        cite("24/2018/QH14"),
        tags="state law list",
    ),
    passage(
        "state-20-e-transactions",
        "Luật Giao dịch điện tử số 20/2023/QH15 cho phép văn bản điện tử có giá trị như bản giấy.",
        cite("20/2023/QH15"),
        tags="state law",
    ),
    passage(
        "state-19-ttg-codes",
        "Mã đơn vị hành chính cấp xã áp dụng theo Quyết định số 19/2025/QĐ-TTg của Thủ tướng Chính "
        "phủ ban hành Bảng danh mục và mã số các đơn vị hành chính Việt Nam.",
        cite("19/2025/QĐ-TTg"),
        tags="state",
    ),
    passage(
        "state-kh-ubnd",
        "Thực hiện Kế hoạch số 58/KH-UBND ngày 22/3/2024 của UBND tỉnh, Sở Thông tin và Truyền "
        "thông đã tổ chức 15 lớp tập huấn cho 1.200 lượt học viên.",
        cite("58/KH-UBND", "2024-03-22"),
        tags="state decoy",
    ),
    passage(
        "state-nq-hdnd",
        "Nghị quyết số 15/NQ-HĐND ngày 08/12/2023 của Hội đồng nhân dân tỉnh quy định mức chi hỗ "
        "trợ cộng tác viên dư luận xã hội là 500.000 đồng/người/tháng.",
        cite("15/NQ-HĐND", "2023-12-08"),
        tags="state decoy",
    ),
    passage(
        "state-cd-ttg",
        "Công điện số 12/CĐ-TTg ngày 05/3/2024 của Thủ tướng Chính phủ về tăng cường phòng cháy, "
        "chữa cháy được sao gửi tới 34/34 sở, ngành.",
        cite("12/CĐ-TTg", "2024-03-05"),
        tags="state decoy",
    ),
    passage(
        "state-ubnd-letter",
        "Công văn số 2156/UBND-VX ngày 03/10/2024 của UBND tỉnh về việc tăng cường công tác bảo "
        "đảm an toàn thực phẩm dịp Tết Nguyên đán.",
        cite("2156/UBND-VX", "2024-10-03"),
        tags="state letter",
    ),
    passage(
        "state-bc-syt",
        "Báo cáo số 215/BC-SYT ngày 12/12/2024 của Sở Y tế cho biết tỷ lệ tiêm chủng mở rộng đạt "
        "98,2%.",
        cite("215/BC-SYT", "2024-12-12"),
        tags="state decoy",
    ),
    passage(
        "state-wordy-date",
        "Quyết định số 2350/QĐ-UBND ngày 28 tháng 12 năm 2023 của UBND tỉnh về việc giao chỉ tiêu "
        "kế hoạch phát triển kinh tế - xã hội năm 2024.",
        cite("2350/QĐ-UBND", "2023-12-28"),
        tags="state date_words",
    ),
    passage(
        "state-ct-ubnd",
        "Chỉ thị số 07/CT-UBND ngày 05/4/2024 của Chủ tịch UBND tỉnh về tăng cường kỷ luật, kỷ "
        "cương hành chính; Hướng dẫn số 12/HD-SGDĐT của Sở Giáo dục và Đào tạo.",
        cite("07/CT-UBND", "2024-04-05"),
        cite("12/HD-SGDĐT"),
        tags="state",
    ),
    passage(
        "state-ordinance",
        "Chế độ ưu đãi thực hiện theo Pháp lệnh Ưu đãi người có công với cách mạng số "
        "02/2020/UBTVQH14 và Nghị định số 131/2021/NĐ-CP ngày 30/12/2021 của Chính phủ.",
        cite("02/2020/UBTVQH14"),
        cite("131/2021/NĐ-CP", "2021-12-30"),
        tags="state law",
    ),
    passage(
        "state-header",
        "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n\nSố: 1520/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nNghệ An, ngày 09 tháng 6 năm 2025\n\nQUYẾT ĐỊNH\n"
        "Về việc thành lập Tổ công tác liên ngành xử lý vấn đề nổi cộm",
        cite("1520/QĐ-UBND"),
        tags="state header",
    ),
    passage(
        "state-ministries",
        "Bộ Y tế có Công văn số 1037/BYT-KCB; Bộ Giáo dục và Đào tạo ban hành Thông tư số "
        "32/2020/TT-BGDĐT ngày 15/9/2020 ban hành Điều lệ trường trung học.",
        cite("1037/BYT-KCB"),
        cite("32/2020/TT-BGDĐT", "2020-09-15"),
        tags="state letter",
    ),
    passage(
        "state-nq-cp",
        "Chính phủ ban hành Nghị quyết số 01/NQ-CP ngày 05/01/2024 về nhiệm vụ, giải pháp chủ yếu "
        "thực hiện Kế hoạch phát triển kinh tế - xã hội năm 2024.",
        cite("01/NQ-CP", "2024-01-05"),
        tags="state",
    ),
    passage(
        "state-qydinh",
        "Ban hành kèm theo Quyết định này Quy định số 03/QyĐ-UBND về quản lý cộng tác viên dư "
        "luận xã hội.",
        cite("03/QyĐ-UBND"),
        tags="state",
    ),
]

# ----------------------------------------------------------------------------------------------
# Lists: every symbol is its own citation with its own date.

LISTS = [
    passage(
        "list-ct-kl",
        "Quán triệt các Chỉ thị số 38-CT/TW, 42-CT/TW và Kết luận 100-KL/TW tới toàn thể cán bộ, "
        "đảng viên.",
        cite("38-CT/TW"),
        cite("42-CT/TW"),
        cite("100-KL/TW"),
        tags="list",
    ),
    passage(
        "list-20-twice",
        "Nghị quyết số 20-NQ/TW ngày 1-11-2012 và 20-NQ/TW ngày 25-10-2017 cùng số hiệu nhưng là "
        "hai văn bản của hai nhiệm kỳ khác nhau.",
        cite("20-NQ/TW", "2012-11-01"),
        cite("20-NQ/TW", "2017-10-25"),
        tags="list date_dash",
    ),
    passage(
        "list-shared-date",
        "Thực hiện các Nghị quyết số 18-NQ/TW, 19-NQ/TW, 20-NQ/TW và 21-NQ/TW ngày 25-10-2017 của "
        "Hội nghị Trung ương 6 khóa XII, tỉnh đã giảm 12 đơn vị sự nghiệp công lập.",
        cite("18-NQ/TW"),
        cite("19-NQ/TW"),
        cite("20-NQ/TW"),
        cite("21-NQ/TW", "2017-10-25"),
        tags="list",
    ),
    passage(
        "list-decrees",
        "Chế độ báo cáo, văn thư và bảo vệ dữ liệu cá nhân thực hiện theo các Nghị định số "
        "09/2019/NĐ-CP, 30/2020/NĐ-CP và 13/2023/NĐ-CP của Chính phủ.",
        cite("09/2019/NĐ-CP"),
        cite("30/2020/NĐ-CP"),
        cite("13/2023/NĐ-CP"),
        tags="list",
    ),
    passage(
        "list-semicolons",
        "Căn cứ pháp lý: Quyết định số 238-QĐ/TW; Hướng dẫn số 36-HD/VPTW; Công văn số "
        "4699/VPCP-KSTT; Kế hoạch số 15-KH/TU.",
        cite("238-QĐ/TW"),
        cite("36-HD/VPTW"),
        cite("4699/VPCP-KSTT"),
        cite("15-KH/TU"),
        tags="list",
    ),
    passage(
        "list-each-dated",
        "Chỉ thị 38-CT/TW ngày 07/9/2009, Chỉ thị 42-CT/TW ngày 24/3/2015, Chỉ thị 05-CT/TW ngày "
        "15/5/2016 đều giao ban tuyên giáo làm đầu mối tham mưu.",
        cite("38-CT/TW", "2009-09-07"),
        cite("42-CT/TW", "2015-03-24"),
        cite("05-CT/TW", "2016-05-15"),
        tags="list",
    ),
    passage(
        "list-no-space-after-comma",
        "Nghị quyết số 18-NQ/TW,19-NQ/TW (khóa XII) về sắp xếp tổ chức bộ máy.",
        cite("18-NQ/TW"),
        cite("19-NQ/TW"),
        tags="list spacing",
    ),
    passage(
        "list-mixed-families",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy phối hợp với Sở Y tế triển khai Nghị quyết số 20-NQ/TW, "
        "Nghị quyết số 21-NQ/TW (khóa XII), Quyết định số 123/QĐ-UBND và Kế hoạch số 58/KH-UBND "
        "của UBND tỉnh.",
        cite("20-NQ/TW"),
        cite("21-NQ/TW"),
        cite("123/QĐ-UBND"),
        cite("58/KH-UBND"),
        tags="list",
    ),
    passage(
        "list-hyphen-separated",
        "(Chỉ thị 05-CT/TW - Kết luận 01-KL/TW - Quy định 144-QĐ/TW)",
        cite("05-CT/TW"),
        cite("01-KL/TW"),
        cite("144-QĐ/TW"),
        tags="list spacing",
    ),
    passage(
        "list-parenthesised",
        "Thực hiện các nghị quyết chuyên đề của Trung ương (Nghị quyết 18-NQ/TW, Nghị quyết "
        "19-NQ/TW, Nghị quyết 21-NQ/TW) và của Bộ Chính trị (Nghị quyết 57-NQ/TW).",
        cite("18-NQ/TW"),
        cite("19-NQ/TW"),
        cite("21-NQ/TW"),
        cite("57-NQ/TW"),
        tags="list",
    ),
]

# ----------------------------------------------------------------------------------------------
# Odd spacing and line breaks (text pasted from PDFs and Word templates).

SPACING = [
    passage(
        "space-around-hyphen",
        "Quyết định số 238 - QĐ/TW ngày 30 - 9 - 2020 của Ban Bí thư.",
        cite("238 - QĐ/TW", "2020-09-30", "238-QĐ/TW"),
        tags="spacing",
    ),
    passage(
        "space-after-slash",
        "Căn cứ Chỉ thị số 35-CT/ TW ngày 30/5/2019 của Bộ Chính trị;",
        cite("35-CT/ TW", "2019-05-30", "35-CT/TW"),
        tags="spacing",
    ),
    passage(
        "space-state-hyphen",
        "Căn cứ Nghị định số 09/2019/NĐ - CP ngày 24/01/2019 của Chính phủ;",
        cite("09/2019/NĐ - CP", "2019-01-24", "09/2019/NĐ-CP"),
        tags="spacing",
    ),
    passage(
        "space-template-number",
        "Số: 1234 /QĐ-UBND\nThanh Hóa, ngày 05 tháng 02 năm 2025",
        cite("1234 /QĐ-UBND", None, "1234/QĐ-UBND"),
        tags="spacing header",
    ),
    passage(
        "space-state-year-slash",
        "Nghị định số 30/ 2020/ NĐ-CP ngày 05/3/2020 quy định thể thức văn bản hành chính.",
        cite("30/ 2020/ NĐ-CP", "2020-03-05", "30/2020/NĐ-CP"),
        tags="spacing",
    ),
    passage(
        "linebreak-before-symbol",
        "Các trường học tiếp tục thực hiện Nghị quyết số\n29-NQ/TW ngày 04/11/2013 về đổi mới "
        "căn bản, toàn diện giáo dục và đào tạo.",
        cite("29-NQ/TW", "2013-11-04"),
        tags="linebreak",
    ),
    passage(
        "linebreak-inside-symbol",
        "Thực hiện Quyết định số 238-QĐ/\nTW, ngày 30-9-2020 của Ban Bí thư về Quy chế phối hợp.",
        cite("238-QĐ/\nTW", "2020-09-30", "238-QĐ/TW"),
        tags="linebreak",
    ),
    passage(
        "linebreak-before-date",
        "Kết luận số 01-KL/TW\nngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05.",
        cite("01-KL/TW", "2021-05-18"),
        tags="linebreak",
    ),
    passage(
        "linebreak-in-lead-and-state",
        "Căn cứ Nghị\nđịnh số 13/2023/NĐ-\nCP ngày 17/4/2023 của Chính phủ;",
        cite("13/2023/NĐ-\nCP", "2023-04-17", "13/2023/NĐ-CP"),
        tags="linebreak",
    ),
    passage(
        "space-double-and-nbsp",
        "Kế hoạch  số  15-KH/TU  ngày  12/7/2021 và Quyết định số\u00a0238-QĐ/TW.",
        cite("15-KH/TU", "2021-07-12"),
        cite("238-QĐ/TW"),
        tags="spacing",
    ),
    passage(
        "space-crlf",
        "Thực hiện Chỉ thị số 05-CT/TW\r\nngày 15/5/2016 của Bộ Chính trị.\r\n",
        cite("05-CT/TW", "2016-05-15"),
        tags="linebreak",
    ),
    passage(
        "space-tabs-table",
        "STT\tVăn bản\tNgày ban hành\n1\t57-NQ/TW\t22/12/2024\n2\t09/2019/NĐ-CP\t24/01/2019\n",
        cite("57-NQ/TW"),
        cite("09/2019/NĐ-CP"),
        tags="spacing table",
    ),
]

# ----------------------------------------------------------------------------------------------
# Lower case, upper case and text without diacritics (SMS, e-mail, old fonts).

CASE_AND_DIACRITICS = [
    passage(
        "lower-party",
        "đề nghị các đồng chí nghiên cứu nghị quyết số 20-nq/tw ngày 25/10/2017 trước buổi sinh "
        "hoạt chi bộ.",
        cite("20-nq/tw", "2017-10-25", "20-NQ/TW"),
        tags="lowercase",
    ),
    passage(
        "ascii-party",
        "Quyet dinh so 238-QD/TW ngay 30-9-2020 cua Ban Bi thu ve Quy che phoi hop",
        cite("238-QD/TW", "2020-09-30", "238-QĐ/TW"),
        tags="no_diacritics",
    ),
    passage(
        "ascii-ct",
        "Chi thi so 05-CT/TW ngay 15/5/2016 cua Bo Chinh tri",
        cite("05-CT/TW", "2016-05-15"),
        tags="no_diacritics",
    ),
    passage(
        "ascii-lower-state",
        "can cu nghi dinh 13/2023/nd-cp ngay 17/4/2023 ve bao ve du lieu ca nhan",
        cite("13/2023/nd-cp", "2023-04-17", "13/2023/NĐ-CP"),
        tags="no_diacritics lowercase",
    ),
    passage(
        "upper-heading",
        "TRIỂN KHAI QUYẾT ĐỊNH SỐ 238-QĐ/TW NGÀY 30/9/2020 CỦA BAN BÍ THƯ",
        cite("238-QĐ/TW", "2020-09-30"),
        tags="uppercase",
    ),
    passage(
        "ascii-da",
        "de an so 06-DA/TU ve chuyen doi so va ke hoach so 15-kh/tu",
        cite("06-DA/TU", None, "06-ĐA/TU"),
        cite("15-kh/tu", None, "15-KH/TU"),
        tags="no_diacritics lowercase",
    ),
    passage(
        "ascii-words-date",
        "Nghi quyet so 21-NQ/TW ngay 25 thang 10 nam 2017 ve cong tac dan so",
        cite("21-NQ/TW", "2017-10-25"),
        tags="no_diacritics date_words",
    ),
    passage(
        "ascii-qdi-ctr",
        "quy dinh so 08-qdi/tw va chuong trinh hanh dong so 25-ctr/tu",
        cite("08-qdi/tw", None, "08-QĐi/TW"),
        cite("25-ctr/tu", None, "25-CTr/TU"),
        tags="no_diacritics lowercase",
    ),
    passage(
        "old-tu-spelling",
        "Thực hiện Nghị quyết số 09-NQ/TƯ ngày 9/12/2011 của Bộ Chính trị về xây dựng và phát huy "
        "vai trò của đội ngũ doanh nhân.",
        cite("09-NQ/TƯ", "2011-12-09", "09-NQ/TW"),
        tags="party",
    ),
    passage(
        "ascii-du-hdnd",
        "nghi quyet so 7-NQ/DU va nghi quyet so 22/NQ-HDND",
        cite("7-NQ/DU", None, "7-NQ/ĐU"),
        cite("22/NQ-HDND", None, "22/NQ-HĐND"),
        tags="no_diacritics",
    ),
    passage(
        "nfd-text",
        unicodedata.normalize(
            "NFD", "Thực hiện Quyết định số 238-QĐ/TƯ, ngày 30 tháng 9 năm 2020 của Ban Bí thư."
        ),
        cite(unicodedata.normalize("NFD", "238-QĐ/TƯ"), "2020-09-30", "238-QĐ/TW"),
        tags="nfd",
    ),
]

# ----------------------------------------------------------------------------------------------
# Party symbols written in State style.

STATE_STYLE_PARTY = [
    passage(
        "stylemix-22",
        "Tiếp tục thực hiện Chỉ thị 22/CT-TW của Ban Bí thư về tăng cường công tác lãnh đạo, chỉ "
        "đạo việc xây dựng quan hệ lao động hài hòa, ổn định và tiến bộ trong doanh nghiệp.",
        cite("22/CT-TW", None, "22-CT/TW"),
        tags="state_style_party",
    ),
    passage(
        "stylemix-kl",
        "Kết luận số 01/KL-TW ngày 18/5/2021 của Bộ Chính trị.",
        cite("01/KL-TW", "2021-05-18", "01-KL/TW"),
        tags="state_style_party",
    ),
    passage(
        "stylemix-btgtu",
        "Hướng dẫn số 12/HD-BTGTU ngày 20/4/2023 của Ban Tuyên giáo Tỉnh ủy về đề cương tuyên "
        "truyền.",
        cite("12/HD-BTGTU", "2023-04-20", "12-HD/BTGTU"),
        tags="state_style_party",
    ),
    passage(
        "stylemix-tu-and-state",
        "Kế hoạch 120/KH-TU của Ban Thường vụ Tỉnh ủy và Kế hoạch 58/KH-UBND của UBND tỉnh.",
        cite("120/KH-TU", None, "120-KH/TU"),
        cite("58/KH-UBND"),
        tags="state_style_party",
    ),
    passage(
        "stylemix-tu-old",
        "Căn cứ Nghị quyết số 35/NQ-TƯ của Bộ Chính trị",
        cite("35/NQ-TƯ", None, "35-NQ/TW"),
        tags="state_style_party",
    ),
]

# ----------------------------------------------------------------------------------------------
# Bare number with the issuer in words (see the rule in phoihop.directives.extraction).

ISSUER_IN_WORDS = [
    passage(
        "words-238",
        "Quyết định số 238 của Ban Bí thư khóa XII đã xác định rõ trách nhiệm của cơ quan tuyên "
        "giáo và cơ quan nhà nước.",
        cite("238 của Ban Bí thư", None, "238-QĐ/TW"),
        tags="issuer_words",
    ),
    passage(
        "words-57",
        "Nghị quyết 57 của Bộ Chính trị là “khoán 10” trong khoa học, công nghệ.",
        cite("57 của Bộ Chính trị", None, "57-NQ/TW"),
        tags="issuer_words decoy",
    ),
    passage(
        "words-05",
        "Đẩy mạnh học tập và làm theo Bác theo Chỉ thị số 05 của Bộ Chính trị.",
        cite("05 của Bộ Chính trị", None, "05-CT/TW"),
        tags="issuer_words",
    ),
    passage(
        "words-13-2023",
        "Việc thu thập dữ liệu tuân thủ Nghị định số 13/2023 của Chính phủ.",
        cite("13/2023 của Chính phủ", None, "13/2023/NĐ-CP"),
        tags="issuer_words",
    ),
    passage(
        "words-19-2025",
        "Áp dụng mã số theo Quyết định số 19/2025 của Thủ tướng Chính phủ.",
        cite("19/2025 của Thủ tướng", None, "19/2025/QĐ-TTg"),
        tags="issuer_words",
    ),
    passage(
        "words-29-dated",
        "Nghị quyết số 29, ngày 4-11-2013 của Ban Chấp hành Trung ương Đảng khóa XI đặt ra yêu cầu "
        "đổi mới căn bản giáo dục.",
        cite("29, ngày 4-11-2013", "2013-11-04", "29-NQ/TW"),
        tags="issuer_words",
    ),
    passage(
        "words-provincial",
        "Kế hoạch số 15 của Ban Thường vụ Tỉnh ủy được triển khai tới 100% chi bộ.",
        cite("15 của Ban Thường vụ Tỉnh ủy", None, "15-KH/TU"),
        tags="issuer_words",
    ),
    passage(
        "words-kl-ascii",
        "ket luan so 21 cua Ban Chap hanh Trung uong",
        cite("21 cua Ban", None, "21-KL/TW"),
        tags="issuer_words no_diacritics",
    ),
]

# ----------------------------------------------------------------------------------------------
# Where the date sits: before the symbol, after the issuer, or elsewhere (not ours).

DATE_PLACEMENT = [
    passage(
        "date-before",
        "Quyết định ngày 30-9-2020 số 238-QĐ/TW của Ban Bí thư về Quy chế phối hợp.",
        cite("238-QĐ/TW", "2020-09-30"),
        tags="date_before",
    ),
    passage(
        "date-before-ct",
        "Thực hiện Chỉ thị ngày 07/9/2009 số 38-CT/TW của Ban Bí thư khóa X.",
        cite("38-CT/TW", "2009-09-07"),
        tags="date_before",
    ),
    passage(
        "date-elsewhere-parenthesis",
        "Ngày 30-9-2020, Ban Bí thư ban hành Quy chế phối hợp giữa cơ quan tuyên giáo với cơ quan "
        "nhà nước (Quyết định 238-QĐ/TW).",
        cite("238-QĐ/TW"),
        tags="date_trap",
    ),
    passage(
        "date-elsewhere-of",
        "Văn bản ngày 30-9-2020 của Ban Bí thư về Quy chế phối hợp (Quyết định 238-QĐ/TW) thay "
        "thế văn bản ngày 27-4-2009 (Quyết định 221-QĐ/TW).",
        cite("238-QĐ/TW"),
        cite("221-QĐ/TW"),
        tags="date_trap",
    ),
    passage(
        "date-after-issuer",
        "Quyết định số 238-QĐ/TW của Ban Bí thư khóa XII, ngày 30/9/2020 quy định 3 nhóm nội dung "
        "phối hợp.",
        cite("238-QĐ/TW", "2020-09-30"),
        tags="date_after_issuer",
    ),
    passage(
        "date-after-title-not-ours",
        "Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ được ban hành ngày "
        "22/12/2024.",
        cite("57-NQ/TW"),
        tags="date_trap",
    ),
    passage(
        "date-meeting-before",
        "Hội nghị ngày 12/5/2025 đã quán triệt Nghị quyết số 57-NQ/TW và Kết luận số 100-KL/TW.",
        cite("57-NQ/TW"),
        cite("100-KL/TW"),
        tags="date_trap",
    ),
    passage(
        "date-in-parentheses",
        "Quy chế phối hợp (Quyết định số 238-QĐ/TW (ngày 30/9/2020)) thay thế Quyết định số "
        "221-QĐ/TW (ngày 27/4/2009).",
        cite("238-QĐ/TW", "2020-09-30"),
        cite("221-QĐ/TW", "2009-04-27"),
        tags="date_formats",
    ),
    passage(
        "date-dotted-and-signed",
        "Kế hoạch số 58/KH-UBND ký ngày 22.3.2024 và Quyết định số 123/QĐ-UBND ban hành ngày "
        "15/01/2024.",
        cite("58/KH-UBND", "2024-03-22"),
        cite("123/QĐ-UBND", "2024-01-15"),
        tags="date_formats",
    ),
    passage(
        "date-invalid",
        "Quyết định số 123/QĐ-UBND ngày 31/02/2024 (ghi nhầm ngày) vẫn được trích dẫn.",
        cite("123/QĐ-UBND"),
        tags="date_formats",
    ),
    passage(
        "date-wordy-padded",
        "Chỉ thị số 05-CT/TW ngày 15 tháng 05 năm 2016 và Nghị quyết số 57-NQ/TW, ngày 22 tháng "
        "12 năm 2024.",
        cite("05-CT/TW", "2016-05-15"),
        cite("57-NQ/TW", "2024-12-22"),
        tags="date_words",
    ),
    passage(
        "date-after-ubnd-named",
        "Quyết định số 1520/QĐ-UBND của UBND tỉnh Nghệ An ngày 09/6/2025 về thành lập tổ công tác.",
        cite("1520/QĐ-UBND", "2025-06-09"),
        tags="date_after_issuer",
    ),
]

# ----------------------------------------------------------------------------------------------
# Longer realistic passages mixing everything, with decoys.

MIXED = [
    passage(
        "mixed-plan-basis",
        "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH\n"
        "- Quyết định số 238-QĐ/TW, ngày 30-9-2020 của Ban Bí thư khóa XII về ban hành Quy chế "
        "phối hợp giữa cơ quan tuyên giáo với cơ quan nhà nước cùng cấp;\n"
        "- Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ;\n"
        "- Chương trình phối hợp số 02-CTr/BTGTU-SYT ngày 15/3/2022 giữa Ban Tuyên giáo Tỉnh ủy "
        "và Sở Y tế giai đoạn 2022 - 2026;\n"
        "- Kế hoạch số 15-KH/TU ngày 12/7/2021 của Ban Thường vụ Tỉnh ủy.",
        cite("238-QĐ/TW", "2020-09-30"),
        cite("09/2019/NĐ-CP", "2019-01-24"),
        cite("02-CTr/BTGTU-SYT", "2022-03-15"),
        cite("15-KH/TU", "2021-07-12"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-report-results",
        "Năm 2025, Ban Tuyên giáo Tỉnh ủy phối hợp tổ chức 56 hội nghị quán triệt Nghị quyết số "
        "57-NQ/TW và Nghị quyết số 45-NQ/TW cho 8.650 lượt cán bộ; 34/34 sở, ngành gửi báo cáo "
        "đúng hạn theo Công văn số 312-CV/BTGTU; tỷ lệ hài lòng đạt 92,4%, tăng 3,1% so với năm "
        "2024.",
        cite("57-NQ/TW"),
        cite("45-NQ/TW"),
        cite("312-CV/BTGTU"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-hot-issue",
        "Trước phản ánh của người dân qua đường dây nóng 0237.3852.111 về tình trạng ô nhiễm tại "
        "số 38 đường Trần Phú, Sở Tài nguyên và Môi trường đã kiểm tra theo Quyết định số "
        "2045/QĐ-STNMT ngày 05/8/2024 và báo cáo UBND tỉnh tại Báo cáo số 301/BC-STNMT.",
        cite("2045/QĐ-STNMT", "2024-08-05"),
        cite("301/BC-STNMT"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-review",
        "Sơ kết 5 năm thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 (giai đoạn 2021-2026) cho thấy "
        "120/125 tổ chức cơ sở đảng đưa nội dung học tập vào sinh hoạt định kỳ theo khoản 2 Điều "
        "10 Quy định số 144-QĐ/TW.",
        cite("01-KL/TW", "2021-05-18"),
        cite("144-QĐ/TW"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-education",
        "Ngành Giáo dục thực hiện Nghị quyết số 29-NQ/TW; Kết luận số 51-KL/TW ngày 30/5/2019 của "
        "Ban Bí thư về tiếp tục thực hiện Nghị quyết Hội nghị Trung ương 8 khóa XI; Nghị quyết số "
        "88/2014/QH13 ngày 28/11/2014 của Quốc hội về đổi mới chương trình, sách giáo khoa giáo "
        "dục phổ thông.",
        cite("29-NQ/TW"),
        cite("51-KL/TW", "2019-05-30"),
        cite("88/2014/QH13", "2014-11-28"),
        tags="mixed law",
    ),
    passage(
        "mixed-commune",
        "Đảng ủy phường ban hành Kế hoạch số 05-KH/ĐU ngày 10/8/2025 thực hiện Hướng dẫn số "
        "03-HD/BTGDVTU; UBND phường ban hành Kế hoạch số 112/KH-UBND và Công văn số 215/UBND-VHXH "
        "gửi 12/12 tổ dân phố.",
        cite("05-KH/ĐU", "2025-08-10"),
        cite("03-HD/BTGDVTU"),
        cite("112/KH-UBND"),
        cite("215/UBND-VHXH"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-press",
        "Báo Thanh Hóa đăng tải loạt bài về việc thực hiện Nghị quyết số 58-NQ/TW ngày 05/8/2020 "
        "của Bộ Chính trị về xây dựng và phát triển tỉnh Thanh Hóa đến năm 2030, tầm nhìn đến năm "
        "2045; số báo 12/3 phát hành 15.000 bản.",
        cite("58-NQ/TW", "2020-08-05"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-data-protection",
        "Cổng thông tin xin ý kiến người dân tuân thủ Luật số 91/2025/QH15, Nghị định số "
        "356/2025/NĐ-CP và trước đó là Nghị định số 13/2023/NĐ-CP; hệ thống đạt cấp độ 3 theo Điều "
        "9 Nghị định số 85/2016/NĐ-CP với 10.000 người dùng.",
        cite("91/2025/QH15"),
        cite("356/2025/NĐ-CP"),
        cite("13/2023/NĐ-CP"),
        cite("85/2016/NĐ-CP"),
        tags="mixed law decoy",
    ),
    passage(
        "mixed-reorg",
        "Thực hiện Nghị quyết số 18-NQ/TW, Kết luận số 121-KL/TW ngày 24/01/2025 của Ban Chấp "
        "hành Trung ương và Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn "
        "vị hành chính cấp tỉnh, từ ngày 01/7/2025 cả nước có 34 tỉnh, thành phố.",
        cite("18-NQ/TW"),
        cite("121-KL/TW", "2025-01-24"),
        cite("202/2025/QH15", "2025-06-12"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-semicolon-basis",
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15; căn cứ Quyết định số "
        "1520/QĐ-UBND ngày 09/6/2025 của UBND tỉnh; xét đề nghị của Giám đốc Sở Nội vụ tại Tờ "
        "trình số 245/TTr-SNV ngày 20/6/2025.",
        cite("72/2025/QH15"),
        cite("1520/QĐ-UBND", "2025-06-09"),
        cite("245/TTr-SNV", "2025-06-20"),
        tags="mixed law",
    ),
    passage(
        "mixed-bloc-briefing",
        "Tại hội nghị giao ban khối khoa giáo 6 tháng đầu năm 2025 (từ 15/12/2024 đến 14/6/2025), "
        "các đơn vị báo cáo kết quả thực hiện Chỉ thị số 38-CT/TW, Nghị quyết số 20-NQ/TW (khóa "
        "XII), Nghị quyết số 21-NQ/TW và Quyết định số 238-QĐ/TW.",
        cite("38-CT/TW"),
        cite("20-NQ/TW"),
        cite("21-NQ/TW"),
        cite("238-QĐ/TW"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-inspection",
        "Đoàn kiểm tra theo Quyết định số 85-QĐ/BTGDVTU ngày 02/10/2025 làm việc với 5 sở; kết "
        "luận tại Thông báo số 97-TB/BTGDVTU ngày 30/10/2025 yêu cầu khắc phục trước 31/12/2025.",
        cite("85-QĐ/BTGDVTU", "2025-10-02"),
        cite("97-TB/BTGDVTU", "2025-10-30"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-labour",
        "Sở Lao động - Thương binh và Xã hội phối hợp tuyên truyền Chỉ thị số 22-CT/TW ngày "
        "05/6/2008 của Ban Bí thư và Bộ luật Lao động số 45/2019/QH14; tỷ lệ lao động qua đào tạo "
        "đạt 70,5%.",
        cite("22-CT/TW", "2008-06-05"),
        cite("45/2019/QH14"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-ethnic",
        "Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số "
        "và miền núi giai đoạn 2021 - 2030 được phê duyệt tại Quyết định số 1719/QĐ-TTg ngày "
        "14/10/2021 của Thủ tướng Chính phủ.",
        cite("1719/QĐ-TTg", "2021-10-14"),
        tags="mixed decoy",
    ),
    passage(
        "mixed-health-bloc",
        "Thực hiện Quy chế phối hợp số 03-QC/BTGTU-SYT ngày 20/5/2022, Sở Y tế báo cáo kết quả "
        "thực hiện Nghị quyết số 20-NQ/TW ngày 25-10-2017 và Chỉ thị số 38-CT/TW ngày 7-9-2009.",
        cite("03-QC/BTGTU-SYT", "2022-05-20"),
        cite("20-NQ/TW", "2017-10-25"),
        cite("38-CT/TW", "2009-09-07"),
        tags="mixed",
    ),
]

# ----------------------------------------------------------------------------------------------
# Word-processor artefacts and report conventions.

ARTEFACTS = [
    passage(
        "dash-en",
        "Quyết định số 238–QĐ/TW ngày 30–9–2020 và Nghị định 09/2019/NĐ–CP.",
        cite("238–QĐ/TW", "2020-09-30", "238-QĐ/TW"),
        cite("09/2019/NĐ–CP", None, "09/2019/NĐ-CP"),
        tags="spacing",
    ),
    passage(
        "dash-spaced-en",
        "Căn cứ Nghị quyết số 20 – NQ/TW, ngày 25 - 10 - 2017 của Ban Chấp hành Trung ương.",
        cite("20 – NQ/TW", "2017-10-25", "20-NQ/TW"),
        tags="spacing",
    ),
    passage(
        "date-in-parentheses-bare",
        "Các văn bản trọng tâm: Chỉ thị 05-CT/TW (15/5/2016), Kết luận 01-KL/TW (18/5/2021) và "
        "Nghị quyết 57-NQ/TW (22/12/2024).",
        cite("05-CT/TW", "2016-05-15"),
        cite("01-KL/TW", "2021-05-18"),
        cite("57-NQ/TW", "2024-12-22"),
        tags="date_formats",
    ),
    passage(
        "form-template",
        "Báo cáo theo Mẫu số 01/BC-SYT và Phụ lục 02/KH-UBND ban hành kèm theo Thông tư số "
        "04/2023/TT-BTC.",
        cite("04/2023/TT-BTC"),
        tags="decoy",
    ),
    passage(
        "colon-after-so",
        "Quyết định số: 238-QĐ/TW; Nghị quyết 57-NQ/TW, ký ngày 22/12/2024.",
        cite("238-QĐ/TW"),
        cite("57-NQ/TW", "2024-12-22"),
        tags="date_formats",
    ),
    passage(
        "provincial-normative",
        "Quyết định số 45/2024/QĐ-UBND ngày 20/12/2024 của UBND tỉnh ban hành Quy chế quản lý "
        "cổng thông tin điện tử.",
        cite("45/2024/QĐ-UBND", "2024-12-20"),
        tags="state",
    ),
    passage(
        "abbreviated-lead",
        "Triển khai NQ 57-NQ/TW và CT 05-CT/TW; tổng kết QĐ 221-QĐ/TW.",
        cite("57-NQ/TW"),
        cite("05-CT/TW"),
        cite("221-QĐ/TW"),
        tags="party",
    ),
    passage(
        "pdf-glued-words",
        "Căn cứ Chỉ thị số 45-CT/TW ngày22 tháng 7 năm 2010 của Bộ Chính trị và Thông báo số "
        "70-TB/TWngày 06 tháng 01 năm 2012 của Ban Bí thư; Quyết định số 719/QĐ-TTgngày 15/6/2012.",
        cite("45-CT/TW", "2010-07-22"),
        cite("70-TB/TW", "2012-01-06"),
        cite("719/QĐ-TTg", "2012-06-15"),
        tags="spacing pdf",
    ),
    passage(
        "dashless-party",
        "Kế hoạch số 25 KH/TU ngày 30/11/2016 của Ban Thường vụ Tỉnh ủy thực hiện Kết luận số "
        "100 - KL/TW ngày 18/8/2014 của Ban Bí thư về đổi mới công tác dư luận xã hội; có 30 "
        "TB/ngày được gửi đi.",
        cite("25 KH/TU", "2016-11-30", "25-KH/TU"),
        cite("100 - KL/TW", "2014-08-18", "100-KL/TW"),
        tags="spacing decoy",
    ),
    passage(
        "effective-date-not-ours",
        "Nghị định số 356/2025/NĐ-CP có hiệu lực từ ngày 01/01/2026 (thay thế Nghị định số "
        "13/2023/NĐ-CP).",
        cite("356/2025/NĐ-CP"),
        cite("13/2023/NĐ-CP"),
        tags="date_trap",
    ),
]

# ----------------------------------------------------------------------------------------------
# Negative passages: nothing in them is a citation.

NEGATIVE = [
    passage(
        "neg-phone",
        "Mọi ý kiến phản ánh xin gửi về đường dây nóng 0237.3852.111 hoặc tổng đài 1900 1234.",
        tags="negative phone",
    ),
    passage(
        "neg-phone-dashes",
        "Điện thoại: 024.3823.4567; Fax: 024-38234568; Di động: 0912-345-678; Zalo: 0237-3852-111.",
        tags="negative phone",
    ),
    passage(
        "neg-road",
        "Trụ sở đặt tại số 38 đường Trần Phú, phường Ba Đình, thành phố Thanh Hóa.",
        tags="negative road",
    ),
    passage(
        "neg-highway",
        "Dự án mở rộng Quốc lộ 1A, Quốc lộ 45 và đường tỉnh 506 đoạn Km 12+500 đến Km 15+200.",
        tags="negative road",
    ),
    passage(
        "neg-percent",
        "Thu ngân sách tăng 20% so với cùng kỳ, đạt 105,3% dự toán; tỷ lệ hộ nghèo còn 0,13%.",
        tags="negative percent",
    ),
    passage(
        "neg-articles",
        "Theo quy định tại Điều 5, khoản 2 Điều 10 và điểm a khoản 1 Điều 12 "
        "của Luật, cơ quan chủ trì có trách nhiệm trả lời trong 20 ngày.",
        tags="negative article",
    ),
    passage(
        "neg-ranges",
        "Nhiệm kỳ 2020 - 2025, giai đoạn 2021-2025 và kế hoạch 5 năm 2016 – 2020 đều đạt mục tiêu.",
        tags="negative range",
    ),
    passage(
        "neg-plain-dates",
        "Ngày 30/9/2020, hội nghị được tổ chức tại Hà Nội; ngày 15-10-2021 "
        "tổng kết; ngày 30 tháng 9 năm 2020 khai mạc triển lãm.",
        tags="negative date",
    ),
    passage(
        "neg-ratios",
        "Có 34/34 xã đạt chuẩn an toàn thực phẩm, 120/125 trường học đạt chuẩn "
        "quốc gia, 17/19 tiêu chí nông thôn mới.",
        tags="negative ratio",
    ),
    passage(
        "neg-bare-ct",
        "Thực hiện Chỉ thị số 17, các xã đã ra quân làm sạch môi trường.",
        tags="negative bare",
    ),
    passage(
        "neg-bare-kh",
        "Kế hoạch số 15 đã được gửi tới các đơn vị trước ngày 30/6.",
        tags="negative bare",
    ),
    passage(
        "neg-house",
        "Gia đình ông A cư trú tại số 12/3 ngõ 5 phố Huế, số nhà 25/7A đường Lê Lợi.",
        tags="negative house",
    ),
    passage(
        "neg-version",
        "Phần mềm phiên bản 2.1.3 (bản v3.10-rc) chạy trên máy chủ 10.0.0.12; hệ số lương 2,34.",
        tags="negative version",
    ),
    passage(
        "neg-iso",
        "Hệ thống quản lý chất lượng theo ISO 9001:2015 và TCVN 11930:2017; phông "
        "chữ theo TCVN 6909:2001.",
        tags="negative standard",
    ),
    passage(
        "neg-money",
        "Mức hỗ trợ 1.500.000 đồng/người/tháng, tổng kinh phí 2.450,5 triệu đồng.",
        tags="negative money",
    ),
    passage(
        "neg-times",
        "Thời gian làm việc từ 7h30 đến 11h30 và 13h30-17h00 các ngày trong tuần.",
        tags="negative time",
    ),
    passage(
        "neg-holidays",
        "Tổ chức các hoạt động kỷ niệm 2/9, 30/4 và 1/5; ngày 3/2 kỷ niệm thành lập Đảng.",
        tags="negative date",
    ),
    passage(
        "neg-covid",
        "Phòng chống dịch COVID-19, cúm A/H5N1 và triển khai mạng 5G.",
        tags="negative code",
    ),
    passage(
        "neg-congress",
        "Quán triệt Nghị quyết Đại hội XIII của Đảng và Nghị quyết Trung ương "
        "4 khóa XII về xây dựng, chỉnh đốn Đảng.",
        tags="negative bare",
    ),
    passage(
        "neg-ambiguous-quy-dinh",
        "Thực hiện Quy định số 08 của Ban Chấp hành Trung ương về trách nhiệm nêu gương.",
        tags="negative issuer_words",
    ),
    passage(
        "neg-decree-no-year",
        "Nghị định số 09 của Chính phủ quy định chế độ báo cáo.",
        tags="negative issuer_words",
    ),
    passage(
        "neg-ubnd-words",
        "Quyết định số 123 của UBND tỉnh về việc khen thưởng.",
        tags="negative issuer_words",
    ),
    passage(
        "neg-btgtw-words",
        "Chỉ thị số 17 của Ban Tuyên giáo Trung ương về định hướng thông tin.",
        tags="negative issuer_words",
    ),
    passage(
        "neg-youth-union",
        "Nghị quyết số 12 của Ban Chấp hành Trung ương Đoàn về công tác thanh niên.",
        tags="negative issuer_words",
    ),
    passage(
        "neg-ids",
        "Mã bưu chính 40000; căn cước công dân số 038090001234; mã định danh 000.00.12.H56.",
        tags="negative code",
    ),
    passage(
        "neg-plates",
        "Xe ô tô biển kiểm soát 36A-123.45 và xe máy 29B1-567.89.",
        tags="negative code",
    ),
    passage(
        "neg-scores",
        "Đội bóng của tỉnh thắng với tỷ số 3-1, xếp thứ 5/63 tỉnh, thành phố.",
        tags="negative ratio",
    ),
    passage(
        "neg-urls",
        "Xem chi tiết tại https://thanhhoa.gov.vn/tin-tuc/2024/10/bai-viet-12345 "
        "hoặc gửi thư tới hopthu@tuyengiao.vn.",
        tags="negative url",
    ),
    passage(
        "neg-sections",
        "Nội dung tại Phần II, mục 3.2, tiểu mục 3.2.1 của Đề cương tuyên truyền.",
        tags="negative article",
    ),
    passage(
        "neg-period",
        "Số liệu tính từ 1/7/2025 đến 31/12/2025 và từ ngày 15/12/2024 đến ngày 14/6/2025.",
        tags="negative date",
    ),
    passage(
        "neg-template-blank",
        "Số:      /QĐ-UBND\nThanh Hóa, ngày    tháng    năm 2026",
        tags="negative header",
    ),
    passage(
        "neg-grades", "Học sinh đạt điểm 8,5/10; mô hình 3-2-1; tỷ lệ 80/20.", tags="negative ratio"
    ),
    passage(
        "neg-ward-district",
        "Ông B cư trú tại Phường 12/Quận 3 và khu phố 5/2, tổ 7.",
        tags="negative house",
    ),
    passage("neg-room", "Hội nghị tổ chức tại phòng B2-01/Tầng 3, nhà A1.", tags="negative house"),
    passage(
        "neg-session",
        "Kỳ họp thứ 8, Quốc hội khóa XV thông qua 18 luật và 21 nghị quyết.",
        tags="negative bare",
    ),
    passage(
        "neg-quantities",
        "Toàn tỉnh có 1.034 hộ nghèo, 2.516 hộ cận nghèo; 1/3 số xã miền núi.",
        tags="negative ratio",
    ),
    passage(
        "neg-dash-list",
        "Tổ chức 5-7 lớp tập huấn, mỗi lớp 40-50 học viên, 2-3 ngày.",
        tags="negative range",
    ),
    passage(
        "neg-upper-words",
        "BÁO CÁO KẾT QUẢ 6 THÁNG ĐẦU NĂM 2025 - PHƯƠNG HƯỚNG NHIỆM VỤ 6 THÁNG CUỐI NĂM",
        tags="negative",
    ),
    passage(
        "neg-chemistry",
        "Hàm lượng NO2/SO2 vượt ngưỡng; tiêu chuẩn QCVN 05:2023/BTNMT.",
        tags="negative code",
    ),
    passage("neg-mixed-lowercase", "Ông 12/con đường-ngắn hơn 3/nhà-văn hóa.", tags="negative"),
    passage("neg-so-so", "Hồ sơ 15 bộ, sổ 12/5 và số 3 - tổ 4.", tags="negative house"),
    passage(
        "neg-decimals",
        "Chỉ số PAPI đạt 43,25 điểm; PCI 68,79; tăng 1.2-1.5 lần.",
        tags="negative version",
    ),
    passage(
        "neg-bare-nq-no-issuer",
        "Nghị quyết số 57 đã đi vào cuộc sống, Chỉ thị 05 được thực hiện nghiêm.",
        tags="negative bare",
    ),
]

PASSAGES: tuple[Passage, ...] = tuple(
    PARTY
    + PROVINCIAL
    + STATE
    + LISTS
    + SPACING
    + CASE_AND_DIACRITICS
    + STATE_STYLE_PARTY
    + ISSUER_IN_WORDS
    + DATE_PLACEMENT
    + MIXED
    + ARTEFACTS
    + NEGATIVE
)
