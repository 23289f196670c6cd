"""The task list: section states, required questions, a total that conditional questions keep."""

from __future__ import annotations

from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import Answer
from osai_procure.tasks import required_questions, task_list


def _section_of(bundle: PolicyBundle, qid: str) -> str:
    """The id of the section holding a question."""
    for questionnaire in bundle.questionnaires:
        for section in questionnaire.sections:
            if any(q.id == qid for q in section.questions):
                return section.id
    raise AssertionError(qid)


def test_nothing_answered_is_not_started_everywhere(osaid_bundle: PolicyBundle) -> None:
    """With no answers every section with a shown question is not started; none is done."""
    tasks = task_list(osaid_bundle, {})
    assert tasks.done == 0
    assert {s.state for s in tasks.sections if s.shown} == {"not_started"}
    assert tasks.total == sum(len(q.sections) for q in osaid_bundle.questionnaires)


def test_gate_questions_are_required(osaid_bundle: PolicyBundle) -> None:
    """The four freedoms decide OSAID gates, so they are required questions."""
    required = required_questions(osaid_bundle)
    assert {"freedom_use", "freedom_study", "freedom_modify", "freedom_share"} <= required
    first = next(
        s for s in task_list(osaid_bundle, {}).sections if "freedom_use" in s.open_required
    )
    assert "freedom_use" not in first.open_other


def test_imported_answers_need_a_decision_until_confirmed(osaid_bundle: PolicyBundle) -> None:
    """A section fully answered by unconfirmed imports needs a decision; confirmed, it is done."""
    sid = _section_of(osaid_bundle, "freedom_use")  # four yes/no questions, no conditions
    section = next(s for q in osaid_bundle.questionnaires for s in q.sections if s.id == sid)
    imported = {q.id: Answer(value="yes", provenance="imported") for q in section.questions}
    state = next(s for s in task_list(osaid_bundle, imported).sections if s.section.id == sid)
    assert state.state == "needs_decision" and state.unconfirmed
    confirmed = {k: v.model_copy(update={"confirmed": True}) for k, v in imported.items()}
    state = next(s for s in task_list(osaid_bundle, confirmed).sections if s.section.id == sid)
    assert state.state == "done"


def test_a_conditional_question_leaves_the_total_alone(osgjp_bundle: PolicyBundle) -> None:
    """Answering so that conditional questions appear changes no section count but its own."""
    conditional = [q for q in osgjp_bundle.questions.values() if q.show_if is not None]
    assert conditional
    before = task_list(osgjp_bundle, {})
    # Answer every question 'yes' where it can be: conditional questions appear.
    answers = {
        q.id: Answer(value="yes") for q in osgjp_bundle.questions.values() if q.kind == "yes_no"
    }
    after = task_list(osgjp_bundle, answers)
    assert after.total == before.total
    assert sum(s.shown for s in after.sections) >= sum(s.shown for s in before.sections)
