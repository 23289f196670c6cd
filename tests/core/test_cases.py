"""Golden case folders: answers + expected verdicts, discovered by one parametrized test.

Each folder under tests/data/cases holds `answers.yaml`, `case.yaml` (the policy and the
verdicts a reviewer expects) and `expected.json` (the whole evaluation, regenerated with
REGEN_GOLDEN=1; mismatches are shown as a readable diff). A case about an importer holds the
record instead of `answers.yaml` and names it in `case.yaml` (`import: {format, file}`): the
answers are what the importer makes of it.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from osai_procure.engine import evaluate
from osai_procure.importers import import_file
from osai_procure.loading import ContentLibrary, PolicyBundle, load_answers, load_policy
from osai_procure.models.answers import AnswersFile
from osai_procure.report import build_report
from tests.reports.helpers import GENERATED_AT, signoff

CASES = sorted(p for p in (Path(__file__).parents[1] / "data" / "cases").iterdir() if p.is_dir())


def _stable(result: dict[str, Any]) -> dict[str, Any]:
    """Strip the volatile policy digest (it changes with any edit of the policy text)."""
    result["policy"]["digest"] = "<digest>"
    return result


def _answers(case: Path, spec: dict[str, Any], bundle: PolicyBundle) -> AnswersFile:
    """The case's answers: its answers file, or what the importer makes of its record."""
    source = spec.get("import")
    if source is None:
        return load_answers(case / "answers.yaml", bundle)
    return import_file(source["format"], case / source["file"], source["file"], bundle).answers


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, root: Path, library: ContentLibrary) -> None:
    """The case's verdicts are the ones a reviewer expects, and the golden result holds."""
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    bundle = load_policy(root / spec["policy"], library)
    result = evaluate(bundle, _answers(case, spec, bundle))
    expect = spec["expect"]
    assert result.osaid.verdict == expect["osaid_verdict"]
    assert result.policy.verdict == expect["policy_verdict"]
    if "openness_label" in expect:
        assert result.openness_label.id == expect["openness_label"]
    if "mof_class" in expect:
        assert result.mof_class.mof_class == expect["mof_class"]
    if "would_pass_if_terms_changed" in expect:
        assert result.osaid.would_pass_if_terms_changed is expect["would_pass_if_terms_changed"]
    failed = {f.criterion for f in result.findings if f.status == "not_met"}
    assert set(expect.get("failed_includes", [])) <= failed
    if "report_warnings_include" in expect or "report_warnings_exclude" in expect:
        # What only the report states, such as a verdict resting on terms the agency added.
        report = build_report(bundle, _answers(case, spec, bundle), result, signoff(), GENERATED_AT)
        warnings = {w.id for w in report.warnings}
        assert set(expect.get("report_warnings_include", [])) <= warnings
        assert not set(expect.get("report_warnings_exclude", [])) & warnings

    actual = json.dumps(_stable(result.model_dump(mode="json")), ensure_ascii=False, indent=2)
    golden = case / "expected.json"
    if os.environ.get("REGEN_GOLDEN"):
        golden.write_text(actual + "\n", encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run with REGEN_GOLDEN=1 and review it"
    expected = golden.read_text(encoding="utf-8").rstrip("\n")
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(),
                actual.splitlines(),
                "expected.json",
                "actual",
                lineterm="",
                n=2,
            )
        )
        pytest.fail(
            f"{case.name}: evaluation differs from the golden file "
            f"(REGEN_GOLDEN=1 to accept):\n{diff[:6000]}"
        )


def test_every_case_has_its_files() -> None:
    """Each case folder has case.yaml and answers.yaml or the record it imports."""
    assert len(CASES) >= 6
    for case in CASES:
        assert (case / "case.yaml").is_file(), case
        spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
        source = spec.get("import")
        answers = case / (source["file"] if source else "answers.yaml")
        assert answers.is_file(), case
