"""Policies: browse shipped and agency policies, validate an uploaded YAML with every problem at
its line, see what an override changes against its parent, download the JSON Schemas."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import streamlit as st

from osai_procure.errors import ContentError, Problem
from osai_procure.loading import PolicyBundle, load_policy
from osai_procure.models.base import Lang
from osai_procure.policy_diff import diff_policies
from osai_procure.schemas import schema_texts
from osai_procure.ui import exporting, services, shell, widgets
from osai_procure.ui.i18n import STRINGS, code, literal, t
from osai_procure.wording import problem_message, problem_text
from osai_procure.yamlsafe import MAX_BYTES

PREFERRED = "osg_jp_public_procurement"  # shown first: the policy most officers use
UPLOAD_LIMIT_MB = 10  # transport limit; the policy size cap (yamlsafe.MAX_BYTES) is checked here
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_PROBLEM_ROWS = 200  # a table the browser draws whole; the first problems are what to fix


def _details(bundle: PolicyBundle, lang: Lang) -> None:
    """One resolved policy: identity, digest, lineage, questionnaires, terms, criteria."""
    policy = bundle.policy
    st.subheader(widgets.literal(policy.title.get(lang)), anchor=False)
    # The id once, as code: a policy author writes it in `extends:` of a policy of their own.
    st.caption(f"`{policy.id}` · {t('policies.version', lang, version=policy.version)}")
    if policy.description is not None:
        st.markdown(widgets.literal(policy.description.get(lang)))
    st.markdown(f"**{t('policies.digest', lang)}**")
    st.code(policy.digest, language=None)
    if len(policy.lineage) > 1:
        st.markdown(
            f"**{t('policies.lineage', lang)}**{t('label.colon', lang)}"
            + " → ".join(_policy_name(ident, lang) for ident in policy.lineage)
        )
    st.markdown(f"**{t('policies.questionnaires', lang)}**")
    st.markdown(
        "\n".join(
            f"- {widgets.literal(q.title.get(lang))} (`{q.id}` {q.version})"
            if lang == "en"
            else f"- {widgets.literal(q.title.get(lang))}（第{widgets.literal(q.version)}版）"
            for q in bundle.questionnaires
        )
    )
    st.caption(
        t(
            "policies.thresholds",
            lang,
            c=policy.thresholds.compliant,
            cc=policy.thresholds.conditionally_compliant,
        )
    )
    st.caption(
        f"{t('policies.roles', lang)}{t('label.colon', lang)}"
        + " → ".join(t(f"signoff.role.{r}", lang) for r in policy.signoff_roles)
    )
    with st.expander(t("policies.terms", lang)):
        rows = [
            {
                t("column.component", lang): t(f"ctype.{ct}", lang),
                t("terms.osi", lang): t("yes" if terms.osi_approved else "no", lang),
                t("terms.include", lang): ", ".join(terms.include),
                t("terms.exclude", lang): ", ".join(terms.exclude),
            }
            for ct, terms in policy.accepted_terms.items()
        ]
        st.dataframe(rows, hide_index=True, width="stretch")
    st.download_button(
        t("policies.clauses", lang),
        # Made only when pressed; the same core functions as `osai-procure clauses -o`.
        data=lambda: exporting.clauses_workbook(bundle, lang),
        file_name=exporting.clauses_file_name(bundle, lang),
        mime=exporting.MIME["xlsx"],
        key=f"policies.clauses.{policy.id}",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(t("policies.clauses.help", lang))
    st.markdown(f"**{t('policies.criteria', lang, n=len(policy.criteria))}**")
    st.dataframe(
        [
            {
                "id": c.id,
                t("column.criterion", lang): c.title.get(lang),
                t("column.scope", lang): t(f"scope.{c.scope}", lang),
                t("column.severity", lang): t(f"severity.{c.severity}", lang),
                t("column.weight", lang): c.weight,
            }
            for c in policy.criteria
        ],
        hide_index=True,
        width="stretch",
    )


def _policy_name(ident: str, lang: Lang) -> str:
    """A policy of a lineage by its title (its id in English too, the author's handle); by its
    id when the library does not have it."""
    bundle = services.bundle_for(ident)
    if bundle is None:
        return f"`{ident}`"
    title = widgets.literal(bundle.policy.title.get(lang))
    return f"{title} (`{ident}`)" if lang == "en" else title


def _diff(bundle: PolicyBundle, lang: Lang) -> None:
    """What a policy changes against the policy it extends."""
    lineage = bundle.policy.lineage
    if len(lineage) < 2:
        return
    parent = services.bundle_for(lineage[1])
    if parent is None:
        return
    st.subheader(t("policies.diff", lang, parent=parent.policy.title.get(lang)), anchor=False)
    diff = diff_policies(parent.policy, bundle.policy)
    if diff.empty:
        st.caption(t("policies.diff.none", lang))
        return
    titles = {c.id: c.title.get(lang) for c in (*parent.policy.criteria, *bundle.policy.criteria)}

    def name(ident: str) -> str:
        """A criterion by its title; its id too in English (the policy author's handle)."""
        title = widgets.literal(titles.get(ident) or ident)
        return f"{title} (`{ident}`)" if lang == "en" else title

    def field(key: str) -> str:
        """A criterion field by its name on the page (as written when unknown)."""
        label = f"policies.field.{key}"
        return t(label, lang) if label in STRINGS else f"`{key}`"

    def setting(key: str) -> str:
        """A policy setting by its YAML key (the author's handle), named first in Japanese."""
        group, _, content_type = key.partition(".")
        label = f"policies.setting.{group}"
        if label not in STRINGS or lang == "en":
            return f"`{key}`"
        kind = t(f"ctype.{content_type}", lang) if content_type else ""
        return f"{t(label, lang, type=kind)} `{key}`"

    if diff.added:
        st.markdown(f"**{t('policies.diff.added', lang)}**")
        st.markdown("\n".join(f"- {name(c)}" for c in diff.added))
    if diff.removed:
        st.markdown(f"**{t('policies.diff.removed', lang)}**")
        st.markdown("\n".join(f"- {name(c)}" for c in diff.removed))
    if diff.changed:
        st.markdown(f"**{t('policies.diff.changed', lang)}**")
        sep = t("label.list", lang)
        colon = t("label.colon", lang)
        st.markdown(
            "\n".join(
                f"- {name(c)}{colon}" + sep.join(field(f) for f in fields)
                for c, fields in diff.changed
            )
        )
    if diff.settings:
        st.markdown(f"**{t('policies.diff.other', lang)}**")
        # A plain table whose values wrap; the values are the file's own, shown as written.
        st.table(
            [
                {
                    "": setting(s.name),
                    t("history.old", lang): code(s.before),
                    t("history.new", lang): code(s.after),
                }
                for s in diff.settings
            ],
            hide_index=True,
        )


def _browse(lang: Lang) -> None:
    """The policies of the library."""
    entries = services.policies()
    if not entries:
        st.info(t("policies.none", lang))
        return
    for entry in entries:
        if entry.bundle is None:
            st.warning(t("policies.load_error", lang, file=entry.path.name))
            with st.expander(entry.path.name):
                st.code(
                    "\n".join(problem_text(p, lang) for p in entry.problems),
                    language=None,
                    wrap_lines=True,
                )
    valid = [e for e in entries if e.bundle is not None]
    if not valid:
        return
    labels = {
        e.id: f"{e.title.get(lang)} ({e.id} {e.version})"
        if lang == "en"
        else f"{e.title.get(lang)}（{t('policies.version', lang, version=e.version)}）"
        for e in valid
    }
    ids = list(labels)
    chosen = st.selectbox(
        t("policies.choose", lang),
        ids,
        index=ids.index(PREFERRED) if PREFERRED in ids else 0,
        key="policies.choice",
        format_func=lambda i: labels[i],
        persist_state="session",
    )
    entry = next(e for e in valid if e.id == chosen)
    assert entry.bundle is not None
    _details(entry.bundle, lang)
    _diff(entry.bundle, lang)


def _problem_rows(
    problems: list[Problem], source: str, name: str, lang: Lang
) -> list[dict[str, str]]:
    """Problems as table rows, with the uploaded file's own name and the offending line. The
    cells are markdown shown as text (`st.table` wraps a long message where a data grid cuts
    it off, and renders markdown): everything in them comes from the uploaded file."""
    lines = source.splitlines()
    rows = []
    for problem in problems[:MAX_PROBLEM_ROWS]:
        file = Path(problem.file).name
        text = (
            lines[problem.line - 1].strip() if problem.line and problem.line <= len(lines) else ""
        )
        rows.append(
            {
                t("column.line", lang): literal(
                    f"{name if file == _stored_name(name) else file}:{problem.line or '—'}"
                ),
                t("column.where", lang): literal(problem.path),
                t("column.problem", lang): literal(problem_message(problem, lang)),
                "YAML": literal(text[:200]),
            }
        )
    return rows


def _stored_name(name: str) -> str:
    """The name an upload is validated under (no directories, safe characters)."""
    stem = _SAFE_NAME.sub("_", Path(name).name)[:100] or "policy.yaml"
    return stem if stem.endswith((".yaml", ".yml", ".json")) else f"{stem}.yaml"


def _validate(lang: Lang) -> None:
    """Validate an uploaded policy: every problem at its line, or what it changes."""
    st.caption(t("policies.upload.help", lang))
    upload = st.file_uploader(
        t("policies.upload", lang),
        # No client-side type or size filter: they reject silently; the checks below say why.
        key="policies.upload",
        max_upload_size=UPLOAD_LIMIT_MB,
    )
    if upload is None:
        return
    raw = upload.getvalue()
    if len(raw) > MAX_BYTES:
        st.error(t("policies.upload.too_large", lang, limit=shell.human_size(MAX_BYTES)))
        return
    source = raw.decode("utf-8", errors="replace")
    name = _stored_name(upload.name)
    with tempfile.TemporaryDirectory(prefix="osai-policy-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(raw)
        try:
            bundle = load_policy(path, services.library())
        except ContentError as exc:
            st.error(
                t("policies.upload.problems", lang, n=len(exc.problems)), icon=":material/error:"
            )
            st.table(_problem_rows(exc.problems, source, upload.name, lang))
            if len(exc.problems) > MAX_PROBLEM_ROWS:
                more = len(exc.problems) - MAX_PROBLEM_ROWS
                st.caption(t("policies.upload.more", lang, n=more))
            return
    st.success(
        t(
            "policies.upload.ok",
            lang,
            title=bundle.policy.title.get(lang),
            id=bundle.policy.id,
            version=bundle.policy.version,
            n=len(bundle.policy.criteria),
        ),
        icon=":material/check_circle:",
    )
    st.caption(t("policies.upload.next", lang))  # from "valid" to "in use"
    _diff(bundle, lang)


def _schemas(lang: Lang) -> None:
    """Download the JSON Schemas of the content files."""
    st.caption(t("policies.schemas.help", lang))
    for name, text in schema_texts().items():
        st.download_button(
            name,
            data=text.encode("utf-8"),
            file_name=name,
            mime="application/schema+json",
            key=f"schema.{name}",
            on_click="ignore",
            icon=":material/download:",
        )


def render(lang: Lang) -> None:
    """The Policies page."""
    st.title(t("policies.title", lang))
    tabs = st.tabs(
        [t("policies.shipped", lang), t("policies.upload", lang), t("policies.schemas", lang)]
    )
    with tabs[0]:
        _browse(lang)
    with tabs[1]:
        _validate(lang)
    with tabs[2]:
        _schemas(lang)
