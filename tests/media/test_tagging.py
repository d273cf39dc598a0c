"""Tags by editable rules, each with the words that decided it."""

import pytest

from phoihop.media.models import FieldKeywords, NegativeTerm
from phoihop.media.tagging import Tagger
from phoihop.org.models import Field

pytestmark = pytest.mark.django_db


def fields_of(found):
    return {Field.objects.get(pk=pk).code: terms for pk, terms in found.fields.items()}


def test_a_field_needs_two_of_its_phrases_or_one_in_the_title(places):
    tagger = Tagger()  # the rules of migration media 0002
    found = tagger.tag(title="Tin trong ngày", text="Bệnh viện tỉnh tiếp nhận nhiều bệnh nhân.")
    assert fields_of(found)["y-te"] == ["bệnh viện", "bệnh nhân"]
    found = tagger.tag(title="Tin trong ngày", text="Trường học khai giảng.")
    assert "giao-duc" not in fields_of(found)
    found = tagger.tag(title="Trường học khai giảng", text="Sáng nay trời đẹp.")
    assert fields_of(found)["giao-duc"] == ["trường học"]


def test_phrases_match_whole_words_with_their_diacritics(places):
    tagger = Tagger()
    found = tagger.tag(title="Lúa", text="Ngo doc, benh vien, bệnh viện dã chiến, bệnh nhânh")
    assert "y-te" not in fields_of(found)  # one phrase only: "bệnh viện"
    assert found.negative == []


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
