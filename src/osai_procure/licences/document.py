"""Read a licence document (text, Markdown, HTML or PDF) into located paragraphs.

The reader never raises for bad content: a file it cannot read comes back with
`readable=False` and the reasons, so no caller can mistake "nothing read" for "nothing found".
"""

from __future__ import annotations

import hashlib
import html.parser
import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = [
    "MAX_BYTES",
    "MAX_PAGES",
    "DocumentFormat",
    "LicenceDocument",
    "Paragraph",
    "read_document",
    "read_path",
]

DocumentFormat = Literal["text", "markdown", "html", "pdf"]
MAX_BYTES = 20 * 1024 * 1024  # a licence is a few hundred kilobytes; 20 MB is generous
MAX_PAGES = 400
MAX_CHARACTERS = 2_000_000
# A text shorter than this cannot hold licence terms; saying "no flags" for it would mislead.
MIN_CHARACTERS = 40

ReadProblem = Literal[
    "too_large",
    "empty",
    "not_text",
    "pdf_unreadable",
    "pdf_encrypted",
    "pdf_too_many_pages",
    "pdf_pages_without_text",
    "pdf_stream_limit",
    "truncated",
]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the document and where it is."""

    text: str
    number: int  # 1-based, counted over the whole document
    page: int | None  # 1-based page for PDFs
    section: str | None  # e.g. "1.b.i", "第3条", "Attachment A"


@dataclass(frozen=True)
class LicenceDocument:
    """What could be read from one file, with its SHA-256 and any reading problems."""

    name: str
    sha256: str
    format: DocumentFormat
    size: int
    pages: int | None
    paragraphs: tuple[Paragraph, ...]
    problems: tuple[tuple[ReadProblem, str], ...] = field(default=())

    @property
    def readable(self) -> bool:
        """Whether enough text was read to judge the terms at all."""
        return sum(len(p.text) for p in self.paragraphs) >= MIN_CHARACTERS

    @property
    def text(self) -> str:
        """The paragraphs joined by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)


def _format_of(name: str, data: bytes) -> DocumentFormat:
    """The format from the content first (a PDF named .txt is still a PDF), then the name."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    suffix = Path(name).suffix.casefold()
    if suffix in (".html", ".htm", ".xhtml") or re.match(rb"(?i)<(!doctype html|html)", head):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def _decode(data: bytes) -> str | None:
    """Decode text: a BOM, then UTF-8, then Shift_JIS (cp932, common for Japanese terms)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _looks_binary(text: str) -> bool:
    """True when control characters make up more than 1% of the text."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls > max(10, len(sample) // 100)


class _HtmlText(html.parser.HTMLParser):
    """Collect visible text; block elements end a paragraph; scripts and styles are dropped."""

    _BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "ul",
            "ol",
            "dt",
            "dd",
            "blockquote",
            "pre",
            "hr",
        ]
    )
    _HIDDEN = frozenset(("script", "style", "head", "template", "noscript"))

    def __init__(self) -> None:
        """Start with no text."""
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a hidden element or break a paragraph."""
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        """Close a hidden element or break a paragraph."""
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        """Keep visible text."""
        if not self._hidden:
            self.parts.append(data)


def _html_text(text: str) -> str:
    """The visible text of an HTML page, paragraphs separated by blank lines."""
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


_MD_LINE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|`)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")


def _markdown_text(text: str) -> str:
    """Markdown as plain text: heading marks, quotes, emphasis and link targets removed."""
    lines = []
    for line in text.splitlines():
        line = _MD_LINE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        lines.append(_MD_EMPHASIS.sub("", line))
    return "\n".join(lines)


def _pdf_pages(data: bytes) -> tuple[list[str], list[tuple[ReadProblem, str]]]:
    """Text of each page of a PDF, and the problems met (never raises)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    problems: list[tuple[ReadProblem, str]] = []
    # pypdf logs recoverable damage as warnings; the problems list is the user's record.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return [], [("pdf_encrypted", "")]
        count = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        return [], [("pdf_unreadable", type(error).__name__)]
    if count > MAX_PAGES:
        problems.append(("pdf_too_many_pages", str(count)))
        count = MAX_PAGES
    from pypdf.errors import LimitReachedError

    pages: list[str] = []
    empty: list[int] = []
    bombs: list[int] = []
    for index in range(count):
        try:
            text = reader.pages[index].extract_text() or ""
        except LimitReachedError:  # a stream that inflates past pypdf's limits: a zip bomb
            bombs.append(index + 1)
            text = ""
        except Exception:  # pypdf raises many types on damaged pages; one page must not stop
            text = ""
        if len(text.strip()) < 5:
            empty.append(index + 1)
        pages.append(text)
    if bombs:
        problems.append(("pdf_stream_limit", ", ".join(str(n) for n in bombs)))
    empty = [n for n in empty if n not in bombs]
    if empty:
        problems.append(("pdf_pages_without_text", ", ".join(str(n) for n in empty)))
    return pages, problems


# ------------------------------------------------------------------------------ paragraphs

_CJK = r"\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_TOP = re.compile(
    r"^(?:(?:section|article|clause)\s+(?P<word>\d+(?:\.\d+)*|[IVX]+\b)"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2})*)(?:[.)]|\s+(?=[A-Z\"“]))"
    r"|第(?P<ja>[0-9０-９一二三四五六七八九十百]+)条"
    r"|(?P<att>(?:attachment|exhibit|appendix|annex|schedule)\s+[A-Z0-9]+|別紙\s*\S*|付属書\s*\S*))",
    re.IGNORECASE,
)
_SUB = re.compile(
    r"^(?:\((?P<p>[a-z]{1,4}|\d{1,2})\)|(?P<d>[a-z]{1,4})[.)]|[（(](?P<ja>[0-9０-９]+)[)）])\s*"
)
_ROMAN = re.compile(r"^(?:i{1,3}|iv|vi{0,3}|ix|x)$")


def _section_of(
    text: str, indent: int, top: str | None, sub: list[str]
) -> tuple[str | None, list[str]]:
    """The section label after a paragraph starting with `text`, indented by `indent` spaces
    (an indented number is an item of the section above, as in Markdown lists)."""
    stripped = text.lstrip("*#>-• \t").replace("\\.", ".", 1)
    match = _TOP.match(stripped)
    if match and indent >= 2 and top is not None and (match["num"] or match["ja"] is None):
        label = match["num"] or match["word"]
        if label:
            depth = min(2, max(1, indent // 4))
            return top, [*sub[: depth - 1], label]
    if match:
        if match["word"] and not match["word"][0].isdigit():
            return f"Section {match['word']}", []
        if match["word"] or match["num"]:
            return match["word"] or match["num"], []
        if match["ja"]:
            return f"第{match['ja']}条", []
        return " ".join(match["att"].split()), []
    match = _SUB.match(stripped)
    if match and top is not None:
        label = match["p"] or match["d"] or match["ja"]
        label = unicodedata.normalize("NFKC", label)
        if label.isdigit():
            return top, [label]
        roman = _ROMAN.match(label) is not None
        # "i" after "h" is a letter; "i" after any other letter, or "ii", is a sub-item.
        if roman and sub and not (label == "i" and sub[0] == "h"):
            return top, [sub[0], label]
        return top, [label]
    return top, sub


def _join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space between Japanese characters, one space otherwise."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and re.search(f"[{_CJK}]$", out) and re.match(f"[{_CJK}]", line):
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


_BREAK_BEFORE = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]\s|\(?[a-z]{1,4}[.)]\s|\([a-z]{1,4}\)\s"
    r"|第[0-9０-９一二三四五六七八九十百]+条|[（(][0-9０-９]+[)）]|[-*•]\s|(?:section|article)\s+\d)",
    re.IGNORECASE,
)


# Japanese terms put each 項 on its own line: a line ending in 。 or a 第N条 heading ends it.
_ENDS_JA_PARAGRAPH = re.compile(
    r"(?:。\s*$)|(?:^\s*第[0-9０-９一二三四五六七八九十百]+条(?:[（(][^）)]*[）)])?\s*$)"
    r"|(?:^\s*[（(][0-9０-９]+[)）].*[\u3040-\u30ff\u3400-\u9fff])"
)


def _indent(line: str) -> int:
    """Leading spaces of a line (a tab counts four)."""
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Split text into (indent, paragraph): at blank lines, and at lines opening an item."""
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            if current:
                yield _indent(current[0]), _join_lines(current)
                current = []
            continue
        if current and (_BREAK_BEFORE.match(line) or _ENDS_JA_PARAGRAPH.search(current[-1])):
            yield _indent(current[0]), _join_lines(current)
            current = []
        current.append(line)
    if current:
        yield _indent(current[0]), _join_lines(current)


def _paragraphs(pages: list[tuple[int | None, str]]) -> tuple[Paragraph, ...]:
    """Located paragraphs of the given (page, text) pieces."""
    found: list[Paragraph] = []
    top: str | None = None
    sub: list[str] = []
    for page, text in pages:
        for indent, block in _blocks(text):
            block = " ".join(block.split()) if not re.search(f"[{_CJK}]", block) else block
            if not block:
                continue
            top, sub = _section_of(block, indent if page is None else 0, top, sub)
            label = ".".join([top, *sub]) if top is not None else None
            found.append(Paragraph(text=block, number=len(found) + 1, page=page, section=label))
    return tuple(found)


def read_document(data: bytes, name: str) -> LicenceDocument:
    """Read a licence document from its bytes; `name` is shown in messages and picks the
    format when the content does not (a `.md` file is read as Markdown). Never raises."""
    sha256 = hashlib.sha256(data).hexdigest()
    problems: list[tuple[ReadProblem, str]] = []
    fmt = _format_of(name, data)

    def done(pieces: list[tuple[int | None, str]], pages: int | None) -> LicenceDocument:
        paragraphs = _paragraphs(pieces)
        if not paragraphs and not problems:
            problems.append(("empty", ""))
        return LicenceDocument(name, sha256, fmt, len(data), pages, paragraphs, tuple(problems))

    if len(data) > MAX_BYTES:
        problems.append(("too_large", str(len(data))))
        return LicenceDocument(name, sha256, fmt, len(data), None, (), tuple(problems))
    if fmt == "pdf":
        texts, pdf_problems = _pdf_pages(data)
        problems.extend(pdf_problems)
        total = 0
        pieces: list[tuple[int | None, str]] = []
        for number, text in enumerate(texts, start=1):
            total += len(text)
            if total > MAX_CHARACTERS:
                problems.append(("truncated", str(number)))
                break
            pieces.append((number, text))
        return done(pieces, len(texts) or None)
    decoded = _decode(data)
    if decoded is None or _looks_binary(decoded):
        problems.append(("not_text", ""))
        return LicenceDocument(name, sha256, fmt, len(data), None, (), tuple(problems))
    text = decoded
    if len(text) > MAX_CHARACTERS:
        problems.append(("truncated", ""))
        text = text[:MAX_CHARACTERS]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "html":
        text = _html_text(text)
    elif fmt == "markdown":
        text = _markdown_text(text)
    return done([(None, text)], None)


def read_path(path: Path) -> LicenceDocument:
    """Read a licence document from a file.

    Raises:
        OSError: the file cannot be opened.
    """
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
        if len(data) <= MAX_BYTES:
            return read_document(data, path.name)
        # Too large to read, but the evidence still names the whole file's digest.
        digest = hashlib.sha256(data)
        size = len(data)
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    fmt = _format_of(path.name, data)
    return LicenceDocument(
        path.name, digest.hexdigest(), fmt, size, None, (), (("too_large", str(size)),)
    )
