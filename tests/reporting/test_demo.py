"""The reporting demo: the indicators, forms and regimes of Thanh Hóa and Phú Thọ, seeded once,
true to their dates (the bloc before and after the March 2025 mergers, the communes since
1-7-2025) and to Nghị định 09's cut-off and deadlines."""

import datetime

import pytest
from django.apps import apps as django_apps

from phoihop.core.periods import Period
from phoihop.directives import catalogue, reference
from phoihop.directives.models import Document
from phoihop.org import demo as org_demo
from phoihop.org.areas import load_areas
from phoihop.org.models import User
from phoihop.reporting import demo
from phoihop.reporting.checks import check_values
from phoihop.reporting.models import Indicator, Regime, ReportForm

from ..conftest import kept_for_the_module

D = datetime.date


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The areas, the organisations' demo and the reporting demo, loaded once for the module."""
    with kept_for_the_module(django_db_blocker):
        # Transactional tests elsewhere flush the database, the catalogue's rows with it.
        if not Document.objects.filter(organization__isnull=True).exists():
            catalogue.load_reference_data(django_apps)
            catalogue.load_central_documents(django_apps)
        load_areas(reindex=False)
        org_demo.seed()
        demo.seed()
        yield
    reference.clear_codes_cache()


@pytest.fixture
def seeded(seeded_once, db):
    """Each case sees the seeded demo; what it writes is rolled back after it."""


def names(regime_code: str, period: str) -> set[str]:
    regime = Regime.objects.get(code=regime_code)
    return {o.name for o in regime.expected_reporters(Period.from_code(period))}


def test_the_demo_seeds_once(seeded):
    counts = (Indicator.objects.count(), ReportForm.objects.count(), Regime.objects.count())
    assert counts == (17, 3, 6)
    demo.seed()
    assert (Indicator.objects.count(), ReportForm.objects.count(), Regime.objects.count()) == counts


def test_everything_seeded_passes_its_own_validation(seeded):
    for indicator in Indicator.objects.all():
        indicator.full_clean()
    for report_form in ReportForm.objects.all():
        assert report_form.structure_problems() == {}, report_form
    for regime in Regime.objects.all():
        regime.full_clean()
        assert regime.receiver.name.startswith("Ban Tuyên giáo và Dân vận Tỉnh ủy")


def test_the_bloc_reports_monthly_under_the_coordination_regulation(seeded):
    regime = Regime.objects.get(code="TH.KG.THANG")
    assert regime.legal_basis.symbol == "238-QĐ/TW"
    # Before the March 2025 mergers the information-communications and labour departments
    # still report; from March their successors carry it.
    february, march = names("TH.KG.THANG", "2025-02"), names("TH.KG.THANG", "2025-03")
    assert february - march == {
        "Sở Thông tin và Truyền thông tỉnh Thanh Hóa",
        "Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa",
    }
    assert march == {
        "Sở Giáo dục và Đào tạo tỉnh Thanh Hóa",
        "Sở Y tế tỉnh Thanh Hóa",
        "Sở Khoa học và Công nghệ tỉnh Thanh Hóa",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa",
        "Sở Nội vụ tỉnh Thanh Hóa",
        "Bảo hiểm xã hội tỉnh Thanh Hóa",
    }
    assert names("TH.KG.THANG", "2023-12") == set()  # before the regime


def test_deadlines_follow_the_cut_off_on_the_14th(seeded):
    def deadline(code, period):
        regime = Regime.objects.get(code=code)
        return regime.deadline(regime.period(period))

    assert deadline("TH.KG.THANG", "2026-03") == D(2026, 3, 17)
    assert deadline("TH.KG.THANG", "2026-02") == D(2026, 2, 23)  # after Tết Bính Ngọ
    assert deadline("TH.KG.QUY", "2026-Q2") == D(2026, 6, 18)
    assert deadline("TH.KG.6THANG", "2025-H2") == D(2025, 12, 22)  # 20/12 is a Saturday
    assert deadline("TH.KG.NAM", "2025") == D(2025, 12, 19)  # 5 working days after 14/12
    assert deadline("TH.XA.THANG", "2025-09") == D(2025, 9, 16)  # 2 working days after 14/9


def test_communes_report_from_the_two_level_government_on(seeded):
    assert names("TH.XA.THANG", "2025-06") == set()
    july = names("TH.XA.THANG", "2025-07")
    assert len(july) == 12 and "Ban Xây dựng Đảng Đảng ủy phường Hạc Thành" in july
    phu_tho = names("PT.XA.THANG", "2025-07")
    assert len(phu_tho) == 12 and "Ban Xây dựng Đảng Đảng ủy phường Việt Trì" in phu_tho
    assert not july & phu_tho


def test_the_commune_form_checks_a_month_as_a_commune_would_fill_it(seeded):
    spec = ReportForm.objects.get(code="XA.THANG").spec()
    values = {
        "TUTUONG": "Nhân dân phấn khởi với việc sắp xếp đơn vị hành chính.",
        "KETQUA": "Tổ chức 6 buổi tuyên truyền Nghị quyết 57-NQ/TW.",
        "TG.BUOI": "6",
        "TG.LUOTNGUOI": "850",
        "ATTP.DAT": "có",
        "HN.SOHO": "132",
        "DC.TONGSOHO": "4210",
        "VH.HOATDONG": "9",
        "DLXH.KIENNGHI": "14",
        "DLXH.DAGIAIQUYET": "16",
    }
    assert check_values(spec, values, complete=True) == {
        "DLXH.DAGIAIQUYET": [
            "«Số ý kiến, kiến nghị đã được giải quyết, trả lời» phải nhỏ hơn hoặc bằng «Số ý "
            "kiến, kiến nghị của Nhân dân được tiếp nhận»."
        ]
    }


def test_demo_readers_see_their_provinces_regimes(seeded):
    def visible(username):
        user = User.objects.get(username=username)
        return set(Regime.objects.visible_to(user).values_list("code", flat=True))

    thanh_hoa = {"TH.KG.THANG", "TH.KG.QUY", "TH.KG.6THANG", "TH.KG.NAM", "TH.XA.THANG"}
    assert visible("chuyenvien.tgdv") == thanh_hoa
    assert visible("xa.hacthanh") == thanh_hoa
    assert visible("chuyenvien.phutho") == {"PT.XA.THANG"}
    assert len(visible("admin")) == 6
