"""`osai-procure license scan`: what an officer sees for a licence file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osai_procure.cli import main

TEXTS = Path(__file__).resolve().parents[1] / "data" / "licences" / "texts"


def test_scan_prints_identity_and_flags_with_places(capsys: pytest.CaptureFixture[str]) -> None:
    """A use policy is matched to its nearest reference, and each flag shows place and quote."""
    assert main(["license", "scan", str(TEXTS / "llama-3.2-use-policy.md")]) == 0
    out = capsys.readouterr().out
    assert "modified from LicenseRef-scancode-llama-4-license-2025" in out
    place = "§5, ¶36 (confidence: high, en_territory_domicile)"
    assert f"[Territory or person exclusions] {place}" in out
    assert "domiciled in, or a company with a principal place of business in" in out


def test_scan_in_japanese_has_no_english_labels(capsys: pytest.CaptureFixture[str]) -> None:
    """In Japanese, the flag title, the place and how sure the hit is are all in Japanese."""
    path = TEXTS / "ja-handwritten-research-terms.txt"
    assert main(["license", "scan", str(path), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "確度：高" in out
    assert "(high" not in out and "confidence" not in out


def test_scan_json_carries_digest_rules_and_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON output has the SHA-256, the rules digest and each clause's reason in the language."""
    path = TEXTS / "ja-handwritten-research-terms.txt"
    assert main(["license", "scan", str(path), "--format", "json", "--lang", "ja"]) == 0
    data = json.loads(capsys.readouterr().out)
    import hashlib

    assert data["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert data["identification"] == "unknown" and len(data["rules_digest"]) == 64
    royalty = next(c for c in data["clauses"] if c["flag"] == "royalty")
    assert royalty["location"]["section"] == "第3条"
    assert royalty["why"] == "使用料や収益の分配を求めている。"


def test_unreadable_file_never_says_no_red_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file with no readable text exits 1 and says nothing was concluded, not 'none found'."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(200))
    assert main(["license", "scan", str(path)]) == 1
    out = capsys.readouterr().out
    assert "nothing is concluded about its clauses" in out
    assert "none found" not in out


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist exits 2 with a message naming it."""
    assert main(["license", "scan", str(tmp_path / "nope.txt")]) == 2
    assert f"{tmp_path / 'nope.txt'}: cannot read the file" in capsys.readouterr().err


def test_a_notice_is_shown_as_a_notice_without_no_red_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An SPDX line is reported as a notice naming the licence, exit 0, and never 'none found'."""
    path = tmp_path / "tool.py"
    path.write_text("# SPDX-License-Identifier: MIT\nimport os\n", encoding="utf-8")
    assert main(["license", "scan", str(path)]) == 0
    out = capsys.readouterr().out
    assert "licence notice: MIT, ¶1: “SPDX-License-Identifier: MIT”" in out
    assert "does not contain the terms" in out
    assert "none found" not in out
