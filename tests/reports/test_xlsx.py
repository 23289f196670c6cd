"""The workbook: sheet names, cell values and types, no formulas, frozen headers, the record."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from osai_procure.engine import evaluate
from osai_procure.models.report import Report, Seal
from osai_procure.render.record import record_document
from osai_procure.render.xlsx import (
    CELL_LIMIT,
    SHEETS,
    read_record_chunks,
    render_xlsx,
    sheet_name,
)
from osai_procure.report import build_record, build_report
from tests.reports.helpers import GENERATED_AT, answers_with, mini_bundle, mixed, signoff


def _report(**answers: object) -> tuple[Report, bytes]:
    """The mixed report (with replaced answers) and its record document."""
    bundle = mini_bundle()
    values = answers_with(**answers) if answers else mixed()[1]
    evaluation = evaluate(bundle, values)
    record = build_record(bundle, values, evaluation, signoff(), GENERATED_AT)
    report = build_report(
        bundle, values, evaluation, signoff(), GENERATED_AT, seal=Seal(record_sha256="ef" * 32)
    )
    return report, record_document(record, None)


def _open(data: bytes) -> Workbook:
    """Load a workbook from bytes."""
    return load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def ja_book() -> Workbook:
    """The Japanese workbook of the mixed answers."""
    report, document = _report()
    return _open(render_xlsx(report, "ja", document=document))


def test_sheet_names_frozen_headers_and_filters(ja_book: Workbook) -> None:
    """The sheets are named as documented (in Japanese in a Japanese workbook), headers are
    frozen, data sheets have filters."""
    assert ja_book.sheetnames == [sheet_name(s, "ja") for s in SHEETS]
    assert ja_book.sheetnames[0] == "概要" and ja_book.sheetnames[-1] == "署名記録"
    report, document = _report()
    assert _open(render_xlsx(report, "en", document=document)).sheetnames == list(SHEETS)
    for ws in ja_book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws["A1"].font.bold, ws.title
        if ws.title != "署名記録":
            assert ws.auto_filter.ref == ws.dimensions, ws.title
        widths = [d.width for d in ws.column_dimensions.values()]
        assert widths and min(widths) >= 8, ws.title


def test_findings_values_and_types(ja_book: Workbook) -> None:
    """Findings: one row per criterion with numbers as numbers and labels in Japanese."""
    ws = ja_book[sheet_name("Findings", "ja")]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(mini_bundle().policy.criteria)
    first = rows[0]
    assert first[:2] == ("F-01", "weights_open")
    assert first[4] == "必須" and first[6] == "× 未充足"
    assert isinstance(first[5], float | int) and first[5] == 1
    assert "A.1.1 model_parameters_final" in first[8]
    assert "https://huggingface.co/example/llm-3.1/blob/main/LICENSE" in first[9]
    assert ws["G2"].fill.fgColor.rgb.endswith("FBE5E3")


def test_answers_sheet_one_row_per_question(ja_book: Workbook) -> None:
    """Answers: value, evidence, provenance, who and when, with booleans as booleans."""
    ws = ja_book[sheet_name("Answers", "ja")]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["節", "番号", "質問ID", "質問", "分類", "結果", "回答"]
    rows = {r[2]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(mini_bundle().questions)
    weights = rows["model_parameters_final"]
    assert weights[4] == "構成要素" and rows["monthly_users"][4] == "数値"
    assert weights[1] == "A.1.1"
    assert "LicenseRef-Llama-3.1-Community" in weights[6]
    assert weights[10] == "取込み" and weights[11] == "vendor" and weights[12] == "2026-05-01"
    assert weights[13] is False and weights[14] is True
    assert rows["monthly_users"][6] == "12000 人"


def test_every_question_kind_has_a_label_in_both_languages() -> None:
    """The Answers sheet names each question kind in the report's language, never by its id."""
    from osai_procure.models.questionnaire import QUESTION_KINDS
    from osai_procure.render import HEADINGS

    for kind in QUESTION_KINDS:
        label = HEADINGS[f"kind_{kind}"]
        assert label.en and not label.ja.isascii(), kind


def test_licences_and_remediation_types(ja_book: Workbook) -> None:
    """Licences carry booleans for OSI approval and acceptability; priorities are integers."""
    licences = list(ja_book[sheet_name("Licences", "ja")].iter_rows(min_row=2, values_only=True))
    weights = next(r for r in licences if r[0] == "model_parameters_final")
    assert weights[4] == "LicenseRef-Llama-3.1-Community"
    assert weights[7] is False and weights[8] is False
    assert "使用目的の制限" in weights[10]
    remediation = list(
        ja_book[sheet_name("Remediation", "ja")].iter_rows(min_row=2, values_only=True)
    )
    assert [r[0] for r in remediation] == list(range(1, len(remediation) + 1))
    assert all(isinstance(r[6], bool) for r in remediation)


def test_signoff_sheet(ja_book: Workbook) -> None:
    """Sign-off: one row per role with name, title, organisation, date and decision."""
    rows = list(ja_book[sheet_name("Sign-off", "ja")].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["作成者", "確認者", "承認者"]
    assert rows[2][2:7] == ("佐藤 一郎", "課長", "デジタル庁", "2026-05-12", "承認")
    assert rows[0][1] is True


def test_no_formula_cells_anywhere(ja_book: Workbook) -> None:
    """No cell is a formula: every value is text, a number or a boolean."""
    for ws in ja_book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


def test_record_sheet_carries_the_record_document() -> None:
    """The Record sheet's chunks reassemble, byte for byte, to the record document."""
    report, document = _report()
    book = _open(render_xlsx(report, "en", document=document))
    text, declared = read_record_chunks(book["Record"])
    assert text.encode("utf-8") == document and declared == 1
    rows = {r[0]: r[2] for r in book["Record"].iter_rows(min_row=2, values_only=True)}
    assert rows["record_sha256"] == "ef" * 32 and rows["signed"] is False


def test_document_properties() -> None:
    """Title, subject, creator and custom properties name the report and its record."""
    report, document = _report()
    book = _open(render_xlsx(report, "en", document=document))
    props = book.properties
    assert props.title == "Open Source AI procurement assessment: Example LLM"
    assert props.creator.startswith("osai-procure ")
    assert props.created.isoformat() == "2026-05-12T01:00:00"
    custom = {p.name: p.value for p in book.custom_doc_props.props}
    assert custom["record_sha256"] == "ef" * 32
    assert custom["osai_procure_lang"] == "en"
    assert custom["policy_digest"] == mini_bundle().policy.digest


def test_workbook_bytes_are_reproducible() -> None:
    """The same report gives the same bytes (fixed zip times, no clock)."""
    report, document = _report()
    assert render_xlsx(report, "ja", document=document) == render_xlsx(
        report, "ja", document=document
    )


def test_long_answers_continue_on_the_next_rows() -> None:
    """An answer beyond Excel's cell limit continues on rows marked 'continued', nothing lost."""
    long_text = ("長い回答" * 10_000) + "END"
    report, document = _report(reviewer_notes=long_text)
    book = _open(render_xlsx(report, "ja", document=document))
    rows = [
        r for r in book["回答"].iter_rows(min_row=2, values_only=True) if r[2] == "reviewer_notes"
    ]
    assert len(rows) == 2 and rows[1][3] == "（続き）"
    assert "".join(r[6] for r in rows) == long_text
    assert all(len(r[6]) <= CELL_LIMIT for r in rows)
    text, _ = read_record_chunks(book["署名記録"])
    assert text.encode("utf-8") == document  # the record is chunked too


def test_sheet_xml_has_no_formula_elements() -> None:
    """The worksheet XML carries no <f> element even for text that looks like a formula."""
    report, document = _report(reviewer_notes='=HYPERLINK("http://evil.example","x")')
    data = render_xlsx(report, "en", document=document)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_zip_entries_carry_generated_at_not_the_clock() -> None:
    """Every zip entry is stamped with generated_at (UTC), never the time of writing."""
    report, document = _report()
    data = render_xlsx(report, "en", document=document)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {(2026, 5, 12, 1, 0, 0)}
