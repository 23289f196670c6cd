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
# The pages as signed (signing.pages), attached beside the record in the signed update.
SIGNED_PAGES_FILE_NAME = "signed-pages.json"


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


def _embed_record(
    writer: Any,
    document: bytes,
    name: str = RECORD_FILE_NAME,
    description: str = "Machine-readable assessment record (RFC 8785 JSON)",
) -> None:
    """Attach the record JSON (or another JSON file) to a pyHanko writer (same update as the
    signature)."""
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
            file_spec_string=name,
            file_name=name,
            embedded_data=data,
            description=description,
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
    pdf: bytes,
    document: bytes,
    keys: KeySet,
    *,
    reason: str,
    signer_name: str | None = None,
    signed_pages: bytes | None = None,
) -> bytes:
    """Attach the record (and the pages as signed, when given) and add a PAdES signature in
    one incremental update.

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
        raise SigningError.coded(
            "pdf_key_unusable", path=keys.pdf_key_path, names=keys.pdf_cert_path
        )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _embed_record(writer, document)
    if signed_pages is not None:
        _embed_record(
            writer,
            signed_pages,
            SIGNED_PAGES_FILE_NAME,
            "The text of each page as signed, to locate a later change (RFC 8785 JSON)",
        )
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
