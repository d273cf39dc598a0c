"""The boundary rules hold for every form and every API input, present and future: a new form
or API parameter that skips them fails here."""

import datetime

import pytest
from django import forms
from django.urls import get_resolver

from phoihop.api import api
from phoihop.core.api import InputSchema, _operations
from phoihop.core.forms import BoundaryValidationMixin
from phoihop.core.validation import date_problem, parse_id, text_problem


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_the_platform_applies_the_boundary_rules():
    assert get_resolver().url_patterns  # imports every view, so every form class is defined
    ours = {c for c in _subclasses(forms.BaseForm) if c.__module__.startswith("phoihop.")}
    assert len(ours) > 30
    missing = sorted(c.__qualname__ for c in ours if not issubclass(c, BoundaryValidationMixin))
    assert missing == []


def test_every_api_input_is_an_input_schema_and_every_path_id_an_int():
    routers = [router for _prefix, router in api._routers]
    checked = 0
    for path, operation in _path_operations(routers):
        for param in operation.signature.params:
            source = type(param.source).__name__
            if source == "Path":
                assert f"{{int:{param.name}}}" in path, (path, param.name)
            else:
                schemas = set(getattr(param.annotation, "__args__", [param.annotation]))
                schemas.discard(type(None))
                assert all(issubclass(s, InputSchema) for s in schemas), (path, param.name)
            checked += 1
    assert checked > 30


def _path_operations(routers):
    for router in routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                yield path, operation
        yield from _path_operations(entry[1] for entry in router._routers)


def test_every_operation_documents_the_error_shape():
    operations = list(_operations(router for _prefix, router in api._routers))
    for operation in operations:
        codes = set(operation.response_models)
        assert {400, 401, 403, 404, 413, 422} <= codes or len(codes) == 1, operation.view_func


@pytest.mark.parametrize(
    "text, multiline, refused",
    [
        ("Nghị quyết 57-NQ/TW", False, False),
        ("dòng một\r\ndòng hai\tcột", True, False),
        ("dòng một\ndòng hai", False, True),
        ("a\x00b", True, True),
        ("a\x1bb", True, True),
        ("a\x85b", True, True),
        ("a\ud800b", True, True),
        ("a\uffffb", True, True),
    ],
)
def test_text_rules(text, multiline, refused):
    assert (text_problem(text, multiline=multiline) is not None) is refused


def test_dates_within_the_configured_range(settings):
    assert date_problem(datetime.date(2026, 1, 1)) is None
    assert date_problem(datetime.date(9999, 12, 31))
    assert date_problem(datetime.date(1, 1, 1))
    settings.DATE_MIN = datetime.date(2000, 1, 1)
    assert date_problem(datetime.date(1999, 12, 31))


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12", 12),
        (" 7 ", 7),
        ("٢٠٢٦", None),
        ("²", None),
        ("0", None),
        ("-3", None),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        ("", None),
        (None, None),
        (5, 5),
    ],
)
def test_parse_id_takes_only_ascii_64_bit_ids(raw, expected):
    assert parse_id(raw) == expected
