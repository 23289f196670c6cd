"""Verification of signed reports: the record signature, the container, and re-performance.

`verify_report` checks the signature, the digest and the container, says who signed, and has
`signing.reperform` re-evaluate the recorded answers with the recorded policy, reporting each
check with its reason.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from osai_procure.licences import spdx_list_version
from osai_procure.loading import ContentLibrary
from osai_procure.models.base import I18n
from osai_procure.models.report import (
    Record,
    Seal,
    SignatureEnvelope,
)
from osai_procure.render.record import (
    RecordDocument,
    RecordError,
    read_record_document,
    sha256_hex,
)
from osai_procure.signing.checks import Check, failed, params_of, passed
from osai_procure.signing.keys import SigningError, fingerprint
from osai_procure.signing.pages import describe_location, locate_change
from osai_procure.signing.reperform import Reperformance, policy_title, reperform
from osai_procure.signing.sign import NAMESPACE, signed_bytes
from osai_procure.signing.trust import Signer, TrustStore
from osai_procure.signing.verify_pdf import PdfSeen, pdf_checks
from osai_procure.signing.verify_xlsx import read_workbook, workbook_content

FileKind = Literal["pdf", "xlsx", "json"]
# A signed report is a few hundred kilobytes; anything far larger is refused before parsing.
MAX_REPORT_BYTES = 32 * 1024 * 1024


def _too_large(size: int) -> Check:
    """The check that refuses a file too large to be a report."""
    return failed(
        "format",
        "unreadable",
        f"the file is {size:,} bytes; a report is at most {MAX_REPORT_BYTES:,} bytes",
        "too_large",
        size=f"{size:,}",
        limit=f"{MAX_REPORT_BYTES:,}",
    )


def verify_record(
    payload: bytes,
    envelope: SignatureEnvelope | None,
    *,
    trust: TrustStore | None = None,
    public_key: Ed25519PublicKey | None = None,
    namespace: str = NAMESPACE,
) -> tuple[Check, ...]:
    """Check the digest, the signature, its purpose, and whether the signer is trusted: by the
    trust store, or because the auditor gave this key (`public_key`) for this verification."""
    digest = sha256_hex(payload)
    if envelope is None:
        return (
            passed(
                "record_digest",
                f"record SHA-256 {digest} (not signed, nothing to compare)",
                "digest_unsigned",
                digest=digest,
            ),
            failed("record_signature", "not_signed", "the record is not signed", "not_signed"),
        )
    checks = []
    if digest != envelope.payload_sha256:
        checks.append(
            failed(
                "record_digest",
                "tampered",
                f"tampered: the record's SHA-256 is {digest}, but the signed digest "
                f"is {envelope.payload_sha256}",
                "digest_differs",
                digest=digest,
                signed=envelope.payload_sha256,
            )
        )
    else:
        checks.append(
            passed(
                "record_digest",
                f"record SHA-256 {digest} matches the signed digest",
                "digest_matches",
                digest=digest,
            )
        )
    if envelope.namespace != namespace:
        checks.append(
            failed(
                "record_signature",
                "wrong_purpose",
                f"the signature was made for {envelope.namespace!r}, not for {namespace!r}",
                "wrong_purpose",
                found=envelope.namespace,
                expected=namespace,
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
                "envelope_not_base64",
            )
        )
        return tuple(checks)
    if fingerprint(embedded) != envelope.key_fingerprint:
        checks.append(
            failed(
                "record_signature",
                "tampered",
                "tampered: the envelope's public key does not match its fingerprint",
                "envelope_fingerprint",
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
                    "wrong_key",
                    found=envelope.key_fingerprint,
                    expected=fingerprint(public_key),
                )
            )
        else:
            checks.append(
                failed(
                    "record_signature",
                    "tampered",
                    "tampered: the Ed25519 signature does not match the envelope",
                    "signature_invalid",
                )
            )
        return tuple(checks)
    checks.append(
        passed(
            "record_signature",
            f"Ed25519 signature valid for {envelope.namespace} by {envelope.key_fingerprint}",
            "signature_valid",
            found=envelope.namespace,
            fingerprint=envelope.key_fingerprint,
        )
    )
    trust = trust if trust is not None else TrustStore()
    if public_key is not None:
        trust = trust.with_key(public_key)
    signer = trust.signer(envelope.key_fingerprint)
    if signer is None:
        checks.append(
            failed(
                "signer_key",
                "unknown_signer",
                f"unknown signer: signed by {envelope.key_fingerprint}, a key that is not in "
                f"the trust store ({trust.source}); the signature proves the record is "
                "unchanged, not who signed it. Ask the agency for its public key and give it "
                "with --public-key, or have the administrator add it to the trust store",
                "unknown_signer",
                fingerprint=envelope.key_fingerprint,
                source=trust.source,
            )
        )
    else:
        code = f"signer.{signer.source}" + (".retired" if signer.retired else "")
        who = ", ".join(x for x in (signer.name, signer.organisation) if x)
        checks.append(
            passed(
                "signer_key",
                describe_signer(signer),
                code,
                who=who,
                fingerprint=signer.fingerprint,
                retired=signer.retired or "",
            )
        )
    return tuple(checks)


def describe_signer(signer: Signer) -> str:
    """Who a trusted signer is, in one line."""
    source = {
        "trust_store": "a trusted key",
        "installation": "this installation's own key",
        "auditor": "the key given for this verification",
    }[signer.source]
    who = ", ".join(x for x in (signer.name, signer.organisation) if x)
    if signer.source == "trust_store":
        text = f"signed by {source} of {who} ({signer.fingerprint})"
    else:
        text = f"signed by {source} ({signer.fingerprint})" + (
            f", {signer.organisation}" if signer.organisation else ""
        )
    return text + (f"; the key was retired on {signer.retired}" if signer.retired else "")


# How serious a failure is, for which one a verification leads with (lower first).
_SERIOUS = {"tampered": 0, "unknown_signer": 2}


@dataclass(frozen=True)
class VerificationResult:
    """Every check made on a report file, and the record it carries (when readable)."""

    kind: FileKind | None
    checks: tuple[Check, ...]
    record: Record | None = None
    envelope: SignatureEnvelope | None = None
    signer: Signer | None = None
    reperformance: Reperformance | None = None
    # The recorded policy's title as this installation's content library gives it (the
    # recorded version's, else another version's of the same id); None when the id is
    # unknown here. The record carries the id only.
    policy_title: I18n | None = None

    def status_of(self, name: str) -> str | None:
        """The status of a named check, or None when it was not made."""
        return next((c.status for c in self.checks if c.name == name), None)

    @property
    def unchanged(self) -> bool:
        """The first question: is the file exactly as signed (signature, digest, container)?"""
        broken = {"tampered", "not_signed", "wrong_purpose", "unreadable"}
        return self.status_of("record_signature") == "pass" and not any(
            c.problem in broken for c in self.failures
        )

    @property
    def reperformed(self) -> bool | None:
        """The third question: does the verdict re-perform? None when it could not be tried."""
        status = self.status_of("verdicts")
        return None if status is None else status == "pass"

    @property
    def ok(self) -> bool:
        """True only when no check failed and the record signature was checked."""
        names = {c.name for c in self.checks if c.status == "pass"}
        return "record_signature" in names and not any(c.status == "fail" for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        """The failed checks, the most serious first: a changed file before an unknown signer
        (a forged and altered report must lead with the alteration), others in check order."""
        failed = [c for c in self.checks if c.status == "fail"]
        return tuple(sorted(failed, key=lambda c: _SERIOUS.get(c.problem or "", 1)))

    @property
    def reason(self) -> str:
        """The most serious failure's reason, or 'verified'."""
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


def verify_report(
    source: Path | bytes,
    public_key: Ed25519PublicKey | None = None,
    *,
    library: ContentLibrary,
    trust: TrustStore | None = None,
) -> VerificationResult:
    """Verify a signed PDF, workbook or JSON record, say who signed it (a signer `trust`
    knows, the auditor's `public_key`, or an unknown key) and re-perform its verdicts. Without
    a trust store only `public_key` is trusted: an unknown signer fails, never passes.

    Raises:
        SigningError: the file cannot be opened.
    """
    trust = trust if trust is not None else TrustStore()
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
            if size > MAX_REPORT_BYTES:
                return VerificationResult(None, (_too_large(size),))
            data = source.read_bytes()
        except OSError as exc:
            raise SigningError(f"cannot read {source}: {exc.strerror}") from None
    else:
        data = source
    if len(data) > MAX_REPORT_BYTES:
        return VerificationResult(None, (_too_large(len(data)),))
    kind = _kind(data)
    if kind is None:
        return VerificationResult(
            None,
            (
                failed(
                    "format",
                    "unreadable",
                    "not a PDF, an .xlsx workbook or a JSON record",
                    "not_a_report",
                ),
            ),
        )
    checks: list[Check] = []
    document: bytes | None
    workbook: Any = None
    pdf = None
    if kind == "pdf":
        pdf = pdf_checks(data, trust.anchors)
        document = pdf.document
        checks += pdf.checks
    elif kind == "xlsx":
        document, workbook, found = read_workbook(data)
        checks += found
    else:
        document = data
    if document is None:
        return VerificationResult(kind, tuple(_located(checks, data, pdf)))
    try:
        parsed: RecordDocument = read_record_document(document)
    except RecordError as exc:
        checks.append(failed("record", "tampered", f"tampered: {exc}", "record_unreadable"))
        return VerificationResult(kind, tuple(_located(checks, data, pdf)))
    record, envelope = parsed.record, parsed.envelope
    found_checks = verify_record(parsed.payload, envelope, trust=trust, public_key=public_key)
    checks = _located(checks, data, pdf, envelope, sha256_hex(parsed.payload))
    checks += found_checks
    signer = None
    if envelope is not None and any(
        c.name == "signer_key" and c.status == "pass" for c in found_checks
    ):
        known = trust.with_key(public_key) if public_key is not None else trust
        signer = known.signer(envelope.key_fingerprint)
    pdf_cert = pdf.cert_sha256 if pdf is not None else None
    if pdf is not None and envelope is not None and pdf_cert is not None:
        bound = envelope.pdf_certificate_sha256 == pdf_cert
        if bound:
            checks.append(
                passed(
                    "pdf_certificate",
                    "the PDF was signed with the certificate named in the record signature",
                    "certificate_matches",
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
                    "certificate_differs",
                    found=pdf_cert,
                    expected=envelope.pdf_certificate_sha256,
                )
            )
        checks.append(_pdf_signer(pdf.cert_subject, pdf.anchored, bound, signer, trust))
    reperformed, bundle, reperformance = reperform(record, library, spdx_list_version())
    checks += reperformed
    if workbook is not None and bundle is not None:
        seal = Seal(record_sha256=sha256_hex(parsed.payload), envelope=envelope)
        checks.append(workbook_content(workbook, data, record, seal, bundle, document))
    title = bundle.policy.title if bundle is not None else policy_title(library, record.policy.id)
    return VerificationResult(kind, tuple(checks), record, envelope, signer, reperformance, title)


def _located(
    checks: list[Check],
    data: bytes,
    pdf: PdfSeen | None,
    envelope: SignatureEnvelope | None = None,
    record_sha256: str | None = None,
) -> list[Check]:
    """The checks, a failed PDF signature carrying which pages changed and how (compared with
    the signed revision or the page texts signed with the record; see signing.pages)."""
    if pdf is None:
        return checks
    located = []
    for check in checks:
        if check.name == "pdf_signature" and check.status == "fail":
            where = locate_change(
                data,
                signed_revision=pdf.signed_revision,
                signed_pages=pdf.signed_pages,
                record=envelope,
                record_sha256=record_sha256,
            )
            detail = f"{check.detail}; {describe_location(where)}"
            check = replace(check, detail=detail, pages=where)
        located.append(check)
    return located


def _pdf_signer(
    subject: str, anchored: bool, bound: bool, signer: Signer | None, trust: TrustStore
) -> Check:
    """Who signed the PDF: a certificate chaining to a trust anchor, or the one a trusted
    record signature names (unless the agency requires an anchor)."""
    if anchored:
        return passed(
            "pdf_signer",
            f"the PDF certificate ({subject}) chains to a trust anchor of {trust.source}",
            "pdf_anchored",
            subject=subject,
            source=trust.source,
        )
    if trust.require_pdf_anchor:
        return failed(
            "pdf_signer",
            "unknown_signer",
            f"unknown signer: the PDF certificate ({subject}) does not chain to a trust anchor "
            f"of {trust.source}, which requires one",
            "pdf_anchor_required",
            subject=subject,
            source=trust.source,
        )
    if bound and signer is not None:
        return passed(
            "pdf_signer",
            f"the PDF certificate ({subject}) is the one the trusted record signature names",
            "pdf_bound",
            subject=subject,
        )
    return Check(
        "pdf_signer",
        "warn",
        f"the PDF certificate ({subject}) is not vouched for by a trust anchor or a trusted key",
        code="pdf_unvouched",
        params=params_of(subject=subject),
    )
