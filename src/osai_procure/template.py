"""A blank answers file for a policy: every question with its help and allowed values."""

from __future__ import annotations

import json

from osai_procure.loading import PolicyBundle
from osai_procure.models.base import Lang
from osai_procure.models.questionnaire import (
    ComponentQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    TextQuestion,
    UrlListQuestion,
    YesNoQuestion,
)


def _comment(text: str, indent: str = "  ") -> list[str]:
    """Turn text into YAML comment lines (a comment cannot break out of itself)."""
    return [f"{indent}# {line}".rstrip() for line in text.replace("\r", "").split("\n")]


def _q(text: str) -> str:
    """A YAML scalar that always reads back as the same string (JSON is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _allowed(question: Question, lang: Lang) -> tuple[str, str]:
    """The comment describing allowed values, and the blank value to write."""
    if isinstance(question, YesNoQuestion):
        values = "yes | no | unknown" + (" | not_applicable" if question.allow_na else "")
        return values, "unknown"
    if isinstance(question, SingleChoiceQuestion):
        labels = "; ".join(f"{c.id} = {c.label.get(lang)}" for c in question.choices)
        return f"one of: {labels}; or unknown", "unknown"
    if isinstance(question, MultiChoiceQuestion):
        labels = "; ".join(f"{c.id} = {c.label.get(lang)}" for c in question.choices)
        return f"a list of: {labels}", "[]"
    if isinstance(question, TextQuestion):
        return "free text", '""'
    if isinstance(question, UrlListQuestion):
        return "a list of URLs", "[]"
    if isinstance(question, DateQuestion):
        return "a date, YYYY-MM-DD (in quotes), or unknown", "unknown"
    if isinstance(question, NumberQuestion):
        bounds = []
        if question.minimum is not None:
            bounds.append(f"≥ {question.minimum:g}")
        if question.maximum is not None:
            bounds.append(f"≤ {question.maximum:g}")
        unit = f" {question.unit.get(lang)}" if question.unit else ""
        return f"a number{unit} {' '.join(bounds)}".rstrip() + ", or unknown", "unknown"
    assert isinstance(question, ComponentQuestion)
    released = "yes | no | unknown" + (" | not_applicable (not used)" if question.allow_na else "")
    return (
        f"released: {released}; location: URLs; license: an SPDX expression or licence name "
        f"({question.content_type})"
    ), '{released: unknown, location: [], license: ""}'


def answers_template(bundle: PolicyBundle, lang: Lang = "en") -> str:
    """Return YAML text of a blank answers file that validates against the policy."""
    policy = bundle.policy
    lines = [
        "# yaml-language-server: $schema=https://osai-procure.invalid/schemas/answers.schema.json",
        f"# Answers for policy {policy.id} {policy.version}",
        *_comment(f"{policy.title.en} / {policy.title.ja}", ""),
        "# Short form:  question_id: value",
        "# Long form:   question_id: {value: ..., evidence: [{url: ..., sha256: ..., note: ...}],",
        "#                            note: ..., provenance: declared|verified|imported}",
        "schema_version: 1",
        "assessment:",
        '  title: ""',
        '  procurement_id: ""',
        '  agency: ""',
        "  system:",
        '    name: ""',
        '    version: ""',
        '    provider: ""',
        "policy:",
        f"  id: {_q(policy.id)}",
        f"  version: {_q(policy.version)}",
        "answers:",
    ]
    for questionnaire in bundle.questionnaires:
        lines += [
            "",
            *_comment(
                f"==== {questionnaire.title.get(lang)} "
                f"({questionnaire.id} {questionnaire.version}) ===="
            ),
        ]
        for section in questionnaire.sections:
            lines += ["", *_comment(f"--- {section.title.get(lang)} ---")]
            for question in section.questions:
                allowed, blank = _allowed(question, lang)
                lines += _comment(question.text.get(lang))
                lines += _comment(f"help: {question.help.get(lang)}")
                for ref in question.refs:
                    lines += _comment(f"clause: {ref.source}, {ref.clause}")
                lines += _comment(f"allowed: {allowed}")
                if question.evidence_required:
                    lines += _comment("evidence required: use the long form with evidence")
                if question.show_if is not None:
                    lines += _comment("asked only when its condition on other answers is met")
                lines.append(f"  {question.id}: {blank}")
    return "\n".join(lines) + "\n"
