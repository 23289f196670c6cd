"""Start: a new assessment from a chosen policy; the list of assessments with filter and search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import streamlit as st

from osai_procure.errors import ContentError
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import Answer, AssessmentInfo, SystemInfo
from osai_procure.models.base import Lang
from osai_procure.store import STATUSES, PermissionDeniedError, PolicyStamp
from osai_procure.ui import records, services, shell, widgets
from osai_procure.ui.i18n import t
from osai_procure.wording import problem_text

PAGE_SIZE = 50
PREFERRED_POLICY = "osg_jp_public_procurement"
if TYPE_CHECKING:
    from osai_procure.importers import ImportNote

IMPORTED = "wiz.imported"  # shown once by the wizard after an assessment is pre-filled
GATHERED = "start.gathered"


def _new_assessment(lang: Lang) -> None:
    """The form that creates an assessment (optionally pre-filled from a record) and opens it."""
    from osai_procure.importers import FORMATS

    entries = [e for e in services.policies() if e.bundle is not None]
    st.subheader(t("start.new", lang), anchor=False)
    st.caption(t("start.new.help", lang))
    if not entries:
        st.error(t("policies.none", lang))
        return
    ids = [e.id for e in entries]
    default = ids.index(PREFERRED_POLICY) if PREFERRED_POLICY in ids else 0
    titles = {e.id: f"{e.title.get(lang)} ({e.id} {e.version})" for e in entries}
    with st.form("start.new", border=True, enter_to_submit=False):
        names = st.text_area(
            t("start.gather", lang),
            key="new.gather",
            max_chars=2000,
            height=68,
            placeholder="llm-jp/llm-jp-3-13b",
            help=t("start.gather.help", lang),
        )
        if not services.online():
            st.caption(t("start.gather.offline", lang))
        title = st.text_input(t("info.title", lang), key="new.title", max_chars=500)
        left, right = st.columns(2)
        procurement = left.text_input(
            t("info.procurement_id", lang), key="new.procurement_id", max_chars=200
        )
        agency = right.text_input(t("info.agency", lang), key="new.agency", max_chars=200)
        a, b = st.columns([3, 2])
        system = a.text_input(t("info.system_name", lang), key="new.system_name", max_chars=200)
        version = b.text_input(
            t("info.system_version", lang), key="new.system_version", max_chars=100
        )
        provider = st.text_input(
            t("info.system_provider", lang), key="new.system_provider", max_chars=200
        )
        policy_id = st.selectbox(
            t("start.policy", lang),
            ids,
            index=default,
            format_func=lambda i: titles[i],
            key="new.policy",
        )
        with st.expander(t("start.import", lang)):
            fmt = st.selectbox(
                t("start.import.format", lang),
                [widgets.NO_IMPORT, *FORMATS],
                key="new.import.format",
                format_func=lambda f: widgets.format_name(f, lang),
            )
            upload = st.file_uploader(
                t("start.import.file", lang), key="new.import.file", max_upload_size=16
            )
        submitted = st.form_submit_button(t("start.create", lang), type="primary")
    if not submitted:
        return
    entry = next(e for e in entries if e.id == policy_id)
    assert entry.bundle is not None
    answers: dict[str, Answer] = {}
    notes: list[ImportNote] = []
    kept: list[tuple[str, list[ImportNote]]] = []  # (source, notes) of each import
    gathered = _gather(names, entry.bundle, lang) if names.strip() else None
    if gathered is False:
        return
    if gathered:
        answers, notes, found = gathered
        kept.append((" ".join(names.split()), notes))
        title = title.strip() or found.name
        system = system.strip() or found.name
        version = version.strip() or (found.version or "")
        provider = provider.strip() or (found.provider or "")
    if upload is not None:
        from osai_procure.importers import import_file, title_of

        chosen = widgets.format_of(fmt, upload.getvalue(), upload.name, lang)
        if chosen is None:
            return
        try:
            result = import_file(chosen, upload.getvalue(), upload.name, entry.bundle).in_language(
                lang, title_of(entry.bundle, lang)
            )
        except ContentError as exc:
            st.error(t("import.failed", lang))
            # Wrapped: a Japanese message is one long line, cut off in the form's narrow column.
            st.code(
                "\n".join(problem_text(p, lang) for p in exc.problems[:50]),
                language=None,
                wrap_lines=True,
            )
            return
        answers = {**answers, **result.answers.answers}
        notes = [*notes, *result.notes[:200]]
        kept.append((upload.name, list(result.notes[:200])))
        found = result.answers.assessment.system
        title = title.strip() or found.name
        system = system.strip() or found.name
    problems = []
    if not title.strip():
        problems.append(t("start.title_required", lang))
    if not system.strip():
        problems.append(t("start.system_required", lang))
    if problems:
        for problem in problems:
            st.error(problem)
        return
    info = AssessmentInfo(
        title=title.strip(),
        procurement_id=procurement.strip() or None,
        agency=agency.strip() or None,
        system=SystemInfo(
            name=system.strip(), version=version.strip() or None, provider=provider.strip() or None
        ),
    )
    policy = entry.bundle.policy
    try:
        record = services.repository().create(
            info,
            PolicyStamp(id=policy.id, version=policy.version, digest=policy.digest),
            shell.actor(lang),
            answers,
        )
    except PermissionDeniedError as exc:
        st.error(shell.denied(exc, lang), icon=":material/block:")
        return
    for source, said in kept:
        if said:
            widgets.keep_import_notes(record.id, source, said, lang)
    st.session_state.pop(records.WIZARD_STEP, None)
    if answers:
        st.session_state[IMPORTED] = {
            "id": record.id,
            "count": len(answers),
            "notes": notes,
            "docs": st.session_state.pop(GATHERED, 0),
        }
    shell.switch_to("wizard", record.id)


def _gather(
    text: str, bundle: PolicyBundle, lang: Lang
) -> tuple[dict[str, Answer], list[ImportNote], SystemInfo] | Literal[False] | None:
    """Gather the public records named in `text`: the answers, the notes and the system found;
    False (after showing why) when nothing could be gathered; None when nothing was named."""
    from osai_procure.gather import GatherError, gather, parse_references

    fetcher = services.fetcher()
    try:
        with st.spinner(t("start.gather", lang)):
            result = gather(parse_references(text), fetcher, bundle, lang)
    except GatherError as exc:
        st.error(t(f"gather.error.{exc.code}", lang, where=exc.where, detail=exc.detail))
        return False
    finally:
        fetcher.close()
    if not result.answers:
        return None
    system = result.system or SystemInfo(name=str(result.references[0].id))
    st.session_state[GATHERED] = len(result.documents)
    return dict(result.answers), list(result.notes[:200]), system


def _list(lang: Lang) -> None:
    """Assessments with search and filters; each opens where its officer left off."""
    st.subheader(t("start.list", lang), anchor=False)
    search = st.text_input(
        t("start.search", lang), key="start.search", max_chars=200, persist_state="session"
    )
    # Two filters side by side; the tick box on its own line, where its label is not cut off.
    a, b = st.columns(2, vertical_alignment="bottom")
    statuses = a.multiselect(
        t("start.filter.status", lang),
        list(STATUSES),
        format_func=lambda s: t(f"status.{s}", lang),
        key="start.status",
        placeholder=t("start.filter.all_policies", lang),
        persist_state="session",
    )
    entries = services.policies()
    policy_ids = ["", *sorted({e.id for e in entries})]
    policy_id = b.selectbox(
        t("start.filter.policy", lang),
        policy_ids,
        key="start.policy",
        format_func=lambda i: i or t("start.filter.all_policies", lang),
        persist_state="session",
    )
    older = st.checkbox(
        t("start.filter.revisions", lang), key="start.older", persist_state="session"
    )
    filters = (search or "", statuses, policy_id or None, not older)
    repo = services.repository()
    rows = repo.list_assessments(*filters, limit=PAGE_SIZE)
    if not rows:
        # Nothing matches a search, or there is nothing yet: say which, and what to do.
        narrowed = bool(search or statuses or policy_id)
        none = "start.none.create" if shell.may("create") else "start.none"
        st.info(t("start.empty" if narrowed else none, lang))
        return
    for row in rows:
        with st.container(border=True):
            cols = st.columns([6, 1], vertical_alignment="center")
            with cols[0]:
                shown = " · ".join(
                    x for x in (row.system_name, row.agency or "", row.procurement_id or "") if x
                )
                st.markdown(f"**{widgets.literal(row.title)}**  \n{widgets.literal(shown)}")
                st.caption(
                    t(
                        "start.row",
                        lang,
                        status=t(f"status.{row.status}", lang),
                        revision=row.revision,
                        answers=row.answer_count,
                        policy=f"{row.policy_id} {row.policy_version}",
                        updated=shell.fmt_time(row.updated_at, lang),
                        by=widgets.literal(shell.who(row.updated_by, lang)),
                    )
                )
            if cols[1].button(t("start.open", lang), key=f"open.{row.id}", width="stretch"):
                st.session_state.pop(records.WIZARD_STEP, None)
                shell.switch_to("wizard", row.id)
    if len(rows) == PAGE_SIZE:
        more = repo.count_assessments(*filters) - PAGE_SIZE
        if more > 0:
            st.caption(t("start.more", lang, n=more))


def render(lang: Lang) -> None:
    """The Start page."""
    st.title(t("start.title", lang))
    linked = shell.linked_assessment(lang)
    if linked is not None and st.button(
        t("start.resume_link", lang, title=linked.title), key="resume_link", type="primary"
    ):
        shell.switch_to("wizard", linked.id)
    left, right = st.columns([2, 3], gap="large")
    with left:
        if shell.may("create"):
            _new_assessment(lang)
        else:
            st.subheader(t("start.new", lang), anchor=False)
            st.info(shell.denied_for("create", lang), icon=":material/block:")
    with right:
        _list(lang)
