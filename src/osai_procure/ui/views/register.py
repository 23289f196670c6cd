"""Register: every assessment of the agency with its verdicts, filtered, searched and sorted in
the database; charts at a glance; CSV, XLSX and public-register exports; what is due."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import altair as alt
import streamlit as st

from osai_procure.models.base import Lang
from osai_procure.register.exports import (
    public_register,
    render_csv,
    render_public_json,
    render_xlsx,
)
from osai_procure.register.schedule import (
    DEFAULT_REASSESS_MONTHS,
    DEFAULT_STALE_DAYS,
    Schedule,
    due_by_month,
    due_cutoff,
    reasons_for,
    reassess_by,
    stale_cutoff,
)
from osai_procure.register.sync import UNAVAILABLE
from osai_procure.store import STATUSES
from osai_procure.store.register import SORT_KEYS, RegisterEntry, RegisterQuery, RegisterStore
from osai_procure.ui import services, shell
from osai_procure.ui.i18n import t

PAGE_SIZE = 100
POLICY_VERDICTS = ("compliant", "conditionally_compliant", "non_compliant", "incomplete")


def verdict(code: str, lang: Lang) -> str:
    """A verdict code in words ('unavailable' when the policy could not be found)."""
    return t("register.unavailable", lang) if code == UNAVAILABLE else t(f"verdict.{code}", lang)


def _filters(lang: Lang, store: RegisterStore) -> tuple[RegisterQuery, Schedule, datetime]:
    """The filter bar; returns the query, the schedule and the time it is judged at."""
    search = st.text_input(t("register.search", lang), key="register.search", max_chars=200)
    a, b, c, d = st.columns(4)
    statuses = a.multiselect(
        t("start.filter.status", lang),
        list(STATUSES),
        format_func=lambda s: t(f"status.{s}", lang),
        key="register.status",
        placeholder=t("register.all", lang),
    )
    verdicts = b.multiselect(
        t("register.col.policy_verdict", lang),
        list(POLICY_VERDICTS),
        format_func=lambda v: verdict(v, lang),
        key="register.verdict",
        placeholder=t("register.all", lang),
    )
    policies = c.multiselect(
        t("register.col.policy", lang),
        store.distinct("policy_id"),
        key="register.policy",
        placeholder=t("register.all", lang),
    )
    agencies = d.multiselect(
        t("register.col.agency", lang),
        store.distinct("agency"),
        format_func=lambda v: v or t("register.no_agency", lang),
        key="register.agency",
        placeholder=t("register.all", lang),
    )
    e, f, g, h = st.columns([2, 1, 2, 2], vertical_alignment="bottom")
    sort = e.selectbox(
        t("register.sort", lang),
        list(SORT_KEYS),
        format_func=lambda k: t(f"register.sort.{k}", lang),
        key="register.sort_key",
    )
    ascending = f.toggle(t("register.ascending", lang), key="register.ascending")
    due_only = g.checkbox(t("register.due_only", lang), key="register.due_only")
    drill_failed = h.checkbox(t("register.drill_failed", lang), key="register.drill_failed")
    with st.expander(t("register.schedule", lang)):
        left, right = st.columns(2)
        months = left.number_input(
            t("register.reassess_months", lang),
            min_value=1,
            max_value=120,
            value=DEFAULT_REASSESS_MONTHS,
            key="register.months",
        )
        days = right.number_input(
            t("register.stale_days", lang),
            min_value=1,
            max_value=3650,
            value=DEFAULT_STALE_DAYS,
            key="register.days",
        )
    schedule = Schedule(reassess_months=int(months), stale_days=int(days))
    now = datetime.now(UTC)
    query = RegisterQuery(
        search=search or "",
        statuses=statuses,
        policy_ids=policies,
        agencies=agencies,
        policy_verdicts=verdicts,
        due_before=due_cutoff(now, schedule) if due_only else None,
        stale_before=stale_cutoff(now, schedule) if due_only else None,
        drill_failed=drill_failed,
        sort=sort,
        descending=not ascending,
        limit=PAGE_SIZE,
    )
    return query, schedule, now


def _when(moment: datetime | None, lang: Lang) -> str:
    """A stored time for a table cell (empty when none)."""
    return shell.fmt_time(moment, lang) if moment is not None else ""


def _table(entries: list[RegisterEntry], lang: Lang, schedule: Schedule, now: datetime) -> None:
    """One page of the register as a table; every cell is shown as text."""
    rows: list[dict[str, Any]] = []
    for e in entries:
        due = reassess_by(e, schedule)
        rows.append(
            {
                t("register.col.title", lang): e.title,
                t("register.col.agency", lang): e.agency,
                t("register.col.system", lang): e.system_name,
                t("register.col.policy", lang): f"{e.policy_id} {e.policy_version}",
                t("register.col.revision", lang): e.revision,
                t("register.col.status", lang): t(f"status.{e.status}", lang),
                t("register.col.osaid", lang): verdict(e.osaid_verdict, lang),
                t("register.col.policy_verdict", lang): verdict(e.policy_verdict, lang),
                t("register.col.label", lang): e.label,
                t("register.col.mof", lang): e.mof_class,
                t("register.col.approved_by", lang): e.approved_by or "",
                t("register.col.approved_at", lang): _when(e.approved_at, lang),
                t("register.col.reassess_by", lang): due.date().isoformat() if due else "",
                t("register.col.unknowns", lang): e.unknowns,
                t("register.col.drill", lang): (
                    t(f"register.drill.{e.drill_result}", lang) if e.drill_result else ""
                ),
                t("register.col.flags", lang): t("register.separator", lang).join(
                    t(f"register.flag.{r}", lang) for r in reasons_for(e, now, schedule)
                ),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch", key="register.table")


# Counts are whole numbers: no 0.5 ticks.
_COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)
# Verdict colours read as traffic lights, the same on every chart.
VERDICT_COLOURS = {
    "compliant": "#2e7d32",
    "conditionally_compliant": "#f9a825",
    "non_compliant": "#c62828",
    "incomplete": "#90a4ae",
    UNAVAILABLE: "#d7ccc8",
}


def _bar(
    rows: list[dict[str, Any]], titles: dict[str, str], stacked: bool, lang: Lang = "en"
) -> alt.Chart:
    """Horizontal bars of `n` per `group` (stacked by `verdict` when `stacked`, coloured as
    traffic lights); the rows use fixed field names, the reader sees `titles`."""
    colours = {verdict(code, lang): colour for code, colour in VERDICT_COLOURS.items()}
    ranks = {name: rank for rank, name in enumerate(colours)}
    rows = [{**row, "rank": ranks.get(row.get("verdict", ""), 0)} for row in rows]
    encoding: dict[str, Any] = {
        "y": alt.Y("group:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
        "x": alt.X("n:Q", title=titles["n"], axis=_COUNT_AXIS),
        "tooltip": [
            alt.Tooltip("group:N", title=titles["group"]),
            alt.Tooltip("n:Q", title=titles["n"]),
        ],
    }
    if stacked:
        encoding["color"] = alt.Color(
            "verdict:N",
            legend=alt.Legend(orient="bottom", columns=2, title=titles["verdict"]),
            scale=alt.Scale(domain=list(colours), range=list(colours.values())),
            sort=list(colours),
        )
        encoding["order"] = alt.Order("rank:Q")
        encoding["tooltip"].append(alt.Tooltip("verdict:N", title=titles["verdict"]))
    chart: alt.Chart = alt.Chart(_data(rows)).mark_bar().encode(**encoding)
    return chart


def _data(rows: list[dict[str, Any]]) -> Any:
    """Inline chart data (a list of records, no DataFrame needed)."""
    return alt.Data(values=rows)  # type: ignore[no-untyped-call] # altair's Data is untyped


def _charts(store: RegisterStore, query: RegisterQuery, schedule: Schedule, lang: Lang) -> None:
    """Verdicts by policy and by agency, gates not met by criterion, re-assessments by month."""
    n, v = t("register.chart.count", lang), t("register.col.policy_verdict", lang)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('register.chart.by_policy', lang)}**")
        rows = [
            {"group": p, "verdict": verdict(code, lang), "n": c}
            for p, code, c in store.verdict_counts("policy_id", query)
        ]
        titles = {"group": t("register.col.policy", lang), "verdict": v, "n": n}
        if rows:
            st.altair_chart(_bar(rows, titles, True, lang), width="stretch")
    with right:
        st.markdown(f"**{t('register.chart.by_agency', lang)}**")
        rows = [
            {"group": a or t("register.no_agency", lang), "verdict": verdict(code, lang), "n": c}
            for a, code, c in store.verdict_counts("agency", query)
        ]
        titles = {"group": t("register.col.agency", lang), "verdict": v, "n": n}
        if rows:
            st.altair_chart(_bar(rows, titles, True, lang), width="stretch")
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('register.chart.gates', lang)}**")
        names = services.criterion_titles(lang)
        rows = [{"group": names.get(cid, cid), "n": c} for cid, c in store.open_gates(query, 15)]
        titles = {"group": t("register.chart.criterion", lang), "n": n}
        if rows:
            st.altair_chart(_bar(rows, titles, stacked=False), width="stretch")
        else:
            st.caption(t("register.chart.no_gates", lang))
    with right:
        st.markdown(f"**{t('register.chart.due', lang)}**")
        due = [{"month": m, "n": c} for m, c in due_by_month(store, schedule, query)]
        if due:
            chart = (
                alt.Chart(_data(due))
                .mark_bar()
                .encode(
                    x=alt.X("month:O", title=t("register.chart.month", lang)),
                    y=alt.Y("n:Q", title=n, axis=_COUNT_AXIS),
                    tooltip=[
                        alt.Tooltip("month:O", title=t("register.chart.month", lang)),
                        alt.Tooltip("n:Q", title=n),
                    ],
                )
            )
            st.altair_chart(chart, width="stretch")
        else:
            st.caption(t("register.chart.no_due", lang))


def _exports(
    store: RegisterStore, query: RegisterQuery, schedule: Schedule, now: datetime, lang: Lang
) -> None:
    """Download buttons; each file is made only when its button is pressed."""
    everything = RegisterQuery(**{**query.__dict__, "limit": None, "offset": 0})
    stamp = now.strftime("%Y%m%d")
    a, b, c = st.columns(3, vertical_alignment="bottom")
    a.download_button(
        t("register.export.csv", lang),
        data=lambda: render_csv(store.query(everything), now, schedule),
        file_name=f"register-{stamp}.csv",
        mime="text/csv",
        key="register.csv",
        on_click="ignore",
    )
    b.download_button(
        t("register.export.xlsx", lang),
        data=lambda: render_xlsx(store.query(everything), now, schedule),
        file_name=f"register-{stamp}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="register.xlsx",
        on_click="ignore",
    )
    names = st.checkbox(t("register.export.names", lang), key="register.names")
    public = RegisterQuery(**{**everything.__dict__, "approved_only": True})
    c.download_button(
        t("register.export.public", lang),
        data=lambda: render_public_json(
            public_register(store.query(public), now, schedule, include_names=names)
        ),
        file_name=f"public-register-{stamp}.json",
        mime="application/json",
        key="register.public",
        on_click="ignore",
    )
    st.caption(t("register.export.public_help", lang))


def render(lang: Lang) -> None:
    """The Register page."""
    st.title(t("register.title", lang))
    st.caption(t("register.intro", lang))
    store = services.register_store()
    query, schedule, now = _filters(lang, store)
    total = store.count(query)
    page_count = max(1, -(-total // PAGE_SIZE))
    page = 1
    if page_count > 1:
        page = int(
            st.number_input(
                t("register.page", lang, pages=page_count),
                min_value=1,
                max_value=page_count,
                value=1,
                key="register.page",
            )
        )
    shown = RegisterQuery(**{**query.__dict__, "offset": (page - 1) * PAGE_SIZE})
    entries = store.query(shown)
    st.markdown(t("register.count", lang, n=total))
    if not entries:
        st.info(t("register.empty", lang))
    else:
        _table(entries, lang, schedule, now)
    st.subheader(t("register.charts", lang), anchor=False)
    _charts(store, query, schedule, lang)
    st.subheader(t("register.exports", lang), anchor=False)
    _exports(store, query, schedule, now, lang)
