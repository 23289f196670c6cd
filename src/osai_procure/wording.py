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
import string
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

from osai_procure.errors import Problem
from osai_procure.models.base import I18n, Lang
from osai_procure.models.evaluation import Reason, ReasonCode
from osai_procure.models.licence import LicenceNote, LicenceNoteCode

# (ja, en) for each reason code. Parameters: question, criterion, value, required, licence,
# licence_kind, content_type, flags, met, of, needed. A report fills them in with what a reader
# calls each one (`reason_i18n`'s `names`): the question's number, the criterion's number and
# title, quoted answer labels, the red flags' titles. Without names they show as stored.
REASONS: Final[Mapping[ReasonCode, tuple[str, str]]] = {
    "not_shown": (
        "{question}：この回答では表示されない設問（該当なし）",
        "{question}: not shown for these answers (not applicable)",
    ),
    "unanswered": ("{question}：未回答", "{question}: not answered yet"),
    "answer_differs": (
        "{question}：回答は{value}、必要なのは{required}",
        "{question}: answered {value}, required {required}",
    ),
    "answer_not_listed": (
        "{question}：回答は{value}、必要なのは{required}のいずれか",
        "{question}: answered {value}, required one of {required}",
    ),
    "choice_missing": (
        "{question}：{required}が選択されていない",
        "{question}: {required} not chosen",
    ),
    "number_below": (
        "{question}：{value}は{required}未満",
        "{question}: {value} is below {required}",
    ),
    "component_not_used": (
        "{question}：使用していない（該当なし）",
        "{question}: not used (not applicable)",
    ),
    "component_not_released": ("{question}：公開されていない", "{question}: not released"),
    "terms_not_stated": (
        "{question}：公開されているが、条件（ライセンス）が不明",
        "{question}: released, but its terms are not stated",
    ),
    "terms_not_accepted": (
        "{question}：「{licence}」は{content_type}について受け入れられる条件ではない"
        "（{licence_kind}）",
        "{question}: “{licence}” is not accepted for {content_type} ({licence_kind})",
    ),
    "licence_red_flags": (
        "{question}：ライセンス「{licence}」に問題条項（{flags}）",
        "{question}: licence “{licence}” has red flags: {flags}",
    ),
    "criterion_not_met": ("基準{criterion}を満たしていない", "criterion {criterion} is not met"),
    "criterion_unknown": ("基準{criterion}は未確定", "criterion {criterion} is still unknown"),
    "too_few_alternatives": (
        "{of}項目中{met}項目のみ充足（必要数 {needed}）",
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


class _Counted(string.Formatter):
    """`str.format`, and a count's noun in English: `{n:answer|answers}` is the first word when
    `n` is one, the second otherwise (Japanese counts take no plural: 「{n} 件」)."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        """A field; one of two words where the spec names them."""
        if "|" not in format_spec:
            return super().format_field(value, format_spec)
        one, other = format_spec.split("|", 1)
        single = isinstance(value, int) and not isinstance(value, bool) and value == 1
        return one if single else other


_COUNTED = _Counted()


def counted(template: str, params: Mapping[str, object]) -> str:
    """`template.format(**params)`, where `{n:answer|answers}` gives the noun of the count `n`."""
    if "|" not in template:
        return template.format_map(params)  # no count's noun to choose: the quick way
    return _COUNTED.vformat(template, (), params)


def _filled(
    table: Mapping[str, tuple[str, str]], key: str, lang: Lang, params: Mapping[str, object]
) -> str:
    """One message of a (ja, en) table in one language, its parameters filled in."""
    ja, en = table[key]
    return counted(ja if lang == "ja" else en, params)


def reason_text(reason: Reason, lang: Lang, names: Mapping[str, I18n] | None = None) -> str:
    """The sentence for one reason, in one language. `names` gives, by parameter, what a reader
    calls a value the reason stores as an id (the rest show as stored)."""
    ja, en = REASONS[reason.code]
    params = {name: _shown(value) for name, value in reason.__dict__.items() if name != "code"}
    params.update({name: words.get(lang) for name, words in (names or {}).items()})
    return (ja if lang == "ja" else en).format(**params)


@lru_cache(maxsize=4096)
def _cached(reason_json: str) -> I18n:
    """Both sentences of a reason, memoised by its JSON form."""
    reason = Reason.model_validate_json(reason_json)
    return I18n(ja=reason_text(reason, "ja"), en=reason_text(reason, "en"))


def reason_i18n(reason: Reason, names: Mapping[str, I18n] | None = None) -> I18n:
    """Both sentences of a reason, as the report model carries them (`names` as for
    `reason_text`)."""
    if names:
        return I18n(ja=reason_text(reason, "ja", names), en=reason_text(reason, "en", names))
    return _cached(reason.model_dump_json())


def wording_digest() -> str:
    """SHA-256 of the sentences a report prints from codes (reasons and licence notes): a record
    states the wording its reports were rendered with."""
    data = json.dumps(
        {"reasons": dict(sorted(REASONS.items())), "licence_notes": dict(LICENCE_NOTES)},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


# (ja, en) for each licence note code. Parameters: written, canonical, entry, name, keys,
# category, detail, file_name, sha256, where (section, paragraph, page), quote.
LICENCE_NOTES: Final[Mapping[LicenceNoteCode, tuple[str, str]]] = {
    "missing": ("ライセンスの記載がない。", "No licence is given."),
    "unlicensed": (
        "ライセンスが付与されていない（使用・改変・共有の権利がない）。",
        "No licence is granted, so there is no right to use, modify or share.",
    ),
    "undisclosed": ("ライセンスが開示されていない。", "The licence is not disclosed."),
    "proprietary": (
        "プロプライエタリな条件であり、OSIが承認したライセンスではない。",
        "Proprietary terms, not an OSI-approved licence.",
    ),
    "normalised": (
        "「{written}」を「{canonical}」に正規化した。",
        "Normalised '{written}' to '{canonical}'.",
    ),
    "catalogued": (
        "「{written}」をカタログの {entry}（{name}）と判定した。",
        "Recognised '{written}' as catalogue entry {entry} ({name}).",
    ),
    "deprecated": (
        "{written} はSPDXで非推奨のIDである。代わりに {canonical} を使うこと。",
        "{written} is a deprecated SPDX id; use {canonical} instead.",
    ),
    "deprecated_ambiguous": (
        "{written} はSPDXで非推奨のIDであり、ライセンス本文により {keys} のいずれかに当たる。"
        "本文を確認し、該当するIDで記録し直すこと（それまではこのIDのまま判断する）。",
        "{written} is a deprecated SPDX id that stands for {keys}, depending on the licence "
        "text. Check the text and record the matching id (until then it is judged as written).",
    ),
    "database_only": (
        "{written} はデータベースとしての権利を許諾するもので、収録された個々の著作物"
        "（文章、画像等）には及ばない。収録物の条件も確認すること。",
        "{written} licenses the database as such, not the works it contains (texts, images and "
        "so on); check the terms of the contents too.",
    ),
    "unknown_keys": ("不明なライセンスキー：{keys}", "Unknown licence key(s): {keys}"),
    "unparsable": (
        "ライセンス式を解析できない：{detail}",
        "Cannot parse the licence expression: {detail}",
    ),
    "nested_too_deeply": (
        "ライセンス式を解析できない：括弧の入れ子が深すぎる",
        "Cannot parse the licence expression: parentheses nested too deeply",
    ),
    "licence_after_with": (
        "{written} はライセンスであり、WITH の後には例外（exception）を置く必要がある。",
        "{written} is a licence; WITH must be followed by an exception.",
    ),
    "exception_alone": (
        "{written} は例外（exception）であり、「ライセンス WITH 例外」の形でしか使えない。",
        "{written} is an exception and can only appear as 'licence WITH exception'.",
    ),
    "scancode_uncatalogued": (
        "{written} はScanCodeが把握するライセンス（分類：{category}）だが、カタログには未登録。"
        "条文を個別に確認すること。",
        "{written} is a ScanCode licence (category: {category}) not in the catalogue; review "
        "its text individually.",
    ),
    "scanned_document": (
        "ライセンス文書「{file_name}」を読み取った結果（SHA-256: {sha256}）。",
        "From the scanned licence document '{file_name}' (SHA-256: {sha256}).",
    ),
    "scan_unreadable": (
        "文書を読み取れなかったため、条項については何も判断していない。",
        "The document could not be read: nothing is concluded about its clauses.",
    ),
    "scan_modified_from": (
        "既知のライセンス文（{keys}）を改変した文書であり、同一のライセンスとはみなさない。",
        "The text is modified from {keys} and is not taken to be that licence.",
    ),
    "scan_notice": (
        "文書は{where}の表示「{quote}」で{written}を指定しているが、その条文は含んでいない。"
        "条件は指定されたライセンスのものとして判断しており、文書から読み取ったものではない。",
        "The document names {written} in a notice at {where} (“{quote}”) but does not contain "
        "its terms: they are judged as those of the named licence, not read from the document.",
    ),
    "clause_dismissed": (
        "担当者が除外した条項 {where}「{quote}」（理由：{detail}）",
        "Clause dismissed by the officer, {where} “{quote}” (reason: {detail})",
    ),
}


def licence_note_text(note: LicenceNote | I18n, lang: Lang) -> str:
    """The sentence for one licence note, in one language; a note a record kept as finished
    sentences (before notes were codes) is shown as written."""
    if isinstance(note, I18n):
        return note.get(lang)
    ja, en = LICENCE_NOTES[note.code]
    params = {name: _shown(value) for name, value in note.__dict__.items() if name != "code"}
    if note.paragraph is not None:
        from osai_procure.licences.scanned import location_text
        from osai_procure.models.scan import TextLocation

        where = TextLocation(paragraph=note.paragraph, section=note.section, page=note.page)
        params["where"] = location_text(where, lang)
    if note.category is None:
        params["category"] = "unknown"
    if note.code == "deprecated_ambiguous":
        params["keys"] = " / ".join(note.keys)  # alternatives, not a list
    return (ja if lang == "ja" else en).format(**params)


def licence_note_i18n(note: LicenceNote | I18n) -> I18n:
    """Both sentences of a licence note, as the report model carries them."""
    return I18n(ja=licence_note_text(note, "ja"), en=licence_note_text(note, "en"))


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
        "承認者として記載された氏名：{name}（入力された記載であり、鍵による証明ではありません）。",
        "Named as approver: {name} (as typed; the key, not the name, is what is proven)",
    ),
    "signer.not_authenticated": (
        "認証なし（ログインせずに入力された氏名）：{names}。",
        "Not authenticated (names typed without signing in): {names}.",
    ),
    "reperformed.yes": (
        "はい。記録された回答を記録されたポリシーで再評価し、同じ判定"
        "（OSAID：{osaid}、ポリシー：{policy}）になりました。",
        "Yes: re-evaluating the recorded answers with the recorded policy gives the same "
        "verdicts (OSAID: {osaid}; policy: {policy}).",
    ),
    "reperformed.no": (
        "いいえ。再評価した判定が記録と一致しません。署名された判定は OSAID：{osaid}、"
        "ポリシー：{policy}、再評価の結果は OSAID：{osaid_now}、ポリシー：{policy_now} です。",
        "No: the re-evaluated verdicts differ from the record. Signed: OSAID: {osaid}; policy: "
        "{policy}. Re-evaluated: OSAID: {osaid_now}; policy: {policy_now}.",
    ),
    "reperformed.no_detail": (
        "いいえ。再評価した判定が記録と一致しません：{detail}",
        "No: the re-evaluated verdicts differ from the record: {detail}",
    ),
    "reperformed.rules_changed": (
        "署名時の規則による判定（OSAID：{osaid}、ポリシー：{policy}）は記録どおりですが、その後に"
        "規則が変わったため、現在の規則では OSAID：{osaid_now}、ポリシー：{policy_now} となります"
        "（改ざんではありません。変わったもの：{causes}）。",
        "It was decided under the rules of its time (OSAID: {osaid}; policy: {policy}); the "
        "rules changed since, and today's rules give OSAID: {osaid_now}; policy: {policy_now} "
        "(this is not tampering; what changed: {causes}).",
    ),
    "reperformed.not_tried": (
        "再評価できませんでした：{detail}",
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
    # Where a workbook was changed, what it said when signed, and what to do next.
    "where.cell": (
        "この報告書の「{sheet}」シート{row}行目{column}が署名後に変更されています。",
        "Row {row} of the “{sheet}” sheet{column} was changed after it was signed.",
    ),
    "where.column": ("（「{column}」列）", " (column “{column}”)"),
    "where.signed": ("署名時の値は「{value}」です。", "When signed it read “{value}”."),
    "where.signed_empty": ("署名時は空欄でした。", "When signed it was empty."),
    "where.verdicts": (
        "署名時の判定は、OSAID 1.0 が「{osaid}」、調達ポリシーが「{policy}」です。",
        "The signed verdicts are “{osaid}” (OSAID 1.0) and “{policy}” (policy).",
    ),
    # Where a PDF was changed (signing.pages): the pages, and what the page said when signed.
    "page.many": (
        "この報告書の{pages}ページ目が署名後に変更されています。",
        "Pages {pages} were changed after it was signed.",
    ),
    "page.text": (
        "{page}ページ目の文字が署名後に変更されています。現在「{now}」となっている箇所は、"
        "署名時には「{signed}」でした。",
        "The text of page {page} was changed after it was signed: where it now reads “{now}”, "
        "it read “{signed}” when signed.",
    ),
    "page.annotation_added": (
        "署名後に{page}ページ目へ注釈（{annotation}）{text}が追加されています。",
        "An annotation ({annotation}){text} was added to page {page} after it was signed.",
    ),
    "page.annotation_removed": (
        "署名時に{page}ページ目にあった注釈（{annotation}）{text}が削除されています。",
        "An annotation ({annotation}){text} was removed from page {page} after it was signed.",
    ),
    "page.annotation_text": ("「{text}」", " reading “{text}”"),
    "page.drawing": (
        "{page}ページ目の文字は署名時のままですが、画像・図形などの描画が署名後に変更されて"
        "います。",
        "The text of page {page} reads as signed, but what is drawn on it (an image, a stamp "
        "or a line) was changed after it was signed.",
    ),
    "page.text_reread": (
        "{page}ページ目の文字が署名後に変更されています。現在「{now}」となっている箇所は、"
        "署名時には「{signed}」でした（署名時とは別の版の読取り機能で読んだため、空白と改行の"
        "違いは除いて比べています）。",
        "The text of page {page} was changed after it was signed: where it now reads “{now}”, "
        "it read “{signed}” when signed (this installation reads text with another version "
        "than the one used at signing, so spaces and line breaks were set aside).",
    ),
    "page.page_added": (
        "署名後に{page}ページ目が追加されています（署名時は全{count}ページ）。",
        "Page {page} was added after it was signed (the signed report has {count} pages).",
    ),
    "page.page_removed": (
        "署名時の{page}ページ目が削除されています（署名時は全{count}ページ）。",
        "Page {page} of the signed report was removed (it had {count} pages).",
    ),
    "page.elsewhere": (
        "各ページの文字・注釈・描画は署名時のままです。変更はページ以外の部分（添付ファイル、"
        "文書情報又は署名そのもの）にあります。",
        "Every page reads as it was signed: the change is elsewhere in the file (an "
        "attachment, the document information or the signature itself).",
    ),
    "page.unlocated": (
        "変更箇所をページ単位で特定できませんでした。",
        "The change could not be located to a page.",
    ),
    # Kinds of PDF annotation (ISO 32000-2, 12.5.6), as a reader would call them.
    "annotation.FreeText": ("テキストボックス", "text box"),
    "annotation.Text": ("付箋", "sticky note"),
    "annotation.Highlight": ("ハイライト", "highlight"),
    "annotation.Underline": ("下線", "underline"),
    "annotation.StrikeOut": ("取消線", "strike-out"),
    "annotation.Squiggly": ("波線", "squiggly underline"),
    "annotation.Square": ("四角形", "rectangle"),
    "annotation.Circle": ("円", "circle"),
    "annotation.Line": ("線", "line"),
    "annotation.Polygon": ("多角形", "polygon"),
    "annotation.PolyLine": ("折れ線", "polyline"),
    "annotation.Ink": ("手書き", "freehand drawing"),
    "annotation.Stamp": ("スタンプ", "stamp"),
    "annotation.Link": ("リンク", "link"),
    "annotation.FileAttachment": ("添付ファイル", "file attachment"),
    "annotation.Widget": ("フォーム欄", "form field"),
    "annotation.Redact": ("墨消し", "redaction"),
    "annotation.Caret": ("挿入記号", "caret"),
    "next.tampered": (
        "このファイルには依拠せず、発行元に原本を請求してください。",
        "Do not rely on this file: ask the issuer for the original.",
    ),
    "next.verdict_not_reproduced": (
        "このファイルには依拠せず、発行元に原本を請求してください。",
        "Do not rely on this file: ask the issuer for the original.",
    ),
    "next.not_signed": (
        "署名された版を発行元に請求してください。",
        "Ask the issuer for the signed version.",
    ),
    "next.unreadable": (
        "報告書のファイル（PDF、XLSX 又は JSON）であるか確認してください。",
        "Check that the file is a report (PDF, XLSX or JSON).",
    ),
    "next.wrong_key": (
        "どの鍵で署名したかを発行元に確認してください。",
        "Ask the issuer which key signed it.",
    ),
    "next.wrong_purpose": (
        "報告書として署名された版を発行元に請求してください。",
        "Ask the issuer for the version signed as a report.",
    ),
    "next.unknown_signer": (
        "署名者の公開鍵を確認し、信頼できる場合は信頼済みの鍵に登録してから、もう一度検証して"
        "ください。",
        "Check the signer's public key; if you trust it, add it to the trusted keys and verify "
        "again.",
    ),
    "next.unknown_policy_version": (
        "記録された版のポリシーを入手して配置してから、もう一度検証してください。",
        "Obtain the recorded version of the policy, install it and verify again.",
    ),
    "next.content_changed": (
        "記録時の質問票を入手して配置してから、もう一度検証してください。",
        "Obtain the questionnaires as recorded, install them and verify again.",
    ),
    "next.rules_changed": (
        "署名時の判定は有効です。現在の規則で評価し直す場合は、評価の新しい版を作成してください。",
        "The signed verdicts stand; to assess under today's rules, start a new revision.",
    ),
    "fact.title": ("件名", "Title"),
    "fact.system": ("AIシステム", "AI system"),
    "fact.policy": ("ポリシー", "Policy"),
    "fact.policy_titled": ("{title}（版 {version}）", "{title} (version {version})"),
    "fact.policy_unknown": (
        "ID「{policy}」（版 {version}）。この環境にないポリシーのため、名称は表示できません",
        "id {policy} (version {version}); this installation does not have that policy, so its "
        "title cannot be shown",
    ),
    "fact.osaid": ("OSAID 判定", "OSAID verdict"),
    "fact.policy_verdict": ("ポリシー判定", "Policy verdict"),
    "fact.generated_at": ("作成日時", "Generated at"),
    "fact.approver": ("承認者", "Approver"),
}


def verify_text(key: str, **params: str) -> I18n:
    """A Verify sentence in both languages, parameters filled in."""
    ja, en = VERIFY[key]
    return I18n(ja=ja.format(**params), en=en.format(**params))


# Why a deposit cannot be checked (`deposit.DepositProblem`), and what a drill found, for the
# Drill page and `osai-procure deposit verify`. Parameters: at (the file, upload or entry and
# line), entry, count, limit, detail, names.
DEPOSIT: Final[Mapping[str, tuple[str, str]]] = {
    "manifest_unreadable": (
        "{at}：マニフェストを読み取れません（{detail}）",
        "{at}: cannot read the manifest ({detail})",
    ),
    "manifest_not_utf8": (
        "{at}：マニフェストが UTF-8 のテキストではありません",
        "{at}: the manifest is not UTF-8 text",
    ),
    "manifest_line": (
        "{at}：sha256sum が書き出す形式（64桁の16進数、空白2つ、パス）ではありません",
        "{at}: expected '<64 hex digits>  <path>' as sha256sum writes it",
    ),
    "path_outside": (
        "{at}：「{entry}」：マニフェストのパスが預託物の外を指しています",
        "{at}: '{entry}': a manifest path must stay inside the deposit",
    ),
    "manifest_empty": (
        "{at}：マニフェストにファイルが記載されていません",
        "{at}: the manifest lists no files",
    ),
    "bag_unreadable": (
        "{at}：BagIt バッグとして読み取れません。bagit.txt、マニフェスト及びタグファイルの形式を"
        "確認してください",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    # What the bagit library found, by kind; the English is its own reason, as before.
    "bag.no_declaration": (
        "{at}：BagIt の宣言ファイル bagit.txt がありません",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag.missing_tags": (
        "{at}：bagit.txt に必須の項目（{names}）がありません",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag.bad_version": (
        "{at}：bagit.txt の版「{entry}」は「主番号.副番号」の形式ではありません",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag.unsupported_version": (
        "{at}：BagIt の版「{entry}」には対応していません",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag.unsupported_encoding": (
        "{at}：タグファイルの文字コード「{entry}」には対応していません",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag.byte_order_mark": (
        "{at}：bagit.txt の先頭にバイト順マーク（BOM）があります。BOM なしで保存してください",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag.unsafe_path": (
        "{at}：「{names}」に記載されたパス「{entry}」が預託物の外を指しているため受け付けません",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag.listed_twice": (
        "{at}：{names} のマニフェストに「{entry}」が重複して記載されています",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag.no_manifest": (
        "{at}：ペイロードのマニフェスト（「manifest-sha256.txt」など）がありません",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag.not_text": (
        "{at}：bagit.txt、マニフェスト又はタグファイルが、宣言された文字コードのテキストでは"
        "ありません",
        "{at}: a tag file or manifest is not text in its declared encoding: {detail}",
    ),
    "bag.no_data": (
        "{at}：ペイロードのフォルダ「data」がありません",
        "{at}: not a readable BagIt bag: {detail}",
    ),
    "bag_no_algorithm": (
        "{at}：{entry}：対応するチェックサム方式がありません",
        "{at}: {entry}: no supported checksum algorithm",
    ),
    "directory_not_bag": (
        "{at}：フォルダは BagIt バッグ（bagit.txt を含むもの）である必要があります。ファイルだけの"
        "場合は、その SHA-256 マニフェスト（sha256sum 形式）を指定してください",
        "{at}: a directory must be a BagIt bag (with bagit.txt); for plain files give their "
        "SHA-256 manifest (sha256sum format) instead",
    ),
    "not_found": ("{at}：ファイル又はフォルダがありません", "{at}: no such file or directory"),
    "not_zip": (
        "{at}：ZIP ファイルではありません（又は途中で切れています）",
        "{at}: not a zip archive (or truncated)",
    ),
    "too_many_entries": (
        "{at}：エントリが {count} 個あります。アップロードで受け付けるのは {limit} 個までです"
        "（大きな預託物は、保管場所で `osai-procure deposit verify` により検証してください）",
        "{at}: {count} entries; at most {limit} are accepted by upload (check a larger deposit "
        "where it is stored, with `osai-procure deposit verify`)",
    ),
    "entry_outside": (
        "{at}：「{entry}」：パスが預託物の外を指すため受け付けません",
        "{at}: '{entry}': the entry's path leaves the deposit; refused",
    ),
    "entry_link": (
        "{at}：{entry}：リンクは受け付けません",
        "{at}: {entry}: a link; links are refused",
    ),
    "entry_encrypted": (
        "{at}：{entry}：暗号化されたエントリは受け付けません",
        "{at}: {entry}: encrypted; refused",
    ),
    "zip_bomb": (
        "{at}：{entry} は展開すると {count} 倍になるため、ZIP 爆弾のおそれがあるとして"
        "受け付けません",
        "{at}: {entry} inflates {count} times; refused as a possible zip bomb",
    ),
    "too_large": (
        "{at}：展開すると {count} バイトになります。アップロードは {limit} バイトまでです"
        "（大きな預託物は、保管場所で `osai-procure deposit verify` により検証してください）",
        "{at}: inflates to {count} bytes; uploads are limited to {limit} (check a larger "
        "deposit where it is stored, with `osai-procure deposit verify`)",
    ),
    "upload_too_large": (
        "{at}：{count} バイトあります。アップロードは {limit} バイトまでです",
        "{at}: {count} bytes; uploads are limited to {limit}",
    ),
    "entry_twice": (
        "{at}：{entry} が重複しているため受け付けません",
        "{at}: {entry} appears twice; refused",
    ),
    "entry_damaged": (
        "{at}：{entry} が壊れているため受け付けません",
        "{at}: {entry} is damaged; refused",
    ),
    "several_manifests": (
        "{at}：マニフェストが複数あります。1つにしてください",
        "{at}: several manifests; keep one",
    ),
    "no_deposit": (
        "{at}：ZIP の最上位に BagIt バッグ（bagit.txt）も SHA-256 マニフェスト（{names}）も"
        "ありません",
        "{at}: neither a BagIt bag (bagit.txt) nor a SHA-256 manifest ({names}) at the top of "
        "the zip",
    ),
    # What `deposit verify` prints.
    "error": ("エラー：{detail}", "error: {detail}"),
    "no_actor": (
        "--actor で実施者の氏名を指定してください",
        "give --actor NAME: who performed the drill",
    ),
    "file.missing": ("欠落：{entry}", "missing: {entry}"),
    "file.extra": ("余分：{entry}", "extra: {entry}"),
    "file.changed": ("変更：{entry}", "changed: {entry}"),
    "file.unreadable": ("読取不能：{entry}", "unreadable: {entry}"),
    "result.passed": (
        "合格：{limit} ファイル中 {count} ファイル、{detail} バイトを照合（{names}）",
        "passed: {count} of {limit} files, {detail} bytes checked ({names})",
    ),
    "result.failed": (
        "不合格：{limit} ファイル中 {count} ファイル、{detail} バイトを照合（{names}）",
        "failed: {count} of {limit} files, {detail} bytes checked ({names})",
    ),
    "kind.bagit": ("BagIt バッグ", "bagit"),
    "kind.sha256-manifest": ("SHA-256 マニフェスト", "sha256-manifest"),
    "kept.locked": (
        "評価 {at} に保存しました（この版は承認済み又は却下済みのため、記録は評価台帳にあります。"
        "次の版の成果物の保存と運用の継続に関する回答に添付してください）",
        "kept with assessment {at} (the revision is approved or rejected: the record is on the "
        "register; attach it to the next revision's preservation and continuity answers)",
    ),
    "kept.recorded": (
        "評価 {at} の検証として評価台帳に保存しました。あなたの役割では評価を変更できないため、"
        "記録（--record FILE）の成果物の保存と運用の継続に関する回答への添付は作成者が行います",
        "kept with assessment {at} on the register; your roles do not change assessments, so "
        "the preparer attaches the record (--record FILE) to the preservation and continuity "
        "answers",
    ),
    "kept.attached": (
        "評価 {at} に保存し、記録を {names} に添付しました",
        "kept with assessment {at}; record attached to {names}",
    ),
    "kept.cited": (
        "評価 {at} に保存し、記録を {names} に添付して証拠として引用しました"
        "（報告書に記載されます）",
        "kept with assessment {at}; record attached to and cited as evidence of {names} (the "
        "report lists it)",
    ),
}


def deposit_text(key: str, lang: Lang, **params: object) -> str:
    """A deposit or drill message in one language, parameters filled in."""
    return _filled(DEPOSIT, key, lang, params)


# Why `osai-procure deposit verify` refuses or stops: the roles file, the operating-system
# account it runs as, and files it cannot read or write. English refusals read as the store
# words them (`roles.PermissionDeniedError`); parameters are named in each message.
REFUSAL: Final[Mapping[str, tuple[str, str]]] = {
    "denied.account_unlisted": (
        "このコマンドはオペレーティングシステムのアカウント「{account}」として実行されていますが、"
        "役割ファイル {source} にはこのアカウントを記載した項目がありません。役割ファイルのあなたの"
        "項目（あなたのメールアドレスの項目）に `accounts: [{account}]` を追加するか、アプリに"
        "ログインしてから操作してください（--actor で指定した名前は本人確認になりません）",
        "permission denied: the command line acts as the operating-system account {account!r}, "
        "which no entry of the roles file {source} lists; add `accounts: [{account}]` to your "
        "entry (the one with your e-mail) in that file, or make the change in the app after "
        "signing in (a name given with --actor proves nothing)",
    ),
    "denied.actor_mismatch": (
        "--actor に「{named}」が指定されましたが、役割ファイル {source} では、アカウント"
        "「{account}」は {email} として操作します。--actor を省略するか、このメールアドレスを"
        "指定してください",
        "permission denied: --actor names {named!r}, but the account {account!r} acts as "
        "{email!r} under the roles file {source}; leave out --actor or give that e-mail",
    ),
    "denied.role": (
        "権限がありません：{change}には、{allowed}のいずれかの役割が必要です。"
        "{identity} の役割は{held}です",
        "permission denied: {change} needs the role {allowed}; {identity!r} holds {held}",
    ),
    "denied.auditor": (
        "（監査担当者は、閲覧と検証だけを行えます）",
        " (an auditor reads and verifies only)",
    ),
    "change.drill": ("預託物の検証の記録", "drill"),
    "role.preparer": ("作成者", "preparer"),
    "role.reviewer": ("確認者", "reviewer"),
    "role.approver": ("承認者", "approver"),
    "role.auditor": ("監査担当者", "auditor"),
    "role.administrator": ("システム管理者", "administrator"),
    "role.none": ("なし", "no role"),
    "roles.not_found": (
        "役割ファイルが見つかりません：{at}。環境変数 {names} に役割ファイルのパスを正しく"
        "設定してください",
        "{at}: the roles file named by {names} does not exist",
    ),
    "roles.invalid": (
        "役割ファイル {at} に誤りがあるため、検証を評価に記録できません。次の箇所を直して"
        "ください:\n{detail}",
        "the roles file {at} has errors, so the drill cannot be kept with the assessment; "
        "fix:\n{detail}",
    ),
    "os.not_found": (
        "ファイルが見つかりません：{at}。パスを確認してください",
        "no such file or directory: {at}; check the path",
    ),
    "os.permission": (
        "ファイルへのアクセスが許可されていません：{at}。このアカウントに読み書きの権限が"
        "あるか確認するか、別の場所を指定してください",
        "permission denied: {at}; check that this account may read or write it, or give "
        "another place",
    ),
    "os.other": (
        "ファイルを読み書きできません：{at}。パス、権限及び空き容量を確認してください",
        "cannot read or write {at}; check the path, the account's rights and the free space",
    ),
}


def refusal_text(key: str, lang: Lang, **params: object) -> str:
    """A refusal of `deposit verify` in one language, parameters filled in."""
    return _filled(REFUSAL, key, lang, params)


# Why the signing keys cannot be made, loaded or used (`signing.keys.SigningError.code`), for
# the Drill and Sign-off pages and the commands that sign. English reads as it always has.
# Parameters: path (a file), directory, repository, names (file names), detail (the
# cryptography library's or operating system's own words, English only), passphrase_env,
# unencrypted_env.
KEY_PROBLEMS: Final[Mapping[str, tuple[str, str]]] = {
    "needs_passphrase": (
        "署名鍵は暗号化して保管する必要があります。環境変数（又はアプリのシークレット）"
        "{passphrase_env} にパスフレーズを設定してください。意図して暗号化せずに保管する場合は、"
        "{unencrypted_env}=1 を設定してください",
        "signing keys are kept encrypted: set {passphrase_env} (in the environment or the app's "
        "secrets); to keep them unencrypted on purpose, set {unencrypted_env}=1",
    ),
    "inside_repository": (
        "秘密鍵はバージョン管理のリポジトリ（{repository}）の中には作成しません。鍵はリポジトリに置くもの"
        "ではないため、リポジトリの外の場所を指定してください",
        "refusing to create private keys inside the git repository at {repository}; keys never "
        "belong in a repository: choose a directory outside it",
    ),
    "keys_exist": (
        "{directory} には既に署名鍵（{names}）があります。新しく作成する場合は、先に既存の鍵を"
        "削除してください",
        "keys already exist in {directory} ({names}); remove them first to make new ones",
    ),
    "no_key": (
        "{directory} に署名鍵がありません。システム管理者に署名鍵の作成を依頼してください"
        "（コマンド `osai-procure keys generate`）",
        "no signing key in {directory}; run `osai-procure keys generate`",
    ),
    "not_encrypted": (
        "署名鍵 {path} が暗号化されていません。署名鍵は暗号化して保管する必要があります。"
        "環境変数（又はアプリのシークレット）{passphrase_env} にパスフレーズを設定し、"
        "パスフレーズ付きで鍵を作成し直してください（鍵の更新の手順は README を参照）。"
        "意図して暗号化せずに保管する場合は、{unencrypted_env}=1 を設定してください",
        "{path} is not encrypted; signing keys are kept encrypted: set {passphrase_env} (in the "
        "environment or the app's secrets); to keep them unencrypted on purpose, set "
        "{unencrypted_env}=1 (new keys made with a passphrase are encrypted; see the README on "
        "key rotation)",
    ),
    "needs_passphrase_to_load": (
        "署名鍵 {path} は暗号化されています。環境変数（又はアプリのシークレット）"
        "{passphrase_env} にパスフレーズを設定してください",
        "{path} is encrypted: set {passphrase_env}",
    ),
    "wrong_passphrase": (
        "署名鍵 {path} を読み取れません。パスフレーズ（{passphrase_env}）が誤っているか、"
        "鍵のファイルが壊れています",
        "cannot read {path}: {detail} (wrong passphrase?)",
    ),
    "not_ed25519": (
        "{path} は Ed25519 の秘密鍵ではありません。この環境で作成した署名鍵を配置してください",
        "{path} is not an Ed25519 private key",
    ),
    "file_missing": (
        "署名に必要なファイル {path} がありません。システム管理者に署名鍵の作成を依頼してください"
        "（コマンド `osai-procure keys generate`）",
        "{path} is missing; run `osai-procure keys generate`",
    ),
    "file_unreadable": (
        "署名鍵のファイル {path} を読み取れません。このアカウントに読取りの権限があるか、"
        "システム管理者に確認してください",
        "cannot read {path}: {detail}",
    ),
    "directory_unwritable": (
        "署名鍵を {directory} に保存できません。このアカウントに書込みの権限があるか、"
        "システム管理者に確認してください",
        "cannot write the keys to {directory}: {detail}",
    ),
    "pdf_key_unusable": (
        "PDF署名用の鍵 {path} 又は証明書 {names} を読み込めません。鍵と証明書の組合せ及び"
        "パスフレーズを確認してください",
        "cannot load the PDF signing key {path} and certificate {names}",
    ),
    "no_approver": (
        "記録に署名するのは承認者です。承認手続に承認者を加えてください",
        "the approver signs the record: add an approver to the sign-off",
    ),
    "public_key_unreadable": (
        "Ed25519 の公開鍵として読み取れません。PEM 形式又は32バイトの鍵の base64 で書いてください",
        "not an Ed25519 public key (PEM or base64): {detail}",
    ),
    "public_key_not_ed25519": (
        "公開鍵が Ed25519 の鍵ではありません。Ed25519 の公開鍵を指定してください",
        "the public key is not an Ed25519 key",
    ),
    "installation_certificate": (
        "この環境の PDF 署名用の証明書 {path} を読み取れません。システム管理者に確認してください",
        "cannot read this installation's PDF certificate {path}",
    ),
}


def key_problem_text(code: str, lang: Lang, **params: object) -> str:
    """Why the signing keys cannot be used, in one language, parameters filled in."""
    return _filled(KEY_PROBLEMS, code, lang, params)


# What is wrong in a content or roles file, in Japanese, by the validator's kind of problem
# (`errors.Problem.code`, filled in from `Problem.params`); the English is the message the
# loader writes. Parameters name what they hold: key, value, suggestion, expected, found, kind,
# limit, options, first (the entry that has it already), levels, account, role.
PROBLEMS: Final[Mapping[str, str]] = {
    "missing": "必須のキーがありません",
    "unknown_key": "不明なキー「{key}」です",
    "unknown_key.suggest": "不明なキー「{key}」です（「{suggestion}」の誤りではありませんか）",
    "not_allowed": "「{value}」は使えません。使える値：{options}",
    "not_allowed.suggest": (
        "「{value}」は使えません（「{suggestion}」の誤りではありませんか）。使える値：{options}"
    ),
    "expected": "{expected}を書いてください（書かれているのは{found}）",
    "quote_text": (
        "文字列を書いてください。YAML は {value} を{kind}として読み取りました。"
        "引用符で囲んでください：'{value}'"
    ),
    "too_short": "少なくとも {limit} 個の項目が必要です",
    "too_long": "項目は {limit} 個までです",
    "string_too_short": "少なくとも {limit} 文字が必要です",
    "string_too_long": "{limit} 文字までです",
    "pattern": "「{value}」は形式が正しくありません。{expected}で書いてください",
    "invalid": "値が正しくありません",
    "top_not_mapping": "最上位は「キー: 値」の対応付け（マッピング）である必要があります",
    "unsupported_value": "扱えない値があります（非数や無限大など）",
    "unknown_operator": "不明な規則の演算子「{key}」です",
    "unknown_operator.suggest": (
        "不明な規則の演算子「{key}」です（「{suggestion}」の誤りではありませんか）"
    ),
    "several_operators": "規則には演算子を1つだけ書いてください（書かれているのは {options}）",
    "not_a_rule": "規則は演算子を1つ持つ対応付けで書いてください（例：{expected}）",
    "unknown_kind": "不明な種類「{value}」です。使える種類：{options}",
    "unknown_kind.suggest": (
        "不明な種類「{value}」です（「{suggestion}」の誤りではありませんか）。使える種類：{options}"
    ),
    # Reading a file (`yamlsafe`, the importers): before its content can be checked.
    "read.not_found": "ファイルが見つかりません。パスを確認してください",
    "read.permission": (
        "ファイルを読み取る権限がありません。このアカウントに読取りの権限があるか確認してください"
    ),
    "read.is_directory": "ファイルではなくフォルダです。ファイルのパスを指定してください",
    "read.unreadable": (
        "ファイルを読み取れません。パス、権限及びファイルが壊れていないかを確認してください"
    ),
    "read.too_large": (
        "ファイルが大きすぎます（{size} バイト）。読み込めるのは {limit} バイトまでです。"
        "正しいファイルか確認してください"
    ),
    "read.not_utf8": (
        "{byte} バイト目が「UTF-8」の文字として読み取れません。文字コードを「UTF-8」にして保存し"
        "直してください"
    ),
    "read.empty": "ファイルが空です。内容を確認してください",
    "read.malformed_yaml": (
        "YAML の書き方に誤りがあります。この行とその前後の字下げ、コロン（:）、引用符、括弧を"
        "確認してください"
    ),
    "read.several_documents": (
        "1つのファイルに複数の YAML 文書（「---」で区切られたもの）があります。1つにしてください"
    ),
    "read.malformed_json": (
        "JSON の書き方に誤りがあります。この行とその前後の括弧、カンマ、引用符を確認してください"
    ),
    "read.json_constant": "{value} は JSON の数値として使えません。数値を書いてください",
    "read.alias": (
        "YAML のエイリアス（*名前）とマージキー（<<）は使えません。値を省略せずに書いてください"
    ),
    "read.too_deep": "入れ子が {limit} 段を超えています。構造を浅くしてください",
    "read.unsupported_tag": (
        "扱えない YAML のタグ「{value}」があります。タグを付けずに、文字列、数値、リスト又は"
        "対応付けで書いてください"
    ),
    "read.surrogate": (
        "「\\ud800」のようなエスケープが、不正な文字（対になっていないサロゲート）を作って"
        "います。このエスケープを削除してください"
    ),
    "read.number_too_long": (
        "{count} 桁の数値があります。数値は {limit} 桁までです。値を確認してください"
    ),
    "read.key_not_plain": "対応付けのキーには、文字列又は数値を書いてください",
    "read.duplicate_key": "キー「{key}」が重複しています。1つにまとめてください",
    "unknown_policy": "ポリシーのファイル又はポリシーID「{value}」が見つかりません",
    "unknown_policy.suggest": (
        "ポリシーのファイル又はポリシーID「{value}」が見つかりません（「{suggestion}」の誤りでは"
        "ありませんか）"
    ),
    "write.unwritable": (
        "ファイルに書き込めません。パス、書込みの権限及び空き容量を確認してください"
    ),
    # What a command line was given.
    "not_content_file": (
        "質問票、ポリシー又は回答ファイルのいずれでもありません。最上位に「sections」、"
        "「criteria」又は「answers」のキーが必要です"
    ),
    "import.no_policy": (
        "ワークブックにポリシーの記載がありません。`--policy` でポリシーを指定してください"
    ),
    # The roles file's own checks.
    "roles.not_found": (
        "役割ファイルが見つかりません。環境変数 {env} に、機関の役割ファイルのパスを正しく"
        "設定してください"
    ),
    "roles.level_twice": "承認の段階「{value}」が重複しています",
    "roles.accounts_need_email": (
        "`accounts` は `email` の項目の担当者に付けるものです。グループには担当者が1人に"
        "定まらないため付けられません"
    ),
    "roles.account_twice": (
        "アカウント「{account}」は既に「{first}」に記載されています。1つのアカウントは1人の担当者"
        "として操作します"
    ),
    "roles.email_or_group": "`email` と `group` のどちらか一方だけを書いてください",
    "roles.not_email": "「{value}」はメールアドレスではありません",
    "roles.email_twice": (
        "「{value}」は既に「{first}」に記載されています。役割は全て1つの項目にまとめてください"
    ),
    "roles.approver_needs_level": (
        "承認者には `approver_level` が必要です。次のいずれかを書いてください：{levels}"
    ),
    "roles.level_without_approver": (
        "`approver_level` は役割に承認者（「approver」）を持つ項目にだけ書けます"
    ),
    "roles.unknown_level": "不明な承認の段階「{value}」です。使える段階：{levels}",
    "roles.unknown_level.suggest": (
        "不明な承認の段階「{value}」です（「{suggestion}」の誤りではありませんか）。"
        "使える段階：{levels}"
    ),
    "roles.role_twice": "役割「{role}」が2回書かれています",
    # The trust file's own checks (`signing.trust`).
    "trust.public_key": (
        "Ed25519 の公開鍵ではありません。PEM 形式又は32バイトの鍵の base64 で書いてください"
    ),
    "trust.anchor_unreadable": (
        "信頼の起点の証明書ファイル「{value}」を読み取れません。ファイルの場所と読取りの権限を"
        "確認してください"
    ),
    "trust.anchor_not_certificate": (
        "「{value}」は X.509 の証明書（PEM 又は DER 形式）ではありません"
    ),
    # A questionnaire's or policy's cross-references (`loading`): the policy author's to fix.
    "duplicate.question": "質問ID「{value}」が重複しています。別のIDにしてください",
    "duplicate.section": "セクションID「{value}」が重複しています。別のIDにしてください",
    "duplicate.criterion": "基準ID「{value}」が重複しています。別のIDにしてください",
    "duplicate.question_across": (
        "質問ID「{value}」が複数の質問票で宣言されています。どちらか一方の質問票にだけ置いて"
        "ください"
    ),
    "unknown_question": "不明な質問ID「{value}」です。質問票にある質問IDを書いてください",
    "unknown_question.suggest": (
        "不明な質問ID「{value}」です（「{suggestion}」の誤りではありませんか）"
    ),
    "unknown_criterion": "不明な基準ID「{value}」です。ポリシーにある基準IDを書いてください",
    "unknown_criterion.suggest": (
        "不明な基準ID「{value}」です（「{suggestion}」の誤りではありませんか）"
    ),
    "unknown_questionnaire": (
        "不明な質問票「{value}」です。質問票のフォルダにある質問票のIDを書いてください"
    ),
    "unknown_questionnaire.suggest": (
        "不明な質問票「{value}」です（「{suggestion}」の誤りではありませんか）"
    ),
    "unknown_content_type": "不明なコンテンツの種類「{value}」です",
    "extends.cycle": (
        "「extends」が循環しています（{value}）。親のポリシーをたどって元のポリシーに戻らない"
        "ようにしてください"
    ),
    "rule.at_least": (
        "「at_least」の「n」が {count} ですが、並べた規則は {limit} 個です。「n」を規則の数以下に"
        "してください"
    ),
    "rule.criterion_met_here": (
        "「criterion_met」はポリシーの規則でだけ使えます。質問票の表示条件には使えません"
    ),
    "rule.question_kind": (
        "「{key}」には{expected}の質問を指定してください（「{value}」は{found}の質問です）"
    ),
    "rule.not_a_value": "「{value}」は質問「{question}」の値にありません。使える値：{options}",
    "rule.not_a_value.suggest": (
        "「{value}」は質問「{question}」の値にありません（「{suggestion}」の誤りではありませんか）。"
        "使える値：{options}"
    ),
    "criterion.cycle": (
        "「criterion_met」が循環しています。この基準が、他の基準を通じて自分自身の結果に依存しない"
        "ようにしてください"
    ),
    "exception.not_waivable": (
        "基準「{value}」は例外の対象にできません。例外で免除できるのはポリシーの必須基準だけで、"
        "OSAID の基準は対象になりません"
    ),
    "mof.not_component": (
        "「{value}」は構成要素の質問ではありません。MOF のクラスには構成要素の質問だけを"
        "書いてください"
    ),
    # An answer value against its question (answers files, imports, the vendor workbook).
    "must_be": "{expected}を書いてください",
    "not_a_choice": "「{value}」は選択肢にありません。選択肢：{options}",
    "not_a_choice.suggest": (
        "「{value}」は選択肢にありません（「{suggestion}」の誤りではありませんか）。"
        "選択肢：{options}"
    ),
    "number.below": "{value} は最小値 {limit} を下回っています。{limit} 以上の数値を書いてください",
    "number.above": "{value} は最大値 {limit} を上回っています。{limit} 以下の数値を書いてください",
    "not_a_date": "「{value}」は日付ではありません。「YYYY-MM-DD」の形式で書いてください",
    "not_a_url": (
        "「{value}」は URL ではありません。「http://」又は「https://」で始まる URL を書いてください"
    ),
    "component.not_applicable": (
        "この構成要素には「not_applicable」（該当なし）は使えません。「yes」、「no」又は"
        "「unknown」で答えてください"
    ),
    "name_empty": "名前が空です。名前を書いてください",
    "missing_key": "「{key}」がありません。書き加えてください",
    "schema_version": (
        "「schema_version」が「{value}」です。このバージョンで読めるのは「1」だけです"
    ),
    # Importing a file (`importers`): shown on the Start page and by `import`.
    "import.unknown_format": "不明な取込み形式「{value}」です。使える形式：{options}",
    "import.unknown_format.suggest": (
        "不明な取込み形式「{value}」です（「{suggestion}」の誤りではありませんか）。"
        "使える形式：{options}"
    ),
    "import.not_object": (
        "JSON のオブジェクト（「{{」で始まるもの）ではありません。{kind} のファイルか確認して"
        "ください"
    ),
    "import.version": (
        "{kind} のバージョン「{value}」には対応していません。対応しているバージョン：{options}"
    ),
    "import.no_model": "{kind} に AI モデル（「{value}」）がありません。取り込めるものがありません",
    "hf.no_front_matter": (
        "モデル・カードに YAML のフロントマターがありません。ファイルの1行目は「---」で始めて"
        "ください。取り込めるものがありません"
    ),
    "hf.front_matter_unclosed": (
        "フロントマターが2つ目の「---」の行で閉じられていません。ファイルが途中で切れていないか"
        "確認してください"
    ),
    "hf.front_matter_too_large": (
        "フロントマターが {limit} バイトを超えています。正しいモデル・カードか確認してください"
    ),
    "hf.front_matter_empty": "フロントマターが空です。取り込めるものがありません",
    "mot.not_mot": (
        "Model Openness Tool のファイルではありません。最上位は「キー: 値」の対応付けである"
        "必要があります"
    ),
    "mot.not_mof": (
        "フレームワーク「{value}」は Model Openness Framework ではありません。MOT のファイルを"
        "指定してください"
    ),
    "mot.release": (
        "「release」には1つのリリースを「キー: 値」の対応付けで書いてください（書かれているのは"
        "{found}）"
    ),
    "mot.no_components": ("「release.components」がありません。公開した構成要素を列挙してください"),
    "cyclonedx.not_bom": (
        "CycloneDX の BOM ではありません。「bomFormat」に「CycloneDX」と書かれたファイルを指定"
        "してください"
    ),
    "cyclonedx.licence_entry": (
        "ライセンスの項目には「expression」、又は「id」か「name」を持つ「license」を書いてください"
    ),
    "spdx.not_v3": (
        "SPDX {value} の文書です。対応しているのは SPDX 3.0（「JSON-LD」形式で、AI 及び"
        "データセットのプロファイルを使うもの）だけです"
    ),
    "spdx.no_graph": (
        "SPDX 3.0 の「JSON-LD」形式の文書ではありません（「@graph」のリストがありません）"
    ),
    "spdx.no_type": "要素に「type」がありません。要素の種類を書いてください",
    "spdx.unknown_version": (
        "SPDX のバージョンが分かりません。「CreationInfo」の「specVersion」も、SPDX 3.0 の"
        "「@context」もありません"
    ),
    "spdx.relationship": (
        "関係（「Relationship」）には「from」（要素のID）と「relationshipType」が必要です"
    ),
    "index.not_entry": (
        "Open Source AI Index の項目ではありません。「system」の対応付けが必要です"
    ),
    # The vendor workbook (`importers.xlsx`) and every reader of an .xlsx (`zipsafe`).
    "xlsx.needs_policy": (
        "回答用ワークブックはポリシーに照らして取り込みます。ワークブックを書き出したときの"
        "ポリシーを指定してください（`--policy`）"
    ),
    "xlsx.other_policy": (
        "このワークブックはポリシー「{value}」用に書き出されたもので、「{policy}」用ではありません。"
        "ポリシー「{value}」を選んで取り込んでください"
    ),
    "xlsx.format_version": (
        "ワークブックの形式のバージョン「{value}」には対応していません。このバージョンで読めるのは"
        "「{expected}」です。同じバージョンの osai-procure で書き出したワークブックを使ってください"
    ),
    "xlsx.not_ours": (
        "osai-procure が書き出した回答用ワークブックではありません。書き出したワークブックに"
        "回答を記入したものを取り込んでください"
    ),
    "xlsx.damaged": (
        "ワークブックが壊れていて読み取れません。Excel で開き、「.xlsx」形式で保存し直してください"
    ),
    "xlsx.sheet_missing": (
        "シート「{value}」がありません。シートの名前を変えたり削除したりしないでください"
    ),
    "xlsx.formula": "数式（「{value}」）は受け付けません。値そのものを入力してください",
    "xlsx.excel_error": ("Excel のエラー値「{value}」が入っています。値そのものを入力してください"),
    "xlsx.unknown_with_choices": "「unknown」（不明）は他の選択肢と一緒には選べません",
    "xlsx.released_empty": (
        "場所又はライセンスが書かれていますが、「公開」の欄が空です。「yes」、「no」又は"
        "「unknown」を選んでください"
    ),
    "xlsx.no_question_id": ("質問IDのない行に値があります。回答は各質問の行に書いてください"),
    "xlsx.question_twice": "質問「{value}」の行が2回あります（最初の行は {first}）",
    "xlsx.unknown_question": ("不明な質問ID「{value}」です。質問IDの列は書き換えないでください"),
    "xlsx.unknown_question.suggest": (
        "不明な質問ID「{value}」です（「{suggestion}」の誤りではありませんか）。質問IDの列は"
        "書き換えないでください"
    ),
    "xlsx.macro": (
        "マクロ付き又はバイナリ形式のワークブックは受け付けません。マクロを含まない「.xlsx」"
        "形式で保存し直してください"
    ),
    "xlsx.encrypted": (
        "パスワードで保護されたワークブック又は古い「.xls」形式のファイルです。パスワードを"
        "外し、「.xlsx」形式で保存し直してください"
    ),
    "xlsx.not_xlsx": (
        "「.xlsx」形式のワークブックではありません（ZIP 形式でないか、ファイルが途中で切れて"
        "います）"
    ),
    "xlsx.too_many_parts": (
        "ワークブックの部品が {count} 個あり、上限の {limit} 個を超えるため受け付けません"
    ),
    "xlsx.zip_bomb": (
        "部品「{value}」が元の {count} 倍の大きさに展開されます。圧縮爆弾（ZIP 爆弾）の"
        "おそれがあるため受け付けません"
    ),
    "xlsx.too_large_inflated": (
        "ワークブックを展開すると {size} バイトになり、上限の {limit} バイトを超えるため"
        "受け付けません"
    ),
}

# The kinds of question, in Japanese (`PROBLEMS["rule.question_kind"]`).
KIND_WORDS: Final[Mapping[str, str]] = {
    "yes_no": "「はい／いいえ」形式",
    "single_choice": "単一選択",
    "multi_choice": "複数選択",
    "text": "文字列",
    "url_list": "URL のリスト",
    "date": "日付",
    "number": "数値",
    "component": "構成要素",
}

# The forms the models' patterns ask for, in Japanese (`PROBLEMS["pattern"]`); a pattern not
# listed is "the required form".
PATTERN_WORDS: Final[Mapping[str, str]] = {
    r"^[a-z][a-z0-9_]*$": "英小文字で始まり、英小文字・数字・下線（_）だけからなるID",
    r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$": (
        "英数字・下線（_）・ピリオド・ハイフンからなる64文字以内のアカウント名（先頭は英数字"
        "又は下線）"
    ),
}

# The kinds of value the validator expects and finds, in Japanese (`PROBLEMS["expected"]`).
EXPECTED_WORDS: Final[Mapping[str, str]] = {
    "a number": "数値",
    "a whole number": "整数",
    "true or false": "「true」又は「false」",
    "a mapping of keys": "「キー: 値」の対応付け",
    "a list": "リスト",
    "text": "文字列",
    "a mapping": "対応付け",
    "bool": "真偽値",
    "int": "整数",
    "float": "数値",
}


def coded_text(found: tuple[str, str, Mapping[str, str]], lang: Lang) -> str:
    """A coded message (English, code, parameters; `loading.value_problems` gives them) in one
    language: the English as written, or its code's wording in `PROBLEMS`."""
    message, code, params = found
    if lang == "en" or code not in PROBLEMS:
        return message
    return PROBLEMS[code].format(**params)


def problem_message(problem: Problem, lang: Lang) -> str:
    """What is wrong, in one language (a problem without a Japanese wording as written)."""
    return coded_text((problem.message, problem.code, dict(problem.params)), lang)


def problem_text(problem: Problem, lang: Lang) -> str:
    """One problem located (file, line, key path) and said in one language."""
    if lang == "en" or problem.code not in PROBLEMS:
        return str(problem)
    at = f"{problem.file} {problem.line}行目" if problem.line else problem.file
    where = f"{at}（{problem.path}）" if problem.path else at
    return f"{where}：{problem_message(problem, lang)}"


# The technical line under each Verify check, in Japanese (`signing.checks.Check.code`; the
# English is the verifier's own `detail`). Numbers, digests, ids and file names are filled in
# as they are; verdict parameters (osaid, policy and their `_now`) are filled in as labels.
CHECK_DETAILS: Final[Mapping[str, str]] = {
    "too_large": "ファイルは {size} バイトです。報告書は最大 {limit} バイトです",
    "not_a_report": "PDF、XLSX のワークブック又は JSON の記録のいずれでもありません",
    "record_unreadable": "記録を読み取れません（改ざん又は破損の可能性があります）",
    "digest_unsigned": "記録の SHA-256 は {digest} です（署名がないため、照合の対象がありません）",
    "not_signed": "記録に署名がありません",
    "digest_differs": (
        "改ざん：記録の SHA-256 は {digest} ですが、署名されたダイジェストは {signed} です"
    ),
    "digest_matches": "記録の SHA-256 {digest} は署名されたダイジェストと一致します",
    "wrong_purpose": "署名の用途は「{found}」であり、「{expected}」ではありません",
    "envelope_not_base64": ("改ざん：署名データの公開鍵又は署名値が base64 として正しくありません"),
    "envelope_fingerprint": "改ざん：署名データの公開鍵が記載された指紋と一致しません",
    "chain_envelope_malformed": "保存されている署名データの形式が正しくありません",
    "chain_head_missing": "署名されたチェーンの先頭が、変更履歴に見当たりません",
    "wrong_key": "想定と異なる鍵：署名した鍵は {found}、想定していた鍵は {expected} です",
    "signature_invalid": "改ざん：Ed25519 署名が署名データと一致しません",
    "signature_valid": "用途「{found}」の Ed25519 署名は有効です（署名した鍵：{fingerprint}）",
    "unknown_signer": (
        "不明な署名者：署名した鍵 {fingerprint} は信頼済みの鍵（「{source}」）にありません。"
        "署名は記録が変更されていないことを示しますが、誰が署名したかは示しません。"
        "発行機関に公開鍵を求めて `--public-key` で指定するか、システム管理者に信頼済みの鍵への"
        "登録を依頼してください"
    ),
    "signer.trust_store": "信頼済みの鍵（「{who}」、{fingerprint}）による署名です",
    "signer.trust_store.retired": (
        "信頼済みの鍵（「{who}」、{fingerprint}）による署名です。この鍵は {retired} に退役済みです"
    ),
    "signer.installation": "この環境自身の鍵（{fingerprint}）による署名です",
    "signer.installation.retired": (
        "この環境自身の鍵（{fingerprint}）による署名です。この鍵は {retired} に退役済みです"
    ),
    "signer.auditor": "検証のために指定された鍵（{fingerprint}）による署名です",
    "signer.auditor.retired": (
        "検証のために指定された鍵（{fingerprint}）による署名です。この鍵は {retired} に退役済みです"
    ),
    "certificate_matches": "PDF は記録の署名に記載された証明書で署名されています",
    "certificate_differs": (
        "想定と異なる鍵：PDF の署名に使われた証明書は {found} ですが、記録の署名に記載された"
        "証明書は {expected} です"
    ),
    "pdf_anchored": "PDF の証明書「{subject}」は「{source}」の信頼の起点につながっています",
    "pdf_anchor_required": (
        "不明な署名者：PDF の証明書「{subject}」は「{source}」の信頼の起点につながっていません"
        "（信頼の起点が必須とされています）"
    ),
    "pdf_bound": "PDF の証明書「{subject}」は、信頼済みの記録の署名に記載された証明書です",
    "pdf_unvouched": (
        "PDF の証明書「{subject}」は、信頼の起点によっても信頼済みの鍵によっても保証されていません"
    ),
    "policy_missing": (
        "記録に必要なポリシー「{policy}」（版 {version}、SHA-256 {digest}）がこの環境にありません。"
        "その版のポリシーを `--policies` で指定してください"
    ),
    "policy_found": "ポリシーを ID・版・SHA-256 で特定しました：「{policy}」 {version}（{digest}）",
    "questionnaires_differ": "質問票が記録時と異なります：「{names}」（ID、版又は SHA-256）",
    "questionnaires_match": "質問票のダイジェストが一致します：「{names}」",
    "reevaluation_failed": "判定を再現できません：再評価を実行できませんでした",
    "verdicts_identical": (
        "再評価の結果：OSAID {osaid}、ポリシー {policy}、公開度ラベル {label}、MOF {mof}。"
        "記録と同一です"
    ),
    "rules_changed": (
        "署名後に規則が変わりました。署名時の判定は OSAID {osaid}、ポリシー {policy}、現在の規則"
        "では OSAID {osaid_now}、ポリシー {policy_now} です。記録は改ざんされておらず、当時の"
        "規則で判定されたものです"
    ),
    "verdicts_differ": (
        "判定を再現できません：署名時は OSAID {osaid}、ポリシー {policy}、再評価では "
        "OSAID {osaid_now}、ポリシー {policy_now} です"
    ),
    "today_same": "現在の「{policy}」 {version} でも記録と同じ判定になります",
    "zip_refused": "ワークブックの ZIP 構造が安全の上限を超えるため、受け付けません",
    "workbook_unreadable": "改ざん又は破損：ワークブックを読み取れません",
    "no_record_sheet": "ワークブックに「{sheet}」シートがありません",
    "chunks_differ": (
        "改ざん：記録シートに宣言された分割数は {declared} ですが、実際は {found} です"
    ),
    "tool_version_differs": "改ざん：ワークブックのツール版数の属性が記録と一致しません",
    "other_tool_version": (
        "「osai-procure」{version} で作成されたもので、この環境は {current} です。シートは"
        "照合していません（記録そのものは検証済みです）"
    ),
    "other_edition": (
        "ワークブックの様式第 {version} 版で作成されたもので、この環境は第 {current} 版です。"
        "シートは照合していません（記録そのものは検証済みです）"
    ),
    "other_wording": (
        "シートは別の版の文言で作成されています。シートは照合していません（記録そのものは"
        "検証済みです）"
    ),
    "no_language": "改ざん：言語の属性がありません",
    "sheets_differ": "改ざん：シートは「{found}」ですが、署名時は「{expected}」です",
    "row_differs": "改ざん：「{sheet}」シートの {row} 行目が署名された記録と異なります",
    "part_differs": (
        "改ざん：ワークブックの部品「{part}」が署名された記録と異なります"
        "（書式、属性又は構造の変更）"
    ),
    "container_differs": (
        "全てのシートと部品は署名された記録と一致します。ZIP の格納形式（日時又は圧縮）だけが"
        "異なります"
    ),
    "sheets_match": "全てのシートが署名された記録とバイト単位で一致します",
    "pdf_unreadable": "改ざん又は破損：PDF を読み取れません",
    "no_attachment": "PDF に添付ファイル「{file}」がありません",
    "pdf_not_signed": "PDF に電子署名がありません",
    "several_signatures": "PDF に署名が {count} 個あります。報告書の署名は1個です",
    "pdf_signature_unreadable": "改ざん：PDF の署名を検証できません",
    "pdf_changed": "改ざん：署名の後で PDF が変更されています",
    "pdf_partial": (
        "改ざん：署名はファイル全体ではなく一部（「{coverage}」）だけを対象としています"
        "（署名の後で追記されています）"
    ),
    "pdf_value_altered": "改ざん：PDF 内の署名値が変更されています",
    "pdf_container_altered": (
        "改ざん：PDF 内の署名コンテナが変更されています（署名対象外の欄が書き換えられています）"
    ),
    "pdf_intact": "PAdES 署名はファイル全体について有効です（証明書の SHA-256：{digest}）",
}


# `osai-procure serve` refusing a shared deployment without sign-in: why it is shared, then
# what the operator can do (the same three ways in every case).
_SERVE_JA = (
    "ログインを設定してください（`.streamlit/secrets.toml` の `[auth]`。"
    "`secrets.toml.example` を参照）。又は、プロキシが付ける信頼済みヘッダーを "
    "`OSAI_PROCURE_TRUSTED_PROXIES` 又は `OSAI_PROCURE_PROXY_SECRET` で設定してください。"
    "ポートに届く誰もが全ての評価を閲覧・変更・承認できることを承知のうえで開始する場合は、"
    "`--unauthenticated` を指定してください"
)
_SERVE_EN = (
    "Configure Streamlit's login ([auth] in .streamlit/secrets.toml; see secrets.toml.example), "
    "or the trusted header with OSAI_PROCURE_TRUSTED_PROXIES or OSAI_PROCURE_PROXY_SECRET; or, "
    "knowing that anyone who reaches the port can read, change and approve every assessment, "
    "pass --unauthenticated."
)
_SERVE_REFUSED = "refusing to start a shared deployment without sign-in: "


# What went wrong making or reading a report (`errors.CodedError.code`): the PDF's fonts, the
# record document, the report's inputs; and `serve` refusing a shared deployment. The English
# reads as the core always wrote it; parameters: path, detail (a library's own words, English
# only), hint, searched, limit, where, value, found, expected, found_digest, expected_digest,
# address.
ERRORS: Final[Mapping[str, tuple[str, str]]] = {
    "serve.shared_address": (
        "`{address}` で待ち受けるため共有の環境になりますが、ログインが設定されていないので"
        "起動しません。" + _SERVE_JA,
        _SERVE_REFUSED + "it listens on {address}. " + _SERVE_EN,
    ),
    "serve.shared_database": (
        "サーバー型のデータベース（OSAI_PROCURE_DB_URL）を使うため共有の環境になりますが、"
        "ログインが設定されていないので起動しません。" + _SERVE_JA,
        _SERVE_REFUSED + "it uses a server database (OSAI_PROCURE_DB_URL). " + _SERVE_EN,
    ),
    "serve.shared_address_and_database": (
        "`{address}` で待ち受け、サーバー型のデータベース（OSAI_PROCURE_DB_URL）を使うため共有の"
        "環境になりますが、ログインが設定されていないので起動しません。" + _SERVE_JA,
        _SERVE_REFUSED
        + "it listens on {address} and it uses a server database (OSAI_PROCURE_DB_URL). "
        + _SERVE_EN,
    ),
    "font.not_found": (
        "PDF に使う日本語の TrueType フォント（BIZ UDゴシック）が見つかりません。"
        "システム管理者に osai-procure の再インストールを依頼するか、環境変数 "
        "OSAI_PROCURE_FONT_DIR に BIZ UDゴシックのフォルダを設定してください"
        "（探した場所：{searched}）",
        "no Japanese TrueType font found for the PDF; {hint} (BIZUDGothic-Regular.ttf and "
        "BIZUDGothic-Bold.ttf). Searched: {searched}",
    ),
    "font.unusable": (
        "フォントファイル {path} を PDF に埋め込めません（壊れているか、TrueType のフォントでは"
        "ありません）。システム管理者に osai-procure の再インストールを依頼するか、環境変数 "
        "OSAI_PROCURE_FONT_DIR の設定を確認してください",
        "{path} cannot be embedded ({detail}); {hint}",
    ),
    "record.not_canonical_data": (
        "記録に JSON で正確に表せない値（極端に大きい整数など）が含まれているため、記録を"
        "作成できません",
        "the record cannot be canonicalised (RFC 8785): {detail}",
    ),
    "record.not_json": (
        "記録が UTF-8 の JSON として読み取れません（壊れているか、別のファイルです）",
        "the record is not valid UTF-8 JSON ({detail})",
    ),
    "record.number_too_long": (
        "記録に桁数が多すぎる数値が含まれているため、読み取れません",
        "the record holds {detail}",
    ),
    "record.too_deep": (
        "記録の入れ子が {limit} 段を超えているため、読み取れません",
        "the record is nested deeper than {limit} levels",
    ),
    "record.not_a_document": (
        "記録の文書ではありません（「record」と「signature」の2項目だけからなる必要があります）",
        "the record document must hold exactly 'record' and 'signature'",
    ),
    "record.inexact_values": (
        "記録に JSON で正確に表せない値が含まれているため、読み取れません",
        "the record holds values JSON cannot carry exactly: {detail}",
    ),
    "record.changed": (
        "記録が作成時の形式（RFC 8785 の正規形）のままではありません。作成後に変更されています",
        "the record is not in its canonical RFC 8785 form: it was changed after it was written",
    ),
    "record.malformed": (
        "記録の「{where}」の項目が正しくありません（壊れているか、このツールの記録ではありません）",
        "the record is malformed at {where}: {detail}",
    ),
    "report.generated_at_not_iso": (
        "作成日時「{value}」が ISO 8601 の日時ではありません。例：「2026-05-12T10:00:00+09:00」",
        "generated_at '{value}' is not an ISO 8601 date-time",
    ),
    "report.generated_at_no_zone": (
        "作成日時「{value}」に時差（タイムゾーン）がありません。「+09:00」又は「Z」を付けてください",
        "generated_at '{value}' needs a time zone, e.g. +09:00 or Z",
    ),
    "transition.no_roles": (
        "このポリシーには承認手続の役割（signoff_roles）が定められていないため、署名できません。"
        "ポリシーの作成者に確認してください",
        "the policy names no sign-off roles",
    ),
    "transition.unknown_role": (
        "役割「{role}」はこのポリシーの承認手続にありません（役割：{roles}）",
        "unknown role '{role}'; roles: {roles}",
    ),
    "transition.not_now": (
        "今は{role}が署名する順番ではありません（次に署名するのは{waiting}です）。"
        "他の担当者が先に署名した可能性があります。ページを再読み込みして確認してください",
        "'{role}' cannot sign now; next to sign: {waiting}",
    ),
    "transition.reject_last": (
        "却下できるのは{role}だけです。それ以外の役割の方は差し戻してください",
        "only the '{role}' can reject; others return",
    ),
    "transition.nothing_to_return": (
        "{role}は評価を提出する役割のため、差し戻す相手がいません",
        "the '{role}' submits; there is nothing to return",
    ),
    "transition.not_locked": (
        "新しい版を作成できるのは、承認済み又は却下された評価だけです",
        "only an approved or rejected assessment gets a new revision",
    ),
    "transition.revision_exists": (
        "この評価の第{revision}版が既にあります。そちらで作業を続けてください",
        "revision {revision} already exists (id {id}); continue there",
    ),
    "report.other_policy": (
        "評価結果が別のポリシー（「{found}」）のものです。「{expected}」で評価し直してください",
        "the evaluation is for policy '{found}' ({found_digest}…), not '{expected}' "
        "({expected_digest}…)",
    ),
}


# What the command line prints, other than reports and verdict reasons (`cli_lang.CliError`
# and the commands' own lines). Parameters are named in each message; ids, paths, digests and
# numbers are filled in as they are.
CLI: Final[Mapping[str, tuple[str, str]]] = {
    "error": ("エラー：{detail}", "error: {detail}"),
    "internal_error": (
        "内部エラーが発生しました（{kind}）。環境変数 `OSAI_PROCURE_DEBUG=1` を設定して再実行し、"
        "表示された詳細を添えて報告してください",
        "internal error: {kind}: {detail}. Set OSAI_PROCURE_DEBUG=1 for details and report it.",
    ),
    "xlsx_needs_output": (
        "`--format xlsx` では、書き出すファイルを `-o FILE` で指定してください",
        "--format xlsx needs -o FILE",
    ),
    "no_parent": (
        "{path}：このポリシーは他のポリシーを拡張していないため、比較するものがありません",
        "{path}: this policy extends no other policy",
    ),
    "parent_missing": (
        "{path}：拡張元のポリシー「{parent}」が見つかりません",
        "{path}: parent policy {parent} not found",
    ),
    "nothing_to_write": (
        "書き出すものがありません。`--pdf FILE`、`--xlsx FILE` 又は `--json FILE` を指定して"
        "ください",
        "nothing to write: give --pdf FILE, --xlsx FILE and/or --json FILE",
    ),
    "pdf_cert_and_key": (
        "`--pdf-cert` と `--pdf-key` は、両方を指定してください",
        "--pdf-cert and --pdf-key go together",
    ),
    "policies_not_directory": (
        "`--policies` {path}：フォルダではありません。ポリシーを置いたフォルダを指定してください",
        "--policies {path}: not a directory",
    ),
    "trust_missing": (
        "`--trust` {path}：ファイルが見つかりません。信頼済みの鍵のファイルのパスを確認して"
        "ください",
        "--trust {path}: no such file",
    ),
    "key_unreadable": (
        "公開鍵のファイル {path} を読み取れません。パス及び読取りの権限を確認してください",
        "cannot read {path}: {detail}",
    ),
    "not_public_key": (
        "{path} は Ed25519 の公開鍵（PEM 又は base64）ではありません。発行機関が公開している"
        "公開鍵のファイルを指定してください",
        "{path}: {detail}",
    ),
    "wrote": ("{path} に書き出しました", "wrote {path}"),
    "record_digest": ("記録の SHA-256：{digest}", "record SHA-256: {digest}"),
    "signed_by": ("署名した鍵：{fingerprint}", "signed by: {fingerprint}"),
    "not_signed": ("署名していません", "not signed"),
    "keys_written": ("署名鍵を {directory} に作成しました", "keys written to {directory}"),
    "keys_written_unencrypted": (
        "署名鍵を {directory} に作成しました（暗号化していません）",
        "keys written to {directory} (NOT encrypted)",
    ),
    "fingerprint": ("指紋：{fingerprint}", "fingerprint: {fingerprint}"),
    "public_key": ("公開鍵：{path}", "public key: {path}"),
    # validate
    "valid": ("{path}：問題ありません（{kind}）", "{path}: ok ({kind})"),
    "kind.questionnaire": ("質問票", "questionnaire"),
    "kind.policy": ("ポリシー", "policy"),
    "kind.answers": ("回答ファイル", "answers"),
    # diff
    "diff.head": (
        "「{child}」 {child_version} と拡張元「{parent}」 {parent_version} の違い",
        "{child} {child_version} against {parent} {parent_version}",
    ),
    "diff.none": ("違いはありません", "no differences"),
    "diff.added": ("+ 追加された基準「{id}」", "+ criterion {id}"),
    "diff.removed": ("- 削除された基準「{id}」", "- criterion {id}"),
    "diff.changed": ("~ 変更された基準「{id}」：{fields}", "~ criterion {id}: {fields}"),
    "diff.setting": ("~ 設定「{name}」：{before} → {after}", "~ {name}: {before} -> {after}"),
    # license check
    "check.original": ("入力：{value}", "original:   {value}"),
    "check.normalized": ("正規化：{value}（{kind}）", "normalized: {value}  ({kind})"),
    "check.acceptable": ("  {type}：受入れ可", "  {type:<14} acceptable"),
    "check.not_acceptable": ("  {type}：受入れ不可", "  {type:<14} NOT acceptable"),
    "check.note": ("  注記：{note}", "  note: {note}"),
    "check.flags": ("問題条項：", "red flags:"),
    "check.flag": ("  {flag}：{why}", "  {flag}: {why}"),
    "check.no_flags": ("問題条項：なし", "red flags: none"),
    # evaluate
    "eval.osaid": ("OSAID 1.0：{verdict}", "OSAID 1.0: {verdict}"),
    "eval.would_pass": (
        "（条件（ライセンス）だけが変われば、オープンソースAIと判定されます）",
        "  (would pass if the terms changed)",
    ),
    "eval.would_pass_once": (
        "（条件（ライセンス）だけが変われば、未確定の {count} 件が確認された後にオープンソースAI"
        "と判定されます：{items}）",
        "  (would pass if the terms changed, once {count} {count:unknown is|unknowns are} "
        "confirmed: {items})",
    ),
    "eval.policy": (
        "ポリシー「{name}」（版 {version}）：{verdict}（評点 {score}、ダイジェスト {digest}…）",
        "Policy {name} {version}: {verdict}  (score {score}, digest {digest}…)",
    ),
    "eval.label": ("公開度ラベル：{title}", "Openness label: {id} — {title}"),
    "eval.mof": ("MOF の分類：{value}", "MOF class: {value}"),
    "eval.mof_class": ("クラス{value}", "{value}"),
    "eval.mof_unclassified": ("分類なし", "unclassified"),
    "eval.flags": ("ライセンスの問題条項：", "Licence red flags:"),
    "eval.flag": (
        "  {component}（{licence}）：{flag}。{why}",
        "  {component} ({licence}): {flag} — {why}",
    ),
    "eval.unconfirmed": (
        "取り込んだまま担当者が確認していない回答：{items}",
        "Resting on imported, unconfirmed answers: {items}",
    ),
    "eval.resting": ("それらの回答に基づく結論：", "Conclusions resting on them:"),
    "eval.resting_item": ("  {what}{status}：{items}", "  {what}{status}: {items}"),
    "eval.unanswered": ("未回答（{count} 件）：{items}", "Unanswered ({count}): {items}"),
    "conclusion.osaid_verdict": ("OSAID の判定「{value}」", "osaid verdict {value}"),
    "conclusion.openness_label": ("公開度ラベル「{value}」", "openness label {value}"),
    "conclusion.mof_class": ("MOF の分類「{value}」", "mof class {value}"),
    "conclusion.criterion": ("基準「{value}」", "criterion {value}"),
    # verify
    "verify.unknown_kind": ("不明な形式", "unknown"),
    "verify.yes": ("はい", "yes"),
    "verify.no": ("いいえ", "NO"),
    "verify.unsure": ("？", "?"),
    "verify.pass": ("確認済み", "PASS"),
    "verify.fail": ("問題あり", "FAIL"),
    "verify.warn": ("参考", "NOTE"),
    "verify.skip": ("対象外", "SKIP"),
    # register, reminders, impact
    "register.missing_policy": (
        "警告：ポリシー「{id}」を宣言する有効なポリシーのファイルがありません。その評価の判定は"
        "「利用不可」と表示されます（ファイルを `OSAI_PROCURE_CONTENT` に追加してください）",
        "warning: no valid policy file declares {id!r}; its assessments show verdicts as "
        "'unavailable' (add the file to OSAI_PROCURE_CONTENT)",
    ),
    "register.schedule": (
        "`--reassess-months` と `--stale-days` には1以上を指定してください",
        "--reassess-months and --stale-days must be at least 1",
    ),
    "register.now": (
        "`--now` {value}：日付又は日時を ISO 8601 の形式（例：2026-12-01）で指定してください",
        "--now {value}: give an ISO 8601 date or time",
    ),
    "register.count": (
        "（全 {total} 件中 {shown} 件）",
        "({shown} of {total} {total:assessment|assessments})",
    ),
    "status.draft": ("下書き", "draft"),
    "status.in_review": ("レビュー中", "in_review"),
    "status.approved": ("承認済み", "approved"),
    "status.rejected": ("却下", "rejected"),
    "due.reassessment_due": ("再評価期限到来", "reassessment_due"),
    "due.evidence_stale": ("証拠の再確認が必要", "evidence_stale"),
    "due.drill_failed": ("預託物の検証で不合格", "drill_failed"),
    "reminders.item": (
        "{reasons}：{title}（期限 {due}、{id}）",
        "{reasons}: {title} (due {due}; {id})",
    ),
    "reminders.count": (
        "対応が必要な評価：{count} 件",
        "{count} {count:assessment needs|assessments need} attention",
    ),
    "aspect.osaid_verdict": ("OSAID の判定", "osaid_verdict"),
    "aspect.policy_verdict": ("ポリシーの判定", "policy_verdict"),
    "aspect.label": ("公開度ラベル", "label"),
    "aspect.mof_class": ("MOF の分類", "mof_class"),
    "impact.failed": ("評価できませんでした：{id}：{problems}", "not evaluated: {id}: {problems}"),
    "impact.no_verdict": (
        "元のポリシーでの判定がないため、比較できません",
        "no verdict under its own policy to compare with",
    ),
    "impact.gone": ("この評価はもう保存されていません", "the assessment is no longer stored"),
    "impact.every_policy": ("全てのポリシー", "every policy"),
    "impact.summary": (
        "「{id}」 {version} の下では、{considered} 件の評価（{scope}）のうち {changed} 件の判定が"
        "変わります。何も変更していません",
        "{changed} of {considered} {considered:assessment|assessments} ({scope}) would change "
        "under {id} {version}; nothing was changed",
    ),
    # audit
    "audit.not_found": (
        "評価 {value} はデータベースにありません。アプリのリンクから評価のIDをコピーしてください",
        "no assessment {value} in the database; copy the id from the app's link",
    ),
    "audit.head": (
        "評価 {id}：状態は「{status}」、変更履歴 {rows} 行、チェーンの先頭 {head}",
        "assessment {id}: status {status}, {rows} history rows, chain head {head}",
    ),
    "audit.unchained": ("ハッシュのない変更履歴の行があります", "a history row without a hash"),
    "audit.broken_link": (
        "変更履歴の行が削除又は挿入されています（直前の行のハッシュが一致しません）",
        "the previous row's hash does not match: a row was removed or inserted",
    ),
    "audit.altered_entry": (
        "変更履歴の行の内容がそのハッシュと一致しません（行が書き換えられています）",
        "the row's content does not match its hash",
    ),
    "audit.altered_state": (
        "保存されている評価が、変更履歴に最後に記録された状態と一致しません",
        "the assessment as stored differs from the state its history last recorded",
    ),
    "audit.row": ("（変更履歴の行 {id}）", " (history row {id})"),
    "audit.tampered_item": ("改ざん：{what}", "TAMPERED: {what}"),
    "audit.signature_bad": (
        "改ざん：チェーンの先頭に対する承認の署名を確認できません（{detail}）",
        "TAMPERED: approval signature",
    ),
    "audit.signature_ok": (
        "チェーンの先頭に対する承認の署名は有効です（鍵 {fingerprint}）",
        "approval signature over the chain head: valid, key {fingerprint}",
    ),
    "audit.tampered": ("改ざんがあります", "TAMPERED"),
    "audit.intact": ("改ざんはありません", "intact"),
    # import
    "import.info": ("情報：{note}", "info: {note}"),
    "import.warning": ("注意：{note}", "warning: {note}"),
    "import.header": (
        "# `osai-procure import {format}` により {source} から取り込みました。",
        "# Imported by `osai-procure import {format}` from {source}.",
    ),
    "import.header_confirm": (
        "# `provenance: imported` かつ `confirmed: false` の回答は、担当者の確認が必要です。",
        "# Answers with `provenance: imported` and `confirmed: false` need an officer's "
        "confirmation.",
    ),
    "import.done": (
        "{count} 件の回答を {source} から取り込みました。担当者が確認するまで、未確認のままです",
        "{count} {count:answer|answers} imported from {source}; {count:it stays|they stay} "
        "unconfirmed until an officer {count:confirms it|confirms them}",
    ),
}


# Sign-off roles as a Japanese sentence names them (`ERRORS` parameters role and waiting).
_ROLE_WORDS: Final[Mapping[str, str]] = {
    "preparer": "作成者",
    "reviewer": "確認者",
    "approver": "承認者",
    "nobody": "なし（全員が署名済み）",
}


def error_text(code: str, lang: Lang, **params: str) -> str:
    """A coded error (`errors.CodedError`) in one language, parameters filled in (sign-off
    roles by their Japanese names in Japanese)."""
    ja, en = ERRORS[code]
    if lang == "en":
        return en.format(**params)
    shown = {
        name: _ROLE_WORDS.get(value, value) if name in ("role", "waiting") else value
        for name, value in params.items()
    }
    return ja.format(**shown)


def cli_text(key: str, lang: Lang, **params: object) -> str:
    """A line the command line prints, in one language, parameters filled in."""
    return _filled(CLI, key, lang, params)
