"""Audit an assessment's history: recompute its hash chain, compare the stored row with the
state the history last recorded, check the approval's signature over the chain head, and give
the history as CSV or JSON for the auditor."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from osai_procure.models.report import SignatureEnvelope
from osai_procure.signing import verify_record
from osai_procure.signing.checks import Check
from osai_procure.signing.trust import TrustStore
from osai_procure.store import ChainCheck, HistoryEntry, Repository
from osai_procure.store.chain import HISTORY_NAMESPACE, head_payload


@dataclass(frozen=True)
class AuditResult:
    """What the audit found: the chain check and the approval signature's outcome
    (None: nothing to check, such as a draft or an approval made before chain signing)."""

    chain: ChainCheck
    signature_ok: bool | None
    signature_detail: str
    # The failed signature checks, coded (`wording.CHECK_DETAILS`), so the detail can be said
    # in Japanese as well; empty unless `signature_ok` is False.
    signature_failures: tuple[Check, ...] = ()

    @property
    def tampered(self) -> bool:
        """The stored data disagrees with its history or with the approval's signature."""
        return not self.chain.intact or self.signature_ok is False

    def lines(self) -> list[str]:
        """The findings as plain lines, one per problem."""
        lines = [
            f"assessment {self.chain.assessment_id}: status {self.chain.status}, "
            f"{self.chain.entries} history rows, chain head {self.chain.head}"
        ]
        lines += [
            f"TAMPERED: {p.detail}" + (f" (history row {p.entry_id})" if p.entry_id else "")
            for p in self.chain.problems
        ]
        if self.signature_ok is False:
            lines.append(f"TAMPERED: approval signature: {self.signature_detail}")
        elif self.signature_ok:
            lines.append(f"approval signature over the chain head: {self.signature_detail}")
        return lines


def audit_assessment(
    repo: Repository,
    assessment_id: str,
    public_key: Ed25519PublicKey | None = None,
    trust: TrustStore | None = None,
) -> AuditResult:
    """Audit one assessment revision; the approval's signer must be in `trust` (the agency's
    trust store with the installation's key) or be `public_key`.

    Raises:
        NotFoundError: no such assessment.
    """
    chain = repo.check_chain(assessment_id)
    signed = (chain.signature or {}).get("chain")
    if chain.status != "approved" or not isinstance(signed, dict):
        return AuditResult(chain, None, "no signed chain head")
    head = str(signed.get("head", ""))
    try:
        envelope = SignatureEnvelope.model_validate(signed.get("envelope"))
    except ValueError:
        return _signature_failed(
            chain, "the stored signature envelope is malformed", "chain_envelope_malformed"
        )
    checks = verify_record(
        head_payload(assessment_id, head),
        envelope,
        trust=trust,
        public_key=public_key,
        namespace=HISTORY_NAMESPACE,
    )
    failed = tuple(c for c in checks if c.status == "fail")
    if failed:
        return AuditResult(chain, False, "; ".join(c.detail for c in failed), failed)
    if head not in chain.hashes:
        return _signature_failed(
            chain, "the signed chain head is not in the history any more", "chain_head_missing"
        )
    return AuditResult(chain, True, f"valid, key {envelope.key_fingerprint}")


def _signature_failed(chain: ChainCheck, detail: str, code: str) -> AuditResult:
    """The approval's signature cannot be checked against the history, for one coded reason."""
    check = Check("approval_signature", "fail", detail, code=code)
    return AuditResult(chain, False, detail, (check,))


# -- the history as a table (the audit view's CSV and JSON) -------------------------------------

HISTORY_COLUMNS = (
    "id",
    "at",
    "actor",
    "action",
    "question_id",
    "version",
    "old",
    "new",
    "prev_hash",
    "hash",
)
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def history_rows(entries: Sequence[HistoryEntry]) -> list[dict[str, Any]]:
    """The history, oldest first, one row per change with the values before and after side by
    side (as JSON text) and the chain hashes."""
    rows = []
    for entry in entries:
        row: dict[str, Any] = {
            "id": entry.id,
            "at": entry.at.isoformat(),
            "actor": entry.actor,
            "action": entry.action,
            "question_id": entry.question_id or "",
            "version": entry.version,
            "old": entry.old,
            "new": entry.new,
            "prev_hash": entry.prev_hash or "",
            "hash": entry.hash or "",
        }
        rows.append(row)
    return rows


def _cell(value: Any) -> str:
    """A CSV cell: JSON for structured values; text that a spreadsheet would run is quoted."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(_FORMULA_START) else text


def history_csv(entries: Sequence[HistoryEntry]) -> bytes:
    """The history as CSV (UTF-8 with a byte-order mark, so Excel reads Japanese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HISTORY_COLUMNS)
    for row in history_rows(entries):
        writer.writerow([_cell(row[c]) for c in HISTORY_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def history_json(assessment_id: str, entries: Sequence[HistoryEntry], result: AuditResult) -> bytes:
    """The history and the audit's outcome as one JSON document."""
    data = {
        "assessment": assessment_id,
        "tampered": result.tampered,
        "chain_head": result.chain.head,
        "problems": [
            {"code": p.code, "history_row": p.entry_id, "detail": p.detail}
            for p in result.chain.problems
        ],
        "approval_signature": result.signature_ok,
        "history": history_rows(entries),
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
