"""Renderers lay out a `Report` (PDF, workbook) or a `Record` (JSON); they compute nothing.

The fixed headings both layouts share live here so the PDF and the workbook use the same words.
Import renderers from their modules: `render.pdf.render_pdf`, `render.xlsx.render_xlsx`,
`render.record.canonical_record`.
"""

from __future__ import annotations

from osai_procure.models.base import I18n, Lang

# The edition of the workbook layout, stated in every signed record. Verify compares a workbook
# cell by cell with a fresh render only when it was made by the same edition, so raise this
# whenever a change alters any cell, sheet or part of the workbook; otherwise workbooks signed
# before the change read as tampered (tests/reports/test_old_records.py catches a forgotten one).
# 2: "Imported" sheet; 3: glossary labels, refs titled; 4: Japanese clauses; 5: Japanese sheet
# names; 6: "Drills" sheet and preservation drill records in the evidence cells; 7: the Answers
# sheet's question id header and question kinds in the report's language; 8: a warning's
# concerns named by title, not by id; 9: reasons name questions by number, answers by label, red
# flags and criteria by title; drills and imported conclusions name questions by number and text;
# 10: Japanese labels inside cells take a full-width colon (公開状況：公開)
RENDERING_EDITION = "10"


def _t(ja: str, en: str) -> I18n:
    """A bilingual heading."""
    return I18n(ja=ja, en=en)


HEADINGS: dict[str, I18n] = {
    "assessment": _t("評価対象", "Assessment"),
    "assessment_title": _t("件名", "Title"),
    "system": _t("AIシステム", "AI system"),
    "version": _t("版", "Version"),
    "provider": _t("提供者", "Provider"),
    "agency": _t("調達機関", "Agency"),
    "procurement_id": _t("調達案件番号", "Procurement id"),
    "policy": _t("調達ポリシー", "Policy"),
    "generated_at": _t("作成日時", "Generated at"),
    "verdicts": _t("判定", "Verdicts"),
    "summary": _t("要旨", "Executive summary"),
    "totals": _t("集計", "Totals"),
    "criteria": _t("基準", "Criteria"),
    "met": _t("充足", "Met"),
    "not_met": _t("未充足", "Not met"),
    "unknown": _t("不明", "Unknown"),
    "not_applicable": _t("対象外", "Not applicable"),
    "gates_failed": _t("未充足の必須要件", "Gates failed"),
    "gates_unknown": _t("不明の必須要件", "Gates unknown"),
    "score": _t("評点", "Score"),
    "questions": _t("質問", "Questions"),
    "answered": _t("回答済み", "Answered"),
    "unanswered": _t("未回答", "Unanswered"),
    "not_shown": _t("対象外の質問", "Not asked"),
    "unconfirmed_imports": _t("未確認の取込み回答", "Unconfirmed imports"),
    "evidence_items": _t("根拠資料", "Evidence items"),
    "evidence_missing": _t("根拠資料の不足", "Evidence missing"),
    "top_actions": _t("優先して是正すべき事項", "Most important actions"),
    "findings": _t("基準ごとの所見", "Findings by criterion"),
    "finding": _t("所見", "Finding"),
    "criterion": _t("基準", "Criterion"),
    "title": _t("名称", "Title"),
    "scope": _t("区分", "Scope"),
    "severity": _t("重要度", "Severity"),
    "weight": _t("重み", "Weight"),
    "status": _t("結果", "Status"),
    "reasons": _t("理由", "Reasons"),
    "deciding_answers": _t("判定の根拠となった回答", "Answers that decided it"),
    "question": _t("質問", "Question"),
    "answer": _t("回答", "Answer"),
    "evidence": _t("根拠資料", "Evidence"),
    "no_evidence": _t("根拠資料なし", "no evidence"),
    "licences_read": _t("参照したライセンス", "Licences read"),
    "references": _t("出典", "References"),
    "remediation": _t("是正措置", "Remediation"),
    "action": _t("措置", "Action"),
    "contract_clause": _t("契約条項案", "Suggested contract clause"),
    "condition": _t("適合の条件", "condition of compliance"),
    "priority": _t("順位", "Rank"),
    "licences": _t("構成要素ごとのライセンス", "Licences per component"),
    "component": _t("構成要素", "Component"),
    "content_type": _t("種類", "Type"),
    "released": _t("公開", "Released"),
    "licence": _t("ライセンス", "Licence"),
    "normalized": _t("SPDX 正規形", "SPDX form"),
    "kind": _t("分類", "Kind"),
    "osi_approved": _t("OSI承認", "OSI-approved"),
    "acceptable": _t("受入れ", "Acceptable"),
    "verdict": _t("判定", "Verdict"),
    "red_flags": _t("問題となる条件", "Red flags"),
    "applies_to": _t("適用される構成要素", "Applies to"),
    "messages": _t("注記", "Notes"),
    "deprecated": _t("非推奨ID", "Deprecated ids"),
    "yes": _t("はい", "yes"),
    "no": _t("いいえ", "no"),
    "warnings": _t("オープンウォッシングの警告", "Openwashing warnings"),
    "no_warnings": _t(
        "オープンウォッシングの兆候は見つからなかった。", "No signs of openwashing were found."
    ),
    "no_remediation": _t("是正すべき事項はない。", "Nothing to remediate."),
    "resting_on_imports": _t(
        "未確認の取込み回答に基づく結論", "Conclusions resting on unconfirmed imported answers"
    ),
    "resting_on_imports_intro": _t(
        "次の結論は、記録等から取り込み、担当者がまだ確認していない回答に基づく。"
        "回答を確認するまで、これらの結論は暫定的なものである。",
        "These conclusions read answers imported from a record that no officer has confirmed "
        "yet. They are provisional until those answers are confirmed.",
    ),
    "no_resting_on_imports": _t(
        "未確認の取込み回答に基づく結論はない。",
        "No conclusion rests on an unconfirmed imported answer.",
    ),
    "conclusion": _t("結論", "Conclusion"),
    "outcome": _t("結果", "Outcome"),
    "imported_answers": _t("未確認の取込み回答", "Unconfirmed imported answers"),
    "items": _t("対象", "Concerns"),
    "signoff": _t("承認", "Sign-off"),
    "role": _t("役割", "Role"),
    "name": _t("氏名", "Name"),
    "job_title": _t("職名", "Title"),
    "organisation": _t("所属", "Organisation"),
    "date": _t("日付", "Date"),
    "decision": _t("判断", "Decision"),
    "comment": _t("コメント", "Comment"),
    "required": _t("必須", "Required"),
    "integrity": _t("完全性の証明", "Integrity"),
    "record_sha256": _t("記録の SHA-256", "Record SHA-256"),
    "canonicalization": _t("正規化", "Canonicalisation"),
    "algorithm": _t("署名方式", "Algorithm"),
    "namespace": _t("署名の用途（名前空間）", "Namespace"),
    "key_fingerprint": _t("鍵フィンガープリント", "Key fingerprint"),
    "signature": _t("署名", "Signature"),
    "pdf_certificate": _t("PDF署名証明書の SHA-256", "PDF certificate SHA-256"),
    "not_signed": _t(
        "この報告書には電子署名がない。内容の改変を検出できない。",
        "This report is not signed: changes to it cannot be detected.",
    ),
    "how_to_verify": _t(
        "検証方法：osai-procure verify <ファイル> --public-key <公開鍵>。"
        "記録（JSON）の SHA-256 は、"
        "添付された記録の record 部分を RFC 8785 で正規化したバイト列から誰でも再計算できる。",
        "To verify: osai-procure verify <file> --public-key <key>. Anyone can recompute the "
        "record's SHA-256 from the RFC 8785 canonical bytes of the attached record.",
    ),
    "drills": _t("預託物の検証の記録", "Preservation drills (deposit checks)"),
    "drills_intro": _t(
        "次の預託物の検証記録が根拠資料として引用されている。各記録は署名された JSON ファイル"
        "であり、その SHA-256 で特定される。",
        "These preservation drill records are cited as evidence. Each is a signed JSON file, "
        "identified by its SHA-256.",
    ),
    "no_drills": _t(
        "根拠資料として引用された預託物の検証記録はない。",
        "No preservation drill record is cited as evidence.",
    ),
    "performed_at": _t("実施日時", "Performed at"),
    "performed_by": _t("実施者", "Performed by"),
    "deposit_kind": _t("形式", "Deposit format"),
    "deposit": _t("検証した預託物", "Deposit checked"),
    "files_checked": _t("照合したファイル", "Files checked"),
    "files_listed": _t("記載ファイル数", "Files listed"),
    "bytes_checked": _t("照合したバイト数", "Bytes checked"),
    "drill_result": _t("結果", "Result"),
    "drill_problems": _t("不一致", "Discrepancies"),
    "missing_files": _t("欠落", "Missing"),
    "extra_files": _t("余分", "Extra"),
    "changed_files": _t("変更", "Changed"),
    "unreadable_files": _t("読取不能", "Unreadable"),
    "drill_record": _t("記録ファイルの SHA-256", "Record file SHA-256"),
    "drill_signature": _t("記録の署名", "Record signature"),
    "cited_by": _t("引用している質問", "Cited by"),
    "appendix_answers": _t("付録A 全回答と根拠資料", "Appendix A: every answer and its evidence"),
    "appendix_provenance": _t("付録B 評価の再現に必要な情報", "Appendix B: what re-performs it"),
    "note": _t("注記", "Note"),
    "provenance": _t("出所", "Provenance"),
    "answered_by": _t("回答者", "Answered by"),
    "answered_at": _t("回答日", "Answered at"),
    "confirmed": _t("担当者確認済み", "confirmed by an officer"),
    "unconfirmed": _t("未確認の取込み回答", "imported, not confirmed"),
    "evidence_required": _t("根拠資料が必要", "evidence required"),
    "id": _t("ID", "Id"),
    "question_id": _t("質問ID", "Id"),
    # A question's kind (models.questionnaire.QUESTION_KINDS) as the Answers sheet shows it.
    "kind_yes_no": _t("はい／いいえ", "yes or no"),
    "kind_single_choice": _t("単一選択", "single choice"),
    "kind_multi_choice": _t("複数選択", "multiple choice"),
    "kind_text": _t("文章", "text"),
    "kind_url_list": _t("URLの一覧", "list of URLs"),
    "kind_date": _t("日付", "date"),
    "kind_number": _t("数値", "number"),
    "kind_component": _t("構成要素", "component"),
    "section": _t("節", "Section"),
    "item": _t("項目", "Item"),
    "value": _t("内容", "Value"),
    "detail": _t("詳細", "Detail"),
    "number": _t("番号", "No."),
    "digest": _t("SHA-256", "SHA-256"),
    "lineage": _t("継承関係", "Lineage"),
    "questionnaires": _t("質問票", "Questionnaires"),
    "tool_version": _t("ツールの版", "Tool version"),
    "spdx_list_version": _t("SPDX ライセンスリストの版", "SPDX licence list version"),
    "glyph_note": _t(
        "埋め込みフォントにない文字は [U+XXXX]（Unicode の符号位置）で示した。"
        "原文は添付の記録にある：",
        "Characters the embedded font cannot draw are shown as [U+XXXX] (their Unicode code "
        "point); the attached record holds the original text: ",
    ),
    "cut_note": _t(
        "（以下略。全文は付録Aと記録にある）", " (cut; full text in Appendix A and the record)"
    ),
    "page": _t("ページ", "Page"),
    "record": _t("機械可読な記録", "Machine-readable record"),
    "record_chunks": _t("記録の分割数", "Record chunks"),
    "chunk": _t("分割", "Chunk"),
    "signed": _t("署名", "Signed"),
    "continued": _t("（続き）", "(continued)"),
}


def heading(key: str, lang: Lang) -> str:
    """A fixed heading in a language."""
    return HEADINGS[key].get(lang)
