"""Press files from the browser, in a Vietnamese and an English browser, on a desktop and a
phone: a .zip of a feed, a syndicated copy and a saved page uploaded from the sources page,
the worker's run followed on its result page (a bad file named in the notes), the stories in
the newsroom."""

import re
import zipfile

import pytest
from playwright.sync_api import expect

from phoihop.core.models import ImportRun
from phoihop.core.tasks import run_import

from .conftest import login, screenshot
from .test_media import CORPUS, newsroom  # noqa: F401 (the fixture)
from .test_phones import assert_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def press_zip(tmp_path):
    path = tmp_path / "tin-bao-chi.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("thanhhoa.rss", (CORPUS / "thanhhoa.rss").read_bytes())
        archive.writestr("suckhoe.rss", (CORPUS / "suckhoe.rss").read_bytes())
        archive.writestr("hong.rss", b"<rss><channel><item><title>")
    return path


@pytest.fixture
def empty_newsroom(newsroom, settings, tmp_path):  # noqa: F811 (the fixture imported above)
    from phoihop.media.models import Article, Cluster

    Article.objects.all().delete()
    Cluster.objects.all().delete()
    settings.MEDIA_ROOT = tmp_path
    return newsroom


def test_upload_a_zip_of_press_files_and_see_the_result(any_page, empty_newsroom, press_zip):
    page = any_page
    login(page, "chuyenvien.baochi")
    page.goto(f"{page.base_url}/press/sources/")
    page.get_by_test_id("press-import-link").click()
    expect(page.locator("h1")).to_have_text("Nhập tin báo chí từ tệp")
    page.locator("input[type=file]").set_input_files(str(press_zip))
    expect(page.get_by_text("tin-bao-chi.zip")).to_be_visible()
    assert_no_sideways_scroll(page)
    screenshot(page, f"media-upload-{page.setting}")
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page).to_have_url(re.compile(r"/press/import/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("import-run")).to_have_attribute("data-status", "queued")

    run = ImportRun.objects.get()
    assert run_import.call(str(run.pk)) == "done"  # the worker's turn
    expect(page.get_by_test_id("import-done")).to_have_text("Đã nhập 6 bài báo mới.", timeout=8000)
    expect(page.get_by_test_id("import-note")).to_contain_text(
        "hong.rss: Tệp RSS/Atom hỏng, không đọc được bài nào."
    )
    assert_no_sideways_scroll(page)
    screenshot(page, f"media-upload-done-{page.setting}")

    page.get_by_role("link", name="Xem tin báo chí").click()
    story = page.get_by_test_id("cluster-row").filter(has_text="Hơn 40 học sinh tiểu học")
    expect(story.get_by_test_id("article-count")).to_contain_text("2")
