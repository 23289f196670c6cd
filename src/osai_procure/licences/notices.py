"""Find licence notices: short passages that name a known licence without containing its
terms (an `SPDX-License-Identifier` line, the Apache or GNU "applies to this file" header,
"Licensed under the MIT License", a README's "License" section, a model card's `license:`).

A notice is a reference, not the terms: whoever relies on it relies on the named licence's
published text, which this module does not see. Names are resolved by the same analysis as a
typed licence field (`analyse_licence`: SPDX ids, names and aliases, the AI-licence catalogue),
so a notice counts only when it names a licence that analysis knows.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from osai_procure.licences import analyse_licence
from osai_procure.licences.catalogue import Catalogue
from osai_procure.licences.document import Paragraph
from osai_procure.models.scan import NoticeForm

__all__ = ["FoundNotice", "find_notices"]

_QUOTE_LIMIT = 300
# A licence name or expression is short; longer candidates are prose.
_MAX_NAME_WORDS = 12
_MAX_PARAGRAPH = 5000  # characters of one paragraph searched (a notice sits near the top)

_SPDX = re.compile(r"SPDX-License-Identifier\s*:\s*", re.IGNORECASE)
# A field naming the licence: "License: MIT" in a README, `license:` / `license_name:` in a
# Hugging Face model card's front matter, 「ライセンス：MIT」 in Japanese.
_FIELD = re.compile(
    r"(?:^|(?<=[\s|*]))(?:licen[cs]e(?:[_-](?:name|expression))?|ライセンス)\s*[:：]\s*",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"\b(?:(?:is|are|be|been|being)\s+)?"
    r"(?:licen[cs]ed|released|distributed|published|made\s+available|available|provided|"
    r"offered|shared|open[- ]sourced)\s+(?:to\s+you\s+)?(?:under|pursuant\s+to)\s+"
    r"(?:the\s+terms\s+(?:and\s+conditions\s+)?of\s+)?"
    r"|\bsubject\s+to\s+the\s+terms\s+(?:and\s+conditions\s+)?of\s+"
    r"|\b(?:is|are)\s+governed\s+by\s+(?:the\s+terms\s+(?:and\s+conditions\s+)?of\s+)?"
    r"|\bunder\s+the\s+terms\s+of\s+",
    re.IGNORECASE,
)
# The GNU headers name the licence in words and the version apart from it.
_GNU = re.compile(
    r"GNU\s+(?P<family>Affero\s+|Lesser\s+|Library\s+)?General\s+Public\s+Licen[cs]e"
    r"(?P<between>[^.]{0,120}?)"
    r"(?:\bversion\s*|\bv\.?\s*|(?<=\s))(?P<version>[123](?:\.[01])?)\b"
    r"(?P<later>[^.;]{0,60}?\bany\s+later\s+version|\s*or\s+later|\+)?",
    re.IGNORECASE,
)
_GNU_TRIGGER = re.compile(
    r"(?:free\s+software|under\s+the\s+terms|licen[cs]ed\s+under|released\s+under|"
    r"distributed\s+under)",
    re.IGNORECASE,
)
# Japanese puts the name first: 「本モデルはApache License 2.0の下で公開する」.
_JA_TRIGGER = re.compile(
    r"(?:の下で|のもとで|の条件で|に基づ(?:き|いて)|に従(?:い|って)|により|で)"
    r"(?:公開|提供|配布|頒布|許諾|利用許諾|ライセンス)"
)
# The name before a Japanese trigger: a Latin run, perhaps with ライセンス and a closing quote.
# Searched only in the few characters before each trigger: run over a whole English text, a
# pattern that starts at every letter is slow.
_JA_NAME = re.compile(
    r"(?P<name>[A-Za-z][A-Za-z0-9 .,\-+/()]{0,80}?)\s*"
    r"(?P<suffix>ライセンス|利用規約)?\s*[」』]?\s*$"
)
_HEADING = re.compile(
    r"^[#\s]*(?:licen[cs]e|licen[cs]ing|licen[cs]e\s+information|ライセンス|利用許諾)\s*[:：]?\s*$",
    re.IGNORECASE,
)
# Where a licence name ends: a full stop (not "v." or "No."), a semicolon, a dash, "(the".
_STOP = re.compile(
    r"(?<=[^\s.])(?<!\bv)(?<!\bno)[.;](?=\s|$)|[。、；]|\s[-–—]\s|\(the\b", re.IGNORECASE
)
_WORDS = re.compile(r"\S+")
_ALNUM = re.compile(r"\w")
# Comment markers inside a joined comment block: " * ", " # ", " // ".
_INNER_COMMENT = re.compile(r"(?<=\s)(?:\*|#+|//+)(?=\s)")
# Comment markers opening a line of a source-file header.
_COMMENT = re.compile(r"^\s*(?:/\*+|\*+/?|//+|#+|--|;+|<!--|-->)\s*")
_LEADING = re.compile(r"^(?:the|a|an|this|our)\s+", re.IGNORECASE)
_CC = re.compile(
    r"creative\s+commons\s+(?:attribution|by)(?P<terms>[\s\w-]*?)\s*(?P<version>[1-4]\.0)\b",
    re.IGNORECASE,
)
_CC_TERMS = {
    "noncommercial": "NC",
    "nc": "NC",
    "sharealike": "SA",
    "sa": "SA",
    "noderivatives": "ND",
    "noderivs": "ND",
    "nd": "ND",
}
_TRAILING_LICENCE = re.compile(r"\s+(?:public\s+)?licen[cs]e$", re.IGNORECASE)
# "Mozilla Public License, v. 2.0" is "Mozilla Public License 2.0" to the name index.
_VERSION = re.compile(r",?\s+v(?:ersion)?\.?\s*(?=\d)|,\s+(?=\d)", re.IGNORECASE)
_TRIM = "\"'`“”‘’«»「」『』[]*,:;.!?<>{}#|"
_UNINFORMATIVE = frozenset({"other", "unknown", "proprietary", "none", "custom", "see license"})


@dataclass(frozen=True)
class FoundNotice:
    """One notice: the licence it names, its form, the paragraph index and the quoted words."""

    licence: str
    form: NoticeForm
    paragraph: int  # index into the paragraphs given
    quote: str


def _variants(text: str) -> Iterator[str]:
    """Spellings of a licence name to try: as written, without a trailing "License", and with
    hyphens as spaces ("Creative Commons Attribution-ShareAlike 4.0 International License")."""
    yield text
    cc = _CC.match(text)
    if cc is not None:
        words = cc["terms"].casefold().replace("non commercial", "noncommercial").split()
        words = [w for part in words for w in part.split("-") if w]
        parts = list(dict.fromkeys(_CC_TERMS[w] for w in words if w in _CC_TERMS))
        yield "-".join(["CC-BY", *parts, cc["version"]])
    gnu = _GNU.match(text)
    if gnu is not None and not gnu["between"].strip(" ,"):
        yield _gnu(gnu)
    if re.match(r"(?i)cc0\b", text):
        yield "CC0-1.0"
    bare = _TRAILING_LICENCE.sub("", text)
    if bare != text and bare:
        yield bare
    if "-" in bare and not re.search(r"-\d|\d-|^[\w.]+-[\w.-]+$", bare):
        yield bare.replace("-", " ")


def _resolve(candidate: str, catalogue: Catalogue) -> str | None:
    """The normalised licence a short candidate names, or None when analysis does not know it."""
    text = unicodedata.normalize("NFKC", candidate)
    text = text.replace("ライセンス", " License").replace("利用規約", " Terms of Use")
    text = _LEADING.sub("", " ".join(text.split()).strip(_TRIM).strip())
    text = _VERSION.sub(" ", text)
    if not text or text.casefold() in _UNINFORMATIVE:
        return None
    for variant in _variants(text):
        facts = analyse_licence(variant, catalogue)
        if facts.kind in ("spdx", "catalogued") and facts.normalized:
            return facts.normalized
    return None


def _longest_name(words: Sequence[str], catalogue: Catalogue) -> tuple[str, int] | None:
    """The licence named by the longest leading run of `words` that analysis knows, and the
    number of words it took."""
    for size in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
        if not _ALNUM.search(words[size - 1]):
            continue  # a name ends in a word, not in "---" or "|"
        found = _resolve(" ".join(words[:size]), catalogue)
        if found is not None:
            return found, size
    return None


def _after(text: str, start: int) -> list[str]:
    """The words from `start` up to the end of the sentence or clause."""
    rest = text[start : start + 300]
    stop = _STOP.search(rest)
    if stop is not None:
        rest = rest[: stop.start()]
    return rest.split()


def _quote(text: str, start: int, end: int) -> str:
    """The passage around a notice, whitespace collapsed, at most 300 characters."""
    lo = max(0, start - 120)
    # Start at a sentence or line boundary when there is one close before the notice, else
    # at a word boundary.
    head = text[lo:start]
    cut = max(head.rfind(". "), head.rfind("。"), head.rfind("\n"))
    if cut < 0 and lo > 0:
        cut = head.find(" ")
    if cut >= 0:
        lo += cut + 1
    passage = " ".join(text[lo:end].split())
    return passage if len(passage) <= _QUOTE_LIMIT else "…" + passage[-(_QUOTE_LIMIT - 1) :]


def _gnu(match: re.Match[str]) -> str:
    """The SPDX id of a GNU licence named in words: family, version and 'or later'."""
    family = (match["family"] or "").strip().casefold()
    version = match["version"] if "." in match["version"] else match["version"] + ".0"
    if family == "affero":
        base = "AGPL"
    elif family in ("lesser", "library"):
        base = "LGPL"
    else:
        base = "GPL"
    return f"{base}-{version}-{'or-later' if match['later'] else 'only'}"


def _in_text(text: str, catalogue: Catalogue) -> Iterator[tuple[int, str, NoticeForm, str]]:
    """Every notice in the text: (offset, licence, form, quote)."""
    for match in _SPDX.finditer(text):
        tokens = list(_WORDS.finditer(text, match.end(), match.end() + 200))
        named = _longest_name([w.group() for w in tokens], catalogue)
        if named is not None:
            quote = " ".join(text[match.start() : tokens[named[1] - 1].end()].split())
            yield match.start(), named[0], "spdx_identifier", quote
    for match in _GNU.finditer(text):
        before = text[max(0, match.start() - 200) : match.start()]
        if _GNU_TRIGGER.search(before) or _STATEMENT.search(before[-60:]):
            licence = _resolve(_gnu(match), catalogue)
            if licence is not None:
                yield match.start(), licence, "header", _quote(text, match.start(), match.end())
    for match in _STATEMENT.finditer(text):
        named = _longest_name(_after(text, match.end()), catalogue)
        if named is not None:
            words = text[match.end() :].split()[: named[1]]
            end = match.end() + len(" ".join(words)) + 1
            # The Apache header goes on: "you may not use this file except in compliance".
            near = text[match.start() : match.start() + 200].casefold()
            form: NoticeForm = "header" if "you may not use this file" in near else "statement"
            yield match.start(), named[0], form, _quote(text, match.start(), end)
    for match in _FIELD.finditer(text):
        named = _longest_name(_after(text, match.end())[:_MAX_NAME_WORDS], catalogue)
        if named is not None:
            words = text[match.end() :].split()[: named[1]]
            quote = " ".join((match.group() + " ".join(words)).split())
            yield match.start(), named[0], "field", quote
    for trigger in _JA_TRIGGER.finditer(text):
        window = max(0, trigger.start() - 100)
        named_by = _JA_NAME.search(text, window, trigger.start())
        if named_by is None:
            continue
        suffix = " License" if named_by["suffix"] == "ライセンス" else ""
        words = (named_by["name"] + suffix).split()
        # The name is the tail of the Latin run before the particle: drop leading words
        # until what is left names a licence.
        for first in range(len(words)):
            licence = _resolve(" ".join(words[first:]), catalogue)
            if licence is not None:
                # The sentence goes on to its full stop: 「…の下で公開しています。」
                stop = text.find("。", trigger.end(), trigger.end() + 40)
                end = stop + 1 if stop >= 0 else trigger.end()
                start = named_by.start()
                yield start, licence, "statement", _quote(text, start, end)
                break


def find_notices(
    paragraphs: Sequence[Paragraph], catalogue: Catalogue | None = None
) -> tuple[FoundNotice, ...]:
    """The licence notices in `paragraphs`, the first of each licence only, in text order;
    `catalogue` defaults to the shipped one.

    The paragraphs are searched together, comment markers removed, because a source-file
    header wraps one sentence over many commented lines.
    """
    catalogue = catalogue or Catalogue.default()
    pieces: list[str] = []
    starts: list[int] = []
    offset = 0
    for paragraph in paragraphs:
        piece = paragraph.text[:_MAX_PARAGRAPH]
        if _COMMENT.match(piece):
            piece = " ".join(_INNER_COMMENT.sub("", _COMMENT.sub("", piece)).split())
        starts.append(offset)
        pieces.append(piece)
        offset += len(piece) + 3
    text = " \n ".join(pieces)
    located: list[tuple[int, str, NoticeForm, str]] = [
        (bisect.bisect_right(starts, at) - 1, licence, form, quote)
        for at, licence, form, quote in sorted(_in_text(text, catalogue), key=lambda h: h[0])
    ]
    for index, piece in enumerate(pieces):
        # Under a "License" heading a bare name is a notice: "## License\n\nApache 2.0".
        if index > 0 and _HEADING.match(pieces[index - 1]) and len(piece.split()) <= 8:
            named = _longest_name(_after(piece, 0), catalogue)
            if named is not None:
                located.append((index, named[0], "statement", " ".join(piece.split())))
    found: list[FoundNotice] = []
    seen: set[str] = set()
    for index, licence, form, quote in sorted(located, key=lambda h: h[0]):
        if licence not in seen:
            seen.add(licence)
            found.append(FoundNotice(licence, form, index, quote[:_QUOTE_LIMIT]))
    return tuple(found)
