"""Verification in plain language: the three questions an auditor asks, answered.

1. Is it unchanged since it was signed? 2. Who signed it (a trusted key of a named holder, this
installation, the auditor's key, or an unknown key)? 3. Does the verdict re-perform? The page
and the CLI both print these answers, so they say the same thing; `explain` adds a plain
title and summary to every check and the record's facts, with verdicts as their labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from osai_procure.models.base import I18n
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.report import NOT_AUTHENTICATED
from osai_procure.report import osaid_verdict_label, policy_verdict_label, policy_verdict_name
from osai_procure.signing.checks import Check, PageChange, PageLocation
from osai_procure.signing.pages import describe_location
from osai_procure.signing.verify import VerificationResult
from osai_procure.wording import CHECK_DETAILS, VERIFY, verify_text


@dataclass(frozen=True)
class Answer:
    """One of the three questions and its answer; `ok` None means neither yes nor no."""

    key: str
    question: I18n
    answer: I18n
    ok: bool | None


def _join(*parts: I18n) -> I18n:
    """Sentences one after another, in both languages."""
    return I18n(ja="".join(p.ja for p in parts), en=" ".join(p.en for p in parts).strip())


def _unchanged(result: VerificationResult) -> Answer:
    """Question 1."""
    question = verify_text("q.unchanged")
    if result.unchanged:
        return Answer("unchanged", question, verify_text("unchanged.yes"), True)
    problems = {c.problem for c in result.failures}
    if result.record is None and "tampered" not in problems:
        key = "unchanged.unreadable"
    elif result.envelope is None and "tampered" not in problems:
        key = "unchanged.not_signed"
    else:
        key = "unchanged.no"
    return Answer("unchanged", question, verify_text(key), False)


def _signer(result: VerificationResult) -> Answer:
    """Question 2: the key that signed, then the name the sign-off gives (as typed).

    A name typed without signing in carries the record's "not authenticated" mark: it is
    said here, role by role, so nobody takes a typed name for a proven one.
    """
    question = verify_text("q.signer")
    envelope, signer = result.envelope, result.signer
    if envelope is None:
        return Answer("signer", question, verify_text("signer.none"), False)
    if signer is None:
        unknown = verify_text("signer.unknown", fingerprint=envelope.key_fingerprint)
        return Answer("signer", question, unknown, False)
    if signer.source == "trust_store":
        answer = verify_text("signer.trusted", name=signer.name, organisation=signer.organisation)
    else:
        answer = verify_text(f"signer.{signer.source}")
    if signer.retired:
        answer = _join(answer, verify_text("signer.retired", retired=signer.retired))
    approver = result.record.signoff.entry("approver") if result.record else None
    if approver is not None:
        answer = _join(answer, verify_text("signer.named", name=approver.name))
    typed = typed_names(result)
    if typed is not None:
        answer = _join(answer, typed)
    return Answer("signer", question, answer, True)


_ROLE_WORDS = {"preparer": ("作成者", "preparer"), "reviewer": ("確認者", "reviewer")}
_ROLE_WORDS["approver"] = ("承認者", "approver")


def typed_names(result: VerificationResult) -> I18n | None:
    """The record's sign-offs whose names were typed, not signed in (None when none were)."""
    if result.record is None:
        return None
    typed = [e for e in result.record.signoff.entries if NOT_AUTHENTICATED in e.comment]
    if not typed:
        return None
    ja = "、".join(f"{_ROLE_WORDS[e.role][0]} {e.name}" for e in typed)
    en = ", ".join(f"{_ROLE_WORDS[e.role][1]} {e.name}" for e in typed)
    sentence = verify_text("signer.not_authenticated", names="{names}")
    return I18n(ja=sentence.ja.format(names=ja), en=sentence.en.format(names=en))


def _labels(evaluation: Evaluation, suffix: str = "") -> dict[str, I18n]:
    """The OSAID and policy verdicts of an evaluation as labels, never as ids."""
    return {
        f"osaid{suffix}": osaid_verdict_label(evaluation.osaid.verdict),
        f"policy{suffix}": policy_verdict_label(evaluation.policy)[0],
    }


def _filled(key: str, labels: dict[str, I18n], **params: str) -> I18n:
    """A Verify sentence with labels in the sentence's own language and plain parameters."""
    ja, en = VERIFY[key]
    return I18n(
        ja=ja.format(**{k: v.ja for k, v in labels.items()}, **params),
        en=en.format(**{k: v.en for k, v in labels.items()}, **params),
    )


def _reperformed(result: VerificationResult) -> Answer:
    """Question 3."""
    question = verify_text("q.reperformed")
    verdicts = next((c for c in result.checks if c.name == "verdicts"), None)
    record, again = result.record, result.reperformance
    if verdicts is not None and verdicts.status == "pass" and record is not None:
        answer = _filled("reperformed.yes", _labels(record.evaluation))
        return Answer("reperformed", question, answer, True)
    if verdicts is not None and verdicts.status == "fail" and record and again:
        labels = {**_labels(record.evaluation), **_labels(again.fresh, "_now")}
        if verdicts.problem == "rules_changed":
            text = _filled("reperformed.rules_changed", labels, causes="; ".join(again.causes))
            return Answer("reperformed", question, text, None)
        return Answer("reperformed", question, _filled("reperformed.no", labels), False)
    if verdicts is not None and verdicts.status == "fail":
        text = _said("reperformed.no_detail", detail=technical(verdicts))
        return Answer("reperformed", question, text, False)
    if verdicts is not None:
        text = _said("reperformed.not_tried", detail=technical(verdicts))
        return Answer("reperformed", question, text, None)
    blocking = next(
        (c for c in result.failures if c.name in ("policy", "questionnaires")),
        None,
    )
    plain = f"problem.{blocking.problem}" if blocking is not None else ""
    if plain in VERIFY:  # the plain reason; the check below keeps the technical line
        text = _filled("reperformed.not_tried", {"detail": verify_text(plain)})
    elif blocking is not None:
        text = _said("reperformed.not_tried", detail=technical(blocking))
    else:
        text = verify_text("reperformed.not_tried", detail=result.reason)
    return Answer("reperformed", question, text, None)


def three_questions(result: VerificationResult) -> tuple[Answer, Answer, Answer]:
    """Is it unchanged, who signed it, does the verdict re-perform: each answered plainly."""
    return _unchanged(result), _signer(result), _reperformed(result)


@dataclass(frozen=True)
class CheckAnswer:
    """One verification check in plain words: a title, a summary, the technical detail."""

    name: str
    title: I18n
    summary: I18n
    detail: I18n
    ok: bool | None
    english_only: bool = False  # the verifier gave the detail in English only (no code)


@dataclass(frozen=True)
class Explanation:
    """A verification told plainly: the overall result and why, the three questions, every
    check, and what the record says (verdicts as labels)."""

    ok: bool
    reason: I18n
    questions: tuple[Answer, Answer, Answer]
    checks: tuple[CheckAnswer, ...]
    facts: tuple[tuple[I18n, I18n], ...]


def _same(text: str) -> I18n:
    """Text shown as written in both languages (ids, names, digests)."""
    return I18n(ja=text, en=text)


# A trust store's source when it is no file (`signing.trust`), in Japanese.
_SOURCES = {
    "this installation's own key only": "この環境自身の鍵のみ",
    "no trust store": "信頼済みの鍵の登録なし",
}


def technical(check: Check) -> I18n:
    """A check's technical line: the verifier's English, and in Japanese from its code
    (numbers, digests and names as they are; verdicts as labels). A line without a code is
    the English in both."""
    template = CHECK_DETAILS.get(check.code)
    if template is None:
        return _same(check.detail)
    params = dict(check.params)
    for name in ("osaid", "osaid_now"):
        if name in params:
            params[name] = osaid_verdict_label(params[name]).ja
    for name in ("policy", "policy_now"):
        if name in params and check.code in ("rules_changed", "verdicts_differ"):
            params[name] = policy_verdict_name(params[name]).ja
    if "source" in params:
        params["source"] = _SOURCES.get(params["source"], params["source"])
    if check.code == "verdicts_identical":
        params["policy"] = policy_verdict_name(params["policy"]).ja
        params["mof"] = {"unclassified": "分類なし"}.get(params["mof"], f"クラス{params['mof']}")
    ja = template.format(**params)
    if check.pages is not None:  # the English detail carries it already (verify._located)
        ja += f"（{describe_location(check.pages, 'ja')}）"
    return I18n(ja=ja, en=check.detail)


def _check(result: VerificationResult, index: int) -> CheckAnswer:
    """One check with its plain title and summary."""
    check = result.checks[index]
    key = f"title.{check.name}"
    title = verify_text(key) if key in VERIFY else _same(check.name)
    detail = technical(check)
    english = check.code not in CHECK_DETAILS
    if check.status == "pass":
        return CheckAnswer(check.name, title, verify_text("check.passed"), detail, True, english)
    if check.status == "fail":
        problem = f"problem.{check.problem}"
        summary = verify_text(problem) if problem in VERIFY else verify_text("check.problem")
        if check.name in ("record", "format"):
            summary = verify_text("check.not_a_record")
        return CheckAnswer(check.name, title, summary, detail, False, english)
    if check.name == "signer_key":
        if result.envelope is not None:
            detail = _same(result.envelope.key_fingerprint)
        note = verify_text("check.signer_key_note")
        return CheckAnswer(check.name, title, note, detail, None)
    note = verify_text("check.for_information")
    return CheckAnswer(check.name, title, note, detail, None, english)


def _policy(result: VerificationResult) -> I18n:
    """The recorded policy by its title in each language and the recorded version; by its id,
    said to be unknown here, when this installation has no policy of that id."""
    assert result.record is not None
    ref = result.record.policy
    if result.policy_title is None:
        return verify_text("fact.policy_unknown", policy=ref.id, version=ref.version)
    title = result.policy_title
    return _said("fact.policy_titled", title=title, version=_same(ref.version))


def _moment(iso: str) -> I18n:
    """A recorded date-time: as written in English (ISO 8601), as a Japanese date and time
    with its offset from UTC in Japanese; as written in both when it does not parse."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return _same(iso)
    offset = moment.strftime("%z")
    zone = f"（UTC{offset[:3]}:{offset[3:]}）" if offset else ""
    ja = f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M:%S}{zone}"
    return I18n(ja=ja, en=iso)


def _facts(result: VerificationResult) -> tuple[tuple[I18n, I18n], ...]:
    """What the record says: title, system, policy, verdicts (labels), date, approver."""
    record = result.record
    if record is None:
        return ()
    system = record.assessment.system
    named = " ".join(x for x in (system.name, system.version) if x)
    evaluation = record.evaluation
    facts = [
        (verify_text("fact.title"), _same(record.assessment.title)),
        (verify_text("fact.system"), _same(named)),
        (verify_text("fact.policy"), _policy(result)),
        (verify_text("fact.osaid"), osaid_verdict_label(evaluation.osaid.verdict)),
        (verify_text("fact.policy_verdict"), policy_verdict_label(evaluation.policy)[0]),
        (verify_text("fact.generated_at"), _moment(record.generated_at)),
    ]
    approver = record.signoff.entry("approver")
    if approver is not None:
        who = " · ".join(x for x in (approver.name, approver.title, approver.date) if x)
        facts.append((verify_text("fact.approver"), _same(who)))
    return tuple(facts)


def explain(result: VerificationResult) -> Explanation:
    """The whole verification in plain words, for the page and the CLI alike."""
    checks = tuple(_check(result, i) for i in range(len(result.checks)))
    failed = [c for c in checks if c.ok is False]
    if result.ok:
        reason = verify_text("verified")
    elif failed:
        reason = _failure(result)
    else:
        reason = _join(verify_text("problem.not_signed"), verify_text("next.not_signed"))
    return Explanation(result.ok, reason, three_questions(result), checks, _facts(result))


def _failure(result: VerificationResult) -> I18n:
    """The most serious failure (`failures` orders them) told at once: what changed and where
    (a workbook's sheet, row and column with the value as signed; a PDF's pages with the text
    as signed), the signed verdicts when the record is readable, and what to do next."""
    check = result.failures[0]
    index = result.checks.index(check)
    parts = [_check(result, index).summary]
    place = check.place
    if place is not None:
        column = _said("where.column", column=_same(place.column)) if place.column else _same("")
        parts = [
            _said("where.cell", sheet=_same(place.sheet), row=_same(str(place.row)), column=column)
        ]
        if place.signed is not None:
            parts.append(
                _said("where.signed", value=_same(place.signed))
                if place.signed
                else verify_text("where.signed_empty")
            )
    if check.pages is not None:
        told = _pages(check.pages)
        parts = told if check.pages.changes else [*parts, *told]
    if check.problem in ("tampered", "verdict_not_reproduced") and result.record is not None:
        evaluation = result.record.evaluation
        parts.append(
            _said(
                "where.verdicts",
                osaid=osaid_verdict_label(evaluation.osaid.verdict),
                policy=policy_verdict_label(evaluation.policy)[0],
            )
        )
    step = f"next.{check.problem}"
    if step in VERIFY:
        parts.append(verify_text(step))
    return _join(*parts)


def _said(key: str, **params: I18n) -> I18n:
    """A Verify sentence with parameters that differ by language (labels, nested phrases)."""
    ja, en = VERIFY[key]
    return I18n(
        ja=ja.format(**{k: v.ja for k, v in params.items()}),
        en=en.format(**{k: v.en for k, v in params.items()}),
    )


def _numbers(pages: list[int]) -> I18n:
    """Page numbers as a list: 「2、5」 and "2 and 5"."""
    words = [str(n) for n in pages]
    en = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return I18n(ja="、".join(words), en=en)


def _pages(location: PageLocation) -> list[I18n]:
    """Which pages of a PDF changed, then how the first of them changed with its text as
    signed; or that every page reads as signed, or that the change cannot be placed."""
    if location.basis == "none":
        return [verify_text("page.unlocated")]
    if not location.changes:
        return [verify_text("page.elsewhere")]
    pages = sorted({c.page for c in location.changes})
    told = [_said("page.many", pages=_numbers(pages))] if len(pages) > 1 else []
    return [*told, _page_change(location.changes[0], location.signed_page_count)]


def _page_change(change: PageChange, count: int | None) -> I18n:
    """One page's change in a sentence: the wording as signed and now, the annotation added or
    removed (its kind and text), the drawing, or a page added or removed."""
    page = _same(str(change.page))
    if change.kind in ("text", "text_reread"):
        now, signed = _same(change.now or ""), _same(change.signed or "")
        return _said(f"page.{change.kind}", page=page, now=now, signed=signed)
    if change.kind in ("annotation_added", "annotation_removed"):
        subtype = change.annotation or ""
        name = f"annotation.{subtype}"
        kind = verify_text(name) if name in VERIFY else _same(subtype)
        quoted = change.now if change.kind == "annotation_added" else change.signed
        text = _said("page.annotation_text", text=_same(quoted)) if quoted else _same("")
        return _said(f"page.{change.kind}", page=page, annotation=kind, text=text)
    if change.kind in ("page_added", "page_removed"):
        return _said(f"page.{change.kind}", page=page, count=_same(str(count or 0)))
    return _said(f"page.{change.kind}", page=page)
