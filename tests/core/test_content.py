"""Shipped content: validated, bilingual, and free of YAML folding artefacts in Japanese."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy, load_questionnaire
from osai_procure.models.questionnaire import ComponentQuestion

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRES = sorted(ROOT.glob("questionnaires/*.yaml"))
POLICIES = sorted(ROOT.glob("policies/**/*.yaml"))
CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
SPLIT_JA = re.compile(f"[{CJK}] [{CJK}]")


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda p: p.name)
def test_questionnaire_validates(path: Path) -> None:
    """Each shipped questionnaire loads with no problem."""
    assert load_questionnaire(path).questions()


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_policy_validates(path: Path, library: ContentLibrary) -> None:
    """Each shipped policy resolves, with its questionnaires."""
    bundle = load_policy(path, library)
    assert bundle.policy.criteria


def _texts(data: Any) -> list[str]:
    """Every Japanese text (`ja:` value) in a model dump."""
    if isinstance(data, dict):
        own = [data["ja"]] if isinstance(data.get("ja"), str) else []
        return own + [t for v in data.values() for t in _texts(v)]
    if isinstance(data, list):
        return [t for v in data for t in _texts(v)]
    return []


@pytest.mark.parametrize("path", [*QUESTIONNAIRES, *POLICIES], ids=lambda p: p.name)
def test_japanese_has_no_folding_spaces(path: Path, library: ContentLibrary) -> None:
    """No space between two Japanese characters (YAML `>-` folding inserts them)."""
    if "questionnaires" in path.parts:
        dump = load_questionnaire(path).model_dump(mode="json")
    else:
        dump = load_policy(path, library).policy.model_dump(mode="json")
    bad = [t for t in _texts(dump) if SPLIT_JA.search(t)]
    assert bad == []


def test_every_text_is_bilingual(osgjp_bundle: PolicyBundle) -> None:
    """Every question and criterion has Japanese and English text and help."""
    for question in osgjp_bundle.questions.values():
        assert question.text.ja and question.text.en and question.help.ja and question.help.en
    for criterion in osgjp_bundle.policy.criteria:
        assert criterion.title.ja and criterion.title.en
        assert criterion.remediation.ja and criterion.remediation.en


def test_component_questions_match_content_ids(osaid_bundle: PolicyBundle) -> None:
    """The documented component ids exist with their content types and MOF names."""
    doc = (ROOT / "docs" / "content-ids.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| (\w+) \| ([^|]+) \|", doc, re.M)
    assert len(rows) == 25
    for qid, content_type, mof in rows:
        question = osaid_bundle.questions[qid]
        assert isinstance(question, ComponentQuestion)
        assert question.content_type == content_type
        assert (question.mof_component or "—") == mof.strip()


def test_every_question_kind_is_used(osgjp_bundle: PolicyBundle) -> None:
    """The two shipped questionnaires together use every question kind."""
    kinds = {q.kind for q in osgjp_bundle.questions.values()}
    assert kinds == {
        "yes_no",
        "single_choice",
        "multi_choice",
        "text",
        "url_list",
        "date",
        "number",
        "component",
    }


def test_osgjp_extends_osaid(osgjp_bundle: PolicyBundle) -> None:
    """The OSG-JP policy inherits every OSAID gate and adds its own."""
    assert osgjp_bundle.policy.lineage == ("osg_jp_public_procurement", "osaid_1_0")
    osaid = [c for c in osgjp_bundle.policy.criteria if c.scope == "osaid"]
    assert len(osaid) >= 9
    assert {q.id for q in osgjp_bundle.questionnaires} == {"osaid_1_0", "osg_jp"}
