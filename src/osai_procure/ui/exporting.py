"""The app's glue to reports and signing (no Streamlit): which keys and trust store this
installation uses, file names, and turning the core's errors into the page's exceptions.

Building, signing and rendering a report is the core's one export path
(`signing.export`), the same the CLI calls; verifying and explaining a report is
`signing.verify` and `signing.explain`. Heavy modules (reportlab, openpyxl, pyHanko) load on
first use.

An approval signs the record once; the store keeps that signed record document, and every later
export of the approved revision (any format, either language) carries exactly that record and
signature, so all of them verify against one digest.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osai_procure.engine import evaluate
from osai_procure.errors import CodedError, ContentError, OsaiProcureError
from osai_procure.loading import ContentLibrary, PolicyBundle
from osai_procure.models.base import I18n, Lang
from osai_procure.models.evaluation import Evaluation
from osai_procure.store import AssessmentRecord, SignOff
from osai_procure.ui.records import report_signoff

if TYPE_CHECKING:
    from osai_procure.signing.explain import Explanation
    from osai_procure.signing.keys import KeySet
    from osai_procure.signing.trust import TrustStore

MIME: dict[str, str] = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


class ExportUnavailable(Exception):
    """A report cannot be produced here (no usable font or key, a damaged signed record); it
    carries the core's error, worded in the page's language by its code."""

    def __init__(self, error: OsaiProcureError | SigningUnavailable) -> None:
        super().__init__(str(error))
        self.error = error

    def text(self, lang: Lang) -> str:
        """What happened and what to do, in the page's language (a problem without a code as
        the core wrote it)."""
        from osai_procure.render.record import RecordError
        from osai_procure.signing import SigningError

        error = self.error
        if isinstance(error, SigningUnavailable | SigningError | CodedError):
            said = error.text(lang)
        else:
            said = str(error)
        if isinstance(error, RecordError):
            # Only the record kept at approval is read back here: the store's copy is damaged.
            joiner = "" if lang == "ja" else " "
            return _sentence(RECORD_DAMAGED.get(lang), lang) + joiner + _sentence(said, lang)
        return _sentence(said, lang)


class SigningUnavailable(Exception):
    """The record cannot be signed (no key, or a key that cannot be used); a key problem
    carries its code (`wording.KEY_PROBLEMS`) so the page words it in its own language."""

    def __init__(self, error: OsaiProcureError) -> None:
        super().__init__(str(error))
        self.error = error

    def text(self, lang: Lang) -> str:
        """Why, in the page's language (a problem without a code as the core wrote it)."""
        from osai_procure.signing import SigningError

        if isinstance(self.error, SigningError):
            return self.error.text(lang)
        return str(self.error)


def _sentence(text: str, lang: Lang) -> str:
    """A message as a finished sentence in its language (a message that is a clause of a
    longer one in the CLI has no full stop)."""
    text = text.strip()
    if lang == "ja":
        return text if text.endswith("。") else text + "。"
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


RECORD_DAMAGED = I18n(
    ja="この版の承認時に保存した署名付きの記録を読み取れないため、報告書を作成できません。"
    "システム管理者に連絡してください（原因は次のとおりです）",
    en="The signed record kept when this revision was approved cannot be read, so no report "
    "can be made from it; tell the administrator (the cause follows)",
)


class UnreadableReport(Exception):
    """An uploaded file is not a report this tool can read; why, in both languages."""

    def __init__(self, reason: I18n) -> None:
        super().__init__(reason.en)
        self.reason = reason

    def text(self, lang: Lang) -> str:
        """Why, in the page's language."""
        return self.reason.get(lang)


@dataclass(frozen=True)
class Made:
    """A produced report."""

    filename: str
    data: bytes
    signed: bool


def _now() -> datetime:
    """The clock of the app's edge."""
    return datetime.now(UTC)


def _slug(text: str) -> str:
    """A file-name-safe slug (ASCII letters, digits, dashes)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:40] or "assessment"


def file_name(record: AssessmentRecord, fmt: str, lang: Lang) -> str:
    """`osai-<system>-r<revision>-<lang>.<fmt>`; a draft also names its version."""
    stem = f"osai-{_slug(record.info.system.name)}-r{record.revision}"
    if record.status != "approved":
        stem += f"-v{record.version}-draft"
    return f"{stem}-{lang}.{fmt}"


# -- keys and the approval signature ----------------------------------------------------------


def key_dir() -> Path:
    """Where this installation's signing keys live (outside any repository)."""
    from osai_procure.signing import default_key_dir

    return default_key_dir(os.environ, Path.home())


def unencrypted_allowed() -> bool:
    """Whether the administrator allowed unencrypted signing keys on purpose."""
    from osai_procure.signing.keys import unencrypted_allowed

    return unencrypted_allowed(os.environ)


KEYS_UNENCRYPTED = I18n(
    ja="この環境の署名鍵は暗号化されずに保存されています（管理者が明示的に許可しています）。"
    "サーバーのファイルを読める人は誰でもこの鍵で署名できます。",
    en="This installation's signing keys are stored unencrypted (the administrator allowed it "
    "explicitly). Anyone who can read the server's files can sign with them.",
)


def key_notice() -> I18n | None:
    """What the app must say about the keys at rest: a warning when they are unencrypted."""
    from osai_procure.signing.keys import passphrase_from

    if unencrypted_allowed() and passphrase_from(os.environ) is None:
        return KEYS_UNENCRYPTED
    return None


def _keys() -> KeySet:
    """This installation's keys, created on first use.

    Raises:
        SigningUnavailable: they cannot be created or loaded.
    """
    from osai_procure.signing import SigningError, ensure_keys
    from osai_procure.signing.keys import passphrase_from

    try:
        return ensure_keys(
            key_dir(),
            now=_now(),
            passphrase=passphrase_from(os.environ),
            unencrypted=unencrypted_allowed(),
        )
    except SigningError as exc:
        raise SigningUnavailable(exc) from None


def signing_keys() -> KeySet:
    """This installation's keys, created on first use (for signing other records, such as a
    preservation drill).

    Raises:
        SigningUnavailable: they cannot be created or loaded.
    """
    return _keys()


def sign_approval(bundle: PolicyBundle, record: AssessmentRecord, entry: SignOff) -> dict[str, Any]:
    """Build and sign the record that the approval `entry` completes; return what the store
    keeps: the signed record document, its digest, the key fingerprint and the time.

    Raises:
        SigningUnavailable: no usable key, or the record cannot be signed.
    """
    from osai_procure.signing.export import seal_record

    keys = _keys()
    answers = record.answers_file()
    signoff = report_signoff((*record.signoffs, entry))
    generated_at = _now().isoformat(timespec="seconds")
    try:
        sealed = seal_record(
            bundle, answers, evaluate(bundle, answers), signoff, generated_at, keys=keys
        )
    except OsaiProcureError as exc:
        raise SigningUnavailable(exc) from None
    assert sealed.envelope is not None  # keys were given
    return {
        "document": sealed.document.decode("utf-8"),
        "record_sha256": sealed.seal.record_sha256,
        "key_fingerprint": sealed.envelope.key_fingerprint,
        "pdf_certificate_sha256": sealed.envelope.pdf_certificate_sha256,
        "generated_at": generated_at,
    }


def sign_chain_head(assessment_id: str, head: str) -> dict[str, Any]:
    """Sign the history chain head an approval completes, with the installation's record key
    (its own purpose, so it can never pass for a signed report).

    Raises:
        SigningUnavailable: no usable key.
    """
    from osai_procure.signing import sign_record
    from osai_procure.store.chain import HISTORY_NAMESPACE, head_payload

    keys = _keys()
    try:
        envelope = sign_record(head_payload(assessment_id, head), keys, namespace=HISTORY_NAMESPACE)
    except OsaiProcureError as exc:
        raise SigningUnavailable(exc) from None
    return {"head": head, "envelope": envelope.model_dump(mode="json")}


_SIGNATURE_LABELS = {
    "record_sha256": I18n(ja="記録のSHA-256", en="Record SHA-256"),
    "key_fingerprint": I18n(ja="署名鍵（Ed25519）の指紋", en="Signing key (Ed25519) fingerprint"),
    "pdf_certificate_sha256": I18n(ja="PDF署名証明書のSHA-256", en="PDF certificate SHA-256"),
    "generated_at": I18n(ja="署名日時", en="Signed at"),
}
_CHAIN_LABEL = I18n(ja="変更履歴の先頭ハッシュ", en="History chain head")


def signature_facts(signature: dict[str, Any]) -> list[tuple[I18n, str]]:
    """Plain facts about a stored approval signature, for display."""
    facts = [
        (label, str(signature[key]))
        for key, label in _SIGNATURE_LABELS.items()
        if signature.get(key)
    ]
    chain = signature.get("chain")
    if isinstance(chain, dict) and chain.get("head"):
        facts.append((_CHAIN_LABEL, str(chain["head"])))
    return facts


# -- exports ----------------------------------------------------------------------------------


def build_export(
    bundle: PolicyBundle, record: AssessmentRecord, evaluation: Evaluation, fmt: str, lang: Lang
) -> Made:
    """Build a report of the assessment through the core's export path: the record signed at
    approval for an approved revision, an unsigned draft of the current version otherwise.

    Raises:
        ExportUnavailable: the report cannot be produced here (e.g. no Japanese font, no key).
    """
    from osai_procure.signing import export_reports
    from osai_procure.signing.export import export_signed_document

    signed = record.status == "approved" and bool(record.signature)
    try:
        if signed:
            assert record.signature is not None
            document = str(record.signature["document"]).encode("utf-8")
            if fmt == "json":
                return Made(file_name(record, fmt, lang), document, True)
            keys = _keys() if fmt == "pdf" else None
            reports = export_signed_document(
                bundle, document, lang=lang, keys=keys, pdf=fmt == "pdf", xlsx=fmt == "xlsx"
            )
        else:
            reports = export_reports(
                bundle,
                record.answers_file(),
                evaluation,
                report_signoff(record.signoffs),
                _now().isoformat(timespec="seconds"),
                lang=lang,
                keys=None,
                pdf=fmt == "pdf",
                xlsx=fmt == "xlsx",
            )
    except (OsaiProcureError, SigningUnavailable) as exc:
        raise ExportUnavailable(exc) from None
    data = {"pdf": reports.pdf, "xlsx": reports.xlsx, "json": reports.document}[fmt]
    assert data is not None
    return Made(file_name(record, fmt, lang), data, signed)


# -- verification ------------------------------------------------------------------------------


class TrustUnavailable(Exception):
    """The administrator's trust file (or the installation's own key) cannot be read; every
    problem located and worded in the page's language by its code."""

    def __init__(self, error: OsaiProcureError) -> None:
        super().__init__(str(error))
        self.error = error

    def text(self, lang: Lang) -> str:
        """The problems, one a line, in the page's language (a problem without a code as the
        core wrote it)."""
        from osai_procure.signing import SigningError
        from osai_procure.wording import problem_text

        error = self.error
        if isinstance(error, ContentError):
            return "\n".join(problem_text(problem, lang) for problem in error.problems)
        if isinstance(error, SigningError | CodedError):
            return error.text(lang)
        return str(error)


def trust_store() -> TrustStore:
    """The agency's trust store (trust.yaml beside the key directory) and this installation's
    own key; configured by the administrator, never by whoever uploads a report.

    Raises:
        TrustUnavailable: the trust file is malformed, or the installation's key unreadable.
    """
    from osai_procure.signing.trust import default_trust_file, load_trust_store

    try:
        return load_trust_store(default_trust_file(os.environ, Path.home()), key_dir=key_dir())
    except OsaiProcureError as exc:
        raise TrustUnavailable(exc) from None


def verify_upload(data: bytes, library: ContentLibrary, trust: TrustStore) -> Explanation:
    """Verify an uploaded report against the trust store and explain it in plain language.

    Raises:
        UnreadableReport: the file is not a PDF, workbook or JSON record at all.
    """
    from osai_procure.signing import verify_report
    from osai_procure.signing.explain import explain, technical

    # Bytes, not a path: nothing here can fail to be opened.
    result = verify_report(data, library=library, trust=trust)
    if result.kind is None:
        raise UnreadableReport(technical(result.failures[0]))
    return explain(result)


def clauses_workbook(bundle: PolicyBundle, lang: Lang) -> bytes:
    """The policy's contract clauses and Annex of accepted terms as a workbook in `lang`: the
    same core functions as `osai-procure clauses -o FILE.xlsx`."""
    from osai_procure.contract import build_contract
    from osai_procure.render.contract_xlsx import render_contract_xlsx

    return render_contract_xlsx(build_contract(bundle), lang)


def clauses_file_name(bundle: PolicyBundle, lang: Lang) -> str:
    """The download name of the clauses workbook: policy id, version and language."""
    policy = bundle.policy
    return f"clauses-{_slug(policy.id)}-{_slug(policy.version)}-{lang}.xlsx"
