"""The bloc briefing in a real browser, in Vietnamese and English at 1366 and 390 px: the
propaganda department's specialist creates the six-monthly briefing, invites the Department of
Education and one of its officials, checks her in from the list, records a conclusion and turns
it into a task of the year's plan in one step. Screenshots land in test-results/screenshots/."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from phoihop.library.models import Item
from phoihop.org.forms import reference_label
from phoihop.org.models import Area, Membership

from ..events.conftest import kind
from ..factories import MembershipFactory, OrganizationFactory, UserFactory, make_plan
from ..library.helpers import make_item
from .conftest import login, screenshot, tick

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Hội nghị giao ban khối khoa giáo 6 tháng cuối năm"
MATERIAL = "Phóng sự: tuyên truyền Nghị quyết số 57-NQ/TW ở xã, phường"
CONCLUSION = "Sở Giáo dục và Đào tạo chủ trì tuyên truyền kỹ năng an toàn trên không gian mạng."


@pytest.fixture
def bloc(transactional_db):
    province = Area.objects.create(
        code="38", name="Tỉnh Thanh Hóa", short_name="Thanh Hóa", type="tỉnh", level="province"
    )
    party = OrganizationFactory(
        name="Tỉnh ủy Thanh Hóa", kind="party_committee", abbreviation="TU", area=province
    )
    propaganda = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind="propaganda_department",
        abbreviation="BTGDVTU",
        identifier="38.BTGDVTU",
        parent=party,
        area=province,
    )
    committee = OrganizationFactory(
        name="Ủy ban nhân dân tỉnh Thanh Hóa",
        kind="peoples_committee",
        identifier="38.UBND",
        area=province,
    )
    education = OrganizationFactory(
        name="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa",
        abbreviation="SGDĐT",
        identifier="38.SGDDT",
        parent=committee,
        area=province,
    )
    officer = UserFactory(username="chuyenvien.tgdv", full_name="Nguyễn Văn Hùng")
    MembershipFactory(user=officer, organization=propaganda, role=Membership.Role.SPECIALIST)
    teacher = UserFactory(username="daumoi.sgddt", full_name="Phạm Thị Lan")
    MembershipFactory(user=teacher, organization=education, role=Membership.Role.FOCAL_POINT)
    plan = make_plan(
        issuing_organization=propaganda,
        title=f"Kế hoạch công tác khoa giáo năm {timezone.localdate().year}",
    )
    kind("giao-ban")
    outline = make_item(
        propaganda,
        file=False,
        kind=Item.Kind.VIDEO,
        link="https://video.example.vn/xem/57-nq-tw",
        title=MATERIAL,
        access=Item.Access.PUBLIC,
    )
    return {"propaganda": propaganda, "education": education, "plan": plan, "outline": outline}


def test_the_bloc_briefing_from_creation_to_a_task(any_page, bloc):
    page = any_page
    name = f"events-{page.setting}"
    today = timezone.localdate()
    login(page, "chuyenvien.tgdv")
    page.goto(f"{page.base_url}/events/")
    screenshot(page, f"{name}-empty-list")
    page.get_by_test_id("event-create-link").click()
    page.locator("#id_kind").select_option(label="Giao ban")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_organizer").fill(reference_label(bloc["propaganda"]))
    page.locator("#id_start_date").fill(f"{today:%d/%m/%Y}")
    page.locator("#id_start_time").fill("08:00")
    page.locator("#id_end_time").fill("11:30")
    page.locator("#id_place").fill("Hội trường tầng 3, trụ sở Tỉnh ủy Thanh Hóa")
    page.locator("#id_online_url").fill("không phải địa chỉ")
    page.get_by_test_id("event-submit").click()
    expect(page.get_by_test_id("error-online_url")).to_be_visible()
    screenshot(page, f"{name}-form-error")
    page.locator("#id_online_url").fill("")
    page.get_by_test_id("event-submit").click()
    expect(page.get_by_test_id("event-title")).to_have_text(TITLE)

    # Invite the Department of Education, then one of its officials.
    page.get_by_test_id("event-invite-link").click()
    page.locator("#id_organizations").fill(f"#{bloc['education'].pk}")
    page.get_by_test_id("invite-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("1")
    tick(page, page.locator("#id_people-ts-control"), "Lan", "Phạm Thị Lan")
    page.get_by_test_id("invite-submit").click()
    expect(page.locator(".alert-success")).to_be_visible()

    # Check her in from the list.
    page.goto(page.url.replace("/invite/", "/attendance/"))
    page.get_by_test_id("check-in-daumoi.sgddt").click()
    expect(page.get_by_test_id("present")).to_have_count(1)
    screenshot(page, f"{name}-attendance")

    # Record a conclusion and turn it into a task.
    page.goto(page.url.split("/attendance/")[0] + "/")
    page.locator("#id_text").fill(CONCLUSION)
    page.get_by_test_id("conclusion-submit").click()
    page.get_by_test_id("conclusion-to-task").click()
    page.locator("#id_plan").select_option(label=bloc["plan"].title)
    page.locator("#id_lead").fill(reference_label(bloc["education"]))
    page.locator("#id_deadline").fill(f"31/12/{today.year}")
    screenshot(page, f"{name}-conclusion-task")
    page.get_by_test_id("conclusion-task-submit").click()
    expect(page.get_by_test_id("conclusion-task")).to_contain_text("chủ trì tuyên truyền kỹ năng")
    expect(page.get_by_test_id("participant-counts")).to_contain_text("1")

    # Cite a document of the library.
    page.locator("#id_item").select_option(value=str(bloc["outline"].pk))
    page.get_by_test_id("material-submit").click()
    expect(page.get_by_test_id("materials")).to_contain_text(MATERIAL)
    expect(page.get_by_test_id("material-none")).to_be_visible()
    screenshot(page, f"{name}-detail")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


REASON = "Trùng lịch Hội nghị Ban Chấp hành Đảng bộ tỉnh."


def test_the_organiser_calls_off_an_event_and_the_invited_see_it(page, bloc):
    """Tomorrow's briefing, serving a task picked by type-ahead on its form, is called off with a
    reason: the invited official finds it marked cancelled, with the reason, in her
    notifications and on its page, and can no longer answer the invitation."""
    from phoihop.events import services
    from phoihop.org.models import User
    from tests.events.conftest import today_at
    from tests.factories import make_task

    task = make_task(plan=bloc["plan"], title="Tuyên truyền kỹ năng an toàn trên không gian mạng")
    officer = User.objects.get(username="chuyenvien.tgdv")
    event = services.create_event(
        by=officer,
        organizer=bloc["propaganda"],
        kind=kind("giao-ban"),
        title=TITLE,
        starts_at=today_at(8, days=1),
        ends_at=today_at(11, 30, days=1),
        place="Hội trường tầng 3, trụ sở Tỉnh ủy Thanh Hóa",
    )
    services.invite(
        event=event, by=officer, people=[User.objects.get(username="daumoi.sgddt")], email=False
    )
    login(page, "chuyenvien.tgdv")
    page.goto(f"{page.base_url}/events/{event.pk}/edit/")
    page.locator("#id_task").press_sequentially("khong gian mang")
    page.get_by_test_id("suggestions").get_by_role("option").first.click()
    expect(page.locator("#id_task")).to_have_value(f"{task.title} (#{task.pk})")
    page.get_by_test_id("event-submit").click()
    expect(page.locator(f'a[href="{task.get_absolute_url()}"]')).to_be_visible()

    page.get_by_test_id("event-cancel").locator("summary").click()
    page.locator("#id_reason").fill(REASON)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("event-cancel-submit").click()
    expect(page.get_by_test_id("event-cancelled")).to_be_visible()
    expect(page.get_by_test_id("event-cancellation-reason")).to_have_text(REASON)
    expect(page.get_by_test_id("event-cancel")).to_have_count(0)
    screenshot(page, "events-cancelled")

    page.context.clear_cookies()
    login(page, "daumoi.sgddt")
    page.goto(f"{page.base_url}/notifications/")
    expect(page.get_by_text(f"Hủy: {TITLE}")).to_be_visible()
    page.goto(f"{page.base_url}/events/{event.pk}/")
    expect(page.get_by_test_id("event-cancelled")).to_be_visible()
    expect(page.get_by_test_id("rsvp-accept")).to_have_count(0)
