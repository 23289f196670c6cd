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
