"""Preservation drill records cited as evidence: the report lists each one (when, who, what
was checked, the result, the record's digest) in the PDF and the workbook, in both languages,
and a signed workbook that shows one still verifies cell by cell."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from osai_procure.engine import evaluate
from osai_procure.models.answers import AnswersFile
from osai_procure.models.report import Report, Seal
from osai_procure.register.drill import perform_drill
from osai_procure.render.pdf import render_pdf
from osai_procure.render.xlsx import render_xlsx, sheet_name
from osai_procure.report import build_report
from osai_procure.signing import KeySet, export_reports, verify_report
from tests.register.helpers import BUNDLES, Clock, at, stored_cases
from tests.reports.helpers import (
    GENERATED_AT,
    answers_with,
    mini_bundle,
    mini_library,
    needs_poppler,
    pdftotext,
    shipped_library,
    signoff,
)

RECORD_SHA = "d1" * 32
FINGERPRINT = "SHA256:" + "ab" * 32


def _drill(**changes: Any) -> dict[str, Any]:
    """A drill summary as `register.drill.drill_summary` writes it: two files changed."""
    return {
        "performed_at": "2026-05-11T03:04:05.123456+00:00",
        "performed_by": "保存 担当",
        "target": "/srv/deposits/llm-3.1 <bag>",
        "deposit_kind": "bagit",
        "files_listed": 12,
        "files_checked": 11,
        "bytes_checked": 3 * 1024**3,
        "missing": 1,
        "extra": 0,
        "changed": 2,
        "unreadable": 0,
        "result": "failed",
        "key_fingerprint": FINGERPRINT,
        **changes,
    }


def _answers() -> AnswersFile:
    """The mixed answers with one drill record cited by two questions."""
    evidence = {
        "file": "preservation-drill-20260511T030405Z.json",
        "sha256": RECORD_SHA,
        "drill": _drill(),
    }
    return answers_with(
        hosting={"value": "domestic", "evidence": [evidence]},
        sources={"value": ["https://example.org/deposit"], "evidence": [evidence]},
    )


def _report() -> Report:
    """The report of the answers citing the drill."""
    bundle, answers = mini_bundle(), _answers()
    evaluation = evaluate(bundle, answers)
    return build_report(
        bundle, answers, evaluation, signoff(), GENERATED_AT, seal=Seal(record_sha256="ef" * 32)
    )


def test_the_report_lists_each_cited_drill_once_with_its_questions() -> None:
    """A record cited by two answers is one drill row naming both questions; its evidence line
    says when, who, the result and the counts in each language."""
    report = _report()
    (drill,) = report.drills
    assert drill.questions == ("hosting", "sources")
    assert [n.ja.split("「")[0] for n in drill.names] == ["A.3.1", "A.3.4"]
    assert (drill.performed_at, drill.performed_by) == ("2026-05-11 03:04 UTC", "保存 担当")
    assert (drill.files_listed, drill.files_checked, drill.size) == (12, 11, "3.0 GiB")
    assert (drill.missing, drill.changed, drill.tone) == (1, 2, "fail")
    assert (drill.record_sha256, drill.key_fingerprint) == (RECORD_SHA, FINGERPRINT)
    assert drill.result_label.ja == "不合格" and drill.kind_label.en == "BagIt bag"
    row = next(r for s in report.sections for r in s.rows if r.question == "hosting")
    line = row.evidence[0].drill
    assert line is not None
    assert line.ja.startswith("預託物の検証 2026-05-11 03:04 UTC（実施者：保存 担当）：不合格。")
    assert "欠落 1・余分 0・変更 2・読取不能 0" in line.ja
    assert "11 of the BagIt bag's 12 files (3.0 GiB) checked; 1 missing" in line.en


def test_a_report_without_drills_has_none() -> None:
    """Answers citing no drill record give no drill rows and no drill lines."""
    bundle = mini_bundle()
    answers = answers_with(hosting="domestic")
    report = build_report(bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT)
    assert report.drills == ()
    assert all(e.drill is None for s in report.sections for r in s.rows for e in r.evidence)


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ja",
            ("預託物の検証の記録", "実施者", "不合格", "照合したファイル", "BagIt"),
        ),
        ("en", ("Preservation drills (deposit checks)", "Performed by", "Failed", "BagIt bag")),
    ],
)
def test_the_pdf_shows_the_drill(lang: str, expected: tuple[str, ...], tmp_path: Path) -> None:
    """The PDF has a drills section in the report's language with the record's digest and the
    signing key, and the appendix's evidence line in words."""
    text = pdftotext(render_pdf(_report(), lang), tmp_path)  # type: ignore[arg-type]
    flat = text.replace("\n", "")
    for phrase in expected:
        assert phrase in text, phrase
    assert RECORD_SHA in flat and FINGERPRINT in flat
    assert "/srv/deposits/llm-3.1 <bag>" in flat
    if lang == "ja":
        assert "欠落 1・余分 0・変更 2・読取不能 0" in flat
    else:
        assert "1 missing, 0 extra, 2 changed, 0 unreadable" in flat


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_workbook_has_a_drills_sheet(lang: str) -> None:
    """The Drills sheet holds one row per drill with numbers as numbers; the Answers sheet's
    evidence cell carries the drill in words."""
    book = load_workbook(io.BytesIO(render_xlsx(_report(), lang)))  # type: ignore[arg-type]
    ws = book[sheet_name("Drills", lang)]  # type: ignore[arg-type]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2
    head, row = rows
    assert head[0] == ("実施日時" if lang == "ja" else "Performed at")
    assert row[:3] == ("2026-05-11 03:04 UTC", "保存 担当", "不合格" if lang == "ja" else "Failed")
    assert row[4] == "/srv/deposits/llm-3.1 <bag>"
    assert row[5:12] == (12, 11, 3 * 1024**3, 1, 0, 2, 0)
    assert row[12:14] == (RECORD_SHA, FINGERPRINT)
    # The citing questions by number and text, as the officer read them; never by id.
    (drill,) = _report().drills
    first, second = (n.get(lang) for n in drill.names)  # type: ignore[arg-type]
    assert row[14] == f"{first}{'、' if lang == 'ja' else '; '}{second}"
    assert first.startswith("A.3.1") and second.startswith("A.3.4")
    answers = book[sheet_name("Answers", lang)]  # type: ignore[arg-type]
    cell = next(r[7] for r in answers.iter_rows(values_only=True) if r[2] == "hosting")
    assert ("預託物の検証 2026-05-11" if lang == "ja" else "Preservation drill 2026-05-11") in cell


def test_a_signed_workbook_showing_a_drill_verifies(tmp_path: Path, keys: KeySet) -> None:
    """The drill is part of the signed record, so a fresh render from the record matches the
    signed workbook cell by cell, and the PDF and JSON verify too."""
    bundle, answers = mini_bundle(), _answers()
    result = export_reports(
        bundle, answers, evaluate(bundle, answers), signoff(), GENERATED_AT, lang="ja", keys=keys
    )
    for data in (result.pdf, result.xlsx, result.document):
        assert data is not None
        outcome = verify_report(data, keys.public_key, library=mini_library())
        assert outcome.ok, outcome.checks
    assert result.xlsx is not None
    checks = verify_report(result.xlsx, keys.public_key, library=mini_library()).checks
    assert next(c for c in checks if c.name == "workbook_content").status == "pass"


def test_a_kept_drill_is_cited_by_the_preservation_and_continuity_questions(
    tmp_path: Path, keys: KeySet
) -> None:
    """A drill kept with a draft OSG-JP assessment is evidence of the preservation question
    and of the question on continuing operation if an external service stops: the report's
    drill row, the PDF's drill section, the workbook's drill sheet and the signed record name
    both, and the signed files verify."""
    repo = stored_cases(f"sqlite:///{tmp_path / 'db.sqlite3'}", Clock(at("2026-05-01T09:00")))
    draft = next(s.id for s in repo.list_assessments(limit=10) if s.status == "draft")
    (tmp_path / "weights.bin").write_bytes(b"weights")
    digest = hashlib.sha256(b"weights").hexdigest()
    manifest = tmp_path / "SHA256SUMS"
    manifest.write_text(f"{digest}  weights.bin\n", encoding="utf-8")
    drill = perform_drill(
        manifest,
        target="SHA256SUMS",
        actor="保存 担当",
        at=at("2026-05-11T03:04"),
        tool_version="test",
        keys=keys,
        repository=repo,
        assessment_id=draft,
    )
    questions = ("continuity_operable_if_service_stops", "preservation_verification_level")
    assert drill.kept == "cited" and sorted(drill.questions) == list(questions)
    record = repo.get(draft)
    bundle = BUNDLES(record.policy.id)
    assert bundle is not None and set(questions) <= set(bundle.questions)
    answers = record.answers_file()
    evaluation = evaluate(bundle, answers)
    (row,) = build_report(bundle, answers, evaluation, signoff(), GENERATED_AT).drills
    assert row.questions == questions
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang="ja", keys=keys
    )
    assert result.pdf is not None and result.xlsx is not None and result.document is not None
    flat = pdftotext(result.pdf, tmp_path).replace("\n", "")
    numbers = [n.ja.split("「")[0] for n in row.names]
    assert numbers == ["A.14.1", "A.13.4"]
    assert all(f"{n}「" in flat for n in numbers)
    book = load_workbook(io.BytesIO(result.xlsx))
    sheet = book[sheet_name("Drills", "ja")]
    assert sheet.title == "預託物の検証"
    assert list(sheet.iter_rows(values_only=True))[1][-1] == "、".join(n.ja for n in row.names)
    signed = json.loads(result.document)
    cited = {q for q, a in signed["record"]["answers"].items() if _cites_drill(a)}
    assert cited == set(questions)
    for data in (result.pdf, result.xlsx, result.document):
        assert verify_report(data, keys.public_key, library=shipped_library()).ok
    repo.engine.dispose()


def _cites_drill(answer: Any) -> bool:
    """Whether a signed record's answer cites a drill record as evidence."""
    return isinstance(answer, dict) and any(e.get("drill") for e in answer.get("evidence", []))
