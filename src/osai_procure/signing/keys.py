"""Signing keys: where they live, how they are made, loaded and fingerprinted.

Keys live in a per-installation directory outside the repository, never inside a git tree.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID

from osai_procure.errors import OsaiProcureError
from osai_procure.models.base import Lang
from osai_procure.wording import key_problem_text

HOME_ENV = "OSAI_PROCURE_HOME"
PASSPHRASE_ENV = "OSAI_PROCURE_KEY_PASSPHRASE"
UNENCRYPTED_ENV = "OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS"
RECORD_KEY_FILE = "record-signing-key.pem"
RECORD_PUBLIC_FILE = "record-signing-key.pub.pem"
PDF_KEY_FILE = "pdf-signing-key.pem"
PDF_CERT_FILE = "pdf-signing-cert.pem"


class SigningError(OsaiProcureError):
    """Keys cannot be created, loaded or used. A coded error (`code`, `params`) is worded in
    either language from `wording.KEY_PROBLEMS`; its English is the message."""

    def __init__(self, message: str, code: str | None = None, params: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.params = dict(params or {})

    @classmethod
    def coded(cls, code: str, **params: object) -> SigningError:
        """The error for `code`, worded in English as its message."""
        shown = {
            "passphrase_env": PASSPHRASE_ENV,
            "unencrypted_env": UNENCRYPTED_ENV,
            "detail": "",
            **{name: str(value) for name, value in params.items()},
        }
        return cls(key_problem_text(code, "en", **shown), code, shown)

    def text(self, lang: Lang) -> str:
        """The reason in one language (an uncoded error as written)."""
        if self.code is None:
            return str(self)
        return key_problem_text(self.code, lang, **self.params)


def default_key_dir(environ: Mapping[str, str], home: Path) -> Path:
    """The per-installation key directory: $OSAI_PROCURE_HOME/keys, else the XDG data dir."""
    if environ.get(HOME_ENV):
        return Path(environ[HOME_ENV]) / "keys"
    if environ.get("XDG_DATA_HOME"):
        return Path(environ["XDG_DATA_HOME"]) / "osai-procure" / "keys"
    return home / ".local" / "share" / "osai-procure" / "keys"


def passphrase_from(environ: Mapping[str, str]) -> bytes | None:
    """The key passphrase the environment (or the app's secrets) gives, if any."""
    value = environ.get(PASSPHRASE_ENV)
    return value.encode("utf-8") if value else None


def unencrypted_allowed(environ: Mapping[str, str]) -> bool:
    """Whether the administrator allowed unencrypted signing keys on purpose."""
    return environ.get(UNENCRYPTED_ENV, "").strip().lower() in ("1", "true", "yes")


def _inside_repository(directory: Path) -> Path | None:
    """The root of the git work tree that contains `directory`, if any."""
    for parent in (directory.resolve(), *directory.resolve().parents):
        if (parent / ".git").exists():
            return parent
    return None


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """'SHA256:' + hex SHA-256 of the raw 32-byte public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def export_public_key(public_key: Ed25519PublicKey) -> bytes:
    """The public key as PEM (SubjectPublicKeyInfo), to hand to auditors."""
    return bytes(
        public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


def load_public_key(data: bytes) -> Ed25519PublicKey:
    """Read an Ed25519 public key from PEM or from base64 of the raw 32 bytes.

    Raises:
        SigningError: not an Ed25519 public key.
    """
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_public_key(data)
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(data.strip(), validate=True))
    except ValueError as exc:
        raise SigningError.coded("public_key_unreadable", detail=exc) from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningError.coded("public_key_not_ed25519")
    return key


@dataclass(frozen=True)
class KeySet:
    """The record-signing key and the PDF-signing key and certificate."""

    directory: Path
    record_key: Ed25519PrivateKey = field(repr=False)
    pdf_key_path: Path
    pdf_cert_path: Path
    passphrase: bytes | None = field(default=None, repr=False)
    encrypted: bool = True

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The record-signing public key."""
        return self.record_key.public_key()

    @property
    def fingerprint(self) -> str:
        """The record-signing key's fingerprint."""
        return fingerprint(self.public_key)

    @property
    def pdf_certificate_sha256(self) -> str:
        """SHA-256 of the DER certificate that signs PDFs."""
        cert = x509.load_pem_x509_certificate(self.pdf_cert_path.read_bytes())
        return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    """Create a file readable by the owner only; never overwrite."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _encryption(passphrase: bytes | None) -> serialization.KeySerializationEncryption:
    """PKCS#8 encryption with the passphrase, or none."""
    if passphrase:
        return serialization.BestAvailableEncryption(passphrase)
    return serialization.NoEncryption()


def generate_keys(
    directory: Path,
    *,
    now: datetime.datetime,
    common_name: str = "osai-procure report signing (self-signed)",
    organisation: str | None = None,
    passphrase: bytes | None = None,
    unencrypted: bool = False,
) -> KeySet:
    """Create an Ed25519 record key and an ECDSA P-256 key with a self-signed certificate,
    encrypted with the passphrase; without one only when `unencrypted` is asked for.

    Raises:
        SigningError: no passphrase and no opt-in, the directory is inside a git repository,
            or keys already exist there.
    """
    if not passphrase and not unencrypted:
        raise SigningError.coded("needs_passphrase")
    repository = _inside_repository(directory)
    if repository is not None:
        raise SigningError.coded("inside_repository", repository=repository)
    existing = [
        p.name for p in (directory / RECORD_KEY_FILE, directory / PDF_KEY_FILE) if p.exists()
    ]
    if existing:
        raise SigningError.coded("keys_exist", directory=directory, names=", ".join(existing))
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write_keys(directory, common_name, organisation, passphrase, now)
    except OSError as exc:
        raise SigningError.coded(
            "directory_unwritable", directory=directory, detail=exc.strerror or exc
        ) from None
    return load_keys(directory, passphrase=passphrase, unencrypted=unencrypted)


def _write_keys(
    directory: Path,
    common_name: str,
    organisation: str | None,
    passphrase: bytes | None,
    now: datetime.datetime,
) -> None:
    """Make and write the two keys, the public key and the self-signed certificate."""
    record_key = Ed25519PrivateKey.generate()
    pdf_key = ec.generate_private_key(ec.SECP256R1())
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    name = x509.Name(parts)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(pdf_key.public_key())
        .serial_number(int.from_bytes(secrets.token_bytes(16), "big") >> 1)
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(pdf_key.public_key()), critical=False
        )
        .sign(pdf_key, hashes.SHA256())
    )
    encryption = _encryption(passphrase)
    pkcs8 = serialization.PrivateFormat.PKCS8
    _write_private(
        directory / RECORD_KEY_FILE,
        record_key.private_bytes(serialization.Encoding.PEM, pkcs8, encryption),
    )
    _write_private(
        directory / PDF_KEY_FILE,
        pdf_key.private_bytes(serialization.Encoding.PEM, pkcs8, encryption),
    )
    (directory / RECORD_PUBLIC_FILE).write_bytes(export_public_key(record_key.public_key()))
    (directory / PDF_CERT_FILE).write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def load_keys(
    directory: Path,
    *,
    passphrase: bytes | None = None,
    pdf_key: Path | None = None,
    pdf_cert: Path | None = None,
    unencrypted: bool = False,
) -> KeySet:
    """Load the keys of a directory; `pdf_key`/`pdf_cert` select an agency's certificate. An
    unencrypted key loads only when `unencrypted` is asked for.

    Raises:
        SigningError: a key is missing, encrypted without a passphrase, unencrypted without
            the opt-in, or unreadable.
    """
    path = directory / RECORD_KEY_FILE
    if not path.exists():
        raise SigningError.coded("no_key", directory=directory)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError.coded("file_unreadable", path=path, detail=exc.strerror or exc) from None
    encrypted = data.lstrip().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    if not encrypted and not unencrypted:
        raise SigningError.coded("not_encrypted", path=path)
    if encrypted and not passphrase:
        raise SigningError.coded("needs_passphrase_to_load", path=path)
    try:
        key = serialization.load_pem_private_key(data, password=passphrase if encrypted else None)
    except (ValueError, TypeError) as exc:
        raise SigningError.coded("wrong_passphrase", path=path, detail=exc) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError.coded("not_ed25519", path=path)
    pdf_key_path = pdf_key or directory / PDF_KEY_FILE
    pdf_cert_path = pdf_cert or directory / PDF_CERT_FILE
    for needed in (pdf_key_path, pdf_cert_path):
        if not needed.exists():
            raise SigningError.coded("file_missing", path=needed)
    return KeySet(
        directory, key, pdf_key_path, pdf_cert_path, passphrase if encrypted else None, encrypted
    )


def ensure_keys(
    directory: Path,
    *,
    now: datetime.datetime,
    passphrase: bytes | None = None,
    unencrypted: bool = False,
) -> KeySet:
    """Load the keys, creating them on first use (encrypted unless `unencrypted`).

    Raises:
        SigningError: they cannot be created or loaded.
    """
    if (directory / RECORD_KEY_FILE).exists():
        return load_keys(directory, passphrase=passphrase, unencrypted=unencrypted)
    return generate_keys(directory, now=now, passphrase=passphrase, unencrypted=unencrypted)
