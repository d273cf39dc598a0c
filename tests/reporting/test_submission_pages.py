"""The submission pages: a unit's periodic reports, the report page (entry, errors next to the
fields with what was typed kept, sending, comments, attachments, history), the receiver's list
and decisions, and compiling; each page in a bounded number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phoihop.core.audit import entries_for
from phoihop.reporting import submissions as services
from phoihop.reporting.models import Submission
from phoihop.reporting.services import Assignment
from tests.factories import OrganizationFactory, make_regime, make_submission
from tests.reporting.submission_world import COMPLETE, PERIOD, D, State, at, commune, member

pytestmark = pytest.mark.django_db

TODAY = D(2026, 3, 12)


@pytest.fixture(autouse=True)
def on_entry_day():
    with at(TODAY):
        yield


def report_url(world, organization="a", period=PERIOD) -> str:
    return reverse("reporting:report", args=[world["regime"].pk, period, world[organization].pk])


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


# A unit's reports ----------------------------------------------------------------------------


def test_a_unit_sees_the_reports_it_must_send_with_state_and_deadline(client, world):
    make_submission(
        regime=world["regime"],
        organization=world["a"],
        period="2026-02",
        values=COMPLETE,
        state=State.ACCEPTED,
    )
    html = page(client, world["clerk"], reverse("reporting:my_reports"))
    code = world["regime"].code
    assert f'data-testid="due-{code}-2026-03"' in html
    assert f'data-testid="due-{code}-2026-01"' in html
    current = html.split(f'data-testid="due-{code}-2026-03"')[1].split("</tr>")[0]
    assert "Chưa nhập" in current and "18/03/2026" in current and "Còn 6 ngày" in current
    february = html.split(f'data-testid="due-{code}-2026-02"')[1].split("</tr>")[0]
    assert "Đã tiếp nhận" in february and "Gửi đúng hạn" in february
    january = html.split(f'data-testid="due-{code}-2026-01"')[1].split("</tr>")[0]
    assert "Quá hạn" in january
    assert "Xã Nga Sơn" not in html  # the other commune's reports are not this clerk's


def test_someone_who_reports_nothing_is_told_so(client, world):
    html = page(client, world["outsider"], reverse("reporting:my_reports"))
    assert "không phải gửi báo cáo định kỳ nào" in html


# The report page -----------------------------------------------------------------------------


def test_a_bad_value_is_shown_next_to_its_field_and_what_was_typed_is_kept(client, world):
    client.force_login(world["clerk"])
    url = report_url(world)
    typed = {
        "BUOI": "4",
        "NGUOI": "100",
        "NU": "1O5",
        "KETQUA": "Đã tổ chức 4 buổi.",
        "action": "save",
    }
    response = client.post(url, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-NU"' in html
    assert "Nhập một số nguyên, ví dụ 12." in html
    assert 'value="1O5"' in html and "Đã tổ chức 4 buổi." in html  # nothing typed is lost
    assert not Submission.objects.exists()  # and nothing wrong is stored

    response = client.post(url, typed | {"NU": "150"})
    assert "phải nhỏ hơn hoặc bằng «Số người tham dự»" in response.content.decode()
    response = client.post(url, typed | {"NU": "60"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.state == State.DRAFT
    assert services.stored_values(submission, submission.regime.report_form.spec())["NU"] == 60


def test_sending_needs_every_required_field_then_the_page_is_read_only(client, world):
    client.force_login(world["clerk"])
    url = report_url(world)
    response = client.post(url, {"BUOI": "4", "action": "submit"})
    html = response.content.decode()
    assert 'data-testid="error-NGUOI"' in html and "Chưa nhập: chỉ tiêu này bắt buộc." in html
    assert 'data-testid="error-KETQUA"' in html and "Chưa viết: phần này bắt buộc." in html
    assert not Submission.objects.exists()
    response = client.post(url, COMPLETE | {"action": "submit"})
    assert response.status_code == 302
    assert Submission.objects.get().state == State.SUBMITTED
    html = page(client, world["clerk"], url)
    assert "Báo cáo đã gửi, đang chờ đơn vị nhận xem xét" in html
    assert 'data-testid="submit-report"' not in html
    assert "disabled" in html.split('name="BUOI"')[1].split(">")[0]


def test_copy_from_the_previous_period_on_the_page(client, world):
    make_submission(
        regime=world["regime"], organization=world["a"], period="2026-02", values=COMPLETE
    )
    client.force_login(world["clerk"])
    response = client.post(report_url(world), {"action": "copy"}, follow=True)
    html = response.content.decode()
    assert "Đã sao chép 5 giá trị từ kỳ trước." in html
    assert 'value="120"' in html


def test_comments_attachments_and_history_on_the_page(client, world):
    submission = make_submission(
        regime=world["regime"], organization=world["a"], values={"BUOI": "4"}
    )
    client.force_login(world["officer"])
    url = reverse("reporting:comment", args=[submission.pk])
    response = client.post(url, {"key": "BUOI", "body": "Sao ít thế?"})
    assert response.status_code == 302
    client.force_login(world["clerk"])
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(reverse("reporting:attach", args=[submission.pk]), {"file": pdf})
    assert response.status_code == 302
    html = page(client, world["clerk"], report_url(world))
    assert "Sao ít thế?" in html.split('data-testid="comments-BUOI"')[1]
    assert "ke-hoach.pdf" in html
    history = html.split('data-testid="history"')[1]
    assert "Số buổi tuyên truyền" in history and "Đang soạn" in history
    attachment = submission.attachments.get()
    download = client.get(reverse("reporting:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    client.force_login(world["clerk_b"])
    download = client.get(reverse("reporting:attachment_download", args=[attachment.pk]))
    assert download.status_code == 404


def test_nobody_else_opens_a_units_report(client, world):
    make_submission(regime=world["regime"], organization=world["a"], values={"BUOI": "1"})
    for who in ("clerk_b", "outsider"):
        client.force_login(world[who])
        assert client.get(report_url(world)).status_code == 404
        assert client.post(report_url(world), {"BUOI": "9"}).status_code == 404
    # A unit that is not expected has no report page; a period the regime has not neither.
    stranger = commune("Xã Không Giao")
    client.force_login(member(stranger))
    url = reverse("reporting:report", args=[world["regime"].pk, PERIOD, stranger.pk])
    assert client.get(url).status_code == 404
    client.force_login(world["clerk"])
    assert client.get(report_url(world, period="2026-Q1")).status_code == 404
    # The receiver reads it but does not write it.
    client.force_login(world["officer"])
    assert client.get(report_url(world)).status_code == 200
    assert client.post(report_url(world), {"BUOI": "9"}).status_code == 403


# The receiver --------------------------------------------------------------------------------


def test_the_receiver_lists_filters_returns_and_accepts(client, world):
    sent = make_submission(
        regime=world["regime"], organization=world["a"], values=COMPLETE, state=State.SUBMITTED
    )
    make_submission(regime=world["regime"], organization=world["b"])
    url = reverse("reporting:received")
    html = page(client, world["officer"], url)
    assert "Xã Hoằng Hóa" in html and "Xã Nga Sơn" in html
    html = page(client, world["officer"], url, state="submitted")
    assert "Xã Hoằng Hóa" in html and "Xã Nga Sơn" not in html
    html = page(client, world["officer"], url, q="nga son")
    assert "Xã Nga Sơn" in html and "Xã Hoằng Hóa" not in html
    html = page(client, world["officer"], url, period="bad'code", state="nope")
    assert "Xã Hoằng Hóa" in html  # bad filters are ignored and said
    assert "Xã Hoằng Hóa" not in page(client, world["clerk_b"], url)

    detail = page(client, world["officer"], sent.get_absolute_url())
    assert 'data-testid="accept"' in detail and 'data-testid="return"' in detail
    response = client.post(reverse("reporting:return", args=[sent.pk]), {"reason": ""}, follow=True)
    assert "Hãy ghi lý do." in response.content.decode()
    client.post(reverse("reporting:return", args=[sent.pk]), {"reason": "Thiếu số liệu nữ."})
    sent.refresh_from_db()
    assert sent.state == State.RETURNED
    assert "Thiếu số liệu nữ." in page(client, world["clerk"], report_url(world))
    client.force_login(world["clerk"])
    client.post(report_url(world), COMPLETE | {"action": "submit"})
    client.force_login(world["clerk"])
    assert client.post(reverse("reporting:accept", args=[sent.pk])).status_code == 403
    client.force_login(world["officer"])
    client.post(reverse("reporting:accept", args=[sent.pk]))
    sent.refresh_from_db()
    assert sent.state == State.ACCEPTED
    assert "Đã tiếp nhận" in [e.changes.get("state", [None, None])[1] for e in entries_for(sent)]


# Compiling -----------------------------------------------------------------------------------


def test_a_receiver_compiles_its_reporters_and_starts_its_own_report(client, world):
    upward_receiver = OrganizationFactory(name="Ban Tuyên giáo Trung ương")
    upward = make_regime(
        receiver=upward_receiver,
        report_form=world["regime"].report_form,
        assignments=[Assignment(organization=world["receiver"])],
    )
    for organization, values in (
        ("a", COMPLETE),
        (
            "b",
            COMPLETE
            | {
                "BUOI": "6",
                "NGUOI": "80",
                "NU": "20",
                "DATCHUAN": "không",
                "KETQUA": "Xã Nga Sơn đã làm.",
            },
        ),
    ):
        make_submission(
            regime=world["regime"],
            organization=world[organization],
            values=values,
            state=State.ACCEPTED,
        )
    url = reverse("reporting:compile", args=[world["regime"].pk, PERIOD])
    html = page(client, world["officer"], url)
    assert "10" in html.split('data-testid="total-BUOI"')[1].split("<")[0][:10]
    assert "200" in html.split('data-testid="total-NGUOI"')[1][:10]
    narrative = html.split('data-testid="narrative-KETQUA"')[1]
    assert "Đã tổ chức." in narrative and "Xã Nga Sơn đã làm." in narrative
    client.force_login(world["officer"])
    response = client.post(
        reverse("reporting:compile_start", args=[world["regime"].pk, PERIOD]),
        {"upward": upward.pk},
    )
    own = Submission.objects.get(regime=upward)
    assert response.status_code == 302 and response["Location"] == own.get_absolute_url()
    values = services.stored_values(own, own.regime.report_form.spec())
    assert values["BUOI"] == 10 and values["NGUOI"] == 200 and values["NU"] == 90
    assert "Xã Hoằng Hóa: Đã tổ chức." in values["KETQUA"]
    client.force_login(world["clerk"])
    assert client.get(url).status_code == 404


# Queries -------------------------------------------------------------------------------------


def test_pages_use_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    submission = make_submission(
        regime=world["regime"], organization=world["a"], values=COMPLETE, state=State.ACCEPTED
    )
    for n in range(12):
        extra = commune(f"Xã Thêm {n}")
        regime = world["regime"]
        regime.assignments.create(organization=extra)
        make_submission(regime=regime, organization=extra, values=COMPLETE, state=State.ACCEPTED)
    services.add_comment(submission, "BUOI", "Đúng.", world["officer"])
    pages = {
        (world["clerk"], reverse("reporting:my_reports")): 12,
        (world["clerk"], report_url(world)): 22,
        (world["officer"], report_url(world)): 22,
        (world["officer"], reverse("reporting:received")): 12,
        (world["officer"], reverse("reporting:received") + "?q=xa&state=accepted"): 14,
        (world["officer"], reverse("reporting:compile", args=[world["regime"].pk, PERIOD])): 14,
        (world["clerk"], report_url(world) + "upload/"): 10,
        (world["clerk"], report_url(world) + "form.xlsx"): 14,
    }
    for (user, url), limit in pages.items():
        client.force_login(user)
        client.get(url)  # warm per-process caches
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url


def test_before_entry_opens_the_page_says_from_when_and_offers_no_buttons(client, world):
    with at(D(2026, 3, 1)):
        html = page(client, world["clerk"], report_url(world))
    assert "Kỳ báo cáo này mở nhập từ ngày 09/03/2026." in html
    assert 'data-testid="save-draft"' not in html
