"""Loading content: every problem at once, as `file:line: key.path: message (did you mean)`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from osai_procure.errors import ContentError
from osai_procure.loading import ContentLibrary, load_answers, load_policy, load_questionnaire

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
      - id: freedom_use
        kind: yes_no
        text: {ja: 使用できるか, en: Usable}
        help: {ja: 助言, en: Help}
      - id: weights
        kind: component
        content_type: parameters
        text: {ja: 重み, en: Weights}
        help: {ja: 助言, en: Help}
      - id: tier
        kind: single_choice
        text: {ja: 区分, en: Tier}
        help: {ja: 助言, en: Help}
        choices:
          - {id: low, label: {ja: 低, en: Low}}
          - {id: high, label: {ja: 高, en: High}}
"""

POLICY = """
schema_version: 1
id: mini_policy
version: "1.0"
title: {ja: ミニ方針, en: Mini policy}
questionnaires: [mini]
criteria:
  - id: use
    title: {ja: 使用, en: Use}
    scope: osaid
    severity: gate
    rule: {answer_equals: {question: freedom_use, value: "yes"}}
    remediation: {ja: 直す, en: Fix it}
"""


def _problems(call: Callable[[], object]) -> list[str]:
    """Run a loader that must fail; return its problems as text lines."""
    with pytest.raises(ContentError) as info:
        call()
    return [str(p) for p in info.value.problems]


def _tree(write: Write, policy: str, questionnaire: str = QUESTIONNAIRE) -> Path:
    """Write a content tree and return the policy path."""
    write("questionnaires/mini.yaml", questionnaire)
    return write("policies/mini.yaml", policy)


def _load(path: Path) -> object:
    """Load a policy from its own content tree."""
    return load_policy(path, ContentLibrary.from_root(path.parent.parent))


def test_valid_mini_policy_loads(write: Write) -> None:
    """A small valid policy resolves, with a digest."""
    bundle = load_policy(_tree(write, POLICY), ContentLibrary.from_root(write("x", "").parent))
    assert bundle.policy.id == "mini_policy"
    assert len(bundle.policy.digest) == 64
    assert set(bundle.questions) == {"freedom_use", "weights", "tier"}


def test_unknown_key_with_did_you_mean(write: Write) -> None:
    """A misspelt key is named with its line, path and the key meant."""
    path = _tree(write, POLICY.replace("severity: gate", "severty: gate"))
    assert _problems(lambda: _load(path)) == [
        f"{path}:7: criteria[use].severity: required key is missing",
        f"{path}:10: criteria[use].severty: unknown key 'severty' (did you mean 'severity'?)",
    ]


def test_wrong_type_and_literal(write: Write) -> None:
    """Wrong types and values outside a fixed set are reported together."""
    bad = POLICY.replace("severity: gate", "severity: gat\n    weight: heavy")
    path = _tree(write, bad)
    assert _problems(lambda: _load(path)) == [
        f"{path}:10: criteria[use].severity: 'gat' is not allowed; expected 'gate', 'scored' "
        "or 'info' (did you mean 'gate'?)",
        f"{path}:11: criteria[use].weight: expected a number, got 'heavy'",
    ]


def test_yaml_1_1_number_where_text_expected(write: Write) -> None:
    """`version: 1.10` is read as a number by YAML; the message says to quote it."""
    path = _tree(write, POLICY.replace('version: "1.0"', "version: 1.10"))
    assert _problems(lambda: _load(path)) == [
        f"{path}:3: version: expected text, but YAML read 1.10 as float 1.1; "
        "put it in quotes: '1.10'"
    ]


def test_unknown_question_in_rule(write: Write) -> None:
    """A rule naming a question that does not exist suggests the closest id."""
    path = _tree(write, POLICY.replace("question: freedom_use", "question: fredom_use"))
    assert _problems(lambda: _load(path)) == [
        f"{path}:11: criteria[use].rule: unknown question 'fredom_use' "
        "(did you mean 'freedom_use'?)"
    ]


def test_unknown_value_in_rule(write: Write) -> None:
    """A rule comparing with a value the question cannot take is an error."""
    path = _tree(write, POLICY.replace('value: "yes"', "value: yess"))
    assert (
        "'yess' is not a value of question 'freedom_use' (did you mean 'yes'?)"
        in (_problems(lambda: _load(path))[0])
    )


def test_unknown_rule_operator(write: Write) -> None:
    """An unknown operator suggests the closest one."""
    path = _tree(write, POLICY.replace("answer_equals:", "answer_equal:"))
    assert _problems(lambda: _load(path)) == [
        f"{path}:11: criteria[use].rule: unknown rule operator 'answer_equal' "
        "(did you mean 'answer_equals'?)"
    ]


def test_component_operator_needs_component(write: Write) -> None:
    """component_open on a yes/no question is an error."""
    path = _tree(
        write,
        POLICY.replace(
            '{answer_equals: {question: freedom_use, value: "yes"}}',
            "{component_open: {question: freedom_use}}",
        ),
    )
    assert (
        "component_open needs a component question; 'freedom_use' is yes_no"
        in (_problems(lambda: _load(path))[0])
    )


def test_duplicate_criterion_ids(write: Write) -> None:
    """Two criteria with one id are reported at the second."""
    criterion = POLICY[POLICY.index("  - id: use") :]
    path = _tree(write, POLICY + criterion)
    assert _problems(lambda: _load(path)) == [f"{path}:13: criteria: duplicate criterion id 'use'"]


def test_duplicate_question_ids(write: Write) -> None:
    """A questionnaire declaring a question id twice is refused."""
    dup = QUESTIONNAIRE.replace("id: tier", "id: weights")
    path = write("questionnaires/mini.yaml", dup)
    assert _problems(lambda: load_questionnaire(path)) == [
        f"{path}:19: sections: duplicate question id 'weights'"
    ]


def test_unknown_question_kind(write: Write) -> None:
    """An unknown question kind lists the kinds."""
    path = write("questionnaires/mini.yaml", QUESTIONNAIRE.replace("kind: yes_no", "kind: yesno"))
    assert _problems(lambda: load_questionnaire(path))[0].startswith(
        f"{path}:10: sections[basics].questions[freedom_use]: unknown kind 'yesno' "
        "(did you mean 'yes_no'?)"
    )


def test_extends_missing_parent(write: Write) -> None:
    """`extends` naming no known policy says so, with a suggestion."""
    child = write(
        "policies/child.yaml",
        """
        schema_version: 1
        id: child
        version: "1"
        title: {ja: 子, en: Child}
        extends: mini_polcy
    """,
    )
    _tree(write, POLICY)
    assert _problems(lambda: _load(child)) == [
        f"{child}:5: extends: extends unknown policy 'mini_polcy' (did you mean 'mini_policy'?)"
    ]


def test_extends_cycle(write: Write) -> None:
    """Policies extending each other in a circle are refused."""
    write("questionnaires/mini.yaml", QUESTIONNAIRE)
    a = write(
        "policies/a.yaml",
        """
        schema_version: 1
        id: pol_a
        version: "1"
        title: {ja: A, en: A}
        extends: pol_b
    """,
    )
    write(
        "policies/b.yaml",
        """
        schema_version: 1
        id: pol_b
        version: "1"
        title: {ja: B, en: B}
        extends: pol_a
    """,
    )
    assert _problems(lambda: _load(a)) == [
        f"{a}:5: extends: `extends` forms a cycle: pol_a -> pol_b -> pol_a"
    ]


def test_extends_overrides_and_removes(write: Write) -> None:
    """A child replaces a criterion by id, removes one, and adds one."""
    parent = _tree(
        write,
        POLICY
        + """
  - id: tiered
    title: {ja: 区分, en: Tiered}
    scope: policy
    severity: scored
    rule: {answer_in: {question: tier, values: [low, high]}}
    remediation: {ja: 直す, en: Fix}
""",
    )
    child = write(
        "policies/child.yaml",
        """
        schema_version: 1
        id: child
        version: "2"
        title: {ja: 子, en: Child}
        extends: mini_policy
        remove_criteria: [tiered]
        accepted_terms:
          parameters: {osi_approved: false, include: [OpenMDW-1.0]}
        criteria:
          - id: use
            title: {ja: 使用（厳格）, en: Use (strict)}
            scope: osaid
            severity: gate
            rule: {answer_equals: {question: freedom_use, value: "yes"}}
            remediation: {ja: 直す, en: Fix}
          - id: weights_open
            title: {ja: 重み, en: Weights}
            scope: policy
            severity: gate
            rule: {component_open: {question: weights}}
            remediation: {ja: 直す, en: Fix}
    """,
    )
    library = ContentLibrary.from_root(parent.parent.parent)
    bundle = load_policy(child, library)
    assert [c.id for c in bundle.policy.criteria] == ["use", "weights_open"]
    assert bundle.policy.criteria[0].title.en == "Use (strict)"
    assert bundle.policy.lineage == ("child", "mini_policy")
    assert bundle.policy.accepted_terms["parameters"].include == ("OpenMDW-1.0",)
    assert bundle.policy.accepted_terms["code"].osi_approved  # inherited default
    assert bundle.policy.digest != load_policy(parent, library).policy.digest


def test_answers_unknown_question_and_choice(write: Write) -> None:
    """Answers naming unknown questions or choices are all reported, with suggestions."""
    policy = _tree(write, POLICY)
    bundle = load_policy(policy, ContentLibrary.from_root(policy.parent.parent))
    answers = write(
        "answers.yaml",
        """
        schema_version: 1
        assessment: {title: T, system: {name: S}}
        answers:
          fredom_use: "yes"
          tier: hihg
          weights: {released: yes, licence: MIT}
    """,
    )
    assert _problems(lambda: load_answers(answers, bundle)) == [
        f"{answers}:4: answers: unknown question 'fredom_use' (did you mean 'freedom_use'?)",
        f"{answers}:5: answers.tier: 'hihg' is not a choice (did you mean 'high'?); "
        "choices: low, high",
        f"{answers}:6: answers.weights.licence: unknown key 'licence' (did you mean 'license'?)",
    ]


def test_answers_long_and_short_forms(write: Write) -> None:
    """Short and long answer forms load to the same model shape."""
    policy = _tree(write, POLICY)
    bundle = load_policy(policy, ContentLibrary.from_root(policy.parent.parent))
    answers = write(
        "answers.yaml",
        """
        schema_version: 1
        assessment: {title: T, system: {name: S}}
        answers:
          freedom_use: "yes"
          tier: {value: low, evidence: [{url: "https://example.org/x"}], provenance: verified}
    """,
    )
    loaded = load_answers(answers, bundle)
    assert loaded.answers["freedom_use"].value == "yes"
    assert loaded.answers["tier"].evidence[0].url == "https://example.org/x"
    assert loaded.answers["tier"].provenance == "verified"


def test_top_level_must_be_mapping(write: Write) -> None:
    """A list at the top level is refused clearly."""
    path = write("questionnaires/mini.yaml", "- a\n- b\n")
    assert _problems(lambda: load_questionnaire(path)) == [
        f"{path}:1: the top level must be a mapping of keys"
    ]
