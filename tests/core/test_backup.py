"""The restore drill on the database the suite runs on (SQLite or PostgreSQL): data across apps
and an uploaded file are backed up, restored by `phoihop restore` into a fresh empty database
and media folder, and a backup of the restored copy matches the first table by table and file by
file. A tampered archive fails verification; a database that is not empty is refused."""

import io
import json
import os
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from phoihop.core import audit
from phoihop.core.backup import current_checksums
from phoihop.core.notifications import notify

from ..factories import UserFactory

# serialized_rollback: a transactional test that flushes without it re-creates the content types
# under new ids, and a later serialized_rollback test (directives numbering) then fails to load.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
UPLOAD = b"%PDF-1.7\n" + bytes(range(256)) * 40


@pytest.fixture
def data(province_tree, tmp_path, settings):
    """Rows in org and core with diacritics, NULLs, JSON and timestamps, and one upload."""
    settings.MEDIA_ROOT = tmp_path / "media"
    person = UserFactory(full_name="Đặng Thị Ngọc Ánh", email="anh@thanhhoa.gov.vn")
    notify(person, key="k:1", title="Quá hạn: “Tuyên truyền” — đợt 1", body="Dòng 1\nDòng 2")
    audit.record(
        action="update",
        obj=province_tree["health"],
        by=person,
        changes={"tên": ["Sở Y tế", "Sở Y tế tỉnh Thanh Hóa"]},
        organization=province_tree["committee"],
    )
    default_storage.save("uploads/2026/12/bao-cao.pdf", ContentFile(UPLOAD))
    return province_tree


def run_phoihop(*args, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    return subprocess.run(
        [sys.executable, "-m", "phoihop", *args], env=env, capture_output=True, text=True
    )


@contextmanager
def empty_database(tmp_path: Path, name: str):
    """A database URL with no table in it: a SQLite file not yet created, or a scratch
    PostgreSQL database next to the test database (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / name}.sqlite3"
        return
    import psycopg

    db = connection.settings_dict
    scratch = f"{db['NAME']}_{name}"
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    with psycopg.connect(
        dbname="postgres", password=db["PASSWORD"], autocommit=True, **params
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
        try:
            yield f"postgres://{db['USER']}{password}@{params['host']}:{params['port']}/{scratch}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def rewrite(archive: Path, target: Path, changes: dict[str, bytes]) -> None:
    with tarfile.open(target, "w:gz") as tar:
        for name, content in {**members(archive), **changes}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def test_backup_restore_into_an_empty_database_gives_back_every_row_and_file(data, tmp_path):
    archive = tmp_path / "phoihop.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    manifest = json.loads(members(archive)["manifest.json"])
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"] == current_checksums()
    assert manifest["tables"]["org_organization"]["rows"] == 4
    assert "0001_initial" in manifest["migrations"]["core"]
    assert list(manifest["files"]) == ["uploads/2026/12/bao-cao.pdf"]

    with empty_database(tmp_path, "restored") as url:
        restored = run_phoihop(
            "restore", str(archive), database_url=url, media_root=tmp_path / "m2"
        )
        assert restored.returncode == 0, restored.stderr
        assert (tmp_path / "m2/uploads/2026/12/bao-cao.pdf").read_bytes() == UPLOAD
        again = tmp_path / "again.tar.gz"
        backup = run_phoihop(
            "backup", "--output", str(again), database_url=url, media_root=tmp_path / "m2"
        )
        assert backup.returncode == 0, backup.stderr
    second = json.loads(members(again)["manifest.json"])
    assert second["tables"] == manifest["tables"]
    assert second["files"] == manifest["files"]
    assert second["migrations"] == manifest["migrations"]


def test_a_tampered_archive_fails_verification(data, tmp_path):
    archive = tmp_path / "phoihop.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    manifest = json.loads(members(archive)["manifest.json"])
    manifest["tables"]["core_notification"]["sha256"] = "0" * 64
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(
        archive,
        tampered,
        {
            "manifest.json": json.dumps(manifest).encode(),
            "media/uploads/2026/12/bao-cao.pdf": UPLOAD.replace(b"PDF", b"XSS"),
        },
    )
    with empty_database(tmp_path, "tampered") as url:
        result = run_phoihop("restore", str(tampered), database_url=url, media_root=tmp_path / "m3")
    assert result.returncode != 0
    assert "core_notification" in result.stderr
    assert "uploads/2026/12/bao-cao.pdf" in result.stderr
    assert "org_organization" not in result.stderr


def test_restore_refuses_a_database_that_is_not_empty(data, tmp_path):
    archive = tmp_path / "phoihop.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="không trống"):
        call_command("restore", str(archive))
    assert default_storage.open("uploads/2026/12/bao-cao.pdf").read() == UPLOAD
