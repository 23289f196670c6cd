"""Audit an assessment's history: recompute its hash chain, compare the stored row with the
state the history last recorded, and check the approval's signature over the chain head."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from osai_procure.models.report import SignatureEnvelope
from osai_procure.signing import verify_record
from osai_procure.store import ChainCheck, Repository
from osai_procure.store.chain import HISTORY_NAMESPACE, head_payload


@dataclass(frozen=True)
class AuditResult:
    """What the audit found: the chain check and the approval signature's outcome
    (None: nothing to check, such as a draft or an approval made before chain signing)."""

    chain: ChainCheck
    signature_ok: bool | None
    signature_detail: str

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
    repo: Repository, assessment_id: str, public_key: Ed25519PublicKey | None = None
) -> AuditResult:
    """Audit one assessment revision.

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
        return AuditResult(chain, False, "the stored signature envelope is malformed")
    checks = verify_record(
        head_payload(assessment_id, head),
        envelope,
        public_key=public_key,
        namespace=HISTORY_NAMESPACE,
    )
    failed = [c for c in checks if c.status == "fail"]
    if failed:
        return AuditResult(chain, False, "; ".join(c.detail for c in failed))
    if head not in chain.hashes:
        return AuditResult(chain, False, "the signed chain head is not in the history any more")
    return AuditResult(chain, True, f"valid, key {envelope.key_fingerprint}")
