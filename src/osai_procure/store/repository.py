"""The assessment repository: create, read, search, autosave answers, sign off, revise, audit.

Callers get plain frozen models, never ORM rows, so nothing here can detach or go stale in a UI
session. Every write names its actor and takes the time from the injected `now` clock. Writes
that change an assessment pass the version the caller last saw: a stale version raises
`ConflictError` unless the intervening changes touched other questions only (then the change
is applied on top, and both stay in the history). Approved and rejected revisions are locked;
`new_revision` starts the next one.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, Literal, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, Engine, Select, Table, Text, and_, func, insert, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from osai_procure.errors import CodedError, OsaiProcureError
from osai_procure.models.answers import Answer, AnswersFile, AssessmentInfo, PolicyRef
from osai_procure.roles import Change, Grants, PermissionDeniedError, Principal, RoleMap
from osai_procure.store.chain import (
    GENESIS,
    STATE_COLUMNS,
    ChainProblem,
    entry_hash,
    state_digest,
)
from osai_procure.store.chain import check_chain as recompute_chain
from osai_procure.store.db import (
    AssessmentRow,
    AttachmentRow,
    ExportRow,
    HistoryRow,
    ImportNotesRow,
)

Status = Literal["draft", "in_review", "approved", "rejected"]
STATUSES: tuple[Status, ...] = ("draft", "in_review", "approved", "rejected")
LOCKED_STATUSES: frozenset[str] = frozenset({"approved", "rejected"})
Decision = Literal["approve", "return", "reject"]
DECISIONS: tuple[Decision, ...] = ("approve", "return", "reject")
ExportFormat = Literal["pdf", "xlsx", "json"]

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_EXPORT_BYTES = 50 * 1024 * 1024
_NAME_LIMIT = 200
_RACE_RETRIES = 5
_T = TypeVar("_T")
# Who acts: a signed-in principal, or a name (typed, or a program's), which is not authenticated.
Actor = str | Principal
# A revision's verdict summary: the content digest it was made under (policy, questionnaires,
# licence data: `register.sync.content_digest`), and its data.
Summariser = Callable[["AssessmentRecord"], tuple[str, dict[str, Any]] | None]
# History actions that never conflict with another officer's write.
_NON_CONFLICTING = frozenset({"answer", "attachment", "export"})

# Actions recorded in the history. `answer` rows carry the question id and old -> new answer.
Action = Literal[
    "created",
    "answer",
    "info",
    "signoff",
    "signoffs_withdrawn",
    "status",
    "attachment",
    "export",
    "revision_created",
]


def utcnow() -> datetime:
    """The default clock: the current time in UTC (injected, so tests can pass their own)."""
    return datetime.now(UTC)


# -- errors -------------------------------------------------------------------------------------


class StoreError(OsaiProcureError):
    """Base of the store's errors."""


class NotFoundError(StoreError):
    """No assessment (or attachment, export) with that id."""

    def __init__(self, kind: str, ident: object) -> None:
        self.kind = kind
        self.ident = ident
        super().__init__(f"no {kind} with id {ident!r}")


class ConflictError(StoreError):
    """Someone else changed the assessment since `expected_version`, in a way that overlaps."""

    def __init__(
        self,
        assessment_id: str,
        expected_version: int,
        current_version: int,
        questions: tuple[str, ...],
        actions: tuple[str, ...],
        changed_by: str,
        changed_at: datetime,
    ) -> None:
        self.assessment_id = assessment_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.questions = questions
        self.actions = actions
        self.changed_by = changed_by
        self.changed_at = changed_at
        what = ", ".join(questions or actions) or "the assessment"
        super().__init__(
            f"assessment {assessment_id} changed since version {expected_version} "
            f"(now {current_version}) by {changed_by} at {changed_at.isoformat()}: {what}"
        )


class LockedError(StoreError):
    """The assessment is approved or rejected; changes go into a new revision."""

    def __init__(self, assessment_id: str, status: str) -> None:
        self.assessment_id = assessment_id
        self.status = status
        super().__init__(f"assessment {assessment_id} is {status} and locked; start a new revision")


class TransitionError(StoreError, CodedError):
    """A sign-off or revision step that the workflow does not allow now (coded: `wording.ERRORS`
    words it in either language)."""


class DutyError(TransitionError):
    """Separation of duties: this identity already signed another role of this round."""

    def __init__(self, assessment_id: str, role: str, signed_as: str, who: str) -> None:
        self.assessment_id = assessment_id
        self.role = role
        self.signed_as = signed_as
        self.who = who
        super().__init__(
            f"{who!r} already signed this round of assessment {assessment_id} as the "
            f"{signed_as}; another officer signs as the {role}"
        )


class OverrideRequiredError(TransitionError):
    """Approving an incomplete verdict needs a written override reason."""


class _RaceLost(Exception):
    """Another transaction changed the row between our read and our write."""


class AttachmentTooLargeError(StoreError):
    """An attachment or export above the size cap."""

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(f"file of {size} bytes is above the limit of {limit} bytes")


# -- records ------------------------------------------------------------------------------------


class Record(BaseModel):
    """Base of the store's plain, immutable results."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class PolicyStamp(Record):
    """The exact policy an assessment is made against."""

    id: str
    version: str
    digest: str


class SignOff(Record):
    """One sign-off: who (name and title, as they sign), which role, the decision, when."""

    role: str
    name: str = Field(min_length=1, max_length=_NAME_LIMIT)
    title: str = Field(default="", max_length=_NAME_LIMIT)
    organisation: str = Field(default="", max_length=_NAME_LIMIT)
    decision: Decision
    date: str | None = Field(default=None, description="the signer's local calendar date")
    comment: str = Field(default="", max_length=5000)
    authenticated: bool = Field(
        default=False,
        description="the signer was signed in (OIDC or the proxy's header); otherwise the "
        "name was typed and proves nothing",
    )
    override_reason: str = Field(
        default="",
        max_length=5000,
        description="why the approver approves although the policy verdict is incomplete",
    )
    at: datetime | None = None
    actor: str | None = None


class AssessmentRecord(Record):
    """An assessment revision as stored."""

    id: str
    root_id: str
    parent_id: str | None
    revision: int
    title: str
    policy: PolicyStamp
    status: Status
    version: int
    info: AssessmentInfo
    answers: dict[str, Answer]
    current_step: int
    signoffs: tuple[SignOff, ...]
    signature: dict[str, Any] | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str

    @property
    def locked(self) -> bool:
        """Approved or rejected: no more changes to this revision."""
        return self.status in LOCKED_STATUSES

    def answers_file(self) -> AnswersFile:
        """The assessment as an answers file, for the engine and the reports."""
        # `answers` goes in through model_copy: AnswersFile's short-form expansion would wrap
        # Answer instances as values (it expects plain data), and these are validated already.
        empty = AnswersFile(
            schema_version=1,
            assessment=self.info,
            policy=PolicyRef(id=self.policy.id, version=self.policy.version),
        )
        return empty.model_copy(update={"answers": dict(self.answers)})


class AssessmentSummary(Record):
    """A row of the assessment list."""

    id: str
    root_id: str
    revision: int
    title: str
    status: Status
    policy_id: str
    policy_version: str
    agency: str | None
    system_name: str
    procurement_id: str | None
    answer_count: int
    version: int
    updated_at: datetime
    updated_by: str


class HistoryEntry(Record):
    """One change in the append-only history."""

    id: int
    assessment_id: str
    version: int
    at: datetime
    actor: str
    action: str
    question_id: str | None
    old: Any
    new: Any
    prev_hash: str | None = None
    hash: str | None = None
    state: str | None = None


class ChainCheck(Record):
    """The outcome of recomputing an assessment's history chain."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    assessment_id: str
    head: str
    hashes: tuple[str, ...]
    entries: int
    problems: tuple[ChainProblem, ...]
    status: str
    signature: dict[str, Any] | None

    @property
    def intact(self) -> bool:
        """No problem found."""
        return not self.problems


class AttachmentInfo(Record):
    """A stored evidence file (without its bytes)."""

    id: int
    assessment_id: str
    question_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str


class ExportInfo(Record):
    """A stored report (without its bytes)."""

    id: int
    assessment_id: str
    assessment_version: int
    format: str
    lang: str
    filename: str
    size: int
    sha256: str
    signed: bool
    created_at: datetime
    created_by: str


class ImportNotes(Record):
    """What one import told the officer: its source and its notes as JSON data (codes with
    their arguments, `importers.ImportNote.to_data`), put into words when shown."""

    id: int
    assessment_id: str
    at: datetime
    actor: str
    source: str
    notes: tuple[dict[str, Any], ...]


# -- helpers ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _clean_name(name: str, fallback: str = "file") -> str:
    """A safe display/file name: no directories, no control characters, bounded length."""
    base = re.split(r"[\\/]", name)[-1]
    base = _CONTROL.sub("", base).strip().lstrip(".")
    return (base or fallback)[:_NAME_LIMIT]


def _principal(actor: Actor) -> Principal:
    """The actor as a principal: a plain name is a typed one, not authenticated."""
    return actor if isinstance(actor, Principal) else Principal.typed(actor)


def _actor(actor: Actor) -> str:
    """Normalise an actor to the name the history records (a principal's identity); history
    never records an empty 'who'."""
    name = actor.identity if isinstance(actor, Principal) else actor
    cleaned = _CONTROL.sub(" ", name).strip()[:_NAME_LIMIT]
    return cleaned or "unknown"


def _assessment_row(session: Session, assessment_id: str) -> AssessmentRow:
    """The assessment's row.

    Raises:
        NotFoundError: no such id.
    """
    row = session.get(AssessmentRow, assessment_id)
    if row is None:
        raise NotFoundError("assessment", assessment_id)
    return row


def search_text(info: AssessmentInfo) -> str:
    """Everything the list and register searches match, casefolded."""
    parts = [
        info.title,
        info.procurement_id or "",
        info.agency or "",
        info.system.name,
        info.system.version or "",
        info.system.provider or "",
    ]
    return " ".join(p for p in parts if p).casefold()


def _answer_json(answer: Answer) -> dict[str, Any]:
    """An answer as stored."""
    return answer.model_dump(mode="json")


def _answer_from(data: Any) -> Answer:
    """An answer read back in strict JSON mode (lists become tuples)."""
    return _answer_from_json(json.dumps(data, sort_keys=True, ensure_ascii=False))


@lru_cache(maxsize=8192)
def _answer_from_json(text: str) -> Answer:
    """Validate a stored answer once per distinct JSON text (answers are frozen, so sharing
    one instance is safe); an assessment's unchanged answers are not validated again."""
    return Answer.model_validate_json(text)


def _substance(data: Mapping[str, Any] | None) -> Any:
    """What makes an answer different: everything but who/when answered it."""
    if data is None:
        return None
    return {k: v for k, v in data.items() if k not in ("answered_by", "answered_at")}


def _history_entry(
    assessment_id: str,
    version: int,
    actor: str,
    action: str,
    question_id: str | None,
    old: Any,
    new: Any,
    at: datetime,
) -> dict[str, Any]:
    """The columns of one history row (for a Core insert, or a `HistoryRow` via the ORM)."""
    return {
        "assessment_id": assessment_id,
        "version": version,
        "at": at,
        "actor": actor,
        "action": action,
        "question_id": question_id,
        "old": old,
        "new": new,
    }


def _state_of(row: AssessmentRow | Mapping[str, Any]) -> str:
    """The state digest of an assessment row (ORM object or column mapping)."""
    if isinstance(row, Mapping):
        return state_digest(row)
    return state_digest({c: getattr(row, c) for c in STATE_COLUMNS})


def _head(connection: Session | Connection, assessment_id: str) -> str:
    """The hash of the assessment's newest chained history row (GENESIS before the first)."""
    history = HistoryRow.__table__
    found = connection.execute(
        select(history.c.hash)
        .where(history.c.assessment_id == assessment_id, history.c.hash.is_not(None))
        .order_by(history.c.id.desc())
        .limit(1)
    ).scalar()
    return str(found) if found else GENESIS


def _chained(
    connection: Session | Connection, assessment_id: str, entries: list[dict[str, Any]], state: str
) -> list[dict[str, Any]]:
    """Give new history rows of one assessment their chain fields, after its newest stored row
    (the caller holds the assessment's row lock, so no other writer appends meanwhile)."""
    prev = _head(connection, assessment_id)
    chained = []
    for entry in entries:
        linked = {**entry, "state": state, "prev_hash": prev}
        linked["hash"] = prev = entry_hash(prev, linked)
        chained.append(linked)
    return chained


def _identity(name: str | None) -> str:
    """A name or login compared for separation of duties: case and spacing do not count; the
    unnamed marker is nobody."""
    folded = " ".join((name or "").split()).casefold()
    return "" if folded in ("", "(unnamed)", "unknown") else folded


def _check_duties(
    assessment_id: str, signoff: SignOff, actor: str, done: Sequence[SignOff]
) -> None:
    """Refuse a sign-off by an identity that already signed another role of this round: the
    signed name always, and the acting login when the sign-off was made signed in (a typed
    session name is one desk, not one person).

    Raises:
        DutyError: it did.
    """
    mine = {_identity(signoff.name), _identity(actor) if signoff.authenticated else ""} - {""}
    for earlier in done:
        acting = _identity(earlier.actor) if earlier.authenticated else ""
        theirs = {_identity(earlier.name), acting} - {""}
        if mine & theirs:
            raise DutyError(assessment_id, signoff.role, earlier.role, signoff.name)


def _escape_like(term: str) -> str:
    """Escape LIKE wildcards so a search for '50%' means the text '50%'."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _record(row: AssessmentRow | Any) -> AssessmentRecord:
    """Turn a row (ORM object, or Core row with the same column names) into a record while
    the session is open."""
    return AssessmentRecord(
        id=row.id,
        root_id=row.root_id,
        parent_id=row.parent_id,
        revision=row.revision,
        title=row.title,
        policy=PolicyStamp(id=row.policy_id, version=row.policy_version, digest=row.policy_digest),
        status=row.status,  # the store only ever writes STATUSES
        version=row.version_id,
        info=AssessmentInfo.model_validate_json(json.dumps(row.info)),
        answers={qid: _answer_from(data) for qid, data in (row.answers or {}).items()},
        current_step=row.current_step,
        signoffs=tuple(SignOff.model_validate(item) for item in row.signoffs or ()),
        signature=row.signature,
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


class StoredAnswers(Mapping[str, Answer]):
    """An assessment's stored answers, each validated when first read (through the same
    cache as `get`): work over the whole archive that reads a few questions of each
    assessment does not validate the rest."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw
        self._read: dict[str, Answer] = {}

    def __getitem__(self, qid: str) -> Answer:
        found = self._read.get(qid)
        if found is None:
            found = self._read[qid] = _answer_from(self._raw[qid])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def stored_value(self, qid: str) -> Any:
        """The stored value of the answer to a question (None when there is none), as the
        JSON data it was saved as, without validating anything."""
        data = self._raw.get(qid)
        return data.get("value") if isinstance(data, dict) else None


def _summary(row: AssessmentRow | Any) -> AssessmentSummary:
    """Turn a row into a list entry."""
    info = row.info or {}
    system = info.get("system") or {}
    return AssessmentSummary(
        id=row.id,
        root_id=row.root_id,
        revision=row.revision,
        title=row.title,
        status=row.status,
        policy_id=row.policy_id,
        policy_version=row.policy_version,
        agency=info.get("agency"),
        system_name=str(system.get("name") or ""),
        procurement_id=info.get("procurement_id"),
        answer_count=len(row.answers or {}),
        version=row.version_id,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def _history(row: HistoryRow) -> HistoryEntry:
    """Turn a history row into an entry (same field names)."""
    return HistoryEntry.model_validate(row, from_attributes=True)


def _attachment(row: AttachmentRow) -> AttachmentInfo:
    """Turn an attachment row into its info (same field names)."""
    return AttachmentInfo.model_validate(row, from_attributes=True)


def _import_notes(row: ImportNotesRow) -> ImportNotes:
    """A stored import's notes as a record (entries that are not objects are left out)."""
    notes = row.notes if isinstance(row.notes, list) else []
    return ImportNotes(
        id=row.id,
        assessment_id=row.assessment_id,
        at=row.at,
        actor=row.actor,
        source=row.source,
        notes=tuple(n for n in notes if isinstance(n, dict)),
    )


def _export(row: ExportRow) -> ExportInfo:
    """Turn an export row into its info (same field names)."""
    return ExportInfo.model_validate(row, from_attributes=True)


# -- the repository -----------------------------------------------------------------------------


class Repository:
    """Assessments, their history, attachments and exports in one database."""

    def __init__(
        self,
        engine: Engine,
        now: Callable[[], datetime] = utcnow,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
        separation_of_duties: bool | None = None,
        roles: RoleMap | None = None,
        summarise: Summariser | None = None,
    ) -> None:
        self.engine = engine
        # With a roles file every write is checked against the actor's roles; without one
        # (local single-officer mode) names are typed and nothing is checked but the duties.
        self.roles = roles
        # Called with each revision as saved; what it returns is stored beside the row as the
        # revision's verdict summary (`register.sync.summariser`), so the register reads it
        # instead of evaluating. None: no summaries are made (the register makes them).
        self.summarise = summarise
        # On by default (or as the roles file says): one identity (a signed-in officer, or a
        # typed name) signs one role of a round, so the preparer never approves their own work.
        if separation_of_duties is None:
            separation_of_duties = roles.separation_of_duties if roles is not None else True
        self.separation_of_duties = separation_of_duties
        self._now = now
        self._new_id = new_id

    # internal -----------------------------------------------------------------------------

    def _authorise(self, actor: Actor, change: Change, role: str | None = None) -> Grants | None:
        """Check the actor's roles for a change (None: no roles file, nothing to check).

        Raises:
            PermissionDeniedError: the roles file gives the actor no role that allows it.
        """
        if self.roles is None:
            return None
        return self.roles.authorise(_principal(actor), change, role)

    def refusal(
        self, actor: Actor, change: Change, role: str | None = None
    ) -> PermissionDeniedError | None:
        """Why the actor may not make a change, or None when they may (for pages that hide
        what the store would refuse)."""
        try:
            self._authorise(actor, change, role)
        except PermissionDeniedError as exc:
            return exc
        return None

    def may(self, actor: Actor, change: Change, role: str | None = None) -> bool:
        """Whether the actor may make a change."""
        return self.refusal(actor, change, role) is None

    def _load(self, session: Session, assessment_id: str) -> AssessmentRow:
        """Fetch a row for update, or raise NotFoundError."""
        row = session.get(AssessmentRow, assessment_id, with_for_update=True)
        if row is None:
            raise NotFoundError("assessment", assessment_id)
        return row

    def _log(
        self,
        session: Session,
        row: AssessmentRow,
        version: int,
        actor: str,
        action: Action,
        question_id: str | None = None,
        old: Any = None,
        new: Any = None,
        at: datetime | None = None,
    ) -> None:
        """Append one history entry, chained to the assessment's previous one; the state is the
        row's as flushed."""
        entry = _history_entry(
            row.id, version, actor, action, question_id, old, new, at or self._now()
        )
        (linked,) = _chained(session, row.id, [entry], _state_of(row))
        session.add(HistoryRow(**linked))
        session.flush()

    def _check_version(
        self,
        session: Session | Connection,
        row: AssessmentRow | Any,
        expected_version: int,
        questions: Sequence[str] = (),
    ) -> None:
        """Raise ConflictError when others changed what this write touches since
        `expected_version`; a write to other questions only is allowed through."""
        if row.version_id == expected_version:
            return
        history = HistoryRow.__table__
        entries = session.execute(
            select(history)
            .where(history.c.assessment_id == row.id, history.c.version > expected_version)
            .order_by(history.c.id)
        ).all()
        theirs = {e.question_id for e in entries if e.action == "answer" and e.question_id}
        actions = tuple(
            dict.fromkeys(e.action for e in entries if e.action not in _NON_CONFLICTING)
        )
        overlap = tuple(sorted(theirs.intersection(questions)))
        if overlap or actions or not questions or expected_version > row.version_id:
            last = entries[-1] if entries else None
            raise ConflictError(
                row.id,
                expected_version,
                row.version_id,
                overlap,
                actions,
                last.actor if last else row.updated_by,
                last.at if last else row.updated_at,
            )

    def _flush(self, session: Session, row: AssessmentRow) -> int:
        """Flush an update and return the new version; a lost race raises `_RaceLost`."""
        try:
            session.flush()
        except StaleDataError:
            raise _RaceLost from None
        return row.version_id

    def _retrying(self, assessment_id: str, write: Callable[[], _T]) -> _T:
        """Run a write transaction again when another one committed between read and write;
        the version check then decides, on fresh data, between merging and a conflict."""
        for _ in range(_RACE_RETRIES):
            try:
                return write()
            except _RaceLost:
                continue
        raise ConflictError(
            assessment_id, 0, 0, (), ("concurrent",), "another session", self._now()
        )

    def _summarised(self, record: AssessmentRecord) -> AssessmentRecord:
        """Store the verdict summary of a revision just saved (when a summariser is set)."""
        if self.summarise is not None:
            summary = self.summarise(record)
            if summary is not None:
                from osai_procure.store.register import put_summaries  # it imports this module

                put_summaries(self.engine, [(record.id, record.version, summary)])
        return record

    # reading ------------------------------------------------------------------------------

    def get(self, assessment_id: str) -> AssessmentRecord:
        """Return one assessment revision.

        Raises:
            NotFoundError: no such id.
        """
        with Session(self.engine) as session:
            row = _assessment_row(session, assessment_id)
            return _record(row)

    def get_many(self, assessment_ids: Sequence[str]) -> list[AssessmentRecord]:
        """The revisions with these ids, in the order given (unknown ids are left out); one
        query per few hundred, for work over the whole archive."""
        found: dict[str, AssessmentRecord] = {}
        table = AssessmentRow.__table__
        with self.engine.connect() as connection:
            for start in range(0, len(assessment_ids), 500):
                chunk = list(assessment_ids[start : start + 500])
                for row in connection.execute(select(table).where(table.c.id.in_(chunk))):
                    found[row.id] = _record(row)
        return [found[i] for i in assessment_ids if i in found]

    def answers_many(self, assessment_ids: Sequence[str]) -> Iterator[tuple[str, StoredAnswers]]:
        """The stored answers of these revisions (unknown ids are left out), read in bulk: one
        query per few hundred, only the answers column, each answer validated when used."""
        table = AssessmentRow.__table__
        with self.engine.connect() as connection:
            for start in range(0, len(assessment_ids), 500):
                chunk = list(assessment_ids[start : start + 500])
                query = select(table.c.id, table.c.answers).where(table.c.id.in_(chunk))
                for ident, raw in connection.execute(query):
                    yield ident, StoredAnswers(raw or {})

    def answer_texts(
        self, assessment_ids: Sequence[str], question_ids: Sequence[str]
    ) -> Iterator[tuple[str, tuple[str | None, ...]]]:
        """The values of the answers to these questions, per revision, as the JSON text the
        database extracts (a JSON path per question; None or "null" where there is no
        answer): equal texts are equal values, so they serve as keys, and neither the answers
        documents nor the values are parsed."""
        table = AssessmentRow.__table__
        paths = [sql_cast(table.c.answers[(qid, "value")], Text) for qid in question_ids]
        with self.engine.connect() as connection:
            for start in range(0, len(assessment_ids), 500):
                chunk = list(assessment_ids[start : start + 500])
                query = select(table.c.id, *paths).where(table.c.id.in_(chunk))
                for row in connection.execute(query):
                    yield row[0], tuple(row[1:])

    def version_of(self, assessment_id: str) -> int:
        """Return the current version, cheaply (no answers loaded).

        Raises:
            NotFoundError: no such id.
        """
        with Session(self.engine) as session:
            version = session.scalar(
                select(AssessmentRow.version_id).where(AssessmentRow.id == assessment_id)
            )
            if version is None:
                raise NotFoundError("assessment", assessment_id)
            return version

    def list_assessments(
        self,
        search: str = "",
        status: Sequence[str] = (),
        policy_id: str | None = None,
        latest_only: bool = True,
        limit: int = 500,
    ) -> list[AssessmentSummary]:
        """List assessments, newest change first: every search word must match the title,
        procurement id, agency or system; `latest_only` keeps the newest revision of each.

        Filtering, the newest-revision rule and the limit all run in the database, so the
        cost follows `limit`, not the size of the archive."""
        row = AssessmentRow
        columns = (
            row.id,
            row.root_id,
            row.revision,
            row.title,
            row.status,
            row.policy_id,
            row.policy_version,
            row.info,
            row.answers,
            row.version_id,
            row.updated_at,
            row.updated_by,
        )
        query = self._listing(columns, search, status, policy_id, latest_only)
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(row.updated_at.desc()).limit(limit)).all()
        return [_summary(r) for r in rows]

    def count_assessments(
        self,
        search: str = "",
        status: Sequence[str] = (),
        policy_id: str | None = None,
        latest_only: bool = True,
    ) -> int:
        """How many assessments `list_assessments` would list without a limit."""
        query = self._listing((func.count(),), search, status, policy_id, latest_only)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def _listing(
        self,
        columns: Sequence[Any],
        search: str,
        status: Sequence[str],
        policy_id: str | None,
        latest_only: bool,
    ) -> Select[Any]:
        """The assessment list's query: the columns asked for, under the list's filters."""
        row = AssessmentRow
        query = select(*columns).select_from(row)
        for term in search.casefold().split():
            query = query.where(row.search_text.like(f"%{_escape_like(term)}%", escape="\\"))
        if status:
            query = query.where(row.status.in_(list(status)))
        if policy_id:
            query = query.where(row.policy_id == policy_id)
        if latest_only:
            newest = (
                select(row.root_id, func.max(row.revision).label("revision"))
                .group_by(row.root_id)
                .subquery()
            )
            query = query.join(
                newest, and_(row.root_id == newest.c.root_id, row.revision == newest.c.revision)
            )
        return query

    def revisions(self, assessment_id: str) -> list[AssessmentSummary]:
        """Every revision of the assessment's lineage, oldest first.

        Raises:
            NotFoundError: no such id.
        """
        with Session(self.engine) as session:
            row = _assessment_row(session, assessment_id)
            rows = session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.root_id == row.root_id)
                .order_by(AssessmentRow.revision)
            ).all()
            return [_summary(r) for r in rows]

    def history(self, assessment_id: str) -> list[HistoryEntry]:
        """The assessment's history, oldest first."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(HistoryRow)
                .where(HistoryRow.assessment_id == assessment_id)
                .order_by(HistoryRow.id)
            ).all()
            return [_history(r) for r in rows]

    def chain_head(self, assessment_id: str) -> str:
        """The hash of the assessment's newest history row: what an approval signs."""
        with self.engine.connect() as connection:
            return _head(connection, assessment_id)

    def check_chain(self, assessment_id: str) -> ChainCheck:
        """Recompute the assessment's history chain and compare it with the stored row.

        Raises:
            NotFoundError: no such id.
        """
        assessments = cast(Table, AssessmentRow.__table__)
        history = cast(Table, HistoryRow.__table__)
        with self.engine.connect() as connection:
            row = connection.execute(
                select(assessments).where(assessments.c.id == assessment_id)
            ).one_or_none()
            if row is None:
                raise NotFoundError("assessment", assessment_id)
            entries = [
                dict(e._mapping)
                for e in connection.execute(
                    select(history)
                    .where(history.c.assessment_id == assessment_id)
                    .order_by(history.c.id)
                )
            ]
        head, problems = recompute_chain(entries, dict(row._mapping))
        return ChainCheck(
            assessment_id=assessment_id,
            head=head,
            hashes=tuple(str(e["hash"]) for e in entries if e.get("hash")),
            entries=len(entries),
            problems=tuple(problems),
            status=row.status,
            signature=row.signature,
        )

    # writing ------------------------------------------------------------------------------

    def create(
        self,
        info: AssessmentInfo,
        policy: PolicyStamp,
        actor: Actor,
        answers: Mapping[str, Answer] | None = None,
    ) -> AssessmentRecord:
        """Create a draft assessment (optionally with imported answers).

        Raises:
            PermissionDeniedError: the actor's roles do not allow it.
        """
        self._authorise(actor, "create")
        actor = _actor(actor)
        now = self._now()
        stamp = now.isoformat()
        stored = {
            qid: _answer_json(a.model_copy(update={"answered_at": a.answered_at or stamp}))
            for qid, a in (answers or {}).items()
        }
        ident = self._new_id()
        row = AssessmentRow(
            id=ident,
            root_id=ident,
            parent_id=None,
            revision=1,
            title=info.title,
            search_text=search_text(info),
            policy_id=policy.id,
            policy_version=policy.version,
            policy_digest=policy.digest,
            status="draft",
            info=info.model_dump(mode="json"),
            answers=stored,
            current_step=0,
            signoffs=[],
            signature=None,
            created_at=now,
            created_by=actor,
            updated_at=now,
            updated_by=actor,
        )
        with Session(self.engine) as session, session.begin():
            session.add(row)
            session.flush()
            self._log(
                session,
                row,
                row.version_id,
                actor,
                "created",
                None,
                None,
                {"title": info.title, "policy": policy.model_dump()},
                now,
            )
            for qid, data in stored.items():
                self._log(session, row, row.version_id, actor, "answer", qid, None, data, now)
            session.flush()
            record = _record(row)
        return self._summarised(record)

    def save_answers(
        self,
        assessment_id: str,
        changes: Mapping[str, Answer | None],
        expected_version: int,
        actor: Actor,
        step: int | None = None,
    ) -> AssessmentRecord:
        """Save changed answers (None clears one) in one transaction, one history row each.

        Unchanged answers are skipped; when nothing changed no version is used. Editing an
        assessment in review withdraws its sign-offs and returns it to draft (recorded).

        Raises:
            NotFoundError: no such id.
            LockedError: the revision is approved or rejected.
            ConflictError: someone changed one of these questions (or signed off) since
                `expected_version`.
            PermissionDeniedError: the actor's roles do not allow editing.
        """
        self._authorise(actor, "edit")
        actor = _actor(actor)
        table = cast(Table, AssessmentRow.__table__)

        # Core statements, not the ORM unit of work: this runs on every click in the wizard.
        # The version check in the UPDATE's WHERE does what the ORM's version_id_col does.
        def write() -> AssessmentRecord:
            with self.engine.begin() as conn:
                row = conn.execute(
                    select(table).where(table.c.id == assessment_id).with_for_update()
                ).one_or_none()
                if row is None:
                    raise NotFoundError("assessment", assessment_id)
                if row.status in LOCKED_STATUSES:
                    raise LockedError(row.id, row.status)
                now = self._now()
                answers = dict(row.answers or {})
                diffs: list[tuple[str, Any, Any]] = []
                for qid, answer in changes.items():
                    old = answers.get(qid)
                    if answer is None:
                        if old is None:
                            continue
                        answers.pop(qid)
                        diffs.append((qid, old, None))
                        continue
                    new = _answer_json(
                        answer.model_copy(
                            update={"answered_by": actor, "answered_at": now.isoformat()}
                        )
                    )
                    if _substance(new) == _substance(old):
                        continue
                    answers[qid] = new
                    diffs.append((qid, old, new))
                if not diffs:
                    if step is not None and step != row.current_step:
                        # Navigation only: no version is used up.
                        conn.execute(
                            update(table)
                            .where(table.c.id == row.id)
                            .values(current_step=max(0, step))
                        )
                        moved = {**row._mapping, "current_step": max(0, step)}
                        return _record(SimpleNamespace(**moved))
                    return _record(row)
                self._check_version(conn, row, expected_version, [d[0] for d in diffs])
                version = row.version_id + 1
                values: dict[str, Any] = {
                    "answers": answers,
                    "updated_at": now,
                    "updated_by": actor,
                    "version_id": version,
                }
                if step is not None:
                    values["current_step"] = max(0, step)
                withdrawn = row.status == "in_review"
                if withdrawn:
                    values.update(status="draft", signoffs=[])
                done = conn.execute(
                    update(table)
                    .where(table.c.id == row.id, table.c.version_id == row.version_id)
                    .values(**values)
                )
                if done.rowcount != 1:
                    raise _RaceLost
                entries = [
                    _history_entry(row.id, version, actor, "answer", qid, old, new, now)
                    for qid, old, new in diffs
                ]
                if withdrawn:
                    entries.append(
                        _history_entry(
                            row.id,
                            version,
                            actor,
                            "signoffs_withdrawn",
                            None,
                            {"status": "in_review", "signoffs": list(row.signoffs or [])},
                            {"status": "draft"},
                            now,
                        )
                    )
                state = {**row._mapping, **values}
                entries = _chained(conn, row.id, entries, _state_of(state))
                conn.execute(insert(cast(Table, HistoryRow.__table__)), entries)
                return _record(SimpleNamespace(**state))

        return self._summarised(self._retrying(assessment_id, write))

    def save_answer(
        self,
        assessment_id: str,
        question_id: str,
        answer: Answer | None,
        expected_version: int,
        actor: Actor,
    ) -> AssessmentRecord:
        """Save (or, with None, clear) one answer; see `save_answers`.

        Raises:
            NotFoundError: no such id.
            LockedError: the revision is approved or rejected.
            ConflictError: someone changed this question since `expected_version`.
        """
        return self.save_answers(assessment_id, {question_id: answer}, expected_version, actor)

    def set_step(self, assessment_id: str, step: int, actor: Actor) -> None:
        """Remember where the officer is in the wizard (navigation, not a change: no version).

        Raises:
            PermissionDeniedError: the actor's roles do not allow editing.
        """
        self._authorise(actor, "edit")
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(AssessmentRow)
                .where(AssessmentRow.id == assessment_id)
                .values(current_step=max(0, step))
                .execution_options(synchronize_session=False)
            )

    def update_info(
        self, assessment_id: str, info: AssessmentInfo, expected_version: int, actor: Actor
    ) -> AssessmentRecord:
        """Change the title, procurement, agency or system details.

        Raises:
            NotFoundError: no such id.
            LockedError: the revision is approved or rejected.
            ConflictError: someone changed the details since `expected_version`.
            PermissionDeniedError: the actor's roles do not allow editing.
        """
        self._authorise(actor, "edit")
        actor = _actor(actor)

        def write() -> AssessmentRecord:
            with Session(self.engine) as session, session.begin():
                row = self._load(session, assessment_id)
                if row.status in LOCKED_STATUSES:
                    raise LockedError(row.id, row.status)
                new = info.model_dump(mode="json")
                if new == row.info:
                    return _record(row)
                # Others' answers may have moved the version on; only their other changes conflict.
                self._check_version(session, row, expected_version, ["__info__"])
                now = self._now()
                old = row.info
                row.info = new
                row.title = info.title
                row.search_text = search_text(info)
                row.updated_at = now
                row.updated_by = actor
                version = self._flush(session, row)
                self._log(session, row, version, actor, "info", None, old, new, now)
                return _record(row)

        return self._summarised(self._retrying(assessment_id, write))

    def record_signoff(
        self,
        assessment_id: str,
        signoff: SignOff,
        roles: Sequence[str],
        expected_version: int,
        actor: Actor,
        signature: Mapping[str, Any] | None = None,
        verdict_incomplete: bool = False,
    ) -> AssessmentRecord:
        """Record one role's decision in the order of `roles` (the policy's sign-off roles).

        `approve` by the first role submits for review; by the last role approves and locks,
        storing `signature` (the signed record). `return` sends the assessment back to draft
        and clears this round of sign-offs. `reject`, by the last role only, closes it. An
        approval of an incomplete verdict needs the sign-off's `override_reason`.

        Raises:
            NotFoundError: no such id.
            LockedError: already approved or rejected.
            TransitionError: the role is unknown or out of turn.
            DutyError: this identity already signed another role of this round.
            OverrideRequiredError: an incomplete verdict approved without a written reason.
            ConflictError: the assessment changed since `expected_version`.
            PermissionDeniedError: the actor does not hold the role signed (or, approving,
                not at the level the assessment records as needed).
        """
        grants = self._authorise(actor, "signoff", signoff.role)
        principal = _principal(actor)
        # Whether the signer signed in is the store's to say, not the caller's.
        signoff = signoff.model_copy(update={"authenticated": principal.authenticated})
        actor = _actor(actor)
        if not roles:
            raise TransitionError.coded("transition.no_roles")
        if signoff.role not in roles:
            raise TransitionError.coded(
                "transition.unknown_role", role=signoff.role, roles=", ".join(roles)
            )

        def write() -> AssessmentRecord:
            with Session(self.engine) as session, session.begin():
                row = self._load(session, assessment_id)
                if row.status in LOCKED_STATUSES:
                    raise LockedError(row.id, row.status)
                self._check_version(session, row, expected_version)
                done = [SignOff.model_validate(s) for s in row.signoffs or ()]
                position = list(roles).index(signoff.role)
                expected_role = roles[len(done)] if len(done) < len(roles) else None
                if signoff.role != expected_role:
                    waiting = expected_role or "nobody"
                    raise TransitionError.coded(
                        "transition.not_now", role=signoff.role, waiting=waiting
                    )
                last = position == len(roles) - 1
                if self.roles is not None and grants is not None and signoff.role == "approver":
                    question = self.roles.file.approver_level_question
                    recorded = (row.answers or {}).get(question or "") if question else None
                    if recorded is not None and signoff.decision == "approve":
                        self.roles.check_level(principal, grants, recorded.get("value"))
                if self.separation_of_duties:
                    _check_duties(row.id, signoff, actor, done)
                if (
                    last
                    and signoff.decision == "approve"
                    and verdict_incomplete
                    and not signoff.override_reason.strip()
                ):
                    raise OverrideRequiredError(
                        "the policy verdict is incomplete: approving it needs a written "
                        "override reason"
                    )
                signed_head = (signature or {}).get("chain", {}).get("head")
                if signed_head is not None and signed_head != _head(session, row.id):
                    # The approver signed a history that has moved on since: sign again.
                    raise ConflictError(
                        row.id,
                        expected_version,
                        row.version_id,
                        (),
                        ("history",),
                        row.updated_by,
                        row.updated_at,
                    )
                if signoff.decision == "reject" and not last:
                    raise TransitionError.coded("transition.reject_last", role=roles[-1])
                if signoff.decision != "approve" and position == 0:
                    raise TransitionError.coded("transition.nothing_to_return", role=roles[0])
                now = self._now()
                entry = signoff.model_copy(update={"at": now, "actor": actor})
                old_status = row.status
                if signoff.decision == "approve":
                    row.signoffs = [
                        *(s.model_dump(mode="json") for s in done),
                        entry.model_dump(mode="json"),
                    ]
                    row.status = "approved" if last else "in_review"
                    if last:
                        row.signature = dict(signature) if signature is not None else None
                elif signoff.decision == "return":
                    row.signoffs = []
                    row.status = "draft"
                else:
                    row.signoffs = [
                        *(s.model_dump(mode="json") for s in done),
                        entry.model_dump(mode="json"),
                    ]
                    row.status = "rejected"
                row.updated_at = now
                row.updated_by = actor
                version = self._flush(session, row)
                self._log(
                    session,
                    row,
                    version,
                    actor,
                    "signoff",
                    signoff.role,
                    None,
                    entry.model_dump(mode="json"),
                    now,
                )
                if row.status != old_status:
                    self._log(
                        session, row, version, actor, "status", None, old_status, row.status, now
                    )
                return _record(row)

        return self._summarised(self._retrying(assessment_id, write))

    def new_revision(
        self, assessment_id: str, actor: Actor, policy: PolicyStamp | None = None
    ) -> AssessmentRecord:
        """Start the next revision of an approved or rejected assessment: a draft with the same
        answers, details and attachments (and, optionally, a newer policy).

        Raises:
            NotFoundError: no such id.
            TransitionError: the revision is not locked, or a newer revision exists.
            PermissionDeniedError: the actor's roles do not allow it.
        """
        self._authorise(actor, "new_revision")
        actor = _actor(actor)
        with Session(self.engine) as session, session.begin():
            source = self._load(session, assessment_id)
            if source.status not in LOCKED_STATUSES:
                raise TransitionError.coded("transition.not_locked")
            newest = session.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.root_id == source.root_id)
                .order_by(AssessmentRow.revision.desc())
            ).first()
            if newest is not None and newest.id != source.id:
                raise TransitionError.coded(
                    "transition.revision_exists", revision=newest.revision, id=newest.id
                )
            now = self._now()
            stamp = policy or PolicyStamp(
                id=source.policy_id, version=source.policy_version, digest=source.policy_digest
            )
            ident = self._new_id()
            row = AssessmentRow(
                id=ident,
                root_id=source.root_id,
                parent_id=source.id,
                revision=source.revision + 1,
                title=source.title,
                search_text=source.search_text,
                policy_id=stamp.id,
                policy_version=stamp.version,
                policy_digest=stamp.digest,
                status="draft",
                info=dict(source.info),
                answers=dict(source.answers or {}),
                current_step=0,
                signoffs=[],
                signature=None,
                created_at=now,
                created_by=actor,
                updated_at=now,
                updated_by=actor,
            )
            session.add(row)
            session.flush()
            for attachment in session.scalars(
                select(AttachmentRow).where(AttachmentRow.assessment_id == source.id)
            ).all():
                session.add(
                    AttachmentRow(
                        assessment_id=ident,
                        question_id=attachment.question_id,
                        filename=attachment.filename,
                        media_type=attachment.media_type,
                        size=attachment.size,
                        sha256=attachment.sha256,
                        content=attachment.content,
                        uploaded_at=attachment.uploaded_at,
                        uploaded_by=attachment.uploaded_by,
                    )
                )
            self._log(
                session,
                row,
                row.version_id,
                actor,
                "revision_created",
                None,
                {"from": source.id, "revision": source.revision},
                {"revision": row.revision, "policy": stamp.model_dump()},
                now,
            )
            session.flush()
            record = _record(row)
        return self._summarised(record)

    # attachments and exports --------------------------------------------------------------

    def add_attachment(
        self,
        assessment_id: str,
        question_id: str,
        filename: str,
        content: bytes,
        actor: Actor,
        media_type: str = "application/octet-stream",
        max_bytes: int = MAX_ATTACHMENT_BYTES,
    ) -> AttachmentInfo:
        """Store an evidence file and its SHA-256 (the answer's evidence names it separately).

        Raises:
            NotFoundError: no such id.
            LockedError: the revision is approved or rejected.
            AttachmentTooLargeError: above `max_bytes`.
            PermissionDeniedError: the actor's roles do not allow editing.
        """
        self._authorise(actor, "edit")
        if len(content) > max_bytes:
            raise AttachmentTooLargeError(len(content), max_bytes)
        actor = _actor(actor)
        digest = hashlib.sha256(content).hexdigest()
        with Session(self.engine) as session, session.begin():
            row = self._load(session, assessment_id)
            if row.status in LOCKED_STATUSES:
                raise LockedError(row.id, row.status)
            now = self._now()
            attachment = AttachmentRow(
                assessment_id=row.id,
                question_id=question_id,
                filename=_clean_name(filename),
                media_type=_CONTROL.sub("", media_type)[:_NAME_LIMIT] or "application/octet-stream",
                size=len(content),
                sha256=digest,
                content=content,
                uploaded_at=now,
                uploaded_by=actor,
            )
            session.add(attachment)
            session.flush()
            self._log(
                session,
                row,
                row.version_id,
                actor,
                "attachment",
                question_id,
                None,
                {
                    "id": attachment.id,
                    "filename": attachment.filename,
                    "sha256": digest,
                    "size": len(content),
                },
                now,
            )
            return _attachment(attachment)

    def attachments(
        self, assessment_id: str, question_id: str | None = None
    ) -> list[AttachmentInfo]:
        """The assessment's attachments (optionally for one question), oldest first."""
        query = select(AttachmentRow).where(AttachmentRow.assessment_id == assessment_id)
        if question_id is not None:
            query = query.where(AttachmentRow.question_id == question_id)
        with Session(self.engine) as session:
            return [_attachment(r) for r in session.scalars(query.order_by(AttachmentRow.id))]

    def attachment(self, attachment_id: int) -> tuple[AttachmentInfo, bytes]:
        """One attachment and its bytes.

        Raises:
            NotFoundError: no such id.
        """
        with Session(self.engine) as session:
            row = session.get(AttachmentRow, attachment_id)
            if row is None:
                raise NotFoundError("attachment", attachment_id)
            return _attachment(row), bytes(row.content)

    def add_export(
        self,
        assessment_id: str,
        fmt: ExportFormat,
        lang: str,
        filename: str,
        content: bytes,
        signed: bool,
        actor: Actor,
    ) -> ExportInfo:
        """Keep a produced report and its SHA-256, against the version it was made from.

        Raises:
            NotFoundError: no such id.
            AttachmentTooLargeError: above the export size cap.
            PermissionDeniedError: the actor's roles do not allow keeping a report.
        """
        self._authorise(actor, "export")
        if len(content) > MAX_EXPORT_BYTES:
            raise AttachmentTooLargeError(len(content), MAX_EXPORT_BYTES)
        actor = _actor(actor)
        digest = hashlib.sha256(content).hexdigest()
        with Session(self.engine) as session, session.begin():
            row = _assessment_row(session, assessment_id)
            now = self._now()
            export = ExportRow(
                assessment_id=row.id,
                assessment_version=row.version_id,
                format=fmt,
                lang=lang,
                filename=_clean_name(filename, "report"),
                size=len(content),
                sha256=digest,
                signed=int(signed),
                content=content,
                created_at=now,
                created_by=actor,
            )
            session.add(export)
            session.flush()
            self._log(
                session,
                row,
                row.version_id,
                actor,
                "export",
                None,
                None,
                {"id": export.id, "format": fmt, "lang": lang, "sha256": digest, "signed": signed},
                now,
            )
            return _export(export)

    def add_import_notes(
        self,
        assessment_id: str,
        source: str,
        notes: Sequence[Mapping[str, Any]],
        actor: Actor,
    ) -> ImportNotes:
        """Keep what an import told the officer with the assessment (shown again later).

        Raises:
            NotFoundError: no such id.
            PermissionDeniedError: the actor's roles do not allow editing.
        """
        self._authorise(actor, "edit")
        actor = _actor(actor)
        with Session(self.engine) as session, session.begin():
            row = _assessment_row(session, assessment_id)
            kept = ImportNotesRow(
                assessment_id=row.id,
                root_id=row.root_id,
                at=self._now(),
                actor=actor,
                source=_CONTROL.sub("", source)[:1000],
                notes=[dict(n) for n in notes],
            )
            session.add(kept)
            session.flush()
            return _import_notes(kept)

    def import_notes(self, assessment_id: str) -> list[ImportNotes]:
        """The notes of every import into the assessment's lineage (earlier revisions too,
        whose imported answers a new revision carries), newest first.

        Raises:
            NotFoundError: no such id.
        """
        with Session(self.engine) as session:
            row = _assessment_row(session, assessment_id)
            rows = session.scalars(
                select(ImportNotesRow)
                .where(ImportNotesRow.root_id == row.root_id)
                .order_by(ImportNotesRow.id.desc())
            )
            return [_import_notes(r) for r in rows]

    def exports(self, assessment_id: str) -> list[ExportInfo]:
        """The assessment's exports, newest first."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(ExportRow)
                .where(ExportRow.assessment_id == assessment_id)
                .order_by(ExportRow.id.desc())
            )
            return [_export(r) for r in rows]

    def export(self, export_id: int) -> tuple[ExportInfo, bytes]:
        """One export and its bytes.

        Raises:
            NotFoundError: no such id.
        """
        with Session(self.engine) as session:
            row = session.get(ExportRow, export_id)
            if row is None:
                raise NotFoundError("export", export_id)
            return _export(row), bytes(row.content)
