"""Impact evaluates only what a candidate changes: over random edits of the shipped policies,
the incremental result equals evaluating every criterion again, and equals what the engine's
full evaluation of each assessment says."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai_procure.dependencies import fingerprints
from osai_procure.engine import Outcome, evaluate
from osai_procure.licences.catalogue import Catalogue
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import AnswersFile
from osai_procure.models.policy import ResolvedPolicy
from osai_procure.models.rules import AnswerEquals, AnswerEqualsArgs
from osai_procure.register.impact import impact, outcomes
from osai_procure.register.sync import sync
from osai_procure.store import Repository
from osai_procure.store.register import RegisterQuery, RegisterStore
from tests.register.helpers import BUNDLES, Clock, approve, at, stored_cases

POLICIES = ("osaid_1_0", "osg_jp_public_procurement")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    """The golden cases stored under both shipped policies (some approved), register synced."""
    url = f"sqlite:///{tmp_path_factory.mktemp('impact') / 'db.sqlite3'}"
    clock = Clock(at("2026-02-01T09:00"))
    first = stored_cases(url, clock, policy_id=POLICIES[0])
    first.engine.dispose()
    repository = stored_cases(url, clock, policy_id=POLICIES[1])
    for n, summary in enumerate(repository.list_assessments(limit=100)):
        if n % 4 == 0:
            approve(repository, summary.id)
        if summary.policy_id == POLICIES[1]:
            _near_copy(repository, summary.id, n)
    sync(repository, BUNDLES)
    yield repository
    repository.engine.dispose()


def _near_copy(repository: Repository, ident: str, n: int) -> None:
    """A copy of an assessment with one yes/no answer turned the other way (so assessments
    alike but for one answer are told apart)."""
    record = repository.get(ident)
    answers = dict(record.answers)
    yes_no = sorted(q for q, a in answers.items() if a.value in ("yes", "no"))
    if yes_no:
        chosen = yes_no[(n * 7) % len(yes_no)]
        value = "no" if answers[chosen].value == "yes" else "yes"
        answers[chosen] = answers[chosen].model_copy(update={"value": value})
    repository.create(record.info, record.policy, "複製 次郎", answers)


def _base(policy_id: str) -> PolicyBundle:
    """A shipped policy's bundle."""
    bundle = BUNDLES(policy_id)
    assert bundle is not None
    return bundle


def _named(data: dict[str, Any]) -> set[str]:
    """Criterion ids that a rule of the labels, the exception or another criterion names."""
    text = json.dumps(
        [data["openness_labels"], data["exception"], [c["rule"] for c in data["criteria"]]]
    )
    return {c["id"] for c in data["criteria"] if f'"criterion_met": "{c["id"]}"' in text}


def _dump(model: Any) -> Any:
    """A model (or None) as JSON data."""
    return None if model is None else model.model_dump(mode="json", by_alias=True)


def _edit(
    kind: str, pick: int, data: dict[str, Any], questions: dict[str, Any], qids: list[str]
) -> None:
    """Apply one edit to a resolved policy's data (and its questions) in place."""
    criteria = data["criteria"]
    criterion = criteria[pick % len(criteria)]
    qid = qids[pick % len(qids)]
    if kind == "negate":
        criterion["rule"] = {"not": criterion["rule"]}
    elif kind == "drop":
        droppable = [c for c in criteria if c["id"] not in _named(data)]
        if droppable:
            criteria.remove(droppable[pick % len(droppable)])
    elif kind == "severity":
        criterion["severity"] = "scored" if criterion["severity"] == "gate" else "gate"
    elif kind == "weight":
        criterion["weight"] = float(pick % 5)
    elif kind == "thresholds":
        data["thresholds"] = {"compliant": 0.9, "conditionally_compliant": (pick % 10) / 10}
    elif kind == "applies_if":
        criterion["applies_if"] = {"answered": qid}
    elif kind == "rule":
        criterion["rule"] = {"answered": qid}
    elif kind == "terms":
        types = sorted(data["accepted_terms"])
        if len(types) > 1:
            first, second = types[pick % len(types)], types[(pick + 1) % len(types)]
            data["accepted_terms"][first] = data["accepted_terms"][second]
    elif kind == "labels":
        data["openness_labels"] = list(reversed(data["openness_labels"]))
    elif kind == "mof":
        for mof_class in data["mof_classes"]:
            if len(mof_class["components"]) > 1:
                mof_class["components"] = mof_class["components"][:-1]
                break
    elif kind == "show_if":
        shown = [q for q, question in questions.items() if question.show_if is not None]
        if shown:
            chosen = shown[pick % len(shown)]
            questions[chosen] = questions[chosen].model_copy(update={"show_if": None})
    elif kind == "hide":
        # A question other questions' conditions read is now never shown, so the questions
        # whose condition reads it are hidden too, and what reads them changes.
        conditions = json.dumps([_dump(q.show_if) for q in questions.values()])
        targets = [q for q in qids if f'"{q}"' in conditions]
        if targets:
            chosen = targets[pick % len(targets)]
            other = next(q for q in qids if q != chosen)
            rule = AnswerEquals(answer_equals=AnswerEqualsArgs(question=other, value="never"))
            questions[chosen] = questions[chosen].model_copy(update={"show_if": rule})
    elif kind == "exception" and data["exception"] is not None:
        gates = [c["id"] for c in criteria if c["severity"] == "gate"]
        data["exception"]["covers"] = gates[: 1 + pick % len(gates)]
    elif kind == "licences":
        data["licence_catalogue"] = data["licence_catalogue"][:-1]


KINDS = (
    "negate",
    "drop",
    "severity",
    "weight",
    "thresholds",
    "applies_if",
    "rule",
    "terms",
    "labels",
    "mof",
    "show_if",
    "hide",
    "exception",
    "licences",
)


def _candidate(base: PolicyBundle, edits: list[tuple[str, int]]) -> PolicyBundle:
    """The base policy with the edits applied, as a new bundle with its own digest."""
    data = base.policy.model_dump(mode="json", by_alias=True)
    questions = dict(base.questions)
    qids = sorted(questions)
    for kind, pick in edits:
        _edit(kind, pick, data, questions, qids)
    data["id"], data["version"] = base.policy.id, "edited"
    data["digest"] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    policy = ResolvedPolicy.model_validate_json(json.dumps(data))
    catalogue = Catalogue.default().extended(policy.licence_catalogue)
    return dataclasses.replace(base, policy=policy, questions=questions, catalogue=catalogue)


_ANSWERS: dict[str, AnswersFile] = {}


def _by_engine(repo: Repository, candidate: PolicyBundle) -> dict[str, Outcome]:
    """Each assessment's outcome from the engine's full evaluation under the candidate."""
    if not _ANSWERS:
        for summary in repo.list_assessments(limit=100):
            _ANSWERS[summary.id] = repo.get(summary.id).answers_file()
    out: dict[str, Outcome] = {}
    for ident, answers in _ANSWERS.items():
        out[ident] = Outcome.of(evaluate(candidate, answers))
    return out


def _check(repo: Repository, candidate: PolicyBundle) -> None:
    """Every assessment's incremental outcome is the engine's full one."""
    entries = RegisterStore(repo.engine).query(RegisterQuery(limit=None))
    quick, failed = outcomes(repo, entries, candidate, BUNDLES)
    assert not failed and quick == _by_engine(repo, candidate)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    policy_id=st.sampled_from(POLICIES),
    edits=st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(min_value=0, max_value=200)),
        min_size=0,
        max_size=3,
    ),
)
def test_incremental_impact_equals_a_full_re_evaluation(
    repo: Repository, policy_id: str, edits: list[tuple[str, int]]
) -> None:
    """For any edits of a shipped policy, keeping the stored results of unchanged criteria
    gives every assessment the outcome (verdicts, label, MOF class, each criterion's status)
    of the engine's full evaluation, and impact lists the same flips as evaluating every
    criterion again."""
    candidate = _candidate(_base(policy_id), edits)
    _check(repo, candidate)
    assert impact(repo, candidate, BUNDLES) == impact(repo, candidate, BUNDLES, incremental=False)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_edit_keeps_only_what_it_does_not_touch(repo: Repository, kind: str) -> None:
    """Each kind of edit, at several places of both shipped policies, gives the incremental
    evaluation the outcomes of the full one (what random edits may miss)."""
    for policy_id in POLICIES:
        for pick in range(6):
            _check(repo, _candidate(_base(policy_id), [(kind, pick)]))


def test_an_unchanged_policy_reads_no_answers(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A candidate identical to the assessments' policy (no exception route) keeps every
    stored result: no answer is read and nothing flips."""
    calls: list[int] = []
    original: Callable[..., Any] = repo.answers_many

    def counted(ids: list[str]) -> Any:
        calls.append(len(ids))
        return original(ids)

    monkeypatch.setattr(repo, "answers_many", counted)
    result = impact(repo, _base("osaid_1_0"), BUNDLES, policy_ids=("osaid_1_0",))
    assert result.considered == 8 and not result.flips
    assert calls == [0]


def test_one_changed_criterion_changes_only_its_fingerprint() -> None:
    """Negating one criterion that nothing else names changes that criterion's fingerprint
    alone; the label and MOF class fingerprints stay."""
    base = _base("osg_jp_public_procurement")
    data = base.policy.model_dump(mode="json", by_alias=True)
    target = next(c["id"] for c in data["criteria"] if c["id"] not in _named(data))
    index = [c["id"] for c in data["criteria"]].index(target)
    edited = _candidate(base, [("negate", index)])
    before, after = fingerprints(base), fingerprints(edited)
    assert {c for c in before.criteria if before.criteria[c] != after.criteria[c]} == {target}
    assert (before.label, before.mof) == (after.label, after.mof)
