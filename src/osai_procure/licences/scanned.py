"""A scanned licence document as a component's licence facts: identity, reviewed clause flags
and the document's SHA-256, in the same `LicenceFacts` the engine reads for licence strings."""

from __future__ import annotations

from typing import Literal

from osai_procure.licences import analyse_licence
from osai_procure.licences.catalogue import Catalogue
from osai_procure.licences.scanning import rule_by_id
from osai_procure.models.base import I18n, Lang
from osai_procure.models.licence import (
    LicenceAnd,
    LicenceFacts,
    LicenceFlagFact,
    LicenceLeaf,
    LicenceNode,
    LicenceNote,
    LicenceOr,
    LicenceWith,
)
from osai_procure.models.scan import (
    LicenceScan,
    ReadProblem,
    ReviewedClause,
    ScanEvidence,
    TextLocation,
)
from osai_procure.wording import licence_note_i18n

__all__ = [
    "SCANNED",
    "confidence_text",
    "facts_from_scan",
    "location_text",
    "problem_text",
    "scan_evidence",
    "scan_lines",
]

SCANNED = "scanned text"

_CONFIDENCE: dict[str, I18n] = {
    "high": I18n(ja="確度：高", en="confidence: high"),
    "medium": I18n(ja="確度：中", en="confidence: medium"),
    "low": I18n(ja="確度：低", en="confidence: low"),
}


def confidence_text(confidence: str, lang: Lang) -> str:
    """How sure a clause hit is, in the reader's language."""
    return _CONFIDENCE[confidence].get(lang)


_PROBLEMS: dict[str, I18n] = {
    "too_large": I18n(
        ja="ファイルが大きすぎる（{detail}バイト、上限20MB）。本文だけを保存し直して読み込むこと。",
        en="The file is too large ({detail} bytes, limit 20 MB); save the terms alone and retry.",
    ),
    "empty": I18n(ja="文章が見つからない。", en="No text was found."),
    "not_text": I18n(
        ja="テキストとして読めない（UTF-8又はShift_JISのテキスト、HTML、PDFを渡すこと）。",
        en="Not readable as text (give UTF-8 or Shift_JIS text, HTML or PDF).",
    ),
    "pdf_unreadable": I18n(
        ja="PDFを解析できない（{detail}）。PDFを保存し直すか、本文をテキストで渡すこと。",
        en="The PDF cannot be parsed ({detail}); re-save it or give the terms as text.",
    ),
    "pdf_encrypted": I18n(
        ja="PDFがパスワードで保護されている。保護を外したものを渡すこと。",
        en="The PDF is password-protected; give an unprotected copy.",
    ),
    "pdf_too_many_pages": I18n(
        ja="PDFのページ数が多すぎる（{detail}ページ）。最初の400ページだけを読んだ。",
        en="The PDF has {detail} pages; only the first 400 were read.",
    ),
    "pdf_pages_without_text": I18n(
        ja="文字を取り出せないページがある（{detail}ページ目。画像の可能性）。"
        "そのページの条項は確認していない。",
        en="No text could be taken from page(s) {detail} (images?); their clauses are unchecked.",
    ),
    "pdf_stream_limit": I18n(
        ja="PDFの中に、展開すると極端に大きくなるデータがある（{detail}ページ目）。"
        "圧縮爆弾の可能性があるため読み取りを打ち切った。そのページの条項は確認していない。"
        "発行元から文書を取り寄せ直すこと。",
        en="Page(s) {detail} of the PDF hold data that inflates to an extreme size (a possible "
        "zip bomb), so reading them was stopped and their clauses are unchecked. Ask the "
        "issuer for the document again.",
    ),
    "truncated": I18n(
        ja="文章が長すぎるため、途中までしか読んでいない。",
        en="The text is too long; only its beginning was read.",
    ),
}


def problem_text(problem: ReadProblem, lang: Lang) -> str:
    """The sentence explaining one reading problem and what to do."""
    return _PROBLEMS[problem.code].get(lang).format(detail=problem.detail)


def location_text(location: TextLocation, lang: Lang) -> str:
    """Where a passage is: section, paragraph and page."""
    parts = []
    if location.section:
        named = location.section.startswith(("第", "Section", "Attachment", "Exhibit", "別紙"))
        parts.append(location.section if named else f"§{location.section}")
    parts.append(f"¶{location.paragraph}")
    if location.page is not None:
        parts.append(f"{location.page}ページ" if lang == "ja" else f"p. {location.page}")
    return ", ".join(parts)


def scan_evidence(scan: LicenceScan) -> ScanEvidence:
    """The evidence to keep in a component answer; every clause starts unreviewed."""
    return ScanEvidence(
        file_name=scan.file_name[:300],
        sha256=scan.sha256,
        readable=scan.readable,
        identification=scan.identification,
        identified=tuple(m.licence for m in scan.matches if m.kind != "modified"),
        modified_from=tuple(m.licence for m in scan.matches if m.kind == "modified"),
        notices=scan.notices[:50],
        rules_digest=scan.rules_digest,
        problems=scan.problems[:20],
        clauses=tuple(
            ReviewedClause(
                flag=hit.flag,
                rule=hit.rule,
                confidence=hit.confidence,
                location=hit.location,
                quote=hit.quote[:2000],
            )
            for hit in scan.clauses
        ),
    )


def _flag_reason(clause: ReviewedClause) -> I18n:
    """The reason of a flag raised by a clause: where, the quoted words, and why."""
    rule = rule_by_id(clause.rule)
    why = rule.why if rule is not None else I18n(ja=clause.rule, en=clause.rule)
    state = {
        "confirmed": I18n(ja="担当者が確認済み", en="confirmed by the officer"),
        "unreviewed": I18n(ja="未確認", en="not yet reviewed"),
    }[clause.decision]
    return I18n(
        ja=f"{location_text(clause.location, 'ja')}「{clause.quote}」：{why.ja}（{state.ja}）",
        en=f"{location_text(clause.location, 'en')} “{clause.quote}”: {why.en} ({state.en})",
    )


def scan_lines(scan: ScanEvidence) -> tuple[I18n, ...]:
    """The scan beside a question that is not a component, as a report prints it: the
    document and its digest, what it was identified as, its notices, and every flagged clause
    quoted with the officer's decision (a dismissal with its reason)."""
    from osai_procure.models.licence import FLAG_TITLES

    found = ", ".join((*scan.identified, *scan.modified_from)) or "—"
    lines = [
        I18n(
            ja=f"読み取った文書「{scan.file_name}」（SHA-256：{scan.sha256}）："
            f"{_IDENTIFICATION[scan.identification].ja}{found}",
            en=f"Scanned document '{scan.file_name}' (SHA-256: {scan.sha256}): "
            f"{_IDENTIFICATION[scan.identification].en} {found}",
        )
    ]
    lines += [licence_note_i18n(note) for note in _messages(scan)[1:]]
    for clause in scan.clauses:
        title = FLAG_TITLES[clause.flag]
        if clause.decision == "dismissed":
            continue  # _messages has listed it with its reason
        reason = _flag_reason(clause)
        lines.append(I18n(ja=f"［{title.ja}］{reason.ja}", en=f"[{title.en}] {reason.en}"))
    return tuple(lines)


_IDENTIFICATION = {
    "exact": I18n(ja="既知のライセンス文と一致：", en="is the known licence text"),
    "contains": I18n(ja="既知のライセンス文を含む：", en="contains the known licence text"),
    "modified": I18n(ja="既知のライセンス文を改変したもの：", en="is modified from"),
    "notice": I18n(ja="ライセンスを指定する表示のみ：", en="only names a licence:"),
    "unknown": I18n(ja="既知のライセンス文に該当なし", en="matches no known licence text"),
}


def _with_flags(node: LicenceNode, flags: tuple[str, ...]) -> LicenceNode:
    """The tree with `flags` added to every licence leaf (the scanned text binds them all)."""
    if isinstance(node, LicenceLeaf):
        merged = tuple(dict.fromkeys((*node.flags, *flags)))
        return node.model_copy(update={"flags": merged})
    if isinstance(node, LicenceWith):
        leaf = _with_flags(node.licence, flags)
        return node.model_copy(update={"licence": leaf})
    if isinstance(node, LicenceAnd | LicenceOr):
        return node.model_copy(update={"args": tuple(_with_flags(a, flags) for a in node.args)})
    return node  # pragma: no cover - the union is closed


def _quoted(
    code: Literal["scan_notice", "clause_dismissed"],
    where: TextLocation,
    quote: str,
    written: str | None = None,
    *,
    detail: str | None = None,
) -> LicenceNote:
    """A note that quotes the document at a place."""
    return LicenceNote(
        code=code,
        written=written,
        paragraph=where.paragraph,
        section=where.section,
        page=where.page,
        quote=quote,
        detail=detail,
    )


def _messages(scan: ScanEvidence) -> list[LicenceNote]:
    """Notes for the report: the evidence, what the text was modified from, dismissals."""
    notes = [LicenceNote(code="scanned_document", file_name=scan.file_name, sha256=scan.sha256)]
    if not scan.readable and not scan.notices:
        notes.append(LicenceNote(code="scan_unreadable"))
    if scan.modified_from:
        notes.append(LicenceNote(code="scan_modified_from", keys=scan.modified_from))
    if not scan.identified and not scan.modified_from:
        for notice in scan.notices:
            notes.append(_quoted("scan_notice", notice.location, notice.quote, notice.licence))
    for clause in scan.clauses:
        if clause.decision == "dismissed":
            notes.append(
                _quoted("clause_dismissed", clause.location, clause.quote, detail=clause.reason)
            )
    return notes


def _grouped(expression: str) -> str:
    """An expression ready to be joined with AND: parenthesised when it has an operator."""
    return f"({expression})" if " " in expression else expression


def facts_from_scan(scan: ScanEvidence, declared: str | None, catalogue: Catalogue) -> LicenceFacts:
    """Licence facts for a component whose licence document was scanned.

    The identity comes from the declared licence string when there is one, else from the
    texts the document exactly is or contains, else from the licences its notices name (all
    of them together: each notice says its licence applies); a modified or unknown text
    stays `unrecognised`. Every clause the officer has not dismissed adds its flag, quoted.
    """
    named = scan.identified
    if not named and not scan.modified_from:
        named = tuple(dict.fromkeys(n.licence for n in scan.notices))
    text = declared or (" AND ".join(_grouped(n) for n in named) if named else None)
    kept = [c for c in scan.clauses if c.decision != "dismissed"]
    flags = tuple(
        LicenceFlagFact(flag=c.flag, licence=SCANNED, reason=_flag_reason(c)) for c in kept
    )
    flag_ids = tuple(dict.fromkeys(c.flag for c in kept))
    if text is None:
        return LicenceFacts(
            original=f"{SCANNED}: {scan.file_name}",
            normalized=None,
            kind="unrecognised",
            licence_ids=(),
            deprecated_ids=(),
            osi_approved=False,
            flags=flags,
            messages=tuple(_messages(scan)),
            tree=None,
        )
    base = analyse_licence(text, catalogue)
    return base.model_copy(
        update={
            "original": base.original if declared else f"{SCANNED}: {scan.file_name}",
            "flags": (*base.flags, *flags),
            "messages": (*base.messages, *_messages(scan)),
            "tree": _with_flags(base.tree, flag_ids) if base.tree is not None else None,
        }
    )
