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


@dataclass(frozen=True)
class Check:
    """One verification check: what was checked, the outcome, and the precise reason."""

    name: str
    status: CheckStatus
    detail: str
    problem: Problem | None = None
    place: Place | None = None


def passed(name: str, detail: str) -> Check:
    """A passed check."""
    return Check(name, "pass", detail)


def failed(name: str, problem: Problem, detail: str) -> Check:
    """A failed check."""
    return Check(name, "fail", detail, problem)
