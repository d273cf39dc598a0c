"""The .xlsx round trip of a report: the form downloaded pre-filled with the unit, the period
and what was entered; uploaded back with a dry run listing every bad cell (sheet, row, column,
reason), nothing saved unless every cell is valid; then saved through the one write path."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from phoihop.core.audit import entries_for
from phoihop.reporting import submissions as services
from phoihop.reporting.models import Submission
from tests.factories import make_submission
from tests.reporting.submission_world import PERIOD, D, at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_entry_day():
    with at(D(2026, 3, 12)):
        yield


def urls(world, organization="a") -> tuple[str, str]:
    args = [world["regime"].pk, PERIOD, world[organization].pk]
    return reverse("reporting:form_download", args=args), reverse(
        "reporting:form_upload", args=args
    )


def download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def filled(workbook, values: dict) -> SimpleUploadedFile:
    sheet = workbook["Báo cáo"]
    rows = {row[0].value: row for row in sheet.iter_rows()}
    for key, value in values.items():
        if key in rows:
            rows[key][3].value = value
        else:
            sheet.append([key, "", "", value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue())


def lines_of(workbook) -> dict:
    return {row[0].value: row[0].row for row in workbook["Báo cáo"].iter_rows()}


def test_the_form_downloads_pre_filled_with_the_unit_period_and_values(client, world):
    make_submission(
        regime=world["regime"], organization=world["a"], values={"BUOI": "4", "DATCHUAN": "có"}
    )
    workbook = download(client, world["clerk"], urls(world)[0])
    sheet = workbook["Báo cáo"]
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    text = repr(cells)
    assert "Xã Hoằng Hóa" in text and "Tháng 3/2026 (15/02–14/03/2026)" in text
    assert "18/03/2026" in text
    rows = {row[0]: row for row in cells}
    assert rows["BUOI"][1:4] == ["Số buổi tuyên truyền", "lượt", 4]
    assert rows["DATCHUAN"][3] == "có"
    assert rows["KETQUA"][1] == "Kết quả thực hiện"
    client.force_login(world["clerk_b"])
    assert client.get(urls(world)[0]).status_code == 404


def test_an_upload_lists_every_bad_cell_and_saves_nothing_until_all_are_valid(client, world):
    download_url, upload_url = urls(world)
    workbook = download(client, world["clerk"], download_url)
    lines = lines_of(workbook)
    bad = {"BUOI": 4, "NGUOI": "mười", "NU": -3, "DATCHUAN": "có", "KETQUA": "Tốt.", "KHAC": 1}
    response = client.post(upload_url, {"file": filled(workbook, bad), "action": "import"})
    assert response.status_code == 200
    html = response.content.decode()
    errors = html.split('data-testid="upload-errors"')[1]
    assert errors.count('data-testid="upload-error"') == 3
    assert (
        f"<td>Báo cáo</td><td>{lines['NGUOI']}</td><td>D</td>"
        "<td>Số người tham dự: Nhập một số nguyên" in errors
    )
    assert f"<td>{lines['NU']}</td><td>D</td><td>Số nữ tham dự: Không nhận giá trị âm." in errors
    assert "KHAC: Không có trong biểu mẫu này." in errors
    assert not Submission.objects.exists()

    workbook = download(client, world["clerk"], download_url)
    good = {"BUOI": 4, "NGUOI": 120, "NU": "60", "DATCHUAN": "có", "KETQUA": "Tốt."}
    response = client.post(upload_url, {"file": filled(workbook, good), "action": "check"})
    assert 'data-testid="upload-ok"' in response.content.decode()
    assert not Submission.objects.exists()  # a dry run saves nothing
    response = client.post(upload_url, {"file": filled(workbook, good), "action": "import"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert services.stored_values(submission, submission.regime.report_form.spec()) == {
        "BUOI": 4,
        "NGUOI": 120,
        "NU": 60,
        "DATCHUAN": True,
        "KETQUA": "Tốt.",
    }
    assert entries_for(submission).first().changes["NGUOI"] == [None, "120"]


def test_another_reports_file_or_no_spreadsheet_is_refused(client, world):
    workbook = download(client, world["clerk_b"], urls(world, "b")[0])
    client.force_login(world["clerk"])
    upload_url = urls(world)[1]
    response = client.post(upload_url, {"file": filled(workbook, {"BUOI": 1}), "action": "check"})
    assert "biểu mẫu của một báo cáo khác" in response.content.decode()
    page = SimpleUploadedFile("x.xlsx", b"<html><body>not a sheet</body></html>")
    response = client.post(upload_url, {"file": page, "action": "import"})
    assert response.status_code == 400
    assert not Submission.objects.exists()
    client.force_login(world["officer"])
    assert client.get(upload_url).status_code == 403  # the receiver reads, does not fill
