"""The PDF verifier: the PAdES signature over the entire file and the attached record."""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from osai_procure.render.record import (
    RECORD_FILE_NAME,
)
from osai_procure.signing.checks import Check, failed, passed
from osai_procure.signing.sign import SIGNED_PAGES_FILE_NAME

logging.getLogger("pyhanko").addHandler(logging.NullHandler())


def _der_length(data: bytes) -> int:
    """Length of the DER element at the start of `data` (0 if it is not one)."""
    if len(data) < 2:
        return 0
    first = data[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or len(data) < 2 + count:
        return 0
    return 2 + count + int.from_bytes(data[2 : 2 + count], "big")


def _expected_signed_data_version(signed_data: Any) -> str:
    """The SignedData version RFC 5652 section 5.1 prescribes for this content."""
    certificates = (
        [c.name for c in signed_data["certificates"]] if signed_data["certificates"] else []
    )
    crls = [c.name for c in signed_data["crls"]] if signed_data["crls"] else []
    if "other" in certificates or "other" in crls:
        return "v5"
    if "v2_attr_cert" in certificates:
        return "v4"
    v3_signer = any(info["version"].native == "v3" for info in signed_data["signer_infos"])
    data = signed_data["encap_content_info"]["content_type"].native == "data"
    if "v1_attr_cert" in certificates or v3_signer or not data:
        return "v3"
    return "v1"


def _canonical_container(der: bytes) -> bool:
    """Whether the signature's CMS container is exactly as a signer writes it.

    CMS signs only the signed attributes, so some fields of the container (the versions, the
    list of digest algorithms, a digest algorithm's empty parameters, the length encodings) can
    be changed without breaking the signature value. A report is a record kept for years: any
    changed byte must show, so these fields must hold the one value RFC 5652 (sections 5.1 and
    5.3) allows, and the container must be in DER, the only encoding a signer produces.
    """
    from asn1crypto import cms

    try:
        message = cms.ContentInfo.load(der, strict=True)
        if message.dump(force=True) != der or message["content_type"].native != "signed_data":
            return False
        signed_data = message["content"]
        infos = list(signed_data["signer_infos"])
        for info in infos:
            by_key_id = info["sid"].name == "subject_key_identifier"
            if info["version"].native != ("v3" if by_key_id else "v1"):
                return False
        used = sorted(info["digest_algorithm"].dump() for info in infos)
        listed = sorted(algorithm.dump() for algorithm in signed_data["digest_algorithms"])
        empty = (b"", b"\x05\x00")
        return (
            bool(infos)
            and listed == used
            and all(info["digest_algorithm"]["parameters"].dump() in empty for info in infos)
            and signed_data["version"].native == _expected_signed_data_version(signed_data)
        )
    except Exception:  # a container asn1crypto cannot read strictly is not one a signer wrote
        return False


def _embedded_files(node: Any) -> Iterator[tuple[str, Any]]:
    """Walk an /EmbeddedFiles name tree, yielding (name, file specification)."""
    if "/Names" in node:
        items = list(node["/Names"])
        for index in range(0, len(items) - 1, 2):
            yield str(items[index]), items[index + 1].get_object()
    if "/Kids" in node:
        for kid in node["/Kids"]:
            yield from _embedded_files(kid.get_object())


@dataclass(frozen=True)
class PdfSeen:
    """What the PDF verifier found: the attached record, the signer's certificate, the checks,
    and what a change can be compared with: the signed revision (when an update was appended
    after a signature that still holds over it) and the attached pages as signed."""

    document: bytes | None
    checks: list[Check]
    cert_sha256: str | None = None
    cert_subject: str = ""
    anchored: bool = False
    signed_revision: bytes | None = None
    signed_pages: bytes | None = None


def _anchored(sig: Any, anchors: tuple[bytes, ...], usage: Any) -> bool:
    """Whether the signer's certificate chains to one of the anchors, judged at the signing
    time the PDF states (so a record stays checkable after its certificate expires)."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if not anchors:
        return False
    context = ValidationContext(
        # asn1crypto's Certificate, the class of the signer's own (pyHanko's dependency)
        trust_roots=[type(sig.signer_cert).load(der) for der in anchors],
        allow_fetching=False,
        moment=sig.self_reported_timestamp,
    )
    status = validate_pdf_signature(sig, context, key_usage_settings=usage)
    return bool(status.trusted)


def pdf_checks(data: bytes, anchors: tuple[bytes, ...] = ()) -> PdfSeen:
    """PAdES checks; returns the attached record, the signer certificate digest and checks."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    checks: list[Check] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            document = pages = None
            root = reader.root
            names = root.get("/Names")
            names = names.get_object() if names is not None else None
            tree = names.get("/EmbeddedFiles") if names is not None else None
            tree = tree.get_object() if tree is not None else None
            for name, spec in _embedded_files(tree) if tree is not None else ():
                if name == RECORD_FILE_NAME:
                    document = spec["/EF"]["/F"].get_object().data
                elif name == SIGNED_PAGES_FILE_NAME:
                    pages = spec["/EF"]["/F"].get_object().data
            signatures = reader.embedded_signatures
    except Exception as exc:  # any parser error on a damaged file is a finding
        return PdfSeen(
            None,
            [
                failed(
                    "pdf",
                    "tampered",
                    f"tampered or damaged: the PDF cannot be read ({exc})",
                    "pdf_unreadable",
                )
            ],
        )
    if document is None:
        checks.append(
            failed(
                "pdf",
                "tampered",
                f"the PDF carries no {RECORD_FILE_NAME} attachment",
                "no_attachment",
                file=RECORD_FILE_NAME,
            )
        )
    if not signatures:
        checks.append(
            failed("pdf_signature", "not_signed", "the PDF has no PDF signature", "pdf_not_signed")
        )
        return PdfSeen(document, checks, signed_pages=pages)
    if len(signatures) != 1:
        checks.append(
            failed(
                "pdf_signature",
                "tampered",
                f"the PDF has {len(signatures)} signatures; a report has one",
                "several_signatures",
                count=len(signatures),
            )
        )
        return PdfSeen(document, checks, signed_pages=pages)
    sig = signatures[0]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cert = sig.signer_cert
            context = ValidationContext(trust_roots=[cert], allow_fetching=False)
            usage = KeyUsageConstraints(
                key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
            )
            status = validate_pdf_signature(sig, context, key_usage_settings=usage)
            anchored = _anchored(sig, anchors, usage)
            subject = cert.subject.human_friendly
            contents = bytes(sig.sig_object["/Contents"])
            byte_range = [int(x) for x in sig.sig_object["/ByteRange"]]
    except Exception as exc:  # a damaged signature is a finding, not a crash
        checks.append(
            failed(
                "pdf_signature",
                "tampered",
                f"tampered: the PDF signature cannot be validated ({exc})",
                "pdf_signature_unreadable",
            )
        )
        return PdfSeen(document, checks, signed_pages=pages)
    cert_sha = hashlib.sha256(cert.dump()).hexdigest()
    gap = data[byte_range[1] : byte_range[2]] if len(byte_range) == 4 else b""
    der = _der_length(contents)
    hex_value = contents.hex().encode("ascii")
    exact = (
        gap in (b"<" + hex_value.upper() + b">", b"<" + hex_value + b">")
        and 0 < der <= len(contents)
        and not any(contents[der:])
    )
    coverage = getattr(status.coverage, "name", str(status.coverage))
    revision = None
    if not status.intact or not status.valid:
        checks.append(
            failed(
                "pdf_signature",
                "tampered",
                "tampered: the PDF changed after it was signed "
                f"(intact={status.intact}, valid={status.valid})",
                "pdf_changed",
            )
        )
    elif coverage != "ENTIRE_FILE":
        if coverage == "ENTIRE_REVISION" and len(byte_range) == 4:
            # The signature holds over the bytes up to its revision's end: the file as signed.
            revision = data[: byte_range[2] + byte_range[3]]
        checks.append(
            failed(
                "pdf_signature",
                "tampered",
                f"tampered: the signature covers {coverage}, not the entire file "
                "(something was added after signing)",
                "pdf_partial",
                coverage=coverage,
            )
        )
    elif not exact:
        checks.append(
            failed(
                "pdf_signature",
                "tampered",
                "tampered: the signature value in the PDF was altered",
                "pdf_value_altered",
            )
        )
    elif not _canonical_container(contents[:der]):
        checks.append(
            failed(
                "pdf_signature",
                "tampered",
                "tampered: the signature container in the PDF was altered "
                "(a field the signer wrote outside the signed part)",
                "pdf_container_altered",
            )
        )
    else:
        checks.append(
            passed(
                "pdf_signature",
                f"PAdES signature intact over the entire file (certificate SHA-256 {cert_sha})",
                "pdf_intact",
                digest=cert_sha,
            )
        )
    return PdfSeen(document, checks, cert_sha, subject, anchored, revision, pages)
