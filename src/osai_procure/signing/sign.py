"""Signing: the record's Ed25519 envelope, bound to one purpose, and the PAdES-signed PDF.

The signed bytes include a namespace (`osai-procure/assessment-record/v1`), so the signature
cannot be reused for another purpose, and the SHA-256 of the certificate that signs the PDF.
The PDF gets a PAdES signature (pyHanko) with the record attached in the same update.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import serialization

from osai_procure.models.report import (
    SIGNATURE_FORMAT,
    SignatureEnvelope,
)
from osai_procure.render.record import (
    RECORD_FILE_NAME,
    RECORD_MEDIA_TYPE,
    canonical,
    sha256_hex,
)
from osai_procure.signing.keys import KeySet, SigningError

NAMESPACE = "osai-procure/assessment-record/v1"
_SIGNED_PREFIX = b"osai-procure-signature-v1\x00"
PDF_FIELD = "ApproverSignature"


def signed_bytes(fields: Mapping[str, Any]) -> bytes:
    """What the key signs: a fixed prefix and the canonical envelope without its signature."""
    return _SIGNED_PREFIX + canonical({k: v for k, v in fields.items() if k != "signature"})


def sign_record(payload: bytes, keys: KeySet, *, namespace: str = NAMESPACE) -> SignatureEnvelope:
    """Sign a record's canonical bytes for one purpose (the namespace)."""
    public = keys.public_key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    fields: dict[str, Any] = {
        "format": SIGNATURE_FORMAT,
        "namespace": namespace,
        "algorithm": "Ed25519",
        "canonicalization": "RFC8785",
        "payload_sha256": sha256_hex(payload),
        "public_key": base64.b64encode(public).decode("ascii"),
        "key_fingerprint": keys.fingerprint,
        "pdf_certificate_sha256": keys.pdf_certificate_sha256,
    }
    signature = keys.record_key.sign(signed_bytes(fields))
    return SignatureEnvelope(**fields, signature=base64.b64encode(signature).decode("ascii"))


def _embed_record(writer: Any, document: bytes) -> None:
    """Attach the record JSON to a pyHanko writer (same update as the signature)."""
    from pyhanko.pdf_utils import embed, generic

    data = embed.EmbeddedFileObject.from_file_data(
        writer,
        data=document,
        mime_type=RECORD_MEDIA_TYPE,
        params=embed.EmbeddedFileParams(embed_checksum=True),
    )
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=RECORD_FILE_NAME,
            file_name=RECORD_FILE_NAME,
            embedded_data=data,
            description="Machine-readable assessment record (RFC 8785 JSON)",
            af_relationship=generic.NameObject("/Data"),
        ),
    )


def attach_record(pdf: bytes, document: bytes) -> bytes:
    """Attach the record to an unsigned PDF."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer: Any = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _embed_record(writer, document)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign_pdf(
    pdf: bytes, document: bytes, keys: KeySet, *, reason: str, signer_name: str | None = None
) -> bytes:
    """Attach the record and add a PAdES signature in one incremental update.

    Raises:
        SigningError: the PDF key or certificate cannot be used.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    simple: Any = signers.SimpleSigner
    signer = simple.load(
        str(keys.pdf_key_path), str(keys.pdf_cert_path), key_passphrase=keys.passphrase
    )
    if signer is None:
        raise SigningError(
            f"cannot load the PDF signing key {keys.pdf_key_path} "
            f"and certificate {keys.pdf_cert_path}"
        )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _embed_record(writer, document)
    meta = signers.PdfSignatureMetadata(
        field_name=PDF_FIELD,
        reason=reason,
        name=signer_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = io.BytesIO()
    signers.sign_pdf(writer, meta, signer=signer, output=out)
    return out.getvalue()
