"""The app's bridge to reports and signing (no Streamlit): sign an approval, build an export,
verify an uploaded report. Heavy modules (reportlab, openpyxl, pyHanko) load on first use.

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
from typing import Any

from osai_procure.engine import evaluate
from osai_procure.errors import OsaiProcureError
from osai_procure.loading import ContentLibrary, PolicyBundle
from osai_procure.models.base import I18n, Lang
from osai_procure.models.evaluation import Evaluation
from osai_procure.store import AssessmentRecord, SignOff
from osai_procure.ui.records import report_signoff

MIME: dict[str, str] = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


class ExportUnavailable(Exception):
    """A format or a check cannot be produced here (missing font, module or key)."""


class SigningUnavailable(Exception):
    """The record cannot be signed (no key, or a key that cannot be used)."""


class UnreadableReport(Exception):
    """An uploaded file is not a report this tool can read."""


@dataclass(frozen=True)
class Made:
    """A produced report."""

    filename: str
    data: bytes
    signed: bool


@dataclass(frozen=True)
class Check:
    """One verification check: a plain title, a plain summary, the technical detail."""

    name: str
    title: I18n
    summary: I18n
    detail: str
    ok: bool | None


@dataclass(frozen=True)
class Outcome:
    """The verdict on an uploaded report, the checks behind it, and what the record says."""

    ok: bool
    reason: I18n
    checks: tuple[Check, ...]
    facts: tuple[tuple[I18n, I18n], ...]
    questions: tuple[Any, ...] = ()  # signing.explain.Answer: unchanged, who signed, re-performs


def _t(ja: str, en: str) -> I18n:
    """A bilingual text."""
    return I18n(ja=ja, en=en)


CHECK_TITLES: dict[str, I18n] = {
    "format": _t("ファイル形式", "File format"),
    "pdf": _t("PDFの構造と添付された記録", "PDF structure and attached record"),
    "pdf_signature": _t("PDFの電子署名（PAdES）", "PDF signature (PAdES)"),
    "pdf_certificate": _t(
        "PDF署名の証明書と記録の署名の対応", "PDF certificate matches the record signature"
    ),
    "workbook": _t("ワークブックの記録シート", "Workbook record sheet"),
    "workbook_content": _t("ワークブックの内容と記録の一致", "Workbook content matches the record"),
    "record": _t("機械可読の記録", "Machine-readable record"),
    "record_digest": _t("記録のダイジェスト（SHA-256）", "Record digest (SHA-256)"),
    "record_signature": _t("記録の電子署名（Ed25519）", "Record signature (Ed25519)"),
    "signer_key": _t("署名者の鍵（信頼済みか）", "Signer's key (trusted?)"),
    "pdf_signer": _t("PDF署名の証明書（信頼済みか）", "PDF certificate (trusted?)"),
    "policy": _t("ポリシーの特定（ID・版・ダイジェスト）", "Policy found (id, version, digest)"),
    "questionnaires": _t("質問票の一致", "Questionnaires match"),
    "verdicts": _t("判定の再計算", "Verdicts re-computed"),
}
PROBLEMS: dict[str, I18n] = {
    "unreadable": _t(
        "このファイルは報告書として読み取れません。", "This file cannot be read as a report."
    ),
    "tampered": _t(
        "署名の後で内容が変更されています（改ざんの可能性があります）。",
        "The content changed after it was signed (it may have been tampered with).",
    ),
    "not_signed": _t("署名されていません。", "It is not signed."),
    "wrong_key": _t(
        "想定とは異なる鍵で署名されています。", "It was signed with a different key than expected."
    ),
    "wrong_purpose": _t(
        "別の用途のための署名です。", "The signature was made for another purpose."
    ),
    "unknown_policy_version": _t(
        "記録されたポリシーの版がこの環境にないため、判定を再計算できません。",
        "The recorded policy version is not available here, so the verdicts cannot be re-computed.",
    ),
    "content_changed": _t(
        "質問票の内容が記録時と異なります。", "The questionnaires differ from those recorded."
    ),
    "verdict_not_reproduced": _t(
        "再計算した判定が記録と一致しません。", "The re-computed verdicts differ from the record."
    ),
    "unknown_signer": _t(
        "この環境が信頼していない鍵で署名されています。署名者を確認できません。",
        "It was signed with a key this installation does not trust: the signer is unknown.",
    ),
}
PASSED = _t("確認できました。", "Confirmed.")
NOT_A_RECORD = _t(
    "このツールの評価記録として読み取れません（別のファイルか、内容が変更されています）。",
    "It cannot be read as an assessment record of this tool (another file, or altered).",
)
SIGNER_KEY_NOTE = _t(
    "署名した鍵の指紋です。機関が公開している承認者の鍵の指紋と照合してください。",
    "The fingerprint of the signing key. Compare it with the approver key fingerprint your "
    "agency publishes.",
)
VERIFIED = _t(
    "この報告書は署名後に変更されておらず、信頼済みの鍵で署名され、判定も再現できました。",
    "This report is unchanged since it was signed, it was signed by a trusted key, and its "
    "verdicts were reproduced.",
)


def _same(text: str) -> I18n:
    """Text shown as written in both languages."""
    return I18n(ja=text, en=text)


def _verdict(verdict: str) -> I18n:
    """A verdict id in both languages (the UI's own wording)."""
    from osai_procure.ui.i18n import STRINGS

    pair = STRINGS.get(f"verdict.{verdict}")
    return I18n(ja=pair[0], en=pair[1]) if pair else _same(verdict)


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
    from osai_procure.signing.keys import UNENCRYPTED_ENV

    return os.environ.get(UNENCRYPTED_ENV, "").strip().lower() in ("1", "true", "yes")


KEYS_UNENCRYPTED = _t(
    "この環境の署名鍵は暗号化されずに保存されています（管理者が明示的に許可しています）。"
    "サーバーのファイルを読める人は誰でもこの鍵で署名できます。",
    "This installation's signing keys are stored unencrypted (the administrator allowed it "
    "explicitly). Anyone who can read the server's files can sign with them.",
)


def key_notice() -> I18n | None:
    """What the app must say about the keys at rest: a warning when they are unencrypted."""
    from osai_procure.signing import PASSPHRASE_ENV

    if unencrypted_allowed() and not os.environ.get(PASSPHRASE_ENV):
        return KEYS_UNENCRYPTED
    return None


def _keys() -> Any:
    """This installation's keys, created on first use.

    Raises:
        SigningUnavailable: they cannot be created or loaded.
    """
    from osai_procure.signing import PASSPHRASE_ENV, SigningError, ensure_keys

    passphrase = os.environ.get(PASSPHRASE_ENV)
    try:
        return ensure_keys(
            key_dir(),
            now=_now(),
            passphrase=passphrase.encode() if passphrase else None,
            unencrypted=unencrypted_allowed(),
        )
    except SigningError as exc:
        raise SigningUnavailable(str(exc)) from None


def signing_keys() -> Any:
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
    from osai_procure.render.record import (
        canonical_record,
        record_document,
        sha256_hex,
    )
    from osai_procure.report import build_record
    from osai_procure.signing import sign_record

    keys = _keys()
    answers = record.answers_file()
    evaluation = evaluate(bundle, answers)
    signoff = report_signoff((*record.signoffs, entry))
    generated_at = _now().isoformat(timespec="seconds")
    try:
        signed = build_record(bundle, answers, evaluation, signoff, generated_at)
        payload = canonical_record(signed)
        envelope = sign_record(payload, keys)
        document = record_document(signed, envelope)
    except OsaiProcureError as exc:
        raise SigningUnavailable(str(exc)) from None
    return {
        "document": document.decode("utf-8"),
        "record_sha256": sha256_hex(payload),
        "key_fingerprint": envelope.key_fingerprint,
        "pdf_certificate_sha256": envelope.pdf_certificate_sha256,
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
        raise SigningUnavailable(str(exc)) from None
    return {"head": head, "envelope": envelope.model_dump(mode="json")}


def signature_facts(signature: dict[str, Any]) -> list[tuple[I18n, str]]:
    """Plain facts about a stored approval signature, for display."""
    labels = {
        "record_sha256": _t("記録のSHA-256", "Record SHA-256"),
        "key_fingerprint": _t("署名鍵（Ed25519）の指紋", "Signing key (Ed25519) fingerprint"),
        "pdf_certificate_sha256": _t("PDF署名証明書のSHA-256", "PDF certificate SHA-256"),
        "generated_at": _t("署名日時", "Signed at"),
    }
    facts = [(label, str(signature[key])) for key, label in labels.items() if signature.get(key)]
    chain = signature.get("chain")
    if isinstance(chain, dict) and chain.get("head"):
        facts.append((_t("変更履歴の先頭ハッシュ", "History chain head"), str(chain["head"])))
    return facts


# -- exports ----------------------------------------------------------------------------------


def build_export(
    bundle: PolicyBundle, record: AssessmentRecord, evaluation: Evaluation, fmt: str, lang: Lang
) -> Made:
    """Build a report of the assessment: the signed record when approved, a draft otherwise.

    Raises:
        ExportUnavailable: the report cannot be produced here (e.g. no Japanese font).
    """
    try:
        if record.status == "approved" and record.signature:
            return _signed_export(bundle, record, fmt, lang)
        return _draft_export(bundle, record, evaluation, fmt, lang)
    except OsaiProcureError as exc:
        raise ExportUnavailable(str(exc)) from None


def _draft_export(
    bundle: PolicyBundle, record: AssessmentRecord, evaluation: Evaluation, fmt: str, lang: Lang
) -> Made:
    """An unsigned report of the current version (its sign-off shows as incomplete)."""
    from osai_procure.signing import export_reports

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
    data = {"pdf": reports.pdf, "xlsx": reports.xlsx, "json": reports.document}[fmt]
    assert data is not None
    return Made(file_name(record, fmt, lang), data, False)


def _signed_export(bundle: PolicyBundle, record: AssessmentRecord, fmt: str, lang: Lang) -> Made:
    """A report of the approved revision, carrying the record signed at approval."""
    from osai_procure.models.report import Seal
    from osai_procure.render.record import read_record_document, sha256_hex
    from osai_procure.report import answers_of, build_report

    assert record.signature is not None
    document = str(record.signature["document"]).encode("utf-8")
    if fmt == "json":
        return Made(file_name(record, fmt, lang), document, True)
    parsed = read_record_document(document)
    signed = parsed.record
    seal = Seal(record_sha256=sha256_hex(parsed.payload), envelope=parsed.envelope)
    report = build_report(
        bundle,
        answers_of(signed),
        signed.evaluation,
        signed.signoff,
        signed.generated_at,
        seal=seal,
        spdx_list_version=signed.spdx_list_version,
    )
    if fmt == "xlsx":
        from osai_procure.render.xlsx import render_xlsx

        return Made(
            file_name(record, fmt, lang), render_xlsx(report, lang, document=document), True
        )
    from osai_procure.render.pdf import render_pdf
    from osai_procure.signing import NAMESPACE, sign_pdf

    approver = signed.signoff.entry("approver")
    pdf = render_pdf(report, lang)
    try:
        keys = _keys()
    except SigningUnavailable as exc:
        raise ExportUnavailable(str(exc)) from None
    signed_pdf = sign_pdf(
        pdf,
        document,
        keys,
        reason=f"{NAMESPACE} record SHA-256 {seal.record_sha256}",
        signer_name=approver.name if approver else None,
    )
    return Made(file_name(record, fmt, lang), signed_pdf, True)


# -- verification ------------------------------------------------------------------------------


def trust_store() -> Any:
    """The agency's trust store (trust.yaml beside the key directory) and this installation's
    own key; configured by the administrator, never by whoever uploads a report.

    Raises:
        OsaiProcureError: the trust file is malformed.
    """
    from osai_procure.signing.trust import default_trust_file, load_trust_store

    return load_trust_store(default_trust_file(os.environ, Path.home()), key_dir=key_dir())


def verify_upload(data: bytes, library: ContentLibrary, trust: Any) -> Outcome:
    """Verify an uploaded report against the trust store; explain it in plain language.

    Raises:
        UnreadableReport: the file is not a PDF, workbook or JSON record at all.
    """
    from osai_procure.signing import SigningError, verify_report
    from osai_procure.signing.explain import three_questions

    try:
        result = verify_report(data, library=library, trust=trust)
    except SigningError as exc:
        raise UnreadableReport(str(exc)) from None
    if result.kind is None:
        raise UnreadableReport(result.reason)
    checks = []
    for check in result.checks:
        title = CHECK_TITLES.get(check.name, _t(check.name, check.name))
        if check.status == "pass":
            summary, ok = PASSED, True
        elif check.status == "fail":
            summary = PROBLEMS.get(check.problem or "", _t("問題があります。", "A problem."))
            if check.name in ("record", "format"):
                summary = NOT_A_RECORD
            ok = False
        else:
            summary = (
                SIGNER_KEY_NOTE if check.name == "signer_key" else _t("参考", "For information")
            )
            ok = None
        detail = check.detail
        if check.name == "signer_key" and result.envelope is not None:
            detail = result.envelope.key_fingerprint
        checks.append(Check(check.name, title, summary, detail, ok))
    facts: list[tuple[I18n, I18n]] = []
    record = result.record
    if record is not None:
        system = record.assessment.system
        facts += [
            (_t("件名", "Title"), _same(record.assessment.title)),
            (
                _t("AIシステム", "AI system"),
                _same(" ".join(x for x in (system.name, system.version or "") if x)),
            ),
            (_t("ポリシー", "Policy"), _same(f"{record.policy.id} {record.policy.version}")),
            (_t("OSAID 判定", "OSAID verdict"), _verdict(record.evaluation.osaid.verdict)),
            (_t("ポリシー判定", "Policy verdict"), _verdict(record.evaluation.policy.verdict)),
            (_t("作成日時", "Generated at"), _same(record.generated_at)),
        ]
        approver = record.signoff.entry("approver")
        if approver is not None:
            facts.append(
                (
                    _t("承認者", "Approver"),
                    _same(
                        " · ".join(x for x in (approver.name, approver.title, approver.date) if x)
                    ),
                )
            )
    failed = [c for c in checks if c.ok is False]
    if result.ok:
        reason = VERIFIED
    elif failed:
        reason = failed[0].summary  # the first failure, in plain words
    else:
        reason = PROBLEMS["not_signed"]
    return Outcome(result.ok, reason, tuple(checks), tuple(facts), three_questions(result))


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
