"""`make demo` / `make serve` serve the product as a user gets it: DEBUG off (so a 404 is the
app's own page, not Django's debug page) and links on the port it serves."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def serve_commands(port: int) -> str:
    """The commands `make serve` runs (a dry run: nothing is started)."""
    return subprocess.run(
        ["make", "-n", "--no-print-directory", "serve", f"PORT={port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_demo_serves_with_debug_off_and_links_on_its_port():
    commands = serve_commands(8123)
    runserver = next(line for line in commands.splitlines() if "runserver" in line)
    assert re.search(r"\bDEBUG=false\b", runserver)
    assert "SECRET_KEY=" in runserver
    assert "SITE_URL=http://127.0.0.1:8123" in runserver
    assert runserver.rstrip().endswith("runserver 127.0.0.1:8123")
    assert "collectstatic" in commands  # hashed static files for WhiteNoise with DEBUG off


def test_a_404_with_debug_off_is_the_apps_own_page(client, settings, admin_user):
    settings.DEBUG = False  # as `make demo` serves
    client.force_login(admin_user)
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang này." in html and 'id="mainnav"' in html
    assert "Page not found" not in html and "Using the URLconf" not in html
