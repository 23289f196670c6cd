"""The workbook verifier: the Record sheet, and every sheet and part against a fresh render."""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

from osai_procure import __version__
from osai_procure.errors import ContentError
from osai_procure.loading import PolicyBundle
from osai_procure.models.report import (
    Record,
    Seal,
)
from osai_procure.render import RENDERING_EDITION
from osai_procure.render.xlsx import (
    RECORD_SHEET,
    read_record_chunks,
    record_sheet_of,
    render_xlsx,
)
from osai_procure.report import report_of_record
from osai_procure.signing.checks import Check, Place, failed, params_of, passed
from osai_procure.wording import wording_digest
from osai_procure.zipsafe import inspect_zip


def read_workbook(data: bytes) -> tuple[bytes | None, Any, list[Check]]:
    """Read the record out of a workbook's Record sheet."""
    from openpyxl import load_workbook

    try:
        # The importer's unpacking limits first: nothing is inflated before they pass.
        inspect_zip(data, "the workbook")
    except ContentError as exc:
        return (
            None,
            None,
            [
                failed(
                    "workbook", "unreadable", f"refused: {exc.problems[0].message}", "zip_refused"
                )
            ],
        )
    try:
        _zip_parts(data)  # every part must be readable, CRCs included
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data))
    except Exception as exc:  # a damaged file is a finding, not a crash
        return (
            None,
            None,
            [
                failed(
                    "workbook",
                    "tampered",
                    f"tampered or damaged: the workbook cannot be read ({exc})",
                    "workbook_unreadable",
                )
            ],
        )
    name = record_sheet_of(workbook.sheetnames)
    if name is None:
        return (
            None,
            workbook,
            [
                failed(
                    "workbook",
                    "tampered",
                    f"the workbook has no {RECORD_SHEET} sheet",
                    "no_record_sheet",
                    sheet=RECORD_SHEET,
                )
            ],
        )
    text, declared = read_record_chunks(workbook[name])
    chunks = sum(
        1
        for row in workbook[name].iter_rows(min_row=2, max_col=1, values_only=True)
        if row[0] == "chunk"
    )
    if declared != chunks:
        return (
            None,
            workbook,
            [
                failed(
                    "workbook",
                    "tampered",
                    f"tampered: the Record sheet declares {declared} chunks but holds {chunks}",
                    "chunks_differ",
                    declared=declared,
                    found=chunks,
                )
            ],
        )
    return text.encode("utf-8"), workbook, []


def _sheet_values(workbook: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every cell value of every sheet, by sheet name."""
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def _place(sheet: str, want: list[tuple[Any, ...]], got: list[tuple[Any, ...]], row: int) -> Place:
    """Where a sheet first differs: the row, the column by its header, the value as signed."""
    signed = want[row - 1] if row <= len(want) else ()
    found = got[row - 1] if row <= len(got) else ()
    width = max(len(signed), len(found))
    column = next(
        (
            i
            for i in range(width)
            if (signed[i] if i < len(signed) else None) != (found[i] if i < len(found) else None)
        ),
        None,
    )
    if column is None:
        return Place(sheet, row)
    header = want[0][column] if want and column < len(want[0]) else None
    value = signed[column] if column < len(signed) else None
    shown = "" if value is None else " / ".join(str(value).splitlines())  # one line
    if len(shown) > SIGNED_VALUE_CHARS:
        shown = shown[: SIGNED_VALUE_CHARS - 1] + "…"
    return Place(sheet, row, None if header is None else str(header), shown)


SIGNED_VALUE_CHARS = 80


def _zip_parts(data: bytes) -> dict[str, bytes]:
    """Every member of a zip file, uncompressed (CRCs checked)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook_content(
    workbook: Any, data: bytes, record: Record, seal: Seal, bundle: PolicyBundle, document: bytes
) -> Check:
    """Compare the workbook with one rendered afresh from the signed record: cells, then parts."""
    from openpyxl import load_workbook

    props = {p.name: p.value for p in workbook.custom_doc_props.props}
    lang = props.get("osai_procure_lang")
    if record.tool.version != props.get("osai_procure_tool_version"):
        return failed(
            "workbook_content",
            "tampered",
            "tampered: the workbook's tool version property does not match the record",
            "tool_version_differs",
        )
    if record.tool.version != __version__:
        return Check(
            "workbook_content",
            "skip",
            f"made by osai-procure {record.tool.version}; this is {__version__}: the "
            "sheets were not compared (the record itself is verified)",
            code="other_tool_version",
            params=params_of(version=record.tool.version, current=__version__),
        )
    if record.versions.rendering != RENDERING_EDITION:
        return Check(
            "workbook_content",
            "skip",
            f"laid out by workbook edition {record.versions.rendering}; this is edition "
            f"{RENDERING_EDITION}: the sheets were not compared (the record itself is verified)",
            code="other_edition",
            params=params_of(version=record.versions.rendering, current=RENDERING_EDITION),
        )
    if record.versions.wording != wording_digest():
        return Check(
            "workbook_content",
            "skip",
            "the sheets were worded with another edition of the sentences than this one: they "
            "were not compared (the record itself is verified)",
            code="other_wording",
        )
    if lang not in ("ja", "en"):
        return failed(
            "workbook_content",
            "tampered",
            "tampered: the language property is missing",
            "no_language",
        )
    report = report_of_record(bundle, record, seal)
    fresh = render_xlsx(report, lang, document=document)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = load_workbook(io.BytesIO(fresh))
    want, got = _sheet_values(expected), _sheet_values(workbook)
    if list(want) != list(got):
        return failed(
            "workbook_content",
            "tampered",
            f"tampered: sheets are {list(got)}, expected {list(want)}",
            "sheets_differ",
            found=", ".join(got),
            expected=", ".join(want),
        )
    for name, rows in want.items():
        if rows != got[name]:
            row = next(
                (i for i, (a, b) in enumerate(zip(rows, got[name], strict=False), 1) if a != b),
                min(len(rows), len(got[name])) + 1,
            )
            return Check(
                "workbook_content",
                "fail",
                f"tampered: sheet {name!r} row {row} differs from the signed record",
                "tampered",
                _place(name, rows, got[name], row),
                code="row_differs",
                params=params_of(sheet=name, row=row),
            )
    want_parts, got_parts = _zip_parts(fresh), _zip_parts(data)
    for name in sorted(set(want_parts) | set(got_parts)):
        if want_parts.get(name) != got_parts.get(name):
            return failed(
                "workbook_content",
                "tampered",
                f"tampered: the workbook part {name} differs from the signed record "
                "(formatting, properties or structure changed)",
                "part_differs",
                part=name,
            )
    if fresh != data:
        return Check(
            "workbook_content",
            "warn",
            "every sheet and part matches the signed record; only the zip container "
            "differs (timestamps or compression)",
            code="container_differs",
        )
    return passed(
        "workbook_content", "every sheet matches the signed record, byte for byte", "sheets_match"
    )
