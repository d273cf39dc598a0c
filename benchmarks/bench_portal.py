"""The public portal under load: a citizen's submission, and the staff case list while one
address floods the portal.

Rows (one gunicorn server, this run):
- `base_page (admin)`: the calibration (harness.BASE_PAGE).
- `portal_submit`: POST /portal/send/ (a question on channel WEB, a new case each time) from
  8 clients; p95 over the base page, goal ≤ 3x. The submission limit per address is lifted
  for this server (THROTTLE_PORTAL_SUBMIT_PER_ADDRESS), or every client would get 429.
- `case_list (admin)`, `case_list_flood (admin)` and `case_list_after (admin)`: the staff
  list filtered by bucket and province, quiet, while 200 requests/s (BENCH_FLOOD_RPS) from one
  address hit the portal's lookup (answered 429 once past THROTTLE_PORTAL_LOOKUP_PER_ADDRESS),
  and quiet again; `degradation_pct` is the flooded p95 over the mean of the two quiet ones,
  goal < 20 %. The flood runs in its own process, an open loop (one lookup started every 5 ms
  whatever the answers take, each on a new connection); `flood_rps` is the pace it kept,
  `flood_answered_rps` the answers it got back.
- `portal_flood_alone`: the same flood for BENCH_FLOOD_ALONE_SECONDS (8) against the idle
  server, after the rows above: the pace it keeps, and the CPU time the server (gunicorn's
  master and workers) and the flood process spend per answer (`server_cpu_ms_per_answer`,
  `flood_cpu_ms_per_answer`, from /proc). What a refused request costs the cores is what the
  staff pages lose during a flood; the flood's own cost tells whether the client is the
  bottleneck.

It uses whatever the database holds: the first propaganda department located in a province
(with one of its communes) receives the submissions, and the province with the most cases
filters the list; without such a department the submission row says so.
"""

import http.client
import os
import re
import threading
import time
from collections import Counter
from urllib.parse import urlencode

from benchmarks import configure
from benchmarks.harness import (
    BASE_PAGE,
    CONCURRENCY,
    REQUESTS,
    TIME_LIMIT,
    WARMUP,
    Sample,
    Scenario,
    end_session,
    measure,
    percentile,
    profile_columns,
    serve,
    session_cookie,
)

NAME = "portal"
FLOOD_RPS = int(os.environ.get("BENCH_FLOOD_RPS", "200"))
# Lookups started but not yet answered, at most: the flood's pace does not wait for the
# answers (an open loop), up to this many in the server's queue.
FLOOD_IN_FLIGHT = int(os.environ.get("BENCH_FLOOD_IN_FLIGHT", "256"))
FLOOD_PATH = "/portal/track/?code=2222-2222-22"
FLOOD_ALONE_SECONDS = float(os.environ.get("BENCH_FLOOD_ALONE_SECONDS", "8"))
DEGRADATION_GOAL_PCT = 20.0
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _target() -> dict | None:
    """Where a benchmark submission goes: a receiving department's province, a commune of it,
    a field of work."""
    from phoihop.cases.services.portal import receiving_departments
    from phoihop.org.models import Area, Field

    for department in receiving_departments().select_related("area").order_by("id")[:50]:
        commune = (
            Area.objects.current()
            .filter(level=Area.Level.COMMUNE, parent=department.area)
            .order_by("code")
            .first()
        )
        if commune is not None:
            field = Field.objects.order_by("id").first()
            return {
                "province": department.area.code,
                "commune": commune.code,
                "field": str(field.pk) if field else "",
            }
    return None


def _busiest_province() -> str:
    from django.db.models import Count

    from phoihop.cases.models import Case

    row = (
        Case.objects.exclude(area__parent__isnull=True)
        .values("area__parent__code")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return row["area__parent__code"] if row else ""


def _csrf(port: int, path: str) -> tuple[str, str]:
    """The CSRF cookie and form token of one GET of the form: reused by every POST."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    cookie = ""
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("csrftoken="):
            cookie = value.split(";", 1)[0]
    connection.close()
    match = _TOKEN.search(body)
    return cookie, match.group(1) if match else ""


def _post_client(port, path, body, headers, take, samples: list[Sample]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while take():
        started = time.perf_counter()
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            status = 200 if response.status == 302 else response.status  # 302: sent, the code
            samples.append(Sample((time.perf_counter() - started) * 1000, status, len(data)))
        except (OSError, http.client.HTTPException):
            samples.append(Sample((time.perf_counter() - started) * 1000, 0, 0))
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()


def _post_load(port: int, path: str, body: str, headers: dict, total: int) -> list[Sample]:
    lock, issued = threading.Lock(), [0]
    deadline = time.monotonic() + TIME_LIMIT

    def take() -> bool:
        with lock:
            if issued[0] >= total or time.monotonic() > deadline:
                return False
            issued[0] += 1
            return True

    per_thread: list[list[Sample]] = [[] for _ in range(CONCURRENCY)]
    threads = [
        threading.Thread(target=_post_client, args=(port, path, body, headers, take, samples))
        for samples in per_thread
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [s for samples in per_thread for s in samples]


def _submission_row(server, target: dict | None) -> dict:
    row = {"name": "portal_submit", "path": "POST /portal/send/", "user": "admin"}
    if target is None:
        return row | {"note": "no propaganda department located in a province: nothing to send"}
    path = "/portal/send/?" + urlencode({"province": target["province"]})
    cookie, token = _csrf(server.port, path)
    body = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "kind": "question",
            "field": target["field"],
            "area": target["commune"],
            "text": "Câu hỏi thử tải: lịch tiêm chủng mở rộng tháng này ở đâu?",
        }
    )
    headers = {
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{server.port}{path}",
        "Connection": "keep-alive",
    }
    _post_load(server.port, path, body, headers, WARMUP)
    started = time.perf_counter()
    samples = _post_load(server.port, path, body, headers, REQUESTS)
    elapsed = time.perf_counter() - started
    latencies = [s.latency_ms for s in samples]
    statuses = Counter(s.status for s in samples)
    return row | {
        "requests": len(samples),
        "errors": sum(n for status, n in statuses.items() if status != 200),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "concurrency": CONCURRENCY,
        "p50_ms": round(percentile(latencies, 0.5), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "rps": round(len(samples) / elapsed, 1) if elapsed else 0.0,
        "load_1m": round(os.getloadavg()[0], 2),
    }


def _flood_main(port: int, rps: float, stop, results) -> None:
    """The flood, in a process of its own (so that its work never delays the measuring
    clients' threads): an open loop that starts one lookup every 1/rps s whatever the answers
    take, each on a new connection (gunicorn's sync workers close after every response), with
    at most FLOOD_IN_FLIGHT unanswered; puts (started, answered statuses, seconds, its own CPU
    seconds) in `results` once `stop` is set.

    Non-blocking sockets on one selector, not asyncio: the flood shares the machine with the
    server it measures, and asyncio's streams and tasks cost ~0.8 ms of CPU a lookup at load
    12 (benchmarks/README.md, 2026-12-07 evening): 200 a second took a sixth of a core from
    the staff pages the row measures, a cost a real flood puts on its own machine."""
    import selectors
    import socket

    request = (
        f"GET {FLOOD_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ).encode()
    statuses: Counter = Counter()
    selector = selectors.DefaultSelector()
    address = ("127.0.0.1", port)

    def start() -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.connect(address)
        except BlockingIOError:
            pass
        except OSError:
            sock.close()
            statuses[0] += 1
            return
        selector.register(sock, selectors.EVENT_WRITE, [])

    def finish(sock, received: list) -> None:
        selector.unregister(sock)
        sock.close()
        try:
            statuses[int(b"".join(received).split(b" ", 2)[1])] += 1
        except (ValueError, IndexError):
            statuses[0] += 1

    def serve(timeout: float) -> None:
        for key, events in selector.select(timeout):
            sock, received = key.fileobj, key.data
            try:
                if events & selectors.EVENT_WRITE:
                    sock.send(request)  # a hundred bytes: one send
                    selector.modify(sock, selectors.EVENT_READ, received)
                    continue
                chunk = sock.recv(65536)
            except OSError:
                chunk = b""
            if chunk:
                received.append(chunk)
            else:  # the server closed: the answer is complete
                finish(sock, received)

    began, started = time.monotonic(), 0
    while not stop.is_set():
        due = began + started / rps
        while time.monotonic() >= due and len(selector.get_map()) < FLOOD_IN_FLIGHT:
            start()
            started += 1
            due = began + started / rps
        at_cap = len(selector.get_map()) >= FLOOD_IN_FLIGHT
        serve(0.05 if at_cap else min(0.05, max(0.0, due - time.monotonic())))
    elapsed = time.monotonic() - began
    drain_until = time.monotonic() + 30
    while selector.get_map() and time.monotonic() < drain_until:
        serve(0.05)
    results.put((started, dict(statuses), elapsed, time.process_time()))


class Flood:
    """~FLOOD_RPS lookups a second from one address (127.0.0.1) at the portal, from a
    separate process (`_flood_main`)."""

    def __init__(self, port: int):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.stop = context.Event()
        self.results = context.Queue()
        self.process = context.Process(
            target=_flood_main, args=(port, FLOOD_RPS, self.stop, self.results), daemon=True
        )
        self.outcome: tuple[int, dict, float, float] = (0, {}, 0.0, 0.0)

    def __enter__(self) -> "Flood":
        self.process.start()
        time.sleep(2.0)  # let it start and reach its pace (and the limit) before measuring
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        try:
            self.outcome = self.results.get(timeout=60)
        finally:
            self.process.join(timeout=10)
            if self.process.is_alive():
                self.process.kill()

    def figures(self) -> dict:
        started, statuses, elapsed, cpu = self.outcome
        answered = sum(statuses.values())
        return {
            "flood_rps": round(started / elapsed, 1) if elapsed else 0.0,
            "flood_answered_rps": round(answered / elapsed, 1) if elapsed else 0.0,
            "flood_statuses": {str(k): v for k, v in sorted(statuses.items())},
            "flood_cpu_ms_per_answer": round(1000 * cpu / answered, 3) if answered else None,
        }


def _cpu_seconds(root: int) -> float:
    """User + system CPU time of process `root` and of its children alive now (gunicorn's
    master and workers), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()  # from the state on
        if int(entry) == root or int(fields[1]) == root:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _flood_alone_row(server) -> dict:
    """The flood against the idle server: its pace, and CPU per answer (server and flood)."""
    before = _cpu_seconds(server.process.pid)
    with Flood(server.port) as flood:
        time.sleep(FLOOD_ALONE_SECONDS)
    server_cpu = _cpu_seconds(server.process.pid) - before
    figures = flood.figures()
    answered = sum(flood.outcome[1].values())
    return {
        "name": "portal_flood_alone",
        "path": FLOOD_PATH,
        "user": "anonymous",
        **figures,
        "server_cpu_ms_per_answer": round(1000 * server_cpu / answered, 3) if answered else None,
        "load_1m": round(os.getloadavg()[0], 2),
    }


def run() -> list[dict]:
    # The gunicorn server inherits this process's environment (benchmarks.bench_environment).
    os.environ["THROTTLE_PORTAL_SUBMIT_PER_ADDRESS"] = "1000000/h"
    configure()
    from benchmarks import generate
    from phoihop.cases.models import Case
    from phoihop.org.models import User

    if not generate.already_generated():
        generate.generate()
    admin = User.objects.get(username=generate.ADMIN_USERNAME)
    target = _target()
    province = _busiest_province()
    query = {"bucket": "open"} | ({"area": province} if province else {})
    case_list = Scenario("case_list", "/cases/?" + urlencode(query))
    sizes = {"cases": Case.objects.count()}
    cookie = session_cookie(admin)
    rows = []
    try:
        with serve() as server:
            base = measure(server, BASE_PAGE, cookie)
            rows.append(
                base | {"name": "base_page (admin)", "user": "admin", "calibration": "base_page"}
            )
            rows.append(_submission_row(server, target) | sizes)
            quiet = measure(server, case_list, cookie)
            rows.append(quiet | {"name": "case_list (admin)", "user": "admin", **sizes})
            with Flood(server.port) as flood:
                loud = measure(server, case_list, cookie)
            loud |= {"name": "case_list_flood (admin)", "user": "admin", **sizes}
            loud |= flood.figures()
            # Quiet again right after: the flood is compared with the mean of the quiet p95
            # before and after it, so a drift of the shared machine is not read as its effect.
            after = measure(server, case_list, cookie)
            rows.append(after | {"name": "case_list_after (admin)", "user": "admin", **sizes})
            if quiet.get("p95_ms") and after.get("p95_ms") and loud.get("p95_ms"):
                baseline = (quiet["p95_ms"] + after["p95_ms"]) / 2
                change = 100 * (loud["p95_ms"] / baseline - 1)
                loud["degradation_pct"] = round(change, 1)
                loud["degradation_ok"] = change < DEGRADATION_GOAL_PCT
            rows.insert(-1, loud)
            rows.append(_flood_alone_row(server) | sizes)
    finally:
        end_session(cookie)
    rows[2] |= profile_columns(case_list, admin)  # the quiet staff list
    return rows


if __name__ == "__main__":
    import sys

    from benchmarks.run import main

    sys.exit(main(["bench_portal"]))
