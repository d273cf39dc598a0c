"""`make bench`: a national-scale data generator and a load/latency harness (see README.md).

Every benchmark process calls `configure()` before touching Django, so the generator, the
harness, the in-process profiler and the gunicorn workers share one database, one SECRET_KEY (the
session cookies the harness mints must be valid for the server) and one static-files directory.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/phoihop_bench"
# Only used for the throw-away benchmark server on 127.0.0.1.
BENCH_SECRET_KEY = "benchmark-only-key-not-for-production-" + "b" * 24


def bench_environment() -> dict[str, str]:
    """The environment of every benchmark process (and of the gunicorn server)."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env["DJANGO_SETTINGS_MODULE"] = "phoihop.settings"
    env["DEBUG"] = "0"  # production code paths; no query log growing in memory
    env.setdefault("SECRET_KEY", BENCH_SECRET_KEY)
    env["PHOIHOP_VAR_DIR"] = str(REPO / "var" / "bench")  # collected static files live here
    env.setdefault("LOG_LEVEL", "WARNING")
    # Benchmark sessions are made without a second factor (harness.session_cookie).
    env["OTP_REQUIRED_FOR_ADMINS"] = "false"
    env.pop("HTTPS", None)
    env.pop("SECURE_SSL_REDIRECT", None)
    return env


def configure(allowed_hosts: str = "127.0.0.1,testserver") -> None:
    """Set up Django in this process for the benchmark database (idempotent)."""
    import django

    os.environ.update(bench_environment())
    os.environ["ALLOWED_HOSTS"] = allowed_hosts
    check_postgresql_url(os.environ["DATABASE_URL"])
    ensure_database(os.environ["DATABASE_URL"])
    django.setup()


def check_postgresql_url(url: str) -> None:
    if urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(
            f"The benchmarks need PostgreSQL; DATABASE_URL is {url!r}. "
            f"Example: DATABASE_URL={DEFAULT_DATABASE_URL}"
        )


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def ensure_database(url: str) -> bool:
    """Create the database named in `url` when it does not exist. Returns True if created."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True
