"""Which signers this installation trusts: pinned Ed25519 keys and X.509 trust anchors.

A signature proves that a record is unchanged; only a trusted signer proves who made it. The
agency configures the trust store (`trust.yaml` beside the key directory); whoever uploads a
report cannot. The installation's own key and PDF certificate are trusted on the installation.
An auditor may trust one more key explicitly for one verification (`--public-key`).

```yaml
schema_version: 1
keys:                                   # pinned record-signing keys (Ed25519)
  - public_key: MCowBQYDK2VwAyEA...     # PEM, or base64 of the raw 32 bytes
    signer: 佐藤 一郎                     # who holds the key
    organisation: デジタル庁
    retired: "2027-04-01"               # optional: still verifies old records, marked retired
pdf_trust_anchors: [agency-ca.pem]      # X.509 certificates (PEM), relative to this file
require_pdf_anchor: false               # true: a PDF certificate must chain to an anchor
```
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import Field, field_validator

from osai_procure.errors import ContentError, Problem
from osai_procure.models.base import Strict
from osai_procure.signing.keys import (
    PDF_CERT_FILE,
    RECORD_PUBLIC_FILE,
    SigningError,
    default_key_dir,
    fingerprint,
    load_public_key,
)

TRUST_FILE = "trust.yaml"
TrustSource = Literal["trust_store", "installation", "auditor"]


class TrustedKeyEntry(Strict):
    """One pinned record-signing key, as the agency writes it in the trust file."""

    public_key: str = Field(min_length=1, description="PEM, or base64 of the raw 32 bytes")
    signer: str = Field(min_length=1, description="who holds the key")
    organisation: str = Field(min_length=1)
    retired: str | None = Field(default=None, description="ISO date the key was retired")

    @field_validator("retired")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        """Accept only an ISO 8601 calendar date."""
        if value is not None:
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD") from None
        return value


class TrustFile(Strict):
    """The agency's trust file."""

    schema_version: Literal[1]
    keys: tuple[TrustedKeyEntry, ...] = ()
    pdf_trust_anchors: tuple[str, ...] = Field(
        default=(), description="X.509 certificate files (PEM), relative to the trust file"
    )
    require_pdf_anchor: bool = False


@dataclass(frozen=True)
class Signer:
    """A trusted signer: the key's fingerprint, who holds it, and why it is trusted."""

    fingerprint: str
    name: str
    organisation: str
    source: TrustSource
    retired: str | None = None


@dataclass(frozen=True)
class TrustStore:
    """The signers and PDF trust anchors one verification trusts."""

    signers: Mapping[str, Signer] = field(default_factory=dict)
    anchors: tuple[bytes, ...] = ()  # DER certificates
    require_pdf_anchor: bool = False
    source: str = "no trust store"

    def signer(self, key_fingerprint: str) -> Signer | None:
        """The trusted signer of a key, or None for an unknown key."""
        return self.signers.get(key_fingerprint)

    def with_key(self, public_key: Ed25519PublicKey, source: TrustSource = "auditor") -> TrustStore:
        """This store plus one key trusted explicitly (the auditor's `--public-key`)."""
        key = fingerprint(public_key)
        known = self.signers.get(key)
        signer = Signer(
            key,
            known.name if known else "the key given for this verification",
            known.organisation if known else "",
            source,
            known.retired if known else None,
        )
        return replace(self, signers={**self.signers, key: signer})


def default_trust_file(environ: Mapping[str, str], home: Path) -> Path:
    """Where the agency's trust file lives: beside the installation's key directory."""
    return default_key_dir(environ, home).parent / TRUST_FILE


def _installation(key_dir: Path) -> tuple[dict[str, Signer], tuple[bytes, ...]]:
    """This installation's own key and PDF certificate, when they exist."""
    signers: dict[str, Signer] = {}
    anchors: tuple[bytes, ...] = ()
    public = key_dir / RECORD_PUBLIC_FILE
    if public.is_file():
        key = load_public_key(public.read_bytes())
        organisation = ""
        cert_path = key_dir / PDF_CERT_FILE
        if cert_path.is_file():
            try:
                cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
            except (OSError, ValueError):
                raise SigningError.coded("installation_certificate", path=cert_path) from None
            anchors = (cert.public_bytes(serialization.Encoding.DER),)
            names = cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
            organisation = str(names[0].value) if names else ""
        signers[fingerprint(key)] = Signer(
            fingerprint(key), "this installation's key", organisation, "installation"
        )
    return signers, anchors


def _problem(path: Path, where: str, message: str, code: str, **params: str) -> ContentError:
    """A located problem of the trust file, coded so a page words it in Japanese."""
    return ContentError(
        [Problem(str(path), message, None, where, code, tuple(sorted(params.items())))]
    )


def _anchor(path: Path, name: str, base: Path) -> bytes:
    """One trust anchor certificate as DER.

    Raises:
        ContentError: the file cannot be read or is not a PEM or DER certificate.
    """
    target = base / name
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise _problem(
            path,
            "pdf_trust_anchors",
            f"cannot read {target}: {exc.strerror}",
            "trust.anchor_unreadable",
            value=str(target),
        ) from None
    try:
        cert = (
            x509.load_pem_x509_certificate(data)
            if b"-----BEGIN" in data
            else x509.load_der_x509_certificate(data)
        )
    except ValueError:
        raise _problem(
            path,
            "pdf_trust_anchors",
            f"{target} is not an X.509 certificate (PEM or DER)",
            "trust.anchor_not_certificate",
            value=str(target),
        ) from None
    return cert.public_bytes(serialization.Encoding.DER)


def load_trust_store(path: Path | None, *, key_dir: Path | None = None) -> TrustStore:
    """The trust store of a trust file (when it exists) plus the installation's own key.

    Raises:
        ContentError: the trust file is malformed; every problem located.
        SigningError: the installation's own public key or PDF certificate cannot be read.
    """
    from osai_procure.loading import validate
    from osai_procure.yamlsafe import load_file

    signers, anchors = _installation(key_dir) if key_dir is not None else ({}, ())
    if path is None or not path.exists():
        return TrustStore(signers, anchors, False, "this installation's own key only")
    loaded = load_file(path)
    trust = validate(TrustFile, loaded)
    problems = []
    for index, entry in enumerate(trust.keys):
        try:
            key = load_public_key(entry.public_key.encode("utf-8"))
        except SigningError as exc:
            line = loaded.lines.get(("keys", index, "public_key"))
            problems.append(
                Problem(str(path), str(exc), line, f"keys.{index}.public_key", "trust.public_key")
            )
            continue
        signers[fingerprint(key)] = Signer(
            fingerprint(key), entry.signer, entry.organisation, "trust_store", entry.retired
        )
    if problems:
        raise ContentError(problems)
    found = tuple(_anchor(path, name, path.parent) for name in trust.pdf_trust_anchors)
    return TrustStore(signers, (*anchors, *found), trust.require_pdf_anchor, str(path))
