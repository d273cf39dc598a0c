"""The directive registry under load: ~20,000 provincial documents over the national tree.

Data (generated once, deterministic, bulk-inserted on top of `benchmarks.generate`'s organisations;
the central catalogue comes from the migrations): for every province 600 documents of its Tỉnh ủy
(plans KH/TU of the current term), each implementing and citing a central document, so the popular
central documents are cited by hundreds of documents; 150 review milestones per province with the
propaganda department responsible, due from a year ago to two years ahead.

Scenarios (8 concurrent clients, gunicorn, PostgreSQL; goal: p95 at most 3x the base page's, see
README.md), as the Thanh Hóa specialist ("bench.chuyenvien") and a system administrator:
- the document list, a diacritic-free text search, a symbol lookup (20-NQ/TW: three terms);
- the page of Chỉ thị 38-CT/TW (implementation chain, reviews; "cited by" has its own page);
- the review calendar (12 months), the numbering page, the API list by symbol.

In-process rows (no server): citation extraction throughput on ~1 MB of text, extract+resolve,
record_citations of one text, sequential number reservations, one reminder run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench \\
        .venv/bin/python -m benchmarks.run bench_directives
"""

import datetime
import random
import statistics
import sys
import time

from benchmarks import configure
from benchmarks.harness import Scenario, measure_scenarios

NAME = "directives"
DOCUMENTS_PER_PROVINCE = 600
REVIEWS_PER_PROVINCE = 150
MARKER = "BENCH-DIRECTIVES"  # issuing_body of the generated documents
SEED = 20261123
TOPICS = (
    "tuyên truyền bảo hiểm y tế toàn dân",
    "chuyển đổi số và dịch vụ công trực tuyến",
    "xây dựng đời sống văn hóa ở khu dân cư",
    "phòng, chống dịch bệnh mùa mưa",
    "giáo dục lý tưởng cách mạng cho thế hệ trẻ",
    "bảo vệ nền tảng tư tưởng của Đảng",
    "phát triển khoa học, công nghệ và đổi mới sáng tạo",
)
SAMPLE = (
    "Thực hiện Quyết định số 238-QĐ/TW, ngày 30-9-2020 của Ban Bí thư khóa XII và Chỉ thị "
    "38-CT/TW ngày 7-9-2009; Nghị quyết 20-NQ/TW ngày 25-10-2017, Nghị quyết 20-NQ/TW; Nghị "
    "định 09/2019/NĐ-CP, Luật số 91/2025/QH15 và Công văn 4699/VPCP-KSTT. Tỷ lệ 34/34 xã đạt "
    "chuẩn; hộ nghèo còn 0,13%. Kế hoạch số {n}-KH/TU ngày 10-3-2026 của Tỉnh ủy. "
)


def already_generated() -> bool:
    from phoihop.directives.models import Document

    return Document.objects.filter(issuing_body=MARKER).exists()


def _provinces():
    from phoihop.org.models import Organization

    committees = {
        o.identifier.split(".")[0]: o
        for o in Organization.objects.filter(identifier__regex=r"^\d{2}\.TU$")
    }
    departments = {
        o.identifier.split(".")[0]: o
        for o in Organization.objects.filter(identifier__regex=r"^\d{2}\.BTGDVTU$")
    }
    return [(code, committees[code], departments.get(code)) for code in sorted(committees)]


def generate_documents() -> None:
    """Bulk-insert the provincial documents, their citations, milestones and search rows."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from phoihop.core import search
    from phoihop.directives.models import (
        Citation,
        Document,
        DocumentType,
        PartyTerm,
    )
    from phoihop.reviews.models import Review

    rng = random.Random(SEED)
    plan = DocumentType.objects.get(system="party", code="KH")
    central = list(Document.objects.filter(organization__isnull=True).select_related("type"))
    weights = [40 if d.symbol in ("38-CT/TW", "238-QĐ/TW") else 1 for d in central]
    today = datetime.date.today()
    # Plans issued over the last five years, as a province's registry holds them: a page of
    # the newest is not the same few days for everyone.
    dates = [today - datetime.timedelta(days=30 + n) for n in range(5 * 365)]
    terms = {day: PartyTerm.objects.on(day) for day in {d.replace(day=1) for d in dates}}
    document_type = ContentType.objects.get_for_model(Document)
    with transaction.atomic():
        rows, cited = [], []
        for _code, committee, _department in _provinces():
            for n, issued_on in enumerate(sorted(rng.sample(dates, DOCUMENTS_PER_PROVINCE)), 1):
                term = terms[issued_on.replace(day=1)]
                target = rng.choices(central, weights)[0]
                topic = rng.choice(TOPICS)
                rows.append(
                    Document(
                        system="party",
                        number=str(n),
                        type=plan,
                        issuer="TU",
                        symbol=f"{n}-KH/TU",
                        symbol_key=f"{n}-KH/TU",
                        issued_on=issued_on,
                        term=term,
                        period=term.name if term else "",
                        organization=committee,
                        issuing_body=MARKER,
                        abstract=f"Kế hoạch {topic}, thực hiện {target.citation_label}",
                        full_text=f"Thực hiện {target.citation_label}, về {topic}.",
                    )
                )
                cited.append(target)
        Document.objects.bulk_create(rows, batch_size=2000)
        Document.implements.through.objects.bulk_create(
            [
                Document.implements.through(from_document_id=row.pk, to_document_id=target.pk)
                for row, target in zip(rows, cited, strict=True)
            ],
            batch_size=5000,
        )
        Citation.objects.bulk_create(
            [
                Citation(
                    content_type=document_type,
                    object_id=row.pk,
                    raw=target.citation_label,
                    start=10,
                    end=10 + len(target.citation_label),
                    system=target.system,
                    symbol=target.symbol,
                    symbol_key=target.symbol_key,
                    date=target.issued_on,
                    document=target,
                )
                for row, target in zip(rows, cited, strict=True)
            ],
            batch_size=5000,
        )
        milestones = []
        for _code, _committee, department in _provinces():
            if department is None:
                continue
            for _ in range(REVIEWS_PER_PROVINCE):
                milestones.append(
                    Review(
                        subject=rng.choice(central),
                        kind=rng.choice(("preliminary", "final")),
                        due_on=today + datetime.timedelta(days=rng.randint(-365, 730)),
                        responsible=department,
                    )
                )
        Review.objects.bulk_create(milestones, batch_size=5000)
        search.index_many(
            Document.objects.filter(issuing_body=MARKER).select_related("type", "term")
        )
    with connection.cursor() as cursor:  # autocommit: VACUUM fills the visibility map too
        cursor.execute("VACUUM ANALYZE")


def data_sizes() -> dict:
    from phoihop.directives.models import Citation, Document
    from phoihop.reviews.models import Review

    return {
        "documents": Document.objects.count(),
        "citations": Citation.objects.count(),
        "milestones": Review.objects.count(),
    }


def _people() -> dict:
    from phoihop.org.models import User

    return {
        "specialist": User.objects.get(username="bench.chuyenvien"),
        "admin": User.objects.get(username="bench.admin"),
    }


def scenarios() -> list[tuple[Scenario, str]]:
    from phoihop.directives.models import Document, DocumentType
    from phoihop.org.models import Organization

    directive = Document.objects.get(organization__isnull=True, symbol="38-CT/TW")
    department = Organization.objects.get(identifier="38.BTGDVTU")
    plan = DocumentType.objects.get(system="party", code="KH")
    pages = [
        ("document list", "/directives/"),
        ("text search", "/directives/?q=bao+hiem+y+te"),
        ("symbol lookup", "/directives/?symbol=20-NQ/TW"),
        ("38-CT/TW page", directive.get_absolute_url()),
        ("review calendar", "/reviews/?window=365"),
        ("numbering page", f"/directives/numbering/{department.pk}/?type={plan.pk}"),
        ("API by symbol", "/api/v1/directives?symbol=20-NQ/TW"),
    ]
    found = []
    for label in ("specialist", "admin"):
        for name, path in pages:
            if label == "admin" and name == "numbering page":
                continue
            found.append((Scenario(name, path), label))
    return found


def _median_ms(function, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def in_process_rows(people: dict) -> list[dict]:
    """Throughput of the pieces other apps call, measured without the web server."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from phoihop.directives import reference, services
    from phoihop.directives.models import Document, DocumentType
    from phoihop.org.models import Organization

    user = people["specialist"]
    big = "".join(SAMPLE.format(n=n % 600 + 1) for n in range(2500))
    reference.extract(SAMPLE)
    started = time.perf_counter()
    found = reference.extract(big)
    seconds = time.perf_counter() - started
    rows = [
        {
            "name": "extract citations (in process)",
            "chars": len(big),
            "citations": len(found),
            "page_ms": round(seconds * 1000, 1),
            "mb_per_s": round(len(big) / seconds / 1e6, 2),
        }
    ]
    text = "".join(SAMPLE.format(n=n) for n in range(1, 11))
    rows.append(
        {
            "name": "extract + resolve 90 citations (in process)",
            "page_ms": _median_ms(lambda: services.extract_and_resolve(text, user=user)),
        }
    )
    target = Document.objects.filter(issuing_body=MARKER, organization__identifier="38.TU").first()
    short = SAMPLE.format(n=7)
    with CaptureQueriesContext(connection) as captured:
        services.record_citations(obj=target, text=short, by=user)
    rows.append(
        {
            "name": "record_citations, 9 citations (in process)",
            "page_ms": _median_ms(
                lambda: services.record_citations(obj=target, text=short, by=user)
            ),
            "queries": len(captured),
        }
    )
    services.record_citations(obj=target, text=target.full_text, by=user)
    department = Organization.objects.get(identifier="38.BTGDVTU")
    plan = DocumentType.objects.get(system="party", code="KH")
    count = 100
    started = time.perf_counter()
    for _ in range(count):
        services.reserve_number(organization=department, type=plan, by=people["admin"])
    elapsed = time.perf_counter() - started
    rows.append(
        {
            "name": "reserve_number, sequential (in process)",
            "page_ms": round(elapsed * 1000 / count, 2),
            "per_s": round(count / elapsed, 1),
        }
    )
    from phoihop.reviews import reminders

    started = time.perf_counter()
    sent = reminders.send_reminders(email=False)
    rows.append(
        {
            "name": "send_review_reminders (in process)",
            "page_ms": round((time.perf_counter() - started) * 1000, 1),
            "sent": sent,
        }
    )
    return rows


def run() -> list[dict]:
    configure()
    from benchmarks import generate

    if not generate.already_generated():
        generate.generate()
    if not already_generated():
        generate_documents()
    sizes = data_sizes()
    people = _people()
    rows = measure_scenarios(scenarios(), people, extra=sizes)
    return rows + in_process_rows(people)


if __name__ == "__main__":
    from benchmarks.run import main

    sys.exit(main(["bench_directives"]))
