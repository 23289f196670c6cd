"""Lay out a Report as an Excel workbook with openpyxl; the signed record rides along.

Every string goes through `_put`: it is stored as text (never a formula, whatever it starts
with), characters XML cannot hold become a visible `[U+XXXX]`, and text beyond Excel's
32,767-character cell limit is continued in the next row (answers) or cut with a note.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from osai_procure.models.base import I18n, Lang
from osai_procure.models.report import EvidenceRow, Report
from osai_procure.render import HEADINGS, heading

SHEETS = (
    "Summary",
    "Findings",
    "Answers",
    "Licences",
    "Remediation",
    "Imported",
    "Drills",
    "Sign-off",
    "Record",
)
RECORD_SHEET = "Record"
# A Japanese workbook names its sheets in Japanese (rendering edition 4 on); the keys above stay
# the sheets' ids in code and in the English workbook.
SHEET_NAMES_JA = {
    "Summary": "概要",
    "Findings": "判定の内訳",
    "Answers": "回答",
    "Licences": "ライセンス",
    "Remediation": "改善策",
    "Imported": "取り込んだ回答",
    "Drills": "預託物の検証",
    "Sign-off": "承認",
    "Record": "署名記録",
}
# Every name a Record sheet has had: a workbook of an older edition is still read.
RECORD_SHEETS = (RECORD_SHEET, SHEET_NAMES_JA[RECORD_SHEET])


def sheet_name(key: str, lang: Lang) -> str:
    """The name of sheet `key` (one of SHEETS) in a workbook in `lang`."""
    return SHEET_NAMES_JA[key] if lang == "ja" else key


def record_sheet_of(sheetnames: Sequence[str]) -> str | None:
    """The Record sheet among a workbook's sheets, whatever its edition named it."""
    return next((n for n in RECORD_SHEETS if n in sheetnames), None)


CELL_LIMIT = 32_767
# Chunks of the record stay well below the cell limit, counted in UTF-16 units as Excel does.
RECORD_CHUNK = 30_000
_ANSWER_CHUNK = 32_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")

_HEAD_FONT = Font(bold=True, color="1F3864")
_HEAD_FILL = PatternFill("solid", fgColor="E3E8F0")
_TITLE_FONT = Font(bold=True, size=14, color="1F3864")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_FILL = {
    "pass": PatternFill("solid", fgColor="E4F3E8"),
    "warn": PatternFill("solid", fgColor="FFF1D9"),
    "fail": PatternFill("solid", fgColor="FBE5E3"),
    "info": PatternFill("solid", fgColor="EBEFF4"),
}


def _units(text: str) -> int:
    """Length in UTF-16 code units (Excel's count)."""
    return len(text.encode("utf-16-le")) // 2


def _visible(text: str) -> str:
    """Replace characters XML 1.0 cannot carry with a visible `[U+XXXX]`."""
    return str(ILLEGAL_CHARACTERS_RE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text))


def _cut_units(text: str, limit: int) -> tuple[str, str]:
    """Split text after at most `limit` UTF-16 units, never inside a surrogate pair."""
    if _units(text) <= limit:
        return text, ""
    count = 0
    for index, ch in enumerate(text):
        count += 2 if ord(ch) > 0xFFFF else 1
        if count > limit:
            return text[:index], text[index:]
    return text, ""  # pragma: no cover - the length check above returns first


def _put(ws: Worksheet, row: int, col: int, value: Any, lang: Lang = "en") -> Any:
    """Write a value; strings are always text, never formulas, and never silently truncated."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text = _visible(value)
        if _units(text) > CELL_LIMIT:
            note = heading("cut_note", lang)
            text = _cut_units(text, CELL_LIMIT - _units(note) - 1)[0] + note
        cell.value = text
        cell.data_type = "s"  # assigning the value may have made it a formula; undo that
        if text.startswith(_FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


class _Sheets:
    """One rendering: the workbook, the language and the report."""

    def __init__(self, report: Report, lang: Lang) -> None:
        self.report = report
        self.lang: Lang = lang
        self.wb = Workbook()

    def h(self, key: str) -> str:
        """A fixed heading."""
        return heading(key, self.lang)

    def tr(self, text: I18n | None) -> str:
        """A bilingual text in the workbook's language."""
        return text.get(self.lang) if text else ""

    def joined(self, items: Iterable[I18n]) -> str:
        """Bilingual names in the workbook's language, in one cell: 「、」 in Japanese."""
        return ("、" if self.lang == "ja" else "; ").join(self.tr(i) for i in items)

    def sheet(self, title: str, headers: Sequence[str], widths: Sequence[float]) -> Worksheet:
        """A sheet with a bold, frozen, filtered header row and column widths."""
        ws = self.wb.create_sheet(sheet_name(title, self.lang))
        for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
            cell = _put(ws, 1, col, text, self.lang)
            cell.font = _HEAD_FONT
            cell.fill = _HEAD_FILL
            cell.alignment = _WRAP
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        return ws

    def row(
        self,
        ws: Worksheet,
        row: int,
        values: Iterable[Any],
        tone: str | None = None,
        tone_col: int | None = None,
    ) -> None:
        """Write a data row, wrapped and top-aligned; tint one cell by tone."""
        for col, value in enumerate(values, start=1):
            cell = _put(ws, row, col, value, self.lang)
            cell.alignment = _WRAP if isinstance(value, str) else _TOP
            if tone and (tone_col is None or tone_col == col):
                cell.fill = _FILL[tone]

    def finish(self, ws: Worksheet) -> None:
        """Turn the filter on over the used range."""
        ws.auto_filter.ref = ws.dimensions

    def evidence(self, rows: Iterable[EvidenceRow]) -> str:
        """Evidence as lines of text (links are not made clickable in the workbook)."""
        lines = []
        for e in rows:
            parts = [x for x in (e.url, e.file) if x]
            if e.sha256:
                parts.append(f"SHA-256 {e.sha256}")
            if e.note:
                parts.append(e.note)
            if e.drill is not None:
                parts.append(self.tr(e.drill))
            lines.append(" · ".join(parts))
        return "\n".join(lines)

    # -- sheets ---------------------------------------------------------------------------------

    def summary(self) -> None:
        """Key facts, verdicts, totals, warnings and the seal."""
        r = self.report
        ws = self.sheet(
            "Summary", [self.h("item"), self.h("value"), self.h("detail")], [34, 60, 60]
        )
        a = r.assessment
        rows: list[tuple[str, Any, str, str | None]] = [
            (self.tr(r.title), self.tr(r.subject), "", None),
            (self.h("assessment_title"), a.title, "", None),
            (self.h("system"), a.system.name, a.system.version or "", None),
            (self.h("provider"), a.system.provider or "", "", None),
            (self.h("agency"), a.agency or "", "", None),
            (self.h("procurement_id"), a.procurement_id or "", "", None),
            (self.h("policy"), f"{r.policy.id} {r.policy.version}", self.tr(r.policy.title), None),
            (f"{self.h('policy')} {self.h('digest')}", r.policy.digest, "", None),
            (self.h("generated_at"), r.generated_at, "", None),
        ]
        rows += [
            (self.tr(b.heading), f"{b.mark} {self.tr(b.value)}".strip(), self.tr(b.detail), b.tone)
            for b in r.badges
        ]
        rows.append((self.h("signoff"), self.tr(r.signoff.status_label), "", r.signoff.tone))
        t = r.totals
        for key, value in (
            ("criteria", t.criteria),
            ("met", t.met),
            ("not_met", t.not_met),
            ("unknown", t.unknown),
            ("not_applicable", t.not_applicable),
            ("gates_failed", t.gates_failed),
            ("gates_unknown", t.gates_unknown),
            ("questions", t.questions),
            ("answered", t.answered),
            ("unanswered", t.unanswered),
            ("not_shown", t.not_shown),
            ("evidence_items", t.evidence_items),
            ("evidence_missing", t.evidence_missing),
            ("unconfirmed_imports", t.unconfirmed_imports),
        ):
            rows.append((self.h(key), value, "", None))
        rows.append((self.h("score"), t.score_percent, "", None))
        for paragraph in r.summary:
            rows.append((self.h("summary"), self.tr(paragraph), "", None))
        for warning in r.warnings:
            rows.append(
                (
                    f"{self.h('warnings')}: {self.tr(warning.title)}",
                    self.tr(warning.detail),
                    self.joined(warning.names),
                    warning.tone,
                )
            )
        seal = r.seal
        rows.append((self.h("record_sha256"), seal.record_sha256 if seal else "", "", None))
        envelope = seal.envelope if seal else None
        rows.append(
            (
                self.h("key_fingerprint"),
                envelope.key_fingerprint if envelope else self.h("not_signed"),
                "",
                None if envelope else "warn",
            )
        )
        rows.append((self.h("signature"), envelope.signature if envelope else "", "", None))
        rows.append((self.h("tool_version"), f"osai-procure {r.tool_version}", "", None))
        rows.append((self.h("spdx_list_version"), r.spdx_list_version, "", None))
        rows.append(("", self.tr(r.disclaimer), "", None))
        for index, (label, value, detail, tone) in enumerate(rows, start=2):
            self.row(ws, index, (label, value, detail), tone, tone_col=2)
            ws.cell(row=index, column=1).font = Font(bold=True)
        ws.cell(row=2, column=1).font = _TITLE_FONT
        self.finish(ws)

    def findings(self) -> None:
        """One row per criterion."""
        keys = (
            "finding",
            "criterion",
            "title",
            "scope",
            "severity",
            "weight",
            "status",
            "reasons",
            "deciding_answers",
            "evidence",
            "licences_read",
            "references",
            "remediation",
            "contract_clause",
        )
        ws = self.sheet(
            "Findings",
            [self.h(k) for k in keys],
            [8, 22, 34, 18, 12, 8, 12, 50, 50, 44, 28, 30, 44, 50],
        )
        index = 2
        for group in self.report.finding_groups:
            for f in group.findings:
                answers = "\n".join(
                    f"{a.ref} {a.question}: {self.tr(a.excerpt)}" for a in f.answers
                )
                evidence = "\n".join(self.evidence(a.evidence) for a in f.answers if a.evidence)
                self.row(
                    ws,
                    index,
                    (
                        f.number,
                        f.criterion,
                        self.tr(f.title),
                        self.tr(f.scope_label),
                        self.tr(f.severity_label),
                        f.weight,
                        f"{f.mark} {self.tr(f.status_label)}",
                        "\n".join(self.tr(x) for x in f.reasons),
                        answers,
                        evidence,
                        "\n".join(f.licences),
                        "\n".join(self.tr(x) for x in f.refs),
                        self.tr(f.remediation),
                        self.tr(f.contract_clause),
                    ),
                    f.tone,
                    tone_col=7,
                )
                index += 1
        self.finish(ws)

    def answers(self) -> None:
        """One row per question; long answers continue on the next rows."""
        keys = (
            "section",
            "number",
            "question_id",
            "question",
            "kind",
            "status",
            "answer",
            "evidence",
            "evidence_required",
            "note",
            "provenance",
            "answered_by",
            "answered_at",
            "confirmed",
            "unconfirmed",
        )
        ws = self.sheet(
            "Answers",
            [self.h(k) for k in keys],
            [20, 9, 24, 44, 12, 16, 60, 44, 12, 36, 12, 18, 14, 12, 14],
        )
        index = 2
        for section in self.report.sections:
            for r in section.rows:
                first, rest = _cut_units(_visible(self.tr(r.value)), _ANSWER_CHUNK)
                self.row(
                    ws,
                    index,
                    (
                        f"{section.number} {self.tr(section.title)}",
                        r.number,
                        r.question,
                        self.tr(r.text),
                        self.h(f"kind_{r.kind}") if f"kind_{r.kind}" in HEADINGS else r.kind,
                        self.tr(r.state_label),
                        first,
                        "\n".join(
                            [self.evidence(r.evidence), *(self.tr(line) for line in r.scan)]
                        ).strip(),
                        r.evidence_required,
                        r.note or "",
                        self.tr(r.provenance_label),
                        r.answered_by or "",
                        r.answered_at or "",
                        r.confirmed,
                        r.unconfirmed_import,
                    ),
                )
                index += 1
                while rest:
                    chunk, rest = _cut_units(rest, _ANSWER_CHUNK)
                    self.row(
                        ws, index, ("", r.number, r.question, self.h("continued"), "", "", chunk)
                    )
                    index += 1
        self.finish(ws)

    def licences(self) -> None:
        """One row per component licence."""
        keys = (
            "component",
            "title",
            "content_type",
            "released",
            "licence",
            "normalized",
            "kind",
            "osi_approved",
            "acceptable",
            "verdict",
            "red_flags",
            "reasons",
            "messages",
            "deprecated",
        )
        ws = self.sheet(
            "Licences",
            [self.h(k) for k in keys],
            [24, 36, 12, 12, 34, 30, 20, 12, 12, 16, 30, 60, 44, 18],
        )
        for index, row in enumerate(self.report.licences, start=2):
            self.row(
                ws,
                index,
                (
                    row.component,
                    self.tr(row.title),
                    self.tr(row.content_type_label),
                    self.tr(row.released_label),
                    row.licence,
                    row.normalized or "",
                    self.tr(row.kind_label),
                    row.osi_approved,
                    row.acceptable,
                    self.tr(row.verdict),
                    "\n".join(self.tr(f.title) for f in row.flags),
                    "\n".join(f"{self.tr(f.title)}: {self.tr(f.reason)}" for f in row.flags),
                    "\n".join(self.tr(m) for m in row.messages),
                    ", ".join(row.deprecated_ids),
                ),
                row.tone,
                tone_col=10,
            )
        self.finish(ws)

    def remediation(self) -> None:
        """What to fix, most important first."""
        keys = (
            "priority",
            "finding",
            "criterion",
            "title",
            "severity",
            "status",
            "condition",
            "action",
            "contract_clause",
        )
        ws = self.sheet(
            "Remediation", [self.h(k) for k in keys], [10, 9, 24, 36, 14, 12, 14, 60, 70]
        )
        for index, row in enumerate(self.report.remediation, start=2):
            self.row(
                ws,
                index,
                (
                    row.priority,
                    row.finding,
                    row.criterion,
                    self.tr(row.title),
                    self.tr(row.severity_label),
                    self.tr(row.status_label),
                    row.condition,
                    self.tr(row.action),
                    self.tr(row.clause),
                ),
                row.tone,
                tone_col=6,
            )
        self.finish(ws)

    def resting_on_imports(self) -> None:
        """Apart from the findings: each conclusion that rests on unconfirmed imports."""
        keys = ("conclusion", "title", "outcome", "imported_answers")
        ws = self.sheet("Imported", [self.h(k) for k in keys], [28, 48, 24, 80])
        for index, row in enumerate(self.report.resting_on_imports, start=2):
            self.row(
                ws,
                index,
                (
                    row.conclusion,
                    self.tr(row.title),
                    self.tr(row.outcome),
                    self.joined(row.names),
                ),
            )
        self.finish(ws)

    def drills(self) -> None:
        """One row per preservation drill whose record is cited as evidence."""
        keys = (
            "performed_at",
            "performed_by",
            "drill_result",
            "deposit_kind",
            "deposit",
            "files_listed",
            "files_checked",
            "bytes_checked",
            "missing_files",
            "extra_files",
            "changed_files",
            "unreadable_files",
            "drill_record",
            "drill_signature",
            "cited_by",
        )
        ws = self.sheet(
            "Drills",
            [self.h(k) for k in keys],
            [20, 20, 10, 18, 48, 10, 10, 14, 8, 8, 8, 8, 66, 40, 32],
        )
        for index, row in enumerate(self.report.drills, start=2):
            self.row(
                ws,
                index,
                (
                    row.performed_at,
                    row.performed_by,
                    self.tr(row.result_label),
                    self.tr(row.kind_label),
                    row.target,
                    row.files_listed,
                    row.files_checked,
                    row.bytes_checked,
                    row.missing,
                    row.extra,
                    row.changed,
                    row.unreadable,
                    row.record_sha256 or "",
                    row.key_fingerprint or self.tr(row.signed_label),
                    self.joined(row.names),
                ),
                row.tone,
                tone_col=3,
            )
        self.finish(ws)

    def signoff(self) -> None:
        """One row per role."""
        keys = (
            "role",
            "required",
            "name",
            "job_title",
            "organisation",
            "date",
            "decision",
            "comment",
        )
        ws = self.sheet("Sign-off", [self.h(k) for k in keys], [14, 10, 24, 22, 30, 14, 14, 60])
        for index, row in enumerate(self.report.signoff.rows, start=2):
            e = row.entry
            self.row(
                ws,
                index,
                (
                    self.tr(row.role_label),
                    row.required,
                    e.name if e else "",
                    e.title if e else "",
                    e.organisation if e else "",
                    e.date if e else "",
                    self.tr(row.decision_label),
                    e.comment if e else "",
                ),
                row.tone,
                tone_col=7,
            )
        self.finish(ws)

    def record(self, document: bytes | None) -> None:
        """The machine-readable record: seal facts, then the canonical JSON in chunks."""
        ws = self.sheet(RECORD_SHEET, ["key", self.h("title"), self.h("record")], [24, 30, 120])
        seal = self.report.seal
        envelope = seal.envelope if seal else None
        text = document.decode("utf-8") if document is not None else ""
        chunks = []
        while text:
            chunk, text = _cut_units(text, RECORD_CHUNK)
            chunks.append(chunk)
        rows: list[tuple[str, str, Any]] = [
            ("format", "Format", "osai-procure/record-document/v1 (RFC 8785 JSON)"),
            ("record_sha256", self.h("record_sha256"), seal.record_sha256 if seal else ""),
            ("signed", self.h("signed"), envelope is not None),
            ("algorithm", self.h("algorithm"), envelope.algorithm if envelope else ""),
            ("namespace", self.h("namespace"), envelope.namespace if envelope else ""),
            (
                "key_fingerprint",
                self.h("key_fingerprint"),
                envelope.key_fingerprint if envelope else "",
            ),
            ("signature", self.h("signature"), envelope.signature if envelope else ""),
            (
                "pdf_certificate_sha256",
                self.h("pdf_certificate"),
                (envelope.pdf_certificate_sha256 or "") if envelope else "",
            ),
            ("chunks", self.h("record_chunks"), len(chunks)),
        ]
        rows += [
            ("chunk", f"{self.h('chunk')} {n}/{len(chunks)}", chunk)
            for n, chunk in enumerate(chunks, start=1)
        ]
        for index, (key, label, value) in enumerate(rows, start=2):
            for col, item in enumerate((key, label, value), start=1):
                _put(ws, index, col, item, self.lang).alignment = _TOP
        ws.protection.sheet = True  # a deterrent against accidental edits; the signature protects

    def properties(self) -> None:
        """Document properties and custom properties that name the record."""
        r = self.report
        props = self.wb.properties
        moment = datetime.datetime.fromisoformat(r.generated_at).astimezone(datetime.UTC)
        props.title = _visible(f"{self.tr(r.title)}: {r.assessment.system.name}")[:255]
        props.subject = _visible(self.tr(r.subject))[:255]
        props.creator = f"osai-procure {r.tool_version}"
        props.lastModifiedBy = props.creator
        props.keywords = f"OSAID 1.0, {r.policy.id}, {r.policy.version}"[:255]
        props.description = self.tr(r.disclaimer)
        props.language = "ja-JP" if self.lang == "ja" else "en"
        props.created = props.modified = moment.replace(tzinfo=None)
        seal = r.seal
        custom = {
            "osai_procure_lang": self.lang,
            "osai_procure_tool_version": r.tool_version,
            "policy_id": r.policy.id,
            "policy_version": r.policy.version,
            "policy_digest": r.policy.digest,
            "record_sha256": seal.record_sha256 if seal else "",
            "key_fingerprint": seal.envelope.key_fingerprint if seal and seal.envelope else "",
        }
        for name, value in custom.items():
            self.wb.custom_doc_props.append(StringProperty(name=name, value=_visible(value)))


class _FixedTimeZip(ZipFile):
    """A zip writer that stamps every entry with one time, so the bytes do not read the clock."""

    def __init__(self, file: io.BytesIO, date_time: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self._date_time = date_time

    def writestr(
        self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        """Write an entry with the fixed time."""
        if isinstance(zinfo_or_arcname, str):
            info = ZipInfo(zinfo_or_arcname, date_time=self._date_time)
            info.compress_type = ZIP_DEFLATED
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: Any = None,
        compresslevel: Any = None,
    ) -> None:
        """Write a file's bytes (openpyxl's worksheets go via temp files) with the fixed time."""
        with open(filename, "rb") as handle:
            self.writestr(arcname or filename, handle.read(), compress_type, compresslevel)


def render_xlsx(report: Report, lang: Lang, *, document: bytes | None = None) -> bytes:
    """Lay out the report as a workbook; `document` is the record JSON to embed."""
    sheets = _Sheets(report, lang)
    sheets.wb.remove(sheets.wb.active)
    sheets.summary()
    sheets.findings()
    sheets.answers()
    sheets.licences()
    sheets.remediation()
    sheets.resting_on_imports()
    sheets.drills()
    sheets.signoff()
    sheets.record(document)
    sheets.properties()
    moment = datetime.datetime.fromisoformat(report.generated_at).astimezone(datetime.UTC)
    stamp = (
        max(moment.year, 1980),
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, stamp)
    ExcelWriter(sheets.wb, archive).save()
    return buffer.getvalue()


def read_record_chunks(ws: Worksheet) -> tuple[str, int | None]:
    """The record text of a Record sheet, and the chunk count it declares."""
    text = []
    declared: int | None = None
    for key, _label, value in ws.iter_rows(min_row=2, max_col=3, values_only=True):
        if key == "chunk":
            text.append(value if isinstance(value, str) else "")
        elif key == "chunks" and isinstance(value, int):
            declared = value
    return "".join(text), declared
