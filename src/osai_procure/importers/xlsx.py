"""The vendor questionnaire workbook: export a fillable .xlsx, import the returned one safely.

Export: an instructions sheet (ja and en), an `Answers` sheet with one row per question (id,
question and help locked; dropdowns for yes/no, single choices and component release; answer,
location, licence, evidence URL and note cells unlocked), sheet and structure protection (a
deterrent, not security), and a very hidden `_meta` sheet naming the policy and questionnaires.
Every text is written as a string cell (never a formula), with illegal characters removed.

Import: the size is checked before opening, the zip is inspected for macros (`vbaProject.bin`,
macro-enabled content types), encryption and inflation (zip bombs); the workbook is opened
read-only without VBA or external links, and formulas are never evaluated: a formula cell is a
problem, and text that merely starts with `=` is kept as literal text with a warning. Every
problem is reported together as `file: Sheet!Cell: message`.
"""

from __future__ import annotations

import datetime
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from osai_procure.errors import ContentError, Problem, coded_problem
from osai_procure.importers import (
    AnswerBuilder,
    ImportResult,
    LicenceReading,
    evidence,
    is_url,
)
from osai_procure.importers.notes import note
from osai_procure.loading import (
    Coded,
    PolicyBundle,
    did_you_mean,
    not_a_choice,
    not_a_date,
    quoted,
    suggested,
    value_problems,
)
from osai_procure.models.answers import AnswersFile, AssessmentInfo, ComponentValue
from osai_procure.models.base import Lang
from osai_procure.models.questionnaire import (
    YES_NO_VALUES,
    ComponentQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    TextQuestion,
    UrlListQuestion,
    YesNoQuestion,
)
from osai_procure.yamlsafe import too_large
from osai_procure.zipsafe import inspect_zip

SOURCE_LABEL = "vendor workbook"
FORMAT_MARKER = "osai-procure vendor workbook"
FORMAT_VERSION = "1"

SHEET_INSTRUCTIONS = "Instructions"
SHEET_ANSWERS = "Answers"
SHEET_LISTS = "_lists"
SHEET_META = "_meta"

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL = 32767

# Columns of the Answers sheet (1-based), in order.
COL_ID, COL_QUESTION, COL_HELP, COL_ANSWER = 1, 2, 3, 4
COL_RELEASED, COL_LOCATION, COL_LICENCE, COL_EVIDENCE, COL_NOTE = 5, 6, 7, 8, 9
N_COLUMNS = 9
HEADERS: tuple[tuple[str, str], ...] = (
    ("ID", "id"),
    ("質問", "Question"),
    ("説明・回答できる値", "Help and allowed values"),
    ("回答", "Answer"),
    ("公開", "Released"),
    ("公開場所 (URL)", "Location (URLs)"),
    ("ライセンス", "Licence"),
    ("証拠 (URL)", "Evidence (URLs)"),
    ("備考", "Note"),
)
WIDTHS = (30, 60, 60, 22, 14, 40, 28, 40, 40)
SYSTEM_ROWS: tuple[tuple[str, str, str], ...] = (
    ("system.name", "AIシステムの名称", "Name of the AI system"),
    ("system.version", "バージョン", "Version"),
    ("system.provider", "提供者", "Provider"),
)

_LABELS = {
    "yes": ("はい", "yes"),
    "no": ("いいえ", "no"),
    "unknown": ("不明", "unknown"),
    "not_applicable": ("該当なし", "not applicable"),
}
_EXTRA_ALIASES = {"n/a": "not_applicable", "na": "not_applicable", "true": "yes", "false": "no"}
_SPLIT_LIST = re.compile(r"[,;、，\n]+")
_SPLIT_URLS = re.compile(r"[\s,;、，]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_SECTION_FILL = PatternFill("solid", fgColor="D9E1F2")
_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
_OPEN_FILL = PatternFill("solid", fgColor="FFFFFF")

INSTRUCTIONS: dict[str, tuple[str, ...]] = {
    "ja": (
        "記入のしかた",
        "1. 「Answers」シートの白いセルだけに記入してください。灰色のセルは保護されています。",
        "2. 各行の「回答」(D列)に回答を入力します。"
        "選択肢があるセルはドロップダウンから選んでください。"
        "分からない場合は unknown を選んでください。",
        "3. 複数選択の質問は、説明欄にある選択肢のIDをカンマ区切りで入力してください。",
        "4. コンポーネント (公開の有無を問う行) は、「公開」(E列)、"
        "「公開場所」(F列、URLを1行に1つ)、"
        "「ライセンス」(G列、SPDX識別子又はライセンス名) を記入してください。",
        "5. 根拠となる文書やページのURLを「証拠」(H列) に、"
        "補足を「備考」(I列) に記入してください。",
        "6. 数式やマクロは使わないでください。数式を含むセルは取り込み時に拒否されます。"
        "ファイルは .xlsx 形式のまま保存してください (.xlsm は受け付けません)。",
        "7. ID、シート名、行の順序は変更しないでください。",
    ),
    "en": (
        "How to fill in this workbook",
        "1. Fill in only the white cells of the 'Answers' sheet; grey cells are protected.",
        "2. Put each answer in the 'Answer' column (D). Where a cell has a dropdown, choose from "
        "it; choose 'unknown' when you do not know.",
        "3. For multiple-choice questions, type the choice ids listed in the help, separated by "
        "commas.",
        "4. For components (rows asking whether something is released), fill in 'Released' (E), "
        "'Location' (F, one URL per line) and 'Licence' (G, an SPDX identifier or licence name).",
        "5. Put the URLs of supporting documents or pages in 'Evidence' (H) and any remarks in "
        "'Note' (I).",
        "6. Do not use formulas or macros: cells holding a formula are refused on import. Keep "
        "the file in .xlsx format (.xlsm is not accepted).",
        "7. Do not change the ids, the sheet names or the order of the rows.",
    ),
}


# -- writing ----------------------------------------------------------------------------------


def set_text(cell: Any, value: str) -> None:
    """Write text that can never become a formula: illegal characters removed, type forced."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _allowed(question: Question, lang: Lang) -> str:
    """A line describing the allowed values of a question, in `lang`."""
    ja = lang == "ja"
    if isinstance(question, YesNoQuestion):
        values = ["yes", "no", "unknown"] + (["not_applicable"] if question.allow_na else [])
        return ("回答: " if ja else "Answer: ") + ", ".join(values)
    if isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion):
        choices = "; ".join(f"{c.id} = {c.label.get(lang)}" for c in question.choices)
        head = (
            ("1つ選択: " if ja else "One of: ")
            if isinstance(question, SingleChoiceQuestion)
            else ("カンマ区切りで複数選択: " if ja else "Any of, comma-separated: ")
        )
        return head + choices
    if isinstance(question, UrlListQuestion):
        return "URL (1行に1つ)" if ja else "URLs, one per line"
    if isinstance(question, DateQuestion):
        return "日付 (YYYY-MM-DD)" if ja else "A date (YYYY-MM-DD)"
    if isinstance(question, NumberQuestion):
        bounds = []
        if question.minimum is not None:
            bounds.append(f">= {question.minimum:g}")
        if question.maximum is not None:
            bounds.append(f"<= {question.maximum:g}")
        unit = f" ({question.unit.get(lang)})" if question.unit else ""
        return ("数値" if ja else "A number") + unit + (" " + ", ".join(bounds) if bounds else "")
    if isinstance(question, ComponentQuestion):
        values = ["yes", "no", "unknown"] + (["not_applicable"] if question.allow_na else [])
        return (
            ("公開: " if ja else "Released: ")
            + ", ".join(values)
            + ("; 公開場所とライセンスも記入" if ja else "; also give location and licence")
            + f" ({question.content_type})"
        )
    return "自由記述" if ja else "Free text"


@dataclass
class _Lists:
    """Dropdown value lists, one column each on the hidden lists sheet."""

    sheet: Any
    columns: dict[tuple[str, ...], str] = field(default_factory=dict)

    def ref(self, values: Sequence[str]) -> str:
        """The absolute range of a value list, adding it on first use."""
        key = tuple(values)
        if key not in self.columns:
            col = get_column_letter(len(self.columns) + 1)
            for row, value in enumerate(key, start=1):
                set_text(self.sheet[f"{col}{row}"], value)
            self.columns[key] = f"'{SHEET_LISTS}'!${col}$1:${col}${len(key)}"
        return self.columns[key]


def _prefill(question: Question, value: Any) -> dict[int, Any]:
    """Cell values (column -> value) for an existing answer."""
    if value is None:
        return {}
    if isinstance(question, ComponentQuestion):
        if not isinstance(value, dict):
            return {COL_RELEASED: str(value)} if isinstance(value, str) else {}
        component = ComponentValue.read(value)
        assert component is not None  # a mapping always reads as a component answer
        out: dict[int, Any] = {COL_RELEASED: component.released}
        if component.location:
            out[COL_LOCATION] = "\n".join(component.location)
        if component.licence is not None:
            out[COL_LICENCE] = component.licence
        return out
    if isinstance(value, bool):
        return {COL_ANSWER: "yes" if value else "no"}
    if isinstance(value, int | float):
        return {COL_ANSWER: value}
    if isinstance(value, list | tuple):
        sep = "\n" if isinstance(question, UrlListQuestion) else ", "
        return {COL_ANSWER: sep.join(str(x) for x in value)}
    return {COL_ANSWER: str(value)}


def export_vendor_workbook(bundle: PolicyBundle, answers: AnswersFile | None, lang: Lang) -> bytes:
    """Return an .xlsx questionnaire for a vendor, blank or pre-filled from `answers`."""
    wb = openpyxl.Workbook()
    intro = wb.active
    intro.title = SHEET_INSTRUCTIONS
    sheet = wb.create_sheet(SHEET_ANSWERS)
    lists = _Lists(wb.create_sheet(SHEET_LISTS))
    meta = wb.create_sheet(SHEET_META)
    _write_instructions(intro, bundle, lang)
    _write_meta(meta, bundle, answers, lang)
    _write_answers(sheet, lists, bundle, answers, lang)
    lists.sheet.sheet_state = "veryHidden"
    meta.sheet_state = "veryHidden"
    wb.active = 1
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.creator = "osai-procure"
    wb.properties.title = f"{bundle.policy.id} {bundle.policy.version}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_instructions(ws: Any, bundle: PolicyBundle, lang: Lang) -> None:
    """Fill the instructions sheet: both languages, `lang` first."""
    order = ("ja", "en") if lang == "ja" else ("en", "ja")
    title = bundle.policy.title
    row = 1
    set_text(ws.cell(row, 1), f"{title.ja} / {title.en}")
    ws.cell(row, 1).font = Font(bold=True, size=14)
    row += 1
    set_text(ws.cell(row, 1), f"policy: {bundle.policy.id} {bundle.policy.version}")
    row += 2
    for code in order:
        for index, line in enumerate(INSTRUCTIONS[code]):
            cell = ws.cell(row, 1)
            set_text(cell, line)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if index == 0:
                cell.font = Font(bold=True, size=12)
            row += 1
        row += 1
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def _write_meta(ws: Any, bundle: PolicyBundle, answers: AnswersFile | None, lang: Lang) -> None:
    """Fill the hidden metadata sheet: format, policy and questionnaires, assessment."""
    rows: list[tuple[str, str]] = [
        ("format", FORMAT_MARKER),
        ("format_version", FORMAT_VERSION),
        ("policy_id", bundle.policy.id),
        ("policy_version", bundle.policy.version),
        ("policy_digest", bundle.policy.digest),
        ("questionnaires", ", ".join(f"{q.id}@{q.version}" for q in bundle.questionnaires)),
        ("lang", lang),
    ]
    if answers is not None:
        info = answers.assessment
        rows.append(("assessment_title", info.title))
        if info.procurement_id:
            rows.append(("procurement_id", info.procurement_id))
        if info.agency:
            rows.append(("agency", info.agency))
    for index, (key, value) in enumerate(rows, start=1):
        set_text(ws.cell(index, 1), key)
        set_text(ws.cell(index, 2), value)
    ws.protection.sheet = True


def _style(cell: Any, *, locked: bool, wrap: bool = False) -> None:
    """Apply the locked/unlocked look and protection to a cell."""
    cell.protection = Protection(locked=locked)
    cell.fill = _LOCKED_FILL if locked else _OPEN_FILL
    cell.alignment = Alignment(wrap_text=wrap, vertical="top")


def _write_answers(
    ws: Any, lists: _Lists, bundle: PolicyBundle, answers: AnswersFile | None, lang: Lang
) -> None:
    """Fill the Answers sheet: header, system rows, then one row per question by section."""
    for col, (ja, en) in enumerate(HEADERS, start=1):
        cell = ws.cell(1, col)
        set_text(cell, f"{ja} / {en}" if lang == "ja" else f"{en} / {ja}")
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.protection = Protection(locked=True)
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[col - 1]
    validations: dict[str, DataValidation] = {}

    def dropdown(values: Sequence[str], coordinate: str) -> None:
        """Attach a list validation to a cell, sharing one validation per list."""
        ref = lists.ref(values)
        if ref not in validations:
            validation = DataValidation(
                type="list",
                formula1=ref,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="osai-procure",
                error="Choose a value from the list / 一覧から選択",
            )
            ws.add_data_validation(validation)
            validations[ref] = validation
        validations[ref].add(coordinate)

    row = 2
    row = _section_row(ws, row, "システム / System" if lang == "ja" else "System / システム")
    system = answers.assessment.system if answers is not None else None
    known = {
        "system.name": system.name if system else "",
        "system.version": (system.version or "") if system else "",
        "system.provider": (system.provider or "") if system else "",
    }
    for ident, ja, en in SYSTEM_ROWS:
        set_text(ws.cell(row, COL_ID), ident)
        set_text(ws.cell(row, COL_QUESTION), ja if lang == "ja" else en)
        set_text(ws.cell(row, COL_HELP), "")
        for col in range(1, N_COLUMNS + 1):
            _style(ws.cell(row, col), locked=col != COL_ANSWER, wrap=True)
        if known[ident]:
            set_text(ws.cell(row, COL_ANSWER), known[ident])
        row += 1
    existing = answers.answers if answers is not None else {}
    multiple = len(bundle.questionnaires) > 1
    for questionnaire in bundle.questionnaires:
        for section in questionnaire.sections:
            title = section.title.get(lang)
            if multiple:
                title = f"{questionnaire.title.get(lang)} — {title}"
            row = _section_row(ws, row, title)
            for question in section.questions:
                _question_row(ws, row, question, lang, dropdown)
                current = existing.get(question.id)
                if current is not None:
                    _prefill_row(ws, row, question, current.value, current.evidence, current.note)
                row += 1
    ws.freeze_panes = "D2"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _section_row(ws: Any, row: int, title: str) -> int:
    """Write a section title row; return the next row."""
    cell = ws.cell(row, COL_QUESTION)
    set_text(cell, title)
    cell.font = Font(bold=True)
    for col in range(1, N_COLUMNS + 1):
        ws.cell(row, col).fill = _SECTION_FILL
        ws.cell(row, col).protection = Protection(locked=True)
    return row + 1


def _question_row(ws: Any, row: int, question: Question, lang: Lang, dropdown: Any) -> None:
    """Write one question row with its locks and dropdowns."""
    set_text(ws.cell(row, COL_ID), question.id)
    text = question.text.get(lang)
    if question.evidence_required:
        text += " [証拠が必要]" if lang == "ja" else " [evidence required]"
    set_text(ws.cell(row, COL_QUESTION), text)
    set_text(ws.cell(row, COL_HELP), f"{question.help.get(lang)}\n\n{_allowed(question, lang)}")
    component = isinstance(question, ComponentQuestion)
    open_cols = {COL_EVIDENCE, COL_NOTE}
    open_cols |= {COL_RELEASED, COL_LOCATION, COL_LICENCE} if component else {COL_ANSWER}
    for col in range(1, N_COLUMNS + 1):
        _style(ws.cell(row, col), locked=col not in open_cols, wrap=True)
    answer = f"{get_column_letter(COL_ANSWER)}{row}"
    if isinstance(question, YesNoQuestion):
        dropdown(list(YES_NO_VALUES) if question.allow_na else ["yes", "no", "unknown"], answer)
    elif isinstance(question, SingleChoiceQuestion):
        dropdown([c.id for c in question.choices] + ["unknown"], answer)
    elif isinstance(question, ComponentQuestion):
        values = list(YES_NO_VALUES) if question.allow_na else ["yes", "no", "unknown"]
        dropdown(values, f"{get_column_letter(COL_RELEASED)}{row}")


def _prefill_row(
    ws: Any, row: int, question: Question, value: Any, refs: Sequence[Any], note: str | None
) -> None:
    """Write an existing answer, its evidence URLs and its note into a row."""
    for col, cell_value in _prefill(question, value).items():
        if isinstance(cell_value, str):
            set_text(ws.cell(row, col), cell_value)
        else:
            ws.cell(row, col).value = cell_value
    urls = [e.url for e in refs if getattr(e, "url", None)]
    if urls:
        set_text(ws.cell(row, COL_EVIDENCE), "\n".join(urls))
    if note:
        set_text(ws.cell(row, COL_NOTE), note)


# -- reading ----------------------------------------------------------------------------------


@contextmanager
def _guarded(name: str) -> Iterator[None]:
    """Turn any failure of openpyxl on a damaged workbook into a ContentError naming the file.

    openpyxl parses read-only sheets lazily, so damage can surface while rows are read, as
    any of many exception types. Its warnings (about extensions it drops) are silenced: they
    do not change the values read.

    Raises:
        ContentError: the workbook could not be read.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        except ContentError:
            raise
        except Exception as exc:  # openpyxl raises many exception types on damaged files
            raise ContentError(
                [
                    coded_problem(
                        name,
                        f"the workbook is damaged and cannot be read ({type(exc).__name__})",
                        code="xlsx.damaged",
                    )
                ]
            ) from None


def _open(raw: bytes, name: str) -> Any:
    """Open a checked workbook read-only, without VBA or external links.

    Raises:
        ContentError: the file is not a workbook openpyxl can read.
    """
    inspect_zip(raw, name)
    with _guarded(name):
        return openpyxl.load_workbook(
            io.BytesIO(raw), read_only=True, keep_vba=False, data_only=False, keep_links=False
        )


def _meta(wb: Any, name: str) -> dict[str, str]:
    """Read the hidden metadata sheet.

    Raises:
        ContentError: the workbook was not exported by osai-procure.
    """
    if SHEET_META not in wb.sheetnames:
        raise ContentError(
            [
                coded_problem(
                    name,
                    "not a workbook exported by osai-procure (its hidden "
                    f"{SHEET_META} sheet is missing)",
                    code="xlsx.not_ours",
                )
            ]
        )
    out: dict[str, str] = {}
    for row in wb[SHEET_META].iter_rows(min_row=1, max_row=50, max_col=2, values_only=True):
        if row and isinstance(row[0], str) and len(row) > 1 and isinstance(row[1], str):
            out[row[0]] = row[1]
    if out.get("format") != FORMAT_MARKER:
        raise ContentError(
            [
                coded_problem(
                    name,
                    "not a workbook exported by osai-procure (unknown format marker)",
                    code="xlsx.not_ours",
                )
            ]
        )
    if out.get("format_version") != FORMAT_VERSION:
        raise ContentError(
            [
                coded_problem(
                    name,
                    f"workbook format version "
                    f"{out.get('format_version')!r} is not supported; "
                    f"this version reads {FORMAT_VERSION}",
                    code="xlsx.format_version",
                    value=out.get("format_version"),
                    expected=FORMAT_VERSION,
                )
            ]
        )
    return out


def workbook_policy_id(raw: bytes, name: str) -> str | None:
    """The id of the policy a returned workbook was exported for (from its hidden sheet).

    Raises:
        ContentError: the file is not a readable workbook exported by osai-procure.
    """
    wb = _open(raw, name)
    try:
        with _guarded(name):
            return _meta(wb, name).get("policy_id")
    finally:
        wb.close()


@dataclass
class _Cells:
    """Reads cells of the Answers sheet, collecting problems by sheet and cell."""

    file: str
    builder: AnswerBuilder
    problems: list[Problem] = field(default_factory=list)

    def problem(self, where: str, message: str, *, code: str, **params: object) -> None:
        """Record a problem at `Sheet!Cell`, with the code that words it in Japanese."""
        self.problems.append(coded_problem(self.file, message, None, where, code=code, **params))

    def found(self, where: str, found: Coded) -> None:
        """Record a coded message at `Sheet!Cell`."""
        message, code, params = found
        self.problem(where, message, code=code, **params)

    def value(self, cell: Any, where: str) -> Any:
        """A cell's value as plain data; formulas and error values are refused."""
        value = getattr(cell, "value", None)
        if value is None:
            return None
        kind = getattr(cell, "data_type", None)
        if kind == "f":
            shown = value if isinstance(value, str) else "an array formula"
            self.problem(
                where,
                f"holds a formula ({str(shown)[:40]!r}); formulas are not "
                "accepted, type the value itself",
                code="xlsx.formula",
                value=str(shown)[:40],
            )
            return None
        if kind == "e":
            self.problem(
                where,
                f"holds the Excel error {value!r}; type the value itself",
                code="xlsx.excel_error",
                value=value,
            )
            return None
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("="):
                self.builder.warn(note("xlsx.formula_text", where=where))
            return text or None
        return value


def _as_text(value: Any) -> str:
    """Any cell value as text (numbers without a trailing .0, dates in ISO form)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _choice(value: Any, allowed: Sequence[str], labels: dict[str, str]) -> str | None:
    """Match a value to an allowed id, by id or by label (ja/en), case-insensitively."""
    text = " ".join(_as_text(value).split()).casefold()
    for ident in allowed:
        if text == ident.casefold():
            return ident
    for label, ident in labels.items():
        if text == label.casefold() and ident in allowed:
            return ident
    alias = _EXTRA_ALIASES.get(text)
    return alias if alias in allowed else None


def _status_labels() -> dict[str, str]:
    """Labels of yes/no/unknown/not_applicable in both languages -> id."""
    out: dict[str, str] = {}
    for ident, (ja, en) in _LABELS.items():
        out[ja] = ident
        out[en] = ident
    return out


def _urls(cells: _Cells, value: Any, where: str) -> list[str]:
    """Split a cell into URLs; anything else is a problem."""
    if value is None:
        return []
    out = []
    for part in _SPLIT_URLS.split(_as_text(value)):
        if not part:
            continue
        if is_url(part):
            out.append(part)
        else:
            message = f"{part[:60]!r} is not an http(s) URL"
            cells.problem(where, message, code="not_a_url", value=part[:60])
    return out


def _not_allowed(cells: _Cells, where: str, text: str, allowed: list[str]) -> None:
    """Record a yes/no cell that holds none of the allowed values."""
    code, params = suggested("not_allowed", text, allowed, value=text, options=quoted(allowed))
    message = f"{text!r} is not allowed{did_you_mean(text, allowed)}; choose {', '.join(allowed)}"
    cells.problem(where, message, code=code, **params)


def _parse(cells: _Cells, question: Question, raw: Any, where: str) -> Any:
    """The answer value of a non-component question from its cell (None when blank/invalid)."""
    if raw is None:
        return None
    if isinstance(question, YesNoQuestion):
        allowed = list(YES_NO_VALUES) if question.allow_na else ["yes", "no", "unknown"]
        found = _choice(raw, allowed, _status_labels())
        if found is None:
            text = _as_text(raw)
            _not_allowed(cells, where, text, allowed)
        return found
    if isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion):
        ids = [c.id for c in question.choices] + ["unknown"]
        labels = {c.label.ja: c.id for c in question.choices}
        labels |= {c.label.en: c.id for c in question.choices}
        labels |= {"不明": "unknown"}
        parts = [_as_text(raw)]
        if isinstance(question, MultiChoiceQuestion):
            parts = [p.strip() for p in _SPLIT_LIST.split(_as_text(raw)) if p.strip()]
        chosen: list[str] = []
        for part in parts:
            found = _choice(part, ids, labels)
            if found is None:
                cells.found(where, not_a_choice(part, ids))
            else:
                chosen.append(found)
        if len(chosen) != len(parts):
            return None
        if isinstance(question, SingleChoiceQuestion):
            return chosen[0]
        if chosen == ["unknown"]:
            return "unknown"
        if "unknown" in chosen:
            cells.problem(
                where,
                "'unknown' cannot be combined with other choices",
                code="xlsx.unknown_with_choices",
            )
            return None
        return list(dict.fromkeys(chosen))
    if isinstance(question, TextQuestion):
        return _as_text(raw)
    if isinstance(question, UrlListQuestion):
        return _urls(cells, raw, where)
    if isinstance(question, DateQuestion):
        text = _as_text(raw)
        if text.casefold() == "unknown":
            return "unknown"
        try:
            return datetime.date.fromisoformat(text[:10] if "T" in text else text).isoformat()
        except ValueError:
            cells.found(where, not_a_date(text))
            return None
    if isinstance(question, NumberQuestion):
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        text = _as_text(raw).replace(",", "").strip()
        if text.casefold() == "unknown":
            return "unknown"
        try:
            number = float(text)
        except ValueError:
            cells.problem(
                where,
                f"{_as_text(raw)!r} is not a number",
                code="expected",
                expected="数値",
                found=f"「{_as_text(raw)}」",
            )
            return None
        return int(number) if number.is_integer() else number
    return None  # pragma: no cover - components are read by _component


def _component(
    cells: _Cells, question: ComponentQuestion, row: list[Any], coords: list[str]
) -> tuple[dict[str, Any] | None, LicenceReading | None]:
    """The component answer (released, location, licence) of a row in its stored form, or None
    when blank."""
    released_raw = row[COL_RELEASED - 1]
    location = _urls(cells, row[COL_LOCATION - 1], coords[COL_LOCATION - 1])
    licence_raw = row[COL_LICENCE - 1]
    if released_raw is None:
        if location or licence_raw is not None:
            cells.problem(
                coords[COL_RELEASED - 1],
                "a location or licence is given but 'Released' is empty; choose yes, no or unknown",
                code="xlsx.released_empty",
            )
        return None, None
    allowed = list(YES_NO_VALUES) if question.allow_na else ["yes", "no", "unknown"]
    released = _choice(released_raw, allowed, _status_labels())
    if released is None:
        _not_allowed(cells, coords[COL_RELEASED - 1], _as_text(released_raw), allowed)
        return None, None
    reading = None
    if licence_raw is not None:
        reading = cells.builder.licence(_as_text(licence_raw), question.id)
    value = ComponentValue.read(
        {
            "released": released,
            "location": location,
            "license": reading.value if reading is not None else None,
        }
    )
    assert value is not None  # a mapping always reads as a component answer
    return value.to_answer(), reading


def import_vendor_workbook(raw: bytes, name: str, bundle: PolicyBundle) -> ImportResult:
    """Import a returned vendor workbook into imported, unconfirmed answers.

    Raises:
        ContentError: the file is too large, not a plain .xlsx, macro-enabled, for another
            policy, or has problems in cells; every cell problem is named `Sheet!Cell`.
    """
    if len(raw) > MAX_BYTES:
        raise ContentError([too_large(name, len(raw), MAX_BYTES)])
    wb = _open(raw, name)
    try:
        with _guarded(name):
            meta = _meta(wb, name)
            builder = AnswerBuilder("xlsx", name, bundle, SOURCE_LABEL)
            _check_policy(meta, bundle, builder, name)
            if SHEET_ANSWERS not in wb.sheetnames:
                raise ContentError(
                    [
                        coded_problem(
                            name,
                            f"the {SHEET_ANSWERS!r} sheet is missing",
                            code="xlsx.sheet_missing",
                            value=SHEET_ANSWERS,
                        )
                    ]
                )
            cells = _Cells(name, builder)
            system = _read_rows(wb[SHEET_ANSWERS], cells, bundle)
    finally:
        wb.close()
    if cells.problems:
        raise ContentError(cells.problems)
    if not system.get("system.name"):
        builder.warn(note("xlsx.no_system_name"))
    title = (
        meta.get("assessment_title")
        or f"{system.get('system.name') or 'unnamed system'} (vendor workbook {name})"
    )
    info: dict[str, Any] = {
        "title": title,
        "system": {"name": system.get("system.name") or "unnamed system"},
    }
    for key in ("version", "provider"):
        if system.get(f"system.{key}"):
            info["system"][key] = system[f"system.{key}"]
    for key in ("procurement_id", "agency"):
        if meta.get(key):
            info[key] = meta[key]
    return builder.finish(AssessmentInfo.model_validate(info))


def import_vendor_workbook_for(
    raw: bytes, name: str, bundle: PolicyBundle | None = None
) -> ImportResult:
    """Registry adapter: a vendor workbook is always read against its policy.

    Raises:
        ContentError: no policy was given, or any problem of `import_vendor_workbook`.
    """
    if bundle is None:
        raise ContentError(
            [
                coded_problem(
                    name,
                    "a vendor workbook is imported against a policy; give "
                    "the policy it was exported for (--policy)",
                    code="xlsx.needs_policy",
                )
            ]
        )
    return import_vendor_workbook(raw, name, bundle)


def _check_policy(
    meta: dict[str, str], bundle: PolicyBundle, builder: AnswerBuilder, name: str
) -> None:
    """Refuse a workbook made for another policy; warn on version differences."""
    made_for = meta.get("policy_id")
    if made_for != bundle.policy.id:
        raise ContentError(
            [
                coded_problem(
                    name,
                    f"this workbook was exported for policy {made_for!r}, "
                    f"not {bundle.policy.id!r}; import it with that policy",
                    code="xlsx.other_policy",
                    value=made_for,
                    policy=bundle.policy.id,
                )
            ]
        )
    if meta.get("policy_version") != bundle.policy.version:
        builder.warn(
            note(
                "xlsx.policy_version",
                exported=str(meta.get("policy_version")),
                current=bundle.policy.version,
            )
        )
    current = {f"{q.id}@{q.version}" for q in bundle.questionnaires}
    exported = {p.strip() for p in meta.get("questionnaires", "").split(",") if p.strip()}
    if exported and exported != current:
        builder.warn(
            note("xlsx.questionnaires", exported=sorted(exported), current=sorted(current))
        )


def _read_rows(ws: Any, cells: _Cells, bundle: PolicyBundle) -> dict[str, str]:
    """Read every row of the Answers sheet; return the system fields."""
    seen: dict[str, str] = {}
    system: dict[str, str] = {}
    letters = [get_column_letter(c) for c in range(1, N_COLUMNS + 1)]
    system_ids = {ident for ident, _, _ in SYSTEM_ROWS}
    for number, raw_row in enumerate(
        ws.iter_rows(min_row=2, max_row=MAX_ROWS, max_col=N_COLUMNS), start=2
    ):
        coords = [f"{SHEET_ANSWERS}!{letter}{number}" for letter in letters]
        padded = list(raw_row) + [None] * (N_COLUMNS - len(raw_row))
        row = [cells.value(cell, coords[i]) for i, cell in enumerate(padded)]
        ident = row[COL_ID - 1]
        filled = [v for v in row[COL_ANSWER - 1 :] if v is not None]
        if ident is None:
            if filled:
                first = next(i for i in range(COL_ANSWER - 1, N_COLUMNS) if row[i] is not None)
                cells.problem(
                    coords[first],
                    "a value in a row without a question id; answer in the question's own row",
                    code="xlsx.no_question_id",
                )
            continue
        ident = _as_text(ident)
        if ident in seen:
            cells.problem(
                coords[COL_ID - 1],
                f"question {ident!r} appears again (first at {seen[ident]})",
                code="xlsx.question_twice",
                value=ident,
                first=seen[ident],
            )
            continue
        seen[ident] = coords[COL_ID - 1]
        if ident in system_ids:
            if row[COL_ANSWER - 1] is not None:
                system[ident] = _as_text(row[COL_ANSWER - 1])
            continue
        question = bundle.questions.get(ident)
        if question is None:
            code, params = suggested("xlsx.unknown_question", ident, bundle.questions, value=ident)
            cells.problem(
                coords[COL_ID - 1],
                f"unknown question id {ident!r}"
                f"{did_you_mean(ident, bundle.questions)}; do not "
                "change the ids",
                code=code,
                **params,
            )
            continue
        _read_question(cells, question, row, coords)
    return system


def _read_question(cells: _Cells, question: Question, row: list[Any], coords: list[str]) -> None:
    """Turn one question row into an imported answer."""
    builder = cells.builder
    before = len(cells.problems)
    reading = None
    value: Any
    if isinstance(question, ComponentQuestion):
        value, reading = _component(cells, question, row, coords)
        where = coords[COL_RELEASED - 1]
    else:
        value = _parse(cells, question, row[COL_ANSWER - 1], coords[COL_ANSWER - 1])
        where = coords[COL_ANSWER - 1]
    urls = _urls(cells, row[COL_EVIDENCE - 1], coords[COL_EVIDENCE - 1])
    vendor_note = row[COL_NOTE - 1]
    if len(cells.problems) > before:
        return
    if value is None:
        if urls or vendor_note is not None:
            builder.warn(note("xlsx.no_answer", where=where), question.id)
            value = (
                {"released": "unknown"} if isinstance(question, ComponentQuestion) else ("unknown")
            )
        else:
            return
    for sub, (message, code, params) in value_problems(question, value):
        shown = message if not sub else f"{'.'.join(sub)}: {message}"
        cells.problem(where, shown, code=code, **params)
    if len(cells.problems) > before:
        return
    said = note("xlsx.by_vendor")
    if reading is not None and reading.value != reading.original:
        said += note("written", raw=reading.original)
    if vendor_note is not None:
        said += note("xlsx.vendor_note", text=_as_text(vendor_note))
    filled = [
        coord
        for coord, cell in zip(coords[COL_ANSWER - 1 :], row[COL_ANSWER - 1 :], strict=False)
        if cell is not None
    ]
    builder.answer(
        question.id,
        value,
        note=said,
        evidence=[evidence(u, "given by the vendor") for u in urls],
        fields=filled or [where],
    )
