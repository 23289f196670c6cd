"""Keep the register up to date: bring in each newest revision whose answers or policy changed
since its entry was computed, and store the verdicts where the register can query them.

Each revision carries its verdict summary, made when it was saved (`summariser`, the
repository's hook) or backfilled by a migration; a summary made with the policy file and
engine of today is read, not evaluated again. A revision without one is evaluated here, and
its summary stored with it.

Verdicts are computed with the policy file currently declaring the assessment's policy id (as
the app does); an assessment whose policy cannot be found or does not fit its answers shows as
`unavailable`, never as a verdict it does not have.

A summary and an entry are kept under the digest of everything besides the answers that
decides them (`content_digest`: the resolved policy, each of its questionnaires and the licence
catalogue). A policy's own digest names its questionnaires only by id, so an edited question
(its options or its condition) leaves it unchanged: the content digest does not, and every
summary made under the old questionnaire is evaluated again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from osai_procure.engine import ENGINE_VERSION, evaluate
from osai_procure.errors import ContentError
from osai_procure.licences.catalogue import catalogue_digest
from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy
from osai_procure.models.evaluation import Evaluation
from osai_procure.store import AssessmentRecord, Repository, SignOff
from osai_procure.store.register import Candidate, OpenFinding, RegisterEntry, RegisterStore
from osai_procure.store.repository import search_text

UNAVAILABLE = "unavailable"
_CHUNK = 500

BundleFor = Callable[[str], PolicyBundle | None]
# A revision's verdict summary as stored: the content digest it was made under, and its data.
Summary = tuple[str, dict[str, Any]]


def content_digest(bundle: PolicyBundle) -> str:
    """SHA-256 of what decides a revision's verdicts besides its answers and the engine: the
    resolved policy's digest, each questionnaire's digest and the licence catalogue's."""
    data = {
        "policy": bundle.policy.digest,
        "questionnaires": dict(sorted(bundle.questionnaire_digests.items())),
        "licences": catalogue_digest(bundle.catalogue),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class SyncResult:
    """What a sync did: entries brought up to date, how many of them had to be evaluated (the
    rest read the summary stored with their revision), superseded entries removed, and the
    policy ids that could not be found."""

    refreshed: int
    evaluated: int
    removed: int
    missing_policies: tuple[str, ...]


def _checked_at(value: str | None) -> datetime | None:
    """An answer's `answered_at` (a date or a time, as ISO text) as a UTC time, or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return None
        parsed = datetime(day.year, day.month, day.day)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def evidence_checked_at(record: AssessmentRecord) -> datetime | None:
    """When the evidence links were last looked at, taken for the oldest: the earliest time an
    officer answered (or confirmed) an answer that cites a link. None when no answer cites one."""
    times = [
        _checked_at(answer.answered_at)
        for answer in record.answers.values()
        if any(e.url for e in answer.evidence)
    ]
    known = [t for t in times if t is not None]
    return min(known) if known else None


def summary_of(result: Evaluation, record: AssessmentRecord) -> dict[str, Any]:
    """What the register keeps of a revision's evaluation (stored with the revision as it is
    saved): the verdicts, label, MOF class, each criterion's status, the open findings, and
    when its evidence links were last looked at."""
    checked = evidence_checked_at(record)
    return {
        "engine": ENGINE_VERSION,
        "osaid_verdict": result.osaid.verdict,
        "policy_verdict": result.policy.verdict,
        "label": result.openness_label.id,
        "mof_class": result.mof_class.mof_class,
        "outcomes": {f.criterion: f.status for f in result.findings},
        "open": [
            [f.criterion, f.severity, f.status]
            for f in result.findings
            if f.status in ("not_met", "unknown")
        ],
        "evidence_checked_at": checked.isoformat() if checked is not None else None,
    }


def summarise(record: AssessmentRecord, bundle: PolicyBundle | None) -> Summary | None:
    """The content digest and verdict summary of one revision, or None when its policy is not
    found or does not fit its answers."""
    if bundle is None:
        return None
    try:
        result = evaluate(bundle, record.answers_file())
    except Exception:
        return None
    return content_digest(bundle), summary_of(result, record)


def summariser(bundle_for: BundleFor) -> Callable[[AssessmentRecord], Summary | None]:
    """The repository's hook that summarises each revision as it is saved (see
    `Repository.summarise`)."""

    def run(record: AssessmentRecord) -> Summary | None:
        return summarise(record, bundle_for(record.policy.id))

    return run


_SUMMARY_KEYS = frozenset(
    (
        "engine",
        "osaid_verdict",
        "policy_verdict",
        "label",
        "mof_class",
        "outcomes",
        "open",
        "evidence_checked_at",
    )
)


def _usable(stored: Summary | None, digest_now: str | None) -> dict[str, Any] | None:
    """A stored summary when it was made under this content (`content_digest`) and engine."""
    if stored is None or digest_now is None:
        return None
    digest, data = stored
    if (
        digest != digest_now
        or not isinstance(data, dict)
        or data.get("engine") != ENGINE_VERSION
        or not data.keys() >= _SUMMARY_KEYS
    ):
        return None
    return data


@dataclass(frozen=True)
class _Row:
    """What a register entry takes from a revision besides its verdicts."""

    assessment_id: str
    root_id: str
    revision: int
    version: int
    title: str
    search_text: str
    agency: str
    system_name: str
    procurement_id: str
    policy_id: str
    policy_version: str
    status: str
    approved_by: str | None
    approved_at: datetime | None
    updated_at: datetime


def _row_of(record: AssessmentRecord) -> _Row:
    """The row of a revision read whole."""
    approved = record.status == "approved" and record.signoffs
    last = record.signoffs[-1] if approved else None
    return _Row(
        record.id,
        record.root_id,
        record.revision,
        record.version,
        record.title,
        search_text(record.info),
        record.info.agency or "",
        record.info.system.name,
        record.info.procurement_id or "",
        record.policy.id,
        record.policy.version,
        record.status,
        last.name if last else None,
        (last.at or record.updated_at) if last else None,
        record.updated_at,
    )


def _row_from(data: Mapping[str, Any]) -> _Row:
    """The row of a revision from its columns (`RegisterStore.revision_rows`), without reading
    its answers: what the register needs when the revision carries its summary."""
    info = data["info"] or {}
    system = info.get("system") or {}
    signoffs = data["signoffs"] or []
    last = (
        SignOff.model_validate(signoffs[-1]) if data["status"] == "approved" and signoffs else None
    )
    return _Row(
        data["id"],
        data["root_id"],
        data["revision"],
        data["version_id"],
        data["title"],
        data["search_text"],
        info.get("agency") or "",
        system.get("name") or "",
        info.get("procurement_id") or "",
        data["policy_id"],
        data["policy_version"],
        data["status"],
        last.name if last else None,
        (last.at or data["updated_at"]) if last else None,
        data["updated_at"],
    )


def _entry_from(
    row: _Row, data: dict[str, Any] | None, digest: str
) -> tuple[RegisterEntry, list[OpenFinding]]:
    """A register entry and its open findings from a revision's row and verdict summary (None:
    no verdict to show)."""
    findings = list(map(OpenFinding._make, data["open"])) if data is not None else []
    checked = data.get("evidence_checked_at") if data is not None else None
    entry = RegisterEntry(
        assessment_id=row.assessment_id,
        root_id=row.root_id,
        revision=row.revision,
        source_version=row.version,
        evaluated_digest=digest,
        title=row.title,
        search_text=row.search_text,
        agency=row.agency,
        system_name=row.system_name,
        procurement_id=row.procurement_id,
        policy_id=row.policy_id,
        policy_version=row.policy_version,
        status=row.status,
        osaid_verdict=data["osaid_verdict"] if data else UNAVAILABLE,
        policy_verdict=data["policy_verdict"] if data else UNAVAILABLE,
        label=data["label"] if data else UNAVAILABLE,
        mof_class=data["mof_class"] if data else UNAVAILABLE,
        unknowns=sum(1 for f in findings if f.status == "unknown"),
        gates_open=sum(1 for f in findings if f.severity == "gate"),
        outcomes=dict(data["outcomes"]) if data else {},
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        evidence_checked_at=datetime.fromisoformat(checked) if checked else None,
        drill_result=None,
        drill_at=None,
        updated_at=row.updated_at,
    )
    return entry, findings


def build_entry(
    record: AssessmentRecord, bundle: PolicyBundle | None
) -> tuple[RegisterEntry, list[OpenFinding], Summary | None]:
    """The register entry of one revision, evaluated, with its open findings and the summary
    made (to be stored with the revision; None when it has no verdict). Pure: no database, no
    clock."""
    made = summarise(record, bundle)
    digest = content_digest(bundle) if bundle is not None else ""
    entry, findings = _entry_from(_row_of(record), made[1] if made else None, digest)
    return entry, findings, made


def _stale(candidates: Sequence[Candidate], bundle_for: BundleFor) -> tuple[list[str], set[str]]:
    """The ids whose entry is missing or out of date (another revision version, or made under
    other content), and the policy ids not found."""
    digests: dict[str, str] = {}
    missing: set[str] = set()
    for policy_id in {c.policy_id for c in candidates}:
        bundle = bundle_for(policy_id)
        digests[policy_id] = content_digest(bundle) if bundle is not None else ""
        if bundle is None:
            missing.add(policy_id)
    stale = [
        c.assessment_id
        for c in candidates
        if c.entry_version != c.version or c.entry_digest != digests[c.policy_id]
    ]
    return stale, missing


def sync(repository: Repository, bundle_for: BundleFor) -> SyncResult:
    """Bring the register up to date with the assessments; only what changed is evaluated."""
    store = RegisterStore.of(repository)
    removed = store.drop_superseded()
    stale, missing = _stale(store.candidates(), bundle_for)
    bundles: dict[str, tuple[PolicyBundle | None, str | None]] = {}
    evaluated: list[str] = []

    def bundle(policy_id: str) -> PolicyBundle | None:
        return found(policy_id)[0]

    def found(policy_id: str) -> tuple[PolicyBundle | None, str | None]:
        if policy_id not in bundles:
            loaded = bundle_for(policy_id)
            bundles[policy_id] = (loaded, content_digest(loaded) if loaded else None)
        return bundles[policy_id]

    def entries() -> Iterator[tuple[RegisterEntry, list[OpenFinding]]]:
        for start in range(0, len(stale), _CHUNK):
            chunk = stale[start : start + _CHUNK]
            rest: list[str] = []
            # A revision carrying a summary made with today's policy file is not read whole.
            for data in store.revision_rows(chunk):
                _, digest = found(data["policy_id"])
                summary = _usable(data["summary"], digest)
                if summary is None or digest is None:
                    rest.append(data["id"])
                    continue
                yield _entry_from(_row_from(data), summary, digest)
            fresh: list[tuple[str, int, Summary]] = []
            for record in repository.get_many(rest):
                entry, findings, made = build_entry(record, bundle(record.policy.id))
                if made is not None:
                    fresh.append((record.id, record.version, made))
                evaluated.append(record.id)
                yield entry, findings
            store.put_summaries(fresh)

    refreshed = store.put(entries())
    return SyncResult(refreshed, len(evaluated), removed, tuple(sorted(missing)))


def library_bundles(library: ContentLibrary) -> BundleFor:
    """Find and load each policy id once from a content library (None when no valid file
    declares it)."""
    cache: dict[str, PolicyBundle | None] = {}

    def bundle_for(policy_id: str) -> PolicyBundle | None:
        if policy_id not in cache:
            path = library.find("policy", policy_id)
            try:
                cache[policy_id] = load_policy(path, library) if path is not None else None
            except ContentError:
                cache[policy_id] = None
        return cache[policy_id]

    return bundle_for
