"""The report says when an OSAID verdict rests on terms the agency added to the defaults."""

from __future__ import annotations

from pathlib import Path

from osai_procure.engine import evaluate
from osai_procure.loading import load_answers, load_policy
from osai_procure.report import build_report
from tests.reports.helpers import GENERATED_AT, shipped_library, signoff

ROOT = Path(__file__).resolve().parents[2]
OLMO = ROOT / "tests" / "data" / "cases" / "olmo_7b_open" / "answers.yaml"


def _report(policy: str, tmp_path: Path, licence: str):  # type: ignore[no-untyped-def]
    """The report of the OLMo answers with the final weights under `licence`."""
    text = OLMO.read_text(encoding="utf-8").replace(
        "      location: [https://huggingface.co/allenai/OLMo-7B]\n      license: Apache-2.0",
        f"      location: [https://huggingface.co/allenai/OLMo-7B]\n      license: {licence}",
    )
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    bundle = load_policy(ROOT / "policies" / policy, shipped_library())
    answers = load_answers(path, bundle)
    return build_report(bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT)


def test_agency_widened_terms_are_named_in_the_report(tmp_path: Path) -> None:
    """OpenMDW weights pass OSAID only under the agency example's terms; the report says so."""
    report = _report("examples/agency-strict.yaml", tmp_path, "OpenMDW-1.0")
    found = [w for w in report.warnings if w.id == "agency_widened_terms"]
    assert len(found) == 1
    assert "model_parameters_final" in found[0].items


def test_default_terms_give_no_such_note(tmp_path: Path) -> None:
    """Weights under a default-accepted licence raise no agency-terms note."""
    report = _report("osaid-1.0.yaml", tmp_path, "Apache-2.0")
    assert not [w for w in report.warnings if w.id == "agency_widened_terms"]
