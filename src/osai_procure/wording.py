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
        "verdicts (OSAID: {osaid}, policy: {policy}).",
    ),
    "reperformed.no": (
        "いいえ。再評価した判定が記録と一致しません: {detail}",
        "No: the re-evaluated verdicts differ from the record: {detail}",
    ),
    "reperformed.rules_changed": (
        "署名時の規則では記録どおりの判定ですが、その後に規則が変わったため、現在の規則では"
        "異なる判定になります（改ざんではありません）: {detail}",
        "It was decided under the rules of its time; the rules changed since, and today's "
        "rules give another verdict (this is not tampering): {detail}",
    ),
    "reperformed.not_tried": (
        "再評価できませんでした: {detail}",
        "It could not be re-evaluated: {detail}",
    ),
}


def verify_text(key: str, **params: str) -> I18n:
    """A Verify sentence in both languages, parameters filled in."""
    ja, en = VERIFY[key]
    return I18n(ja=ja.format(**params), en=en.format(**params))
