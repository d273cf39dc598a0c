import datetime

import pytest

from phoihop.org.models import Area
from tests.factories import AreaFactory, OrganizationFactory

ENDED = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)


def province(code, name, **attrs):
    return AreaFactory(
        code=code, name=f"Tỉnh {name}", short_name=name, type="tỉnh",
        level=Area.Level.PROVINCE, **attrs,
    )  # fmt: skip


def commune(code, name, parent, kind="xã", **attrs):
    return AreaFactory(
        code=code, name=f"{kind.capitalize()} {name}", short_name=name, type=kind,
        level=Area.Level.COMMUNE, parent=parent, **attrs,
    )  # fmt: skip


@pytest.fixture
def places(db):
    """Thanh Hóa and Phú Thọ as they are now, and some units that ended with the 2025 merger:
    the province Hòa Bình (now in Phú Thọ) and the commune Hoằng Quỳ (now in xã Hoằng Hóa)."""
    thanh_hoa = province("38", "Thanh Hóa")
    phu_tho = province("25", "Phú Thọ", valid_from=REFORM)
    old_thanh_hoa = province("38", "Thanh Hóa", valid_to=ENDED)
    hoa_binh = province("17", "Hòa Bình", valid_to=ENDED)
    hoa_binh.successors.add(phu_tho)
    old_thanh_hoa.successors.add(thanh_hoa)
    nghe_an = province("40", "Nghệ An")
    hoang_hoa = commune("15865", "Hoằng Hóa", thanh_hoa, valid_from=REFORM)
    hoang_quy = commune("15900", "Hoằng Quỳ", old_thanh_hoa, valid_to=ENDED)
    hoang_quy.successors.add(hoang_hoa)
    areas = {
        "thanh_hoa": thanh_hoa,
        "phu_tho": phu_tho,
        "hoa_binh": hoa_binh,
        "nghe_an": nghe_an,
        "hoang_hoa": hoang_hoa,
        "hoang_quy": hoang_quy,
        "hac_thanh": commune("14797", "Hạc Thành", thanh_hoa, kind="phường", valid_from=REFORM),
        "mai_chau": commune("05200", "Mai Châu", phu_tho, valid_from=REFORM),
        "tho_xuan": commune("15499", "Thọ Xuân", thanh_hoa, valid_from=REFORM),
        # one name in two provinces
        "tan_lap_th": commune("16001", "Tân Lập", thanh_hoa, valid_from=REFORM),
        "tan_lap_na": commune("17001", "Tân Lập", nghe_an, valid_from=REFORM),
    }
    return areas


@pytest.fixture
def press_orgs(places):
    return {
        "health": OrganizationFactory(
            name="Sở Y tế tỉnh Thanh Hóa", abbreviation="SYT", area=places["thanh_hoa"]
        ),
        "health_pt": OrganizationFactory(
            name="Sở Y tế tỉnh Phú Thọ", abbreviation="SYT", area=places["phu_tho"]
        ),
        "education": OrganizationFactory(
            name="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa",
            abbreviation="SGDĐT",
            area=places["thanh_hoa"],
        ),
    }
