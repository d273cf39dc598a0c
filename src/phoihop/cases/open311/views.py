"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/, so existing
clients and apps can send feedback in and read the published answers.

- Services are the fields of work (service_code = the field's code).
- A request's id is its case's tracking code. A request is created at once, so the token of
  `tokens/{token}` is that same id.
- Reading: `requests` lists published cases only, with their redacted texts;
  `requests/{id}` of a case not published answers its status fields and nothing else.
  Nothing personal ever leaves (no Citizen row is read; the item's text is never sent).
- Sending: form-encoded POST with `api_key` (Open311Key), `service_code`, `description`,
  `attribute[commune]` (or `address_id`: the commune's code), optional `attribute[kind]`;
  contact details (`first_name`, `last_name`, `email`, `phone`) are stored only with
  `attribute[consent]` = the version of the consent text in force; without it the request is
  recorded anonymously and `service_notice` says so. `media_url` is not fetched.
"""

import datetime
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core import throttle
from phoihop.org.models import Area, Field

from .. import tracking
from ..models import Case, ConsentText, Kind, Open311Key, Publication
from ..portal.selectors import case_by_code
from ..services import CitizenDetails, PublicSubmission, submit_public_item
from ..services.portal import PUBLIC_KINDS
from . import render

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-07T00:00:00+07:00"
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
OPEN = Case.OPEN_STATUSES
CLOSED = (Case.Status.ANSWERED, *Case.CLOSED_STATUSES)
KEY_TOUCH = datetime.timedelta(minutes=1)


def open311(view):
    """Limits per address and answers refusals in the spec's error shape."""

    @wraps(view)
    def wrapped(request, *args, fmt="json", **kwargs):
        try:
            throttle.limit(request, "open311", per_address=settings.THROTTLE_OPEN311_PER_ADDRESS)
            return view(request, *args, fmt=fmt, **kwargs)
        except throttle.Throttled as exc:
            response = render.error(fmt, 429, "Quá nhiều yêu cầu, hãy thử lại sau.")
            response["Retry-After"] = str(exc.retry_after)
            return response

    return wrapped


def _moment(day: datetime.date | None, end_of_day: bool = False) -> str | None:
    if day is None:
        return None
    clock = datetime.time(23, 59, 59) if end_of_day else datetime.time()
    return timezone.make_aware(datetime.datetime.combine(day, clock)).isoformat()


def _status(case: Case) -> str:
    return "open" if case.status in OPEN else "closed"


def _status_fields(case: Case) -> dict:
    """What anyone may know of any case from its code: nothing personal, no text."""
    return {
        "service_request_id": tracking.display(case.tracking_code),
        "status": _status(case),
        "service_name": case.field.name if case.field_id else "",
        "service_code": case.field.code if case.field_id else "",
        "agency_responsible": case.lead_organization.name if case.lead_organization_id else "",
        "requested_datetime": _moment(case.received_on),
        "updated_datetime": case.updated_at.isoformat(),
        "expected_datetime": _moment(case.effective_deadline, end_of_day=True),
    }


def _published_fields(case: Case, publication: Publication) -> dict:
    area = case.area
    address = ""
    if area is not None:
        address = f"{area.name}, {area.parent.name}" if area.parent_id else area.name
    fields = _status_fields(case)
    return {
        "service_request_id": fields["service_request_id"],
        "status": fields["status"],
        "status_notes": publication.answer,
        "service_name": fields["service_name"],
        "service_code": fields["service_code"],
        "description": publication.question,
        "agency_responsible": fields["agency_responsible"],
        "service_notice": "",
        "requested_datetime": fields["requested_datetime"],
        "updated_datetime": max(case.updated_at, publication.updated_at).isoformat(),
        "expected_datetime": fields["expected_datetime"],
        "address": address,
        "address_id": area.code if area is not None else "",
        "zipcode": "",
        "lat": "",
        "long": "",
        "media_url": "",
    }


# Discovery and services --------------------------------------------------------------------------


@require_GET
@open311
def discovery(request, fmt):
    url = request.build_absolute_uri(reverse("open311:root"))
    data = {
        "changeset": CHANGESET,
        "contact": "Ban Tuyên giáo và Dân vận: "
        + request.build_absolute_uri(reverse("portal:home")),
        "key_service": "Khóa API do quản trị hệ thống cấp (phoihop open311_key TÊN).",
        "endpoints": [
            {
                "specification": SPEC,
                "url": url.rstrip("/"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render.respond(fmt, "discovery", data)


def _service(field: Field) -> dict:
    return {
        "service_code": field.code,
        "service_name": field.name,
        "description": f"Câu hỏi, phản ánh, kiến nghị về lĩnh vực {field.name}",
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


@require_GET
@open311
def services(request, fmt):
    fields = Field.objects.order_by("name", "id")
    return render.respond(fmt, "services", [_service(f) for f in fields])


def _attributes() -> list[dict]:
    consent = ConsentText.current()
    consent_values = [{"key": consent.version, "name": consent.text}] if consent is not None else []
    return [
        {
            "variable": True,
            "code": "commune",
            "datatype": "string",
            "required": True,
            "datatype_description": "Mã xã, phường, đặc khu hiện hành (5 chữ số), ví dụ 14947.",
            "order": 1,
            "description": "Xã, phường, đặc khu nơi xảy ra sự việc",
            "values": [],
        },
        {
            "variable": True,
            "code": "kind",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "",
            "order": 2,
            "description": "Loại ý kiến",
            "values": [{"key": k.value, "name": str(k.label)} for k in PUBLIC_KINDS],
        },
        {
            "variable": True,
            "code": "consent",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": (
                "Chỉ lưu họ tên, thư điện tử, số điện thoại khi người gửi đồng ý rõ ràng với "
                "văn bản này: gửi phiên bản của nó. Im lặng không phải là đồng ý."
            ),
            "order": 3,
            "description": "Đồng ý xử lý dữ liệu cá nhân",
            "values": consent_values,
        },
    ]


@require_GET
@open311
def service_definition(request, code, fmt):
    field = Field.objects.filter(code=code).first()
    if field is None:
        return render.error(fmt, 404, "Không có dịch vụ (lĩnh vực) với mã này.")
    data = {"service_code": field.code, "attributes": _attributes()}
    return render.respond(fmt, "service_definition", data)


# Requests -----------------------------------------------------------------------------------------


def _date_param(request, name: str) -> tuple[datetime.date | None, str]:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None, ""
    try:
        moment = parse_datetime(raw[:40])
    except ValueError:
        moment = None
    if moment is None:
        return None, f"{name}: hãy viết theo w3 (ví dụ 2026-12-01T00:00:00Z)."
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.date(), ""


def _codes(raw: str) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()][:100]


def _published_rows(request) -> tuple[list[dict] | None, str]:
    rows = Publication.objects.published().select_related(
        "case__field", "case__area", "case__area__parent", "case__lead_organization"
    )
    wanted_ids = [tracking.normalize(c) for c in _codes(request.GET.get("service_request_id"))]
    if wanted_ids:
        # The spec: with ids given, the other filters are ignored.
        rows = rows.filter(case__tracking_code__in=[c for c in wanted_ids if c])
    else:
        start, problem = _date_param(request, "start_date")
        end, problem_end = _date_param(request, "end_date")
        if problem or problem_end:
            return None, problem or problem_end
        if start is None and end is None:
            start = timezone.localdate() - datetime.timedelta(days=DEFAULT_DAYS)
        if start is not None:
            rows = rows.filter(case__received_on__gte=start)
        if end is not None:
            rows = rows.filter(case__received_on__lte=end)
        service_codes = _codes(request.GET.get("service_code"))
        if service_codes:
            rows = rows.filter(case__field__code__in=service_codes)
        statuses = set(_codes(request.GET.get("status")))
        if statuses - {"open", "closed"}:
            return None, "status: chỉ nhận open hoặc closed."
        if statuses == {"open"}:
            rows = rows.filter(case__status__in=OPEN)
        elif statuses == {"closed"}:
            rows = rows.filter(case__status__in=CLOSED)
    rows = rows.order_by("-case__received_on", "-id")[:MAX_REQUESTS]
    return [_published_fields(p.case, p) for p in rows], ""


@csrf_exempt
@require_http_methods(["GET", "POST"])
@open311
def requests_view(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    rows, problem = _published_rows(request)
    if rows is None:
        return render.error(fmt, 400, problem)
    return render.respond(fmt, "service_requests", rows)


@require_GET
@open311
def request_detail(request, request_id, fmt):
    case = case_by_code(tracking.normalize(request_id))
    if case is None:
        return render.error(fmt, 404, "Không tìm thấy yêu cầu với mã này.")
    publication = getattr(case, "publication", None)
    if publication is not None and publication.published:
        data = _published_fields(case, publication)
    else:
        data = _status_fields(case)
    return render.respond(fmt, "service_requests", [data])


@require_GET
@open311
def token_detail(request, token, fmt):
    case = case_by_code(tracking.normalize(token))
    if case is None:
        return render.error(fmt, 404, "Không tìm thấy token này.")
    code = tracking.display(case.tracking_code)
    return render.respond(fmt, "service_requests", [{"service_request_id": code, "token": code}])


def _key(request) -> Open311Key | None:
    key = Open311Key.objects.matching((request.POST.get("api_key") or "").strip())
    if key is not None and (
        key.last_used_at is None or timezone.now() - key.last_used_at > KEY_TOUCH
    ):
        Open311Key.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def _contact(post) -> tuple[CitizenDetails | None, str]:
    """The contact details sent, kept only with an explicit consent to the version in force."""
    name = " ".join(
        part
        for part in ((post.get("first_name") or "").strip(), (post.get("last_name") or "").strip())
        if part
    )
    email = (post.get("email") or "").strip()
    phone = (post.get("phone") or "").strip()
    if not (name or email or phone):
        return None, ""
    version = (post.get("attribute[consent]") or "").strip()
    consent = ConsentText.objects.in_force().filter(version=version).first() if version else None
    if consent is None:
        return None, (
            "Không lưu thông tin liên hệ vì người gửi chưa đồng ý (attribute[consent]); "
            "yêu cầu được ghi nhận ẩn danh."
        )
    return CitizenDetails(
        consent_text=consent, consent=True, name=name[:200], email=email[:254], phone=phone[:20]
    ), ""


def _create(request, fmt):
    key = _key(request)
    if key is None:
        return render.error(fmt, 403, "api_key không hợp lệ hoặc đã bị thu hồi.")
    throttle.check("open311-post", {f"key:{key.pk}": settings.THROTTLE_OPEN311_POST_PER_KEY})
    post = request.POST
    field = Field.objects.filter(code=(post.get("service_code") or "").strip()[:100]).first()
    if field is None:
        return render.error(fmt, 400, "service_code: không có dịch vụ (lĩnh vực) với mã này.")
    commune_code = (post.get("attribute[commune]") or post.get("address_id") or "").strip()[:20]
    commune = (
        Area.objects.current().filter(level=Area.Level.COMMUNE, code=commune_code).first()
        if commune_code
        else None
    )
    if commune is None:
        return render.error(
            fmt, 400, "attribute[commune]: cần mã một xã, phường, đặc khu hiện hành."
        )
    kind = (post.get("attribute[kind]") or Kind.COMPLAINT).strip()
    citizen, notice = _contact(post)
    submission = PublicSubmission(
        kind=kind,
        field=field,
        area=commune,
        text=(post.get("description") or "").strip(),
        citizen=citizen,
        source=f"Open311: {key.name}"[:300],
    )
    try:
        item = submit_public_item(submission=submission)
    except ValidationError as exc:
        return render.error(fmt, 400, " ".join(exc.messages))
    code = tracking.display(item.case.tracking_code)
    answer = {"service_request_id": code, "service_notice": notice, "account_id": None}
    return render.respond(fmt, "service_requests", [answer])
