"""The vendor workbook: export layout and protection, safe import, problems by sheet and cell."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

from osai_procure.errors import ContentError
from osai_procure.importers import import_file, merge_answers
from osai_procure.importers.xlsx import (
    COL_ANSWER,
    COL_EVIDENCE,
    COL_LICENCE,
    COL_LOCATION,
    COL_NOTE,
    COL_RELEASED,
    SHEET_ANSWERS,
    export_vendor_workbook,
    import_vendor_workbook,
    workbook_policy_id,
)
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import AnswersFile
from tests.importers.helpers import assert_located, data


def edit(raw: bytes, change: Callable[[Any, dict[str, int]], None]) -> bytes:
    """Open an exported workbook as a vendor would, apply `change(sheet, rows)`, save it."""
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = wb[SHEET_ANSWERS]
    rows = {
        sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value
    }
    change(sheet, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(raw: bytes, extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    """Copy a workbook's zip, replacing and adding parts."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in extra.items():
            dst.writestr(name, content)
    return out.getvalue()


@pytest.fixture
def blank(osaid_bundle: PolicyBundle) -> bytes:
    """A blank workbook for the OSAID policy, in Japanese."""
    return export_vendor_workbook(osaid_bundle, None, "ja")


def test_export_layout_and_protection(blank: bytes, osaid_bundle: PolicyBundle) -> None:
    """Sheets, hidden metadata, locks, dropdowns and bilingual instructions are in place."""
    wb = openpyxl.load_workbook(io.BytesIO(blank))
    assert wb.sheetnames == ["Instructions", "Answers", "_lists", "_meta"]
    assert wb["_meta"].sheet_state == "veryHidden"
    assert wb["_lists"].sheet_state == "veryHidden"
    assert wb.security is not None and wb.security.lockStructure
    sheet = wb[SHEET_ANSWERS]
    assert sheet.protection.sheet
    assert sheet.cell(1, COL_ANSWER).value == "回答 / Answer"
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    yes_no = rows["freedom_use"]
    assert sheet.cell(yes_no, 1).protection.locked
    assert sheet.cell(yes_no, 2).protection.locked
    assert not sheet.cell(yes_no, COL_ANSWER).protection.locked
    assert sheet.cell(yes_no, COL_RELEASED).protection.locked
    component = rows["datasets"]
    assert sheet.cell(component, COL_ANSWER).protection.locked
    for col in (COL_RELEASED, COL_LOCATION, COL_LICENCE, COL_EVIDENCE, COL_NOTE):
        assert not sheet.cell(component, col).protection.locked
    validated = {str(cell) for dv in sheet.data_validations.dataValidation for cell in dv.sqref}
    assert any(f"D{yes_no}" in ranges for ranges in validated)
    assert any(f"E{component}" in ranges for ranges in validated)
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True)}
    assert meta["policy_id"] == osaid_bundle.policy.id
    assert meta["questionnaires"] == "osaid_1_0@" + osaid_bundle.questionnaires[0].version
    instructions = " ".join(
        str(r[0]) for r in wb["Instructions"].iter_rows(values_only=True) if r[0]
    )
    assert "記入のしかた" in instructions and "How to fill in this workbook" in instructions
    ids = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value]
    assert len(ids) == len(osaid_bundle.questions) + 3  # every question and three system rows


def test_export_never_writes_formulas(osaid_bundle: PolicyBundle) -> None:
    """Answer texts that look like formulas are written as strings, never as formulas."""
    answers = AnswersFile.model_validate(
        {
            "schema_version": 1,
            "assessment": {"title": "t", "system": {"name": "=cmd|' /C calc'!A0"}},
            "answers": {
                "substantially_equivalent_rationale": {
                    "value": '=HYPERLINK("http://x","y")',
                    "note": "+1+1",
                },
            },
        }
    )
    raw = export_vendor_workbook(osaid_bundle, answers, "en")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in archive.read(n) for n in sheets)
    sheet = openpyxl.load_workbook(io.BytesIO(raw))[SHEET_ANSWERS]
    cells = [
        c
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(("=", "+"))
    ]
    assert len(cells) == 3
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_round_trip_of_a_prefilled_workbook(osaid_bundle: PolicyBundle) -> None:
    """Exporting imported answers and importing the untouched workbook gives the same values."""
    source = import_file("mot", data("mot/OLMo-7B.yml"), "OLMo-7B.yml", osaid_bundle)
    raw = export_vendor_workbook(osaid_bundle, source.answers, "en")
    back = import_vendor_workbook(raw, "returned.xlsx", osaid_bundle)
    assert {q: a.value for q, a in back.answers.answers.items()} == {
        q: a.value for q, a in source.answers.answers.items()
    }
    assert back.answers.assessment.system == source.answers.assessment.system
    assert all(
        a.provenance == "imported" and not a.confirmed for a in back.answers.answers.values()
    )
    assert workbook_policy_id(raw, "returned.xlsx") == osaid_bundle.policy.id


def test_vendor_answers_are_read(blank: bytes, osaid_bundle: PolicyBundle) -> None:
    """Dropdown values, labels, multiple choices, components, evidence and notes are read."""

    def fill(sheet: Any, rows: dict[str, int]) -> None:
        """Fill some cells as a vendor would."""
        sheet.cell(rows["system.name"], COL_ANSWER).value = "Vendor-LLM"
        sheet.cell(rows["system.version"], COL_ANSWER).value = 2.0
        sheet.cell(rows["freedom_use"], COL_ANSWER).value = "yes"
        sheet.cell(rows["freedom_study"], COL_ANSWER).value = "はい"
        sheet.cell(rows["freedom_modify"], COL_ANSWER).value = " No "
        sheet.cell(rows["training_data_classes"], COL_ANSWER).value = "open、 public"
        sheet.cell(rows["public_data_listed"], COL_ANSWER).value = "yes"
        sheet.cell(rows["code_hyperparameter_search"], COL_RELEASED).value = "n/a"
        sheet.cell(rows["code_training"], COL_RELEASED).value = "yes"
        sheet.cell(
            rows["code_training"], COL_LOCATION
        ).value = "https://example.org/train\nhttps://example.org/train2"
        sheet.cell(rows["code_training"], COL_LICENCE).value = "Apache 2.0"
        sheet.cell(rows["code_training"], COL_EVIDENCE).value = "https://example.org/evidence"
        sheet.cell(rows["code_training"], COL_NOTE).value = "see the README"
        sheet.cell(rows["substantially_equivalent_rationale"], COL_NOTE).value = "to follow"

    result = import_vendor_workbook(edit(blank, fill), "vendor.xlsx", osaid_bundle)
    answers = result.answers.answers
    assert result.answers.assessment.system.name == "Vendor-LLM"
    assert result.answers.assessment.system.version == "2"
    assert answers["freedom_use"].value == "yes"
    assert answers["freedom_study"].value == "yes"
    assert answers["freedom_modify"].value == "no"
    assert answers["training_data_classes"].value == ["open", "public"]
    assert answers["public_data_listed"].value == "yes"
    assert answers["code_hyperparameter_search"].value["released"] == "not_applicable"
    assert answers["code_training"].value == {
        "released": "yes",
        "location": ["https://example.org/train", "https://example.org/train2"],
        "license": "Apache-2.0",
    }
    training = answers["code_training"]
    assert [e.url for e in training.evidence] == ["https://example.org/evidence"]
    assert "see the README" in (training.note or "")
    assert "'Apache 2.0'" in (training.note or "")
    assert answers["substantially_equivalent_rationale"].value == "unknown"
    assert any("'Apache 2.0' normalised to Apache-2.0" in n.message for n in result.notes)
    assert any("system.version" not in n.message for n in result.notes)


def test_every_problem_reported_by_sheet_and_cell(blank: bytes, osaid_bundle: PolicyBundle) -> None:
    """Wrong values, formulas, error values, bad URLs and tampered ids are all reported."""
    positions: dict[str, int] = {}

    def spoil(sheet: Any, rows: dict[str, int]) -> None:
        """Make every kind of mistake once."""
        positions.update(rows)
        sheet.cell(rows["freedom_use"], COL_ANSWER).value = "yess"
        sheet.cell(rows["freedom_study"], COL_ANSWER).value = "=1+1"
        sheet.cell(rows["freedom_modify"], COL_ANSWER).value = "#REF!"
        sheet.cell(rows["freedom_modify"], COL_ANSWER).data_type = "e"
        sheet.cell(rows["training_data_classes"], COL_ANSWER).value = "open, pubic"
        sheet.cell(rows["code_training"], COL_LOCATION).value = "ftp://example.org/x"
        sheet.cell(rows["code_inference"], COL_LOCATION).value = "https://example.org/x"
        sheet.cell(rows["model_card"], COL_RELEASED).value = "perhaps"
        sheet.cell(rows["datasets"], COL_EVIDENCE).value = "javascript:alert(1)"
        sheet.cell(rows["freedom_share"], 1).value = "freedom_shar"
        sheet.cell(rows["data_card"], 1).value = "data_info_scope"
        sheet.cell(2, COL_NOTE).value = "stray"

    with pytest.raises(ContentError) as caught:
        import_vendor_workbook(edit(blank, spoil), "vendor.xlsx", osaid_bundle)
    text = str(caught.value)
    row = positions
    expected = [
        f"vendor.xlsx: Answers!D{row['freedom_use']}: 'yess' is not allowed (did you mean "
        "'yes'?); choose yes, no, unknown",
        f"vendor.xlsx: Answers!D{row['freedom_study']}: holds a formula ('=1+1')",
        f"vendor.xlsx: Answers!D{row['freedom_modify']}: holds the Excel error '#REF!'",
        f"Answers!D{row['training_data_classes']}: 'pubic' is not a choice (did you mean "
        "'public'?)",
        f"Answers!F{row['code_training']}: 'ftp://example.org/x' is not an http(s) URL",
        f"Answers!E{row['code_inference']}: a location or licence is given but 'Released' is empty",
        f"Answers!E{row['model_card']}: 'perhaps' is not allowed",
        f"Answers!H{row['datasets']}: 'javascript:alert(1)' is not an http(s) URL",
        f"Answers!A{row['freedom_share']}: unknown question id 'freedom_shar' (did you mean "
        "'freedom_share'?)",
        f"Answers!A{row['data_info_scope']}: question 'data_info_scope' appears again (first "
        f"at Answers!A{row['data_card']})",
        "Answers!I2: a value in a row without a question id",
    ]
    for line in expected:
        assert line in text
    assert len(caught.value.problems) == len(expected)
    assert_located(caught.value, "vendor.xlsx")


def test_text_starting_with_equals_is_literal(blank: bytes, osaid_bundle: PolicyBundle) -> None:
    """A string cell beginning with '=' is kept as literal text with a warning."""

    def fill(sheet: Any, rows: dict[str, int]) -> None:
        """Type a formula-looking text into a text answer, stored as text."""
        cell = sheet.cell(rows["substantially_equivalent_rationale"], COL_ANSWER)
        cell.value = '=HYPERLINK("http://evil.example","x")'
        cell.data_type = "s"

    result = import_vendor_workbook(edit(blank, fill), "v.xlsx", osaid_bundle)
    value = result.answers.answers["substantially_equivalent_rationale"].value
    assert value == '=HYPERLINK("http://evil.example","x")'
    assert any("literal text" in n.message for n in result.warnings)


def test_merge_into_assessment_keeps_officer_answers(
    osaid_bundle: PolicyBundle,
) -> None:
    """A returned workbook pre-fills an assessment without overriding confirmed answers."""
    base = AnswersFile.model_validate(
        {
            "schema_version": 1,
            "assessment": {"title": "Procurement 7", "system": {"name": "X"}},
            "answers": {"freedom_use": {"value": "no", "provenance": "verified"}},
        }
    )
    raw = export_vendor_workbook(osaid_bundle, base, "en")

    def fill(sheet: Any, rows: dict[str, int]) -> None:
        """The vendor overwrites a verified answer and adds a new one."""
        sheet.cell(rows["freedom_use"], COL_ANSWER).value = "yes"
        sheet.cell(rows["freedom_share"], COL_ANSWER).value = "yes"

    merged = merge_answers(base, import_vendor_workbook(edit(raw, fill), "v.xlsx", osaid_bundle))
    assert merged.answers.answers["freedom_use"].value == "no"
    assert merged.answers.answers["freedom_share"].value == "yes"
    assert merged.answers.answers["freedom_share"].provenance == "imported"
    assert any(n.question == "freedom_use" and n.level == "warning" for n in merged.notes)


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (lambda raw: rezip(raw, {"xl/vbaProject.bin": b"\x00" * 64}), "v.xlsx", "macros"),
        (lambda raw: raw, "v.xlsm", "macro-enabled"),
        (
            lambda raw: rezip(
                raw,
                {},
                {
                    "[Content_Types].xml": b'<Types><Override ContentType="'
                    b'application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>'
                    b"</Types>"
                },
            ),
            "v.xlsx",
            "macro-enabled",
        ),
        (
            lambda raw: rezip(raw, {"xl/media/bomb.bin": b"\x00" * (8 * 1024 * 1024)}),
            "v.xlsx",
            "zip bomb",
        ),
        (lambda raw: raw[: len(raw) // 2], "v.xlsx", "not an .xlsx workbook"),
        (lambda raw: b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "v.xlsx", "encrypted"),
        (lambda raw: b"just text", "v.xlsx", "not an .xlsx workbook"),
        (lambda raw: raw + b"\x00" * (6 * 1024 * 1024), "v.xlsx", "the limit is"),
    ],
)
def test_dangerous_or_broken_files_refused(
    blank: bytes,
    osaid_bundle: PolicyBundle,
    make: Callable[[bytes], bytes],
    name: str,
    message: str,
) -> None:
    """Macros, macro-enabled types, zip bombs, truncation, encryption and size are refused."""
    with pytest.raises(ContentError) as caught:
        import_file("xlsx", make(blank), name, osaid_bundle)
    assert message in str(caught.value)
    assert_located(caught.value, name)


def test_other_workbooks_refused(blank: bytes, osaid_bundle: PolicyBundle) -> None:
    """A workbook not exported by the tool, or for another policy, is refused."""
    plain = io.BytesIO()
    openpyxl.Workbook().save(plain)
    with pytest.raises(ContentError, match="not a workbook exported by osai-procure"):
        import_vendor_workbook(plain.getvalue(), "plain.xlsx", osaid_bundle)

    def other_policy(sheet: Any, rows: dict[str, int]) -> None:
        """Pretend the workbook was made for another policy."""
        meta = sheet.parent["_meta"]
        for row in meta.iter_rows():
            if row[0].value == "policy_id":
                row[1].value = "agency_policy"

    with pytest.raises(ContentError, match="exported for policy 'agency_policy'"):
        import_vendor_workbook(edit(blank, other_policy), "o.xlsx", osaid_bundle)


def test_every_question_kind_round_trips(osgjp_bundle: PolicyBundle) -> None:
    """Choices, numbers, dates, URL lists and text of a two-questionnaire policy round-trip."""
    answers = AnswersFile.model_validate(
        {
            "schema_version": 1,
            "assessment": {
                "title": "P-9",
                "agency": "Digital Agency",
                "system": {"name": "S", "version": "1", "provider": "V"},
            },
            "answers": {
                "release_custom_licence": "reviewed_compatible",
                "continuity_transition_months": 18,
                "maintenance_period_years": 2.5,
                "continuity_fallback_last_tested": "2026-04-01",
                "release_publication_urls": ["https://example.org/a", "https://example.org/b"],
                "maintenance_maintainer_names": "Team A\nTeam B",
                "training_data_classes": ["open", "unshareable"],
                "freedom_use": "yes",
            },
        }
    )
    raw = export_vendor_workbook(osgjp_bundle, answers, "ja")
    back = import_vendor_workbook(raw, "v.xlsx", osgjp_bundle)
    assert {q: a.value for q, a in back.answers.answers.items()} == {
        q: a.value for q, a in answers.answers.items()
    }
    assert back.answers.assessment.title == "P-9"
    assert back.answers.assessment.agency == "Digital Agency"


def test_typed_cells_are_read(osgjp_bundle: PolicyBundle) -> None:
    """Dates typed as Excel dates and numbers typed as text are read; bad ones reported."""
    raw = export_vendor_workbook(osgjp_bundle, None, "en")

    def fill(sheet: Any, rows: dict[str, int]) -> None:
        """Type values the way Excel stores them."""
        sheet.cell(rows["continuity_fallback_last_tested"], COL_ANSWER).value = datetime.datetime(
            2026, 5, 1
        )
        sheet.cell(rows["continuity_transition_months"], COL_ANSWER).value = "1,200"
        sheet.cell(rows["maintenance_period_years"], COL_ANSWER).value = "-1"
        sheet.cell(rows["governance_reassessment_date"], COL_ANSWER).value = "next year"

    with pytest.raises(ContentError) as caught:
        import_vendor_workbook(edit(raw, fill), "v.xlsx", osgjp_bundle)
    text = str(caught.value)
    assert "-1 is below the minimum 0" in text
    assert "'next year' is not a date; write YYYY-MM-DD" in text
    assert len(caught.value.problems) == 2


def test_damaged_sheet_xml_is_a_clean_error(blank: bytes, osaid_bundle: PolicyBundle) -> None:
    """A sheet whose XML is damaged fails with a ContentError naming the file, not a crash."""
    with zipfile.ZipFile(io.BytesIO(blank)) as archive:
        sheet = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet2"))
        broken = archive.read(sheet)[:2000]
    raw = rezip(blank, {}, {sheet: broken})
    with pytest.raises(ContentError) as caught:
        import_vendor_workbook(raw, "damaged.xlsx", osaid_bundle)
    assert "damaged.xlsx" in str(caught.value)
    assert_located(caught.value, "damaged.xlsx")
