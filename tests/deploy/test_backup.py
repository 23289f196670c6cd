"""Backup and restore of a shared deployment: the database and the signing keys make a round
trip into a new database and home, byte for byte; damaged archives and occupied targets are
refused before anything is written."""

from __future__ import annotations

import io
import tarfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from deploy.backup import BackupError, backup, libpq_url, restore
from osai_procure.models.answers import Answer, AssessmentInfo, SystemInfo
from osai_procure.signing import generate_keys, load_keys
from osai_procure.store import PolicyStamp, Repository, make_engine

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
POLICY = PolicyStamp(id="osg_jp_public_procurement", version="1.0", digest="0" * 64)
TABLES = ("assessments", "history", "attachments", "exports", "alembic_version")


@pytest.fixture
def empty_url(postgres_server: str) -> Iterator[str]:
    """A second, empty database on the same server (the restore target)."""
    name = f"r_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_server.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_server.format(db=name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    engine = create_engine(url)
    with engine.connect() as connection:
        found = {
            table: [tuple(r) for r in connection.execute(text(f"SELECT * FROM {table}"))]
            for table in TABLES
        }
    engine.dispose()
    return {table: sorted(rows, key=repr) for table, rows in found.items()}


def _filled(url: str, home: Path) -> str:
    """A database with an assessment, answers, an attachment, an export and their history,
    and signing keys in `home`; returns the assessment id."""
    repo = Repository(make_engine(url))
    record = repo.create(
        AssessmentInfo(title="バックアップ対象", system=SystemInfo(name="ExampleLM")),
        POLICY,
        "山田",
        {"freedom_use": Answer(value="yes")},
    )
    repo.save_answer(record.id, "freedom_study", Answer(value="no"), record.version, "佐藤")
    repo.add_attachment(record.id, "freedom_use", "証拠.pdf", b"%PDF-1.7 evidence", "山田")
    repo.add_export(record.id, "json", "ja", "report.json", b'{"a": 1}', False, "山田")
    repo.engine.dispose()
    generate_keys(home / "keys", now=NOW, unencrypted=True)
    return record.id


def test_a_round_trip_restores_the_database_and_the_keys(
    postgres_url: str, empty_url: str, tmp_path: Path
) -> None:
    """Every row of every table and every key file come back identical, the restored history
    is still append-only, and the restored keys sign as the same key."""
    assessment_id = _filled(postgres_url, tmp_path / "home")
    archive = tmp_path / "backup" / "osai.tar"
    manifest = backup(postgres_url, tmp_path / "home", archive, NOW)
    assert "database.dump" in manifest["members"]  # type: ignore[operator]
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds private keys"

    restore(archive, empty_url, tmp_path / "restored")
    assert _rows(empty_url) == _rows(postgres_url)
    original = sorted((tmp_path / "home" / "keys").iterdir())
    restored = sorted((tmp_path / "restored" / "keys").iterdir())
    assert [p.name for p in restored] == [p.name for p in original]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(original, restored, strict=True))
    assert load_keys(tmp_path / "restored" / "keys", unencrypted=True).fingerprint == (
        load_keys(tmp_path / "home" / "keys", unencrypted=True).fingerprint
    )
    again = Repository(make_engine(empty_url))
    assert again.get(assessment_id).answers["freedom_study"].value == "no"
    engine = create_engine(empty_url)
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM history"))
    engine.dispose()
    again.engine.dispose()


def test_restore_refuses_a_database_that_is_not_empty(postgres_url: str, tmp_path: Path) -> None:
    """Restoring over a database in use is refused with what to do, and its rows stay."""
    _filled(postgres_url, tmp_path / "home")
    archive = tmp_path / "osai.tar"
    backup(postgres_url, tmp_path / "home", archive, NOW)
    before = _rows(postgres_url)
    with pytest.raises(BackupError, match="not empty; create a new one"):
        restore(archive, postgres_url, tmp_path / "elsewhere")
    assert _rows(postgres_url) == before
    assert not (tmp_path / "elsewhere" / "keys").exists()


def test_restore_refuses_a_home_that_has_keys(
    postgres_url: str, empty_url: str, tmp_path: Path
) -> None:
    """Keys are never overwritten: an occupied home is refused before the database is touched."""
    _filled(postgres_url, tmp_path / "home")
    archive = tmp_path / "osai.tar"
    backup(postgres_url, tmp_path / "home", archive, NOW)
    with pytest.raises(BackupError, match="holds keys already"):
        restore(archive, empty_url, tmp_path / "home")
    assert all(not rows for rows in _rows_if_any(empty_url))


def _rows_if_any(url: str) -> list[list[object]]:
    """The rows of the public tables, if there are any tables."""
    engine = create_engine(url)
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
        found = [list(connection.execute(text(f'SELECT * FROM "{n}"'))) for n in names]
    engine.dispose()
    return found


def test_a_damaged_archive_is_refused_before_anything_is_written(
    postgres_url: str, empty_url: str, tmp_path: Path
) -> None:
    """A member that no longer matches the manifest's SHA-256 stops the restore."""
    _filled(postgres_url, tmp_path / "home")
    archive = tmp_path / "osai.tar"
    backup(postgres_url, tmp_path / "home", archive, NOW)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for info in source.getmembers():
            data = source.extractfile(info).read()  # type: ignore[union-attr]
            if info.name == "database.dump":
                data = data[:-1] + bytes([data[-1] ^ 1])
            target.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match=r"database\.dump does not match its SHA-256"):
        restore(damaged, empty_url, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()
    assert _rows_if_any(empty_url) == []


def test_the_password_stays_off_the_command_line() -> None:
    """The URL's password goes to the client programs in their environment, not in argv."""
    url, env = libpq_url("postgresql+psycopg://osai:s%40cret@db.example:5432/osai?sslmode=require")
    assert url == "postgresql://osai@db.example:5432/osai?sslmode=require"
    assert env == {"PGPASSWORD": "s@cret"}


def test_only_postgresql_is_backed_up_this_way() -> None:
    """A SQLite URL gets a message saying what to do instead."""
    with pytest.raises(BackupError, match="copy the data directory"):
        libpq_url("sqlite:////tmp/x.sqlite3")
