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
    at most FLOOD_IN_FLIGHT unanswered; puts (started, answered statuses, seconds) in
    `results` once `stop` is set."""
    import asyncio

    request = (
        f"GET {FLOOD_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ).encode()
    statuses: Counter = Counter()

    async def lookup(slots: asyncio.Semaphore) -> None:
        status = 0
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            first_line = await reader.readline()
            await reader.read()  # the rest, until the server closes
            writer.close()
            status = int(first_line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
        finally:
            slots.release()
        statuses[status] += 1

    async def flood() -> tuple[int, float]:
        loop = asyncio.get_running_loop()
        slots = asyncio.Semaphore(FLOOD_IN_FLIGHT)
        tasks: set[asyncio.Task] = set()
        began, started = loop.time(), 0
        while not stop.is_set():
            await asyncio.sleep(max(0.0, began + started / rps - loop.time()))
            await slots.acquire()
            task = asyncio.create_task(lookup(slots))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            started += 1
        elapsed = loop.time() - began
        await asyncio.gather(*tasks)
        return started, elapsed

    started, elapsed = asyncio.run(flood())
    results.put((started, dict(statuses), elapsed))


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
        self.outcome: tuple[int, dict, float] = (0, {}, 0.0)

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
        started, statuses, elapsed = self.outcome
        answered = sum(statuses.values())
        return {
            "flood_rps": round(started / elapsed, 1) if elapsed else 0.0,
            "flood_answered_rps": round(answered / elapsed, 1) if elapsed else 0.0,
            "flood_statuses": {str(k): v for k, v in sorted(statuses.items())},
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
    finally:
        end_session(cookie)
    rows[2] |= profile_columns(case_list, admin)
    return rows


if __name__ == "__main__":
    import sys

    from benchmarks.run import main

    sys.exit(main(["bench_portal"]))
