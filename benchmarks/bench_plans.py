"""Coordination plans under load: 100,000 tasks over the national organisation tree.

Data (generated once, deterministic, bulk-inserted on top of `benchmarks.generate`'s ~21,000
organisations): for every province a 2021–2025 programme between the propaganda department and
its departments, with three annual plans (two years ago, last year, this year) of ~300 tasks led
by the departments; for every commune a plan of this year issued by the commune Party committee
with ~20 tasks led by the commune's People's Committee, Fatherland Front, culture-society office
or Party building board. Each task has one lead and 0–3 co-agencies (~250,000 participants),
deadlines over its plan's year, and completions relative to today, so all four buckets are large.

Scenarios (8 concurrent clients, gunicorn, PostgreSQL; goal: p95 at most 3x the base page's):
- "my organisation's tasks" filtered by bucket: the health department's focal point (its tasks as
  lead, overdue), and the province specialist over the whole Thanh Hóa Party tree (any role);
- the plan board of Thanh Hóa's plan of this year (~300 tasks in four columns);
- the league table of lead organisations by on-time rate for this year, for the province
  specialist and for a system administrator (all 100,000 tasks);
- the same task list through the API, and the landing page (dashboard) of the focal point.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_planbench \\
        .venv/bin/python -m benchmarks.run bench_plans
"""

import datetime
import os
import random
import sys
import time
from urllib.parse import urlencode

from benchmarks import configure
from benchmarks.harness import Scenario, measure_scenarios

NAME = "plans"
TASKS = int(os.environ.get("BENCH_PLANS_TASKS", "100000"))
PROVINCE_TASKS_PER_PLAN = 300
MARKER = "BENCH-PLANS"  # programme numbers start with it
SEED = 20261123
DEPARTMENTS = ("SGDDT", "SYT", "SKHCN", "SVHTTDL", "SNV", "STP", "SNNMT", "SDTTG")
COMMUNE_LEADS = ("UBND", "MTTQ", "VHXH", "BXDD")
COMMUNE_CO = ("UBND", "MTTQ", "VHXH", "BXDD", "HDND")
TOPICS = (
    "Tuyên truyền kỷ niệm Ngày Quốc khánh 2/9",
    "Tuyên truyền phòng, chống dịch sốt xuất huyết",
    "Tuyên truyền kỳ thi tốt nghiệp trung học phổ thông",
    "Tổ chức hội nghị báo cáo viên chuyên đề",
    "Tuyên truyền chuyển đổi số và dịch vụ công trực tuyến",
    "Tuyên truyền bảo hiểm xã hội tự nguyện, bảo hiểm y tế hộ gia đình",
    "Phối hợp định hướng thông tin về vấn đề dư luận quan tâm",
    "Tuyên truyền phòng, chống đuối nước cho học sinh",
    "Tuyên truyền xây dựng đời sống văn hóa ở khu dân cư",
    "Tuyên truyền an toàn thực phẩm",
    "Tuyên truyền Nghị quyết số 57-NQ/TW về khoa học, công nghệ",
    "Tuyên truyền chính sách đối với người có công",
)
FIELDS_BY_LEAD = {
    "SGDDT": "giao-duc",
    "SYT": "y-te",
    "SKHCN": "khoa-hoc-cong-nghe",
    "SVHTTDL": "van-hoa-the-thao-du-lich",
    "SNV": "noi-vu",
    "STP": "tu-phap",
    "SNNMT": "nong-nghiep",
    "SDTTG": "dan-van",
}


# Data -------------------------------------------------------------------------------------------


def data_sizes() -> dict[str, int]:
    from phoihop.org.models import Organization
    from phoihop.plans.models import Plan, Programme, Task, TaskParticipant

    return {
        "organizations": Organization.objects.count(),
        "programmes": Programme.objects.count(),
        "plans": Plan.objects.count(),
        "tasks": Task.objects.count(),
        "participants": TaskParticipant.objects.count(),
    }


def already_generated() -> bool:
    from phoihop.plans.models import Programme, Task

    return (
        Programme.objects.filter(number__startswith=MARKER).exists()
        and Task.objects.count() >= TASKS
    )


def _completion(rng, deadline, today):
    """None (open) or the day a task was completed, relative to today."""
    if deadline < today:
        if rng.random() < 0.82:
            offset = -rng.randint(0, 30) if rng.random() < 0.8 else rng.randint(1, 40)
            return min(deadline + datetime.timedelta(days=offset), today)
        return None
    if rng.random() < 0.15:
        return today - datetime.timedelta(days=rng.randint(0, 20))
    return None


class _Builder:
    """Collects tasks and participants and writes them in batches."""

    def __init__(self, today):
        from phoihop.org.models import Field

        self.today = today
        self.rng = random.Random(SEED)
        self.fields = {f.code: f.pk for f in Field.objects.all()}
        self.tasks, self.participants = [], []
        self.count = 0

    def add(self, plan, lead_id, co_ids, field_code, topic, created_by_id=None):
        from phoihop.plans.models import Task

        rng = self.rng
        start = datetime.date(plan.year, 1, 15)
        deadline = start + datetime.timedelta(days=rng.randint(0, 350))
        extended = deadline + datetime.timedelta(days=30) if rng.random() < 0.03 else None
        effective = extended or deadline
        completed = _completion(rng, effective, self.today)
        monthly = rng.random() < 0.1
        title = f"{topic} ({self.count % 97 + 1})"
        self.tasks.append(
            Task(
                plan_id=plan.pk,
                programme_id=plan.programme_id,
                issuing_organization_id=plan.issuing_organization_id,
                lead_organization_id=lead_id,
                title=title,
                description="Nội dung, yêu cầu theo kế hoạch.",
                field_id=self.fields.get(field_code),
                deadline=deadline,
                extended_deadline=extended,
                effective_deadline=effective,
                completed_on=completed,
                completed_at=datetime.datetime.combine(completed, datetime.time(9), datetime.UTC)
                if completed
                else None,
                report_frequency="monthly" if monthly else "none",
                report_day=20 if monthly else None,
                created_by_id=created_by_id,
            )
        )
        self.participants.append((lead_id, co_ids, completed is not None))
        self.count += 1
        if len(self.tasks) >= 5000:
            self.flush()

    def flush(self):
        from phoihop.plans.models import Task, TaskParticipant

        if not self.tasks:
            return
        Task.objects.bulk_create(self.tasks, batch_size=5000)
        rows = []
        for task, (lead_id, co_ids, done) in zip(self.tasks, self.participants, strict=True):
            progress = 100 if done else self.rng.choice((0, 20, 40, 60, 80))
            status = "done" if done else ("in_progress" if progress else "not_started")
            rows.append(
                TaskParticipant(
                    task_id=task.pk,
                    organization_id=lead_id,
                    role="lead",
                    progress=progress,
                    status=status,
                )
            )
            for co_id in co_ids:
                rows.append(TaskParticipant(task_id=task.pk, organization_id=co_id, role="co"))
        TaskParticipant.objects.bulk_create(rows, batch_size=10000)
        self.tasks, self.participants = [], []


def _province_plans(builder, province_code, orgs, years, per_plan):
    from phoihop.plans.models import Plan, Programme

    propaganda = orgs.get(f"{province_code}.BTGDVTU")
    departments = [
        orgs[f"{province_code}.{d}"] for d in DEPARTMENTS if f"{province_code}.{d}" in orgs
    ]
    if propaganda is None or not departments:
        return
    programme = Programme.objects.create(
        title=f"Chương trình phối hợp công tác tuyên truyền giai đoạn 2021–2025 ({province_code})",
        number=f"{MARKER}-{province_code}",
        signing_organization_id=propaganda,
        start_year=2021,
        end_year=2025,
    )
    programme.counterparts.set(departments)
    rng = builder.rng
    codes = [d for d in DEPARTMENTS if f"{province_code}.{d}" in orgs]
    for year in years:
        plan = Plan.objects.create(
            programme=programme,
            issuing_organization_id=propaganda,
            year=year,
            title=f"Kế hoạch phối hợp năm {year}",
        )
        for _ in range(per_plan):
            lead_code = rng.choice(codes)
            others = [orgs[f"{province_code}.{c}"] for c in codes if c != lead_code]
            co = rng.sample(others, rng.randint(0, 3))
            builder.add(
                plan,
                orgs[f"{province_code}.{lead_code}"],
                co,
                FIELDS_BY_LEAD.get(lead_code),
                rng.choice(TOPICS),
            )


def _commune_plans(builder, communes, orgs, year, total):
    from phoihop.plans.models import Plan

    rng = builder.rng
    plans = []
    for prefix in communes:
        issuer = orgs.get(f"{prefix}.DU")
        if issuer is not None:
            plans.append((prefix, issuer))
    created = Plan.objects.bulk_create(
        [
            Plan(issuing_organization_id=issuer, year=year, title=f"Kế hoạch năm {year}")
            for _prefix, issuer in plans
        ]
    )
    for index in range(total):
        plan = created[index % len(created)]
        prefix = plans[index % len(plans)][0]
        lead_code = rng.choice(COMMUNE_LEADS)
        others = [
            orgs[f"{prefix}.{c}"] for c in COMMUNE_CO if c != lead_code and f"{prefix}.{c}" in orgs
        ]
        co = rng.sample(others, rng.randint(0, 2))
        builder.add(plan, orgs[f"{prefix}.{lead_code}"], co, "dan-van", rng.choice(TOPICS))


def generate_tasks(out=sys.stdout) -> dict[str, int]:
    """Programmes, plans, tasks and participants (~100,000 tasks), then ANALYZE."""
    from django.db import connection, transaction
    from django.utils import timezone

    from phoihop.org.models import Organization

    started = time.perf_counter()
    today = timezone.localdate()
    orgs = dict(Organization.objects.exclude(identifier=None).values_list("identifier", "pk"))
    provinces = sorted({i.split(".")[0] for i in orgs if i.endswith(".BTGDVTU")})
    communes = sorted({i.rsplit(".", 1)[0] for i in orgs if i.endswith(".DU")})
    years = (today.year - 2, today.year - 1, today.year)
    builder = _Builder(today)
    with transaction.atomic():
        for code in provinces:
            _province_plans(builder, code, orgs, years, PROVINCE_TASKS_PER_PLAN)
        builder.flush()
        _commune_plans(builder, communes, orgs, today.year, max(TASKS - builder.count, 0))
        builder.flush()
    with connection.cursor() as cursor:  # autocommit: VACUUM fills the visibility map too
        for table in ("plans_task", "plans_taskparticipant", "plans_plan", "plans_programme"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    out.write(f"  {builder.count:,} tasks in {time.perf_counter() - started:.1f} s\n")
    return data_sizes()


# Scenarios --------------------------------------------------------------------------------------


def _people():
    from benchmarks.generate import ADMIN_USERNAME, SPECIALIST_USERNAME
    from phoihop.org.models import Membership, User

    focal = (
        Membership.objects.filter(organization__identifier="38.SYT", role="focal_point")
        .select_related("user")
        .first()
        .user
    )
    return {
        "focal": focal,
        "specialist": User.objects.get(username=SPECIALIST_USERNAME),
        "admin": User.objects.get(username=ADMIN_USERNAME),
    }


def scenarios() -> list[tuple[Scenario, str]]:
    from phoihop.org.models import Organization
    from phoihop.plans.models import Plan

    health = Organization.objects.get(identifier="38.SYT")
    party = Organization.objects.get(identifier="38.TU")
    propaganda = Organization.objects.get(identifier="38.BTGDVTU")
    year = datetime.date.today().year
    plan = Plan.objects.filter(issuing_organization=propaganda, year=year).first()
    lead_overdue = {"organization": health.pk, "role": "lead", "bucket": "open_overdue"}
    tree_overdue = {"organization": party.pk, "bucket": "open_overdue"}

    return [
        (Scenario("org_tasks_lead_overdue", "/plans/tasks/?" + urlencode(lead_overdue)), "focal"),
        (
            Scenario("org_tasks_tree_overdue", "/plans/tasks/?" + urlencode(tree_overdue)),
            "specialist",
        ),
        (
            Scenario(
                "org_tasks_htmx",
                "/plans/tasks/?" + urlencode(lead_overdue),
                headers={"HX-Request": "true"},
            ),
            "focal",
        ),
        (Scenario("api_tasks_lead_overdue", "/api/v1/tasks?" + urlencode(lead_overdue)), "focal"),
        (Scenario("plan_board", f"/plans/{plan.pk}/"), "specialist"),
        (Scenario("league_table", "/plans/league/"), "specialist"),
        (Scenario("league_table", "/plans/league/"), "admin"),
        (Scenario("dashboard", "/"), "focal"),
    ]


def _uncached_league_ms(user) -> float:
    """The league table's own cost without its cache: one grouped query over the period."""
    from django.utils import timezone

    from phoihop.plans import selectors

    today = timezone.localdate()
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    started = time.perf_counter()
    selectors._league_ranking(user, start, end, today)
    return round((time.perf_counter() - started) * 1000, 1)


def run() -> list[dict]:
    configure()
    from benchmarks import generate

    if not generate.already_generated():
        generate.generate()
    if not already_generated():
        generate_tasks()
    sizes = data_sizes()
    people = _people()

    def uncached_league(scenario, user) -> dict:
        if scenario.name != "league_table":
            return {}
        return {"uncached_ms": _uncached_league_ms(user)}

    rows = measure_scenarios(scenarios(), people, extra=sizes, more=uncached_league)
    return rows


if __name__ == "__main__":
    from benchmarks.run import main

    sys.exit(main(["bench_plans"]))
