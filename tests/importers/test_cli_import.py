"""The `osai-procure import` command: output files, notes, policies and clean errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from osai_procure.cli import main
from osai_procure.importers.xlsx import export_vendor_workbook
from osai_procure.loading import PolicyBundle, answers_from_bytes, load_answers
from tests.importers.helpers import DATA, MOT_SAMPLES

POLICY = str(Path(__file__).resolve().parents[2] / "policies" / "osaid-1.0.yaml")


def test_import_mot_to_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], osaid_bundle: PolicyBundle
) -> None:
    """`import mot FILE -o OUT --policy P` writes a loadable answers file and notes to stderr."""
    out = tmp_path / "answers.yaml"
    code = main(
        ["import", "mot", str(MOT_SAMPLES / "Llama-3.1-8B.yml"), "-o", str(out), "--policy", POLICY]
    )
    assert code == 0
    answers = load_answers(out, osaid_bundle)
    assert answers.answers["model_parameters_final"].provenance == "imported"
    assert answers.policy is not None and answers.policy.id == "osaid_1_0"
    err = capsys.readouterr().err
    assert "normalised to LicenseRef-Llama-3.1-Community" in err
    assert "stay unconfirmed" in err
    assert out.read_text(encoding="utf-8").startswith("# Imported by `osai-procure import mot`")


def test_import_for_a_japanese_assessment_writes_japanese_notes(
    tmp_path: Path, osaid_bundle: PolicyBundle
) -> None:
    """`--lang ja` writes each imported answer's note in Japanese, for a Japanese assessment."""
    out = tmp_path / "answers.yaml"
    record = str(MOT_SAMPLES / "Llama-3.1-8B.yml")
    code = main(["import", "mot", record, "-o", str(out), "--policy", POLICY, "--lang", "ja"])
    assert code == 0
    note = load_answers(out, osaid_bundle).answers["model_parameters_final"].note
    assert note is not None and note.endswith("担当者の確認が必要です。")


def test_import_to_stdout_by_policy_id(capsys: pytest.CaptureFixture[str]) -> None:
    """Without -o the YAML goes to stdout; --policy also takes a policy id."""
    code = main(["import", "hf", str(DATA / "hf" / "olmo-7b-README.md"), "--policy", "osaid_1_0"])
    assert code == 0
    out = capsys.readouterr().out
    parsed = answers_from_bytes(out.encode(), "stdout.yaml")
    assert parsed.answers["model_parameters_final"].value["license"] == "Apache-2.0"


def test_bad_file_exits_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed file prints located problems to stderr and exits 2."""
    code = main(["import", "cyclonedx", str(DATA / "cyclonedx" / "spec-1.7.cdx.json")])
    err = capsys.readouterr().err
    assert code == 2
    assert "spec-1.7.cdx.json:1: specVersion: CycloneDX specVersion '1.7' is not supported" in err
    assert "Traceback" not in err


def test_unknown_policy_id(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown policy id is reported with a did-you-mean."""
    code = main(["import", "mot", str(MOT_SAMPLES / "OLMo-7B.yml"), "--policy", "osaid_1_1"])
    assert code == 2
    assert "did you mean 'osaid_1_0'" in capsys.readouterr().err


def test_workbook_uses_its_own_policy(
    tmp_path: Path, osaid_bundle: PolicyBundle, capsys: pytest.CaptureFixture[str]
) -> None:
    """A returned workbook is read against the policy named in its metadata."""
    book = tmp_path / "vendor.xlsx"
    book.write_bytes(export_vendor_workbook(osaid_bundle, None, "en"))
    code = main(["import", "xlsx", str(book), "-o", str(tmp_path / "a.yaml")])
    assert code == 0, capsys.readouterr().err
    assert load_answers(tmp_path / "a.yaml", osaid_bundle).answers == {}


def test_into_keeps_existing_answers(tmp_path: Path, osaid_bundle: PolicyBundle) -> None:
    """--into pre-fills an existing answers file without overwriting declared answers."""
    base = tmp_path / "base.yaml"
    base.write_text(
        "schema_version: 1\nassessment: {title: P-1, system: {name: OLMo}}\n"
        "answers:\n  freedom_use: 'no'\n",
        encoding="utf-8",
    )
    out = tmp_path / "merged.yaml"
    code = main(
        [
            "import",
            "mot",
            str(MOT_SAMPLES / "OLMo-7B.yml"),
            "--into",
            str(base),
            "-o",
            str(out),
            "--policy",
            POLICY,
        ]
    )
    assert code == 0
    merged = load_answers(out, osaid_bundle)
    assert merged.assessment.title == "P-1"
    assert merged.answers["freedom_use"].value == "no"
    assert merged.answers["freedom_use"].provenance == "declared"
    assert merged.answers["code_training"].provenance == "imported"


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is a clean error."""
    assert main(["import", "spdx", "/nonexistent/doc.json"]) == 2
    assert "cannot read the file" in capsys.readouterr().err
