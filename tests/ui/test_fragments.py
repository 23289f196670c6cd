"""The wizard as the browser drives it: answering reruns only the question's card (an
st.fragment), the page's progress and autosave lines stay current, and a change that reaches
further redraws the whole page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from osai_procure.models.answers import Answer
from osai_procure.store import AssessmentRecord, Repository, SignOff
from osai_procure.ui import widgets
from tests.ui.conftest import open_page, texts
from tests.ui.fragment_runs import FragmentRuns
from tests.ui.test_wizard import ROLES, goto


def _progress(at: AppTest) -> str:
    """The progress figures (the bar's first line; the autosave line follows it)."""
    bars = at.get("progress")
    assert len(bars) == 1, bars
    return str(bars[0].proto.text).split("  \n")[0]


def _session(new_app: Callable[..., AppTest], record: AssessmentRecord) -> AppTest:
    """A browser session on the assessment, named 山田 (not run yet)."""
    at = new_app(assessment=record.id)
    at.session_state["officer_name"] = "山田 太郎"
    return at


def test_answering_reruns_only_the_card_and_keeps_progress_current(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """One click: the answer is stored, only the card and the two lines are sent, and the
    progress (answered, open gates, this section) and autosave line show the new version."""
    at = _session(new_app, assessment)
    with FragmentRuns() as runs:
        goto(open_page(at, "wizard"), "freedoms")
        assert "answered: 1 ·" in _progress(at)
        assert "this section 1/4" in _progress(at)
        version = repo.get(assessment.id).version

        at.segmented_control(key="answer.freedom_study").set_value("yes")
        runs.rerun_fragment_of(at, "answer.freedom_study")

        assert not runs.escalated
        assert repo.get(assessment.id).answers["freedom_study"].value == "yes"
        assert "answered: 2 ·" in _progress(at)
        assert "this section 2/4" in _progress(at)
        assert f"(version {version + 1})" in texts(at)
        kinds = {m.delta.new_element.WhichOneof("type") for m in runs.fragment_messages}
        assert "button_group" in kinds  # the card's own widget was redrawn ...
        assert "selectbox" not in kinds  # ... but not the step selector outside it
        assert len(runs.fragment_messages) < 15

        # A second change to the same question: gates decided by it move, nothing else.
        at.segmented_control(key="answer.freedom_study").set_value("no")
        runs.rerun_fragment_of(at, "answer.freedom_study")
        assert not runs.escalated
        assert "answered: 2 ·" in _progress(at)
        assert f"(version {version + 2})" in texts(at)
    reloaded = goto(open_page(_session(new_app, assessment), "wizard"), "freedoms")
    assert reloaded.segmented_control(key="answer.freedom_study").value == "no"
    assert _progress(reloaded) == _progress(at)


def test_a_change_that_shows_questions_redraws_the_page(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """Choosing an escrow shows the escrow questions: the card asks for a full rerun."""
    at = _session(new_app, assessment)
    with FragmentRuns() as runs:
        goto(open_page(at, "wizard"), "preservation")
        assert "answer.preservation_escrow_triggers" not in {w.key for w in at.multiselect}
        at.radio(key="answer.preservation_deposit_holder").set_value("domestic_escrow")
        runs.rerun_fragment_of(at, "answer.preservation_deposit_holder")
        assert runs.escalated
        assert "answer.preservation_escrow_triggers" in {w.key for w in at.multiselect}
        assert "this section 1/6" in _progress(at)


def test_a_card_whose_change_redraws_the_page_is_not_drawn_first(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When an answer shows other questions, the card's own rerun asks for the whole page
    before drawing anything: the answered card is drawn once, by the page's run."""
    drawn: list[str] = []
    draw = widgets.question_body

    def counted(question: Any, *args: Any) -> None:
        drawn.append(question.id)
        draw(question, *args)

    at = _session(new_app, assessment)
    with FragmentRuns() as runs:
        goto(open_page(at, "wizard"), "preservation")
        monkeypatch.setattr(widgets, "question_body", counted)
        at.radio(key="answer.preservation_deposit_holder").set_value("domestic_escrow")
        runs.rerun_fragment_of(at, "answer.preservation_deposit_holder")
        assert runs.escalated
    assert drawn.count("preservation_deposit_holder") == 1
    assert "preservation_escrow_triggers" in drawn  # the page's run drew the new question


def test_another_officers_change_arriving_with_a_save_redraws_the_page(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A save that merges someone else's answer shows theirs too, not a stale card."""
    at = _session(new_app, assessment)
    with FragmentRuns() as runs:
        goto(open_page(at, "wizard"), "freedoms")
        current = repo.get(assessment.id)
        repo.save_answer(
            assessment.id, "freedom_modify", Answer(value="yes"), current.version, "佐藤"
        )
        at.segmented_control(key="answer.freedom_study").set_value("yes")
        runs.rerun_fragment_of(at, "answer.freedom_study")
        assert runs.escalated
        assert at.segmented_control(key="answer.freedom_modify").value == "yes"
        assert "answered: 3 ·" in _progress(at)


def test_a_save_refused_because_the_revision_was_approved_redraws_the_page(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Approved elsewhere meanwhile: the answer is not stored and the page says why."""
    at = _session(new_app, assessment)
    with FragmentRuns() as runs:
        goto(open_page(at, "wizard"), "freedoms")
        for role in ROLES:
            version = repo.get(assessment.id).version
            repo.record_signoff(
                assessment.id,
                SignOff(role=role, name=role, decision="approve"),
                ROLES,
                version,
                role,
            )
        at.segmented_control(key="answer.freedom_study").set_value("yes")
        runs.rerun_fragment_of(at, "answer.freedom_study")
        assert runs.escalated
        assert "freedom_study" not in repo.get(assessment.id).answers
        assert at.segmented_control(key="answer.freedom_study").disabled
        assert "approved" in texts(at).lower()


def test_editing_an_assessment_in_review_redraws_the_page_as_a_draft(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A change withdraws the sign-offs: the status badge and notice must not stay stale."""
    repo.record_signoff(
        assessment.id,
        SignOff(role="preparer", name="preparer", decision="approve"),
        ROLES,
        assessment.version,
        "preparer",
    )
    at = _session(new_app, assessment)
    with FragmentRuns() as runs:
        goto(open_page(at, "wizard"), "freedoms")
        assert "This assessment is in review" in texts(at)
        at.segmented_control(key="answer.freedom_study").set_value("yes")
        runs.rerun_fragment_of(at, "answer.freedom_study")
        assert runs.escalated
        assert repo.get(assessment.id).status == "draft"
        assert "This assessment is in review" not in texts(at)


def test_confirming_an_imported_answer_redraws_its_card_header(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """The 'imported' badge sits in the card's fixed header: confirming removes it."""
    imported = Answer(value={"released": "yes", "license": "MIT"}, provenance="imported")
    repo.save_answer(assessment.id, "code_training", imported, assessment.version, "importer")
    at = _session(new_app, assessment)
    with FragmentRuns() as runs:
        goto(open_page(at, "wizard"), "code")
        assert "This answer was imported" in texts(at)
        at.checkbox(key="answer.code_training.confirmed").check()
        runs.rerun_fragment_of(at, "answer.code_training.confirmed")
        assert runs.escalated
        assert repo.get(assessment.id).answers["code_training"].confirmed
        assert "This answer was imported" not in texts(at)


def test_an_error_in_a_cards_own_rerun_is_a_friendly_message(
    new_app: Callable[..., AppTest],
    assessment: AssessmentRecord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The card's rerun has its own error guard: a message with a reference, no traceback."""
    at = _session(new_app, assessment)
    with FragmentRuns() as runs:
        goto(open_page(at, "wizard"), "freedoms")

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr(widgets, "question_body", broken)
        at.segmented_control(key="answer.freedom_study").set_value("yes")
        runs.rerun_fragment_of(at, "answer.freedom_study")
        assert not at.exception
        assert "Something unexpected went wrong" in texts(at)
        assert "boom" not in texts(at)
