"""Property tests: the engine is deterministic and its verdicts agree with its findings."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai_procure.engine import evaluate, progress, visible_questions
from osai_procure.loading import PolicyBundle, strict_model
from osai_procure.models.answers import AnswersFile
from osai_procure.models.questionnaire import (
    ComponentQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    YesNoQuestion,
)

LICENCES = [
    "Apache-2.0",
    "MIT",
    "CC-BY-4.0",
    "CC-BY-NC-4.0",
    "Llama 3.1 Community License",
    "BigScience BLOOM RAIL 1.0",
    "Proprietary",
    "Undisclosed",
    "",
    "GPL-3.0-only",
]


def _value(question: Question) -> st.SearchStrategy[Any]:
    """A strategy for plausible answers (including unknown) to one question."""
    if isinstance(question, YesNoQuestion):
        return st.sampled_from(
            ["yes", "no", "unknown"] + (["not_applicable"] if question.allow_na else [])
        )
    if isinstance(question, SingleChoiceQuestion):
        return st.sampled_from([c.id for c in question.choices] + ["unknown"])
    if isinstance(question, MultiChoiceQuestion):
        return st.lists(st.sampled_from([c.id for c in question.choices]), unique=True)
    if isinstance(question, NumberQuestion):
        return st.integers(min_value=0, max_value=20)
    if isinstance(question, ComponentQuestion):
        released = ["yes", "no", "unknown"] + (["not_applicable"] if question.allow_na else [])
        return st.fixed_dictionaries(
            {"released": st.sampled_from(released), "license": st.sampled_from(LICENCES)}
        )
    return st.just("unknown")


def _answers(bundle: PolicyBundle) -> st.SearchStrategy[dict[str, Any]]:
    """Random subsets of answers for a bundle's questions."""
    return st.fixed_dictionaries(
        {}, optional={qid: _value(q) for qid, q in bundle.questions.items()}
    )


def _file(answers: dict[str, Any]) -> AnswersFile:
    """Wrap answers in an answers file."""
    data = {
        "schema_version": 1,
        "assessment": {"title": "p", "system": {"name": "s"}},
        "answers": answers,
    }
    return strict_model(AnswersFile, data)  # type: ignore[no-any-return]


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=st.data())
def test_deterministic_and_order_independent(
    osgjp_bundle: PolicyBundle, data: st.DataObject
) -> None:
    """Same answers in any order give byte-identical results."""
    answers = data.draw(_answers(osgjp_bundle))
    first = evaluate(osgjp_bundle, _file(answers)).model_dump_json()
    reordered = dict(reversed(list(answers.items())))
    assert evaluate(osgjp_bundle, _file(reordered)).model_dump_json() == first


@SETTINGS
@given(data=st.data())
def test_verdicts_agree_with_findings(osgjp_bundle: PolicyBundle, data: st.DataObject) -> None:
    """The OSAID and policy verdicts follow from the gate findings, never merged."""
    result = evaluate(osgjp_bundle, _file(data.draw(_answers(osgjp_bundle))))
    osaid_gates = [f for f in result.findings if f.scope == "osaid" and f.severity == "gate"]
    gates = [f for f in result.findings if f.severity == "gate"]
    if result.osaid.verdict == "open_source_ai":
        assert all(f.status in ("met", "not_applicable") for f in osaid_gates)
    if any(f.status == "not_met" for f in osaid_gates):
        assert result.osaid.verdict == "not_open_source_ai"
    if result.policy.verdict in ("compliant", "conditionally_compliant"):
        assert all(f.status in ("met", "not_applicable") for f in gates)
    if result.osaid.verdict != "not_open_source_ai":
        assert not result.osaid.would_pass_if_terms_changed
    if result.osaid.unknown_if_terms_changed:
        assert result.osaid.would_pass_if_terms_changed
    for finding in result.findings:
        assert (finding.remediation is not None) == (finding.status in ("not_met", "unknown"))


@SETTINGS
@given(data=st.data())
def test_unknown_never_counts_as_met(osgjp_bundle: PolicyBundle, data: st.DataObject) -> None:
    """Turning answered questions into `unknown` never improves the OSAID verdict."""
    answers = data.draw(_answers(osgjp_bundle))
    before = evaluate(osgjp_bundle, _file(answers)).osaid.verdict
    forgotten = {qid: "unknown" for qid in answers}
    after = evaluate(osgjp_bundle, _file(forgotten)).osaid.verdict
    assert after == "insufficient_evidence" or (after == before == "not_open_source_ai")
    if before == "open_source_ai":
        assert after != "open_source_ai"


@SETTINGS
@given(data=st.data())
def test_progress_agrees_with_the_evaluation(
    osgjp_bundle: PolicyBundle, data: st.DataObject
) -> None:
    """The wizard's cheap progress equals what the full evaluation says about the same answers."""
    answers = _file(data.draw(_answers(osgjp_bundle)))
    result = evaluate(osgjp_bundle, answers)
    found = progress(osgjp_bundle, answers.answers)
    assert found.unanswered == result.unanswered
    assert found.gates_unknown == result.policy.gates_unknown
    assert found.visible == tuple(q.id for q in visible_questions(osgjp_bundle, answers))


def test_empty_answers_are_insufficient(osaid_bundle: PolicyBundle) -> None:
    """With nothing answered the OSAID verdict is insufficient evidence."""
    result = evaluate(osaid_bundle, _file({}))
    assert result.osaid.verdict == "insufficient_evidence"
    assert result.policy.verdict == "incomplete"
