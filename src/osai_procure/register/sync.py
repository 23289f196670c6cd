"""Keep the register up to date: bring in each newest revision whose answers or policy changed
since its entry was computed, and store the verdicts where the register can query them.

Each revision carries its verdict summary, made when it was saved (`summariser`, the
repository's hook) or backfilled by a migration; a summary made with the policy file and
engine of today is read, not evaluated again. A revision without one is evaluated here, and
its summary stored with it.

Verdicts are computed with the policy file currently declaring the assessment's policy id (as
the app does); an assessment whose policy cannot be found or does not fit its answers shows as
`unavailable`, never as a verdict it does not have.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from osai_procure.engine import ENGINE_VERSION, evaluate
from osai_procure.errors import ContentError
from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy
from osai_procure.models.evaluation import Evaluation
from osai_procure.store import AssessmentRecord, Repository
from osai_procure.store.register import Candidate, OpenFinding, RegisterEntry, RegisterStore

UNAVAILABLE = "unavailable"
_CHUNK = 500

BundleFor = Callable[[str], PolicyBundle | None]
# A revision's verdict summary as stored: the policy digest it was made with, and its data.
Summary = tuple[str, dict[str, Any]]


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


def _search_text(record: AssessmentRecord) -> str:
    """What the register's search matches, casefolded (as the assessment list's search)."""
    info = record.info
    parts = (
        info.title,
        info.procurement_id or "",
        info.agency or "",
        info.system.name,
        info.system.version or "",
        info.system.provider or "",
    )
    return " ".join(p for p in parts if p).casefold()


def summary_of(result: Evaluation) -> dict[str, Any]:
    """What the register keeps of an evaluation (stored with each revision as it is saved):
    the verdicts, label, MOF class, each criterion's status and the open findings."""
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
    }


def summarise(record: AssessmentRecord, bundle: PolicyBundle | None) -> Summary | None:
    """The policy digest and verdict summary of one revision, or None when its policy is not
    found or does not fit its answers."""
    if bundle is None:
        return None
    try:
        result = evaluate(bundle, record.answers_file())
    except Exception:
        return None
    return bundle.policy.digest, summary_of(result)


def summariser(bundle_for: BundleFor) -> Callable[[AssessmentRecord], Summary | None]:
    """The repository's hook that summarises each revision as it is saved (see
    `Repository.summarise`)."""

    def run(record: AssessmentRecord) -> Summary | None:
        return summarise(record, bundle_for(record.policy.id))

    return run


def _usable(stored: Summary | None, bundle: PolicyBundle | None) -> dict[str, Any] | None:
    """A stored summary when it was made with this policy file and this engine."""
    if stored is None or bundle is None:
        return None
    digest, data = stored
    if digest != bundle.policy.digest or data.get("engine") != ENGINE_VERSION:
        return None
    return data


def build_entry(
    record: AssessmentRecord, bundle: PolicyBundle | None, stored: Summary | None = None
) -> tuple[RegisterEntry, list[OpenFinding], Summary | None]:
    """The register entry of one revision and its open findings, from its stored summary when
    that was made with this policy file, else evaluated (pure: no database, no clock); and the
    summary when it was evaluated here (to be stored)."""
    data = _usable(stored, bundle)
    fresh = None
    if data is None:
        fresh = summarise(record, bundle)
        data = fresh[1] if fresh is not None else None
    approved = record.status == "approved" and record.signoffs
    last = record.signoffs[-1] if approved else None
    findings = (
        [OpenFinding(criterion_id=c, severity=v, status=st) for c, v, st in data["open"]]
        if data is not None
        else []
    )
    entry = RegisterEntry(
        assessment_id=record.id,
        root_id=record.root_id,
        revision=record.revision,
        source_version=record.version,
        evaluated_digest=bundle.policy.digest if bundle is not None else "",
        title=record.title,
        search_text=_search_text(record),
        agency=record.info.agency or "",
        system_name=record.info.system.name,
        procurement_id=record.info.procurement_id or "",
        policy_id=record.policy.id,
        policy_version=record.policy.version,
        status=record.status,
        osaid_verdict=data["osaid_verdict"] if data else UNAVAILABLE,
        policy_verdict=data["policy_verdict"] if data else UNAVAILABLE,
        label=data["label"] if data else UNAVAILABLE,
        mof_class=data["mof_class"] if data else UNAVAILABLE,
        unknowns=sum(1 for f in findings if f.status == "unknown"),
        gates_open=sum(1 for f in findings if f.severity == "gate"),
        outcomes=dict(data["outcomes"]) if data else {},
        approved_by=last.name if last else None,
        approved_at=(last.at or record.updated_at) if last else None,
        evidence_checked_at=evidence_checked_at(record),
        drill_result=None,
        drill_at=None,
        updated_at=record.updated_at,
    )
    return entry, findings, fresh


def _stale(candidates: Sequence[Candidate], bundle_for: BundleFor) -> tuple[list[str], set[str]]:
    """The ids whose entry is missing or out of date, and the policy ids not found."""
    digests: dict[str, str] = {}
    missing: set[str] = set()
    for policy_id in {c.policy_id for c in candidates}:
        bundle = bundle_for(policy_id)
        digests[policy_id] = bundle.policy.digest if bundle is not None else ""
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
    store = RegisterStore(repository.engine)
    removed = store.drop_superseded()
    stale, missing = _stale(store.candidates(), bundle_for)
    bundles: dict[str, PolicyBundle | None] = {}
    evaluated: list[str] = []

    def entries() -> Iterator[tuple[RegisterEntry, list[OpenFinding]]]:
        for start in range(0, len(stale), _CHUNK):
            chunk = stale[start : start + _CHUNK]
            stored = store.summaries(chunk)
            fresh: list[tuple[str, int, Summary]] = []
            for record in repository.get_many(chunk):
                if record.policy.id not in bundles:
                    bundles[record.policy.id] = bundle_for(record.policy.id)
                entry, findings, made = build_entry(
                    record, bundles[record.policy.id], stored.get(record.id)
                )
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
