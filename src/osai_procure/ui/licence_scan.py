"""Wizard: scan a licence or terms document (upload or paste) beside any question that rests on
one (every component, and the questions marked `licence_scan`) and review its flagged clauses;
a dismissal is saved only with its reason. The scanning is the core's
(`osai_procure.licences`); this module only lays out widgets and stores the officer's review."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import streamlit as st
from pydantic import ValidationError

from osai_procure.licences.document import MAX_BYTES, read_document
from osai_procure.licences.scanned import (
    confidence_text,
    location_text,
    problem_text,
    scan_evidence,
)
from osai_procure.licences.scanning import rule_by_id, scan_document
from osai_procure.models.answers import Answer, ComponentValue, Evidence
from osai_procure.models.base import Lang
from osai_procure.models.licence import FLAG_TITLES
from osai_procure.models.questionnaire import Question
from osai_procure.models.scan import ScanEvidence
from osai_procure.store import AttachmentTooLargeError, LockedError, PermissionDeniedError
from osai_procure.ui import services, widgets
from osai_procure.ui.i18n import t

DECISIONS = ("unreviewed", "confirmed", "dismissed")
PASTE_NAME = "pasted-licence.txt"


def scan_key(question_id: str) -> str:
    """The state key holding a component's scan evidence (a JSON-ready dict)."""
    return widgets.key(question_id, "scan")


def _clause_key(question_id: str, index: int, part: str) -> str:
    """The state key of one clause's review widget."""
    return widgets.key(question_id, f"clause.{index}.{part}")


def seed_scan(question_id: str, value: Any, force: bool = False) -> None:
    """Put a stored scan and its clause reviews into the widget state."""
    state = st.session_state
    component = ComponentValue.read(value)
    evidence = component.scan if component is not None else None
    scan = evidence.model_dump(mode="json") if evidence is not None else None
    name = scan_key(question_id)
    # No key for a question without a scan: absent reads as none (see `widgets.seed`).
    if (name in state and force) or (name not in state and scan is not None):
        state[name] = scan
    clauses = scan["clauses"] if scan is not None else []
    for index, clause in enumerate(clauses):
        decision_key = _clause_key(question_id, index, "decision")
        reason_key = _clause_key(question_id, index, "reason")
        # A dismissal still waiting for its reason is kept on screen, not reset to the store.
        pending = state.get(decision_key) == "dismissed" and not str(state.get(reason_key) or "")
        for name, stored in (
            (decision_key, clause.get("decision") or "unreviewed"),
            (reason_key, clause.get("reason") or ""),
        ):
            if name not in state or (force and not pending and state[name] != stored):
                state[name] = stored


def _evidence(data: Mapping[str, Any]) -> ScanEvidence:
    """The stored scan as its model (JSON mode: the stored lists stand for tuples).

    Raises:
        ValidationError: the data is not a valid scan (a dismissal without its reason).
    """
    return ScanEvidence.model_validate_json(json.dumps(dict(data)))


def _store(question: Question, scan: dict[str, Any], extra: tuple[Evidence, ...]) -> None:
    """Save the component answer with this scan (and any new file evidence)."""
    ctx = widgets.context()
    st.session_state[scan_key(question.id)] = scan
    # Keep the results open: the officer's next step is to review the clauses found.
    st.session_state[widgets.key(question.id, "scan_open")] = True
    for index in range(len(scan.get("clauses", []))):
        st.session_state.pop(_clause_key(question.id, index, "decision"), None)
        st.session_state.pop(_clause_key(question.id, index, "reason"), None)
    seed_scan(question.id, {"scan": scan})
    previous = ctx["answers"].get(question.id)
    current = widgets.answer_from_state(question, previous) or Answer(value=None)
    answer = current.model_copy(update={"evidence": (*current.evidence, *extra)})
    widgets.save(question.id, answer)


def _scan_bytes(question: Question, data: bytes, name: str, media_type: str) -> None:
    """Scan a document, keep it as an attachment, and store the scan in the answer."""
    ctx = widgets.context()
    if not ctx:
        return
    scan = scan_evidence(scan_document(read_document(data, name)))
    try:
        stored = services.repository().add_attachment(
            ctx["id"], question.id, name, data, ctx["actor"], media_type=media_type
        )
    except AttachmentTooLargeError:
        st.session_state[widgets.FLASH] = ("too_large", question.id)
        return
    except LockedError:
        st.session_state[widgets.FLASH] = "locked"
        return
    except PermissionDeniedError as exc:
        st.session_state[widgets.FLASH] = ("denied", exc)
        return
    _store(
        question,
        scan.model_dump(mode="json"),
        (Evidence(sha256=stored.sha256, file=stored.filename, note="scanned licence"),),
    )


def on_scan_upload(question: Question, upload_key: str) -> None:
    """Callback: scan an uploaded licence document."""
    uploaded = st.session_state.get(upload_key)
    if uploaded is None:
        return
    generations: dict[str, int] = st.session_state.setdefault(widgets.UPLOAD_GEN, {})
    generations[f"scan.{question.id}"] = generations.get(f"scan.{question.id}", 0) + 1
    _scan_bytes(question, uploaded.getvalue(), uploaded.name, uploaded.type or "text/plain")


def on_scan_paste(question: Question) -> None:
    """Callback: scan the pasted licence text."""
    text = str(st.session_state.get(widgets.key(question.id, "scan_paste")) or "")
    if text.strip():
        _scan_bytes(question, text.encode("utf-8"), PASTE_NAME, "text/plain")


def on_review(question: Question, index: int) -> None:
    """Callback: store the officer's decision on one clause; a dismissal waits for a reason."""
    scan = st.session_state.get(scan_key(question.id))
    if not isinstance(scan, Mapping) or index >= len(scan.get("clauses", [])):
        return
    decision = st.session_state.get(_clause_key(question.id, index, "decision")) or "unreviewed"
    reason = str(st.session_state.get(_clause_key(question.id, index, "reason")) or "").strip()
    clauses = [dict(c) for c in scan["clauses"]]
    clauses[index] = {**clauses[index], "decision": decision, "reason": reason[:2000] or None}
    updated = {**scan, "clauses": clauses}
    try:
        _evidence(updated)
    except (ValidationError, TypeError, ValueError):
        return  # a dismissal without its reason is not saved; the card says so
    ctx = widgets.context()
    st.session_state[scan_key(question.id)] = updated
    widgets.save(question.id, widgets.answer_from_state(question, ctx["answers"].get(question.id)))


def render_scan(question: Question, lang: Lang, disabled: bool) -> None:
    """The scan expander of a component card: upload or paste, then review each clause."""
    scan = st.session_state.get(scan_key(question.id))
    label = t("scan.title_done" if scan else "scan.title", lang)
    expander = st.expander(
        label, expanded=False, key=widgets.key(question.id, "scan_open"), on_change="rerun"
    )
    if not expander.open:
        return
    with expander:
        if isinstance(scan, Mapping):
            _summary(question, scan, lang, disabled)
        if disabled:
            return
        generation = st.session_state.get(widgets.UPLOAD_GEN, {}).get(f"scan.{question.id}", 0)
        upload_key = widgets.key(question.id, f"scan_upload{generation}")
        st.file_uploader(
            t("scan.upload", lang),
            type=["txt", "md", "markdown", "html", "htm", "pdf"],
            key=upload_key,
            on_change=on_scan_upload,
            args=(question, upload_key),
            max_upload_size=max(1, MAX_BYTES // 2**20),
        )
        st.text_area(t("scan.paste", lang), key=widgets.key(question.id, "scan_paste"), height=100)
        st.button(
            t("scan.paste_button", lang),
            key=widgets.key(question.id, "scan_paste_go"),
            on_click=on_scan_paste,
            args=(question,),
        )


def _summary(question: Question, scan: Mapping[str, Any], lang: Lang, off: bool) -> None:
    """What the scan found, and one review row per flagged clause."""
    try:
        evidence = _evidence(scan)
    except (ValidationError, TypeError, ValueError):
        st.error(t("scan.unreadable", lang), icon=":material/error:")
        return
    st.caption(
        t(
            "scan.summary",
            lang,
            name=widgets.literal(evidence.file_name),
            sha=evidence.sha256[:16],
            kind=t(f"scan.identification.{evidence.identification}", lang),
            ids=", ".join(
                evidence.identified
                or evidence.modified_from
                or dict.fromkeys(n.licence for n in evidence.notices)
            )
            or "—",
        )
    )
    for problem in evidence.problems:
        st.warning(widgets.literal(problem_text(problem, lang)), icon=":material/warning:")
    for notice in evidence.notices:
        where = location_text(notice.location, lang)
        st.markdown(f"**{t('scan.notice', lang)}** · {widgets.literal(notice.licence)} · {where}")
        st.markdown("> " + widgets.literal(notice.quote))
    notice_only = evidence.identification == "notice"
    if notice_only and not evidence.clauses:
        st.info(t("scan.notice_only", lang), icon=":material/info:")
        return
    if not evidence.readable:
        st.error(t("scan.unreadable", lang), icon=":material/error:")
        return
    if not evidence.clauses:
        st.success(t("scan.no_flags", lang), icon=":material/check_circle:")
    for index, clause in enumerate(evidence.clauses):
        rule = rule_by_id(clause.rule)
        title = FLAG_TITLES[clause.flag].get(lang)
        where = location_text(clause.location, lang)
        confidence = confidence_text(clause.confidence, lang)
        st.markdown(f"**{widgets.literal(title)}** · {where} · {confidence}")
        st.markdown("> " + widgets.literal(clause.quote))
        if rule is not None:
            st.caption(rule.why.get(lang))
        cols = st.columns([2, 3])
        with cols[0]:
            st.segmented_control(
                t("scan.decision", lang),
                DECISIONS,
                key=_clause_key(question.id, index, "decision"),
                format_func=lambda v: t(f"scan.decision.{v}", lang),
                on_change=on_review,
                args=(question, index),
                disabled=off,
            )
        with cols[1]:
            st.text_input(
                t("scan.reason", lang),
                key=_clause_key(question.id, index, "reason"),
                max_chars=2000,
                on_change=on_review,
                args=(question, index),
                disabled=off,
            )
        chosen = st.session_state.get(_clause_key(question.id, index, "decision"))
        typed = str(st.session_state.get(_clause_key(question.id, index, "reason")) or "")
        if chosen == "dismissed" and not typed.strip():
            st.warning(t("scan.reason_needed", lang), icon=":material/edit_note:")
