"""The register's tables: one derived row per assessment (its newest revision), queried with
filters, search, sort and counts that all run in the database; and preservation drills.

Nothing here evaluates: `osai_procure.register.sync` computes the entries with the engine and
hands them over. Callers get plain frozen models, as from the repository.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Literal, NamedTuple, TypeVarTuple, cast, get_args

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    not_,
    or_,
    select,
    update,
)

from osai_procure.roles import RoleMap
from osai_procure.store.db import AssessmentRow, DrillRow, RegisterFindingRow, RegisterRow
from osai_procure.store.repository import (
    Actor,
    NotFoundError,
    Repository,
    _actor,
    _escape_like,
    _principal,
)

SortKey = Literal[
    "updated_at",
    "title",
    "agency",
    "policy_id",
    "status",
    "osaid_verdict",
    "policy_verdict",
    "approved_at",
    "unknowns",
    "gates_open",
]
SORT_KEYS: tuple[SortKey, ...] = get_args(SortKey)
DrillResult = Literal["passed", "failed"]
_CHUNK = 500


class _Frozen(BaseModel):
    """Base of the register's plain, immutable results."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class OpenFinding(NamedTuple):
    """A criterion not met or still unknown in a register entry (a plain tuple: an entry has
    dozens, and filling the register writes them by the hundred thousand)."""

    criterion_id: str
    severity: str
    status: str


class RegisterEntry(_Frozen):
    """One assessment as the register shows it: its newest revision and verdicts."""

    assessment_id: str
    root_id: str
    revision: int
    source_version: int
    evaluated_digest: str
    title: str
    search_text: str
    agency: str
    system_name: str
    procurement_id: str
    policy_id: str
    policy_version: str
    status: str
    osaid_verdict: str
    policy_verdict: str
    label: str
    mof_class: str
    unknowns: int
    gates_open: int
    outcomes: dict[str, str]
    approved_by: str | None
    approved_at: datetime | None
    evidence_checked_at: datetime | None
    drill_result: str | None
    drill_at: datetime | None
    updated_at: datetime


class Candidate(_Frozen):
    """A newest revision and what the register holds for it (None when nothing yet)."""

    assessment_id: str
    version: int
    policy_id: str
    entry_version: int | None
    entry_digest: str | None


class Drill(_Frozen):
    """A stored preservation drill."""

    id: int
    assessment_id: str
    root_id: str
    at: datetime
    actor: str
    target: str
    result: str
    files: int
    bytes: int
    record: dict[str, Any]


@dataclass(frozen=True)
class RegisterQuery:
    """What to list: every search word must match; each filter that is given must hold.

    `due_before` keeps approved entries approved on or before that time (their re-assessment is
    due); `stale_before` keeps entries whose oldest evidence check is on or before it; both
    together keep either. `drill_failed` keeps entries whose last drill failed.
    """

    search: str = ""
    statuses: Sequence[str] = ()
    policy_ids: Sequence[str] = ()
    agencies: Sequence[str] = ()
    osaid_verdicts: Sequence[str] = ()
    policy_verdicts: Sequence[str] = ()
    due_before: datetime | None = None
    stale_before: datetime | None = None
    drill_failed: bool = False
    approved_only: bool = False
    sort: SortKey = "updated_at"
    descending: bool = True
    limit: int | None = 100
    offset: int = 0


def _entry(row: Any) -> RegisterEntry:
    """A register row (Core row with the column names) as an entry."""
    return RegisterEntry.model_validate(row._mapping)


_Ts = TypeVarTuple("_Ts")


def _filtered(query: Select[*_Ts], q: RegisterQuery) -> Select[*_Ts]:
    """The query with the register's filters applied."""
    r = RegisterRow
    for term in q.search.casefold().split():
        query = query.where(r.search_text.like(f"%{_escape_like(term)}%", escape="\\"))
    for column, values in (
        (r.status, q.statuses),
        (r.policy_id, q.policy_ids),
        (r.agency, q.agencies),
        (r.osaid_verdict, q.osaid_verdicts),
        (r.policy_verdict, q.policy_verdicts),
    ):
        if values:
            query = query.where(column.in_(list(values)))
    if q.approved_only:
        query = query.where(r.status == "approved")
    flags = []
    if q.due_before is not None:
        flags.append(and_(r.status == "approved", r.approved_at <= q.due_before))
    if q.stale_before is not None:
        flags.append(r.evidence_checked_at <= q.stale_before)
    if flags:
        query = query.where(or_(*flags))
    if q.drill_failed:
        query = query.where(r.drill_result == "failed")
    return query


_FINDING_COLUMNS = ("assessment_id", "criterion_id", "severity", "status")


def insert_findings(connection: Connection, rows: Sequence[tuple[str, str, str, str]]) -> None:
    """Insert open findings through the driver, in the connection's transaction: with dozens
    per entry, SQLAlchemy's per-row parameter handling cost more than the database's writes
    (benchmarks/bench_register.py). PostgreSQL (psycopg) takes them by COPY, others by one
    prepared statement run for every row."""
    if not rows:
        return
    table = RegisterFindingRow.__tablename__
    columns = ", ".join(_FINDING_COLUMNS)
    cursor = connection.connection.cursor()
    try:
        if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        marks = ", ".join([mark] * len(_FINDING_COLUMNS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    finally:
        cursor.close()


class RegisterStore:
    """The register entries and drills of one database.

    Two kinds of write, and nothing else: a drill (`add_drill`) is an officer's act and is
    checked against the actor's roles, like every write of the repository; the register's rows
    and the verdict summaries (`DERIVED_WRITES`) are a cache computed by the engine from the
    stored revisions and the policy files, carrying nothing an officer typed, so any reader
    (an auditor's register page, `osai-procure register`) may rebuild them and none needs a
    role. `tests/store/test_write_paths.py` runs every public method and fails on a write that
    is neither.
    """

    # The cache writes: what `register.sync` stores. Each can be dropped and rebuilt from the
    # assessments alone (an entry is recomputed when its revision's version or its policy's
    # digest moves on), and none is in the history chain's state digest.
    DERIVED_WRITES: ClassVar[frozenset[str]] = frozenset(
        {"drop_superseded", "put", "put_summaries"}
    )

    def __init__(self, engine: Engine, roles: RoleMap | None = None) -> None:
        self.engine = engine
        # As for the repository: with a roles file, keeping a drill needs a role that may.
        # Build it with `of(repository)` so the two check the same roles file.
        self.roles = roles

    @classmethod
    def of(cls, repository: Repository) -> RegisterStore:
        """The register of a repository's database, under the repository's roles file."""
        return cls(repository.engine, roles=repository.roles)

    # keeping the register up to date ------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        """Every newest revision, with the version and content digest (policy, questionnaires,
        licence data: `register.sync.content_digest`) its entry was computed from (None when
        it has no entry yet)."""
        a, r = AssessmentRow, RegisterRow
        newest = (
            select(a.root_id, func.max(a.revision).label("revision")).group_by(a.root_id).subquery()
        )
        query = (
            select(a.id, a.version_id, a.policy_id, r.source_version, r.evaluated_digest)
            .join(newest, and_(a.root_id == newest.c.root_id, a.revision == newest.c.revision))
            .outerjoin(r, r.assessment_id == a.id)
        )
        with self.engine.connect() as connection:
            return [
                Candidate(
                    assessment_id=row[0],
                    version=row[1],
                    policy_id=row[2],
                    entry_version=row[3],
                    entry_digest=row[4],
                )
                for row in connection.execute(query)
            ]

    def drop_superseded(self) -> int:
        """Remove the entries of revisions that a newer revision has replaced; return how many."""
        a, r = AssessmentRow, RegisterRow
        newest = (
            select(a.root_id, func.max(a.revision).label("revision")).group_by(a.root_id).subquery()
        )
        current = select(a.id).join(
            newest, and_(a.root_id == newest.c.root_id, a.revision == newest.c.revision)
        )
        with self.engine.begin() as connection:
            gone = list(
                connection.execute(
                    select(r.assessment_id).where(not_(r.assessment_id.in_(current)))
                ).scalars()
            )
            for start in range(0, len(gone), _CHUNK):
                chunk = gone[start : start + _CHUNK]
                connection.execute(
                    delete(RegisterFindingRow).where(RegisterFindingRow.assessment_id.in_(chunk))
                )
                connection.execute(delete(r).where(r.assessment_id.in_(chunk)))
        return len(gone)

    def put(self, entries: Iterable[tuple[RegisterEntry, Sequence[OpenFinding]]]) -> int:
        """Store entries (replacing any with the same assessment id) with their open findings;
        the drill columns are taken from the newest drill of the entry's lineage. Returns the
        number stored."""
        count = 0
        batch: list[tuple[RegisterEntry, Sequence[OpenFinding]]] = []
        for item in entries:
            batch.append(item)
            if len(batch) >= _CHUNK:
                count += self._put_chunk(batch)
                batch = []
        if batch:
            count += self._put_chunk(batch)
        return count

    def _put_chunk(self, batch: Sequence[tuple[RegisterEntry, Sequence[OpenFinding]]]) -> int:
        """Replace one chunk of entries in one transaction."""
        ids = [entry.assessment_id for entry, _ in batch]
        roots = sorted({entry.root_id for entry, _ in batch})
        with self.engine.begin() as connection:
            drills = self._newest_drills(connection, roots)
            connection.execute(
                delete(RegisterFindingRow).where(RegisterFindingRow.assessment_id.in_(ids))
            )
            connection.execute(delete(RegisterRow).where(RegisterRow.assessment_id.in_(ids)))
            rows = []
            for entry, _ in batch:
                data = entry.model_dump()
                drill = drills.get(entry.root_id)
                data["drill_result"], data["drill_at"] = drill if drill else (None, None)
                rows.append(data)
            connection.execute(insert(RegisterRow), rows)
            insert_findings(
                connection,
                [
                    (entry.assessment_id, *finding)
                    for entry, open_findings in batch
                    for finding in open_findings
                ],
            )
        return len(batch)

    @staticmethod
    def _newest_drills(connection: Any, roots: Sequence[str]) -> dict[str, tuple[str, datetime]]:
        """The newest drill's result and time per lineage."""
        d = DrillRow
        newest = (
            select(d.root_id, func.max(d.id).label("id"))
            .where(d.root_id.in_(list(roots)))
            .group_by(d.root_id)
            .subquery()
        )
        rows = connection.execute(
            select(d.root_id, d.result, d.at).join(newest, d.id == newest.c.id)
        ).all()
        return {row[0]: (row[1], row[2]) for row in rows}

    def revision_rows(self, assessment_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The columns of these revisions a register entry takes (not their answers), with
        `summary`: their stored verdict summary (digest, data) when it describes their current
        version, else None."""
        a = AssessmentRow
        query = select(
            a.id,
            a.root_id,
            a.revision,
            a.version_id,
            a.title,
            a.search_text,
            a.info,
            a.policy_id,
            a.policy_version,
            a.status,
            a.signoffs,
            a.updated_at,
            a.verdicts,
            a.verdicts_digest,
            a.verdicts_version,
        ).where(a.id.in_(list(assessment_ids)))
        out = []
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                data = dict(row._mapping)
                current = (
                    data["verdicts"] is not None and data["verdicts_version"] == data["version_id"]
                )
                data["summary"] = (
                    (data["verdicts_digest"] or "", data["verdicts"]) if current else None
                )
                out.append(data)
        return out

    def put_summaries(self, items: Sequence[tuple[str, int, tuple[str, dict[str, Any]]]]) -> None:
        """Store verdict summaries (id, the version described, (digest, data)) beside their
        revisions; one whose revision has moved on since is not stored."""
        put_summaries(self.engine, items)

    # reading ------------------------------------------------------------------------------

    def query(self, q: RegisterQuery, validate: bool = True) -> list[RegisterEntry]:
        """The entries matching `q`, sorted and cut in the database (ties by assessment id, so
        pages never overlap). `validate` off builds them without checking the rows (which the
        register wrote from validated entries): for work over the whole register."""
        r = RegisterRow
        column = getattr(r, q.sort)
        order = column.desc() if q.descending else column.asc()
        query = _filtered(select(r.__table__), q).order_by(order, r.assessment_id)
        if q.offset:
            query = query.offset(q.offset)
        if q.limit is not None:
            query = query.limit(q.limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query)
            if not validate:
                return [RegisterEntry.model_construct(**row._mapping) for row in rows]
            return [_entry(row) for row in rows]

    def count(self, q: RegisterQuery) -> int:
        """How many entries `query` would return without limit and offset."""
        query = _filtered(select(func.count()).select_from(RegisterRow), q)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def entry(self, assessment_id: str) -> RegisterEntry:
        """One entry.

        Raises:
            NotFoundError: the register holds no entry for that id.
        """
        query = select(RegisterRow.__table__).where(RegisterRow.assessment_id == assessment_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            raise NotFoundError("register entry", assessment_id)
        return _entry(row)

    def verdict_counts(
        self, by: Literal["policy_id", "agency"], q: RegisterQuery | None = None
    ) -> list[tuple[str, str, int]]:
        """(group, policy verdict, count) for the entries matching `q`, grouped in the
        database."""
        r = RegisterRow
        group = getattr(r, by)
        query = _filtered(
            select(group, r.policy_verdict, func.count()).group_by(group, r.policy_verdict),
            q or RegisterQuery(),
        )
        with self.engine.connect() as connection:
            return [(row[0], row[1], int(row[2])) for row in connection.execute(query)]

    def osaid_counts(self, q: RegisterQuery | None = None) -> list[tuple[str, str, int]]:
        """(policy id, OSAID verdict, count) for the entries matching `q`."""
        r = RegisterRow
        query = _filtered(
            select(r.policy_id, r.osaid_verdict, func.count()).group_by(
                r.policy_id, r.osaid_verdict
            ),
            q or RegisterQuery(),
        )
        with self.engine.connect() as connection:
            return [(row[0], row[1], int(row[2])) for row in connection.execute(query)]

    def open_gates(self, q: RegisterQuery | None = None, limit: int = 20) -> list[tuple[str, int]]:
        """The gate criteria most often not met, with how many entries miss each."""
        f, r = RegisterFindingRow, RegisterRow
        query = _filtered(
            select(f.criterion_id, func.count().label("n"))
            .join(r, r.assessment_id == f.assessment_id)
            .where(f.severity == "gate", f.status == "not_met")
            .group_by(f.criterion_id),
            q or RegisterQuery(),
        )
        query = query.order_by(func.count().desc(), f.criterion_id).limit(limit)
        with self.engine.connect() as connection:
            return [(row[0], int(row[1])) for row in connection.execute(query)]

    def approval_times(self, q: RegisterQuery | None = None) -> list[datetime]:
        """When each approved entry matching `q` was approved (for re-assessments by month)."""
        r = RegisterRow
        query = _filtered(
            select(r.approved_at).where(r.status == "approved", r.approved_at.is_not(None)),
            q or RegisterQuery(),
        )
        with self.engine.connect() as connection:
            return [row[0] for row in connection.execute(query) if row[0] is not None]

    def distinct(self, column: Literal["policy_id", "agency"]) -> list[str]:
        """The values a filter can choose from, sorted."""
        col = getattr(RegisterRow, column)
        with self.engine.connect() as connection:
            return sorted(v for v in connection.execute(select(col).distinct()).scalars())

    # drills -------------------------------------------------------------------------------

    def add_drill(
        self,
        assessment_id: str,
        at: datetime,
        actor: Actor,
        target: str,
        result: DrillResult,
        files: int,
        size: int,
        record: dict[str, Any],
    ) -> Drill:
        """Keep a drill against an assessment (any status: a drill checks the deposit, it
        changes no answer) and show its result on the lineage's register entry.

        Raises:
            NotFoundError: no such assessment.
            PermissionDeniedError: the actor's roles do not allow it.
        """
        if self.roles is not None:
            self.roles.authorise(_principal(actor), "drill")
        with self.engine.begin() as connection:
            root = connection.execute(
                select(AssessmentRow.root_id).where(AssessmentRow.id == assessment_id)
            ).scalar()
            if root is None:
                raise NotFoundError("assessment", assessment_id)
            values = {
                "assessment_id": assessment_id,
                "root_id": root,
                "at": at,
                "actor": _actor(actor),
                "target": target[:1000],
                "result": result,
                "files": files,
                "bytes": size,
                "record": record,
            }
            ident = connection.execute(insert(DrillRow).returning(DrillRow.id), [values]).scalar()
            connection.execute(
                update(RegisterRow)
                .where(RegisterRow.root_id == root)
                .values(drill_result=result, drill_at=at)
            )
        assert ident is not None
        return Drill(id=int(ident), **values)

    def drills(self, assessment_id: str) -> list[Drill]:
        """Every drill of the assessment's lineage, newest first."""
        d = DrillRow
        root = select(AssessmentRow.root_id).where(AssessmentRow.id == assessment_id)
        query = select(d.__table__).where(d.root_id.in_(root)).order_by(d.id.desc())
        with self.engine.connect() as connection:
            return [Drill.model_validate(row._mapping) for row in connection.execute(query)]


def put_summaries(
    engine: Engine | Any, items: Sequence[tuple[str, int, tuple[str, dict[str, Any]]]]
) -> None:
    """Store verdict summaries beside their revisions (an engine, or a connection inside a
    transaction): a plain update, guarded by the version it describes."""
    table = cast(Table, AssessmentRow.__table__)
    statement = (
        update(table)
        .where(table.c.id == bindparam("ident"), table.c.version_id == bindparam("version"))
        .values(
            verdicts=bindparam("data"),
            verdicts_digest=bindparam("digest"),
            verdicts_version=bindparam("version"),
        )
    )
    rows = [
        {"ident": i, "version": v, "digest": digest, "data": data} for i, v, (digest, data) in items
    ]
    if not rows:
        return
    if isinstance(engine, Engine):
        with engine.begin() as connection:
            connection.execute(statement, rows)
    else:
        engine.execute(statement, rows)
