"""Apps contribute menu entries, demo seeders and `/api/v1/me` fields by registering them
(core.contributions): the menu and `me` show every app's contribution without core or org
importing the app."""

import re

from django.urls import reverse

from phoihop.core import contributions
from phoihop.org.models import Membership

MENU = [
    "Tổng quan",
    "Việc của tôi",
    "Kế hoạch",
    "Chương trình",
    "Báo cáo định kỳ",
    "Vụ việc",
    "Dư luận xã hội",  # the department's staff read the collaborators' notes
    "Báo chí",
    "Văn bản",
    "Hoạt động: Hội nghị, tập huấn, Hồ sơ bồi dưỡng của tôi, Kiểm tra, giám sát, khảo sát, "
    "Mô hình hay, Thư viện, Thống kê hoạt động",
    "Danh bạ: Tổ chức, Địa bàn, Cán bộ",
]


def menu_labels(client) -> list[str]:
    """The bar's entries in order; a drop-down as "<label>: <its entries>"."""
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index('id="mainnav"') : html.index('role="search"')]
    labels = []
    for item in re.findall(
        r'<li class="nav-item[^"]*">(.*?)</li>\s*(?=<li class="nav-item|</ul>\s*<form)', nav, re.S
    ):
        names = [
            n.strip()
            for n in re.findall(r'class="(?:nav-link|dropdown-item)[^"]*"[^>]*>([^<]+)</a>', item)
        ]
        labels.append(f"{names[0]}: {', '.join(names[1:])}" if len(names) > 1 else names[0])
    return labels


def test_the_menu_lists_each_apps_entries_in_order_and_the_audit_only_where_allowed(
    client, admin_user, province_tree, make_member
):
    client.force_login(admin_user)
    everything = [*MENU[:4], "Báo cáo: Báo cáo định kỳ, Số liệu", *MENU[5:]]
    assert menu_labels(client) == [*everything, "Quản trị: Nhật ký, Khóa Open311"]

    # The propaganda department of this tree is located nowhere: its people read no roll-ups.
    specialist = make_member(province_tree["propaganda"], Membership.Role.SPECIALIST)
    client.force_login(specialist)
    assert menu_labels(client) == MENU


def test_only_the_entry_with_the_longest_matching_prefix_is_marked_current(client, admin_user):
    """«Báo cáo định kỳ» covers every reporting page and «Số liệu» the figures' page: on the
    figures' page only «Số liệu» is marked."""
    client.force_login(admin_user)

    def current(url):
        html = client.get(url).content.decode()
        nav = html[html.index('id="mainnav"') : html.index('role="search"')]
        return re.findall(r'aria-current="page"[^>]*>([^<]+)</a>', nav)

    assert current(reverse("reporting:analysis")) == ["Số liệu"]
    assert current(reverse("reporting:my_reports")) == ["Báo cáo định kỳ"]


def test_my_tasks_entry_links_to_my_tasks(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("plans:task_list")}?mine=1"' in html


def test_demo_data_is_seeded_in_the_order_apps_registered():
    names = [seeder.name for seeder in contributions.demo_seeders()]
    assert names == [
        "phoihop.directives",
        "phoihop.plans",
        "phoihop.reviews",
        "phoihop.reporting",
        "phoihop.cases",
        "phoihop.cases.extras",
        "phoihop.cases.portal",
        "phoihop.library",
        "phoihop.events",
        "phoihop.media",
        "phoihop.media.watch",
        "phoihop.missions",
        "phoihop.practices",
    ]


def test_me_carries_the_fields_other_apps_registered(client, admin_user):
    client.force_login(admin_user)
    body = client.get("/api/v1/me").json()
    assert body["calendar_url"].endswith(".ics")
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["MeOut"]
    assert "calendar_url" in schema["required"]
    assert body["can_record_cases"] is False  # no propaganda department in this database
    assert "can_record_cases" in schema["required"]
