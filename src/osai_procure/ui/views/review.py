"""Review: the verdicts side by side, live; findings and what decided them; what is unknown;
licence red flags; remediation and contract clauses; the change history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from osai_procure.models.base import I18n, Lang
from osai_procure.models.report import EvidenceRow, FindingRow, LicenceRow, Report
from osai_procure.report import display_value, question_numbers
from osai_procure.store import AssessmentRecord
from osai_procure.ui import records, services, shell, widgets
from osai_procure.ui.i18n import t

TONE_COLOUR = {"pass": "green", "warn": "orange", "fail": "red", "info": "gray"}
REVIEW_TAB = "review.tab"


def _badges(report: Report, lang: Lang) -> None:
    """The four verdicts side by side, never merged into one."""
    cols = st.columns(len(report.badges))
    for col, badge in zip(cols, report.badges, strict=True):
        with col, st.container(border=True, height="stretch"):
            st.caption(badge.heading.get(lang))
            colour = TONE_COLOUR.get(badge.tone, "gray")
            st.markdown(f"#### :{colour}[{badge.mark} {widgets.literal(badge.value.get(lang))}]")
            st.caption(widgets.literal(badge.detail.get(lang)))


def _evidence_md(items: tuple[EvidenceRow, ...], lang: Lang) -> str:
    """Evidence as markdown: http(s) links clickable, everything else literal."""
    parts = []
    for item in items:
        if item.link:
            safe = item.link.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            parts.append(f"[{widgets.literal(item.url or item.link)}]({safe})")
        elif item.url:
            parts.append(widgets.literal(item.url))
        if item.file:
            parts.append(f"📎 {widgets.literal(item.file)} (SHA-256 {(item.sha256 or '')[:12]}…)")
        if item.note:
            parts.append(widgets.literal(item.note))
        if item.drill is not None:
            parts.append(widgets.literal(item.drill.get(lang)))
    return " · ".join(parts)


def _finding(row: FindingRow, lang: Lang) -> None:
    """One criterion: status, why, the answers it rests on, clauses, remedy."""
    colour = TONE_COLOUR.get(row.tone, "gray")
    label = (
        f":{colour}[{row.mark} {row.status_label.get(lang)}] · {row.number} "
        f"{widgets.literal(row.title.get(lang))} · {row.severity_label.get(lang)}"
    )
    # Built only while open (opening one reruns the page): a closed finding is one element
    # instead of ten, and the review lists dozens of them on every visit.
    expander = st.expander(label, key=f"review.finding.{row.criterion}", on_change="rerun")
    if not expander.open:
        return
    with expander:
        if row.reasons:
            st.markdown(f"**{t('review.reasons', lang)}**")
            st.markdown("\n".join(f"- {widgets.literal(r.get(lang))}" for r in row.reasons))
        st.markdown(f"**{t('review.answers', lang)}**")
        if not row.answers:
            st.caption(t("review.no_answers", lang))
        for answer in row.answers:
            text = widgets.literal(widgets.numbered(answer.ref, answer.text.get(lang), lang))
            value = widgets.literal(answer.excerpt.get(lang)).replace("\n", "  \n")
            line = f"- {text}  \n  → **{value}**"
            if answer.unconfirmed_import:
                line += f" :violet-badge[{t('question.imported', lang)}]"
            evidence = _evidence_md(answer.evidence, lang)
            if evidence:
                line += f"  \n  {evidence}"
            st.markdown(line)
        if row.licences:
            st.caption(" / ".join(widgets.literal(x) for x in row.licences))
        if row.refs:
            badge = (
                f":gray-badge[{t('question.agency_practice', lang)}] "
                if row.agency_practice
                else ""
            )
            refs = " / ".join(widgets.literal(r.get(lang)) for r in row.refs)
            st.caption(f"{badge}{t('question.refs', lang)}{t('label.colon', lang)}{refs}")
        if row.remediation is not None and row.status in ("not_met", "unknown"):
            st.info(
                f"**{t('review.remediation', lang)}**{t('label.colon', lang)}"
                f"{widgets.literal(row.remediation.get(lang))}"
            )
        if row.contract_clause is not None and row.status in ("not_met", "unknown"):
            st.markdown(f"**{t('review.clause', lang)}**")
            st.markdown(f"> {widgets.literal(row.contract_clause.get(lang))}")


def _findings(report: Report, lang: Lang) -> None:
    """Findings grouped by scope, optionally only what is open."""
    mode = st.segmented_control(
        t("review.filter", lang),
        ["open", "all"],
        key="review.filter",
        default="open",
        format_func=lambda m: t(f"review.filter.{m}", lang),
        persist_state="session",
    )
    for group in report.finding_groups:
        rows = [r for r in group.findings if mode != "open" or r.status in ("not_met", "unknown")]
        st.subheader(widgets.literal(group.title.get(lang)), anchor=False)
        if not rows:
            st.caption(t("review.nothing_unknown", lang))
        for row in rows:
            _finding(row, lang)


def _go_to_question(record_id: str, step: int, question_id: str) -> None:
    """Open the wizard at a question's step, landing on the question itself."""
    st.session_state[records.WIZARD_STEP] = {"id": record_id, "step": step}
    st.session_state[records.WIZARD_FOCUS] = question_id
    if shell.may("edit"):
        services.repository().set_step(record_id, step, shell.principal())


def _unknown(record: AssessmentRecord, report: Report, lang: Lang) -> None:
    """Everything still unknown: unanswered questions, undecided criteria, unconfirmed imports."""
    bundle = services.bundle_for(record.policy.id)
    assert bundle is not None
    evaluation = services.evaluation(bundle, record)
    step_of = records.step_of_question(bundle)
    undecided = [f for g in report.finding_groups for f in g.findings if f.status == "unknown"]
    if not evaluation.unanswered and not undecided and not evaluation.unconfirmed_imports:
        st.success(t("review.nothing_unknown", lang))
        return
    if evaluation.unanswered:
        st.subheader(t("review.unanswered", lang), anchor=False)
        numbers = question_numbers(bundle)
        for qid in evaluation.unanswered:
            question = bundle.questions[qid]
            if qid not in step_of:
                text = widgets.numbered(numbers[qid], question.text.get(lang), lang)
                st.markdown(f"- {widgets.literal(text)}")
            elif widgets.question_link(
                question,
                numbers[qid],
                lang,
                f"review.goto.{qid}",
                _go_to_question,
                (record.id, step_of[qid], qid),
            ):
                shell.switch_to("wizard", record.id)
    if undecided:
        st.subheader(t("review.unknown_criteria", lang), anchor=False)
        st.markdown(
            "\n".join(
                f"- {f.number} {widgets.literal(f.title.get(lang))} · {f.severity_label.get(lang)}"
                for f in undecided
            )
        )
    if evaluation.unconfirmed_imports:
        st.subheader(t("review.unconfirmed", lang), anchor=False)
        st.markdown(
            "\n".join(
                f"- {widgets.literal(bundle.questions[q].text.get(lang))}"
                for q in evaluation.unconfirmed_imports
                if q in bundle.questions
            )
        )


def _licences(report: Report, lang: Lang) -> None:
    """Each component's licence, whether the policy accepts it, and its red flags."""
    if not report.licences:
        st.info(t("review.no_licences", lang))
        return
    # Each licence once: its red flags and the components it applies to (not per component).
    for group in report.licence_groups:
        if not group.flags:
            continue
        with st.container(border=True):
            st.markdown(f":material/flag: **{widgets.literal(group.summary.get(lang))}**")
            st.markdown(
                "\n".join(
                    f"- **{widgets.literal(flag.title.get(lang))}**{t('label.colon', lang)}"
                    f"{widgets.literal(flag.reason.get(lang))}"
                    for flag in group.flags
                )
            )
            st.caption(
                widgets.literal(
                    t("review.applies_to", lang)
                    + t("label.list", lang).join(c.get(lang) for c in group.components)
                )
            )
    # A plain table, not a data grid: a long list of red flags wraps instead of being cut off at
    # the column's edge. Its cells are markdown, shown as text: licence names come from records.
    rows = [
        {
            # Whether it is released only where it is not: most listed components are, and a
            # column of its own was squeezed to a character a line in Japanese.
            t("column.component", lang): widgets.literal(_component(row, lang)),
            t("column.licence", lang): widgets.literal(row.normalized or row.licence or ""),
            t("column.acceptable", lang): widgets.literal(
                f"{'○' if row.acceptable else '×'} {row.verdict.get(lang)}"
            ),
            t("column.flags", lang): widgets.literal(
                t("label.list", lang).join(f.title.get(lang) for f in row.flags)
            ),
        }
        for row in report.licences
    ]
    st.table(rows, hide_index=True)


def _component(row: LicenceRow, lang: Lang) -> str:
    """A component by name, with whether it is released where it is not ("Released: Unknown",
    as the wizard asks it)."""
    name = row.title.get(lang)
    if row.released == "yes":
        return name
    said = f"{t('component.released', lang)}{t('label.colon', lang)}{row.released_label.get(lang)}"
    return f"{name}（{said}）" if lang == "ja" else f"{name} ({said})"


def _remediation(report: Report, terms_only: bool, lang: Lang) -> None:
    """What to fix, most important first, with the clause that would fix it in the contract;
    where only the model's own terms fail, that a clause binds the contractor, not the
    model's rights holder."""
    if not report.remediation:
        st.success(t("review.no_remediation", lang))
        return
    if terms_only:
        st.info(t("review.terms_owner", lang), icon=":material/handshake:")
    for row in report.remediation:
        colour = TONE_COLOUR.get(row.tone, "gray")
        with st.container(border=True):
            st.markdown(
                f"**{row.priority}. {widgets.literal(row.title.get(lang))}** "
                f":{colour}-badge[{row.status_label.get(lang)}] "
                f":gray-badge[{row.severity_label.get(lang)}]"
            )
            st.markdown(widgets.literal(row.action.get(lang)))
            if row.clause is not None:
                st.markdown(f"**{t('review.clause', lang)}**")
                st.markdown(f"> {widgets.literal(row.clause.get(lang))}")


def _history_value(record: AssessmentRecord, question_id: str | None, data: Any, lang: Lang) -> str:
    """A history value for people."""
    if data is None:
        return "—"
    bundle = services.bundle_for(record.policy.id)
    if question_id and isinstance(data, dict) and "value" in data and bundle is not None:
        shown: I18n = display_value(bundle.questions.get(question_id), data.get("value"))
        return shown.get(lang).replace("\n", " · ")
    if isinstance(data, dict):
        return ", ".join(f"{k}: {v}" for k, v in data.items() if v not in (None, "", [], {}))
    return str(data)


def _history(record: AssessmentRecord, lang: Lang) -> None:
    """The append-only history, newest first."""
    entries = services.repository().history(record.id)
    if not entries:
        st.info(t("review.history.empty", lang))
        return
    bundle = services.bundle_for(record.policy.id)
    rows = []
    for entry in reversed(entries[-1000:]):
        question = bundle.questions.get(entry.question_id) if bundle and entry.question_id else None
        what = t(f"action.{entry.action}", lang)
        if question is not None:
            what += f": {question.text.get(lang)}"
        elif entry.question_id:
            what += f": {entry.question_id}"
        rows.append(
            {
                t("history.when", lang): shell.fmt_time(entry.at, lang),
                t("history.who", lang): shell.who(entry.actor, lang),
                t("history.what", lang): what,
                t("history.old", lang): _history_value(record, entry.question_id, entry.old, lang),
                t("history.new", lang): _history_value(record, entry.question_id, entry.new, lang),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")
    _history_downloads(record, entries, lang)


def _history_downloads(record: AssessmentRecord, entries: list[Any], lang: Lang) -> None:
    """The whole history with the chain's verdict, for an auditor: CSV and JSON."""
    from osai_procure.audit import audit_assessment, history_csv, history_json

    result = audit_assessment(services.repository(), record.id)
    stem = f"osai-history-{record.id[:8]}-r{record.revision}"
    cols = st.columns(2)
    cols[0].download_button(
        t("review.history.csv", lang),
        data=history_csv(entries),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        key="review.history.csv",
    )
    cols[1].download_button(
        t("review.history.json", lang),
        data=history_json(record.id, entries, result),
        file_name=f"{stem}.json",
        mime="application/json",
        on_click="ignore",
        key="review.history.json",
    )


def render(lang: Lang) -> None:
    """The Review page."""
    record = shell.current_assessment(lang)
    shell.assessment_heading(record, lang, "review")
    bundle = services.bundle_for(record.policy.id)
    if bundle is None:
        st.error(t("policy.missing", lang, policy=record.policy.id), icon=":material/error:")
        st.stop()
    assert bundle is not None
    if record.policy.digest != bundle.policy.digest:
        st.warning(
            t("policy.changed", lang, old=record.policy.digest[:12], new=bundle.policy.digest[:12]),
            icon=":material/policy:",
        )
    report = services.report(bundle, record)
    evaluation = services.evaluation(bundle, record)
    st.caption(t("review.live", lang, version=record.version))
    _badges(report, lang)
    st.caption(widgets.literal(report.disclaimer.get(lang)))
    pending = len(evaluation.osaid.unknown_if_terms_changed)
    if evaluation.osaid.would_pass_if_terms_changed and pending:
        st.info(t("review.would_pass_pending", lang, n=pending), icon=":material/gavel:")
    elif evaluation.osaid.would_pass_if_terms_changed:
        st.info(t("review.would_pass", lang), icon=":material/gavel:")
    for warning in report.warnings:
        st.warning(
            f"**{widgets.literal(warning.title.get(lang))}** — "
            f"{widgets.literal(warning.detail.get(lang))}",
            icon=":material/report:",
        )
    unknown_count = len(evaluation.unanswered) + len(evaluation.unconfirmed_imports)
    # Only the open tab is built (a tab switch reruns the page): the findings, the unknowns,
    # the clauses and the history together cost several times what one of them does, on every
    # visit (benchmarks/bench_load.py, CPU per page run).
    tabs = st.tabs(
        [
            t("review.tab.findings", lang),
            t("review.tab.unknown", lang, n=unknown_count, criteria=report.totals.unknown),
            t("review.tab.licences", lang),
            t("review.tab.remediation", lang),
            t("review.tab.history", lang),
        ],
        key=REVIEW_TAB,
        on_change="rerun",
    )
    bodies: tuple[Callable[[], None], ...] = (
        lambda: _findings(report, lang),
        lambda: _unknown(record, report, lang),
        lambda: _licences(report, lang),
        lambda: _remediation(report, evaluation.osaid.would_pass_if_terms_changed, lang),
        lambda: _history(record, lang),
    )
    for tab, body in zip(tabs, bodies, strict=True):
        if tab.open is not False:
            with tab:
                body()
