"""The OSAID side read as the OSI wrote it: required and optional code apart, listings that the
chosen data class requires, and the checklist's optional components."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from osai_procure.errors import OsaiProcureError
from osai_procure.loading import PolicyBundle, load_answers
from osai_procure.models.questionnaire import ComponentQuestion, YesNoQuestion

ROOT = Path(__file__).resolve().parents[2]
OLMO = ROOT / "tests" / "data" / "cases" / "olmo_7b_open" / "answers.yaml"


def _gate_questions(bundle: PolicyBundle, criterion: str) -> set[str]:
    """The component questions a criterion's rule reads."""
    found = next(c for c in bundle.policy.criteria if c.id == criterion)
    return set(re.findall(r"'question': '([a-z_]+)'", str(found.rule.model_dump())))


def test_validation_code_is_required_and_evaluation_code_is_optional(
    osaid_bundle: PolicyBundle,
) -> None:
    """OSAID's 'validation and testing' code decides the code gate; the checklist's optional
    evaluation and benchmark-inference code do not."""
    code_gate = _gate_questions(osaid_bundle, "osaid_code_complete")
    assert "code_validation_testing" in code_gate
    assert not code_gate & {"code_evaluation", "code_benchmark_inference"}
    scored = {c.id: c for c in osaid_bundle.policy.criteria}
    assert scored["evaluation_code_open"].scope == "policy"
    assert scored["benchmark_inference_code_open"].severity == "info"


@pytest.mark.parametrize("question", ["public_data_listed", "third_party_data_listed"])
def test_listing_required_by_the_class_choice_allows_no_na(
    question: str, osaid_bundle: PolicyBundle
) -> None:
    """A listing shown only because its data class was chosen cannot be answered N/A."""
    found = osaid_bundle.questions[question]
    assert isinstance(found, YesNoQuestion)
    assert not found.allow_na


def test_na_on_a_required_listing_is_refused_with_its_place(
    tmp_path: Path, osaid_bundle: PolicyBundle
) -> None:
    """Answering the public-data listing 'not applicable' is a located error, not a pass."""
    text = OLMO.read_text(encoding="utf-8").replace(
        '  public_data_listed:\n    value: "yes"',
        "  public_data_listed:\n    value: not_applicable",
    )
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OsaiProcureError, match=r"public_data_listed: 'not_applicable'"):
        load_answers(path, osaid_bundle)


def test_open_training_data_must_be_under_open_terms(osaid_bundle: PolicyBundle) -> None:
    """The data-information gate reads the datasets' terms, not only whether they are out."""
    assert "datasets" in _gate_questions(osaid_bundle, "osaid_data_information")
    found = next(c for c in osaid_bundle.policy.criteria if c.id == "osaid_data_information")
    assert "component_released" not in str(found.rule.model_dump())


def test_red_flags_on_every_released_optional_element_are_warned(
    osaid_bundle: PolicyBundle,
) -> None:
    """Every optional component is read by the warning finding, which never decides a verdict."""
    optional = {
        q.id
        for q in osaid_bundle.questions.values()
        if isinstance(q, ComponentQuestion)
        and not q.id.startswith("base_model")  # lineage: judged by its own gate
        and not q.id.startswith("system_")  # beyond the model: judged by its own gate
        and q.id
        not in {
            "model_parameters_final",
            "code_training",
            "code_inference",
            "model_architecture",
            "code_data_preprocessing",
            "code_validation_testing",
            "code_supporting_libraries",
            "code_hyperparameter_search",
        }
    }
    warned = _gate_questions(osaid_bundle, "released_optional_elements_free_of_red_flags")
    assert optional <= warned
    found = next(
        c
        for c in osaid_bundle.policy.criteria
        if c.id == "released_optional_elements_free_of_red_flags"
    )
    assert (found.scope, found.severity) == ("policy", "info")


def test_components_beyond_the_model_are_asked_or_out_of_scope(
    osaid_bundle: PolicyBundle,
) -> None:
    """O9: the system's other components are judged only when the whole system is in scope,
    and an information finding says when it is not."""
    gate = next(c for c in osaid_bundle.policy.criteria if c.id == "osaid_system_components")
    assert gate.scope == "osaid" and gate.severity == "gate"
    assert _gate_questions(osaid_bundle, "osaid_system_components") == {
        "system_application_code",
        "system_retrieval",
        "system_guardrails",
        "system_prompts",
    }
    for qid in ("system_application_code", "system_retrieval", "system_prompts"):
        assert "system_scope" in str(osaid_bundle.questions[qid].show_if)
    info = next(c for c in osaid_bundle.policy.criteria if c.id == "assessment_covers_whole_system")
    assert info.severity == "info" and "モデルのみ" in info.remediation.ja


def test_remote_restriction_limits_use_not_study(osaid_bundle: PolicyBundle) -> None:
    """O14: a right to restrict use remotely is read by the use gate, not the study gate."""
    study = next(c for c in osaid_bundle.policy.criteria if c.id == "osaid_freedom_study")
    use = next(c for c in osaid_bundle.policy.criteria if c.id == "osaid_freedom_use")
    assert "remote_restriction" not in str(study.rule)
    assert "remote_restriction" in str(use.rule)


def test_tokenizer_training_and_export_controls_are_explained(osaid_bundle: PolicyBundle) -> None:
    """O12 and O13: the help asks for a custom tokenizer's training code, and statutory export
    controls are not counted as the provider's terms."""
    assert "語彙の作成手順" in osaid_bundle.questions["code_supporting_libraries"].help.ja
    freedoms = next(s for s in osaid_bundle.questionnaires[0].sections if s.id == "freedoms")
    assert "外為法" in freedoms.description.ja and "EAR" in freedoms.description.en
