"""Verification of signed reports: the record signature, the container, and re-performance.

`verify_report` checks the signature, the digest, and re-evaluates the recorded answers with
the recorded policy (found by id, version and digest), reporting each check with its reason.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from osai_procure.engine import evaluate
from osai_procure.errors import ContentError
from osai_procure.licences import spdx_list_version
from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy
from osai_procure.models.report import (
    DigestRef,
    Record,
    Seal,
    SignatureEnvelope,
)
from osai_procure.render.record import (
    RecordDocument,
    RecordError,
    canonical,
    read_record_document,
    sha256_hex,
)
from osai_procure.reperform import decisive, differences
from osai_procure.report import answers_of
from osai_procure.signing.checks import Check, failed, passed
from osai_procure.signing.keys import SigningError, fingerprint
from osai_procure.signing.sign import NAMESPACE, signed_bytes
from osai_procure.signing.verify_pdf import pdf_checks
from osai_procure.signing.verify_xlsx import read_workbook, workbook_content

FileKind = Literal["pdf", "xlsx", "json"]


def verify_record(
    payload: bytes,
    envelope: SignatureEnvelope | None,
    *,
    public_key: Ed25519PublicKey | None = None,
    namespace: str = NAMESPACE,
) -> tuple[Check, ...]:
    """Check the digest, the signature, its purpose and (when given) the signer's key."""
    digest = sha256_hex(payload)
    if envelope is None:
        return (
            passed("record_digest", f"record SHA-256 {digest} (not signed, nothing to compare)"),
            failed("record_signature", "not_signed", "the record is not signed"),
        )
    checks = []
    if digest != envelope.payload_sha256:
        checks.append(
            failed(
                "record_digest",
                "tampered",
                f"tampered: the record's SHA-256 is {digest}, but the signed digest "
                f"is {envelope.payload_sha256}",
            )
        )
    else:
        checks.append(passed("record_digest", f"record SHA-256 {digest} matches the signed digest"))
    if envelope.namespace != namespace:
        checks.append(
            failed(
                "record_signature",
                "wrong_purpose",
                f"the signature was made for {envelope.namespace!r}, not for {namespace!r}",
            )
        )
        return tuple(checks)
    try:
        embedded = Ed25519PublicKey.from_public_bytes(base64.b64decode(envelope.public_key))
        signature = base64.b64decode(envelope.signature, validate=True)
    except ValueError:
        checks.append(
            failed(
                "record_signature",
                "tampered",
                "tampered: the envelope's public key or signature is not valid base64",
            )
        )
        return tuple(checks)
    if fingerprint(embedded) != envelope.key_fingerprint:
        checks.append(
            failed(
                "record_signature",
                "tampered",
                "tampered: the envelope's public key does not match its fingerprint",
            )
        )
        return tuple(checks)
    key = public_key or embedded
    try:
        key.verify(signature, signed_bytes(envelope.model_dump(mode="json")))
    except InvalidSignature:
        if public_key is not None and fingerprint(public_key) != envelope.key_fingerprint:
            checks.append(
                failed(
                    "record_signature",
                    "wrong_key",
                    f"wrong key: signed by {envelope.key_fingerprint}, "
                    f"expected {fingerprint(public_key)}",
                )
            )
        else:
            checks.append(
                failed(
                    "record_signature",
                    "tampered",
                    "tampered: the Ed25519 signature does not match the envelope",
                )
            )
        return tuple(checks)
    checks.append(
        passed(
            "record_signature",
            f"Ed25519 signature valid for {envelope.namespace} by {envelope.key_fingerprint}",
        )
    )
    if public_key is None:
        checks.append(
            Check(
                "signer_key",
                "warn",
                f"signed by {envelope.key_fingerprint}; pass --public-key to check "
                "that this is the approver's key",
            )
        )
    else:
        checks.append(
            passed("signer_key", f"signed by the expected key {envelope.key_fingerprint}")
        )
    return tuple(checks)


@dataclass(frozen=True)
class VerificationResult:
    """Every check made on a report file, and the record it carries (when readable)."""

    kind: FileKind | None
    checks: tuple[Check, ...]
    record: Record | None = None
    envelope: SignatureEnvelope | None = None

    @property
    def ok(self) -> bool:
        """True only when no check failed and the record signature was checked."""
        names = {c.name for c in self.checks if c.status == "pass"}
        return "record_signature" in names and not any(c.status == "fail" for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        """The failed checks."""
        return tuple(c for c in self.checks if c.status == "fail")

    @property
    def reason(self) -> str:
        """The first failure's reason, or 'verified'."""
        failures = self.failures
        return failures[0].detail if failures else "verified"


def _kind(data: bytes) -> FileKind | None:
    """Recognise a file by its first bytes."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.lstrip()[:1] == b"{":
        return "json"
    return None


def find_policy(library: ContentLibrary, ref: DigestRef) -> tuple[PolicyBundle | None, str]:
    """The library's policy with this id, version and digest, or None and why not."""
    seen = []
    for path in library.find_all("policy", ref.id):
        try:
            bundle = load_policy(path, library)
        except ContentError as exc:
            seen.append(f"{path} (does not load: {exc.problems[0]})")
            continue
        policy = bundle.policy
        if (policy.id, policy.version, policy.digest) == (ref.id, ref.version, ref.digest):
            return bundle, f"{policy.id} {policy.version} from {path}"
        seen.append(f"{path}: version {policy.version}, SHA-256 {policy.digest}")
    where = ", ".join(str(d) for d in library.policy_dirs)
    found = "; found " + "; ".join(seen) if seen else f"; no policy with that id in {where}"
    return None, (
        f"unknown policy version: the record needs {ref.id} version {ref.version} "
        f"(SHA-256 {ref.digest}){found}. Pass --policies DIR with that policy"
    )


def _reperform(
    record: Record, library: ContentLibrary, installed_spdx: str
) -> tuple[list[Check], PolicyBundle | None]:
    """Find the recorded policy and questionnaires, re-evaluate, compare the verdicts."""
    bundle, detail = find_policy(library, record.policy)
    if bundle is None:
        return [failed("policy", "unknown_policy_version", detail)], None
    checks = [passed("policy", f"policy found by id, version and SHA-256: {detail}")]
    recorded = {(q.id, q.version, q.digest) for q in record.questionnaires}
    current = {(q.id, q.version, bundle.questionnaire_digests[q.id]) for q in bundle.questionnaires}
    if recorded != current:
        changed = sorted({q[0] for q in recorded ^ current})
        checks.append(
            failed(
                "questionnaires",
                "content_changed",
                f"the questionnaires differ from those recorded: {', '.join(changed)} "
                "(id, version or SHA-256)",
            )
        )
        return checks, None
    checks.append(
        passed(
            "questionnaires",
            "questionnaire digests match: " + ", ".join(sorted(q[0] for q in current)),
        )
    )
    try:
        fresh = evaluate(bundle, answers_of(record))
    except Exception as exc:  # report, never crash, on recorded data
        return [
            *checks,
            failed(
                "verdicts",
                "verdict_not_reproduced",
                f"verdict not reproduced: re-evaluation failed ({exc})",
            ),
        ], bundle
    if canonical(decisive(fresh)) == canonical(decisive(record.evaluation)):
        checks.append(
            passed(
                "verdicts",
                f"re-evaluated: OSAID {fresh.osaid.verdict}, policy "
                f"{fresh.policy.verdict}, label {fresh.openness_label.id}, "
                f"MOF {fresh.mof_class.mof_class} — identical to the record",
            )
        )
        return checks, bundle
    note = ""
    if record.spdx_list_version != installed_spdx:
        note = (
            f" (recorded with SPDX list {record.spdx_list_version}, "
            f"re-evaluated with {installed_spdx})"
        )
    checks.append(
        failed(
            "verdicts",
            "verdict_not_reproduced",
            "verdict not reproduced: " + "; ".join(differences(record.evaluation, fresh)) + note,
        )
    )
    return checks, bundle


def verify_report(
    source: Path | bytes,
    public_key: Ed25519PublicKey | None = None,
    *,
    library: ContentLibrary,
) -> VerificationResult:
    """Verify a signed PDF, workbook or JSON record and re-perform its verdicts.

    Raises:
        SigningError: the file cannot be opened.
    """
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise SigningError(f"cannot read {source}: {exc.strerror}") from None
    else:
        data = source
    kind = _kind(data)
    if kind is None:
        return VerificationResult(
            None, (failed("format", "unreadable", "not a PDF, an .xlsx workbook or a JSON record"),)
        )
    checks: list[Check] = []
    document: bytes | None
    workbook: Any = None
    pdf_cert: str | None = None
    if kind == "pdf":
        document, pdf_cert, found = pdf_checks(data)
        checks += found
    elif kind == "xlsx":
        document, workbook, found = read_workbook(data)
        checks += found
    else:
        document = data
    if document is None:
        return VerificationResult(kind, tuple(checks))
    try:
        parsed: RecordDocument = read_record_document(document)
    except RecordError as exc:
        checks.append(failed("record", "tampered", f"tampered: {exc}"))
        return VerificationResult(kind, tuple(checks))
    record, envelope = parsed.record, parsed.envelope
    checks += verify_record(parsed.payload, envelope, public_key=public_key)
    if kind == "pdf" and envelope is not None and pdf_cert is not None:
        if envelope.pdf_certificate_sha256 == pdf_cert:
            checks.append(
                passed(
                    "pdf_certificate",
                    "the PDF was signed with the certificate named in the record signature",
                )
            )
        else:
            checks.append(
                failed(
                    "pdf_certificate",
                    "wrong_key",
                    f"wrong key: the PDF was signed with certificate {pdf_cert}, "
                    f"but the record signature names "
                    f"{envelope.pdf_certificate_sha256}",
                )
            )
    reperformed, bundle = _reperform(record, library, spdx_list_version())
    checks += reperformed
    if workbook is not None and bundle is not None:
        seal = Seal(record_sha256=sha256_hex(parsed.payload), envelope=envelope)
        checks.append(workbook_content(workbook, data, record, seal, bundle, document))
    return VerificationResult(kind, tuple(checks), record, envelope)
