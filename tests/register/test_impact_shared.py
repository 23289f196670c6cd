"""Impact shares what is alike between assessments (`osai_procure.memo`): on a register of
varied assessments, under a broad policy edit and a one-gate edit, every assessment's outcome
is the engine's plain evaluation of it, while far fewer assessments have their answers read."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from osai_procure.engine import Outcome, evaluate, outcome
from osai_procure.loading import PolicyBundle, load_answers, load_policy
from osai_procure.memo import OutcomeMemo
from osai_procure.models.answers import Answer
from osai_procure.models.rules import AnswerEquals, AnswerEqualsArgs
from osai_procure.paths import library_for
from osai_procure.register.impact import impact, outcomes
from osai_procure.register.sync import sync
from osai_procure.store import Repository
from osai_procure.store.register import RegisterQuery, RegisterStore
from tests.register.helpers import BUNDLES, CASES, Clock, at, stored_cases

ROOT = Path(__file__).resolve().parents[2]
BROAD = ROOT / "policies" / "examples" / "agency-strict.yaml"
# One gate of the OSG-JP policy asks for a further answer (as in benchmarks/bench_register.py).
ONE_GATE = ROOT / "tests" / "data" / "policies" / "osg-jp-one-gate-revised.yaml"
VARIANTS = 6  # copies of each golden case, each with its own yes/no answers turned


def _varied(answers: dict[str, Answer], variant: int) -> dict[str, Answer]:
    """The answers with the yes/no answers whose bit is set in `variant` turned around (of
    the first six), as the benchmark's generator varies its copies."""
    yes_no = sorted(q for q, a in answers.items() if a.value in ("yes", "no"))[:6]
    out = dict(answers)
    for bit, qid in enumerate(yes_no):
        if variant >> bit & 1:
            value = "no" if answers[qid].value == "yes" else "yes"
            out[qid] = answers[qid].model_copy(update={"value": value})
    return out


def _generated(url: str) -> Repository:
    """The golden cases under the OSG-JP policy and varied copies of each (register synced)."""
    repo = stored_cases(url, Clock(at("2026-03-01T09:00")))
    for summary in repo.list_assessments(limit=100):
        record = repo.get(summary.id)
        for variant in range(1, VARIANTS + 1):
            answers = _varied(dict(record.answers), variant * 11)
            repo.create(record.info, record.policy, "複製 次郎", answers)
    sync(repo, BUNDLES)
    return repo


@pytest.fixture
def generated(database_url: str) -> Iterator[Repository]:
    """A generated register on SQLite and on PostgreSQL."""
    repo = _generated(database_url)
    yield repo
    repo.engine.dispose()


def _candidates() -> dict[str, PolicyBundle]:
    """The broad edit (the example agency policy) and the one-gate edit, loaded."""
    return {
        name: load_policy(path, library_for(path))
        for name, path in (("broad", BROAD), ("one gate", ONE_GATE))
    }


def _plain(repo: Repository, candidate: PolicyBundle) -> dict[str, Outcome]:
    """Each stored assessment's outcome from the engine's plain evaluation of its answers."""
    out: dict[str, Outcome] = {}
    for summary in repo.list_assessments(limit=1000):
        out[summary.id] = Outcome.of(evaluate(candidate, repo.get(summary.id).answers_file()))
    return out


def _counting(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids whose whole answers the repository reads from now on."""
    read: list[str] = []
    original: Callable[..., Any] = repo.answers_many

    def counted(ids: list[str]) -> Any:
        read.extend(ids)
        return original(ids)

    monkeypatch.setattr(repo, "answers_many", counted)
    return read


def test_shared_outcomes_equal_the_plain_evaluation_of_each_assessment(
    generated: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the broad and the one-gate edit, the outcome impact gives each generated
    assessment (verdicts, label, MOF class, every criterion's status) is the engine's plain
    evaluation of its answers, impact lists the same flips as evaluating everything again,
    and only some of the assessments have their answers read."""
    entries = RegisterStore(generated.engine).query(RegisterQuery(limit=None))
    assert len(entries) == 8 * (VARIANTS + 1)
    for name, candidate in _candidates().items():
        read = _counting(generated, monkeypatch)
        shared, failed = outcomes(generated, entries, candidate, BUNDLES)
        assert not failed and shared == _plain(generated, candidate), name
        assert len(set(read)) < len(entries), name
        monkeypatch.undo()
        quick = impact(generated, candidate, BUNDLES)
        assert quick == impact(generated, candidate, BUNDLES, incremental=False), name


def test_an_assessment_saved_meanwhile_is_evaluated_from_its_answers(
    generated: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When an assessment's answers no longer hold the values read for the memo's keys (it
    was saved in between: here the values read are another assessment's), it is evaluated
    from the answers it has, and the other assessment does not take parts decided on the
    mismatch."""
    candidate = _candidates()["broad"]
    entries = RegisterStore(generated.engine).query(RegisterQuery(limit=None))
    plain = _plain(generated, candidate)
    original: Callable[..., Any] = generated.answer_texts
    swapped: list[str] = []

    def read_before_a_save(ids: list[str], qids: list[str]) -> Iterator[Any]:
        """The first assessment read with the values of one whose outcome differs."""
        rows = list(original(ids, qids))
        first = rows[0][0]
        other = next(r for r in rows if plain[r[0]].statuses != plain[first].statuses)
        swapped.extend([first, other[0]])
        yield first, other[1]
        yield from rows[1:]

    monkeypatch.setattr(generated, "answer_texts", read_before_a_save)
    shared, failed = outcomes(generated, entries, candidate, BUNDLES)
    assert swapped and not failed and shared == plain


def _cyclic(bundle: PolicyBundle) -> PolicyBundle:
    """The bundle with two questions each shown only when the other is answered "yes"."""
    first, second = sorted(bundle.questions)[:2]
    questions = dict(bundle.questions)
    for qid, other in ((first, second), (second, first)):
        rule = AnswerEquals(answer_equals=AnswerEqualsArgs(question=other, value="yes"))
        questions[qid] = questions[qid].model_copy(update={"show_if": rule})
    return dataclasses.replace(bundle, questions=questions)


def _answers() -> dict[str, Answer]:
    """The answers of one golden case."""
    return dict(load_answers(CASES / "osgjp_compliant" / "answers.yaml").answers)


def test_a_show_if_cycle_turns_sharing_off() -> None:
    """A condition that names itself (through another question) makes visibility depend on
    which question is looked at first, so a memo of that content shares nothing; the shipped
    content shares every part."""
    shipped = BUNDLES("osg_jp_public_procurement")
    assert shipped is not None
    parts = len(shipped.policy.criteria) + 3  # the label, the MOF class, the exception record
    assert len(OutcomeMemo.of(shipped).shapes) == parts
    cyclic = _cyclic(shipped)
    memo = OutcomeMemo.of(cyclic)
    assert memo.shapes == {} and memo.questions == ()
    answers = _answers()
    assert outcome(cyclic, answers, memo=memo, tokens={}) == outcome(cyclic, answers)
    assert memo.decided == {}


def test_a_memo_belongs_to_one_policy() -> None:
    """Using a memo with another policy's bundle is refused, not silently mixed."""
    osaid, osgjp = BUNDLES("osaid_1_0"), BUNDLES("osg_jp_public_procurement")
    assert osaid is not None and osgjp is not None
    with pytest.raises(ValueError, match="another policy"):
        outcome(osgjp, _answers(), memo=OutcomeMemo.of(osaid), tokens={})
