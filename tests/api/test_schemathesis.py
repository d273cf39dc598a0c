"""Schemathesis over every operation of the API, as a system administrator and as a specialist.

Each operation gets SCHEMATHESIS_EXAMPLES generated requests (20 in `make test`, 100 in
`make fuzz`), sent to the WSGI application in-process with a bearer token, and each response must
not be a server error, must have a documented status code and must match its documented schema.
Examples are derandomised, so a run is the same every time.
"""

import datetime
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from phoihop.api import api
from phoihop.org import services as org_services

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "20"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

application = get_wsgi_application()
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture(autouse=True)
def connection_kept_open():
    """The WSGI handler closes the database connection after each request; the test's
    transaction lives on that connection (Django's test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["admin", "specialist"])
def bearer(request, world, make_task):
    make_task(deadline=datetime.date(2026, 9, 30))
    person = getattr(world.people, request.param)
    token = org_services.create_api_token(user=person, name="Schemathesis", by=person)[1]
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_operation(case, bearer):
    case.call_and_validate(app=application, headers=bearer, checks=CHECKS)
