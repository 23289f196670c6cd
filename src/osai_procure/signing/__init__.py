"""Signed reports: keys, signing, verification and the one export path, one module per job.

- `keys`: where the installation's keys live, generating, loading and fingerprinting them.
- `sign`: the record's Ed25519 envelope (bound to a namespace) and the PAdES-signed PDF.
- `trust`: which signers this installation trusts (pinned keys, X.509 anchors).
- `verify`, `verify_pdf`, `verify_xlsx`, `checks`: verification of the three formats.
- `reperform`: the recorded verdicts evaluated again and compared, rule changes told apart.
- `explain`: a verification told in plain words (the page and the CLI).
- `export`: build the record, sign it and render it, or render a record signed earlier;
  the CLI and the app both call it.
"""

from __future__ import annotations

from osai_procure.signing.checks import Check, CheckStatus, Problem
from osai_procure.signing.export import (
    ReportSet,
    SealedRecord,
    export_reports,
    export_signed_document,
    seal_record,
)
from osai_procure.signing.keys import (
    HOME_ENV,
    PASSPHRASE_ENV,
    PDF_CERT_FILE,
    PDF_KEY_FILE,
    RECORD_KEY_FILE,
    RECORD_PUBLIC_FILE,
    KeySet,
    SigningError,
    default_key_dir,
    ensure_keys,
    export_public_key,
    fingerprint,
    generate_keys,
    load_keys,
    load_public_key,
)
from osai_procure.signing.reperform import find_policy
from osai_procure.signing.sign import NAMESPACE, PDF_FIELD, attach_record, sign_pdf, sign_record
from osai_procure.signing.verify import (
    FileKind,
    VerificationResult,
    verify_record,
    verify_report,
)

__all__ = [
    "HOME_ENV",
    "NAMESPACE",
    "PASSPHRASE_ENV",
    "PDF_CERT_FILE",
    "PDF_FIELD",
    "PDF_KEY_FILE",
    "RECORD_KEY_FILE",
    "RECORD_PUBLIC_FILE",
    "Check",
    "CheckStatus",
    "FileKind",
    "KeySet",
    "Problem",
    "ReportSet",
    "SealedRecord",
    "SigningError",
    "VerificationResult",
    "attach_record",
    "default_key_dir",
    "ensure_keys",
    "export_public_key",
    "export_reports",
    "export_signed_document",
    "find_policy",
    "fingerprint",
    "generate_keys",
    "load_keys",
    "load_public_key",
    "seal_record",
    "sign_pdf",
    "sign_record",
    "verify_record",
    "verify_report",
]
