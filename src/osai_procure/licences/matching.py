"""Identify licence texts by their words: which reference texts a document is, contains, or
was derived from, and which passages differ.

A small matcher over the reference texts in `reference/` (ScanCode's copies): word 5-gram
containment finds candidates, a word-level diff aligns each candidate with the document. See
the issue 16 note for why this rather than ScanCode's own engine.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import yaml

__all__ = [
    "Difference",
    "ReferenceText",
    "TextMatch",
    "match_text",
    "reference_texts",
]

MatchKind = Literal["exact", "contains", "modified"]
_SHINGLE = 5
# A reference whose 5-grams are less than this share present is not a candidate at all.
_CANDIDATE = 0.3
# A candidate whose words are less than this share present, in order, is not reported.
_MODIFIED = 0.5
# At most this share of a reference's words may be missing or changed for an exact match.
_EXACT_TOLERANCE = 0.01
_MAX_DIFFERENCES = 25
_MAX_CANDIDATES = 6

_WORD = re.compile(r"[a-z0-9]+|[\u3040-\u30ff\u3400-\u9fff]")
_MARKER = re.compile(r"(?m)^[ \t>*#-]*\(?(?:[a-z]|[ivx]{1,4}|\d{1,3}(?:\.\d{1,3})*)[.)](?=\s)")
# Spellings that do not change the terms.
_EQUIVALENT = {"licence": "license", "licences": "licenses", "licensor's": "licensor"}


@dataclass(frozen=True)
class ReferenceText:
    """One reference licence text and the id analysis knows it by."""

    licence: str
    name: str
    file: str
    source: str
    url: str | None
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    text: str


@dataclass(frozen=True)
class Difference:
    """A passage where the document departs from the reference; offsets are in the document."""

    reference: str
    document: str
    start: int  # of the first occurrence
    end: int
    occurrences: int = 1  # the same change made this many times (a renamed licensor, say)


@dataclass(frozen=True)
class TextMatch:
    """One reference found in the document."""

    reference: ReferenceText
    kind: MatchKind
    coverage: float  # share of the reference's words found, in order
    similarity: float  # matched words against the reference and the matched span together
    start: int  # character span of the match in the document
    end: int
    differences: tuple[Difference, ...]
    more_differences: int  # differences beyond those listed


def _words(text: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Normalised words of `text` and their character spans (Japanese: one word per character).

    NFKC keeps the string length for everything but rare compatibility characters, so spans
    are taken on the folded text and clamped to the original.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    # List numbering is layout, not terms: "a." and "1." items read the same.
    folded = _MARKER.sub(lambda m: " " * len(m.group()), folded)
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    limit = len(text)
    for match in _WORD.finditer(folded):
        word = match.group()
        words.append(_EQUIVALENT.get(word, word))
        spans.append((min(match.start(), limit), min(match.end(), limit)))
    return tuple(words), tuple(spans)


def _shingles(words: Sequence[str]) -> frozenset[int]:
    """Hashes of every run of five consecutive words."""
    return frozenset(
        hash(tuple(words[i : i + _SHINGLE])) for i in range(max(1, len(words) - _SHINGLE + 1))
    )


@functools.cache
def reference_texts() -> tuple[ReferenceText, ...]:
    """The shipped reference texts, read once."""
    root = importlib.resources.files("osai_procure.licences").joinpath("reference")
    index = yaml.safe_load(root.joinpath("index.yaml").read_text(encoding="utf-8"))
    found = []
    for item in index["texts"]:
        text = root.joinpath(item["file"]).read_text(encoding="utf-8")
        words, spans = _words(text)
        found.append(
            ReferenceText(
                licence=item["licence"],
                name=item["name"],
                file=item["file"],
                source=item["source"],
                url=item.get("url"),
                words=words,
                spans=spans,
                text=text,
            )
        )
    return tuple(found)


@functools.cache
def _reference_shingles() -> tuple[frozenset[int], ...]:
    """5-gram hashes of each reference text, computed once."""
    return tuple(_shingles(ref.words) for ref in reference_texts())


def _passage(text: str, spans: Sequence[tuple[int, int]], lo: int, hi: int) -> str:
    """The original text of words lo..hi (exclusive), whitespace collapsed, at most 300
    characters."""
    if lo >= hi:
        return ""
    passage = " ".join(text[spans[lo][0] : spans[hi - 1][1]].split())
    return passage if len(passage) <= 300 else passage[:297] + "..."


def _window(ref: ReferenceText, shared: list[int], total: int) -> tuple[int, int]:
    """The stretch of the document (word indices) where the reference most likely lies: the
    window of 1.5 reference lengths holding most shared 5-grams, with a margin either side."""
    width = int(len(ref.words) * 1.5) + _SHINGLE
    best_lo, best_count, left = 0, 0, 0
    for right, position in enumerate(shared):
        while position - shared[left] > width:
            left += 1
        if right - left + 1 > best_count:
            best_count, best_lo = right - left + 1, shared[left]
    lo = max(0, best_lo - len(ref.words) // 4)
    return lo, min(total, best_lo + width + len(ref.words) // 4)


def _align(
    ref: ReferenceText,
    words: tuple[str, ...],
    spans: Sequence[tuple[int, int]],
    text: str,
    shared: list[int],
) -> TextMatch | None:
    """Align one candidate reference with the document; None when too little matches.

    Only the window where the reference's 5-grams cluster is aligned: a word diff against a
    whole long document is the slow part of matching.
    """
    total_words = len(words)
    lo, hi = _window(ref, shared, len(words))
    if lo > 0 or hi < len(words):
        words, spans = words[lo:hi], spans[lo:hi]
    matcher = difflib.SequenceMatcher(None, ref.words, words, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    matched = sum(b.size for b in blocks)
    coverage = matched / max(1, len(ref.words))
    if coverage < _MODIFIED:
        return None
    first, last = blocks[0], blocks[-1]
    doc_lo, doc_hi = first.b, last.b + last.size
    differences: list[Difference] = []
    seen: dict[tuple[str, str], int] = {}
    changed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        inside = doc_lo <= j1 and j2 <= doc_hi
        if tag == "insert" and (j1 >= doc_hi or j2 <= doc_lo):
            continue  # document text around the match is another text, not a change
        changed += max(i2 - i1, j2 - j1 if inside else 0)
        start = spans[j1][0] if j1 < len(spans) else len(text)
        end = spans[j2 - 1][1] if j2 > j1 else start
        difference = Difference(
            reference=_passage(ref.text, ref.spans, i1, i2),
            document=_passage(text, spans, j1, j2) if inside else "",
            start=start,
            end=end,
        )
        key = (difference.reference.casefold(), difference.document.casefold())
        if key in seen:
            index = seen[key]
            differences[index] = replace(
                differences[index], occurrences=differences[index].occurrences + 1
            )
        else:
            seen[key] = len(differences)
            differences.append(difference)
    span_words = doc_hi - doc_lo
    similarity = 2 * matched / (len(ref.words) + span_words)
    if changed <= _EXACT_TOLERANCE * len(ref.words):
        outside = total_words - span_words
        kind: MatchKind = "exact" if outside <= max(20, 0.05 * len(words)) else "contains"
    else:
        kind = "modified"
    return TextMatch(
        reference=ref,
        kind=kind,
        coverage=round(coverage, 4),
        similarity=round(similarity, 4),
        start=spans[doc_lo][0],
        end=spans[doc_hi - 1][1],
        differences=tuple(differences[:_MAX_DIFFERENCES]) if kind == "modified" else (),
        more_differences=max(0, len(differences) - _MAX_DIFFERENCES) if kind == "modified" else 0,
    )


def match_text(text: str) -> tuple[TextMatch, ...]:
    """The reference texts found in `text`, best first; texts that overlap a better match
    (another version of the same licence, say) are left out."""
    words, spans = _words(text)
    if len(words) < _SHINGLE:
        return ()
    positions: dict[int, list[int]] = {}
    for i in range(max(1, len(words) - _SHINGLE + 1)):
        positions.setdefault(hash(words[i : i + _SHINGLE]), []).append(i)
    doc = frozenset(positions)
    scored = []
    for ref, shingles in zip(reference_texts(), _reference_shingles(), strict=True):
        common = shingles & doc
        containment = len(common) / max(1, len(shingles))
        if containment >= _CANDIDATE:
            shared = sorted(p for h in common for p in positions[h])
            scored.append((containment, ref, shared))
    scored.sort(key=lambda item: -item[0])
    # Only candidates near the best are aligned: the diff is the costly step.
    best = scored[0][0] if scored else 0.0
    matches = [
        m
        for containment, ref, shared in scored[:_MAX_CANDIDATES]
        if containment >= best - 0.25
        if (m := _align(ref, words, spans, text, shared)) is not None
    ]
    rank = {"exact": 0, "contains": 0, "modified": 1}
    matches.sort(key=lambda m: (rank[m.kind], -m.similarity, -(m.end - m.start)))
    kept: list[TextMatch] = []
    for match in matches:
        overlap = max((min(match.end, k.end) - max(match.start, k.start) for k in kept), default=0)
        if overlap <= 0.5 * (match.end - match.start):
            kept.append(match)
    return tuple(sorted(kept, key=lambda m: m.start))
