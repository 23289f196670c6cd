"""`osai-procure register` and `reminders` read the configured database and print the
register, exports and what is due."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osai_procure.cli import main


def test_register_lists_every_assessment_with_its_verdicts(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text listing names each verdict and ends with the count."""
    assert main(["register", "--sort", "title", "--ascending"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "(8 of 8 assessments)"
    assert sum("approved" in line for line in out) == 1


def test_public_json_is_approved_only_and_nameless(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The public export holds the one approved assessment and no approver name."""
    assert main(["register", "--format", "public-json", "--now", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert len(data["assessments"]) == 1 and "承認" not in out


def test_xlsx_needs_an_output_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A workbook is not written to a terminal: a message and exit 2."""
    assert main(["register", "--format", "xlsx"]) == 2
    assert "-o FILE" in capsys.readouterr().err


def test_reminders_json_for_cron(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON lists the due re-assessment; --exit-code makes something due exit 1."""
    args = ["reminders", "--format", "json", "--now", "2026-03-02", "--stale-days", "900"]
    assert main([*args, "--exit-code"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["reasons"] for d in data["due"]] == [["reassessment_due"]]
    assert main(["reminders", "--now", "2025-03-02", "--exit-code"]) == 0
    assert capsys.readouterr().out.strip() == "0 assessments need attention"


def test_a_bad_time_is_a_message(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--now that is not ISO 8601 is named in the message, exit 2."""
    assert main(["reminders", "--now", "next week"]) == 2
    assert "--now 'next week'" in capsys.readouterr().err
