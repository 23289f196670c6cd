"""The engine's logic on small inline policies: three-valued rules and the verdicts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from osai_procure.engine import evaluate, question_visible
from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy, strict_model
from osai_procure.models.answers import AnswersFile

Write = Callable[[str, str], Path]

QUESTIONNAIRE = """
schema_version: 1
id: mini
version: "1.0"
title: {ja: ミニ, en: Mini}
description: {ja: 説明, en: Description}
sections:
  - id: basics
    title: {ja: 基本, en: Basics}
    questions:
      - {id: a, kind: yes_no, text: {ja: A, en: A}, help: {ja: h, en: h}}
      - {id: b, kind: yes_no, text: {ja: B, en: B}, help: {ja: h, en: h}, allow_na: true}
      - id: c
        kind: yes_no
        text: {ja: C, en: C}
        help: {ja: h, en: h}
        show_if: {answer_equals: {question: a, value: "yes"}}
      - {id: weights, kind: component, content_type: parameters, text: {ja: W, en: W},
         help: {ja: h, en: h}}
      - {id: code, kind: component, content_type: code, text: {ja: K, en: K},
         help: {ja: h, en: h}, allow_na: true}
      - {id: years, kind: number, text: {ja: Y, en: Y}, help: {ja: h, en: h}}
"""

POLICY = """
schema_version: 1
id: mini_policy
version: "1.0"
title: {ja: ミニ, en: Mini}
questionnaires: [mini]
criteria:
  - id: gate_a
    title: {ja: A, en: A}
    scope: osaid
    severity: gate
    rule: {answer_equals: {question: a, value: "yes"}}
    remediation: {ja: 直す, en: Fix A}
  - id: weights_open
    title: {ja: W, en: W}
    scope: osaid
    severity: gate
    rule:
      all_of:
        - {component_open: {question: weights}}
        - {licence_free_of: {question: weights, flags: [use_restrictions, user_caps]}}
    remediation: {ja: 直す, en: Open the weights}
  - id: code_open
    title: {ja: K, en: K}
    scope: osaid
    severity: gate
    rule: {component_open: {question: code}}
    remediation: {ja: 直す, en: Open the code}
  - id: years_ok
    title: {ja: Y, en: Y}
    scope: policy
    severity: scored
    weight: 3
    rule: {number_at_least: {question: years, value: 5}}
    remediation: {ja: 直す, en: Longer}
  - id: c_yes
    title: {ja: C, en: C}
    scope: policy
    severity: scored
    rule: {answer_equals: {question: c, value: "yes"}}
    remediation: {ja: 直す, en: C}
thresholds: {compliant: 1.0, conditionally_compliant: 0.5}
openness_labels:
  - id: oss
    title: {ja: OSS, en: OSS}
    rule: {all_of: [{criterion_met: gate_a}, {criterion_met: weights_open},
                    {criterion_met: code_open}]}
  - id: weights_available
    title: {ja: 重み入手可, en: Weights available}
    rule: {component_released: {question: weights}}
mof_classes:
  - {id: III, title: {ja: III, en: III}, components: [weights]}
  - {id: II, title: {ja: II, en: II}, components: [code]}
"""


@pytest.fixture
def bundle(write: Write) -> PolicyBundle:
    """The mini policy, resolved."""
    write("questionnaires/mini.yaml", QUESTIONNAIRE)
    path = write("policies/mini.yaml", POLICY)
    return load_policy(path, ContentLibrary.from_root(path.parent.parent))


def _answers(**values: Any) -> AnswersFile:
    """An answers file with the given short-form answers."""
    data = {
        "schema_version": 1,
        "assessment": {"title": "t", "system": {"name": "s"}},
        "answers": values,
    }
    return strict_model(AnswersFile, data)  # type: ignore[no-any-return]


OPEN = {"released": "yes", "license": "Apache-2.0"}


def test_all_open_is_open_source_ai(bundle: PolicyBundle) -> None:
    """Every gate met gives open_source_ai, the top label and MOF class II."""
    result = evaluate(bundle, _answers(a="yes", c="yes", weights=OPEN, code=OPEN, years=10))
    assert result.osaid.verdict == "open_source_ai"
    assert result.policy.verdict == "compliant"
    assert result.openness_label.id == "oss"
    assert result.mof_class.mof_class == "II"


def test_unanswered_gate_is_insufficient_evidence(bundle: PolicyBundle) -> None:
    """An unanswered gate never counts as met."""
    result = evaluate(bundle, _answers(weights=OPEN, code=OPEN))
    assert result.osaid.verdict == "insufficient_evidence"
    assert result.osaid.unknown == ("gate_a",)
    assert result.policy.verdict == "incomplete"
    finding = next(f for f in result.findings if f.criterion == "gate_a")
    assert finding.status == "unknown"
    assert finding.remediation is not None


def test_failure_decides_despite_unknowns(bundle: PolicyBundle) -> None:
    """A failed gate decides not_open_source_ai even when other gates are unknown."""
    result = evaluate(bundle, _answers(a="no"))
    assert result.osaid.verdict == "not_open_source_ai"
    assert result.osaid.failed == ("gate_a",)


def test_weights_only_release_fails_on_code(bundle: PolicyBundle) -> None:
    """Apache-2.0 weights without code fail, and changing terms would not help."""
    result = evaluate(bundle, _answers(a="yes", weights=OPEN, code={"released": "no"}))
    assert result.osaid.verdict == "not_open_source_ai"
    assert result.osaid.failed == ("code_open",)
    assert result.osaid.would_pass_if_terms_changed is False


def test_restrictive_licence_would_pass_with_other_terms(bundle: PolicyBundle) -> None:
    """A complete release under a RAIL licence fails, and would pass with other terms."""
    rail = {"released": "yes", "license": "BigScience BLOOM RAIL 1.0"}
    result = evaluate(bundle, _answers(a="yes", weights=rail, code=OPEN))
    assert result.osaid.verdict == "not_open_source_ai"
    assert result.osaid.would_pass_if_terms_changed is True
    row = next(r for r in result.licence_flags if r.component == "weights")
    assert not row.acceptable
    assert "use_restrictions" in {f.flag for f in row.licence.flags}
    assert result.openness_label.id == "weights_available"


def test_answer_following_from_terms_is_set_aside_by_the_counterfactual(
    bundle: PolicyBundle,
) -> None:
    """A gate failed by an answer that names the terms it follows from would pass if the terms
    changed; the same answer with no terms named is a gap, and blocks the flag."""
    from_terms = {"value": "no", "terms": ["acceptable_use_policy"]}
    result = evaluate(bundle, _answers(a=from_terms, weights=OPEN, code=OPEN))
    assert result.osaid.failed == ("gate_a",)
    assert result.osaid.would_pass_if_terms_changed is True
    assert result.osaid.unknown_if_terms_changed == ()
    plain = evaluate(bundle, _answers(a="no", weights=OPEN, code=OPEN))
    assert plain.osaid.would_pass_if_terms_changed is False


def test_unknown_gates_do_not_block_the_counterfactual_but_are_listed(
    bundle: PolicyBundle,
) -> None:
    """With terms failing one gate and another gate unknown, the flag holds and names the
    unknown gate; terms that are not stated stay unknown rather than assumed acceptable."""
    rail = {"released": "yes", "license": "BigScience BLOOM RAIL 1.0"}
    result = evaluate(bundle, _answers(a="yes", weights=rail, code={"released": "yes"}))
    assert result.osaid.failed == ("weights_open",)
    assert result.osaid.would_pass_if_terms_changed is True
    assert result.osaid.unknown_if_terms_changed == ("code_open",)


def test_label_unless_withholds_only_when_known(write: Write) -> None:
    """A label's `unless` rule withholds it when met, not when unknown."""
    write("questionnaires/mini.yaml", QUESTIONNAIRE)
    policy = POLICY.replace(
        "    rule: {component_released: {question: weights}}",
        "    rule: {component_released: {question: weights}}\n"
        '    unless: {answer_equals: {question: a, value: "no"}}',
    )
    path = write("policies/mini.yaml", policy)
    restricted = load_policy(path, ContentLibrary.from_root(path.parent.parent))
    assert evaluate(restricted, _answers(a="no", weights=OPEN)).openness_label.id == "closed"
    shown = evaluate(restricted, _answers(weights=OPEN)).openness_label.id
    assert shown == "weights_available"


def test_label_is_undetermined_while_one_is_still_possible(bundle: PolicyBundle) -> None:
    """Weights nobody has answered for leave the label undetermined; weights known not to be
    released make it closed."""
    unknown = evaluate(bundle, _answers(a="yes"))
    assert unknown.openness_label.id == "undetermined"
    assert unknown.openness_label.title.en == "Not determined (insufficient evidence)"
    closed = evaluate(
        bundle, _answers(a="yes", weights={"released": "no"}, code={"released": "no"})
    )
    assert closed.openness_label.id == "closed"


def test_code_not_used_is_not_applicable(bundle: PolicyBundle) -> None:
    """A component answered not_applicable makes its criterion not applicable."""
    result = evaluate(bundle, _answers(a="yes", weights=OPEN, code={"released": "not_applicable"}))
    finding = next(f for f in result.findings if f.criterion == "code_open")
    assert finding.status == "not_applicable"
    assert result.osaid.verdict == "open_source_ai"


def test_released_without_terms_is_unknown(bundle: PolicyBundle) -> None:
    """Released but with no licence stated is unknown, never open."""
    result = evaluate(bundle, _answers(a="yes", weights={"released": "yes"}, code=OPEN))
    assert result.osaid.verdict == "insufficient_evidence"


@pytest.mark.parametrize("licence", ["Proprietary", "Undisclosed", "unlicensed", "Foo-9.9"])
def test_non_open_strings_are_never_open(bundle: PolicyBundle, licence: str) -> None:
    """Proprietary, undisclosed, unlicensed and unrecognised terms fail."""
    weights = {"released": "yes", "license": licence}
    result = evaluate(bundle, _answers(a="yes", weights=weights, code=OPEN))
    assert result.osaid.verdict == "not_open_source_ai"


def test_conditional_question_hidden_is_not_applicable(bundle: PolicyBundle) -> None:
    """A question whose show_if is not met is hidden and its criterion not applicable."""
    answers = _answers(a="no", c="yes")
    assert question_visible(bundle, answers, "c") is False
    result = evaluate(bundle, answers)
    assert next(f for f in result.findings if f.criterion == "c_yes").status == "not_applicable"
    assert "c" not in result.unanswered


def test_scored_criteria_give_conditional_compliance(bundle: PolicyBundle) -> None:
    """Gates met but a scored criterion missed gives conditionally_compliant with conditions."""
    result = evaluate(bundle, _answers(a="yes", c="no", weights=OPEN, code=OPEN, years=10))
    assert result.policy.verdict == "conditionally_compliant"
    assert result.policy.score == 0.75
    assert result.policy.conditions == ("c_yes",)


def test_low_score_is_non_compliant(bundle: PolicyBundle) -> None:
    """Below the conditional threshold the policy is not met."""
    result = evaluate(bundle, _answers(a="yes", c="no", weights=OPEN, code=OPEN, years=1))
    assert result.policy.verdict == "non_compliant"
    assert result.policy.score == 0.0


def test_findings_carry_deciding_answers_and_reasons(bundle: PolicyBundle) -> None:
    """A failed finding names the answers and licence facts that decided it."""
    weights = {"released": "yes", "license": "Llama 3.1 Community License Agreement"}
    result = evaluate(bundle, _answers(a="yes", weights=weights, code=OPEN))
    finding = next(f for f in result.findings if f.criterion == "weights_open")
    assert finding.status == "not_met"
    assert [a.question for a in finding.answers] == ["weights"]
    assert finding.licences[0].kind == "catalogued"
    codes = [(r.code, r.question, r.content_type) for r in finding.reasons]
    assert ("terms_not_accepted", "weights", "parameters") in codes
    assert finding.remediation is not None and finding.remediation.en == "Open the weights"


def test_licence_flags_empty_when_none(bundle: PolicyBundle) -> None:
    """Open licences have an empty flag list."""
    result = evaluate(bundle, _answers(a="yes", weights=OPEN, code=OPEN))
    assert [list(r.licence.flags) for r in result.licence_flags] == [[], []]


def test_yes_no_booleans_are_read_as_yes_no(bundle: PolicyBundle) -> None:
    """`true`/`false` in YAML answer yes/no questions as yes/no."""
    result = evaluate(bundle, _answers(a=True, weights=OPEN, code=OPEN))
    assert result.osaid.verdict == "open_source_ai"


def test_imported_unconfirmed_answers_are_listed(bundle: PolicyBundle) -> None:
    """Verdicts resting on imported answers say so until an officer confirms them."""
    answers = _answers(
        a={"value": "yes", "provenance": "imported"},
        weights={"value": OPEN, "provenance": "imported", "confirmed": True},
        code=OPEN,
    )
    assert evaluate(bundle, answers).unconfirmed_imports == ("a",)


def test_results_round_trip_validation(bundle: PolicyBundle) -> None:
    """Every model the engine builds is complete and valid: dump then validate is identical."""
    from osai_procure.models.evaluation import Evaluation

    rail = {"released": "yes", "license": "BigScience BLOOM RAIL 1.0"}
    result = evaluate(bundle, _answers(a="yes", c="no", weights=rail, code=OPEN, years=2))
    again = Evaluation.model_validate_json(result.model_dump_json())
    assert again == result
    assert again.model_dump() == result.model_dump()


def test_answers_file_accepts_answer_objects() -> None:
    """Answer instances built in Python pass through the short-form expansion unchanged."""
    from osai_procure.models.answers import Answer, AssessmentInfo, SystemInfo

    answer = Answer(value="yes", provenance="verified")
    built = AnswersFile(
        schema_version=1,
        assessment=AssessmentInfo(title="t", system=SystemInfo(name="s")),
        answers={"a": answer},
    )
    assert built.answers["a"] == answer
