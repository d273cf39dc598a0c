"""X-Forwarded-Proto is trusted only when the operator says a proxy sets it (BEHIND_PROXY)."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings

READ_SETTINGS = "import json, phoihop.settings as s; print(json.dumps(s.SECURE_PROXY_SSL_HEADER))"


def _settings_with(**env: str) -> subprocess.CompletedProcess:
    """Load the settings module afresh in another interpreter with `env` on top."""
    environment = {k: v for k, v in os.environ.items() if k != "BEHIND_PROXY"}
    environment |= {"DEBUG": "true", **env}
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_forwarded_proto_header_is_ignored_by_default():
    loaded = _settings_with()
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout) is None


def test_the_forwarded_proto_header_is_trusted_behind_a_proxy():
    loaded = _settings_with(BEHIND_PROXY="true")
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout) == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_bad_proxy_value_stops_start_up():
    loaded = _settings_with(BEHIND_PROXY="maybe")
    assert loaded.returncode != 0
    assert "BEHIND_PROXY must be true or false" in loaded.stderr


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=None)
def test_a_client_cannot_claim_https_without_a_proxy():
    """With HTTPS on and no proxy configured, a forged header does not make a plain request
    secure: it is still sent to https."""
    response = Client().get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
