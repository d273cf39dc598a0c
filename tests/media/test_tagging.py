"""Tags by editable rules, each with the words that decided it."""

import pytest

from phoihop.media.models import FieldKeywords, NegativeTerm
from phoihop.media.tagging import Tagger, parse_rule
from phoihop.org.models import Field

pytestmark = pytest.mark.django_db


def fields_of(found):
    return {Field.objects.get(pk=pk).code: terms for pk, terms in found.fields.items()}


def rules(**fields):
    """Only these fields have keywords (their code with _ for -), one rule a line."""
    FieldKeywords.objects.all().delete()
    for code, lines in fields.items():
        field = Field.objects.get(code=code.replace("_", "-"))
        FieldKeywords.objects.create(field=field, terms="\n".join(lines))


def test_a_field_needs_a_score_of_two_a_phrase_in_the_title_counting_half_more(places):
    rules(y_te=["bệnh viện = 2", "bệnh nhân", "điều trị"], giao_duc=["trường học = 1.5"])
    tagger = Tagger()
    found = tagger.tag(title="Tin trong ngày", text="Bệnh viện tỉnh tiếp nhận nhiều bệnh nhân.")
    assert fields_of(found)["y-te"] == ["bệnh viện", "bệnh nhân"]
    assert list(found.field_scores.values()) == [3]
    assert fields_of(tagger.tag(title="Tin", text="Bệnh viện mới."))["y-te"] == ["bệnh viện"]
    assert fields_of(tagger.tag(title="Tin", text="Bệnh nhân được điều trị."))["y-te"]
    assert "y-te" not in fields_of(tagger.tag(title="Tin", text="Bệnh nhân về nhà."))
    found = tagger.tag(title="Tin trong ngày", text="Trường học khai giảng.")
    assert "giao-duc" not in fields_of(found)  # 1.5
    found = tagger.tag(title="Trường học khai giảng", text="Sáng nay trời đẹp.")
    assert fields_of(found)["giao-duc"] == ["trường học"]  # 1.5 × 1.5


def test_the_longest_phrase_of_a_field_counts_where_they_overlap(places):
    rules(
        noi_vu=["bổ nhiệm = 2", "bổ nhiệm HLV = 0"],
        van_hoa_the_thao_du_lich=["HLV = 2", "văn hóa = 2", "nhà văn = 2", "nhà văn hóa = 0"],
        kinh_te=["doanh nghiệp = 2", "doanh nghiệp nhà nước = 3", "phá sản = -1"],
    )
    tagger = Tagger()
    assert fields_of(tagger.tag(title="Tin", text="Tỉnh bổ nhiệm giám đốc sở."))["noi-vu"]
    found = tagger.tag(title="Tin", text="CLB vừa bổ nhiệm HLV mới.")
    assert fields_of(found) == {"van-hoa-the-thao-du-lich": ["HLV"]}  # another field's phrase
    assert fields_of(tagger.tag(title="Tin", text="Họp ở nhà văn hóa thôn.")) == {}
    found = tagger.tag(title="Tin", text="Doanh nghiệp nhà nước và doanh nghiệp tư nhân.")
    assert fields_of(found)["kinh-te"] == ["doanh nghiệp nhà nước", "doanh nghiệp"]
    assert found.field_scores == {Field.objects.get(code="kinh-te").pk: 5}
    found = tagger.tag(title="Tin", text="Doanh nghiệp phá sản.")
    assert fields_of(found) == {}  # 2 - 1


def test_an_acronym_matches_as_written_other_phrases_in_any_case(places):
    rules(khoa_hoc_cong_nghe=["AI = 2", "Công Nghệ = 2"])
    tagger = Tagger()
    assert fields_of(tagger.tag(title="Tin", text="Ứng dụng AI chẩn đoán."))[
        "khoa-hoc-cong-nghe"
    ] == ["AI"]
    assert fields_of(tagger.tag(title="Tin", text="Ai nên hạn chế ăn ổi?")) == {}
    assert fields_of(tagger.tag(title="Tin", text="CÔNG NGHỆ mới."))["khoa-hoc-cong-nghe"] == [
        "công nghệ"
    ]


def test_a_rule_line_is_a_phrase_and_an_optional_weight():
    assert parse_rule("bóng đá = 2") == ("bóng đá", 2.0)
    assert parse_rule("  Bệnh   Viện ") == ("bệnh viện", 1.0)
    assert parse_rule("HLV=-1,5") == ("HLV", -1.5)
    assert parse_rule("SEA Games = 2") == ("SEA Games", 2.0)
    assert parse_rule("U.23 Việt Nam") == ("u.23 việt nam", 1.0)  # no word of two capitals
    assert parse_rule("nhà văn hóa = 0") == ("nhà văn hóa", 0.0)
    assert parse_rule("1 + 1 = 2") == ("1 + 1", 2.0)
    assert parse_rule("   ") is None


def test_phrases_match_whole_words_with_their_diacritics(places):
    rules(y_te=["bệnh viện", "bệnh nhân", "ngộ độc"])
    found = Tagger().tag(title="Lúa", text="Ngo doc, benh vien, bệnh viện dã chiến, bệnh nhânh")
    assert "y-te" not in fields_of(found)  # one phrase only: "bệnh viện"
    assert found.negative == []


def test_a_negative_weight_takes_a_warning_back_from_the_negative_flag(places):
    NegativeTerm.objects.create(term="có thể gây = -1")
    tagger = Tagger()
    advice = tagger.tag(title="Vitamin", text="Uống quá nhiều có thể gây ngộ độc.")
    assert advice.negative == []
    event = tagger.tag(title="Tin", text="Hai người nhập viện vì ngộ độc.")
    assert event.negative == ["nhập viện", "ngộ độc"]
    # the seeded rules: "ảnh hưởng tiêu cực = 0" is no event, "tiêu cực" alone is
    assert tagger.tag(title="Tin", text="Điện thoại có ảnh hưởng tiêu cực.").negative == []
    assert tagger.tag(title="Tin", text="Phát hiện tiêu cực ở dự án.").negative == ["tiêu cực"]


def test_the_rules_are_reference_data_read_afresh(places):
    field = Field.objects.get(code="tu-phap")
    FieldKeywords.objects.filter(field=field).update(terms="hòa giải viên\ntổ hòa giải")
    NegativeTerm.objects.create(term="mâu thuẫn gay gắt")
    found = Tagger().tag(
        title="Tổ hòa giải ở khu phố", text="Hòa giải viên giúp hai nhà hết mâu thuẫn gay gắt."
    )
    assert fields_of(found)["tu-phap"] == ["tổ hòa giải", "hòa giải viên"]
    assert found.negative == ["mâu thuẫn gay gắt"]


def test_negative_terms_flag_the_article_and_say_which(places):
    found = Tagger().tag(
        title="43 học sinh nhập viện nghi ngộ độc",
        text="Phụ huynh bức xúc. Không có trường hợp tử vong.",
    )
    assert found.negative == ["nhập viện", "ngộ độc", "bức xúc", "tử vong"]


def test_provinces_and_communes_are_tagged_with_capitals_only(places):
    found = Tagger().tag(
        title="Tin Thanh Hóa", text="Người dân phường Hạc Thành mong hòa bình, an vui."
    )
    assert found.areas == {
        places["thanh_hoa"].pk: ["Thanh Hóa", "phường Hạc Thành"],
        places["hac_thanh"].pk: ["phường Hạc Thành"],
    }


def test_old_names_before_the_merger_map_to_the_current_areas(places):
    found = Tagger().tag(
        title="Sạt lở ở Hòa Bình",
        text="Nhiều năm trước, xã Hoằng Quỳ đã có đê bao; nay là xã Hoằng Hóa.",
    )
    assert found.areas[places["phu_tho"].pk] == ["Hòa Bình (tên trước 1/7/2025)"]
    assert places["hoa_binh"].pk not in found.areas  # ended units are never tagged
    old_and_new = ["xã Hoằng Quỳ (tên trước 1/7/2025)", "xã Hoằng Hóa"]
    assert found.areas[places["hoang_hoa"].pk] == old_and_new
    assert found.areas[places["thanh_hoa"].pk] == old_and_new  # the commune's province


def test_a_commune_name_of_several_provinces_counts_only_with_its_province(places):
    alone = Tagger().tag(title="Tin", text="Nông dân xã Tân Lập thu hoạch lúa.")
    assert places["tan_lap_th"].pk not in alone.areas
    assert places["tan_lap_na"].pk not in alone.areas
    with_province = Tagger().tag(title="Tin", text="Nông dân xã Tân Lập, tỉnh Nghệ An.")
    assert places["tan_lap_na"].pk in with_province.areas
    assert places["tan_lap_th"].pk not in with_province.areas


def test_organisations_by_name_or_abbreviation_where_unambiguous(places, press_orgs):
    found = Tagger().tag(
        title="Thanh Hóa",
        text="Sở Y tế tỉnh Thanh Hóa và SGDĐT phối hợp; SYT đã lấy mẫu.",
    )
    assert found.organizations[press_orgs["health"].pk] == ["Sở Y tế tỉnh Thanh Hóa", "SYT"]
    assert found.organizations[press_orgs["education"].pk] == ["SGDĐT"]
    assert press_orgs["health_pt"].pk not in found.organizations
    # "SYT" names two departments: without a province it names neither
    assert Tagger().tag(title="Tin", text="SYT đã lấy mẫu.").organizations == {}
