"""Impact: what a candidate policy would change in the stored assessments. Reads only: the
officer re-assesses under the new policy as a new revision, from the assessment itself."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from osai_procure.errors import ContentError
from osai_procure.loading import PolicyBundle, load_policy
from osai_procure.models.base import I18n, Lang
from osai_procure.register.impact import ImpactResult, impact
from osai_procure.ui import services, widgets
from osai_procure.ui.i18n import t
from osai_procure.ui.views.register import verdict
from osai_procure.wording import problem_text
from osai_procure.yamlsafe import MAX_BYTES

UPLOAD_LIMIT_MB = 10
_RESULT = "impact.result"
_TITLE = "impact.result.title"  # the candidate's title (an upload may not be in the library)
DETAILS = 50  # flips shown one by one below the table


def load_upload(data: bytes, name: str, lang: Lang) -> PolicyBundle | list[str]:
    """An uploaded candidate policy, loaded from a temporary folder that is removed as soon as
    it is read (the bundle holds everything impact needs); or its problems in `lang`, naming
    the upload rather than the temporary file."""
    with tempfile.TemporaryDirectory(prefix="osai-impact-") as folder:
        path = Path(folder) / "candidate.yaml"
        path.write_bytes(data)
        try:
            return load_policy(path, services.library())
        except ContentError as exc:
            return [problem_text(p, lang).replace(str(path), name) for p in exc.problems[:50]]


def _candidate(lang: Lang) -> PolicyBundle | None:
    """The candidate policy: a policy of the library, or an uploaded YAML file (checked)."""
    entries = [e for e in services.policies() if e.bundle is not None]
    source = st.radio(
        t("impact.source", lang),
        ["library", "upload"],
        format_func=lambda s: t(f"impact.source.{s}", lang),
        horizontal=True,
        key="impact.source",
    )
    if source == "library":
        ids = [e.id for e in entries]
        chosen = st.selectbox(
            t("impact.candidate", lang),
            ids,
            format_func=lambda i: next(
                f"{e.title.get(lang)} ({e.id} {e.version})"
                if lang == "en"
                else f"{e.title.get(lang)}（版 {e.version}）"
                for e in entries
                if e.id == i
            ),
            key="impact.candidate",
        )
        return next((e.bundle for e in entries if e.id == chosen), None)
    upload = st.file_uploader(
        t("impact.upload", lang),
        type=["yaml", "yml"],
        key="impact.upload",
        max_upload_size=UPLOAD_LIMIT_MB,
    )
    if upload is None:
        return None
    data = upload.getvalue()
    if len(data) > MAX_BYTES:
        st.error(t("impact.too_large", lang, limit=MAX_BYTES // 1024))
        return None
    loaded = load_upload(data, upload.name, lang)
    if isinstance(loaded, list):
        st.error(t("impact.invalid", lang))
        st.code("\n".join(loaded), language=None)
        return None
    return loaded


def _policy_title(policy_id: str, lang: Lang) -> str:
    """A policy of the library by its title (by its id when the library does not have it)."""
    bundle = services.bundle_for(policy_id)
    return policy_id if bundle is None else bundle.policy.title.get(lang)


def _show(result: ImpactResult, title: I18n | None, lang: Lang) -> None:
    """The flips as a table, then each one's changed criteria."""
    named = title.get(lang) if title is not None else result.candidate_id
    st.markdown(
        t(
            "impact.summary",
            lang,
            n=len(result.flips),
            total=result.considered,
            policy=widgets.literal(
                t("impact.policy", lang, title=named, version=result.candidate_version)
            ),
        )
    )
    if result.failed:
        st.warning(t("impact.failed", lang, n=len(result.failed)))
    if not result.flips:
        st.info(t("impact.none", lang))
        return
    names = services.criterion_titles(lang)

    def status(code: str | None) -> str:
        return t(f"finding.{code}", lang) if code else t("impact.absent", lang)

    def word(aspect: str, code: str) -> str:
        return verdict(code, lang) if aspect.endswith("verdict") else code

    colon = t("label.colon", lang)
    rows: list[dict[str, Any]] = []
    for flip in result.flips:
        rows.append(
            {
                t("register.col.title", lang): flip.entry.title,
                t("register.col.agency", lang): flip.entry.agency,
                t("impact.col.changes", lang): t("register.separator", lang).join(
                    f"{t(f'impact.aspect.{a}', lang)}{colon}{word(a, b)} → {word(a, c)}"
                    for a, (b, c) in flip.changes.items()
                ),
                t("impact.col.criteria", lang): t("register.separator", lang).join(
                    t(
                        "impact.criterion_change",
                        lang,
                        criterion=names.get(c.criterion, c.criterion),
                        before=status(c.before),
                        after=status(c.after),
                    )
                    for c in flip.criteria
                ),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch", key="impact.table")
    for flip in result.flips[:DETAILS]:
        with st.expander(widgets.literal(flip.entry.title)):
            st.markdown(
                "\n".join(
                    f"- {widgets.literal(names.get(c.criterion, c.criterion))}"
                    # The criterion's id is the policy author's handle: English only.
                    + (f" (`{c.criterion}`)" if lang == "en" else "")
                    + f"{colon}{status(c.before)} → {status(c.after)}"
                    for c in flip.criteria
                )
                or t("impact.no_criteria", lang)
            )
    if len(result.flips) > DETAILS:
        st.caption(t("impact.more", lang, n=len(result.flips) - DETAILS))


def render(lang: Lang) -> None:
    """The Impact page."""
    st.title(t("impact.title", lang))
    st.caption(t("impact.intro", lang))
    found = _candidate(lang)
    store = services.register_store()
    policy_ids = st.multiselect(
        t("impact.scope", lang),
        store.distinct("policy_id"),
        format_func=lambda ident: _policy_title(ident, lang),
        key="impact.scope",
        placeholder=t("impact.scope.all", lang),
    )
    if found is not None and st.button(t("impact.run", lang), type="primary", key="impact.run"):
        with st.spinner(t("impact.running", lang)):
            st.session_state[_RESULT] = impact(
                services.repository(), found, services.bundle_for, policy_ids=policy_ids
            )
            st.session_state[_TITLE] = found.policy.title
    result = st.session_state.get(_RESULT)
    if isinstance(result, ImpactResult):
        title = st.session_state.get(_TITLE)
        _show(result, title if isinstance(title, I18n) else None, lang)
    st.caption(widgets.literal(t("impact.readonly", lang)))
