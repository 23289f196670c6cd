"""Scan models: the clause rules (reviewed YAML data) and what a scan of a licence text finds.

A scan result is data: codes, quotes and locations. Sentences for people are produced when it
is rendered (the rule's `why`, the read problem's explanation).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from osai_procure.models.base import I18n, Strict
from osai_procure.models.licence import FlagId

Confidence = Literal["high", "medium", "low"]
CONFIDENCES: tuple[Confidence, ...] = ("high", "medium", "low")
ScanLanguage = Literal["en", "ja"]
# "notice": no licence text was found, but a notice names a known licence (a header, an
# SPDX-License-Identifier line, a model card's `license:`); the terms themselves were not read.
Identification = Literal["exact", "contains", "modified", "notice", "unknown"]
NoticeForm = Literal["spdx_identifier", "header", "statement", "field"]
ReadProblemCode = Literal[
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


def _compile_all(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Check that every pattern is a valid regular expression."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"invalid regular expression {pattern!r}: {error}") from error
    return patterns


class RuleExamples(Strict):
    """Sentences a rule must flag and sentences it must leave alone (tested for every rule)."""

    hit: tuple[str, ...] = Field(min_length=1)
    miss: tuple[str, ...] = Field(min_length=1)


class ClauseRule(Strict):
    """One explainable rule: a sentence carries `flag` when every `all` pattern, at least one
    `any` pattern (if given) and no `none` pattern matches it; `unless_document` patterns
    matching anywhere in the document silence the rule."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    flag: FlagId
    lang: ScanLanguage
    confidence: Confidence
    all: tuple[str, ...] = Field(min_length=1)
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    unless_document: tuple[str, ...] = ()
    why: I18n
    examples: RuleExamples

    _check = field_validator("all", "any", "none", "unless_document")(_compile_all)


class ClauseRuleSet(Strict):
    """The rules file: `schema_version` and the rules."""

    schema_version: Literal[1]
    rules: tuple[ClauseRule, ...] = Field(min_length=1)


class TextLocation(Strict):
    """Where a passage is: its paragraph (1-based over the document), section and PDF page."""

    paragraph: int
    section: str | None = None
    page: int | None = None


class ClauseHit(Strict):
    """A sentence that carries a red flag, the rule that found it, and how sure the rule is."""

    rule: str
    flag: FlagId
    confidence: Confidence
    location: TextLocation
    quote: str


class TextDifference(Strict):
    """A passage where the document departs from the reference text."""

    reference: str
    document: str
    location: TextLocation
    occurrences: int = 1


class ReferenceMatch(Strict):
    """A known licence text found in the document."""

    licence: str
    name: str
    kind: Literal["exact", "contains", "modified"]
    coverage: float
    similarity: float
    location: TextLocation
    source: str
    differences: tuple[TextDifference, ...] = ()
    more_differences: int = 0


class LicenceNotice(Strict):
    """A passage that names a known licence without containing its terms: a match of kind
    `notice`. `licence` is the normalised SPDX expression or catalogue id it names."""

    kind: Literal["notice"] = "notice"
    licence: str = Field(max_length=300)
    form: NoticeForm
    quote: str = Field(max_length=600)
    location: TextLocation


class ReadProblem(Strict):
    """Why all or part of the document could not be read; `detail` is a number or page list."""

    code: ReadProblemCode
    detail: str = ""


class LicenceScan(Strict):
    """What scanning one licence document found: identity, flagged clauses, reading problems.

    `readable` false means no conclusion about the terms at all: an empty `clauses` then
    says nothing.
    """

    file_name: str
    sha256: str
    format: Literal["text", "markdown", "html", "pdf"]
    size: int
    pages: int | None = None
    paragraphs: int
    readable: bool
    problems: tuple[ReadProblem, ...] = ()
    identification: Identification
    matches: tuple[ReferenceMatch, ...] = ()
    notices: tuple[LicenceNotice, ...] = ()
    clauses: tuple[ClauseHit, ...] = ()
    rules_digest: str


ClauseDecision = Literal["unreviewed", "confirmed", "dismissed"]


class ReviewedClause(Strict):
    """A flagged clause of a scanned licence and the officer's decision on it; a dismissal
    carries its reason."""

    flag: FlagId
    rule: str
    confidence: Confidence
    location: TextLocation
    quote: str = Field(max_length=2000)
    decision: ClauseDecision = "unreviewed"
    reason: str | None = Field(default=None, max_length=2000)

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, value: str | None) -> str | None:
        """Treat a blank reason as none."""
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _dismissal_has_reason(self) -> ReviewedClause:
        """Refuse a dismissal without a reason: it must be explained to an auditor."""
        if self.decision == "dismissed" and not self.reason:
            raise ValueError("a dismissed clause needs a reason")
        return self


class ScanEvidence(Strict):
    """A scanned licence document as a component's licence facts: `source: scanned text`,
    the document's SHA-256, what it was identified as, and each flagged clause with its review.
    """

    source: Literal["scanned text"] = "scanned text"
    file_name: str = Field(max_length=300)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    readable: bool
    identification: Identification
    identified: tuple[str, ...] = Field(
        default=(), description="licence ids the text exactly is or contains"
    )
    modified_from: tuple[str, ...] = Field(
        default=(), description="licence ids the text was modified from"
    )
    notices: tuple[LicenceNotice, ...] = Field(
        default=(), max_length=50, description="notices naming a licence outside its full text"
    )
    rules_digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    problems: tuple[ReadProblem, ...] = Field(default=(), max_length=20)
    clauses: tuple[ReviewedClause, ...] = Field(default=(), max_length=500)
