"""Verification in plain language: the three questions an auditor asks, answered.

1. Is it unchanged since it was signed? 2. Who signed it (a trusted key of a named holder, this
installation, the auditor's key, or an unknown key)? 3. Does the verdict re-perform? The page
and the CLI both print these answers, so they say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from osai_procure.models.base import I18n
from osai_procure.models.report import NOT_AUTHENTICATED
from osai_procure.signing.verify import VerificationResult
from osai_procure.wording import verify_text


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


def _reperformed(result: VerificationResult) -> Answer:
    """Question 3."""
    question = verify_text("q.reperformed")
    verdicts = next((c for c in result.checks if c.name == "verdicts"), None)
    if verdicts is not None and verdicts.status == "pass" and result.record is not None:
        evaluation = result.record.evaluation
        answer = verify_text(
            "reperformed.yes", osaid=evaluation.osaid.verdict, policy=evaluation.policy.verdict
        )
        return Answer("reperformed", question, answer, True)
    if verdicts is not None and verdicts.problem == "rules_changed":
        text = verify_text("reperformed.rules_changed", detail=verdicts.detail)
        return Answer("reperformed", question, text, None)
    if verdicts is not None and verdicts.status == "fail":
        return Answer(
            "reperformed", question, verify_text("reperformed.no", detail=verdicts.detail), False
        )
    if verdicts is not None:
        text = verify_text("reperformed.not_tried", detail=verdicts.detail)
        return Answer("reperformed", question, text, None)
    blocking = next(
        (c for c in result.failures if c.name in ("policy", "questionnaires")),
        None,
    )
    detail = blocking.detail if blocking is not None else result.reason
    return Answer(
        "reperformed", question, verify_text("reperformed.not_tried", detail=detail), None
    )


def three_questions(result: VerificationResult) -> tuple[Answer, Answer, Answer]:
    """Is it unchanged, who signed it, does the verdict re-perform: each answered plainly."""
    return _unchanged(result), _signer(result), _reperformed(result)
