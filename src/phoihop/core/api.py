"""Shared pieces of the HTTP API: authentication, the one error shape, pagination.

The NinjaAPI object itself lives in phoihop/api.py, which mounts each app's router.
"""

import datetime
from typing import Annotated, Any, ClassVar

from annotated_types import MaxLen
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth
from pydantic import AfterValidator, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from .forms import column_max_length
from .throttle import Throttled, retry_minutes
from .validation import date_problem, integer_problem, text_problem

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _year_in_range(value: int) -> int:
    if not settings.DATE_MIN.year <= value <= settings.DATE_MAX.year:
        raise PydanticCustomError(
            "boundary",
            "Năm phải từ {min} đến {max}.",
            {"min": settings.DATE_MIN.year, "max": settings.DATE_MAX.year},
        )
    return value


# A calendar year within the configured date range: a year filter becomes a date range in SQL,
# and a year no date can have (e.g. 11224327081696) would overflow building it.
Year = Annotated[int, AfterValidator(_year_in_range)]


def one_of(*choices: str):
    """A text parameter that takes one of `choices`: listed as an enum in the OpenAPI document,
    anything else refused with a Vietnamese field error (422) naming the choices."""

    def check(value: str) -> str:
        if value not in choices:
            raise PydanticCustomError(
                "choice", "Phải là một trong: {choices}.", {"choices": ", ".join(choices)}
            )
        return value

    return Annotated[
        str, AfterValidator(check), WithJsonSchema({"type": "string", "enum": list(choices)})
    ]


class InputSchema(Schema):
    """The base of every API input (body, query parameters): the boundary rules in one place.

    Every text refuses control characters (tab and line breaks allowed) and lone surrogates,
    and has a maximum length: the column's of `column_model` when the schema names one (field
    names as in the model, or mapped by `column_names`), else settings.TEXT_MAX_LENGTH; the
    length is added to the field, so it shows in the OpenAPI document. Every date keeps to
    DATE_MIN..DATE_MAX, every whole number to 64 bits, inside lists too. A `null` where a
    value is required is pydantic's field error, answered 422 like any other.
    """

    column_model: ClassVar[Any] = None
    column_names: ClassVar[dict[str, str]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs):
        super().__pydantic_init_subclass__(**kwargs)
        changed = False
        for name, field in cls.model_fields.items():
            if not _holds_text(field.annotation) or any(
                isinstance(m, MaxLen) for m in field.metadata
            ):
                continue
            column = cls.column_names.get(name, name)
            limit = cls.column_model and column_max_length(cls.column_model, column)
            field.metadata.append(MaxLen(limit or settings.TEXT_MAX_LENGTH))
            changed = True
        if changed:
            cls.model_rebuild(force=True)

    @field_validator("*", mode="after")
    @classmethod
    def _within_boundaries(cls, value):
        problem = _boundary_problem(value)
        if problem:
            raise PydanticCustomError("boundary", problem)
        return value


def _holds_text(annotation) -> bool:
    """str or str | None: the fields a length applies to (lists and unions with numbers get the
    character check but not the length)."""
    args = set(getattr(annotation, "__args__", ())) - {type(None)}
    return annotation is str or (
        getattr(annotation, "__origin__", None) is not list and args == {str}
    )


def _boundary_problem(value) -> str | None:
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return integer_problem(value)
    if isinstance(value, datetime.date):
        return date_problem(value)
    if isinstance(value, list | tuple | set):
        return next(filter(None, map(_boundary_problem, value)), None)
    if isinstance(value, dict):
        return next(filter(None, map(_boundary_problem, [*value, *value.values()])), None)
    return None


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("__all__" if field == "__all__" else field): [str(m) for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


def _ninja_field(location: list[Any]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error answers {"detail", "errors"}: never a bare 500 for bad input."""

    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request, exc):
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            errors.setdefault(_ninja_field(list(err.get("loc", []))), []).append(err.get("msg", ""))
        return api.create_response(request, error_body("Dữ liệu không hợp lệ.", errors), status=422)

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        return api.create_response(
            request, error_body("Dữ liệu không hợp lệ.", validation_errors(exc)), status=400
        )

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return api.create_response(request, error_body("Không tìm thấy."), status=404)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return api.create_response(
            request, error_body("Bạn không có quyền thực hiện thao tác này."), status=403
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return api.create_response(
            request, error_body("Cần đăng nhập hoặc mã truy cập hợp lệ."), status=401
        )

    @api.exception_handler(RequestDataTooBig)
    def on_body_too_big(request, exc):
        return api.create_response(request, error_body("Dữ liệu gửi lên quá lớn."), status=413)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        return api.create_response(request, error_body(str(exc)), status=exc.status_code)

    @api.exception_handler(Throttled)
    def on_throttled(request, exc):
        detail = _("Quá nhiều yêu cầu. Hãy thử lại sau %(minutes)s phút.") % {
            "minutes": retry_minutes(exc.retry_after)
        }
        response = api.create_response(request, error_body(detail), status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# The errors any operation may answer with; each is documented on every operation (in the
# OpenAPI document too), so a client and Schemathesis can rely on the shape.
ERROR_STATUSES = (400, 401, 403, 404, 413, 422)


def document_error_responses(api: NinjaAPI) -> None:
    """Declare ErrorOut for every error status on every operation that does not already.

    Called once the routers are mounted. An operation with a single success status other than
    200 keeps it as its default (ninja answers with the only declared status).
    """
    for operation in _operations(router for _prefix, router in api._routers):
        models = operation.response_models
        if len(models) == 1 and 200 not in models:
            continue
        for status in ERROR_STATUSES:
            if status not in models:
                models[status] = operation._create_response_model(ErrorOut)


def _operations(routers):
    """Every operation of these routers and the routers mounted inside them, once each."""
    seen = set()
    for router in routers:
        if id(router) in seen:
            continue
        seen.add(id(router))
        for path_view in router.path_operations.values():
            yield from path_view.operations
        yield from _operations(entry[1] for entry in router._routers)


_token_resolvers: list = []


def register_token_resolver(resolver) -> None:
    """The app that owns API tokens (org) registers `resolver(raw) -> user | None` in its
    `ready()`: core reads tokens without importing a domain app."""
    _token_resolvers[:] = [resolver]


class BearerToken(HttpBearer):
    """Authorization: Bearer <token>. Tokens are looked up by hash, never stored raw.

    The registered resolver (org's `user_for_api_token`) answers None for an unknown, revoked or
    expired token, and marks the user `api_token_read_only` for a read-only one: this is the one
    place where such a token is refused every write, whatever the endpoint.
    """

    def authenticate(self, request: HttpRequest, token: str):
        user = _token_resolvers[0](token) if _token_resolvers else None
        if user is None:
            return None
        request.user = user
        request.api_token_read_only = getattr(user, "api_token_read_only", False)
        if request.api_token_read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, "Mã truy cập này chỉ có quyền đọc: không thể ghi dữ liệu.")
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser session, with Django's CSRF check for unsafe methods.

    Without a session there is nothing to protect, so the CSRF check is skipped and the caller
    gets the 401 it deserves (e.g. a wrong bearer token) rather than a misleading CSRF 403.
    """

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        try:
            return super().__call__(request)
        except HttpError as exc:
            if exc.status_code == 403:
                raise HttpError(
                    403, "Thiếu hoặc sai mã CSRF: tải lại trang, hoặc dùng mã truy cập (Bearer)."
                ) from exc
            raise


def session_or_token():
    """Browser sessions (with CSRF) and bearer tokens both authenticate API calls."""
    return [BearerToken(), BrowserSession()]


class PageParams(InputSchema):
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def paginate(queryset, page: int, page_size: int, *, serialize, prepare=None) -> dict[str, Any]:
    """The one list shape: {"count": N, "items": [...]}, with page/page_size parameters.
    `prepare(rows)` may load what `serialize` needs for the whole page at once."""
    if page < 1:
        raise HttpError(422, "Tham số page phải lớn hơn hoặc bằng 1.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise HttpError(422, f"Tham số page_size phải từ 1 đến {MAX_PAGE_SIZE}.")
    count = queryset.count()
    start = (page - 1) * page_size
    # A page past the end is empty; never ask the database for an offset beyond 64 bits.
    rows = list(queryset[start : start + page_size]) if start < count else []
    items = [serialize(obj) for obj in (prepare(rows) if prepare else rows)]
    return {"count": count, "items": items}


def prebuilt(request: HttpRequest, payload: dict[str, Any]) -> HttpResponse:
    """An operation's answer that its serializer already built in the shape of the declared
    response schema, rendered as ninja renders JSON but without validating it again field by
    field: for the task list that validation was a quarter of the request (ADR 0009). A test
    checks each such serializer's output against its schema."""
    renderer = JSONRenderer()
    content = renderer.render(request, payload, response_status=200)
    return HttpResponse(content, content_type=f"{renderer.media_type}; charset={renderer.charset}")
