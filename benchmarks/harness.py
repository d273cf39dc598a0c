"""Serve the app with gunicorn on 127.0.0.1 and measure it with concurrent keep-alive clients.

Nothing leaves the machine: the server binds 127.0.0.1 on a free port, the clients are threads
with `http.client`, request counts and time are bounded. Signed-in users are simulated by
creating a Django session row and sending its cookie.

Building blocks for the bench_* modules:

    with serve() as server:
        cookie = session_cookie(user)
        row = measure(server, Scenario("org_list", "/organizations/"), cookie)

`profile(path, user)` runs the page in-process and lists its SQL queries, slowest first; it is
how a page that misses its ratio gets explained (`python -m benchmarks.harness --profile URL`).
"""

import argparse
import contextlib
import http.client
import logging
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from benchmarks import REPO, bench_environment, configure

WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "16"))
# A row and its user's base page alternate in this many blocks each (measure_beside, ADR 0039).
BLOCKS = int(os.environ.get("BENCH_BLOCKS", "4"))
TIME_LIMIT = float(os.environ.get("BENCH_TIME_LIMIT", "60"))  # seconds per scenario
STARTUP_TIMEOUT = 60.0


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: str

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_static_ready = False


def collect_static() -> None:
    """DEBUG=0 serves hashed files from a manifest, so collect them once per run."""
    global _static_ready
    if _static_ready:
        return
    subprocess.run(
        [sys.executable, "-m", "phoihop", "collectstatic", "--noinput", "-v0", "--skip-checks"],
        env=bench_environment(),
        cwd=REPO,
        check=True,
    )
    _static_ready = True


@contextlib.contextmanager
def serve(workers: int = WORKERS) -> Iterator[Server]:
    """gunicorn phoihop.wsgi on 127.0.0.1:<free port>, DEBUG off; stopped on exit."""
    collect_static()
    port = free_port()
    env = bench_environment()
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    log_dir = REPO / "var" / "bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "gunicorn.log"
    gunicorn = str(REPO / ".venv" / "bin" / "gunicorn")
    command = [
        gunicorn if os.path.exists(gunicorn) else "gunicorn",
        "phoihop.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    server = Server(port=port, process=process, log_path=str(log_path))
    try:
        _wait_until_ready(server)
        yield server
    finally:
        _stop(process)


def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start-up; see {server.log_path}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {STARTUP_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # the process group gunicorn leads (its workers)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def session_cookie(user) -> str:
    """A signed-in session for `user`, as the login view would create it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def end_session(cookie: str) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    SessionStore(session_key=cookie.split("=", 1)[1]).delete()


# --- load ------------------------------------------------------------------------------------


@dataclass
class Sample:
    latency_ms: float
    status: int  # 0: no response (connection error)
    size: int


def _client(port: int, scenario: Scenario, cookie: str, take, samples: list[Sample]) -> None:
    headers = {"Cookie": cookie, "Connection": "keep-alive", **scenario.headers}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while take():
        started = time.perf_counter()
        try:
            connection.request("GET", scenario.path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            samples.append(
                Sample((time.perf_counter() - started) * 1000, response.status, len(body))
            )
        except (OSError, http.client.HTTPException):
            samples.append(Sample((time.perf_counter() - started) * 1000, 0, 0))
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()


def _run_clients(
    port: int, scenario: Scenario, cookie: str, total: int, concurrency: int, time_limit: float
) -> tuple[list[Sample], float]:
    lock, issued = threading.Lock(), [0]
    deadline = time.monotonic() + time_limit

    def take() -> bool:
        with lock:
            if issued[0] >= total or time.monotonic() > deadline:
                return False
            issued[0] += 1
            return True

    per_thread: list[list[Sample]] = [[] for _ in range(concurrency)]
    threads = [
        threading.Thread(target=_client, args=(port, scenario, cookie, take, samples))
        for samples in per_thread
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [s for samples in per_thread for s in samples], time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation): p95 of 200 samples is the 190th value."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def measure(
    server: Server,
    scenario: Scenario,
    cookie: str,
    *,
    requests: int = REQUESTS,
    concurrency: int = CONCURRENCY,
    warmup: int = WARMUP,
    time_limit: float = TIME_LIMIT,
) -> dict:
    """Warm up, then `requests` GETs from `concurrency` clients; one result row."""
    _run_clients(server.port, scenario, cookie, warmup, concurrency, time_limit)
    samples, elapsed = _run_clients(
        server.port, scenario, cookie, requests, concurrency, time_limit
    )
    return _result_row(scenario, samples, elapsed, concurrency)


def measure_beside(
    server: Server,
    scenario: Scenario,
    base: Scenario,
    cookie: str,
    *,
    blocks: int = BLOCKS,
    requests: int = REQUESTS,
    concurrency: int = CONCURRENCY,
    warmup: int = WARMUP,
    time_limit: float = TIME_LIMIT,
) -> dict:
    """`measure(scenario)` with the same user's `base` page measured in alternating blocks
    (base, page, base, page, ...; each block `requests / blocks` GETs from `concurrency`
    clients), the row carrying the base page's p95 over its pooled samples as `base_p95_ms`.

    Why (ADR 0039): the machine's speed drifts within minutes, and a p95 of one short phase
    jumps with any hiccup in it; blocks a few seconds apart put the page and its yardstick
    in the same phases, so the ratio measures the page rather than the moment.
    """
    per_block = max(concurrency, requests // blocks)
    for page in (base, scenario):
        _run_clients(server.port, page, cookie, warmup, concurrency, time_limit)
    base_samples, samples, elapsed = [], [], 0.0
    for _ in range(blocks):
        taken, _seconds = _run_clients(
            server.port, base, cookie, per_block, concurrency, time_limit / blocks
        )
        base_samples += taken
        taken, seconds = _run_clients(
            server.port, scenario, cookie, per_block, concurrency, time_limit / blocks
        )
        samples += taken
        elapsed += seconds
    row = _result_row(scenario, samples, elapsed, concurrency)
    base_latencies = [s.latency_ms for s in base_samples if 200 <= s.status < 300]
    if base_latencies:
        row["base_p95_ms"] = round(percentile(base_latencies, 0.95), 1)
    return row


def _result_row(scenario: Scenario, samples: list[Sample], elapsed: float, concurrency: int):
    statuses = Counter(s.status for s in samples)
    # A redirect is an error too: it usually means the session was not accepted (login page).
    errors = sum(n for status, n in statuses.items() if not 200 <= status < 300)
    latencies = [s.latency_ms for s in samples]
    row = {
        "name": scenario.name,
        "path": scenario.path,
        "requests": len(samples),
        "errors": errors,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "concurrency": concurrency,
    }
    if latencies:
        row |= {
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1),
            "max_ms": round(max(latencies), 1),
            "mean_ms": round(statistics.fmean(latencies), 1),
            "rps": round(len(samples) / elapsed, 1) if elapsed else 0.0,
            "bytes": round(statistics.fmean(s.size for s in samples)),
        }
    row["load_1m"] = round(os.getloadavg()[0], 2)  # the machine is shared: note how busy it was
    return row


def python_speed_ms(rounds: int = 5) -> float:
    """How fast this machine runs plain Python now: the best of `rounds` timings of a fixed
    loop. Instances of the same "2-core" kind differ by 1.5x and drift during a session; this
    puts a number on it, so two runs' tables, or two rows of one table, can be compared
    (lower is faster)."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def cpu_busy_percent(seconds: float = 2.0) -> float:
    """How busy the whole machine is (all processes), from /proc/stat over `seconds`. Sampled
    while the benchmark is idle, it shows how much other work shares the cores."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
        return sum(values), idle

    try:
        total_before, idle_before = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except OSError:
        return -1.0
    total = total_after - total_before
    return round(100 * (1 - (idle_after - idle_before) / total), 1) if total else 0.0


# --- in-process profile ----------------------------------------------------------------------


def profile(path: str, user, headers: dict[str, str] | None = None, *, repeat: int = 5) -> dict:
    """The page through Django's test client, alone: `total_ms` is the median of `repeat`
    requests after a warm-up (the machine is shared, one request is noise); the SQL queries of
    the last one are timed."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=headers or {}, raise_request_exception=False)
    client.force_login(user)
    request_log = logging.getLogger("django.request")
    request_log.disabled = True  # a broken page is reported by its status, not a traceback
    timings = []
    try:
        client.get(path)  # warm: template compilation, content types, url resolvers
        for _ in range(max(1, repeat)):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
    finally:
        request_log.disabled = False
        client.logout()
    queries = sorted(
        ({"ms": float(q["time"]) * 1000, "sql": q["sql"]} for q in captured.captured_queries),
        key=lambda q: -q["ms"],
    )
    return {
        "path": path,
        "status": response.status_code,
        "total_ms": round(statistics.median(timings), 1),
        "sql_ms": round(sum(q["ms"] for q in queries), 1),
        "queries": len(queries),
        "slowest": queries[:5],
    }


def cprofile(path: str, user, headers: dict[str, str] | None = None, *, top: int = 30) -> str:
    """Where the page's Python time goes: 10 requests after a warm-up under cProfile, the `top`
    functions by own time and by cumulative time."""
    import cProfile
    import io
    import pstats

    from django.test import Client

    client = Client(headers=headers or {}, raise_request_exception=False)
    client.force_login(user)
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        client.get(path)
    profiler.disable()
    client.logout()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def explain(sql: str) -> str:
    """EXPLAIN ANALYZE of a captured query (its parameters are already inlined)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Profile one page in-process (SQL, timings).")
    parser.add_argument("--profile", required=True, metavar="URL", help="e.g. /organizations/")
    parser.add_argument("--user", default="bench.admin")
    parser.add_argument("--htmx", action="store_true", help="send HX-Request: true")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest")
    parser.add_argument(
        "--cprofile",
        type=int,
        default=0,
        metavar="N",
        help="also run the page under cProfile and print its N costliest functions",
    )
    args = parser.parse_args(argv)
    configure()
    collect_static()  # pages render hashed static URLs from the manifest (DEBUG off)
    from phoihop.org.models import User

    user = User.objects.get(username=args.user)
    result = profile(args.profile, user, {"HX-Request": "true"} if args.htmx else None)
    print(
        f"{result['path']}: HTTP {result['status']}, {result['total_ms']} ms, "
        f"{result['queries']} queries, {result['sql_ms']} ms in SQL"
    )
    for query in result["slowest"]:
        print(f"  {query['ms']:8.1f} ms  {query['sql'][:400]}")
    if args.explain and result["slowest"]:
        print(explain(result["slowest"][0]["sql"]))
    if args.cprofile:
        print(
            cprofile(
                args.profile, user, {"HX-Request": "true"} if args.htmx else None, top=args.cprofile
            )
        )


if __name__ == "__main__":
    main()


def profile_columns(scenario: Scenario, user) -> dict:
    """The page timed alone in-process: total, query count, the slowest query."""
    try:
        result = profile(scenario.path, user, scenario.headers)
    except Exception as exc:  # a broken page must not stop the run
        return {"profile_error": f"{type(exc).__name__}: {exc}"[:200]}
    slowest = result["slowest"][0] if result["slowest"] else None
    return {
        "page_ms": result["total_ms"],
        "queries": result["queries"],
        "sql_ms": result["sql_ms"],
        "slowest_sql_ms": round(slowest["ms"], 1) if slowest else 0.0,
        "slowest_sql": slowest["sql"][:300] if slowest else "",
    }


# The yardstick of every page goal: the base template, session and user, nothing else.
BASE_PAGE = Scenario("base_page", "/notifications/")


def measure_scenarios(runs, people: dict, *, extra: dict | None = None, more=None) -> list[dict]:
    """Serve the app once and measure the base page, then each (scenario, user label) of `runs`
    under load, each in blocks alternating with its own user's base page (ADR 0039).

    Each row gets the load figures, the background CPU before it, the page profiled alone,
    `extra` (e.g. data sizes) and whatever `more(scenario, user)` adds. The first rows are the
    base page (`calibration`), once for each user the scenarios use. A user's base page carries
    what every page of theirs pays (a specialist's memberships are read for the menu and the
    scope, an administrator's are not), so a page is compared with the same user's empty page
    (ADR 0016), measured in the same minute (`base_p95_ms`, `measure_beside`) on a machine
    whose speed drifts (`benchmarks.run.add_ratios`).
    """
    cookies = {label: session_cookie(user) for label, user in people.items()}
    rows = []
    users = list(dict.fromkeys(label for _, label in runs)) or [next(iter(people))]
    runs = [*((BASE_PAGE, label) for label in users), *runs]
    try:
        with serve() as server:
            for scenario, label in runs:
                background, speed = cpu_busy_percent(), python_speed_ms(rounds=3)
                if scenario is BASE_PAGE:
                    row = measure(server, scenario, cookies[label])
                else:
                    row = measure_beside(server, scenario, BASE_PAGE, cookies[label])
                row |= {
                    "name": f"{scenario.name} ({label})",
                    "user": label,
                    "background_cpu_pct": background,
                    "python_speed_ms": speed,
                    **(extra or {}),
                }
                row |= profile_columns(scenario, people[label])
                if more is not None:
                    row |= more(scenario, people[label])
                if scenario is BASE_PAGE:
                    row["calibration"] = BASE_PAGE.name
                rows.append(row)
    finally:
        for cookie in cookies.values():
            end_session(cookie)
    return rows
