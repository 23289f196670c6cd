"""The command line: evaluate, template, validate, schema and licence check."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from osai_procure.cli import main
from osai_procure.loading import PolicyBundle, load_answers

Write = Callable[[str, str], Path]
OSAID = "policies/osaid-1.0.yaml"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI and return (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_json_has_the_documented_members(
    capsys: pytest.CaptureFixture[str], root: Path
) -> None:
    """`evaluate --format json` prints one object with the verdicts side by side."""
    answers = root / "tests/data/cases/mixtral_weights_only/answers.yaml"
    code, out, err = _run(
        capsys, "evaluate", str(answers), "--policy", str(root / OSAID), "--format", "json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert set(result) >= {
        "osaid",
        "policy",
        "openness_label",
        "mof_class",
        "findings",
        "license_flags",
    }
    assert result["osaid"]["verdict"] == "not_open_source_ai"
    assert result["policy"]["id"] == "osaid_1_0"
    assert len(result["policy"]["digest"]) == 64
    assert {f["status"] for f in result["findings"]} <= {
        "met",
        "not_met",
        "unknown",
        "not_applicable",
    }


def test_evaluate_text(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    """The text output leads with both verdicts."""
    answers = root / "tests/data/cases/olmo_7b_open/answers.yaml"
    code, out, _ = _run(capsys, "evaluate", str(answers), "--policy", str(root / OSAID))
    assert code == 0
    assert out.splitlines()[0] == "OSAID 1.0: open_source_ai"
    assert out.splitlines()[1].startswith("Policy osaid_1_0 ")


def test_evaluate_text_words_reasons_as_the_report_does(
    capsys: pytest.CaptureFixture[str], root: Path
) -> None:
    """In text, a reason names the question by its report number and the answers and red flags
    by their labels, in the language asked for."""
    answers = root / "tests/data/cases/llama_community/answers.yaml"
    args = ["evaluate", str(answers), "--policy", str(root / OSAID), "--lang"]
    code, out, _ = _run(capsys, *args, "ja")
    assert code == 0
    assert "    - A.6.1：回答は「いいえ」、必要なのは「はい」" in out.splitlines()
    assert "問題条項（使用目的の制限、利用者数・売上による上限）" in out
    code, out, _ = _run(capsys, *args, "en")
    assert "    - A.6.1: answered “No”, required “Yes”" in out.splitlines()


def test_evaluate_bad_answers_reports_without_traceback(
    capsys: pytest.CaptureFixture[str], root: Path, write: Write
) -> None:
    """Bad answers give located problems on stderr and exit 2."""
    answers = write(
        "bad.yaml",
        """
        schema_version: 1
        assessment: {title: x, system: {name: y}}
        answers:
          freedom_usee: "yes"
    """,
    )
    code, out, err = _run(capsys, "evaluate", str(answers), "--policy", str(root / OSAID))
    assert code == 2
    assert out == ""
    assert err == (
        f"{answers}:4: answers: unknown question 'freedom_usee' (did you mean 'freedom_use'?)\n"
    )
    assert "Traceback" not in err


def test_evaluate_hostile_policy(capsys: pytest.CaptureFixture[str], write: Write) -> None:
    """An alias bomb in a policy is refused with its line; no traceback."""
    policy = write("policies/bomb.yaml", "a: &a [1, 1]\nb: &b [*a, *a]\nc: [*b, *b]\n")
    answers = write("answers.yaml", "schema_version: 1\n")
    code, _, err = _run(capsys, "evaluate", str(answers), "--policy", str(policy))
    assert code == 2
    assert err == (
        f"{policy}:2: YAML aliases (*name) and merge keys are not allowed; "
        "write the value out in full\n"
    )


def test_missing_file_is_a_message(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    """A missing answers file is named."""
    code, _, err = _run(capsys, "evaluate", "nope.yaml", "--policy", str(root / OSAID))
    assert code == 2
    assert err == "nope.yaml: cannot read the file: No such file or directory\n"


def test_template_round_trips(
    capsys: pytest.CaptureFixture[str], root: Path, tmp_path: Path, osgjp_bundle: PolicyBundle
) -> None:
    """The blank template lists every question and loads back as valid answers."""
    out_file = tmp_path / "blank.yaml"
    policy = root / "policies/osg-jp-public-procurement.yaml"
    code, _, err = _run(capsys, "template", "--policy", str(policy), "-o", str(out_file))
    assert code == 0, err
    text = out_file.read_text(encoding="utf-8")
    for qid in osgjp_bundle.questions:
        assert f"\n  {qid}: " in text
    assert "# allowed: yes | no | unknown" in text
    answers = load_answers(out_file, osgjp_bundle)
    assert set(answers.answers) == set(osgjp_bundle.questions)
    code, out, _ = _run(
        capsys, "evaluate", str(out_file), "--policy", str(policy), "--format", "json"
    )
    assert json.loads(out)["osaid"]["verdict"] == "insufficient_evidence"


def test_validate_shipped_content(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    """Every shipped questionnaire and policy validates."""
    paths = [
        str(p) for p in [*root.glob("questionnaires/*.yaml"), *root.glob("policies/**/*.yaml")]
    ]
    code, out, err = _run(capsys, "validate", *paths)
    assert code == 0, err
    assert out.count(": ok (") == len(paths)


def test_validate_reports_every_problem(capsys: pytest.CaptureFixture[str], write: Write) -> None:
    """Two broken files give every problem, each located, and exit 1."""
    a = write("questionnaires/a.yaml", "schema_version: 1\nid: A-bad\nsections: []\n")
    b = write("b.yaml", "just: text\n")
    code, _, err = _run(capsys, "validate", str(a), str(b))
    assert code == 1
    lines = err.splitlines()
    assert f"{a}:2: id: String should match pattern '^[a-z][a-z0-9_]*$'" in lines
    assert f"{a}:1: version: required key is missing" in lines
    assert lines[-1] == (
        f"{b}: not a questionnaire, policy or answers file "
        "(expected top-level 'sections', 'criteria' or 'answers')"
    )


def test_license_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`license check` gives normalized, acceptability per content type and flags."""
    code, out, _ = _run(capsys, "license", "check", " apache 2.0 ", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["normalized"] == "Apache-2.0"
    assert result["acceptable"] == {
        "code": True,
        "data": True,
        "parameters": True,
        "documentation": True,
    }
    assert result["flags"] == []


def test_licence_is_an_alias_of_the_license_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`licence check` is the documented `license check` spelled the project's way; its notes
    carry a code and the sentences in both languages."""
    code, out, _ = _run(capsys, "licence", "check", "apache 2", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["normalized"] == "Apache-2.0"
    assert result["messages"] == [
        {
            "code": "normalised",
            "written": "apache 2",
            "canonical": "Apache-2.0",
            "ja": "「apache 2」を「Apache-2.0」に正規化した。",
            "en": "Normalised 'apache 2' to 'Apache-2.0'.",
        }
    ]


def test_license_check_flags(capsys: pytest.CaptureFixture[str]) -> None:
    """A community licence shows its red flags with reasons."""
    code, out, _ = _run(
        capsys, "license", "check", "Llama 3.1 Community License Agreement", "--format", "json"
    )
    assert code == 0
    result = json.loads(out)
    assert not any(result["acceptable"].values())
    assert {"user_caps", "use_restrictions"} <= {f["flag"] for f in result["flags"]}
    assert all(f["reason"]["ja"] and f["reason"]["en"] for f in result["flags"])


def test_schema_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`schema` writes the five JSON Schemas."""
    code, _out, _ = _run(capsys, "schema", "--out", str(tmp_path))
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "answers.schema.json",
        "policy.schema.json",
        "public-register.schema.json",
        "questionnaire.schema.json",
        "roles.schema.json",
    ]
    assert json.loads((tmp_path / "policy.schema.json").read_text())["title"] == "Policy"


def test_evaluate_batch_jsonl_keeps_going(
    capsys: pytest.CaptureFixture[str], root: Path, write: Write
) -> None:
    """Several files: one JSON line each; a bad file is reported and the rest still evaluated."""
    good = root / "tests/data/cases/pythia_open/answers.yaml"
    bad = write("bad.yaml", "schema_version: 2\n")
    code, out, err = _run(
        capsys,
        "evaluate",
        str(good),
        str(bad),
        str(good),
        "--policy",
        str(root / OSAID),
        "--format",
        "jsonl",
    )
    assert code == 2
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["file"] for line in lines] == [str(good), str(good)]
    assert lines[0]["evaluation"]["osaid"]["verdict"] == "open_source_ai"
    assert err.startswith(f"{bad}:1: ")


def test_evaluate_batch_on_two_processes(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    """`--jobs 2` gives the same results, in the same order, as one process."""
    cases = sorted((root / "tests/data/cases").glob("*/answers.yaml"))
    osaid = [str(c) for c in cases if "osgjp" not in c.parent.name]
    args = ["evaluate", *osaid, "--policy", str(root / OSAID), "--format", "jsonl"]
    code, serial, _ = _run(capsys, *args)
    assert code == 0
    code, parallel, _ = _run(capsys, *args, "--jobs", "2")
    assert code == 0
    assert parallel == serial
    assert len(serial.splitlines()) == len(osaid)


def test_evaluate_batch_text_and_missing_file(
    capsys: pytest.CaptureFixture[str], root: Path
) -> None:
    """Text output names each file; a missing file is reported and the exit code is 2."""
    good = str(root / "tests/data/cases/bloom_rail/answers.yaml")
    code, out, err = _run(capsys, "evaluate", good, "missing.yaml", "--policy", str(root / OSAID))
    assert code == 2
    assert out.splitlines()[0] == f"== {good}"
    # BLOOM's ROOTS data is released without one stated licence, so whether the "open" data is
    # under open terms stays unknown (content review O7): the counterfactual awaits it.
    assert (
        "OSAID 1.0: not_open_source_ai  (would pass if the terms changed, once 1 unknown is "
        "confirmed: osaid_data_information)" in out
    )
    assert err == "missing.yaml: cannot read the file: No such file or directory\n"


def test_template_xlsx_round_trips_through_import(
    capsys: pytest.CaptureFixture[str], root: Path, tmp_path: Path
) -> None:
    """`template --format xlsx` writes a vendor workbook that `import xlsx` reads back."""
    book = tmp_path / "vendor.xlsx"
    policy = str(root / "policies/osaid-1.0.yaml")
    code, _, err = _run(
        capsys, "template", "--policy", policy, "--format", "xlsx", "-o", str(book), "--lang", "ja"
    )
    assert code == 0, err
    assert book.read_bytes()[:2] == b"PK"
    out_file = tmp_path / "answers.yaml"
    code, _, err = _run(
        capsys, "import", "xlsx", str(book), "--policy", policy, "-o", str(out_file)
    )
    assert code == 0, err
    code, out, _ = _run(capsys, "evaluate", str(out_file), "--policy", policy, "--format", "json")
    assert code == 0
    assert json.loads(out)["osaid"]["verdict"] == "insufficient_evidence"


def test_evaluate_names_the_unknowns_the_counterfactual_awaits(
    capsys: pytest.CaptureFixture[str], root: Path, tmp_path: Path
) -> None:
    """An imported BLOOM record would pass if its terms changed, once the listed gates are
    confirmed: the text output says both. Its remote-restriction clause limits use, not study,
    so the freedom to study waits for an answer instead of failing."""
    record = root / "tests/data/cases/mot_bloom_terms_only/record.yml"
    answers = tmp_path / "bloom.yaml"
    code, _, _ = _run(capsys, "import", "mot", str(record), "-o", str(answers))
    assert code == 0
    code, out, _ = _run(capsys, "evaluate", str(answers), "--policy", str(root / OSAID))
    assert (
        "OSAID 1.0: not_open_source_ai  (would pass if the terms changed, once 4 unknowns are "
        "confirmed: osaid_freedom_study, osaid_data_information, osaid_code_complete, "
        "osaid_substantially_equivalent)"
    ) in out
