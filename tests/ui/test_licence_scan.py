"""The wizard's licence scan: paste or upload terms, review each flagged clause, and a
dismissal saved only with its reason, in the answer and the history."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from osai_procure.store import AssessmentRecord, Repository
from tests.ui.conftest import texts
from tests.ui.test_wizard import goto, wizard

QID = "model_parameters_final"
TERMS = (
    Path(__file__).resolve().parents[1] / "data/licences/texts/ja-handwritten-research-terms.txt"
)


def _open_scan(at: AppTest) -> AppTest:
    """Open the weights card's scan expander (built only while open)."""
    at.session_state[f"answer.{QID}.scan_open"] = True
    return at.run()


def _scanned(new_app: Callable[..., AppTest], assessment: AssessmentRecord) -> AppTest:
    """The weights card after pasting the hand-written research terms and scanning them."""
    at = _open_scan(goto(wizard(new_app, assessment), "parameters"))
    at.text_area(key=f"answer.{QID}.scan_paste").input(TERMS.read_text(encoding="utf-8"))
    return _open_scan(at.button(key=f"answer.{QID}.scan_paste_go").click().run())


def test_pasted_terms_are_scanned_into_the_answer(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Scanning pasted terms stores the scan with its SHA-256 and shows the quoted clauses."""
    at = _scanned(new_app, assessment)
    answer = repo.get(assessment.id).answers[QID]
    scan = answer.value["scan"]
    digest = hashlib.sha256(TERMS.read_bytes()).hexdigest()
    assert scan["sha256"] == digest and scan["source"] == "scanned text"
    assert {c["flag"] for c in scan["clauses"]} == {
        "non_commercial",
        "territory_exclusion",
        "royalty",
        "revocable",
    }
    assert any(e.sha256 == digest for e in answer.evidence)
    assert "本許諾の対象地域は日本国内に限る。" in texts(at)


def test_dismissal_waits_for_its_reason_and_is_recorded(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Choosing 'dismissed' without a reason saves nothing and says why; with a reason the
    decision is stored in the answer and the history."""
    at = _scanned(new_app, assessment)
    index = next(
        i
        for i, c in enumerate(repo.get(assessment.id).answers[QID].value["scan"]["clauses"])
        if c["flag"] == "territory_exclusion"
    )
    control = at.segmented_control(key=f"answer.{QID}.clause.{index}.decision")
    at = _open_scan(control.set_value("dismissed").run())
    stored = repo.get(assessment.id).answers[QID].value["scan"]["clauses"][index]
    assert stored["decision"] == "unreviewed"
    assert any("not saved until you do" in w.value for w in at.warning), texts(at)
    reason = "Annex B of the contract grants worldwide use."
    _open_scan(at.text_input(key=f"answer.{QID}.clause.{index}.reason").input(reason).run())
    stored = repo.get(assessment.id).answers[QID].value["scan"]["clauses"][index]
    assert (stored["decision"], stored["reason"]) == ("dismissed", reason)
    last = repo.history(assessment.id)[-1]
    assert last.question_id == QID and reason in str(last.new)


def test_pasted_notice_is_shown_as_a_notice_not_as_no_red_flags(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A pasted SPDX line is stored as a notice naming MIT and the card says the terms are
    not in the text, never 'no red flags'."""
    at = _open_scan(goto(wizard(new_app, assessment), "parameters"))
    at.text_area(key=f"answer.{QID}.scan_paste").input("SPDX-License-Identifier: MIT")
    at = _open_scan(at.button(key=f"answer.{QID}.scan_paste_go").click().run())
    scan = repo.get(assessment.id).answers[QID].value["scan"]
    assert scan["identification"] == "notice"
    assert [n["licence"] for n in scan["notices"]] == ["MIT"]
    shown = texts(at)
    assert "does not contain its terms" in shown
    assert "No clause carrying a red flag was found." not in shown


def test_terms_question_offers_the_same_scan_beside_its_answer(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """A yes/no question that rests on use terms offers the scan; the scan is kept beside the
    officer's answer (not in its value)."""
    qid = "freedom_use"
    before = repo.get(assessment.id).answers.get(qid)
    at = goto(wizard(new_app, assessment), "freedoms")
    at.session_state[f"answer.{qid}.scan_open"] = True
    at = at.run()
    at.text_area(key=f"answer.{qid}.scan_paste").input(TERMS.read_text(encoding="utf-8"))
    at.session_state[f"answer.{qid}.scan_open"] = True
    at = at.button(key=f"answer.{qid}.scan_paste_go").click().run()
    answer = repo.get(assessment.id).answers[qid]
    assert answer.value == (before.value if before else None) and answer.scan is not None
    assert "non_commercial" in {c.flag for c in answer.scan.clauses}
    assert "本許諾の対象地域は日本国内に限る。" in texts(at)
