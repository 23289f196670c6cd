"""Keys, signatures and verification of signed reports (PDF, workbook, JSON record).

- The approver's Ed25519 key signs the RFC 8785 record inside an envelope whose signed bytes
  include a namespace (`osai-procure/assessment-record/v1`), so the signature cannot be
  reused for another purpose, and the SHA-256 of the certificate that signs the PDF.
- The PDF also gets a PAdES signature (pyHanko, ECDSA P-256, a self-signed certificate by
  default or an agency's), with the record attached in the same incremental update.
- `verify_report` checks the signature, the digest, and re-evaluates the recorded answers with
  the recorded policy (found by id, version and digest), reporting each check with its reason.

Keys live in a per-installation directory outside the repository, never inside a git tree.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import os
import secrets
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID

from osai_procure import __version__
from osai_procure.engine import evaluate
from osai_procure.errors import ContentError, OsaiProcureError
from osai_procure.licences import spdx_list_version
from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy
from osai_procure.models.answers import AnswersFile
from osai_procure.models.base import Lang
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.report import (
    SIGNATURE_FORMAT,
    DigestRef,
    Record,
    Report,
    Seal,
    SignatureEnvelope,
    SignOff,
)
from osai_procure.render.fonts import Fonts
from osai_procure.render.pdf import render_pdf
from osai_procure.render.record import (
    RECORD_FILE_NAME,
    RECORD_MEDIA_TYPE,
    RecordDocument,
    RecordError,
    canonical,
    canonical_record,
    read_record_document,
    record_document,
    sha256_hex,
)
from osai_procure.render.xlsx import RECORD_SHEET, read_record_chunks, render_xlsx
from osai_procure.reperform import decisive, differences
from osai_procure.report import answers_of, build_record, build_report
from osai_procure.wording import wording_digest

NAMESPACE = "osai-procure/assessment-record/v1"
_SIGNED_PREFIX = b"osai-procure-signature-v1\x00"
HOME_ENV = "OSAI_PROCURE_HOME"
PASSPHRASE_ENV = "OSAI_PROCURE_KEY_PASSPHRASE"
RECORD_KEY_FILE = "record-signing-key.pem"
RECORD_PUBLIC_FILE = "record-signing-key.pub.pem"
PDF_KEY_FILE = "pdf-signing-key.pem"
PDF_CERT_FILE = "pdf-signing-cert.pem"
PDF_FIELD = "ApproverSignature"

CheckStatus = Literal["pass", "fail", "warn", "skip"]
Problem = Literal[
    "unreadable",
    "tampered",
    "not_signed",
    "wrong_key",
    "wrong_purpose",
    "unknown_policy_version",
    "content_changed",
    "verdict_not_reproduced",
]
FileKind = Literal["pdf", "xlsx", "json"]


class SigningError(OsaiProcureError):
    """Keys cannot be created, loaded or used."""


# -- keys ---------------------------------------------------------------------------------------


def default_key_dir(environ: Mapping[str, str], home: Path) -> Path:
    """The per-installation key directory: $OSAI_PROCURE_HOME/keys, else the XDG data dir."""
    if environ.get(HOME_ENV):
        return Path(environ[HOME_ENV]) / "keys"
    if environ.get("XDG_DATA_HOME"):
        return Path(environ["XDG_DATA_HOME"]) / "osai-procure" / "keys"
    return home / ".local" / "share" / "osai-procure" / "keys"


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
        raise SigningError(f"not an Ed25519 public key (PEM or base64): {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningError("the public key is not an Ed25519 key")
    return key


@dataclass(frozen=True)
class KeySet:
    """The record-signing key and the PDF-signing key and certificate."""

    directory: Path
    record_key: Ed25519PrivateKey = field(repr=False)
    pdf_key_path: Path
    pdf_cert_path: Path
    passphrase: bytes | None = field(default=None, repr=False)

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
) -> KeySet:
    """Create an Ed25519 record key and an ECDSA P-256 key with a self-signed certificate.

    Raises:
        SigningError: the directory is inside a git repository, or keys already exist there.
    """
    repository = _inside_repository(directory)
    if repository is not None:
        raise SigningError(
            f"refusing to create private keys inside the git repository at {repository}; "
            "keys never belong in a repository: choose a directory outside it"
        )
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    existing = [
        p.name for p in (directory / RECORD_KEY_FILE, directory / PDF_KEY_FILE) if p.exists()
    ]
    if existing:
        raise SigningError(
            f"keys already exist in {directory} ({', '.join(existing)}); "
            "remove them first to make new ones"
        )
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
    return load_keys(directory, passphrase=passphrase)


def load_keys(
    directory: Path,
    *,
    passphrase: bytes | None = None,
    pdf_key: Path | None = None,
    pdf_cert: Path | None = None,
) -> KeySet:
    """Load the keys of a directory; `pdf_key`/`pdf_cert` select an agency's certificate.

    Raises:
        SigningError: a key is missing, encrypted without a passphrase, or unreadable.
    """
    path = directory / RECORD_KEY_FILE
    if not path.exists():
        raise SigningError(f"no signing key in {directory}; run `osai-procure keys generate`")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=passphrase or None)
    except TypeError:
        raise SigningError(f"{path} is encrypted: set {PASSPHRASE_ENV}") from None
    except ValueError as exc:
        raise SigningError(f"cannot read {path}: {exc} (wrong passphrase?)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path} is not an Ed25519 private key")
    pdf_key_path = pdf_key or directory / PDF_KEY_FILE
    pdf_cert_path = pdf_cert or directory / PDF_CERT_FILE
    for needed in (pdf_key_path, pdf_cert_path):
        if not needed.exists():
            raise SigningError(f"{needed} is missing; run `osai-procure keys generate`")
    return KeySet(directory, key, pdf_key_path, pdf_cert_path, passphrase)


def ensure_keys(
    directory: Path, *, now: datetime.datetime, passphrase: bytes | None = None
) -> KeySet:
    """Load the keys, creating them on first use.

    Raises:
        SigningError: they cannot be created or loaded.
    """
    if (directory / RECORD_KEY_FILE).exists():
        return load_keys(directory, passphrase=passphrase)
    return generate_keys(directory, now=now, passphrase=passphrase)


# -- the record signature -----------------------------------------------------------------------


def _signed_bytes(fields: Mapping[str, Any]) -> bytes:
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
    signature = keys.record_key.sign(_signed_bytes(fields))
    return SignatureEnvelope(**fields, signature=base64.b64encode(signature).decode("ascii"))


@dataclass(frozen=True)
class Check:
    """One verification check: what was checked, the outcome, and the precise reason."""

    name: str
    status: CheckStatus
    detail: str
    problem: Problem | None = None


def _ok(name: str, detail: str) -> Check:
    """A passed check."""
    return Check(name, "pass", detail)


def _fail(name: str, problem: Problem, detail: str) -> Check:
    """A failed check."""
    return Check(name, "fail", detail, problem)


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
            _ok("record_digest", f"record SHA-256 {digest} (not signed, nothing to compare)"),
            _fail("record_signature", "not_signed", "the record is not signed"),
        )
    checks = []
    if digest != envelope.payload_sha256:
        checks.append(
            _fail(
                "record_digest",
                "tampered",
                f"tampered: the record's SHA-256 is {digest}, but the signed digest "
                f"is {envelope.payload_sha256}",
            )
        )
    else:
        checks.append(_ok("record_digest", f"record SHA-256 {digest} matches the signed digest"))
    if envelope.namespace != namespace:
        checks.append(
            _fail(
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
            _fail(
                "record_signature",
                "tampered",
                "tampered: the envelope's public key or signature is not valid base64",
            )
        )
        return tuple(checks)
    if fingerprint(embedded) != envelope.key_fingerprint:
        checks.append(
            _fail(
                "record_signature",
                "tampered",
                "tampered: the envelope's public key does not match its fingerprint",
            )
        )
        return tuple(checks)
    key = public_key or embedded
    try:
        key.verify(signature, _signed_bytes(envelope.model_dump(mode="json")))
    except InvalidSignature:
        if public_key is not None and fingerprint(public_key) != envelope.key_fingerprint:
            checks.append(
                _fail(
                    "record_signature",
                    "wrong_key",
                    f"wrong key: signed by {envelope.key_fingerprint}, "
                    f"expected {fingerprint(public_key)}",
                )
            )
        else:
            checks.append(
                _fail(
                    "record_signature",
                    "tampered",
                    "tampered: the Ed25519 signature does not match the envelope",
                )
            )
        return tuple(checks)
    checks.append(
        _ok(
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
        checks.append(_ok("signer_key", f"signed by the expected key {envelope.key_fingerprint}"))
    return tuple(checks)


# -- PDF: attach the record, PAdES-sign, read back ----------------------------------------------


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


def _embedded_files(node: Any) -> Iterator[tuple[str, Any]]:
    """Walk an /EmbeddedFiles name tree, yielding (name, file specification)."""
    if "/Names" in node:
        items = list(node["/Names"])
        for index in range(0, len(items) - 1, 2):
            yield str(items[index]), items[index + 1].get_object()
    if "/Kids" in node:
        for kid in node["/Kids"]:
            yield from _embedded_files(kid.get_object())


def _pdf_checks(data: bytes) -> tuple[bytes | None, str | None, list[Check]]:
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
            document = None
            root = reader.root
            names = root.get("/Names")
            names = names.get_object() if names is not None else None
            tree = names.get("/EmbeddedFiles") if names is not None else None
            tree = tree.get_object() if tree is not None else None
            for name, spec in _embedded_files(tree) if tree is not None else ():
                if name == RECORD_FILE_NAME:
                    document = spec["/EF"]["/F"].get_object().data
            signatures = reader.embedded_signatures
    except Exception as exc:  # any parser error on a damaged file is a finding
        return (
            None,
            None,
            [_fail("pdf", "tampered", f"tampered or damaged: the PDF cannot be read ({exc})")],
        )
    if document is None:
        checks.append(_fail("pdf", "tampered", f"the PDF carries no {RECORD_FILE_NAME} attachment"))
    if not signatures:
        checks.append(_fail("pdf_signature", "not_signed", "the PDF has no PDF signature"))
        return document, None, checks
    if len(signatures) != 1:
        checks.append(
            _fail(
                "pdf_signature",
                "tampered",
                f"the PDF has {len(signatures)} signatures; a report has one",
            )
        )
        return document, None, checks
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
            contents = bytes(sig.sig_object["/Contents"])
            byte_range = [int(x) for x in sig.sig_object["/ByteRange"]]
    except Exception as exc:  # a damaged signature is a finding, not a crash
        checks.append(
            _fail(
                "pdf_signature",
                "tampered",
                f"tampered: the PDF signature cannot be validated ({exc})",
            )
        )
        return document, None, checks
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
    if not status.intact or not status.valid:
        checks.append(
            _fail(
                "pdf_signature",
                "tampered",
                "tampered: the PDF changed after it was signed "
                f"(intact={status.intact}, valid={status.valid})",
            )
        )
    elif coverage != "ENTIRE_FILE":
        checks.append(
            _fail(
                "pdf_signature",
                "tampered",
                f"tampered: the signature covers {coverage}, not the entire file "
                "(something was added after signing)",
            )
        )
    elif not exact:
        checks.append(
            _fail(
                "pdf_signature", "tampered", "tampered: the signature value in the PDF was altered"
            )
        )
    else:
        checks.append(
            _ok(
                "pdf_signature",
                f"PAdES signature intact over the entire file (certificate SHA-256 {cert_sha})",
            )
        )
    return document, cert_sha, checks


# -- verification -------------------------------------------------------------------------------


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
        return [_fail("policy", "unknown_policy_version", detail)], None
    checks = [_ok("policy", f"policy found by id, version and SHA-256: {detail}")]
    recorded = {(q.id, q.version, q.digest) for q in record.questionnaires}
    current = {(q.id, q.version, bundle.questionnaire_digests[q.id]) for q in bundle.questionnaires}
    if recorded != current:
        changed = sorted({q[0] for q in recorded ^ current})
        checks.append(
            _fail(
                "questionnaires",
                "content_changed",
                f"the questionnaires differ from those recorded: {', '.join(changed)} "
                "(id, version or SHA-256)",
            )
        )
        return checks, None
    checks.append(
        _ok(
            "questionnaires",
            "questionnaire digests match: " + ", ".join(sorted(q[0] for q in current)),
        )
    )
    try:
        fresh = evaluate(bundle, answers_of(record))
    except Exception as exc:  # report, never crash, on recorded data
        return [
            *checks,
            _fail(
                "verdicts",
                "verdict_not_reproduced",
                f"verdict not reproduced: re-evaluation failed ({exc})",
            ),
        ], bundle
    if canonical(decisive(fresh)) == canonical(decisive(record.evaluation)):
        checks.append(
            _ok(
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
        _fail(
            "verdicts",
            "verdict_not_reproduced",
            "verdict not reproduced: " + "; ".join(differences(record.evaluation, fresh)) + note,
        )
    )
    return checks, bundle


def _workbook(data: bytes) -> tuple[bytes | None, Any, list[Check]]:
    """Read the record out of a workbook's Record sheet."""
    from openpyxl import load_workbook

    try:
        _zip_parts(data)  # every part must be readable, CRCs included
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data))
    except Exception as exc:  # a damaged file is a finding, not a crash
        return (
            None,
            None,
            [
                _fail(
                    "workbook",
                    "tampered",
                    f"tampered or damaged: the workbook cannot be read ({exc})",
                )
            ],
        )
    if RECORD_SHEET not in workbook.sheetnames:
        return (
            None,
            workbook,
            [_fail("workbook", "tampered", f"the workbook has no {RECORD_SHEET} sheet")],
        )
    text, declared = read_record_chunks(workbook[RECORD_SHEET])
    chunks = sum(
        1
        for row in workbook[RECORD_SHEET].iter_rows(min_row=2, max_col=1, values_only=True)
        if row[0] == "chunk"
    )
    if declared != chunks:
        return (
            None,
            workbook,
            [
                _fail(
                    "workbook",
                    "tampered",
                    f"tampered: the Record sheet declares {declared} chunks but holds {chunks}",
                )
            ],
        )
    return text.encode("utf-8"), workbook, []


def _sheet_values(workbook: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every cell value of every sheet, by sheet name."""
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def _zip_parts(data: bytes) -> dict[str, bytes]:
    """Every member of a zip file, uncompressed (CRCs checked)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _workbook_content(
    workbook: Any, data: bytes, record: Record, seal: Seal, bundle: PolicyBundle, document: bytes
) -> Check:
    """Compare the workbook with one rendered afresh from the signed record: cells, then parts."""
    from openpyxl import load_workbook

    props = {p.name: p.value for p in workbook.custom_doc_props.props}
    lang = props.get("osai_procure_lang")
    if record.tool.version != props.get("osai_procure_tool_version"):
        return _fail(
            "workbook_content",
            "tampered",
            "tampered: the workbook's tool version property does not match the record",
        )
    if record.tool.version != __version__:
        return Check(
            "workbook_content",
            "skip",
            f"made by osai-procure {record.tool.version}; this is {__version__}: the "
            "sheets were not compared (the record itself is verified)",
        )
    if record.versions.wording != wording_digest():
        return Check(
            "workbook_content",
            "skip",
            "the sheets were worded with another edition of the sentences than this one: they "
            "were not compared (the record itself is verified)",
        )
    if lang not in ("ja", "en"):
        return _fail("workbook_content", "tampered", "tampered: the language property is missing")
    report = build_report(
        bundle,
        answers_of(record),
        record.evaluation,
        record.signoff,
        record.generated_at,
        seal=seal,
        spdx_list_version=record.spdx_list_version,
    )
    fresh = render_xlsx(report, lang, document=document)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = load_workbook(io.BytesIO(fresh))
    want, got = _sheet_values(expected), _sheet_values(workbook)
    if list(want) != list(got):
        return _fail(
            "workbook_content",
            "tampered",
            f"tampered: sheets are {list(got)}, expected {list(want)}",
        )
    for name, rows in want.items():
        if rows != got[name]:
            row = next(
                (i for i, (a, b) in enumerate(zip(rows, got[name], strict=False), 1) if a != b),
                min(len(rows), len(got[name])) + 1,
            )
            return _fail(
                "workbook_content",
                "tampered",
                f"tampered: sheet {name!r} row {row} differs from the signed record",
            )
    want_parts, got_parts = _zip_parts(fresh), _zip_parts(data)
    for name in sorted(set(want_parts) | set(got_parts)):
        if want_parts.get(name) != got_parts.get(name):
            return _fail(
                "workbook_content",
                "tampered",
                f"tampered: the workbook part {name} differs from the signed record "
                "(formatting, properties or structure changed)",
            )
    if fresh != data:
        return Check(
            "workbook_content",
            "warn",
            "every sheet and part matches the signed record; only the zip container "
            "differs (timestamps or compression)",
        )
    return _ok("workbook_content", "every sheet matches the signed record, byte for byte")


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
            None, (_fail("format", "unreadable", "not a PDF, an .xlsx workbook or a JSON record"),)
        )
    checks: list[Check] = []
    document: bytes | None
    workbook: Any = None
    pdf_cert: str | None = None
    if kind == "pdf":
        document, pdf_cert, found = _pdf_checks(data)
        checks += found
    elif kind == "xlsx":
        document, workbook, found = _workbook(data)
        checks += found
    else:
        document = data
    if document is None:
        return VerificationResult(kind, tuple(checks))
    try:
        parsed: RecordDocument = read_record_document(document)
    except RecordError as exc:
        checks.append(_fail("record", "tampered", f"tampered: {exc}"))
        return VerificationResult(kind, tuple(checks))
    record, envelope = parsed.record, parsed.envelope
    checks += verify_record(parsed.payload, envelope, public_key=public_key)
    if kind == "pdf" and envelope is not None and pdf_cert is not None:
        if envelope.pdf_certificate_sha256 == pdf_cert:
            checks.append(
                _ok(
                    "pdf_certificate",
                    "the PDF was signed with the certificate named in the record signature",
                )
            )
        else:
            checks.append(
                _fail(
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
        checks.append(_workbook_content(workbook, data, record, seal, bundle, document))
    return VerificationResult(kind, tuple(checks), record, envelope)


# -- the whole set ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSet:
    """A report in every format, from one record."""

    record: Record
    report: Report
    document: bytes
    pdf: bytes | None
    xlsx: bytes | None


def export_reports(
    bundle: PolicyBundle,
    answers: AnswersFile,
    evaluation: Evaluation,
    signoff: SignOff,
    generated_at: str,
    *,
    lang: Lang,
    keys: KeySet | None = None,
    pdf: bool = True,
    xlsx: bool = True,
    fonts: Fonts | None = None,
) -> ReportSet:
    """Build the record, sign it (when keys are given), and render the PDF and workbook.

    Raises:
        SigningError: signing was asked for without an approver in the sign-off.
        FontNotFoundError: no Japanese font is installed for the PDF.
    """
    record = build_record(bundle, answers, evaluation, signoff, generated_at)
    payload = canonical_record(record)
    envelope = None
    if keys is not None:
        if signoff.entry("approver") is None:
            raise SigningError("the approver signs the record: add an approver to the sign-off")
        envelope = sign_record(payload, keys)
    document = record_document(record, envelope)
    seal = Seal(record_sha256=sha256_hex(payload), envelope=envelope)
    report = build_report(
        bundle,
        answers,
        evaluation,
        signoff,
        generated_at,
        seal=seal,
        spdx_list_version=record.spdx_list_version,
    )
    pdf_bytes = None
    if pdf:
        pdf_bytes = render_pdf(report, lang, fonts=fonts)
        if keys is not None:
            approver = signoff.entry("approver")
            pdf_bytes = sign_pdf(
                pdf_bytes,
                document,
                keys,
                reason=f"{NAMESPACE} record SHA-256 {seal.record_sha256}",
                signer_name=approver.name if approver else None,
            )
        else:
            pdf_bytes = attach_record(pdf_bytes, document)
    xlsx_bytes = render_xlsx(report, lang, document=document) if xlsx else None
    return ReportSet(record, report, document, pdf_bytes, xlsx_bytes)
