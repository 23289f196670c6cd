"""What a policy change would flip: every stored assessment evaluated under a candidate policy,
compared with its register entry (its verdicts under the policy it was made against, as that
file reads now). Reads only: no assessment, answer or history is changed; re-assessing under
the new policy is a new revision, made by an officer.

Only what the candidate changes is evaluated: a criterion whose definition, questions and
licence data are the same in the candidate and in the assessment's policy
(`osai_procure.dependencies`) keeps the status the register holds for it, and so do the label
and the MOF class; the verdicts are then decided by the engine from the statuses
(`engine.outcome`, the same functions as a full evaluation). What is left is shared between
assessments alike: the parts of an outcome are keyed by the values of the answers they read,
which the database extracts, and decided once per key (`osai_procure.memo`); an assessment's
answers are read only when one of its parts is not decided yet.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from osai_procure.dependencies import Fingerprints, fingerprints
from osai_procure.engine import Outcome, outcome
from osai_procure.loading import PolicyBundle
from osai_procure.memo import OutcomeMemo
from osai_procure.models.answers import Answer
from osai_procure.models.evaluation import Status
from osai_procure.register.sync import UNAVAILABLE, content_digest
from osai_procure.store import Repository
from osai_procure.store.register import RegisterEntry, RegisterQuery, RegisterStore
from osai_procure.store.repository import StoredAnswers

# What a change is reported on, in this order.
ASPECTS = ("osaid_verdict", "policy_verdict", "label", "mof_class")

BundleFor = Callable[[str], PolicyBundle | None]


@dataclass(frozen=True)
class CriterionChange:
    """A criterion whose outcome differs (None: the policy has no such criterion)."""

    criterion: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Flip:
    """One assessment whose verdict, label or MOF class would change, and the criteria that
    changed with it."""

    entry: RegisterEntry
    changes: dict[str, tuple[str, str]]
    criteria: tuple[CriterionChange, ...]


@dataclass(frozen=True)
class ImpactResult:
    """The outcome over every assessment considered."""

    candidate_id: str
    candidate_version: str
    candidate_digest: str
    considered: int
    flips: tuple[Flip, ...]
    failed: tuple[tuple[str, tuple[str, ...]], ...]


class _NoAnswers(Mapping[str, Answer]):
    """The answers of an assessment nothing is evaluated for: reading one is a bug in the
    plan, so it fails loudly rather than deciding anything on no answers."""

    def __getitem__(self, qid: str) -> Answer:
        raise AssertionError(f"impact read answer {qid!r} of an assessment it kept whole")

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("impact listed the answers of an assessment it kept whole")

    def __len__(self) -> int:
        return 0


_NO_ANSWERS = _NoAnswers()


@dataclass(frozen=True)
class _Plan:
    """What the register's results for entries made under one policy version keep under the
    candidate: the criteria whose status stands, whether the label and MOF class do, and the
    questions whose answers the rest may read."""

    digest: str
    kept: frozenset[str]
    label: bool
    mof: bool
    reads: tuple[str, ...]
    shareable: bool = True

    @property
    def kept_order(self) -> tuple[str, ...]:
        """The kept criteria in a fixed order."""
        return tuple(sorted(self.kept))


def _plan(
    candidate: PolicyBundle, prints: Fingerprints, old: PolicyBundle | None, incremental: bool
) -> _Plan:
    """Compare the candidate with an assessment's own policy (None: not found, nothing kept)."""
    if old is None or not incremental:
        return _Plan("", frozenset(), label=False, mof=False, reads=(), shareable=False)
    before = fingerprints(old)
    kept = prints.unchanged(before)
    label, mof = prints.label == before.label, prints.mof == before.mof
    reads = set(prints.exception_reads)
    for criterion in candidate.policy.criteria:
        if criterion.id not in kept:
            reads |= prints.criterion_reads[criterion.id]
    if not label:
        reads |= prints.label_reads
    if not mof:
        reads |= prints.mof_reads
    return _Plan(content_digest(old), kept, label, mof, tuple(sorted(reads)))


@dataclass(frozen=True)
class _Kept:
    """What one entry keeps, whether anything is left to evaluate (which needs its answers),
    and whether its outcome is decided by `plan.reads` alone (so entries alike share it)."""

    known: dict[str, Status]
    label: str | None
    mof: str | None
    evaluate: bool
    shared: bool


def _kept(entry: RegisterEntry, plan: _Plan, candidate: PolicyBundle) -> _Kept:
    """What an entry keeps of its register results under the candidate."""
    if entry.evaluated_digest != plan.digest:  # the register computed it from other content
        return _Kept({}, None, None, evaluate=True, shared=False)
    known = cast(dict[str, Status], {c: s for c, s in entry.outcomes.items() if c in plan.kept})
    label = entry.label if plan.label else None
    mof = entry.mof_class if plan.mof else None
    shared = plan.shareable and len(known) == len(plan.kept)
    if len(known) < len(candidate.policy.criteria) or label is None or mof is None:
        return _Kept(known, label, mof, evaluate=True, shared=shared)
    # Every status is kept; the answers are still read when the policy's exception route
    # could waive the gates not met (as `engine._excepted` decides).
    route = candidate.policy.exception
    open_gates = {
        c.id for c in candidate.policy.criteria if c.severity == "gate" and known[c.id] == "not_met"
    }
    rest = route is not None and bool(open_gates) and open_gates <= set(route.covers)
    return _Kept(known, label, mof, evaluate=rest, shared=shared)


def compare(entry: RegisterEntry, result: Outcome) -> Flip | None:
    """The flip of one entry under the candidate's outcome, or None."""
    changes = {
        aspect: (str(getattr(entry, aspect)), str(getattr(result, aspect)))
        for aspect in ASPECTS
        if str(getattr(entry, aspect)) != str(getattr(result, aspect))
    }
    if not changes:
        return None
    old, new = entry.outcomes, result.statuses
    criteria = tuple(
        CriterionChange(c, old.get(c), new.get(c))
        for c in [*old, *(c for c in new if c not in old)]
        if old.get(c) != new.get(c)
    )
    return Flip(entry, changes, criteria)


class _Unread(Exception):
    """An assessment's answers are gone, or no longer hold the values its key was made of."""


class _OnDemand(Mapping[str, Answer]):
    """The answers of an assessment, read from the database the first time a part not in the
    memo needs them, and checked to hold the values the memo's keys were made of (the
    assessment may have been saved in between)."""

    def __init__(self, repository: Repository, ident: str, tokens: Mapping[str, str | None]):
        self._repository = repository
        self._ident = ident
        self._tokens = tokens
        self._answers: StoredAnswers | None = None

    def _read(self) -> StoredAnswers:
        """The answers, read once.

        Raises:
            _Unread: they are gone or changed.
        """
        if self._answers is None:
            found = dict(self._repository.answers_many([self._ident])).get(self._ident)
            if found is None or not _agree(found, self._tokens):
                raise _Unread(self._ident)
            self._answers = found
        return self._answers

    def __getitem__(self, qid: str) -> Answer:
        return self._read()[qid]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def outcomes(
    repository: Repository,
    entries: Sequence[RegisterEntry],
    candidate: PolicyBundle,
    bundle_for: BundleFor,
    incremental: bool = True,
) -> tuple[dict[str, Outcome], dict[str, tuple[str, ...]]]:
    """The outcome of each entry's assessment under the candidate, and the problems of those
    that cannot be compared (see `impact`)."""
    prints = fingerprints(candidate)
    plans: dict[str, _Plan] = {}
    results: dict[str, Outcome] = {}
    pending: dict[str, tuple[_Plan, _Kept]] = {}
    failed: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        if entry.osaid_verdict == UNAVAILABLE:
            failed[entry.assessment_id] = ("no verdict under its own policy to compare with",)
            continue
        plan = plans.get(entry.policy_id)
        if plan is None:
            old = bundle_for(entry.policy_id)
            plan = plans[entry.policy_id] = _plan(candidate, prints, old, incremental)
        kept = _kept(entry, plan, candidate)
        if kept.evaluate:
            pending[entry.assessment_id] = (plan, kept)
        else:
            results[entry.assessment_id] = outcome(
                candidate, _NO_ANSWERS, kept.known, kept.label, kept.mof
            )
    if incremental:
        _shared_outcomes(repository, candidate, pending, results)
    for ident, answers in repository.answers_many(list(pending)):
        _, kept = pending.pop(ident)
        results[ident] = outcome(candidate, answers, kept.known, kept.label, kept.mof)
    for ident in pending:  # removed since the register was brought up to date
        failed[ident] = ("the assessment is no longer stored",)
    return results, failed


def _shared_outcomes(
    repository: Repository,
    candidate: PolicyBundle,
    pending: dict[str, tuple[_Plan, _Kept]],
    results: dict[str, Outcome],
) -> None:
    """Decide the pending entries' outcomes sharing what is alike between them, removing
    them from `pending` (those whose answers are gone or changed stay).

    Besides what is kept, an entry's outcome reads only the values of the answers to the
    questions its parts read (`plan.reads` when it keeps every criterion the plan keeps; any
    question a part may read otherwise): the database gives each value as JSON text, equal
    texts for equal values, and those texts key the memo. Entries alike in every one share
    one outcome; the others share the parts alike (`osai_procure.memo`), and an entry's
    answers are read only when one of its parts is not decided yet.
    """
    memo = OutcomeMemo.of(candidate)
    by_reads: dict[tuple[str, ...], list[str]] = {}
    for ident, (plan, kept) in pending.items():
        by_reads.setdefault(plan.reads if kept.shared else memo.questions, []).append(ident)
    alike: dict[tuple[object, ...], Outcome] = {}
    for reads, ids in by_reads.items():
        for ident, texts in repository.answer_texts(ids, reads):
            plan, kept = pending[ident]
            whole: tuple[object, ...] | None = None
            if kept.shared:
                known = tuple(kept.known[c] for c in plan.kept_order)
                whole = (plan.digest, known, kept.label, kept.mof, texts)
                if whole in alike:
                    results[ident] = alike[whole]
                    del pending[ident]
                    continue
            tokens = dict(zip(reads, texts, strict=True))
            answers = _OnDemand(repository, ident, tokens)
            try:
                found = outcome(
                    candidate, answers, kept.known, kept.label, kept.mof, memo=memo, tokens=tokens
                )
            except _Unread:
                continue  # left pending: read and evaluated whole, or reported gone
            results[ident] = found
            del pending[ident]
            if whole is not None:
                alike[whole] = found


def _agree(answers: StoredAnswers, tokens: Mapping[str, str | None]) -> bool:
    """Whether the answers hold the values the tokens stand for (what the memo keys on)."""
    return all(
        _canonical(None if text is None else json.loads(text))
        == _canonical(answers.stored_value(qid))
        for qid, text in tokens.items()
    )


def _canonical(value: Any) -> str:
    """A JSON value as canonical text (telling true from 1 and 1 from 1.0)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def impact(
    repository: Repository,
    candidate: PolicyBundle,
    bundle_for: BundleFor,
    *,
    policy_ids: Sequence[str] = (),
    incremental: bool = True,
) -> ImpactResult:
    """Evaluate the newest revision of every assessment made against `policy_ids` (all when
    empty) under the candidate policy, and list those whose verdicts, label or MOF class
    change. `bundle_for` finds the policy an entry was made against (as `register.sync`'s);
    the register must be up to date. With `incremental` off every criterion is evaluated
    again (the reference the incremental result is tested and measured against)."""
    store = RegisterStore.of(repository)
    entries = store.query(
        RegisterQuery(policy_ids=policy_ids, limit=None, sort="title"), validate=False
    )
    results, failed = outcomes(repository, entries, candidate, bundle_for, incremental)
    flips = [
        flip
        for entry in entries
        if entry.assessment_id in results
        and (flip := compare(entry, results[entry.assessment_id])) is not None
    ]
    return ImpactResult(
        candidate.policy.id,
        candidate.policy.version,
        candidate.policy.digest,
        len(entries),
        tuple(flips),
        tuple(
            (e.assessment_id, failed[e.assessment_id]) for e in entries if e.assessment_id in failed
        ),
    )
