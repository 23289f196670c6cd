"""Every clause rule is held to the sentences it must and must not flag."""

from __future__ import annotations

import pytest

from osai_procure.licences.document import Paragraph
from osai_procure.licences.scanning import RulesError, clause_rules, find_clauses, rules_from_yaml
from osai_procure.models.licence import FLAG_IDS

RULES = clause_rules()


def _flags(sentence: str, rule_id: str) -> bool:
    """Whether the rule with `rule_id` alone flags `sentence`."""
    rule = next(r for r in RULES if r.id == rule_id)
    paragraph = Paragraph(text=sentence, number=1, page=None, section=None)
    return any(hit.rule == rule_id for hit in find_clauses([paragraph], [rule]))


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_rule_flags_its_hit_examples(rule_id: str) -> None:
    """Each rule flags every sentence listed under examples.hit."""
    rule = next(r for r in RULES if r.id == rule_id)
    missed = [s for s in rule.examples.hit if not _flags(s, rule_id)]
    assert missed == []


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_rule_leaves_its_miss_examples(rule_id: str) -> None:
    """Each rule leaves every sentence listed under examples.miss alone."""
    rule = next(r for r in RULES if r.id == rule_id)
    wrongly = [s for s in rule.examples.miss if _flags(s, rule_id)]
    assert wrongly == []


def test_every_flag_has_rules_in_both_languages() -> None:
    """Each red flag id has at least one English and one Japanese rule."""
    covered = {(r.flag, r.lang) for r in RULES}
    missing = [(f, lang) for f in FLAG_IDS for lang in ("en", "ja") if (f, lang) not in covered]
    assert missing == []


def test_rule_language_matches_its_examples() -> None:
    """Japanese rules carry Japanese examples and English rules English ones."""
    for rule in RULES:
        has_kana = [any("\u3040" <= ch <= "\u30ff" for ch in s) for s in rule.examples.hit]
        assert all(has_kana) if rule.lang == "ja" else not any(has_kana), rule.id


def test_bad_rules_file_lists_every_problem() -> None:
    """A rules file with a bad pattern and an unknown flag reports both, with their paths."""
    text = """
schema_version: 1
rules:
  - id: broken
    flag: not_a_flag
    lang: en
    confidence: high
    all: ['(unclosed']
    why: {ja: 理由, en: why}
    examples: {hit: [a], miss: [b]}
"""
    with pytest.raises(RulesError) as caught:
        rules_from_yaml(text, source="rules.yaml")
    message = str(caught.value)
    assert "rules.0.flag" in message
    assert "rules.0.all" in message and "invalid regular expression" in message


def test_duplicate_rule_ids_are_refused() -> None:
    """Two rules with one id are refused, naming the id."""
    rule = """
  - id: twice
    flag: royalty
    lang: en
    confidence: high
    all: ['royalty']
    why: {ja: 理由, en: why}
    examples: {hit: [a], miss: [b]}"""
    with pytest.raises(RulesError, match="twice"):
        rules_from_yaml("schema_version: 1\nrules:" + rule + rule)
