"""Loading the real administrative areas (current and pre-2025) and browsing them by date.

The full load (~14,000 areas) runs once for this module and is removed afterwards; each test
still runs in its own transaction, so what a test changes is rolled back.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from phoihop.core.models import SearchDocument
from phoihop.core.search import search
from phoihop.core.text import fold
from phoihop.org import areas, selectors
from phoihop.org.models import Area

from ..factories import UserFactory

BEFORE = datetime.date(2024, 1, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)
needs_history = pytest.mark.skipif(
    not areas.HISTORY_PATH.exists(), reason="area_history.json.gz is not generated yet"
)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = areas.load_areas()
    yield result
    with django_db_blocker.unblock():
        SearchDocument.objects.filter(kind="area").delete()
        Area.successors.through.objects.all().delete()
        for level in (Area.Level.COMMUNE, Area.Level.DISTRICT, Area.Level.PROVINCE):
            Area.objects.filter(level=level).delete()


def current(level, code):
    return Area.objects.get(level=level, code=code, valid_to__isnull=True)


def old(level, code):
    return Area.objects.get(level=level, code=code, valid_to=LAST_OLD_DAY)


# --- names (no database) ---------------------------------------------------------------------


def test_full_name_adds_the_division_word_only_when_missing():
    assert areas.full_name("Cao Bằng", "tỉnh") == "Tỉnh Cao Bằng"
    assert areas.full_name("Thành phố Hà Nội", "thành phố trung ương") == "Thành phố Hà Nội"
    assert areas.full_name("Phường Hoàn Kiếm", "phường") == "Phường Hoàn Kiếm"


def test_short_name_drops_the_division_word_but_keeps_numbered_units_whole():
    assert areas.short_name("Tỉnh Thanh Hóa") == "Thanh Hóa"
    assert areas.short_name("Thành phố Hồ Chí Minh") == "Hồ Chí Minh"
    assert areas.short_name("Thị xã Nghi Sơn") == "Nghi Sơn"
    assert areas.short_name("Đặc khu Phú Quốc") == "Phú Quốc"
    assert areas.short_name("Quận 1") == "Quận 1"


def test_dates_are_written_the_vietnamese_administrative_way():
    assert areas.format_date(datetime.date(2025, 7, 1)) == "01/7/2025"
    assert areas.format_date(datetime.date(2026, 1, 15)) == "15/01/2026"


# --- loading ---------------------------------------------------------------------------------


def test_loader_creates_the_34_provinces_and_3321_communes_in_force_since_july_2025(loaded, db):
    in_force = Area.objects.filter(valid_to__isnull=True)
    assert in_force.filter(level=Area.Level.PROVINCE).count() == 34
    assert in_force.filter(level=Area.Level.COMMUNE).count() == 3321
    assert not in_force.filter(level=Area.Level.DISTRICT).exists()
    assert set(in_force.values_list("valid_from", flat=True)) == {REFORM}


def test_current_areas_carry_official_codes_names_types_and_parents(loaded, db):
    thanh_hoa = current(Area.Level.PROVINCE, "38")
    assert (thanh_hoa.name, thanh_hoa.short_name, thanh_hoa.type) == (
        "Tỉnh Thanh Hóa",
        "Thanh Hóa",
        "tỉnh",
    )
    assert current(Area.Level.PROVINCE, "01").type == "thành phố trung ương"
    communes = Area.objects.filter(level=Area.Level.COMMUNE, valid_to__isnull=True)
    assert set(communes.values_list("type", flat=True)) == {"xã", "phường", "đặc khu"}
    assert {len(code) for code in communes.values_list("code", flat=True)} == {5}
    assert not communes.filter(parent__isnull=True).exists()
    assert not communes.exclude(parent__level=Area.Level.PROVINCE).exists()
    assert thanh_hoa.children.count() == 166


@needs_history
def test_history_holds_the_63_old_provinces_with_districts_and_communes(loaded, db):
    old_areas = Area.objects.filter(valid_to=LAST_OLD_DAY)
    assert old_areas.filter(level=Area.Level.PROVINCE).count() == 63
    assert old_areas.filter(level=Area.Level.DISTRICT).count() > 690
    assert old_areas.filter(level=Area.Level.COMMUNE).count() > 10000
    assert not old_areas.filter(valid_from__isnull=False).exists()
    districts = old_areas.filter(level=Area.Level.DISTRICT)
    assert not districts.exclude(parent__level=Area.Level.PROVINCE).exists()
    assert not districts.exclude(parent__valid_to=LAST_OLD_DAY).exists()
    old_communes = old_areas.filter(level=Area.Level.COMMUNE)
    assert not old_communes.exclude(parent__level=Area.Level.DISTRICT).exists()


@needs_history
def test_vinh_phuc_hoa_binh_and_phu_tho_became_the_new_phu_tho(loaded, db):
    phu_tho = current(Area.Level.PROVINCE, "25")
    predecessors = {fold(a.short_name) for a in phu_tho.predecessors.all()}
    assert predecessors == {"vinh phuc", "hoa binh", "phu tho"}
    assert list(old(Area.Level.PROVINCE, "26").successors.all()) == [phu_tho]


@needs_history
def test_old_and_new_thanh_hoa_are_two_areas_with_different_validity(loaded, db):
    before, after = old(Area.Level.PROVINCE, "38"), current(Area.Level.PROVINCE, "38")
    assert before.pk != after.pk
    assert before.name == after.name == "Tỉnh Thanh Hóa"
    assert before.is_valid_on(BEFORE) and not before.is_valid_on(REFORM)
    assert after.is_valid_on(REFORM) and not after.is_valid_on(LAST_OLD_DAY)
    assert list(before.successors.all()) == [after]
    assert before.is_historical


@needs_history
def test_old_communes_point_to_the_new_communes_that_took_them_over(loaded, db):
    dong_ve = Area.objects.get(level=Area.Level.COMMUNE, code="14782", valid_to=LAST_OLD_DAY)
    assert dong_ve.parent.name == "Thành phố Thanh Hóa"
    assert [a.name for a in dong_ve.successors.all()] == ["Phường Hạc Thành"]
    assert dong_ve.successors.get().parent == current(Area.Level.PROVINCE, "38")


@needs_history
def test_districts_pass_to_the_new_communes_that_took_over_their_communes(loaded, db):
    con_dao = old(Area.Level.DISTRICT, "755")
    assert [a.name for a in con_dao.successors.all()] == ["Đặc khu Côn Đảo"]
    ba_dinh = old(Area.Level.DISTRICT, "001")
    from_communes = Area.objects.filter(predecessors__parent=ba_dinh).distinct()
    assert set(ba_dinh.successors.all()) == set(from_communes)
    assert ba_dinh.successors.filter(name="Phường Ba Đình").exists()


@needs_history
def test_old_names_are_written_with_the_usual_division_word(loaded, db):
    assert old(Area.Level.DISTRICT, "058").name == "Thành phố Bắc Kạn"
    names = Area.objects.filter(name__istartswith="thành phố").values_list("name", flat=True)
    assert not [name for name in names if name.startswith("Thành Phố ")]


def test_running_the_loader_again_changes_nothing(loaded, db):
    before = {
        "areas": list(Area.objects.order_by("pk").values_list("pk", "level", "code", "name")),
        "links": Area.successors.through.objects.count(),
        "documents": SearchDocument.objects.filter(kind="area").count(),
    }
    result = areas.load_areas()
    assert not result.changed
    assert all(c.created == c.updated == 0 for c in result.levels.values())
    assert (
        list(Area.objects.order_by("pk").values_list("pk", "level", "code", "name"))
        == (before["areas"])
    )
    assert Area.successors.through.objects.count() == before["links"]
    assert SearchDocument.objects.filter(kind="area").count() == before["documents"]


@needs_history
def test_loader_repairs_edited_names_and_successor_links(loaded, db):
    phu_tho = current(Area.Level.PROVINCE, "25")
    vinh_phuc = old(Area.Level.PROVINCE, "26")
    Area.objects.filter(pk=phu_tho.pk).update(name="Tên sai")
    vinh_phuc.successors.set([current(Area.Level.PROVINCE, "01")])

    result = areas.load_areas(reindex=False)

    assert result.levels["province"].updated == 1
    assert (result.successor_links_created, result.successor_links_removed) == (1, 1)
    assert current(Area.Level.PROVINCE, "25").name == "Tỉnh Phú Thọ"
    assert list(vinh_phuc.successors.all()) == [phu_tho]


def test_loader_without_a_history_file_loads_current_areas_and_says_so(loaded, db, tmp_path):
    result = areas.load_areas(history_path=tmp_path / "missing.json.gz", reindex=False)
    assert not result.history_loaded
    assert "Không tìm thấy tệp lịch sử" in result.history_message
    assert result.levels["province"].total == 34
    assert "old_province" not in result.levels


def test_load_areas_command_prints_the_counts(loaded, db):
    out = io.StringIO()
    call_command("load_areas", "--no-index", stdout=out)
    text = out.getvalue()
    assert "Tỉnh/thành phố (từ 01/7/2025): 34" in text
    assert "Xã/phường/đặc khu (từ 01/7/2025): 3321" in text
    assert "Không có thay đổi" in text


def test_areas_are_found_by_search_without_diacritics(loaded, db):
    user = UserFactory()
    titles = [hit.title for hit in search(user, "hac thanh", kinds=["area"])]
    assert "Phường Hạc Thành" in titles


# --- browsing by date ------------------------------------------------------------------------


@needs_history
def test_the_provinces_in_force_depend_on_the_date(loaded, db):
    user = UserFactory()
    provinces = {
        date: selectors.areas_on(user, date, level=Area.Level.PROVINCE).count()
        for date in (BEFORE, LAST_OLD_DAY, REFORM, datetime.date.today())
    }
    assert provinces == {BEFORE: 63, LAST_OLD_DAY: 63, REFORM: 34, datetime.date.today(): 34}


@needs_history
def test_text_filter_ignores_diacritics_and_accepts_codes(loaded, db):
    user = UserFactory()
    in_force = selectors.areas_on(user, BEFORE, level=Area.Level.PROVINCE)
    assert [a.name for a in areas.filter_text(in_force, "vinh phuc")] == ["Tỉnh Vĩnh Phúc"]
    assert [a.code for a in areas.filter_text(in_force, "38")] == ["38"]


@needs_history
def test_area_list_shows_63_old_provinces_in_2024_and_34_today(loaded, db, client):
    client.force_login(UserFactory())
    old_page = client.get(reverse("org:area_list"), {"at": "2024-01-01"})
    new_page = client.get(reverse("org:area_list"))
    assert old_page.content.decode().count('data-testid="area-row"') == 63
    assert new_page.content.decode().count('data-testid="area-row"') == 34
    assert "Trước sắp xếp 01/7/2025" in old_page.content.decode()


@needs_history
def test_province_detail_pages_a_province_with_many_communes(loaded, db, client):
    client.force_login(UserFactory())
    thanh_hoa = current(Area.Level.PROVINCE, "38")
    page = client.get(thanh_hoa.get_absolute_url()).content.decode()
    assert "166 đơn vị có hiệu lực" in page
    assert page.count('data-testid="child-row"') == 50
    assert "Trang 1/4" in page
    filtered = client.get(thanh_hoa.get_absolute_url(), {"q": "hac thanh"}).content.decode()
    assert filtered.count('data-testid="child-row"') == 1
