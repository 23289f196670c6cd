"""A one-byte change to a signed PDF, to a signed workbook's record, or to a JSON record fails."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from osai_procure.signing import KeySet, VerificationResult, verify_report
from tests.reports.helpers import mini_library


def _flip(data: bytes, position: int) -> bytes:
    """The data with one bit of one byte changed."""
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


def _verify(data: bytes, keys: KeySet) -> VerificationResult:
    """Verify against the test content and the module's key."""
    return verify_report(data, keys.public_key, library=mini_library())


def _positions(data: bytes, count: int, *regions: tuple[int, int]) -> list[int]:
    """Evenly spread positions, the first and last bytes, and a few inside each region."""
    step = max(1, len(data) // count)
    spots = {*range(0, len(data), step), 0, len(data) - 1, len(data) - 2}
    for start, end in regions:
        spots |= {start, start + 1, (start + end) // 2, end - 2, end - 1}
    return sorted(p for p in spots if 0 <= p < len(data))


def test_untouched_files_verify(signed: dict[str, bytes], keys: KeySet) -> None:
    """The baseline: every untouched file verifies."""
    for data in signed.values():
        assert _verify(data, keys).ok


def test_one_byte_anywhere_in_the_signed_pdf(signed: dict[str, bytes], keys: KeySet) -> None:
    """Flipping one byte anywhere in the PDF (content, attachment, signature value) is caught."""
    pdf = signed["pdf"]
    contents = re.search(rb"/Contents\s*<([0-9A-Fa-f]+)>", pdf)
    assert contents is not None
    padding = pdf.rindex(b"00000000", contents.start(1), contents.end(1))
    attachment = pdf.index(b"/EmbeddedFile")
    regions = [
        (contents.start(1), contents.end(1)),
        (padding, padding + 8),
        (attachment, attachment + 400),
    ]
    undetected = [p for p in _positions(pdf, 140, *regions) if _verify(_flip(pdf, p), keys).ok]
    assert undetected == []


def test_hex_case_change_in_the_signature_value_is_caught(
    signed: dict[str, bytes], keys: KeySet
) -> None:
    """Even a change that decodes to the same bytes (hex digit case) is reported."""
    pdf = signed["pdf"]
    contents = re.search(rb"/Contents\s*<([0-9A-F]+)>", pdf)
    assert contents is not None
    letter = next(i for i in range(contents.start(1), contents.end(1)) if pdf[i : i + 1].isalpha())
    changed = bytearray(pdf)
    changed[letter] = ord(chr(pdf[letter]).lower())
    result = _verify(bytes(changed), keys)
    assert not result.ok and "signature value in the PDF was altered" in result.reason


def test_pdf_tampering_reasons_are_clear(signed: dict[str, bytes], keys: KeySet) -> None:
    """A change in the signed content is reported as tampered, naming what broke."""
    pdf = signed["pdf"]
    result = _verify(_flip(pdf, len(pdf) // 3), keys)
    assert not result.ok
    assert result.failures[0].problem == "tampered"
    assert result.reason.startswith("tampered")


def test_appending_to_a_signed_pdf_is_caught(signed: dict[str, bytes], keys: KeySet) -> None:
    """An update appended after signing leaves the signature short of the entire file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed["pdf"]))
    writer.root["/Lang"] = writer.root.get("/Lang")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    result = _verify(out.getvalue(), keys)
    assert not result.ok and "entire file" in result.reason


def test_one_character_in_the_workbook_record(signed: dict[str, bytes], keys: KeySet) -> None:
    """Changing one character of the record in the Record sheet fails as tampered."""
    book = load_workbook(io.BytesIO(signed["xlsx"]))
    sheet = book["Record"]
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[0].value == "chunk")
    text = cell.value
    index = text.index("non_compliant")
    cell.value = text[:index] + "N" + text[index + 1 :]
    buffer = io.BytesIO()
    book.save(buffer)
    result = _verify(buffer.getvalue(), keys)
    assert not result.ok and result.failures[0].problem == "tampered"


def test_every_character_of_a_short_record_span(signed: dict[str, bytes], keys: KeySet) -> None:
    """A change at any of many positions of the record text is caught."""
    book = load_workbook(io.BytesIO(signed["xlsx"]))
    sheet = book["Record"]
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[0].value == "chunk")
    original = cell.value
    step = max(1, len(original) // 25)
    for index in range(0, len(original), step):
        replacement = "x" if original[index] != "x" else "y"
        cell.value = original[:index] + replacement + original[index + 1 :]
        buffer = io.BytesIO()
        book.save(buffer)
        assert not _verify(buffer.getvalue(), keys).ok, index


def test_visible_workbook_cells_are_bound_to_the_record(
    signed: dict[str, bytes], keys: KeySet
) -> None:
    """Editing a visible verdict in the Summary sheet fails: it no longer matches the record."""
    book = load_workbook(io.BytesIO(signed["xlsx"]))
    summary = book["Summary"]
    row = next(r for r in summary.iter_rows(min_row=2) if r[1].value == "× Non-compliant")
    row[1].value = "○ Compliant"
    buffer = io.BytesIO()
    book.save(buffer)
    result = _verify(buffer.getvalue(), keys)
    assert not result.ok
    assert "sheet 'Summary'" in result.reason


def test_raw_bytes_of_the_workbook(signed: dict[str, bytes], keys: KeySet) -> None:
    """A flipped byte of the .xlsx either fails or touches only zip bookkeeping (noted)."""
    xlsx = signed["xlsx"]
    for position in _positions(xlsx, 80):
        result = _verify(_flip(xlsx, position), keys)
        if result.ok:
            note = next(c for c in result.checks if c.name == "workbook_content")
            assert note.status == "warn" and "zip container" in note.detail, position


def test_one_byte_anywhere_in_the_json_record(signed: dict[str, bytes], keys: KeySet) -> None:
    """Flipping one byte anywhere in the JSON record is caught."""
    document = signed["json"]
    signature = document.index(b'"signature":{')
    verdict = document.index(b'"verdict"')
    regions = [(signature, len(document)), (verdict, verdict + 40)]
    undetected = [
        p for p in _positions(document, 160, *regions) if _verify(_flip(document, p), keys).ok
    ]
    assert undetected == []


def test_json_reasons(signed: dict[str, bytes], keys: KeySet) -> None:
    """JSON changes name the failure: not canonical, digest mismatch or bad signature."""
    document = signed["json"]
    spaced = document.replace(b'{"record":', b'{ "record":', 1)
    assert "canonical" in _verify(spaced, keys).reason
    digest_at = document.index(b'"payload_sha256":"') + len(b'"payload_sha256":"')
    changed = bytearray(document)
    changed[digest_at] = ord("0") if document[digest_at] != ord("0") else ord("1")
    result = _verify(bytes(changed), keys)
    assert result.failures[0].problem == "tampered"
    assert "signed digest" in result.failures[0].detail


def test_a_changed_cell_is_told_in_one_answer_with_its_place_and_signed_value(
    signed: dict[str, bytes], keys: KeySet
) -> None:
    """An answer changed in the Answers sheet: the answer names the sheet, the row and the
    column, the value as signed, the signed verdicts and what to do, in both languages."""
    from osai_procure.signing.explain import explain

    book = load_workbook(io.BytesIO(signed["xlsx"]))
    answers = book["Answers"]
    cell = next(r for r in answers.iter_rows(min_row=2) if r[2].value == "monthly_users")[6]
    was, row = cell.value, cell.row
    cell.value = "1 user"
    buffer = io.BytesIO()
    book.save(buffer)
    result = _verify(buffer.getvalue(), keys)
    assert not result.ok
    reason = explain(result).reason
    assert reason.en == (
        f"Row {row} of the “Answers” sheet (column “Answer”) was changed after it was signed. "
        f"When signed it read “{was}”. The signed verdicts are “Not Open Source AI” (OSAID 1.0) "
        "and “Non-compliant” (policy). Do not rely on this file: ask the issuer for the original."
    )
    assert reason.ja.startswith(f"この報告書の「Answers」シート{row}行目（「Answer」列）が")
    assert f"署名時の値は「{was}」です。" in reason.ja
    assert reason.ja.endswith("発行元に原本を請求してください。")
