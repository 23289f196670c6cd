"""Lay out the contract clauses and the Annex of accepted terms as a workbook to paste from.

Two sheets: the clauses (one row each, with the criterion and its source) and the Annex (the
terms accepted for each type of deliverable). A spreadsheet rather than a DOCX: openpyxl is
already a hardened dependency here, officers paste rows into the 仕様書 or 契約書 as they need,
and the Annex stays a table that a later policy version can be compared against cell by cell.
"""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.writer.excel import ExcelWriter

from osai_procure.contract import OSI_APPROVED, ContractText
from osai_procure.models.base import I18n, Lang
from osai_procure.render.xlsx import _FixedTimeZip, _put

_HEAD_FONT = Font(bold=True, color="1F3864")
_HEAD_FILL = PatternFill("solid", fgColor="E3E8F0")
_WRAP = Alignment(wrap_text=True, vertical="top")
# The workbook holds no clock: entries carry one fixed time so equal input gives equal bytes.
_STAMP = (1980, 1, 1, 0, 0, 0)


def _t(ja: str, en: str) -> I18n:
    """A bilingual label."""
    return I18n(ja=ja, en=en)


SHEET_CLAUSES = _t("契約条項案", "Clauses")
SHEET_ANNEX = _t("別表 受入れ可能な条件", "Annex accepted terms")
_CLAUSE_HEAD = (
    _t("番号", "No."),
    _t("条項案", "Suggested clause"),
    _t("対応する基準", "Criterion"),
    _t("区分", "Severity"),
    _t("出典", "Source"),
)
_ANNEX_HEAD = (
    _t("成果物の種類", "Type of deliverable"),
    _t("受け入れる条件", "Accepted terms"),
    _t("受け入れない条件", "Never accepted"),
)
_SEVERITY = {
    "gate": _t("必須", "Gate"),
    "scored": _t("評点", "Scored"),
    "info": _t("参考", "Information"),
}


def render_contract_xlsx(contract: ContractText, lang: Lang) -> bytes:
    """The clauses and the Annex as a workbook in one language."""
    wb = Workbook()
    fixed = datetime.datetime(*_STAMP)
    wb.properties.created = wb.properties.modified = fixed
    ws = wb.active
    ws.title = SHEET_CLAUSES.get(lang)
    _put(
        ws,
        1,
        1,
        f"{contract.policy_title.get(lang)} ({contract.policy_id} {contract.policy_version})",
        lang,
    )
    _put(ws, 2, 1, f"SHA-256: {contract.policy_digest}", lang)
    for col, head in enumerate(_CLAUSE_HEAD, start=1):
        cell = _put(ws, 4, col, head.get(lang), lang)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
    for row, clause in enumerate(contract.clauses, start=5):
        values: tuple[object, ...] = (
            clause.number,
            clause.clause.get(lang),
            f"{clause.title.get(lang)} [{clause.criterion}]",
            _SEVERITY[clause.severity].get(lang),
            clause.source.get(lang),
        )
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value, lang).alignment = _WRAP
    for letter, width in zip("ABCDE", (6, 70, 36, 8, 40), strict=True):
        ws.column_dimensions[letter].width = width

    annex = wb.create_sheet(SHEET_ANNEX.get(lang))
    note = _t(
        "本表は、契約条項中「別表に定める条件」の内容である。"
        "成果物の種類ごとに、いずれかの条件によるものとする。",
        "This table is what the clauses call 'the terms set out in the Annex'. Each type of "
        "deliverable is to be released under one of the terms in its row.",
    )
    _put(annex, 1, 1, note.get(lang), lang)
    for col, head in enumerate(_ANNEX_HEAD, start=1):
        cell = _put(annex, 3, col, head.get(lang), lang)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
    for row, item in enumerate(contract.annex, start=4):
        accepted = ([OSI_APPROVED.get(lang)] if item.osi_approved else []) + [
            t.get(lang) for t in item.terms
        ]
        cells = (item.title.get(lang), "\n".join(accepted) or "—", "\n".join(item.excluded) or "—")
        for col, text in enumerate(cells, start=1):
            _put(annex, row, col, text, lang).alignment = _WRAP
    for letter, width in zip("ABC", (36, 70, 30), strict=True):
        annex.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, _STAMP)
    ExcelWriter(wb, archive).save()
    return buffer.getvalue()
