"""Counsel points on licence knowledge: deprecated ids that name two texts, database licences
and naming or attribution duties (issue 11)."""

from __future__ import annotations

from pathlib import Path

from osai_procure.engine import evaluate
from osai_procure.importers import FLAG_FREEDOMS
from osai_procure.licences import Catalogue, analyse_licence
from osai_procure.licences.mof import mot_open
from osai_procure.loading import ContentLibrary, load_answers, load_policy
from osai_procure.models.base import I18n
from osai_procure.models.licence import LicenceFacts
from osai_procure.wording import licence_note_i18n

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Catalogue.default()


def _notes(facts: LicenceFacts) -> list[I18n]:
    """The facts' notes as a report shows them."""
    return [licence_note_i18n(note) for note in facts.messages]


OLMO = ROOT / "tests" / "data" / "cases" / "olmo_7b_open" / "answers.yaml"


def test_freebsd_id_is_kept_and_both_texts_are_named() -> None:
    """BSD-2-Clause-FreeBSD is judged as written, and the message names both possible texts."""
    facts = analyse_licence("BSD-2-Clause-FreeBSD", CATALOGUE)
    assert facts.normalized == "BSD-2-Clause-FreeBSD"
    assert facts.deprecated_ids == ("BSD-2-Clause-FreeBSD",)
    assert any("BSD-2-Clause / BSD-2-Clause-Views" in m.en for m in _notes(facts))
    # The FSF lists the id as free, so the Model Openness Tool still counts it as open.
    assert mot_open(facts)


def test_other_deprecated_ids_are_still_replaced() -> None:
    """A deprecated id with one known text is replaced as license-expression records it."""
    facts = analyse_licence("BSD-2-Clause-NetBSD", CATALOGUE)
    assert facts.normalized == "BSD-2-Clause"


def test_database_licences_say_the_contents_are_not_covered() -> None:
    """ODbL and ODC-By carry a note that the contents need their own terms; CDLA does not."""
    for licence in ("ODbL-1.0", "ODC-By-1.0"):
        facts = analyse_licence(licence, CATALOGUE)
        assert any("not the works it contains" in m.en for m in _notes(facts)), licence
    cdla = analyse_licence("CDLA-Permissive-2.0", CATALOGUE)
    assert not any("not the works it contains" in m.en for m in _notes(cdla))


def test_naming_duty_takes_no_freedom_in_the_importer() -> None:
    """An imported naming or attribution flag denies no freedom by itself."""
    assert FLAG_FREEDOMS["naming_attribution"] == ()


def test_naming_duty_is_listed_for_review_not_failed(tmp_path: Path) -> None:
    """Weights whose only flag is a naming duty keep the four freedoms; the duty is listed in an
    information finding for legal review."""
    text = OLMO.read_text(encoding="utf-8").replace(
        "      location: [https://huggingface.co/allenai/OLMo-7B]\n      license: Apache-2.0",
        "      location: [https://huggingface.co/allenai/OLMo-7B]\n"
        "      license: Kimi K2 Modified MIT",
    )
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text(text, encoding="utf-8")
    bundle = load_policy(ROOT / "policies" / "osaid-1.0.yaml", ContentLibrary.from_root(ROOT))
    result = evaluate(bundle, load_answers(answers_file, bundle))
    status = {f.criterion: f.status for f in result.findings}
    for freedom in ("use", "study", "modify", "share"):
        assert status[f"osaid_freedom_{freedom}"] == "met", freedom
    assert status["naming_attribution_reviewed"] == "not_met"


def test_evaluation_results_and_sample_outputs_accept_data_licences(tmp_path: Path) -> None:
    """Evaluation results and sample outputs are data: ODC-By is accepted for them."""
    bundle = load_policy(ROOT / "policies" / "osaid-1.0.yaml", ContentLibrary.from_root(ROOT))
    for qid in ("evaluation_results", "sample_outputs"):
        question = bundle.questions[qid]
        assert getattr(question, "content_type", None) == "data", qid
    assert "ODC-By-1.0" in bundle.policy.accepted_terms["data"].include
