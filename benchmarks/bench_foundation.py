"""Foundation pages under load: organisation list and tree, area page, search (page and API).

Each scenario runs for a system administrator (sees all ~21,000 organisations) and for a
province-level specialist (specialist of the Thanh Hóa Party committee and People's Committee:
their subtrees, ~700 organisations). Goal: p95 at most 3x the base page's (the calibration row of
the same run) with 8 concurrent clients; `benchmarks.run` computes the ratio.
Each row also carries the query count and SQL time of one in-process request of the same page,
so a slow page can be told apart from a slow query.
"""

from urllib.parse import urlencode

from benchmarks import configure
from benchmarks.harness import Scenario, measure_scenarios

NAME = "foundation"
CALIBRATION = {"healthz"}


def scenarios() -> list[Scenario]:
    from phoihop.org.models import Area, Organization

    province = Area.objects.current().get(level="province", code="38")
    committee = Organization.objects.get(identifier="38.UBND")
    return [
        # Calibration: the floor of this machine and server (no page logic); the base page is
        # measured first by measure_scenarios().
        Scenario("healthz", "/healthz"),
        Scenario("org_list", "/organizations/"),
        Scenario("org_list_kind", "/organizations/?" + urlencode({"kind": "department"})),
        Scenario("org_list_text", "/organizations/?" + urlencode({"q": "so y te"})),
        Scenario("org_tree", "/organizations/tree/"),
        Scenario(
            "org_tree_expand",
            f"/organizations/tree/?parent={committee.pk}",
            headers={"HX-Request": "true"},
        ),
        Scenario("area_page", f"/areas/{province.pk}/"),
        Scenario("search_page", "/search/?" + urlencode({"q": "so y te thanh hoa"})),
        Scenario("api_search", "/api/v1/search?" + urlencode({"q": "dang uy"})),
    ]


def _users():
    from benchmarks.generate import ADMIN_USERNAME, SPECIALIST_USERNAME
    from phoihop.org.models import User

    return [
        ("admin", User.objects.get(username=ADMIN_USERNAME)),
        ("specialist", User.objects.get(username=SPECIALIST_USERNAME)),
    ]


def run() -> list[dict]:
    configure()
    from benchmarks import generate

    if not generate.already_generated():
        generate.generate()
    users = dict(_users())
    runs = [
        (scenario, label)
        for scenario in scenarios()
        for label in users
        if scenario.name not in CALIBRATION or label == "admin"
    ]
    rows = measure_scenarios(runs, users)
    for row in rows:
        if row["name"].split(" (")[0] in CALIBRATION:
            row["calibration"] = row["name"].split(" (")[0]
    return rows


if __name__ == "__main__":
    import sys

    from benchmarks.run import main

    sys.exit(main(["bench_foundation"]))
