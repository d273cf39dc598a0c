"""The task API of phoihop against Redmine's issue API: same machine, same client (`wrk`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench \\
        .venv/bin/python -m benchmarks.redmine

Needs the Redmine peer set up (`../shared/peers/redmine/setup.sh`: Redmine 5 from Debian on the
local PostgreSQL with 100,000 issues, and `wrk`); its directory is REDMINE_PEER (default: the
`shared/peers/redmine` folder beside or above the checkout). No Redmine code lives here: this only
starts both servers (Redmine as the peer's serve.sh does), runs the peer's `measure.sh` against
each, one scenario at a time (phoihop, then Redmine, so both see the same phase of the shared
machine), prints the table and writes results/redmine.json. Goals (issue 14): each task list at
least 10x Redmine's requests per second, the task detail at least 5x.

phoihop is served as `make bench` serves it (gunicorn, 4 sync workers, DEBUG off) and read with a
read-only API token of the system administrator `bench.admin`, who sees all 100,000 tasks;
Redmine with its admin's API key (all 100,000 issues).
"""

import datetime
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks import REPO, RESULTS_DIR, configure

GOALS = {"overdue list": 10.0, "all tasks": 10.0, "task detail": 5.0, "calibration": None}


def peer_directory() -> Path:
    if configured := os.environ.get("REDMINE_PEER"):
        return Path(configured)
    for parent in (REPO.parent, *REPO.parents):
        candidate = parent / "shared" / "peers" / "redmine"
        if candidate.is_dir():
            return candidate
    raise SystemExit("Redmine peer not found: set REDMINE_PEER to shared/peers/redmine.")


def redmine_database() -> str:
    """The Redmine database named in Debian's configuration."""
    text = Path("/etc/redmine/default/database.yml").read_text()
    production = text.split("production:", 1)[1]
    for line in production.splitlines():
        if line.strip().startswith("database:"):
            return line.split(":", 1)[1].strip().strip("'\"")
    raise SystemExit("No production database in /etc/redmine/default/database.yml")


def redmine_facts(database: str) -> tuple[str, int]:
    """(the admin's API key, an issue id) read from Redmine's database."""
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as connection:
        key = connection.execute(
            "SELECT t.value FROM tokens t JOIN users u ON u.id = t.user_id "
            "WHERE u.login = 'admin' AND t.action = 'api'"
        ).fetchone()
        issue = connection.execute("SELECT min(id) FROM issues").fetchone()
    if not key:
        raise SystemExit("Redmine has no API key for admin: run the peer's setup.sh first.")
    return key[0], issue[0]


def start_redmine() -> subprocess.Popen:
    """Redmine as the peer's serve.sh starts it (puma, 4 single-thread workers, production,
    127.0.0.1:3000), with --preload: the application boots once and the workers are forked from
    it, where four workers booting at once on a busy 2-core machine miss puma's 60 s limit."""
    command = "puma -e production -w 4 -t 1:1 --preload -b tcp://127.0.0.1:3000 config.ru"
    return subprocess.Popen(
        command.split(),
        cwd="/usr/share/redmine",
        # Not this process's DATABASE_URL (the phoihop database): Rails would use it.
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        | {"RAILS_ENV": "production"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(url: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers (an API that wants its key says 401)
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def measure(peer: Path, name: str, url: str, header: tuple[str, str]) -> dict:
    output = subprocess.run(
        ["bash", str(peer / "measure.sh"), name, url, *header],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    row = json.loads(output.strip().splitlines()[-1])
    return {**(row.get("result") or {}), "load_before": row.get("load_before")}


def phoihop_token() -> tuple[str, object]:
    """A read-only token of the system administrator (deleted at the end)."""
    from benchmarks.generate import ADMIN_USERNAME
    from phoihop.org.models import ApiToken, User

    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=User.objects.get(username=ADMIN_USERNAME),
        name="benchmarks.redmine",
        key_hash=ApiToken.hash(raw),
        hint=raw[:8],
        scope=ApiToken.Scope.READ,
    )
    return raw, token


def scenarios(base: str, task_id: int, issue_id: int) -> list[tuple[str, str, str]]:
    """(name, phoihop URL, Redmine URL), as in the peer's README."""
    today = datetime.date.today().isoformat()
    redmine = "http://127.0.0.1:3000"
    return [
        ("calibration", f"{base}/healthz", f"{redmine}/trackers.json"),
        (
            "overdue list",
            f"{base}/api/v1/tasks?page_size=25&bucket=open_overdue",
            f"{redmine}/issues.json?project_id=1&limit=25&status_id=open&sort=due_date"
            f"&due_date=%3C%3D{today}",
        ),
        (
            "all tasks",
            f"{base}/api/v1/tasks?page_size=25",
            f"{redmine}/issues.json?limit=25&status_id=*",
        ),
        ("task detail", f"{base}/api/v1/tasks/{task_id}", f"{redmine}/issues/{issue_id}.json"),
    ]


def format_rows(rows: list[dict]) -> str:
    header = "| scenario | phoihop req/s | Redmine req/s | ratio | goal | phoihop p95 ms | "
    header += "Redmine p95 ms | errors | load before |"
    lines = [header, "|" + "---|" * 9]
    for row in rows:
        goal = GOALS[row["name"]]
        verdict = "" if goal is None else (" ok" if meets(row) else " MISSED")
        lines.append(
            f"| {row['name']} | {row['phoihop']['rps']:,.1f} | {row['redmine']['rps']:,.1f} | "
            f"{row['ratio']:.1f}x | {'' if goal is None else f'>= {goal:g}x'}{verdict} | "
            f"{row['phoihop']['p95_ms']:.1f} | {row['redmine']['p95_ms']:.1f} | "
            f"{errors(row['phoihop'])} / {errors(row['redmine'])} | "
            f"{row['phoihop']['load_before']} / {row['redmine']['load_before']} |"
        )
    return "\n".join(lines)


def errors(result: dict) -> int:
    """Answers outside 2xx and requests wrk gave up on (10 s) or could not send."""
    keys = ("non2xx", "connect_err", "read_err", "write_err", "timeout_err")
    return sum(result.get(key, 0) for key in keys)


def meets(row: dict) -> bool:
    goal = GOALS[row["name"]] or 0
    return row["ratio"] >= goal and not errors(row["phoihop"])


def main() -> int:
    configure()
    from benchmarks import bench_plans, generate
    from benchmarks.harness import serve
    from phoihop.plans.models import Task

    if not generate.already_generated():
        generate.generate()
    if not bench_plans.already_generated():
        bench_plans.generate_tasks()
    peer = peer_directory()
    key, issue_id = redmine_facts(redmine_database())
    # A task with co-agencies, as most are: its detail carries its participants.
    task_id = Task.objects.filter(participants__role="co").order_by("id").values("id")[0]["id"]
    raw, token = phoihop_token()
    puma = start_redmine()
    rows = []
    try:
        wait_for("http://127.0.0.1:3000/trackers.json")
        with serve() as server:
            for name, ours, theirs in scenarios(server.base_url, task_id, issue_id):
                print(f"{name}…", flush=True)
                phoihop = measure(peer, name, ours, ("Authorization", f"Bearer {raw}"))
                redmine = measure(peer, name, theirs, ("X-Redmine-API-Key", key))
                ratio = phoihop["rps"] / redmine["rps"] if redmine.get("rps") else 0.0
                rows.append({"name": name, "phoihop": phoihop, "redmine": redmine, "ratio": ratio})
    finally:
        puma.terminate()
        puma.wait(timeout=30)
        token.delete()
    print()
    print(format_rows(rows))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "redmine.json").write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(meets(row) for row in rows) else 1


def reprint(path: Path = RESULTS_DIR / "redmine.json") -> None:
    """The table of the last run again (`python -m benchmarks.redmine --table`)."""
    print(format_rows(json.loads(path.read_text())))


if __name__ == "__main__":
    if "--table" in sys.argv:
        sys.exit(reprint())
    sys.exit(main())
