"""Database schema and engine: SQLite (WAL) by default, any SQLAlchemy URL for a shared server.

The tables hold assessments (one row per revision, optimistically locked by `version_id`), an
append-only history of every change, evidence attachments and exported reports. Nothing here
is handed to callers: `repository` turns rows into plain models.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

DB_URL_ENV = "OSAI_PROCURE_DB_URL"
DATA_DIR_ENV = "OSAI_PROCURE_DATA_DIR"
DB_FILE_NAME = "osai-procure.sqlite3"

log = logging.getLogger("osai_procure.store")


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Store UTC; refuse naive datetimes, whose zone would be a guess."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware time")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Read back as UTC-aware."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class AssessmentRow(Base):
    """One revision of an assessment; `version_id` guards every ORM update."""

    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    root_id: Mapped[str] = mapped_column(String(36), index=True)
    parent_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(500))
    search_text: Mapped[str] = mapped_column(Text, default="")
    policy_id: Mapped[str] = mapped_column(String(200), index=True)
    policy_version: Mapped[str] = mapped_column(String(100))
    policy_digest: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)
    info: Mapped[dict[str, Any]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    signoffs: Mapped[list[Any]] = mapped_column(JSON)
    signature: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    updated_by: Mapped[str] = mapped_column(String(200))
    # The verdict summary of this revision (derived data, `register.sync.summary_of`), the
    # content digest it was made under (`register.sync.content_digest`) and the `version_id`
    # it describes; written beside the row by plain updates, so it never bumps the version or
    # enters the history chain.
    verdicts: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    verdicts_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    verdicts_version: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - SQLAlchemy's own idiom


class HistoryRow(Base):
    """One change, never updated or deleted: who, when, what (question, old -> new)."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    question_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    # The hash chain (store/chain.py); empty on rows written before it existed.
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    state: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AttachmentRow(Base):
    """An evidence file, kept byte for byte with its SHA-256."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    uploaded_by: Mapped[str] = mapped_column(String(200))


class ExportRow(Base):
    """A report produced from an assessment: format, language, bytes and digest."""

    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    assessment_version: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(10))
    lang: Mapped[str] = mapped_column(String(5))
    filename: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    signed: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


Index("ix_exports_lookup", ExportRow.assessment_id, ExportRow.format, ExportRow.lang)


class RegisterRow(Base):
    """The register's view of one assessment (its newest revision): the verdicts as last
    evaluated, and the columns the register filters, sorts and counts by. Derived data, kept
    up to date by `osai_procure.register.sync`; `source_version` and `evaluated_digest` say
    which assessment version and which content (policy, questionnaires, licence data) it was
    computed from."""

    __tablename__ = "register_entries"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), primary_key=True)
    root_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    source_version: Mapped[int] = mapped_column(Integer)
    evaluated_digest: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500), index=True)
    search_text: Mapped[str] = mapped_column(Text)
    agency: Mapped[str] = mapped_column(String(200), index=True)
    system_name: Mapped[str] = mapped_column(String(200))
    procurement_id: Mapped[str] = mapped_column(String(200))
    policy_id: Mapped[str] = mapped_column(String(200), index=True)
    policy_version: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), index=True)
    osaid_verdict: Mapped[str] = mapped_column(String(40), index=True)
    policy_verdict: Mapped[str] = mapped_column(String(40), index=True)
    label: Mapped[str] = mapped_column(String(100))
    mof_class: Mapped[str] = mapped_column(String(20))
    unknowns: Mapped[int] = mapped_column(Integer)
    gates_open: Mapped[int] = mapped_column(Integer)
    outcomes: Mapped[dict[str, Any]] = mapped_column(JSON)
    approved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    evidence_checked_at: Mapped[datetime | None] = mapped_column(
        UtcDateTime, nullable=True, index=True
    )
    drill_result: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    drill_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class RegisterFindingRow(Base):
    """A criterion of a register entry that is not met or still unknown (what the register
    counts by criterion: which requirements vendors fail most)."""

    __tablename__ = "register_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("register_entries.assessment_id"), index=True
    )
    criterion_id: Mapped[str] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))


# Counting gates not met by criterion reads this index alone (no table rows).
Index(
    "ix_register_findings_open",
    RegisterFindingRow.severity,
    RegisterFindingRow.status,
    RegisterFindingRow.criterion_id,
    RegisterFindingRow.assessment_id,
)


class DrillRow(Base):
    """A preservation drill: a deposit checked file by file, and its signed record."""

    __tablename__ = "drills"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    root_id: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(1000))
    result: Mapped[str] = mapped_column(String(10))
    files: Mapped[int] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(BigInteger)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)


class ImportNotesRow(Base):
    """What one import told the officer (the notes as codes with their arguments, put into
    words in the reader's language when shown), kept with the assessment's lineage."""

    __tablename__ = "import_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    root_id: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(1000))
    notes: Mapped[list[Any]] = mapped_column(JSON)


def _refuse_history_change(_mapper: Any, _connection: Any, target: HistoryRow) -> None:
    """ORM guard on every backend: a history row is never updated or deleted."""
    raise ValueError(f"history is append-only (entry {target.id})")


event.listen(HistoryRow, "before_update", _refuse_history_change)
event.listen(HistoryRow, "before_delete", _refuse_history_change)

# The history is append-only in the database itself, not only by convention in Python
# (SQLite triggers here, a trigger function on PostgreSQL below; on any server database also
# REVOKE UPDATE, DELETE on `history` from the application's role).
_SQLITE_HISTORY_GUARDS = (
    "CREATE TRIGGER IF NOT EXISTS history_no_update BEFORE UPDATE ON history "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS history_no_delete BEFORE DELETE ON history "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
)


# PostgreSQL: one trigger function refuses both, so the history stays append-only for every
# client of the database, not only for this application.
_POSTGRES_HISTORY_GUARDS = (
    "CREATE OR REPLACE FUNCTION osai_history_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'history is append-only'; END $$",
    "CREATE OR REPLACE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history "
    "FOR EACH ROW EXECUTE FUNCTION osai_history_append_only()",
)


def default_data_dir(environ: Mapping[str, str], home: Path) -> Path:
    """Where the embedded database lives: `OSAI_PROCURE_DATA_DIR` (`make run` sets it to
    `.osai-procure/` in the checkout, which git ignores), else the user's data directory."""
    configured = environ.get(DATA_DIR_ENV, "").strip()
    if configured:
        return Path(configured)
    xdg = environ.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg else home / ".local" / "share") / "osai-procure"


def default_database_url(environ: Mapping[str, str], data_dir: Path) -> str:
    """Return `OSAI_PROCURE_DB_URL` if set, else a SQLite file in `OSAI_PROCURE_DATA_DIR` or
    `data_dir`."""
    url = environ.get(DB_URL_ENV, "").strip()
    if url:
        return url
    directory = Path(environ.get(DATA_DIR_ENV, "").strip() or data_dir)
    return f"sqlite:///{directory / DB_FILE_NAME}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per connection: WAL for concurrent readers, a busy timeout instead of instant errors."""
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA busy_timeout=5000",
        "PRAGMA foreign_keys=ON",
        "PRAGMA synchronous=NORMAL",
    ):
        cursor.execute(pragma)
    cursor.close()


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"
# The key of the PostgreSQL advisory lock that serialises migrations (any fixed 64-bit number
# the deployment does not use for something else; this one spells "osaimigr" in ASCII).
MIGRATION_LOCK_KEY = 0x6F7361696D696772


@dataclass(frozen=True)
class Migration:
    """What one start-up did to the schema: the revision found and the revision left."""

    before: str | None
    after: str | None

    @property
    def changed(self) -> bool:
        """True when this start-up ran migrations (another process may have run them)."""
        return self.before != self.after


def _take_migration_lock(connection: Connection) -> None:
    """Hold the migration lock until this transaction ends: on PostgreSQL an advisory lock, so
    processes started together against one database migrate it once, one after the other; the
    others wait, then find it at the newest revision. SQLite serialises writers itself."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def migrate(engine: Engine) -> Migration:
    """Bring the database's schema to the newest migration (`store/migrations/`), and make its
    history append-only, under the migration lock. A database created before migrations
    existed holds the first revision's tables; it is stamped with that revision, then upgraded
    like any other."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    guards = {"sqlite": _SQLITE_HISTORY_GUARDS, "postgresql": _POSTGRES_HISTORY_GUARDS}
    with engine.begin() as connection:
        _take_migration_lock(connection)
        config.attributes["connection"] = connection
        current = MigrationContext.configure(connection).get_current_revision()
        if current is None and inspect(connection).has_table("assessments"):
            command.stamp(config, FIRST_REVISION)
        command.upgrade(config, "head")
        # Idempotent, so kept here rather than in one migration: every database gets them.
        for statement in guards.get(engine.dialect.name, ()):
            connection.execute(text(statement))
        after = MigrationContext.configure(connection).get_current_revision()
    if after != current:
        log.info("schema migrated", extra={"event": "migrated", "before": current, "after": after})
    return Migration(current, after)


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private(database: Path) -> None:
    """The SQLite file (assessments, evidence, reports) readable by the owner only, whatever
    the umask: 0600, in a 0700 data directory. SQLite gives its -wal and -shm files the
    database file's mode. An existing directory is tightened only when it is the app's own
    data directory (it holds `osai-procure.sqlite3`), never a parent such as /tmp."""
    directory = database.parent
    if not directory.exists():
        directory.mkdir(parents=True, mode=PRIVATE_DIR)
        directory.chmod(PRIVATE_DIR)  # mkdir's mode is filtered by the umask
    elif database.name == DB_FILE_NAME and directory.stat().st_uid == os.getuid():
        directory.chmod(PRIVATE_DIR)
    # Created empty with the private mode before SQLite opens it (an empty file is a valid,
    # empty database); an existing file, or its journal files, are tightened.
    os.close(os.open(database, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    for path in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))):
        if path.exists():
            path.chmod(PRIVATE_FILE)


def make_engine(url: str) -> Engine:
    """Create an engine for `url` with its schema migrated to the newest revision; SQLite gets
    its private directory and file, and its pragmas."""
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        make_private(Path(parsed.database).expanduser())
    engine = create_engine(url, future=True)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    migrate(engine)
    from osai_procure.store.audit import log_actions  # it imports this module's tables

    log_actions(engine)
    return engine


def data_dir_from_env(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Return the configured data directory, if any."""
    value = environ.get(DATA_DIR_ENV, "").strip()
    return Path(value) if value else None
