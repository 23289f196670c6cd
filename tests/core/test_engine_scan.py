"""A scanned licence document in a component answer: its flags decide, dismissals need reasons."""

from __future__ import annotations

import importlib.resources
import json
from typing import Any

import pytest

from osai_procure.engine import evaluate
from osai_procure.errors import ContentError
from osai_procure.licences.document import read_document
from osai_procure.licences.scanned import scan_evidence
from osai_procure.licences.scanning import scan_document
from osai_procure.loading import PolicyBundle, answers_from_loaded
from osai_procure.wording import licence_note_i18n
from osai_procure.yamlsafe import load_text
from tests.core.test_engine import OPEN, _answers, bundle

__all__ = ["bundle"]  # the fixture, imported for pytest

AUP = (
    "Acceptable use. You agree you will not use, or allow others to use, the Model to build "
    "weapons.\n\nThe rights are not being granted to you if you are an individual domiciled in "
    "the European Union.\n"
)


def _scan(text: str, name: str = "TERMS.txt") -> dict[str, Any]:
    """The scan evidence of `text` as it is stored in an answer."""
    scan = scan_document(read_document(text.encode(), name))
    return scan_evidence(scan).model_dump(mode="json")


def _weights_finding(bundle: PolicyBundle, weights: dict[str, Any]) -> Any:
    """The weights_open finding for an answers file with these weights."""
    result = evaluate(bundle, _answers(a="yes", weights=weights, code=OPEN))
    return next(f for f in result.findings if f.criterion == "weights_open")


def test_unreviewed_scanned_clause_flags_the_licence(bundle: PolicyBundle) -> None:
    """Apache-2.0 declared, but the scanned terms restrict use: the gate is not met, and the
    licence facts quote the clause with its place and name the document's digest."""
    scan = _scan(AUP)
    finding = _weights_finding(bundle, {**OPEN, "scan": scan})
    assert finding.status == "not_met"
    facts = finding.licences[0]
    use = next(f for f in facts.flags if f.flag == "use_restrictions")
    assert use.licence == "scanned text"
    assert "¶1" in use.reason.en and "allow others to use" in use.reason.en
    assert any(scan["sha256"] in m.en for m in map(licence_note_i18n, facts.messages))


def test_dismissed_clause_no_longer_decides(bundle: PolicyBundle) -> None:
    """Dismissing every flagged clause with a reason meets the gate; the reasons are noted."""
    scan = _scan(AUP)
    for clause in scan["clauses"]:
        clause.update(decision="dismissed", reason="Annex B of our contract overrides this.")
    finding = _weights_finding(bundle, {**OPEN, "scan": scan})
    assert finding.status == "met"
    notes = [m.en for m in map(licence_note_i18n, finding.licences[0].messages)]
    assert any("Annex B of our contract overrides this." in note for note in notes)


def test_scan_alone_gives_the_identified_licence(bundle: PolicyBundle) -> None:
    """With no licence string, an exact Apache-2.0 text identifies the terms and meets the gate."""
    ref = importlib.resources.files("osai_procure.licences").joinpath("reference", "apache-2.0.txt")
    scan = _scan(ref.read_text(encoding="utf-8"), "LICENSE")
    finding = _weights_finding(bundle, {"released": "yes", "scan": scan})
    assert finding.status == "met"
    assert finding.licences[0].normalized == "Apache-2.0"


def test_unknown_scanned_text_is_not_accepted(bundle: PolicyBundle) -> None:
    """A scanned text that matches no known licence stays unrecognised, never accepted."""
    scan = _scan("These terms let you use the model. " * 5)
    finding = _weights_finding(bundle, {"released": "yes", "scan": scan})
    assert finding.status == "not_met"
    assert finding.licences[0].kind == "unrecognised"


def test_dismissal_without_reason_is_refused(bundle: PolicyBundle) -> None:
    """An answers file dismissing a clause without a reason does not load, and the message
    names the question and the scan."""
    scan = _scan(AUP)
    scan["clauses"][0]["decision"] = "dismissed"
    document = {
        "schema_version": 1,
        "assessment": {"title": "t", "system": {"name": "s"}},
        "answers": {"weights": {"value": {**OPEN, "scan": scan}}},
    }
    loaded = load_text(json.dumps(document), "answers.json")
    with pytest.raises(ContentError) as caught:
        answers_from_loaded(loaded, bundle)
    message = "\n".join(str(p) for p in caught.value.problems)
    assert "weights" in message and "a dismissed clause needs a reason" in message


def test_a_notice_names_the_licence_and_says_it_holds_no_terms(bundle: PolicyBundle) -> None:
    """With no licence string, a scanned model card whose front matter names a catalogued
    licence takes that licence's facts, and the note says the terms were not in the text."""
    card = "---\nlicense: llama3.1\nlanguage:\n- ja\n---\n\n# Example-8B\n\nA Japanese model.\n"
    scan = _scan(card, "README.md")
    assert scan["identification"] == "notice"
    finding = _weights_finding(bundle, {"released": "yes", "scan": scan})
    assert finding.status == "not_met"
    facts = finding.licences[0]
    assert facts.normalized == "LicenseRef-Llama-3.1-Community"
    assert any("does not contain its terms" in m.en for m in map(licence_note_i18n, facts.messages))


def test_a_modified_text_is_not_identified_by_its_notice(bundle: PolicyBundle) -> None:
    """A text changed from a known licence stays unrecognised even when a notice above it
    names a known licence: the changed words, not the label, are the terms."""
    ref = importlib.resources.files("osai_procure.licences").joinpath("reference", "mit.txt")
    changed = ref.read_text(encoding="utf-8").replace("free of charge", "for a yearly fee")
    changed = changed.replace("without restriction", "for research only")
    scan = _scan("SPDX-License-Identifier: MIT\n\n" + changed, "LICENSE")
    assert scan["identification"] == "modified"
    finding = _weights_finding(bundle, {"released": "yes", "scan": scan})
    assert finding.licences[0].kind == "unrecognised"
