"""One-file backups and verified restores (`phoihop backup`, `phoihop restore`).

An archive is a tar.gz holding

- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite, copied
  with its online backup API, so a running server is no obstacle);
- `media/…`: every regular file under MEDIA_ROOT (symbolic links are not followed);
- `manifest.json`: format version, creation time, database vendor, applied migrations, per table
  its row count and a SHA-256 of its rows, per file its size and SHA-256, and the database
  file's own SHA-256.

The table checksums are computed the same way on both sides, in SQL, so no database driver's
type conversion can make them differ: each row becomes one text (PostgreSQL: the row's own text
form `t::text` in UTC; SQLite: `quote()` of every column), rows are taken in primary-key order
(else rowid, else the row text) and hashed in turn. On PostgreSQL the checksums are computed in
the very snapshot `pg_dump` saves (`pg_export_snapshot` + `--snapshot`); on SQLite from the copy.
A restore targets the vendor the archive came from.

A restore loads into an EMPTY database: one without any table (a new `createdb`, or a SQLite
file that does not exist yet), never a migrated one, so nothing is merged or half-overwritten;
MEDIA_ROOT must be empty too. The manifest is checked for integrity (a damaged or incomplete
archive, a restore that lost rows), not authenticity: whoever can rewrite the archive can
rewrite the manifest, so archives kept off-site are encrypted and signed (docs/operations.md).
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILE = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Vietnamese)."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


# --- table checksums ------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_row_query(cursor, table: str) -> str:
    cursor.execute(f"PRAGMA table_info({_quote(table)})")
    columns = cursor.fetchall()  # (cid, name, type, notnull, default, pk)
    row_text = " || char(31) || ".join(f"quote({_quote(c[1])})" for c in columns)
    keys = [_quote(c[1]) for c in sorted(columns, key=lambda c: c[5]) if c[5]]
    return f"SELECT {row_text} FROM {_quote(table)} ORDER BY {', '.join(keys) or 'rowid'}"


def _postgresql_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _postgresql_row_query(cursor, table: str) -> str:
    cursor.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        [_quote(table)],
    )
    keys = [f"t.{_quote(row[0])}" for row in cursor.fetchall()] or ['t::text COLLATE "C"']
    return f"SELECT t::text FROM {_quote(table)} AS t ORDER BY {', '.join(keys)}"


def table_checksums(cursor, vendor: str, rows_cursor=None) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hex}} for every table, read through a DB-API `cursor`
    (PostgreSQL: with the session in UTC, as the checksum includes timestamps). `rows_cursor`,
    a server-side cursor on PostgreSQL, streams the rows so a large table is not held in memory."""
    rows_cursor = rows_cursor or cursor
    tables, row_query = (
        (_postgresql_tables, _postgresql_row_query)
        if vendor == "postgresql"
        else (_sqlite_tables, _sqlite_row_query)
    )
    result = {}
    for table in tables(cursor):
        rows_cursor.execute(row_query(cursor, table))
        digest, rows = hashlib.sha256(), 0
        while batch := rows_cursor.fetchmany(2000):
            for (text,) in batch:
                digest.update(("\\N" if text is None else text).encode("utf-8", "surrogatepass"))
                digest.update(b"\n")
            rows += len(batch)
        result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def applied_migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    state: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        state.setdefault(app, []).append(name)
    return state


# --- PostgreSQL client programs ---------------------------------------------------------------


def _pg_command(program: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment for pg_dump/pg_restore against the default database.
    The password travels in PGPASSWORD, never on the command line (other users can read it)."""
    db = connection.settings_dict
    command = [program, "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return [*command, *args], env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            f"Không tìm thấy chương trình {command[0]}: hãy cài gói postgresql-client."
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} báo lỗi:\n{done.stderr.strip()}")


# --- backup ---------------------------------------------------------------------------------


def _dump_postgresql(target: Path) -> tuple[dict, dict]:
    """pg_dump and the checksums, both of one snapshot: the exporting transaction stays open
    (REPEATABLE READ) while pg_dump imports its snapshot and while the rows are hashed."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        command, env = _pg_command(
            "pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"
        )
        _run(command, env)
        return _postgresql_checksums(cursor), applied_migrations(cursor)


def _postgresql_checksums(cursor) -> dict[str, dict]:
    rows_cursor = connection.connection.cursor(name="phoihop_backup_rows")
    try:
        return table_checksums(cursor, "postgresql", rows_cursor)
    finally:
        rows_cursor.close()


def _dump_sqlite(target: Path) -> tuple[dict, dict]:
    """Copy with SQLite's online backup API (consistent even while the server writes; works
    from an in-memory database too), then checksum the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        cursor = copy.cursor()
        return table_checksums(cursor, "sqlite"), applied_migrations(cursor)
    finally:
        copy.close()


class _HashingReader:
    """Hashes a file while tarfile reads it, so the hash is of the very bytes archived."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        block = self.handle.read(size)
        self.digest.update(block)
        return block


def _media_files(root: Path):
    if not root.is_dir():
        return
    for directory, _dirs, names in os.walk(root):  # os.walk does not follow symlinks
        for name in sorted(names):
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink():
                yield path


def _add_media(archive: tarfile.TarFile, root: Path) -> dict[str, dict]:
    files = {}
    for path in _media_files(root):
        relative = path.relative_to(root).as_posix()
        info = archive.gettarinfo(str(path), arcname=f"media/{relative}")
        with open(path, "rb") as handle:
            reader = _HashingReader(handle)
            archive.addfile(info, reader)
        files[relative] = {"size": info.size, "sha256": reader.digest.hexdigest()}
    return files


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def default_archive_name() -> str:
    return f"phoihop-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"


def create_backup(output: Path) -> dict:
    """Write the archive to `output` (atomically: a temporary file renamed at the end, readable
    only by its owner, as it holds personal data and password hashes). Returns the manifest."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILE:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as tmp:
        database = Path(tmp, DATABASE_FILE[vendor])
        dump = _dump_postgresql if vendor == "postgresql" else _dump_sqlite
        tables, migrations = dump(database)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "vendor": vendor,
            "database_file": database.name,
            "database_sha256": sha256_file(database),
            "migrations": migrations,
            "tables": tables,
        }
        partial = Path(tmp, "archive.tar.gz")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(database, arcname=database.name)
            manifest["files"] = _add_media(archive, Path(settings.MEDIA_ROOT))
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
        partial.chmod(0o600)
        partial.replace(output)
    return manifest


# --- restore --------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    manifest: dict
    problems: list[str] = field(default_factory=list)


def _extract(archive_path: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            # The "data" filter refuses absolute names, "..", links out of the tree and devices.
            archive.extractall(into, filter="data")
        manifest = json.loads(Path(into, MANIFEST).read_text())
    except (OSError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {archive_path}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError("Tệp sao lưu không có bản kê (manifest.json) đúng định dạng.")
    return manifest


def _existing_tables() -> list[str]:
    with connection.cursor() as cursor:
        lister = _postgresql_tables if connection.vendor == "postgresql" else _sqlite_tables
        return lister(cursor)


def _check_target_is_empty(media_root: Path) -> None:
    if tables := _existing_tables():
        raise BackupError(
            f"Cơ sở dữ liệu đích không trống (đã có {len(tables)} bảng, ví dụ {tables[0]}). "
            "Chỉ khôi phục vào một cơ sở dữ liệu mới tạo, chưa chạy migrate "
            "(PostgreSQL: createdb; SQLite: một tệp chưa tồn tại)."
        )
    if any(_media_files(media_root)):
        raise BackupError(f"Thư mục tệp tải lên {media_root} không trống.")


def _load_postgresql(database: Path) -> None:
    """pg_restore in one transaction: it either loads everything or nothing. --no-owner: the
    restoring role owns the objects, whatever role owned them on the old server."""
    command, env = _pg_command(
        "pg_restore", "--no-owner", "--single-transaction", "--exit-on-error", str(database)
    )
    _run(command, env)


def _load_sqlite(database: Path) -> None:
    source = sqlite3.connect(database)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_media(extracted: Path, manifest_files: dict, media_root: Path) -> list[str]:
    problems = []
    archived = {p.relative_to(extracted).as_posix(): p for p in _media_files(extracted)}
    for relative in sorted(set(archived) - set(manifest_files)):
        problems.append(f"tệp {relative}: có trong bản sao lưu nhưng không có trong bản kê")
    for relative, expected in sorted(manifest_files.items()):
        path = archived.get(relative)
        if path is None:
            problems.append(f"tệp {relative}: thiếu trong bản sao lưu")
            continue
        if sha256_file(path) != expected["sha256"]:
            problems.append(f"tệp {relative}: mã băm SHA-256 không khớp")
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return problems


def _compare_tables(expected: dict, actual: dict) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if want is None or got is None:
            problems.append(f"bảng {table}: {'thừa' if want is None else 'thiếu'} sau khôi phục")
        elif want["rows"] != got["rows"]:
            problems.append(f"bảng {table}: {got['rows']} dòng, bản kê ghi {want['rows']}")
        elif want["sha256"] != got["sha256"]:
            problems.append(f"bảng {table}: tổng kiểm SHA-256 của các dòng không khớp")
    return problems


def current_checksums() -> dict[str, dict]:
    """The checksums of the default database now, computed as a backup computes them."""
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL TIME ZONE 'UTC'")
            return _postgresql_checksums(cursor)
    connection.ensure_connection()
    return table_checksums(connection.connection.cursor(), "sqlite")


def restore_backup(archive_path: Path) -> RestoreReport:
    """Load the archive into the (empty) default database and MEDIA_ROOT, then verify every
    table and file against the manifest. Raises BackupError before loading anything when the
    archive is unreadable, of another vendor or damaged, or the target is not empty."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="phoihop-restore-") as tmp:
        manifest = _extract(archive_path, Path(tmp))
        if manifest.get("vendor") != connection.vendor:
            raise BackupError(
                f"Bản sao lưu của {manifest.get('vendor')} không khôi phục được vào "
                f"{connection.vendor}."
            )
        database = Path(tmp, DATABASE_FILE[connection.vendor])
        if not database.is_file() or sha256_file(database) != manifest.get("database_sha256"):
            raise BackupError("Tệp cơ sở dữ liệu trong bản sao lưu bị thiếu hoặc bị hỏng.")
        _check_target_is_empty(media_root)
        (_load_postgresql if connection.vendor == "postgresql" else _load_sqlite)(database)
        report = RestoreReport(manifest)
        report.problems += _restore_media(Path(tmp, "media"), manifest.get("files", {}), media_root)
    report.problems += _compare_tables(manifest.get("tables", {}), current_checksums())
    return report


def describe(manifest: dict) -> str:
    rows = sum(t["rows"] for t in manifest["tables"].values())
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    return (
        f"{manifest['vendor']}, tạo lúc {timezone.localtime(created):%d/%m/%Y %H:%M}, "
        f"{len(manifest['tables'])} bảng, {rows} dòng, {len(manifest['files'])} tệp"
    )
