"""The history's hash chain: what makes a change behind the application's back visible.

Each history row carries the hash of the row before it (per assessment), its own hash over its
content, and the digest of the assessment's stored state after the change. Recomputing the chain
finds an edited, removed or inserted history row; comparing the last state digest with the row
finds an assessment changed in the database file (a status flipped back to draft, an answer
rewritten). An approval signs the chain head, so a rewritten chain no longer matches the
signature. Pure functions over plain data: no database, no clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
# The assessment columns a state digest covers: everything but navigation and bookkeeping.
STATE_COLUMNS = (
    "id",
    "root_id",
    "parent_id",
    "revision",
    "title",
    "policy_id",
    "policy_version",
    "policy_digest",
    "status",
    "version_id",
    "info",
    "answers",
    "signoffs",
    "signature",
)
HISTORY_NAMESPACE = "osai-procure/history-chain"


def _canonical(data: Any) -> bytes:
    """Deterministic JSON bytes (sorted keys, no spaces, UTF-8)."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def _moment(at: datetime) -> str:
    """A time as the chain sees it: UTC, microseconds, ISO 8601."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def state_digest(state: Mapping[str, Any]) -> str:
    """SHA-256 of an assessment's stored state (the `STATE_COLUMNS` of its row)."""
    return hashlib.sha256(_canonical({c: state.get(c) for c in STATE_COLUMNS})).hexdigest()


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """SHA-256 of one history row: the previous row's hash and everything the row says."""
    body = {
        "prev_hash": prev_hash,
        "assessment_id": entry["assessment_id"],
        "version": entry["version"],
        "at": _moment(entry["at"]),
        "actor": entry["actor"],
        "action": entry["action"],
        "question_id": entry["question_id"],
        "old": entry["old"],
        "new": entry["new"],
        "state": entry["state"],
    }
    return hashlib.sha256(_canonical(body)).hexdigest()


def head_payload(assessment_id: str, head: str) -> bytes:
    """The bytes an approval signs: the assessment and its chain head."""
    return _canonical({"assessment_id": assessment_id, "chain_head": head})


@dataclass(frozen=True)
class ChainProblem:
    """One place where the stored data disagrees with its chain."""

    entry_id: int | None
    code: str
    detail: str


def check_chain(
    entries: Sequence[Mapping[str, Any]], state: Mapping[str, Any]
) -> tuple[str, list[ChainProblem]]:
    """Recompute an assessment's chain over its history rows (oldest first) and compare the
    last state digest with the assessment's row; return the head and every problem found.

    Rows written before the chain existed (no hash) are accepted only before the first
    chained row."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    chained = False
    last_state: str | None = None
    for entry in entries:
        stored = entry.get("hash")
        if stored is None:
            if chained:
                problems.append(
                    ChainProblem(entry["id"], "unchained", "a history row without a hash")
                )
            continue
        if not chained:
            chained = True
            # The first chained row follows the pre-chain rows; its own link is what it says.
            prev = entry.get("prev_hash") or GENESIS
        if entry.get("prev_hash") != prev:
            problems.append(
                ChainProblem(
                    entry["id"],
                    "broken_link",
                    "the previous row's hash does not match: a row was removed or inserted",
                )
            )
        expected = entry_hash(str(entry.get("prev_hash")), entry)
        if expected != stored:
            problems.append(
                ChainProblem(
                    entry["id"], "altered_entry", "the row's content does not match its hash"
                )
            )
        prev = str(stored)
        last_state = entry.get("state")
    if chained and last_state != state_digest(state):
        problems.append(
            ChainProblem(
                None,
                "altered_state",
                "the assessment as stored differs from the state its history last recorded "
                f"(status now {state.get('status')!r}, version {state.get('version_id')})",
            )
        )
    return prev, problems
