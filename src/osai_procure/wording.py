"""The one catalogue of the sentences that explain a verdict: reason codes become words here.

The engine stores *why* as data (`models.evaluation.Reason`: a code and its parameters) and a
signed record keeps that data. The words are produced when a page, the PDF, the workbook or
the CLI text is rendered, from the templates below, so fixing a typo or translating a sentence
never changes a signed verdict. Each template names the `Reason` fields it fills in with
`{field}`; a test checks every code has both languages and names only real fields.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

from osai_procure.models.base import I18n, Lang
from osai_procure.models.evaluation import Reason, ReasonCode

# (ja, en) for each reason code. Parameters: question, criterion, value, required, licence,
# licence_kind, content_type, flags, met, of, needed.
REASONS: Final[Mapping[ReasonCode, tuple[str, str]]] = {
    "not_shown": (
        "{question}: この回答では表示されない設問（該当なし）",
        "{question}: not shown for these answers (not applicable)",
    ),
    "unanswered": ("{question}: 未回答", "{question}: not answered yet"),
    "answer_differs": (
        "{question}: 回答は {value}、必要なのは {required}",
        "{question}: answered {value}, required {required}",
    ),
    "answer_not_listed": (
        "{question}: 回答は {value}、必要なのは {required} のいずれか",
        "{question}: answered {value}, required one of {required}",
    ),
    "choice_missing": (
        "{question}: {required} が選択されていない",
        "{question}: {required} not chosen",
    ),
    "number_below": (
        "{question}: {value} は {required} 未満",
        "{question}: {value} is below {required}",
    ),
    "component_not_used": (
        "{question}: 使用していない（該当なし）",
        "{question}: not used (not applicable)",
    ),
    "component_not_released": ("{question}: 公開されていない", "{question}: not released"),
    "terms_not_stated": (
        "{question}: 公開されているが、条件（ライセンス）が不明",
        "{question}: released, but its terms are not stated",
    ),
    "terms_not_accepted": (
        "{question}: 「{licence}」は {content_type} について受け入れられる条件ではない"
        "（{licence_kind}）",
        "{question}: '{licence}' is not accepted for {content_type} ({licence_kind})",
    ),
    "licence_red_flags": (
        "{question}: ライセンス「{licence}」に問題条項: {flags}",
        "{question}: licence '{licence}' has red flags: {flags}",
    ),
    "criterion_not_met": ("基準 {criterion} を満たしていない", "criterion {criterion} is not met"),
    "criterion_unknown": ("基準 {criterion} は未確定", "criterion {criterion} is still unknown"),
    "too_few_alternatives": (
        "{of} 項目中 {met} 項目のみ充足（必要数 {needed}）",
        "only {met} of the {of} alternatives are met; {needed} needed",
    ),
}


def _shown(value: Any) -> str:
    """A parameter as a sentence shows it: lists joined, numbers without trailing zeros."""
    if isinstance(value, list | tuple):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, float):
        return f"{value:g}"
    if value is None:
        return "—"
    return str(value)


def reason_text(reason: Reason, lang: Lang) -> str:
    """The sentence for one reason, in one language."""
    ja, en = REASONS[reason.code]
    params = {name: _shown(value) for name, value in reason.__dict__.items() if name != "code"}
    return (ja if lang == "ja" else en).format(**params)


@lru_cache(maxsize=4096)
def _cached(reason_json: str) -> I18n:
    """Both sentences of a reason, memoised by its JSON form."""
    reason = Reason.model_validate_json(reason_json)
    return I18n(ja=reason_text(reason, "ja"), en=reason_text(reason, "en"))


def reason_i18n(reason: Reason) -> I18n:
    """Both sentences of a reason, as the report model carries them."""
    return _cached(reason.model_dump_json())


def wording_digest() -> str:
    """SHA-256 of this catalogue: a record states the wording its reports were rendered with."""
    data = json.dumps(dict(sorted(REASONS.items())), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


# The three questions Verify answers, and their answers, in plain language. Parameters:
# name, organisation, fingerprint, retired, osaid, policy, detail.
VERIFY: Final[Mapping[str, tuple[str, str]]] = {
    "q.unchanged": ("署名後に変更されていないか", "Unchanged since it was signed?"),
    "q.signer": ("誰が署名したか", "Who signed it?"),
    "q.reperformed": ("判定を再現できるか", "Does the verdict re-perform?"),
    "unchanged.yes": (
        "はい。署名とダイジェストが一致し、署名後の変更はありません。",
        "Yes: the signature and the digest hold; nothing changed after signing.",
    ),
    "unchanged.no": (
        "いいえ。署名の後で内容が変更されています（改ざんの可能性があります）。",
        "No: the content changed after it was signed (it may have been tampered with).",
    ),
    "unchanged.not_signed": (
        "署名がないため、変更されていないことを確認できません。",
        "It is not signed, so nothing shows it is unchanged.",
    ),
    "unchanged.unreadable": (
        "このツールの評価記録として読み取れません。",
        "It cannot be read as an assessment record of this tool.",
    ),
    "signer.trusted": (
        "信頼済みの鍵（{organisation}・{name}）による署名です。",
        "A trusted key of {name}, {organisation}.",
    ),
    "signer.installation": (
        "この環境自身の署名鍵による署名です。",
        "This installation's own signing key.",
    ),
    "signer.auditor": (
        "検証のために指定された鍵による署名です。",
        "The key given for this verification.",
    ),
    "signer.retired": ("（この鍵は {retired} に退役済み）", " (the key was retired on {retired})"),
    "signer.unknown": (
        "不明な鍵（{fingerprint}）による署名です。この環境はこの鍵を信頼していません。"
        "署名は内容が変わっていないことを示すだけで、誰が署名したかは示しません。",
        "An unknown key ({fingerprint}); this installation does not trust it. The signature "
        "shows the record is unchanged, not who signed it.",
    ),
    "signer.none": ("署名されていません。", "Nobody: it is not signed."),
    "signer.named": (
        "承認者として記載された氏名: {name}（入力された記載であり、鍵による証明ではありません）。",
        "Named as approver: {name} (as typed; the key, not the name, is what is proven)",
    ),
    "signer.not_authenticated": (
        "認証なし（ログインせずに入力された氏名）: {names}。",
        "Not authenticated (names typed without signing in): {names}.",
    ),
    "reperformed.yes": (
        "はい。記録された回答を記録されたポリシーで再評価し、同じ判定"
        "（OSAID: {osaid}、ポリシー: {policy}）になりました。",
        "Yes: re-evaluating the recorded answers with the recorded policy gives the same "
        "verdicts (OSAID: {osaid}; policy: {policy}).",
    ),
    "reperformed.no": (
        "いいえ。再評価した判定が記録と一致しません。署名された判定は OSAID: {osaid}、"
        "ポリシー: {policy}、再評価の結果は OSAID: {osaid_now}、ポリシー: {policy_now} です。",
        "No: the re-evaluated verdicts differ from the record. Signed: OSAID: {osaid}; policy: "
        "{policy}. Re-evaluated: OSAID: {osaid_now}; policy: {policy_now}.",
    ),
    "reperformed.no_detail": (
        "いいえ。再評価した判定が記録と一致しません: {detail}",
        "No: the re-evaluated verdicts differ from the record: {detail}",
    ),
    "reperformed.rules_changed": (
        "署名時の規則による判定（OSAID: {osaid}、ポリシー: {policy}）は記録どおりですが、その後に"
        "規則が変わったため、現在の規則では OSAID: {osaid_now}、ポリシー: {policy_now} となります"
        "（改ざんではありません。変わったもの: {causes}）。",
        "It was decided under the rules of its time (OSAID: {osaid}; policy: {policy}); the "
        "rules changed since, and today's rules give OSAID: {osaid_now}; policy: {policy_now} "
        "(this is not tampering; what changed: {causes}).",
    ),
    "reperformed.not_tried": (
        "再評価できませんでした: {detail}",
        "It could not be re-evaluated: {detail}",
    ),
    # The overall result and each check of a verification, in plain words.
    "verified": (
        "この報告書は署名後に変更されておらず、信頼済みの鍵で署名され、判定も再現できました。",
        "This report is unchanged since it was signed, it was signed by a trusted key, and its "
        "verdicts were reproduced.",
    ),
    "check.passed": ("確認できました。", "Confirmed."),
    "check.problem": ("問題があります。", "A problem."),
    "check.for_information": ("参考", "For information"),
    "check.not_a_record": (
        "このツールの評価記録として読み取れません（別のファイルか、内容が変更されています）。",
        "It cannot be read as an assessment record of this tool (another file, or altered).",
    ),
    "check.signer_key_note": (
        "署名した鍵の指紋です。機関が公開している承認者の鍵の指紋と照合してください。",
        "The fingerprint of the signing key. Compare it with the approver key fingerprint your "
        "agency publishes.",
    ),
    "title.format": ("ファイル形式", "File format"),
    "title.pdf": ("PDFの構造と添付された記録", "PDF structure and attached record"),
    "title.pdf_signature": ("PDFの電子署名（PAdES）", "PDF signature (PAdES)"),
    "title.pdf_certificate": (
        "PDF署名の証明書と記録の署名の対応",
        "PDF certificate matches the record signature",
    ),
    "title.workbook": ("ワークブックの記録シート", "Workbook record sheet"),
    "title.workbook_content": (
        "ワークブックの内容と記録の一致",
        "Workbook content matches the record",
    ),
    "title.record": ("機械可読の記録", "Machine-readable record"),
    "title.record_digest": ("記録のダイジェスト（SHA-256）", "Record digest (SHA-256)"),
    "title.record_signature": ("記録の電子署名（Ed25519）", "Record signature (Ed25519)"),
    "title.signer_key": ("署名者の鍵（信頼済みか）", "Signer's key (trusted?)"),
    "title.pdf_signer": ("PDF署名の証明書（信頼済みか）", "PDF certificate (trusted?)"),
    "title.policy": (
        "ポリシーの特定（ID・版・ダイジェスト）",
        "Policy found (id, version, digest)",
    ),
    "title.questionnaires": ("質問票の一致", "Questionnaires match"),
    "title.verdicts": ("判定の再計算", "Verdicts re-computed"),
    "problem.unreadable": (
        "このファイルは報告書として読み取れません。",
        "This file cannot be read as a report.",
    ),
    "problem.tampered": (
        "署名の後で内容が変更されています（改ざんの可能性があります）。",
        "The content changed after it was signed (it may have been tampered with).",
    ),
    "problem.not_signed": ("署名されていません。", "It is not signed."),
    "problem.wrong_key": (
        "想定とは異なる鍵で署名されています。",
        "It was signed with a different key than expected.",
    ),
    "problem.wrong_purpose": (
        "別の用途のための署名です。",
        "The signature was made for another purpose.",
    ),
    "problem.unknown_policy_version": (
        "記録されたポリシーの版がこの環境にないため、判定を再計算できません。",
        "The recorded policy version is not available here, so the verdicts cannot be re-computed.",
    ),
    "problem.content_changed": (
        "質問票の内容が記録時と異なります。",
        "The questionnaires differ from those recorded.",
    ),
    "problem.verdict_not_reproduced": (
        "再計算した判定が記録と一致しません。",
        "The re-computed verdicts differ from the record.",
    ),
    "problem.unknown_signer": (
        "この環境が信頼していない鍵で署名されています。署名者を確認できません。",
        "It was signed with a key this installation does not trust: the signer is unknown.",
    ),
    "problem.rules_changed": (
        "署名後に規則が変わったため、現在の規則では判定が異なります（改ざんではありません）。",
        "The rules changed since signing and today's rules give another verdict (this is not "
        "tampering).",
    ),
    "fact.title": ("件名", "Title"),
    "fact.system": ("AIシステム", "AI system"),
    "fact.policy": ("ポリシー", "Policy"),
    "fact.osaid": ("OSAID 判定", "OSAID verdict"),
    "fact.policy_verdict": ("ポリシー判定", "Policy verdict"),
    "fact.generated_at": ("作成日時", "Generated at"),
    "fact.approver": ("承認者", "Approver"),
}


def verify_text(key: str, **params: str) -> I18n:
    """A Verify sentence in both languages, parameters filled in."""
    ja, en = VERIFY[key]
    return I18n(ja=ja.format(**params), en=en.format(**params))
