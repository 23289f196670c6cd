"""One verification check: what was checked, the outcome, the reason; shared by every verifier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CheckStatus = Literal["pass", "fail", "warn", "skip"]
Problem = Literal[
    "unreadable",
    "tampered",
    "not_signed",
    "wrong_key",
    "wrong_purpose",
    "unknown_policy_version",
    "content_changed",
    "verdict_not_reproduced",
    "unknown_signer",
    "rules_changed",
]


@dataclass(frozen=True)
class Place:
    """Where a signed file differs from what was signed: a sheet's row (and column, by its
    header), with the value as signed."""

    sheet: str
    row: int
    column: str | None = None
    signed: str | None = None


PageChangeKind = Literal[
    "text",
    "annotation_added",
    "annotation_removed",
    "drawing",
    "text_reread",
    "page_added",
    "page_removed",
]
LocationBasis = Literal["signed_revision", "signed_pages", "none"]


@dataclass(frozen=True)
class PageChange:
    """How one page of a PDF differs from the page as signed: its text (with the signed and the
    present wording around the change), an annotation added or removed (its kind and text),
    only its drawing (an image or a stamp, the text as signed), its text compared with spaces
    and line breaks set aside (read by another extractor version), or a page added or removed."""

    page: int
    kind: PageChangeKind
    signed: str | None = None
    now: str | None = None
    annotation: str | None = None


@dataclass(frozen=True)
class PageLocation:
    """Where a changed PDF differs from what was signed, page by page. `basis` says what it was
    compared with: the signed revision still inside the file (an update appended after
    signing), the page texts signed with the record, or nothing (the change cannot be placed).
    No changes on a basis means every page reads as signed: the change is elsewhere."""

    basis: LocationBasis
    changes: tuple[PageChange, ...] = ()
    signed_page_count: int | None = None


@dataclass(frozen=True)
class Check:
    """One verification check: what was checked, the outcome, and the precise reason."""

    name: str
    status: CheckStatus
    detail: str
    problem: Problem | None = None
    place: Place | None = None
    pages: PageLocation | None = None
    # The detail as a code of `wording.CHECK_DETAILS` and its parameters (numbers, digests and
    # names as they are), so a Japanese reader gets it in Japanese; `detail` is the English.
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()


def params_of(**params: object) -> tuple[tuple[str, str], ...]:
    """Parameters of a detail's code, as text."""
    return tuple((name, str(value)) for name, value in params.items())


def passed(name: str, detail: str, code: str = "", **params: object) -> Check:
    """A passed check."""
    return Check(name, "pass", detail, code=code, params=params_of(**params))


def failed(name: str, problem: Problem, detail: str, code: str = "", **params: object) -> Check:
    """A failed check."""
    return Check(name, "fail", detail, problem, code=code, params=params_of(**params))
