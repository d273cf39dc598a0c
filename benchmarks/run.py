"""`make bench`: run the benchmark modules, print one table, write JSON results.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench .venv/bin/python -m benchmarks.run
    .venv/bin/python -m benchmarks.run bench_foundation        # only some modules
    BENCH_RUNS=3 .venv/bin/python -m benchmarks.run             # three runs, median ratio per row

The goal of every page is a ratio within one run: its p95 at most RATIO_GOAL times the p95 of the
same user's base page, measured in blocks alternating with the row's (harness.measure_beside,
ADR 0039). The machine is shared and its speed drifts; a ratio of two pages measured in the same
minutes drifts least.

A module `benchmarks/bench_<name>.py` exposes `run() -> list[dict] | dict`; each row has at least
a "name" and its metrics. Results go to benchmarks/results/<name>.json and, all together with the
machine and the data sizes, benchmarks/results/summary.json. A module that crashes becomes an
error row (and a non-zero exit); a page that answers 404/500 shows up as errors in its row.
"""

import argparse
import datetime
import importlib
import json
import os
import platform
import statistics
import sys
import time
import traceback
from pathlib import Path

from benchmarks import RESULTS_DIR, configure
from benchmarks.harness import python_speed_ms

MODULES_DIR = Path(__file__).resolve().parent
FIRST = ("bench_foundation",)
RATIO_GOAL = 3.0  # p95 / p95 of the base page, same run
RUNS = int(os.environ.get("BENCH_RUNS", "1"))
COLUMNS = (  # (key, header, format)
    ("requests", "n", "{:,}"),
    ("p50_ms", "p50 ms", "{:.1f}"),
    ("p95_ms", "p95 ms", "{:.1f}"),
    ("max_ms", "max ms", "{:.1f}"),
    ("rps", "req/s", "{:.1f}"),
    ("errors", "errors", "{:,}"),
    ("page_ms", "alone ms", "{:.1f}"),
    ("queries", "SQL", "{:,}"),
    ("python_speed_ms", "speed ms", "{:.0f}"),  # the machine just before the row: see harness
    ("load_1m", "load", "{:.2f}"),  # 1-minute load average when the scenario ended
    ("base_p95_ms", "base p95", "{:.1f}"),  # the same user's base page, in blocks beside the row
    ("ratio", "ratio", "{:.2f}"),  # p95 / base p95
)
HIDDEN = {
    "name",
    "path",
    "user",
    "statuses",
    "concurrency",
    "calibration",
    "slowest_sql",
    "mean_ms",
    "bytes",
    "sql_ms",
    "slowest_sql_ms",
    "profile_error",
    "ratio_first_base",
}


def discover() -> list[str]:
    found = sorted(p.stem for p in MODULES_DIR.glob("bench_*.py"))
    return [m for m in FIRST if m in found] + [m for m in found if m not in FIRST]


def short_name(module: str) -> str:
    return module.removeprefix("bench_")


def run_module(module: str) -> tuple[object, list[dict], float, str | None]:
    """(result as the module returned it, its rows, seconds, traceback if it crashed)."""
    started = time.perf_counter()
    try:
        result = importlib.import_module(f"benchmarks.{module}").run()
    except Exception:
        return None, [], time.perf_counter() - started, traceback.format_exc()
    rows = result if isinstance(result, list) else [result]
    rows = [dict(row) if isinstance(row, dict) else {"name": str(row)} for row in rows]
    for row in rows:
        row.setdefault("name", short_name(module))
    return result, rows, time.perf_counter() - started, None


def _cell(row: dict, key: str, pattern: str) -> str:
    value = row.get(key)
    if value is None or value == "":
        return ""
    try:
        return pattern.format(value)
    except (ValueError, TypeError):
        return str(value)


def base_p95s(rows: list[dict]) -> dict[str | None, float]:
    """The p95 of a module's base-page calibration rows, by user (None: the first one)."""
    found: dict[str | None, float] = {}
    for row in rows:
        if row.get("calibration") == "base_page" and row.get("p95_ms"):
            found.setdefault(None, row["p95_ms"])
            found.setdefault(row.get("user"), row["p95_ms"])
    return found


def add_ratios(results: dict[str, list[dict]]) -> None:
    """Each row's p95 over its own user's base page measured beside it (`ratio`, the goal;
    ADR 0039), or, for a row measured without it, over the user's base-page row; and over
    the module's first base page (`ratio_first_base`, the one calibration row of the earlier
    tables, kept so that both can be compared)."""
    for rows in results.values():
        bases = base_p95s(rows)
        for row in rows:
            if not bases or row.get("p95_ms") is None:
                continue
            own = row.get("base_p95_ms") or bases.get(row.get("user"), bases[None])
            row["ratio"] = round(row["p95_ms"] / own, 2)
            row["ratio_first_base"] = round(row["p95_ms"] / bases[None], 2)


def verdict(row: dict, ratio_key: str = "ratio") -> str:
    if "error" in row:
        return "CRASH"
    if row.get("calibration"):
        return "calibration"
    if ratio_key not in row:
        return ""
    if row.get("errors"):
        return "ERRORS"
    return "ok" if row[ratio_key] <= RATIO_GOAL else f"> {RATIO_GOAL:g}x"


def _other(row: dict) -> str:
    shown = {key for key, _header, _pattern in COLUMNS} | HIDDEN | {"error"}
    parts = []
    for key, value in row.items():
        if key in shown or isinstance(value, dict | list):
            continue
        parts.append(f"{key}={value:.3g}" if isinstance(value, float) else f"{key}={value}")
    return " ".join(parts)[:70]


def format_table(results: dict[str, list[dict]]) -> str:
    header = ["module", "name", *(h for _k, h, _p in COLUMNS), f"<= {RATIO_GOAL:g}x", "other"]
    lines = []
    for module, rows in results.items():
        for row in rows:
            lines.append(
                [short_name(module), str(row.get("name", ""))]
                + [_cell(row, key, pattern) for key, _h, pattern in COLUMNS]
                + [verdict(row), _other(row) if "error" not in row else row["error"][:70]]
            )
    return render_table(header, lines, numeric=set(range(2, 2 + len(COLUMNS))))


def render_table(header: list[str], lines: list[list[str]], numeric: set[int]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *lines]) for i in range(len(header))]

    def render(cells):
        return "  ".join(
            c.rjust(widths[i]) if i in numeric else c.ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    return "\n".join(
        [render(header), render(["-" * w for w in widths])] + [render(r) for r in lines]
    )


def median_rows(runs: list[dict[str, list[dict]]]) -> list[dict]:
    """One row per (module, scenario) over several runs: each run's p95 and ratio, the median."""
    merged: dict[tuple[str, str], dict] = {}
    for results in runs:
        for module, rows in results.items():
            for row in rows:
                if row.get("p95_ms") is None:
                    continue
                entry = merged.setdefault(
                    (module, row["name"]),
                    {"module": short_name(module), "name": row["name"], "p95_ms": [], "ratios": []},
                )
                entry["p95_ms"].append(row["p95_ms"])
                entry.setdefault("base_p95_ms", []).append(row.get("base_p95_ms"))
                entry.setdefault("load_1m", []).append(row.get("load_1m"))
                entry["errors"] = entry.get("errors", 0) + row.get("errors", 0)
                if row.get("calibration"):
                    entry["calibration"] = row["calibration"]
                if "ratio" in row:
                    entry["ratios"].append(row["ratio"])
                    entry.setdefault("first_base_ratios", []).append(row["ratio_first_base"])
    for entry in merged.values():
        if entry["ratios"]:
            entry["median_ratio"] = round(statistics.median(entry["ratios"]), 2)
            entry["median_first_base"] = round(statistics.median(entry["first_base_ratios"]), 2)
    return list(merged.values())


def format_medians(rows: list[dict]) -> str:
    header = ["module", "name", "p95 ms per run", "base p95 per run", "ratio per run"]
    header += ["load per run", "median"]
    header += [f"<= {RATIO_GOAL:g}x", "median over the first base page"]

    def joined(values, pattern):
        return " · ".join("" if v is None else pattern.format(v) for v in values)

    lines = [
        [
            row["module"],
            row["name"],
            joined(row["p95_ms"], "{:.1f}"),
            joined(row["base_p95_ms"], "{:.1f}"),
            joined(row["ratios"], "{:.2f}"),
            joined(row["load_1m"], "{:.1f}"),
            _cell(row, "median_ratio", "{:.2f}"),
            verdict(row, "median_ratio"),
            _cell(row, "median_first_base", "{:.2f}"),
        ]
        for row in rows
    ]
    return render_table(header, lines, numeric={6, 8})


def machine(speed_before: float) -> dict:
    from django import get_version
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        memory_gb = round(pages * page_size / 2**30, 1)
    except (ValueError, OSError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    from benchmarks.harness import CONCURRENCY, REQUESTS, WARMUP, WORKERS

    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": get_version(),
        "postgresql": postgres,
        "database": connection.settings_dict["NAME"],
        "gunicorn_workers": WORKERS,
        "clients": CONCURRENCY,
        "requests_per_scenario": REQUESTS,
        "warmup_requests": WARMUP,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "python_speed_ms": {"before": speed_before, "after": python_speed_ms()},
    }


def write_json(path: Path, payload) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def run_once(modules: list[str]) -> tuple[dict[str, list[dict]], dict[str, float], bool]:
    """Every module once; each row's ratio to its module's base page."""
    results: dict[str, list[dict]] = {}
    durations: dict[str, float] = {}
    crashed = False
    for module in modules:
        print(f"Running {module}…", flush=True)
        result, rows, seconds, error = run_module(module)
        durations[module] = round(seconds, 1)
        if error:
            crashed = True
            print(error, file=sys.stderr)
            rows = [{"name": short_name(module), "error": error.strip().splitlines()[-1]}]
            result = rows
        results[module] = rows
        write_json(RESULTS_DIR / f"{short_name(module)}.json", result)
    add_ratios(results)
    return results, durations, crashed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the phoihop benchmarks.")
    parser.add_argument("modules", nargs="*", help="bench_* modules (default: all)")
    parser.add_argument("--no-generate", action="store_true", help="skip the data generator")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs (BENCH_RUNS, default 1)")
    args = parser.parse_args(argv)
    configure()
    from benchmarks import generate

    data = None if args.no_generate else generate.generate()
    speed_before = python_speed_ms()
    modules = [m if m.startswith("bench_") else f"bench_{m}" for m in args.modules] or discover()
    runs, crashed = [], False
    for number in range(1, max(1, args.runs) + 1):
        results, durations, crashed_now = run_once(modules)
        crashed |= crashed_now
        runs.append({"results": results, "durations_s": durations})
        print()
        if args.runs > 1:
            print(f"Run {number} of {args.runs}")
        print(format_table(results))
    medians = median_rows([run["results"] for run in runs])
    if len(runs) > 1:
        print()
        print(f"Median of {len(runs)} runs (ratio = p95 / p95 of the base page, same run)")
        print(format_medians(medians))
    summary = {
        "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(speed_before),
        "generated": data,
        "data_sizes_at_end": generate.data_sizes(),
        "ratio_goal": RATIO_GOAL,
        "durations_s": runs[-1]["durations_s"],
        "results": runs[-1]["results"],
        "runs": runs,
        "medians": medians,
    }
    write_json(RESULTS_DIR / "summary.json", summary)
    sizes = summary["data_sizes_at_end"]
    print()
    print("Data: " + ", ".join(f"{k}={v:,}" for k, v in sizes.items()))
    host = summary["machine"]
    speed = host["python_speed_ms"]
    print(
        f"Machine: {host['cpu']}, {host['cpus']} CPUs; "
        f"python_speed_ms={speed['before']} before, {speed['after']} after (lower is faster)"
    )
    print(f"Results: {RESULTS_DIR}/summary.json")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
