"""Lay out a Report as a PDF with reportlab: embedded Japanese fonts, kinsoku, escaped text.

Every text that is not a fixed template reaches reportlab through `_Layout.esc`: markup
characters are escaped (so `<b>`, `<font>`, `<a>`, `<img>` and `&` print literally), line
breaks become `<br/>`, and characters the embedded font cannot draw (emoji, rare CJK, control
characters) become a visible `[U+XXXX]` placeholder listed in a note, never a blank.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.paragraph import FragLine, ParaLines
from reportlab.rl_config import _FUZZ

from osai_procure.models.base import I18n, Lang
from osai_procure.models.report import (
    AnswerRow,
    EvidenceRow,
    FindingRow,
    Report,
    Tone,
)
from osai_procure.render import heading
from osai_procure.render.fonts import Fonts, load_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN_X

NAVY = colors.HexColor("#1f3864")
GREY = colors.HexColor("#5b6573")
RULE = colors.HexColor("#c5ccd6")
HEAD_BG = colors.HexColor("#e3e8f0")
PLACEHOLDER = "#8a1c1c"
SOLID: dict[str, Any] = {
    "pass": colors.HexColor("#1e7b3c"),
    "warn": colors.HexColor("#a85d00"),
    "fail": colors.HexColor("#b3261e"),
    "info": colors.HexColor("#44546a"),
}
LIGHT: dict[str, Any] = {
    "pass": colors.HexColor("#e4f3e8"),
    "warn": colors.HexColor("#fff1d9"),
    "fail": colors.HexColor("#fbe5e3"),
    "info": colors.HexColor("#ebeff4"),
}
# Rows of a table cannot break across pages: text in a cell is cut to about this many lines.
_CELL_LINES = 28
_CELL_MAX_HEIGHT = 360.0

# Japanese line-breaking rules (kinsoku shori): no line starts with closing punctuation, small
# kana or the long-vowel mark, and none ends with an opening bracket.
CANNOT_START = frozenset(
    "、。，．・：；？！゛゜ヽヾゝゞ々ー―‐〜～…‥"
    "）〕］｝〉》」』】〙〗〟’”｠»"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    ")]},.:;!?%‰℃°′″"
)
CANNOT_END = frozenset("（〔［｛〈《「『【〘〖〝‘“｟«([{")
_MAX_PUSH_BACK = 8


def _is_cjk(char: str) -> bool:
    """Whether a character belongs to CJK text (a break may follow it)."""
    return ord(char) >= 0x2E80


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _kinsoku_lines(frags: list[Any], max_widths: Sequence[float]) -> Any:
    """Break fragments into lines character by character, following kinsoku rules.

    reportlab's own CJK splitter lets one prohibited character hang and then starts the next
    line with the second one (e.g. `）。`); this one moves the break back instead, and breaks
    Latin words only at spaces or next to CJK characters unless a word fills the whole line.
    """
    chars: list[str] = []
    widths: list[float] = []
    owners: list[Any] = []
    for frag in frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        if not text:  # an empty fragment carries a line break
            chars.append("")
            widths.append(0.0)
            owners.append(frag)
            continue
        table = _WIDTHS.setdefault((frag.fontName, frag.fontSize), {})
        for ch in text:
            width = table.get(ch)
            if width is None:
                width = table[ch] = stringWidth(ch, frag.fontName, frag.fontSize)
            chars.append(ch)
            widths.append(width)
            owners.append(frag)
    lines = []
    start = index = 0
    used = 0.0
    max_width = max_widths[0]
    while index < len(chars):
        used += widths[index]
        line_break = hasattr(owners[index], "lineBreak")
        index += 1
        if not line_break and not (used > max_width + _FUZZ and used > 0):
            continue
        end = index if line_break else _break_point(chars, start, index - 1)
        lines.append(_line(chars, widths, owners, start, end, max_width, line_break))
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start = index = end
        used = 0.0
    if used > 0:
        lines.append(_line(chars, widths, owners, start, len(chars), max_width, False))
    return ParaLines(kind=1, lines=lines)


def _line(
    chars: list[str],
    widths: list[float],
    owners: list[Any],
    start: int,
    end: int,
    max_width: float,
    line_break: bool,
) -> Any:
    """One laid-out line: runs of characters sharing a fragment become one word each."""
    words = []
    size = ascent = descent = 0.0
    run = start
    for index in range(start, end + 1):
        if index < end and owners[index] is owners[run]:
            continue
        if index > run:
            frag = owners[run]
            word = frag.clone()
            word.text = "".join(chars[run:index])
            words.append(word)
            up, down = getAscentDescent(frag.fontName, frag.fontSize)
            size, ascent, descent = max(size, frag.fontSize), max(ascent, up), min(descent, down)
        run = index
    width = sum(widths[start:end])
    return FragLine(
        kind=1,
        extraSpace=max_width - width,
        wordCount=1,
        words=words,
        fontSize=size,
        ascent=ascent,
        descent=descent,
        maxWidth=max_width,
        currentWidth=width,
        lineBreak=line_break,
    )


def _break_point(chars: list[str], start: int, overflow: int) -> int:
    """Where the next line starts, given the first character that did not fit."""

    def allowed(at: int) -> bool:
        before, after = chars[at - 1], chars[at]
        if after in CANNOT_START or before in CANNOT_END:
            return False
        latin = not _is_cjk(before) and not _is_cjk(after)
        return not latin or before.isspace()

    for at in range(overflow, start, -1):
        if allowed(at):
            return at
    # No allowed break on the whole line (one long word): let the closing marks hang (all of a
    # run such as `）、`, so the next line never starts with one), else cut.
    at = overflow
    while at < len(chars) and chars[at] in CANNOT_START:
        at += 1
    if at > overflow:
        return at
    return max(overflow, start + 1)


class _CachedParagraph(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A paragraph that breaks its lines once per set of widths (tables ask repeatedly)."""

    def breakLines(self, width: Any) -> Any:  # reportlab's method name
        """reportlab's line breaking, remembered for the last width."""
        key = tuple(width) if isinstance(width, list | tuple) else width
        cached = getattr(self, "_lines", None)
        if cached is None or cached[0] != key or getattr(self, "_splitpara", False):
            cached = self._lines = (key, super().breakLines(width))
        return cached[1]


class _Paragraph(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A paragraph whose CJK line breaking follows kinsoku rules (see `_kinsoku_lines`)."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        """Break lines with `_kinsoku_lines`, once per set of widths (tables ask repeatedly)."""
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        if not self.frags or any(hasattr(f, "cbDefn") for f in self.frags):
            return super().breakLinesCJK(maxWidths)
        key = tuple(maxWidths)
        cached = getattr(self, "_kinsoku", None)
        if cached is None or cached[0] != key:
            cached = self._kinsoku = (key, _kinsoku_lines(self.frags, maxWidths))
        return cached[1]


class _Layout:
    """One rendering: styles, the language, and the characters replaced by placeholders."""

    def __init__(self, report: Report, lang: Lang, fonts: Fonts) -> None:
        self.report = report
        self.lang: Lang = lang
        self.fonts = fonts
        self.missing: dict[str, None] = {}
        self.styles = self._styles()
        self.cjk_styles = {
            name: ParagraphStyle(f"{name}-cjk", parent=style, wordWrap="CJK")
            for name, style in self.styles.items()
        }

    # -- text --------------------------------------------------------------------------------

    def _styles(self) -> dict[str, ParagraphStyle]:
        """Paragraph styles (a `-cjk` twin of each breaks Japanese text with kinsoku)."""
        regular, bold, mono = self.fonts.regular, self.fonts.bold, self.fonts.mono

        def style(
            name: str, size: float, leading: float, font: str = regular, **extra: Any
        ) -> ParagraphStyle:
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=size,
                leading=leading,
                textColor=extra.pop("color", colors.black),
                **extra,
            )

        return {
            "title": style("title", 20, 27, bold, color=NAVY, spaceAfter=4),
            "subtitle": style("subtitle", 11, 16, color=GREY, spaceAfter=10),
            "h2": style(
                "h2", 14, 19, bold, color=NAVY, spaceBefore=6, spaceAfter=6, keepWithNext=1
            ),
            "h3": style(
                "h3", 10.5, 15, bold, color=NAVY, spaceBefore=7, spaceAfter=3, keepWithNext=1
            ),
            "body": style("body", 9.5, 15, spaceAfter=5),
            "small": style("small", 7.8, 11, color=GREY),
            "cell": style("cell", 8.3, 11.8),
            "cellb": style("cellb", 8.3, 11.8, bold),
            "head": style("head", 8.3, 11.8, bold, color=NAVY),
            "chip": style("chip", 8.5, 11.5, bold, color=colors.white, alignment=TA_CENTER),
            "badge_head": style("badge_head", 8, 11, bold, color=GREY, alignment=TA_CENTER),
            "badge_value": style(
                "badge_value", 12.5, 16, bold, color=colors.white, alignment=TA_CENTER
            ),
            "badge_detail": style("badge_detail", 7.5, 10, color=GREY, alignment=TA_CENTER),
            "mono": style("mono", 7.5, 10.5, mono),
            "q": style("q", 9.3, 13.5, bold, spaceBefore=5, keepWithNext=1),
            "meta": style("meta", 7.5, 10.5, color=GREY, leftIndent=10, keepWithNext=1),
            "answer": style("answer", 9.3, 14, leftIndent=10, spaceAfter=2),
            "evidence": style("evidence", 8, 11.5, leftIndent=10, color=GREY),
            "disclaimer": style("disclaimer", 8.5, 12.5, color=GREY, spaceBefore=6),
        }

    def h(self, key: str) -> str:
        """An escaped fixed heading."""
        return escape(heading(key, self.lang))

    def tr(self, text: I18n) -> str:
        """A bilingual text in the report's language, escaped."""
        return self.esc(text.get(self.lang))

    def joined(self, items: Iterable[I18n]) -> str:
        """Bilingual names in the report's language, escaped, in one run: 「、」 in Japanese."""
        return ("、" if self.lang == "ja" else "; ").join(self.tr(i) for i in items)

    def esc(self, text: str) -> str:
        """User text as safe paragraph markup: escaped, line breaks kept, no glyph dropped."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        covers = self.fonts.coverage
        if all(ord(ch) in covers or ch == "\n" for ch in text):
            return escape(text).replace("\n", "<br/>")
        out: list[str] = []
        run: list[str] = []
        for ch in text:
            if ch != "\n" and ord(ch) not in covers:
                run.append(ch)
                continue
            self._flush(run, out)
            out.append("<br/>" if ch == "\n" else escape(ch))
        self._flush(run, out)
        return "".join(out)

    def _flush(self, run: list[str], out: list[str]) -> None:
        """Write a run of characters the font lacks as one visible placeholder."""
        if not run:
            return
        codes = [f"U+{ord(ch):04X}" for ch in run]
        for code in codes:
            self.missing.setdefault(code, None)
        out.append(f'<font color="{PLACEHOLDER}">[{" ".join(codes)}]</font>')
        run.clear()

    def fit(self, text: str, width: float, style: str = "cell") -> str:
        """Cut text that would make a table row taller than a page (full text: appendix)."""
        size = self.styles[style].fontSize
        limit = max(40, int(width / size) * _CELL_LINES)
        if len(text) <= limit:
            return text
        return text[:limit] + heading("cut_note", self.lang)

    def p(self, text: str, style: str = "cell", width: float | None = None) -> Paragraph:
        """A paragraph of user text (escaped; cut to the cell when `width` is given)."""
        if width is not None:
            text = self.fit(text, width, style)
        return self.m(self.esc(text), style)

    def m(self, markup: str, style: str = "cell") -> Paragraph:
        """A paragraph from template markup whose variable parts are already escaped.

        Text with CJK characters breaks with kinsoku; other text breaks at spaces.
        """
        if any(_is_cjk(ch) for ch in markup):
            return _Paragraph(markup, self.cjk_styles[style])
        return _CachedParagraph(markup, self.styles[style])

    def link(self, row: EvidenceRow, width: float) -> str:
        """Evidence as markup; only http(s) links are clickable."""
        parts = []
        if row.url:
            shown = self.esc(self.fit(row.url, width))
            if row.link:
                href = escape(row.link, {'"': "&quot;"})
                parts.append(f'<a href="{href}" color="#1a4f9c">{shown}</a>')
            else:
                parts.append(shown)
        if row.file:
            parts.append(self.esc(self.fit(row.file, width)))
        if row.sha256:
            parts.append(f'SHA-256 <font name="{self.fonts.mono}">{row.sha256}</font>')
        if row.note:
            parts.append(self.esc(self.fit(row.note, width)))
        if row.drill is not None:
            parts.append(self.esc(self.fit(row.drill.get(self.lang), width)))
        return " · ".join(parts)

    # -- building blocks ----------------------------------------------------------------------

    def tstyle(self, commands: Sequence[tuple[Any, ...]]) -> TableStyle:
        """A table style whose plain-string cells use the embedded font, never Helvetica."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular), *commands])

    def table(
        self,
        rows: list[list[Any]],
        widths: Sequence[float],
        header: bool = True,
        extra: Sequence[tuple[Any, ...]] = (),
    ) -> Table:
        """A grid with a header row repeated on every page; no cell taller than a page."""
        rows = [
            [self.bound(cell, width - 8) for cell, width in zip(row, widths, strict=True)]
            for row in rows
        ]
        table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0)
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
        table.setStyle(self.tstyle([*commands, *extra]))
        return table

    def bound(self, cell: Any, width: float) -> Any:
        """Cut a cell's paragraphs so the cell fits on a page (table rows cannot split).

        Text is cut before it reaches here where the layout knows the limit (`fit`); this is
        the safety net for text that arrives composed, e.g. policy or engine text quoting input.
        """
        items = cell if isinstance(cell, list) else [cell]
        if not all(isinstance(item, Paragraph) for item in items):
            return cell
        out: list[Any] = []
        used = 0.0
        if sum(len(item.text) for item in items) <= 3 * width:
            return cell  # short enough to fit even in full-width glyphs: skip measuring
        for item in items:
            height = item.wrap(width, 1e9)[1]
            if used + height <= _CELL_MAX_HEIGHT:
                out.append(item)
                used += height
                continue
            parts = item.split(width, _CELL_MAX_HEIGHT - used - 14) if used < 300 else []
            if parts:
                out.append(parts[0])
            note = f'<font color="#5b6573">{escape(heading("cut_note", self.lang))}</font>'
            out.append(self.m(note, "small"))
            break
        return out if isinstance(cell, list) or len(out) > 1 else out[0]

    def chip(self, mark: str, label: I18n, tone: Tone, width: float) -> Table:
        """A coloured status chip with a redundant mark for colour-blind readers."""
        text = f"{escape(mark)} {self.tr(label)}" if mark else self.tr(label)
        chip = Table([[self.m(text, "chip")]], colWidths=[width])
        chip.setStyle(
            self.tstyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), SOLID[tone]),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return chip

    def box(self, flowables: list[Any], tone: Tone) -> Table:
        """A tinted box with a coloured bar on the left."""
        inner = self.bound(flowables, WIDTH - 2.2 * mm - 13)
        box = Table([["", inner]], colWidths=[2.2 * mm, WIDTH - 2.2 * mm])
        box.setStyle(
            self.tstyle(
                [
                    ("BACKGROUND", (0, 0), (0, -1), SOLID[tone]),
                    ("BACKGROUND", (1, 0), (1, -1), LIGHT[tone]),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (1, 0), (1, -1), 7),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return box

    def kv(self, rows: list[tuple[str, Any]], label_width: float = 42 * mm) -> Table:
        """A two-column label / value table."""
        data = [[self.m(self.h(key), "head"), value] for key, value in rows]
        return self.table(
            data,
            [label_width, WIDTH - label_width],
            header=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), HEAD_BG)],
        )

    # -- pages ------------------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        """Every page, in reading order."""
        out: list[Flowable] = []
        out += self.cover()
        out.append(PageBreak())
        out += self.summary()
        out.append(CondPageBreak(90 * mm))
        out += self.findings()
        out.append(CondPageBreak(60 * mm))
        out += self.licences()
        out.append(CondPageBreak(50 * mm))
        out += self.warnings()
        out.append(CondPageBreak(50 * mm))
        out += self.resting_on_imports()
        out.append(CondPageBreak(60 * mm))
        out += self.remediation()
        if self.report.drills:
            out.append(CondPageBreak(70 * mm))
            out += self.drills()
        out.append(PageBreak())
        out += self.signoff()
        out.append(PageBreak())
        out += self.appendix_answers()
        out.append(CondPageBreak(60 * mm))
        out += self.appendix_provenance()
        return out

    def cover(self) -> list[Flowable]:
        """Title, what was assessed, the verdicts side by side, and the seal."""
        r = self.report
        a = r.assessment
        system = " ".join(x for x in (a.system.name, a.system.version) if x)
        value_w = WIDTH - 42 * mm
        rows: list[tuple[str, Any]] = [
            ("assessment_title", self.p(a.title, "cell", value_w)),
            ("system", self.p(system, "cellb", value_w)),
        ]
        if a.system.provider:
            rows.append(("provider", self.p(a.system.provider, "cell", value_w)))
        if a.agency:
            rows.append(("agency", self.p(a.agency, "cell", value_w)))
        if a.procurement_id:
            rows.append(("procurement_id", self.p(a.procurement_id, "cell", value_w)))
        rows += [
            (
                "policy",
                self.m(
                    f"{self.tr(r.policy.title)}<br/>{escape(r.policy.id)} "
                    f"{self.esc(r.policy.version)}"
                ),
            ),
            ("generated_at", self.p(r.generated_at)),
        ]
        out: list[Flowable] = [
            self.m(self.tr(r.title), "title"),
            self.m(self.tr(r.subject), "subtitle"),
            self.kv(rows),
            Spacer(1, 8 * mm),
            self.m(self.h("verdicts"), "h2"),
            self.badges(),
            self.m(self.tr(r.disclaimer), "disclaimer"),
            Spacer(1, 8 * mm),
        ]
        status = r.signoff
        out.append(
            self.kv(
                [
                    ("signoff", self.m(f"{self.tr(status.status_label)}")),
                    ("record_sha256", self.m(self.mono(r.seal.record_sha256) if r.seal else "—")),
                    (
                        "key_fingerprint",
                        self.m(
                            self.mono(r.seal.envelope.key_fingerprint)
                            if r.seal and r.seal.envelope
                            else self.h("not_signed")
                        ),
                    ),
                ]
            )
        )
        return out

    def mono(self, text: str) -> str:
        """Digest-like text in the monospaced face."""
        return f'<font name="{self.fonts.mono}">{self.esc(text)}</font>'

    def badges(self) -> Table:
        """The four verdicts as badges: heading, coloured value with a mark, detail."""
        badges = self.report.badges
        width = WIDTH / len(badges)
        heads = [self.m(self.tr(b.heading), "badge_head") for b in badges]
        values = [
            self.m((escape(b.mark) + " " if b.mark else "") + self.tr(b.value), "badge_value")
            for b in badges
        ]
        details = [self.m(self.tr(b.detail), "badge_detail") for b in badges]
        table = Table([heads, values, details], colWidths=[width] * len(badges))
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 1), (-1, 1), 9),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 10),
            ("LINEBEFORE", (1, 0), (-1, -1), 3, colors.white),
        ]
        for index, badge in enumerate(badges):
            commands.append(("BACKGROUND", (index, 1), (index, 1), SOLID[badge.tone]))
            commands.append(("BACKGROUND", (index, 0), (index, 0), LIGHT[badge.tone]))
            commands.append(("BACKGROUND", (index, 2), (index, 2), LIGHT[badge.tone]))
        table.setStyle(self.tstyle(commands))
        return table

    def summary(self) -> list[Flowable]:
        """The executive summary: paragraphs, totals, the first actions."""
        r = self.report
        t = r.totals
        out: list[Flowable] = [self.m(self.h("summary"), "h2")]
        out += [self.m(self.tr(text), "body") for text in r.summary]
        out.append(self.m(self.h("totals"), "h3"))
        cells = [
            ("criteria", t.criteria),
            ("met", t.met),
            ("not_met", t.not_met),
            ("unknown", t.unknown),
            ("not_applicable", t.not_applicable),
            ("gates_failed", t.gates_failed),
            ("gates_unknown", t.gates_unknown),
            ("score", t.score_percent),
            ("questions", t.questions),
            ("answered", t.answered),
            ("unanswered", t.unanswered),
            ("not_shown", t.not_shown),
            ("evidence_items", t.evidence_items),
            ("evidence_missing", t.evidence_missing),
            ("unconfirmed_imports", t.unconfirmed_imports),
            ("warnings", len(r.warnings)),
        ]
        grid: list[list[Any]] = []
        for start in range(0, len(cells), 4):
            row: list[Any] = []
            for key, value in cells[start : start + 4]:
                row += [self.m(self.h(key), "head"), self.m(escape(str(value)), "cellb")]
            grid.append(row)
        col = WIDTH / 4
        out.append(
            self.table(
                grid,
                [col * 0.68, col * 0.32] * 4,
                header=False,
                extra=[("BACKGROUND", (c, 0), (c, -1), HEAD_BG) for c in (0, 2, 4, 6)],
            )
        )
        if r.remediation:
            out.append(self.m(self.h("top_actions"), "h3"))
            for item in r.remediation[:8]:
                lead = f"{item.priority}. <b>{escape(item.finding)} {self.tr(item.title)}</b> "
                labels = (self.tr(item.severity_label), self.tr(item.status_label))
                tail = (
                    f"（{labels[0]}・{labels[1]}）"
                    if self.lang == "ja"
                    else f"({labels[0]}, {labels[1]})"
                )
                out.append(self.m(lead + tail, "body"))
        return out

    def findings(self) -> list[Flowable]:
        """Each criterion: status, reasons, the answers and evidence that decided it, the fix."""
        out: list[Flowable] = []
        headings: list[Flowable] = [self.m(self.h("findings"), "h2")]
        for group in self.report.finding_groups:
            headings.append(self.m(self.tr(group.title), "h3"))
            for finding in group.findings:
                # Headings travel with the first finding under them, never alone at a page foot.
                out.append(KeepTogether([*headings, *self.finding(finding)]))
                out.append(Spacer(1, 5 * mm))
                headings = []
        return [*headings, *out]

    def finding(self, f: FindingRow) -> list[Flowable]:
        """One finding block."""
        chip_w = 30 * mm
        meta = (
            f"{escape(f.criterion)} · {self.tr(f.severity_label)} · {self.h('weight')} {f.weight:g}"
        )
        status = f"{escape(f.mark)} {self.tr(f.status_label)}"
        head = Table(
            [
                [
                    self.m(status, "chip"),
                    [
                        self.m(f"<b>{escape(f.number)}　{self.tr(f.title)}</b>", "cell"),
                        self.m(meta, "small"),
                    ],
                ]
            ],
            colWidths=[chip_w, WIDTH - chip_w],
        )
        head.setStyle(
            self.tstyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (1, 0), (1, 0), 8),
                    ("BACKGROUND", (0, 0), (0, 0), SOLID[f.tone]),
                    ("BACKGROUND", (1, 0), (1, 0), LIGHT[f.tone]),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        out: list[Flowable] = [head, Spacer(1, 2 * mm)]
        if f.reasons:
            out.append(self.m(f"<b>{self.h('reasons')}</b>", "cell"))
            out += [self.m(f"・{self.tr(reason)}", "cell") for reason in f.reasons]
        if f.answers:
            widths = [WIDTH * 0.40, WIDTH * 0.30, WIDTH * 0.30]
            rows: list[list[Any]] = [
                [
                    self.m(self.h("question"), "head"),
                    self.m(self.h("answer"), "head"),
                    self.m(self.h("evidence"), "head"),
                ]
            ]
            for a in f.answers:
                question = self.fit(a.text.get(self.lang), widths[0])
                flags = f" · {self.h('unconfirmed')}" if a.unconfirmed_import else ""
                rows.append(
                    [
                        self.m(
                            f"<b>{escape(a.ref)}</b> {self.esc(question)}<br/>"
                            f'<font color="#5b6573" size="7">{escape(a.question)}</font>'
                        ),
                        self.m(
                            f"{self.esc(self.fit(a.excerpt.get(self.lang), widths[1]))}<br/>"
                            f'<font color="#5b6573" size="7">{self.tr(a.provenance_label)}'
                            f"{flags}</font>"
                        ),
                        self.m(
                            "<br/>".join(self.link(e, widths[2]) for e in a.evidence)
                            or f'<font color="#5b6573">{self.h("no_evidence")}</font>'
                        ),
                    ]
                )
            out += [Spacer(1, 1.5 * mm), self.table(rows, widths)]
        extras = []
        if f.licences:
            extras.append(
                f"<b>{self.h('licences_read')}</b>: " + ", ".join(self.esc(x) for x in f.licences)
            )
        if f.refs:
            extras.append(
                f"<b>{self.h('references')}</b>: " + "; ".join(self.esc(self.tr(x)) for x in f.refs)
            )
        out += [self.m(x, "small") for x in extras]
        if f.remediation:
            inner = [self.m(f"<b>{self.h('remediation')}</b>: {self.tr(f.remediation)}", "cell")]
            if f.contract_clause:
                inner.append(
                    self.m(
                        f"<b>{self.h('contract_clause')}</b>: {self.tr(f.contract_clause)}", "cell"
                    )
                )
            out += [Spacer(1, 1.5 * mm), self.box(inner, f.tone)]
        return out

    def licences(self) -> list[Flowable]:
        """One row per component: terms, OSI approval, acceptability, red flags and reasons."""
        out: list[Flowable] = [self.m(self.h("licences"), "h2")]
        for group in self.report.licence_groups:
            if not group.flags:
                continue
            out.append(self.m(f"<b>{self.tr(group.summary)}</b>", "body"))
            lines = [f"<b>{self.tr(f.title)}</b>: {self.tr(f.reason)}" for f in group.flags]
            names = self.joined(group.components)
            lines.append(f"{self.h('applies_to')}: {names}")
            out.append(self.m("<br/>".join(lines), "small"))
        widths = [34 * mm, 18 * mm, 44 * mm, 22 * mm, WIDTH - 118 * mm]
        rows: list[list[Any]] = [
            [
                self.m(self.h(k), "head")
                for k in ("component", "released", "licence", "verdict", "red_flags")
            ]
        ]
        extra: list[tuple[Any, ...]] = []
        for index, row in enumerate(self.report.licences, start=1):
            licence = [self.esc(self.fit(row.licence, widths[2]))]
            if row.normalized and row.normalized != row.licence:
                licence.append(
                    f'→ <font name="{self.fonts.mono}">'
                    f"{self.esc(self.fit(row.normalized, widths[2]))}</font>"
                )
            licence.append(f'<font color="#5b6573" size="7">{self.tr(row.kind_label)}</font>')
            if row.deprecated_ids:
                licence.append(
                    f'<font size="7">{self.h("deprecated")}: '
                    f"{self.esc(', '.join(row.deprecated_ids))}</font>"
                )
            licence += [f'<font size="7">{self.tr(m)}</font>' for m in row.messages]
            osi = self.h("yes") if row.osi_approved else self.h("no")
            # The reasons are said once per licence, above the table.
            flags = "<br/>".join(f"<b>{self.tr(flag.title)}</b>" for flag in row.flags) or "—"
            rows.append(
                [
                    self.m(
                        f"<b>{self.tr(row.title)}</b><br/>"
                        f'<font color="#5b6573" size="7">{escape(row.component)} · '
                        f"{self.tr(row.content_type_label)}</font>"
                    ),
                    self.m(self.tr(row.released_label)),
                    self.m("<br/>".join(licence)),
                    self.m(
                        f"<b>{self.tr(row.verdict)}</b><br/>"
                        f'<font size="7">{self.h("osi_approved")}: {osi}</font>'
                    ),
                    self.m(flags),
                ]
            )
            extra.append(("BACKGROUND", (3, index), (3, index), LIGHT[row.tone]))
        out.append(self.table(rows, widths, extra=extra))
        return out

    def warnings(self) -> list[Flowable]:
        """Openwashing warnings, each in a tinted box."""
        out: list[Flowable] = [self.m(self.h("warnings"), "h2")]
        if not self.report.warnings:
            return [*out, self.m(self.h("no_warnings"), "body")]
        for warning in self.report.warnings:
            inner = [
                self.m(f"<b>{self.tr(warning.title)}</b>", "cell"),
                self.m(self.tr(warning.detail), "cell"),
            ]
            if warning.names:
                colon = "：" if self.lang == "ja" else ": "
                inner.append(
                    self.m(f"{self.h('items')}{colon}{self.joined(warning.names)}", "small")
                )
            out += [KeepTogether(self.box(inner, warning.tone)), Spacer(1, 3 * mm)]
        return out

    def resting_on_imports(self) -> list[Flowable]:
        """Apart from the findings: each conclusion that rests on unconfirmed imports."""
        out: list[Flowable] = [self.m(self.h("resting_on_imports"), "h2")]
        if not self.report.resting_on_imports:
            return [*out, self.m(self.h("no_resting_on_imports"), "body")]
        out.append(self.m(self.h("resting_on_imports_intro"), "body"))
        widths = [62 * mm, 38 * mm, WIDTH - 100 * mm]
        rows: list[list[Any]] = [
            [self.m(self.h(k), "head") for k in ("conclusion", "outcome", "imported_answers")]
        ]
        for row in self.report.resting_on_imports:
            rows.append(
                [
                    self.m(self.tr(row.title)),
                    self.m(self.tr(row.outcome)),
                    self.m(self.joined(row.names), "small"),
                ]
            )
        return [*out, self.table(rows, widths)]

    def remediation(self) -> list[Flowable]:
        """What to fix, most important first, with suggested contract clauses."""
        out: list[Flowable] = [self.m(self.h("remediation"), "h2")]
        if not self.report.remediation:
            return [*out, self.m(self.h("no_remediation"), "body")]
        widths = [9 * mm, 46 * mm, 54 * mm, WIDTH - 109 * mm]
        rows: list[list[Any]] = [
            [
                self.m(self.h(k), "head")
                for k in ("priority", "finding", "action", "contract_clause")
            ]
        ]
        extra: list[tuple[Any, ...]] = []
        for index, row in enumerate(self.report.remediation, start=1):
            condition = f"<br/>★ {self.h('condition')}" if row.condition else ""
            rows.append(
                [
                    self.m(f"<b>{row.priority}</b>"),
                    self.m(
                        f"<b>{escape(row.finding)} {self.tr(row.title)}</b><br/>"
                        f'<font size="7">{self.tr(row.severity_label)} · '
                        f"{self.tr(row.status_label)}{condition}</font>"
                    ),
                    self.m(self.tr(row.action)),
                    self.m(self.tr(row.clause) if row.clause else "—"),
                ]
            )
            extra.append(("BACKGROUND", (0, index), (0, index), LIGHT[row.tone]))
        out.append(self.table(rows, widths, extra=extra))
        return out

    def drills(self) -> list[Flowable]:
        """The preservation drills cited as evidence: when, who, what, the result, the record."""
        out: list[Flowable] = [
            self.m(self.h("drills"), "h2"),
            self.m(self.h("drills_intro"), "body"),
        ]
        label = 40 * mm
        for drill in self.report.drills:
            signature = (
                f"{self.tr(drill.signed_label)} · {self.mono(drill.key_fingerprint)}"
                if drill.key_fingerprint
                else self.tr(drill.signed_label)
            )
            rows: list[tuple[str, Any]] = [
                ("drill_result", self.m(f"<b>{self.tr(drill.result_label)}</b>")),
                ("performed_at", self.p(drill.performed_at)),
                ("performed_by", self.p(drill.performed_by, width=WIDTH - label)),
                (
                    "deposit",
                    self.m(
                        f"{self.tr(drill.kind_label)}<br/>"
                        f"{self.esc(self.fit(drill.target, WIDTH - label, 'small'))}",
                    ),
                ),
                ("files_checked", self.m(self.tr(drill.checked_label))),
                ("drill_problems", self.m(self.tr(drill.problems_label))),
                ("drill_record", self.m(self.mono(drill.record_sha256 or "—"))),
                ("drill_signature", self.m(signature)),
                (
                    "cited_by",
                    self.m(self.joined(drill.names), "small"),
                ),
            ]
            data = [[self.m(self.h(key), "head"), value] for key, value in rows]
            table = self.table(
                data,
                [label, WIDTH - label],
                header=False,
                extra=[
                    ("BACKGROUND", (0, 0), (0, -1), HEAD_BG),
                    ("BACKGROUND", (1, 0), (1, 0), LIGHT[drill.tone]),
                ],
            )
            out += [KeepTogether(table), Spacer(1, 3 * mm)]
        return out

    def signoff(self) -> list[Flowable]:
        """Who prepared, reviewed and approved it; the digest, key and signature."""
        r = self.report
        out: list[Flowable] = [self.m(self.h("signoff"), "h2")]
        chip = self.chip("", r.signoff.status_label, r.signoff.tone, 60 * mm)
        chip.hAlign = "LEFT"
        out.append(chip)
        out.append(Spacer(1, 3 * mm))
        widths = [24 * mm, 70 * mm, 26 * mm, 30 * mm, WIDTH - 150 * mm]
        rows: list[list[Any]] = [
            [self.m(self.h(k), "head") for k in ("role", "name", "date", "decision", "required")]
        ]
        extra: list[tuple[Any, ...]] = []
        comments = []
        for index, row in enumerate(r.signoff.rows, start=1):
            entry = row.entry
            person = "—"
            if entry:
                person = "<br/>".join(
                    [f"<b>{self.esc(self.fit(entry.name, widths[1]))}</b>"]
                    + [
                        self.esc(self.fit(x, widths[1]))
                        for x in (entry.title, entry.organisation)
                        if x
                    ]
                )
                if entry.comment:
                    comments.append((row.role_label, entry.comment))
            rows.append(
                [
                    self.m(f"<b>{self.tr(row.role_label)}</b>"),
                    self.m(person),
                    self.m(self.esc(entry.date) if entry else "—"),
                    self.m(self.tr(row.decision_label)),
                    self.m(self.h("yes") if row.required else self.h("no")),
                ]
            )
            extra.append(("BACKGROUND", (3, index), (3, index), LIGHT[row.tone]))
        out.append(self.table(rows, widths, extra=extra))
        for role, comment in comments:
            out.append(
                self.m(
                    f"<b>{self.h('comment')}（{self.tr(role)}）</b>"
                    if self.lang == "ja"
                    else f"<b>{self.h('comment')} ({self.tr(role)})</b>",
                    "q",
                )
            )
            out.append(self.p(comment, "answer"))
        out.append(self.m(self.h("integrity"), "h3"))
        seal = r.seal
        if seal is None or seal.envelope is None:
            out.append(self.box([self.m(self.h("not_signed"), "cell")], "warn"))
            if seal:
                out.append(Spacer(1, 2 * mm))
                out.append(self.kv([("record_sha256", self.m(self.mono(seal.record_sha256)))]))
            return out
        env = seal.envelope
        rows_kv: list[tuple[str, Any]] = [
            ("record_sha256", self.m(self.mono(seal.record_sha256))),
            (
                "canonicalization",
                self.m(escape(env.canonicalization + " (JSON Canonicalization Scheme)")),
            ),
            ("algorithm", self.m(escape(env.algorithm))),
            ("namespace", self.m(self.mono(env.namespace))),
            ("key_fingerprint", self.m(self.mono(env.key_fingerprint))),
            ("signature", self.m(self.mono(env.signature), "mono")),
        ]
        if env.pdf_certificate_sha256:
            rows_kv.append(("pdf_certificate", self.m(self.mono(env.pdf_certificate_sha256))))
        out.append(self.kv(rows_kv))
        out.append(self.m(self.h("how_to_verify"), "small"))
        return out

    def appendix_answers(self) -> list[Flowable]:
        """Every question with its full answer, provenance and evidence."""
        out: list[Flowable] = [self.m(self.h("appendix_answers"), "h2")]
        for section in self.report.sections:
            out.append(self.m(f"{escape(section.number)}　{self.tr(section.title)}", "h3"))
            for row in section.rows:
                out += self.answer(row)
        return out

    def answer(self, row: AnswerRow) -> list[Flowable]:
        """One question of the appendix."""
        meta = [escape(row.question), self.tr(row.state_label)]
        if row.provenance:
            meta.append(f"{self.h('provenance')}: {self.tr(row.provenance_label)}")
        if row.answered_by:
            meta.append(f"{self.h('answered_by')}: {self.esc(self.fit(row.answered_by, WIDTH))}")
        if row.answered_at:
            meta.append(f"{self.h('answered_at')}: {self.esc(self.fit(row.answered_at, WIDTH))}")
        if row.confirmed:
            meta.append(self.h("confirmed"))
        if row.unconfirmed_import:
            meta.append(f'<font color="#a85d00">{self.h("unconfirmed")}</font>')
        if row.evidence_required:
            meta.append(self.h("evidence_required"))
        out: list[Flowable] = [
            HRFlowable(width="100%", thickness=0.3, color=RULE, spaceBefore=3, spaceAfter=1),
            self.m(f"{escape(row.number)}　{self.tr(row.text)}", "q"),
            self.m(" · ".join(meta), "meta"),
            self.m(self.tr(row.value), "answer"),
        ]
        if row.note:
            out.append(self.m(f"<b>{self.h('note')}</b>: {self.esc(row.note)}", "answer"))
        for evidence in row.evidence:
            out.append(self.m(f"{self.h('evidence')}: {self.link(evidence, WIDTH)}", "evidence"))
        for line in row.scan:
            out.append(self.m(self.tr(line), "evidence"))
        return out

    def appendix_provenance(self) -> list[Flowable]:
        """Policy and questionnaire digests, tool and data versions, and the glyph note."""
        r = self.report
        out: list[Flowable] = [self.m(self.h("appendix_provenance"), "h2")]
        out.append(
            self.kv(
                [
                    (
                        "policy",
                        self.m(
                            f"{self.tr(r.policy.title)}<br/>{escape(r.policy.id)} "
                            f"{self.esc(r.policy.version)}"
                        ),
                    ),
                    ("digest", self.m(self.mono(r.policy.digest))),
                    ("lineage", self.m(escape(" → ".join(r.policy.lineage)))),
                    ("tool_version", self.m(escape(f"osai-procure {r.tool_version}"))),
                    ("spdx_list_version", self.m(escape(r.spdx_list_version))),
                    ("generated_at", self.p(r.generated_at)),
                    ("record_sha256", self.m(self.mono(r.seal.record_sha256) if r.seal else "—")),
                ]
            )
        )
        out.append(self.m(self.h("questionnaires"), "h3"))
        widths = [50 * mm, 22 * mm, WIDTH - 72 * mm]
        rows: list[list[Any]] = [[self.m(self.h(k), "head") for k in ("id", "version", "digest")]]
        for q in r.questionnaires:
            rows.append(
                [
                    self.m(f"{escape(q.id)}<br/>{self.tr(q.title)}"),
                    self.m(self.esc(q.version)),
                    self.m(self.mono(q.digest)),
                ]
            )
        out.append(self.table(rows, widths))
        return out

    def glyph_note(self) -> list[Flowable]:
        """The note listing characters shown as placeholders (empty when there are none)."""
        if not self.missing:
            return []
        codes = ", ".join(self.missing)
        return [
            Spacer(1, 4 * mm),
            self.box([self.m(self.h("glyph_note") + escape(codes), "small")], "warn"),
        ]


def _pdf_date(generated_at: str) -> str:
    """`generated_at` as a PDF date string (the document's creation date)."""
    moment = datetime.datetime.fromisoformat(generated_at)
    offset = moment.utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hours:02d}'{mins:02d}'"


def _canvas_class(fonts: Fonts, header: str, footer: str, pdf_date: str) -> type[Canvas]:
    """A canvas that starts in the embedded font and draws header, footer and 'n / N'."""

    class _Canvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        """Collects pages, then draws page numbers once the total is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = fonts.regular
            kwargs["initialFontSize"] = 9
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._doc.setDateFormatter(lambda *_: pdf_date)

        def showPage(self) -> None:
            """Keep the page until the total is known."""
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            """Draw the furniture of every page, then write the file."""
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            """Header rule and title, footer with the tool, digest and 'n / N'."""
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            top = PAGE_HEIGHT - MARGIN_TOP + 6 * mm
            self.line(MARGIN_X, top, PAGE_WIDTH - MARGIN_X, top)
            self.line(
                MARGIN_X, MARGIN_BOTTOM - 5 * mm, PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM - 5 * mm
            )
            self.setFillColor(GREY)
            self.setFont(fonts.regular, 7.5)
            self.drawString(MARGIN_X, top + 2 * mm, header)
            self.drawString(MARGIN_X, MARGIN_BOTTOM - 9 * mm, footer)
            self.setFont(fonts.bold, 8)
            self.drawRightString(
                PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM - 9 * mm, f"{number} / {total}"
            )
            self.restoreState()

    return _Canvas


def render_pdf(report: Report, lang: Lang, *, fonts: Fonts | None = None) -> bytes:
    """Lay out the report as a PDF in Japanese or English.

    Raises:
        FontNotFoundError: no Japanese TrueType font is installed (the message says which).
    """
    fonts = fonts or load_fonts()
    layout = _Layout(report, lang, fonts)
    story = layout.story()
    story += layout.glyph_note()
    buffer = io.BytesIO()
    title = f"{report.title.get(lang)}: {report.assessment.system.name}"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=report.author,
        subject=report.subject.get(lang),
        creator=f"osai-procure {report.tool_version}",
        keywords=f"OSAID 1.0, {report.policy.id}, {report.policy.version}",
        lang="ja-JP" if lang == "ja" else "en",
        invariant=1,
    )
    digest = report.seal.record_sha256[:16] + "…" if report.seal else "—"
    policy, version = report.policy.title.get(lang), report.policy.version
    said = f"版 {version}" if lang == "ja" else f"version {version}"
    header = f"{report.title.get(lang)} · {policy} · {said}"
    footer = f"osai-procure {report.tool_version} · {heading('record_sha256', lang)} {digest}"
    canvas = _canvas_class(
        fonts, _drawable(header, fonts), _drawable(footer, fonts), _pdf_date(report.generated_at)
    )
    doc.build(story, canvasmaker=canvas)
    return buffer.getvalue()


def _drawable(text: str, fonts: Fonts) -> str:
    """Text for the canvas (no markup there): characters the font lacks become `?`."""
    text = text if len(text) <= 110 else text[:110] + "…"
    return "".join(ch if ord(ch) in fonts.coverage else "?" for ch in text)
