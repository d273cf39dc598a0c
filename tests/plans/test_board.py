"""The plan board: four columns, each with its count and its first tasks in a useful order."""

import datetime

import pytest
import time_machine

from phoihop.plans import selectors, services

pytestmark = pytest.mark.django_db
D = datetime.date


@time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False)
def test_the_board_groups_tasks_by_bucket_in_order(world, make_task):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False):
        done_early = make_task(title="Xong sớm", deadline=D(2026, 5, 1))
        done_recent = make_task(title="Xong gần đây", deadline=D(2026, 9, 1))
        late = make_task(title="Xong trễ", deadline=D(2026, 4, 1))
    for task, day in (
        (done_early, D(2026, 4, 1)),
        (done_recent, D(2026, 8, 30)),
        (late, D(2026, 4, 10)),
    ):
        services.confirm_completion(
            despite_unreported=True, task=task, by=world.people.health_focal, completed_on=day
        )
    make_task(title="Quá hạn lâu", deadline=D(2026, 6, 1))
    make_task(title="Quá hạn gần", deadline=D(2026, 11, 1))
    for i in range(3):
        make_task(title=f"Trong hạn {i}", deadline=D(2026, 12, 1 + i))
    board = selectors.plan_board(world.people.specialist, world.plan, per_bucket=2)
    columns = {c["bucket"]: ([t.title for t in c["tasks"]], c["count"]) for c in board["columns"]}
    assert columns == {
        "done_on_time": (["Xong gần đây", "Xong sớm"], 2),
        "done_late": (["Xong trễ"], 1),
        "open_on_track": (["Trong hạn 0", "Trong hạn 1"], 3),
        "open_overdue": (["Quá hạn lâu", "Quá hạn gần"], 2),
    }


def test_a_co_agency_sees_only_its_tasks_on_the_board(world, make_task):
    make_task(title="Của Sở Y tế", lead=world.health, co=[])
    make_task(
        title="Của Sở Văn hóa", lead=world.culture, co=[], outside_parties_reason="Chuyên môn"
    )
    board = selectors.plan_board(world.people.health_focal, world.plan)
    titles = [t.title for c in board["columns"] for t in c["tasks"]]
    assert titles == ["Của Sở Y tế"]
    assert board["counts"]["total"] == 1
