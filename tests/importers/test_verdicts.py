"""The two Model Openness Tool samples give the verdicts OSI's published validation implies."""

from __future__ import annotations

from pathlib import Path

import pytest

from osai_procure.engine import evaluate
from osai_procure.importers import import_file
from osai_procure.loading import PolicyBundle
from osai_procure.models.evaluation import Evaluation
from tests.importers.helpers import MOT_SAMPLES


def _evaluate(bundle: PolicyBundle, sample: str) -> tuple[Evaluation, set[str]]:
    """Import a sample against the OSAID policy and evaluate it."""
    result = import_file("mot", MOT_SAMPLES / sample, sample, bundle)
    return evaluate(bundle, result.answers), set(result.imported_questions)


def test_olmo_is_open_source_ai_resting_on_imports(osaid_bundle: PolicyBundle) -> None:
    """OLMo-7B: open source AI, and the evaluation lists the unconfirmed imports it rests on."""
    evaluation, imported = _evaluate(osaid_bundle, "OLMo-7B.yml")
    assert evaluation.osaid.verdict == "open_source_ai"
    assert evaluation.unconfirmed_imports
    assert set(evaluation.unconfirmed_imports) == imported & set(osaid_bundle.questions)
    for qid in (
        "freedom_use",
        "data_info_provenance",
        "substantially_equivalent",
        "model_parameters_final",
    ):
        assert qid in evaluation.unconfirmed_imports
    assert not [c for c in evaluation.licence_flags if c.licence.flags]


def test_llama_is_not_open_source_ai_with_red_flags(osaid_bundle: PolicyBundle) -> None:
    """Llama-3.1-8B: not open source AI; the parameters' licence carries its red flags."""
    evaluation, _ = _evaluate(osaid_bundle, "Llama-3.1-8B.yml")
    assert evaluation.osaid.verdict == "not_open_source_ai"
    assert "osaid_licences_free_of_red_flags" in evaluation.osaid.failed
    assert "osaid_parameters_open" in evaluation.osaid.failed
    params = next(c for c in evaluation.licence_flags if c.component == "model_parameters_final")
    flags = {f.flag for f in params.licence.flags}
    assert {"user_caps", "use_restrictions"} <= flags
    assert params.licence.original == "LicenseRef-Llama-3.1-Community"
    assert not params.acceptable
    assert evaluation.unconfirmed_imports


@pytest.mark.parametrize("sample", ["OLMo-7B.yml", "Llama-3.1-8B.yml"])
def test_confirming_every_import_empties_the_list(osaid_bundle: PolicyBundle, sample: str) -> None:
    """Once an officer confirms every imported answer, none is listed as unconfirmed."""
    result = import_file("mot", MOT_SAMPLES / sample, sample, osaid_bundle)
    confirmed = result.answers.model_copy(
        update={
            "answers": {
                q: a.model_copy(update={"confirmed": True})
                for q, a in result.answers.answers.items()
            }
        }
    )
    evaluation = evaluate(osaid_bundle, confirmed)
    assert evaluation.unconfirmed_imports == ()
    assert evaluation.osaid.verdict == evaluate(osaid_bundle, result.answers).osaid.verdict


MOT_FILES = sorted(
    [
        *MOT_SAMPLES.glob("*.yml"),
        *(MOT_SAMPLES.parent / "mot-testdata").glob("*.yml"),
        *(MOT_SAMPLES.parents[1] / "cases").glob("mot_*/record.yml"),
    ]
)


@pytest.mark.parametrize("path", MOT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}"[:60])
def test_no_verdict_rests_on_what_a_record_leaves_out(
    osaid_bundle: PolicyBundle, path: Path
) -> None:
    """Every imported answer names the record fields it rests on, and each failed gate reads
    imported answers: nothing is concluded from what a record leaves out."""
    result = import_file("mot", path, path.name, osaid_bundle)
    for qid, answer in result.answers.answers.items():
        assert answer.source is not None and answer.source.fields, qid
    evaluation = evaluate(osaid_bundle, result.answers)
    if evaluation.osaid.verdict == "not_open_source_ai":
        for criterion in evaluation.osaid.failed:
            finding = next(f for f in evaluation.findings if f.criterion == criterion)
            assert any(a.provenance == "imported" for a in finding.answers), criterion


FRAMEWORK = "framework: {name: 'Model Openness Framework', version: '1.0'}\n"
FALCON = (
    FRAMEWORK
    + """\
release:
  name: Falcon-180B
  producer: TII
  huggingface: 'https://huggingface.co/tiiuae/falcon-180B'
  license:
    distribution: {name: ' Falcon-180B TII License'}
  components:
    - {name: 'Model architecture', license: Apache-2.0}
    - {name: 'Inference code', license: Apache-2.0}
    - {name: 'Model parameters (Final)'}
    - {name: 'Model card'}
"""
)
MIXTRAL = (
    FRAMEWORK
    + """\
release:
  name: Mixtral-8x7B
  producer: Mistral AI
  huggingface: 'https://huggingface.co/mistralai/Mixtral-8x7B-v0.1'
  license:
    distribution: {name: Apache-2.0}
  components:
    - {name: 'Model architecture'}
    - {name: 'Inference code'}
    - {name: 'Model parameters (Final)'}
    - {name: 'Training code', license: 'Component not included'}
    - {name: 'Data preprocessing code', license: 'Component not included'}
    - {name: Datasets, license: 'Component not included'}
"""
)


@pytest.mark.parametrize(
    ("record", "verdict", "would_pass"),
    [
        (FALCON, "not_open_source_ai", True),
        (MIXTRAL, "not_open_source_ai", False),
    ],
    ids=["falcon_fails_on_terms_alone", "mixtral_fails_on_stated_gaps"],
)
def test_osi_validation_where_the_record_states_the_facts(
    osaid_bundle: PolicyBundle, record: str, verdict: str, would_pass: bool
) -> None:
    """OSI's validation is reproduced from records written by hand: Falcon's licence alone
    fails it (it would pass if the terms changed); Mixtral's record states that its training
    code and data were not released, which changed terms would not fix."""
    result = import_file("mot", record.encode(), "record.yml", osaid_bundle)
    evaluation = evaluate(osaid_bundle, result.answers)
    assert evaluation.osaid.verdict == verdict
    assert evaluation.osaid.would_pass_if_terms_changed is would_pass
