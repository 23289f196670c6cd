"""The register as files: CSV and XLSX for the agency's own use, and the public register JSON
for publication (approved assessments only, approvers' names left out unless asked for)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from osai_procure.models.register import PublicRegister, PublishedAssessment, PublishedPolicy
from osai_procure.register.schedule import Schedule, reasons_for, reassess_by
from osai_procure.store.register import RegisterEntry

COLUMNS: tuple[str, ...] = (
    "assessment_id",
    "revision",
    "title",
    "agency",
    "system_name",
    "procurement_id",
    "policy_id",
    "policy_version",
    "status",
    "osaid_verdict",
    "policy_verdict",
    "label",
    "mof_class",
    "approved_by",
    "approved_at",
    "reassess_by",
    "unknowns",
    "gates_open",
    "evidence_checked_at",
    "drill_result",
    "drill_at",
    "flags",
)
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _iso(value: datetime | None) -> str:
    """A time as ISO 8601 UTC text, or empty."""
    return value.isoformat(timespec="seconds") if value is not None else ""


def rows(
    entries: Iterable[RegisterEntry], now: datetime, schedule: Schedule
) -> Iterable[tuple[Any, ...]]:
    """The register's rows in `COLUMNS` order: text and whole numbers only."""
    for e in entries:
        yield (
            e.assessment_id,
            e.revision,
            e.title,
            e.agency,
            e.system_name,
            e.procurement_id,
            e.policy_id,
            e.policy_version,
            e.status,
            e.osaid_verdict,
            e.policy_verdict,
            e.label,
            e.mof_class,
            e.approved_by or "",
            _iso(e.approved_at),
            _iso(reassess_by(e, schedule)),
            e.unknowns,
            e.gates_open,
            _iso(e.evidence_checked_at),
            e.drill_result or "",
            _iso(e.drill_at),
            " ".join(reasons_for(e, now, schedule)),
        )


def _defused(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render_csv(entries: Iterable[RegisterEntry], now: datetime, schedule: Schedule) -> bytes:
    """The register as CSV (UTF-8 with a byte-order mark, which Excel needs for Japanese)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(entries, now, schedule):
        writer.writerow([_defused(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def render_xlsx(entries: Iterable[RegisterEntry], now: datetime, schedule: Schedule) -> bytes:
    """The register as one worksheet; text cells are always text, never formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("register")
    sheet.freeze_panes = "A2"

    def cell(value: Any) -> WriteOnlyCell:
        if isinstance(value, str):
            text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)
            item = WriteOnlyCell(sheet, value=text)
            item.data_type = "s"  # the value may have been taken for a formula; it is text
            if text.startswith(_FORMULA_START):
                item.quotePrefix = True
            return item
        return WriteOnlyCell(sheet, value=value)

    sheet.append([cell(c) for c in COLUMNS])
    for row in rows(entries, now, schedule):
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def public_register(
    entries: Sequence[RegisterEntry],
    now: datetime,
    schedule: Schedule,
    *,
    publisher: str | None = None,
    include_names: bool = False,
) -> PublicRegister:
    """The approved entries as a public register; entries of any other status are left out,
    and so are approvers' names unless `include_names`."""
    published = []
    for e in entries:
        due = reassess_by(e, schedule)
        if e.status != "approved" or e.approved_at is None or due is None:
            continue
        published.append(
            PublishedAssessment(
                assessment_id=e.assessment_id,
                lineage_id=e.root_id,
                revision=e.revision,
                title=e.title,
                agency=e.agency or None,
                procurement_id=e.procurement_id or None,
                system=e.system_name,
                policy=PublishedPolicy(id=e.policy_id, version=e.policy_version),
                osaid_verdict=e.osaid_verdict,
                policy_verdict=e.policy_verdict,
                openness_label=e.label,
                mof_class=e.mof_class,
                approved_on=e.approved_at.date().isoformat(),
                reassess_by=due.date().isoformat(),
                approved_by=e.approved_by if include_names else None,
            )
        )
    return PublicRegister(
        schema_version=1,
        generated_at=_iso(now),
        publisher=publisher,
        names_included=include_names,
        assessments=tuple(published),
    )


def render_public_json(register: PublicRegister) -> bytes:
    """The public register as JSON text (keys sorted, names absent rather than null when left
    out)."""
    data = register.model_dump(mode="json", exclude_none=False)
    if not register.names_included:
        for item in data["assessments"]:
            item.pop("approved_by", None)
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
