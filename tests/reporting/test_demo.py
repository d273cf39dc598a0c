"""The reporting demo: the indicators, forms and regimes of Thanh Hóa and Phú Thọ, seeded once,
true to their dates (the bloc before and after the March 2025 mergers, the communes since
1-7-2025) and to Nghị định 09's cut-off and deadlines."""

import datetime
from collections import Counter

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
from phoihop.reporting.models import Indicator, Regime, ReportForm, Submission, Target
from phoihop.reporting.submissions import stored_values
from phoihop.reporting.targets import outcomes

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
    # The Phú Thọ quarterly form and regimes (three old provinces, the new one) come with the
    # reports' demo.
    assert counts == (17, 4, 10)
    demo.seed()
    assert (Indicator.objects.count(), ReportForm.objects.count(), Regime.objects.count()) == counts


def test_everything_seeded_passes_its_own_validation(seeded):
    for indicator in Indicator.objects.all():
        indicator.full_clean()
    for report_form in ReportForm.objects.all():
        assert report_form.structure_problems() == {}, report_form
    for regime in Regime.objects.all():
        regime.full_clean()
        assert regime.receiver.name.startswith(("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Tỉnh ủy"))


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
    assert visible("chuyenvien.phutho") == {"PT.XA.THANG", "PT.TGDV.QUY"}
    assert len(visible("admin")) == 10


# Reports and targets (demo_reports) --------------------------------------------------------


def test_the_demo_reports_cover_every_state_since_2024(seeded):
    states = Counter(Submission.objects.values_list("state", flat=True))
    assert set(states) == {"draft", "submitted", "returned", "accepted"}
    assert Submission.objects.filter(cutoff__year=2024).exists()
    late = [
        s for s in Submission.objects.filter(first_submitted_at__isnull=False) if not s.is_on_time
    ]
    assert len(late) > 20
    # Some expected reports were never sent at all.
    regime = Regime.objects.get(code="TH.XA.THANG")
    period = regime.period("2025-09")
    expected = set(regime.expected_reporters(period).values_list("pk", flat=True))
    sent = set(
        Submission.objects.filter(regime=regime, period_code="2025-09").values_list(
            "organization_id", flat=True
        )
    )
    assert expected - sent and sent <= expected


def test_phu_tho_reported_under_its_old_names_before_the_merger(seeded):
    reporters = {
        (s.period_code, s.organization.name)
        for s in Submission.objects.filter(regime__code="VP.TGDV.QUY").select_related(
            "organization"
        )
    }
    assert ("2024-Q4", "Ban Tuyên giáo Tỉnh ủy Vĩnh Phúc") in reporters
    assert ("2025-Q2", "Ban Tuyên giáo và Dân vận Tỉnh ủy Vĩnh Phúc") in reporters
    after = Submission.objects.filter(regime__code="PT.TGDV.QUY").select_related("organization")
    assert {s.organization.name for s in after} == {"Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Thọ"}
    assert min(s.cutoff for s in after) >= D(2025, 9, 14)  # the first period after 1-7-2025


def test_every_sent_demo_report_passes_its_forms_rules_with_its_narratives(seeded):
    sent = Submission.objects.exclude(state="draft").select_related("regime__report_form")
    specs = {}
    for submission in sent:
        form = submission.regime.report_form
        spec = specs.setdefault(form.pk, form.spec())
        values = stored_values(submission, spec)
        assert check_values(spec, values, complete=True) == {}, submission
        assert "TUTUONG" not in {f.key for f in spec.fields} or values["TUTUONG"]


def test_targets_for_both_terms_with_results_beside_them(seeded):
    terms = set(Target.objects.values_list("start_year", "end_year"))
    assert {(2021, 2025), (2026, 2030), (2024, 2024), (2026, 2026)} <= terms
    found = outcomes(
        Target.objects.filter(organization__isnull=False).select_related(
            "indicator", "indicator__numerator", "indicator__denominator"
        ),
        D(2026, 12, 7),
    )
    assert {o.light for o in found} >= {"green", "red"}
    assert Target.objects.filter(area__isnull=False).count() == 3


def test_the_ward_officer_s_periodic_reports_list_the_ward_s_monthly_report(seeded, client):
    """The ward's monthly report is sent by its Ban Xây dựng Đảng: the demo's ward officer
    works there, so «Báo cáo định kỳ» is their to-do list, not an empty page."""
    client.force_login(User.objects.get(username="xa.hacthanh"))

    page = client.get("/reporting/").content.decode()

    assert "Báo cáo tháng công tác tuyên giáo và dân vận của cấp xã tỉnh Thanh Hóa" in page
    assert "Ban Xây dựng Đảng Đảng ủy phường Hạc Thành" in page
    assert "không phải gửi báo cáo định kỳ nào" not in page
