"""Records signed by an earlier release keep verifying (tests/data/records; never regenerated)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from osai_procure.loading import ContentLibrary
from osai_procure.signing import verify_report
from osai_procure.signing.explain import explain, three_questions
from osai_procure.signing.trust import load_trust_store
from tests.reports.helpers import ROOT

RECORDS = ROOT / "tests" / "data" / "records"
RELEASES = sorted(p for p in RECORDS.iterdir() if (p / "record.json").exists())
FILES = ("report.pdf", "report.xlsx", "record.json")


def _verify(release: Path, name: str, content: Path | None = None) -> object:
    """Verify one fixture with the release's own trust file and content (or `content`)."""
    return verify_report(
        release / name,
        library=ContentLibrary.from_root(content or release / "content"),
        trust=load_trust_store(release / "trust.yaml"),
    )


def test_there_are_fixtures() -> None:
    """At least the 0.1.0 records are there to be verified."""
    assert [p.name for p in RELEASES] >= ["osai-procure-0.1.0"]


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.name)
@pytest.mark.parametrize("name", FILES)
def test_an_old_record_still_verifies(release: Path, name: str) -> None:
    """A record signed by an earlier release verifies with today's code: unchanged, signed by
    the pinned key, its verdict re-performed. If this fails, today's change breaks every such
    record: keep them readable (see tests/data/records/*/README.md), never regenerate."""
    result = verify_report(
        release / name,
        library=ContentLibrary.from_root(release / "content"),
        trust=load_trust_store(release / "trust.yaml"),
    )
    assert result.ok, [(c.name, c.detail) for c in result.failures]
    assert [a.ok for a in three_questions(result)] == [True, True, True]
    assert result.signer is not None and result.signer.organisation == "Fixture Agency"


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.name)
@pytest.mark.parametrize("name", FILES)
@pytest.mark.usefixtures("reworded")
def test_a_reworded_sentence_does_not_break_an_old_record(release: Path, name: str) -> None:
    """With every reason sentence reworded, the old records still verify."""
    result = verify_report(
        release / name,
        library=ContentLibrary.from_root(release / "content"),
        trust=load_trust_store(release / "trust.yaml"),
    )
    assert result.ok, [(c.name, c.detail) for c in result.failures]


def test_a_later_content_fix_is_told_apart_from_tampering(tmp_path: Path) -> None:
    """When a later policy version changes the verdict, verify says what was signed, what
    today's rules give and which criterion changed, and calls the file unchanged."""
    release = RELEASES[0]
    content = tmp_path / "content"
    shutil.copytree(release / "content", content)
    policy = content / "policies" / "report-mini.yaml"
    text = policy.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.2"')
    text = text.replace(
        "rule: {component_open: {question: model_parameters_final}}",
        "rule: {component_released: {question: model_parameters_final}}",
    )
    text = text.replace(
        "rule: {component_open: {question: code_training}}",
        "rule: {answered: code_training}",
    )
    policy.write_text(text, encoding="utf-8")
    result = verify_report(
        release / "record.json",
        library=ContentLibrary.from_root(content),
        trust=load_trust_store(release / "trust.yaml"),
    )
    verdicts = next(c for c in result.checks if c.name == "verdicts")
    assert verdicts.problem == "rules_changed"
    assert (
        "signed verdict OSAID not_open_source_ai, policy non_compliant; today's rules give "
        "OSAID insufficient_evidence" in verdicts.detail
    )
    assert "because criterion weights_open not_met → met" in verdicts.detail
    unchanged, signer, reperformed = three_questions(result)
    assert (unchanged.ok, signer.ok, reperformed.ok) == (True, True, None)
    assert "this is not tampering" in reperformed.answer.en


def test_verify_names_verdicts_by_their_labels_in_each_language(tmp_path: Path) -> None:
    """The page's answers and facts show a verdict as its label in the reader's language, never
    as its id."""
    release = RELEASES[0]
    result = verify_report(
        release / "record.json",
        library=ContentLibrary.from_root(release / "content"),
        trust=load_trust_store(release / "trust.yaml"),
    )
    told = explain(result)
    shown = [a.answer for a in told.questions] + [value for _, value in told.facts]
    for lang, label in (("en", "Not Open Source AI"), ("ja", "オープンソースAIではない")):
        texts = " ".join(text.get(lang) for text in shown)
        assert label in texts
        assert "not_open_source_ai" not in texts and "non_compliant" not in texts
