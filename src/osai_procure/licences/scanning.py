"""Scan a licence document: identify the licence texts in it and flag the clauses that carry
red flags, each with its paragraph, section, page and quoted sentence.

The rules are reviewed data (`clause_rules.yaml`); every rule carries sentences it must and
must not flag, and the test suite holds it to them.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.resources
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import yaml
from pydantic import ValidationError

from osai_procure.licences.document import LicenceDocument, Paragraph
from osai_procure.licences.matching import TextMatch, match_text
from osai_procure.licences.notices import find_notices
from osai_procure.models.scan import (
    ClauseHit,
    ClauseRule,
    ClauseRuleSet,
    Identification,
    LicenceNotice,
    LicenceScan,
    ReadProblem,
    ReferenceMatch,
    TextDifference,
    TextLocation,
)

__all__ = [
    "RulesError",
    "clause_rules",
    "find_clauses",
    "identify",
    "rule_by_id",
    "rules_from_yaml",
    "scan_document",
    "sentences",
]

_QUOTE_LIMIT = 600
_MIN_WORDS = 6
_JA_HEADING = re.compile(r"^第[0-9一二三四五六七八九十百]+条(?:\([^)]*\))?$")
_CJK_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]{6}")
_FLAGS = re.IGNORECASE | re.DOTALL


class RulesError(ValueError):
    """A rules file that cannot be used; every problem, one line each."""


@dataclass(frozen=True)
class _Compiled:
    """A rule with its patterns compiled."""

    rule: ClauseRule
    all: tuple[re.Pattern[str], ...]
    any: tuple[re.Pattern[str], ...]
    none: tuple[re.Pattern[str], ...]
    unless_document: tuple[re.Pattern[str], ...]

    def matches(self, sentence: str) -> bool:
        """Whether the sentence carries the rule's flag."""
        return (
            all(p.search(sentence) for p in self.all)
            and (not self.any or any(p.search(sentence) for p in self.any))
            and not any(p.search(sentence) for p in self.none)
        )


@dataclass(frozen=True)
class _Rules:
    """The compiled rule set and its digest."""

    rules: tuple[_Compiled, ...]
    digest: str


def rules_from_yaml(text: str, *, source: str = "<rules>") -> tuple[ClauseRule, ...]:
    """Validate a rules file.

    Raises:
        RulesError: invalid YAML or invalid rules (all problems listed), or duplicate ids.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RulesError(f"{source}: invalid YAML: {error}") from error
    try:
        ruleset = ClauseRuleSet.model_validate_json(json.dumps(data))
    except ValidationError as error:
        lines = [
            f"{source}: {'.'.join(str(p) for p in item['loc'])}: {item['msg']}"
            for item in error.errors()
        ]
        raise RulesError("\n".join(lines)) from error
    ids = [rule.id for rule in ruleset.rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RulesError(f"{source}: duplicate rule id(s): {', '.join(duplicates)}")
    return ruleset.rules


def _compile(rules: Sequence[ClauseRule], text: str) -> _Rules:
    """Compile `rules`; the digest is the SHA-256 of the rules file text."""

    def patterns(items: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, _FLAGS) for p in items)

    compiled = tuple(
        _Compiled(
            r, patterns(r.all), patterns(r.any), patterns(r.none), patterns(r.unless_document)
        )
        for r in rules
    )
    return _Rules(compiled, hashlib.sha256(text.encode("utf-8")).hexdigest())


@functools.cache
def _shipped_rules() -> _Rules:
    """The shipped rules, validated and compiled once."""
    resource = importlib.resources.files("osai_procure.licences").joinpath("clause_rules.yaml")
    text = resource.read_text(encoding="utf-8")
    return _compile(rules_from_yaml(text, source="clause_rules.yaml"), text)


def clause_rules() -> tuple[ClauseRule, ...]:
    """The shipped clause rules, in file order."""
    return tuple(c.rule for c in _shipped_rules().rules)


def rule_by_id(rule_id: str) -> ClauseRule | None:
    """The shipped rule with this id, or None."""
    return next((r for r in clause_rules() if r.id == rule_id), None)


# ------------------------------------------------------------------------------ sentences

# Full stops that do not end a sentence in licence English.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|inc|ltd|co|no|sec|art|vs|u\.s|u\.k|corp|jr|sr|st)\.|\b[A-Za-z]\.)$",
    re.IGNORECASE,
)
_EN_BREAK = re.compile(r"(?<=[.!?;])\s+(?=[\"“(\[]?[A-Z0-9])")
_JA_BREAK = re.compile(r"(?<=[。！？])")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (English full stops and semicolons, Japanese 。)."""
    pieces: list[str] = []
    for part in _JA_BREAK.split(text):
        start = 0
        for match in _EN_BREAK.finditer(part):
            head = part[start : match.start()]
            if _ABBREVIATIONS.search(head):
                continue
            pieces.append(head)
            start = match.end()
        pieces.append(part[start:])
    return [p.strip() for p in pieces if p.strip()]


def _quote(sentence: str, pattern: re.Pattern[str]) -> str:
    """The sentence, or a window of it around the match when it is very long."""
    if len(sentence) <= _QUOTE_LIMIT:
        return sentence
    found = pattern.search(sentence)
    middle = found.start() if found else 0
    lo = max(0, middle - _QUOTE_LIMIT // 2)
    hi = min(len(sentence), lo + _QUOTE_LIMIT)
    return ("…" if lo else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


def _location(paragraph: Paragraph) -> TextLocation:
    """The location model of a paragraph."""
    return TextLocation(paragraph=paragraph.number, section=paragraph.section, page=paragraph.page)


def _fold(text: str) -> str:
    """NFKC, so full-width digits and letters in Japanese terms match plain patterns."""
    return unicodedata.normalize("NFKC", text)


def find_clauses(
    paragraphs: Sequence[Paragraph], rules: Sequence[ClauseRule] | None = None
) -> tuple[ClauseHit, ...]:
    """Every sentence that carries a red flag, once per (flag, sentence), the most confident
    rule winning; `rules` default to the shipped ones."""
    compiled = _shipped_rules().rules if rules is None else _compile(rules, "").rules
    folded = [[(s, _fold(s)) for s in sentences(p.text)] for p in paragraphs]
    every = [f for group in folded for _, f in group]
    active = [c for c in compiled if not any(p.search(s) for p in c.unless_document for s in every)]
    order = {"high": 0, "medium": 1, "low": 2}
    hits: list[ClauseHit] = []
    for paragraph, group in zip(paragraphs, folded, strict=True):
        taken: set[str] = set()  # one hit per flag and paragraph: its first sentence
        for original, sentence in group:
            if _JA_HEADING.match(sentence) or (
                len(sentence.split()) < _MIN_WORDS and not _CJK_TEXT.search(sentence)
            ):
                continue  # a heading such as "Governing Law." names a clause, it is not one
            best: dict[str, _Compiled] = {}
            for rule in active:
                if rule.rule.flag in taken or not rule.matches(sentence):
                    continue
                held = best.get(rule.rule.flag)
                if held is None or order[rule.rule.confidence] < order[held.rule.confidence]:
                    best[rule.rule.flag] = rule
            for rule in best.values():
                taken.add(rule.rule.flag)
                hits.append(
                    ClauseHit(
                        rule=rule.rule.id,
                        flag=rule.rule.flag,
                        confidence=rule.rule.confidence,
                        location=_location(paragraph),
                        quote=_quote(original, rule.all[0]),
                    )
                )
    return tuple(hits)


# ------------------------------------------------------------------------------ identity


def _locator(document: LicenceDocument) -> tuple[list[int], list[Paragraph]]:
    """Start offsets of each paragraph in `document.text`, for locating matches."""
    starts: list[int] = []
    offset = 0
    for paragraph in document.paragraphs:
        starts.append(offset)
        offset += len(paragraph.text) + 2
    return starts, list(document.paragraphs)


def _at(offset: int, starts: list[int], paragraphs: list[Paragraph]) -> TextLocation:
    """The location of a character offset in `document.text`."""
    index = max(0, bisect.bisect_right(starts, offset) - 1)
    return _location(paragraphs[index])


def _reference_match(match: TextMatch, starts: list[int], paras: list[Paragraph]) -> ReferenceMatch:
    """The model of one matcher result."""
    return ReferenceMatch(
        licence=match.reference.licence,
        name=match.reference.name,
        kind=match.kind,
        coverage=match.coverage,
        similarity=match.similarity,
        location=_at(match.start, starts, paras),
        source=match.reference.source,
        differences=tuple(
            TextDifference(
                reference=d.reference,
                document=d.document,
                location=_at(d.start, starts, paras),
                occurrences=d.occurrences,
            )
            for d in match.differences
        ),
        more_differences=match.more_differences,
    )


def _identify(
    document: LicenceDocument,
) -> tuple[Identification, tuple[ReferenceMatch, ...], tuple[LicenceNotice, ...]]:
    """Which reference texts the document is, contains or was derived from, and the notices
    outside them. A notice inside a matched text is that text's own words (the Apache
    appendix, the GNU "how to apply" section), not a statement about the document."""
    if not document.paragraphs:
        return "unknown", (), ()
    starts, paras = _locator(document)
    found = match_text(document.text)
    matches = tuple(_reference_match(m, starts, paras) for m in found)
    notices = tuple(
        LicenceNotice(
            licence=n.licence,
            form=n.form,
            quote=n.quote,
            location=_location(paras[n.paragraph]),
        )
        for n in find_notices(document.paragraphs)
        if not any(m.start <= starts[n.paragraph] < m.end for m in found)
    )
    if not matches:
        return ("notice" if notices else "unknown"), (), notices
    if len(matches) == 1 and matches[0].kind == "exact":
        return "exact", matches, notices
    if all(m.kind != "modified" for m in matches):
        return "contains", matches, notices
    return "modified", matches, notices


def identify(document: LicenceDocument) -> tuple[Identification, tuple[ReferenceMatch, ...]]:
    """Which reference texts the document is, contains or was derived from ("notice" when
    none is there but a notice names a known licence)."""
    identification, matches, _ = _identify(document)
    return identification, matches


def scan_document(document: LicenceDocument) -> LicenceScan:
    """Identify and flag one document read by `osai_procure.licences.document`."""
    identification, matches, notices = _identify(document)
    return LicenceScan(
        file_name=document.name,
        sha256=document.sha256,
        format=document.format,
        size=document.size,
        pages=document.pages,
        paragraphs=len(document.paragraphs),
        readable=document.readable,
        problems=tuple(ReadProblem(code=c, detail=d) for c, d in document.problems),
        identification=identification,
        matches=matches,
        notices=notices,
        clauses=find_clauses(document.paragraphs),
        rules_digest=_shipped_rules().digest,
    )
