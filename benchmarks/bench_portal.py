"""The public portal under load: a citizen's submission, and the staff case list while one
address floods the portal.

Rows (one gunicorn server, this run):
- `base_page (admin)`: the calibration (harness.BASE_PAGE).
- `portal_submit`: POST /portal/send/ (a question on channel WEB, a new case each time) from
  8 clients; p95 over the base page, goal ≤ 3x. The submission limit per address is lifted
  for this server (THROTTLE_PORTAL_SUBMIT_PER_ADDRESS), or every client would get 429.
- `case_list (admin)` and `case_list_flood (admin)`: the staff list filtered by bucket and
  province, quiet and while ~200 requests/s from one address hit the portal's lookup (which
  answers 429 once past THROTTLE_PORTAL_LOOKUP_PER_ADDRESS); `degradation_pct` is the second
  p95 over the first, goal < 20 %.

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
FLOOD_THREADS = 16  # each waits for its answer: enough of them to keep the pace on a busy server
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


class Flood:
    """~FLOOD_RPS GETs a second from one address (127.0.0.1) at the portal's lookup."""

    def __init__(self, port: int):
        self.port = port
        self.stop = threading.Event()
        self.statuses: Counter = Counter()
        self.sent = 0
        self.started = 0.0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run) for _ in range(FLOOD_THREADS)]

    def _run(self) -> None:
        interval = FLOOD_THREADS / FLOOD_RPS
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        next_at = time.perf_counter()
        while not self.stop.is_set():
            try:
                connection.request("GET", FLOOD_PATH, headers={"Connection": "keep-alive"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            with self.lock:
                self.statuses[status] += 1
                self.sent += 1
            next_at += interval
            time.sleep(max(0.0, next_at - time.perf_counter()))

    def __enter__(self) -> "Flood":
        self.started = time.perf_counter()
        for thread in self.threads:
            thread.start()
        time.sleep(1.0)  # let it reach its pace (and the limit) before measuring
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def figures(self) -> dict:
        elapsed = time.perf_counter() - self.started
        return {
            "flood_rps": round(self.sent / elapsed, 1) if elapsed else 0.0,
            "flood_statuses": {str(k): v for k, v in sorted(self.statuses.items())},
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
            if quiet.get("p95_ms") and loud.get("p95_ms"):
                change = 100 * (loud["p95_ms"] / quiet["p95_ms"] - 1)
                loud["degradation_pct"] = round(change, 1)
                loud["degradation_ok"] = change < DEGRADATION_GOAL_PCT
            rows.append(loud)
    finally:
        end_session(cookie)
    rows[2] |= profile_columns(case_list, admin)
    return rows


if __name__ == "__main__":
    import sys

    from benchmarks.run import main

    sys.exit(main(["bench_portal"]))
