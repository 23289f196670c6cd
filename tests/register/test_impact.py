"""What a policy change would flip: every stored assessment under a candidate policy, compared
with its register entry; nothing stored changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osai_procure.cli import main
from osai_procure.engine import evaluate
from osai_procure.loading import load_policy
from osai_procure.paths import library_for
from osai_procure.register.impact import impact
from osai_procure.register.sync import sync
from osai_procure.store import Repository
from osai_procure.store.db import DB_FILE_NAME
from tests.register.helpers import BUNDLES, Clock, at, stored_cases

# A deliberately contrary candidate: the skilled-person gate now asks for the answer "no", so
# every system judged rebuildable flips; the open-training-data criterion is dropped.
CANDIDATE = """\
schema_version: 1
id: candidate_city
version: "2027.1"
title: {ja: 候補方針, en: Candidate policy}
extends: osaid_1_0
remove_criteria: [training_data_open]
criteria:
  - id: osaid_substantially_equivalent
    title: {ja: 反対の条件, en: Contrary condition}
    scope: osaid
    severity: gate
    rule:
      answer_equals: {question: substantially_equivalent, value: "no"}
    remediation: {ja: なし, en: none}
"""


@pytest.fixture
def candidate(tmp_path: Path) -> Path:
    """The candidate policy file."""
    path = tmp_path / "candidate.yaml"
    path.write_text(CANDIDATE, encoding="utf-8")
    return path


def _history_sizes(repo: Repository) -> dict[str, tuple[int, int]]:
    """Each assessment's version and number of history entries."""
    return {s.id: (s.version, len(repo.history(s.id))) for s in repo.list_assessments(limit=1000)}


def test_flips_are_exactly_where_the_engine_disagrees(database_url: str, candidate: Path) -> None:
    """An assessment is listed iff a verdict, label or MOF class differs under the candidate;
    each listing names the changed criteria; nothing stored changes."""
    repo = stored_cases(database_url, Clock(at("2026-01-05T09:00")), policy_id="osaid_1_0")
    sync(repo, BUNDLES)
    before = _history_sizes(repo)
    library = library_for(candidate)
    bundle = load_policy(candidate, library)
    result = impact(repo, bundle, BUNDLES, policy_ids=("osaid_1_0",))
    old_bundle = BUNDLES("osaid_1_0")
    assert old_bundle is not None
    expected = set()
    for ident in before:
        record = repo.get(ident)
        old = evaluate(old_bundle, record.answers_file())
        new = evaluate(bundle, record.answers_file())
        pairs = [
            (old.osaid.verdict, new.osaid.verdict),
            (old.policy.verdict, new.policy.verdict),
            (old.openness_label.id, new.openness_label.id),
            (old.mof_class.mof_class, new.mof_class.mof_class),
        ]
        if any(a != b for a, b in pairs):
            expected.add(ident)
    assert result.considered == 8 and expected
    assert {f.entry.assessment_id for f in result.flips} == expected
    for flip in result.flips:
        changed = {c.criterion for c in flip.criteria}
        assert changed & {"osaid_substantially_equivalent", "training_data_open"}
    assert _history_sizes(repo) == before
    repo.engine.dispose()


def test_impact_command_prints_json(
    tmp_path: Path,
    candidate: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`impact --policy-id osaid_1_0 --format json` lists each change with its criteria."""
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("OSAI_PROCURE_DB_URL", raising=False)
    repo = stored_cases(
        f"sqlite:///{tmp_path / DB_FILE_NAME}", Clock(at("2026-01-05")), policy_id="osaid_1_0"
    )
    repo.engine.dispose()
    args = ["impact", str(candidate), "--policy-id", "osaid_1_0"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["candidate"]["id"] == "candidate_city" and data["considered"] == 8
    assert data["changed"] and all(item["criteria"] for item in data["changed"])
    assert main(args) == 0
    assert "would change under candidate_city 2027.1; nothing was changed" in (
        capsys.readouterr().out
    )


def test_a_broken_candidate_is_a_located_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A candidate that does not load names its file; exit 2, nothing evaluated."""
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(tmp_path))
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    assert main(["impact", str(bad)]) == 2
    assert "bad.yaml" in capsys.readouterr().err


def test_values_extracted_by_the_database_are_the_stored_values(database_url: str) -> None:
    """The texts the database extracts as keys for impact's sharing are, read as JSON, the
    values of the stored answers (no answer: None or null), and equal values stored give
    equal texts."""
    repo = stored_cases(database_url, Clock(at("2026-01-05T09:00")))
    ids = [s.id for s in repo.list_assessments(limit=100)]
    questions = [*sorted({q for i in ids for q in repo.get(i).answers}), "not_a_question"]
    extracted = dict(repo.answer_texts(ids, questions))
    stored = dict(repo.answers_many(ids))
    assert len(extracted) == len(stored) == 8
    text_of: dict[str, str | None] = {}
    for ident, texts in extracted.items():
        for qid, text in zip(questions, texts, strict=True):
            value = stored[ident].stored_value(qid)
            assert (None if text is None else json.loads(text)) == value
            if value is not None:
                canonical = json.dumps(value, sort_keys=True)
                assert text_of.setdefault(canonical, text) == text
    repo.engine.dispose()
