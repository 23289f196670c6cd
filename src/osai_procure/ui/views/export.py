"""Export: PDF, XLSX and JSON reports in Japanese or English; signed once approved."""

from __future__ import annotations

import streamlit as st

from osai_procure.models.base import Lang
from osai_procure.store import AssessmentRecord, ExportInfo, PermissionDeniedError
from osai_procure.store.repository import ExportFormat
from osai_procure.ui import exporting, services, shell, widgets
from osai_procure.ui.i18n import LANG_NAMES, LANGS, t

MADE = "export.made"
FORMAT_NAMES = {"pdf": "PDF", "xlsx": "XLSX", "json": "JSON"}


def _make(record: AssessmentRecord, fmt: ExportFormat, report_lang: Lang, lang: Lang) -> None:
    """Build one report, keep it in the store, remember it for the download button."""
    bundle = services.bundle_for(record.policy.id)
    assert bundle is not None
    try:
        made = exporting.build_export(
            bundle, record, services.evaluation(bundle, record), fmt, report_lang
        )
    except exporting.ExportUnavailable as exc:
        st.session_state[MADE] = {
            "error": t(
                "export.unavailable",
                lang,
                fmt=FORMAT_NAMES[fmt],
                detail=widgets.literal(exc.text(lang)),
            )
        }
        return
    try:
        info = services.repository().add_export(
            record.id,
            fmt,
            report_lang,
            made.filename,
            made.data,
            made.signed,
            shell.actor(lang),
        )
    except PermissionDeniedError as exc:
        st.session_state[MADE] = {"error": shell.denied(exc, lang)}
        return
    st.session_state[MADE] = {"id": info.id, "assessment": record.id}


def _download(info: ExportInfo, lang: Lang, key: str, primary: bool = False) -> None:
    """A download button for a stored export (bytes read when clicked)."""

    def load() -> bytes:
        return services.repository().export(info.id)[1]

    st.download_button(
        t("export.download", lang, fmt=FORMAT_NAMES.get(info.format, info.format)),
        data=load,
        file_name=info.filename,
        mime=exporting.MIME.get(info.format),
        key=key,
        on_click="ignore",
        type="primary" if primary else "secondary",
        icon=":material/download:",
    )


def render(lang: Lang) -> None:
    """The Export page."""
    record = shell.current_assessment(lang)
    shell.assessment_heading(record, lang, "export")
    bundle = services.bundle_for(record.policy.id)
    if bundle is None:
        st.error(t("policy.missing", lang, policy=record.policy.id), icon=":material/error:")
        st.stop()
    if record.status == "approved" and record.signature:
        st.success(t("export.signed", lang), icon=":material/verified:")
    else:
        st.info(t("export.draft", lang), icon=":material/draft:")
    report_lang = (
        st.segmented_control(
            t("export.lang", lang),
            list(LANGS),
            default=lang,
            key="export.lang",
            format_func=lambda code: LANG_NAMES[code],
        )
        or lang
    )
    allowed = shell.may("export")
    if not allowed:
        st.info(shell.denied_for("export", lang), icon=":material/block:")
    cols = st.columns(3)
    for col, fmt in zip(cols, ("pdf", "xlsx", "json"), strict=True):
        with col, st.container(border=True):
            st.markdown(f"**{FORMAT_NAMES[fmt]}**")
            st.button(
                t("export.make", lang, fmt=FORMAT_NAMES[fmt]),
                key=f"export.make.{fmt}",
                on_click=_make,
                args=(record, fmt, report_lang, lang),
                width="stretch",
                disabled=not allowed,
            )
    made = st.session_state.get(MADE)
    exports = services.repository().exports(record.id)
    if isinstance(made, dict) and "error" in made:
        st.session_state.pop(MADE, None)
        st.error(made["error"])
    elif isinstance(made, dict) and made.get("assessment") == record.id:
        latest = next((e for e in exports if e.id == made.get("id")), None)
        if latest is not None:
            st.success(
                t(
                    "export.made",
                    lang,
                    fmt=FORMAT_NAMES.get(latest.format, latest.format),
                    size=shell.human_size(latest.size),
                    sha=latest.sha256[:16],
                ),
                icon=":material/task:",
            )
            _download(latest, lang, "export.download.latest", primary=True)
    st.subheader(t("export.previous", lang), anchor=False)
    if not exports:
        st.caption(t("export.none", lang))
    for info in exports[:30]:
        row = st.columns([6, 2], vertical_alignment="center")
        row[0].caption(
            t(
                "export.row",
                lang,
                fmt=FORMAT_NAMES.get(info.format, info.format),
                language=LANG_NAMES.get(info.lang, info.lang),
                version=info.assessment_version,
                when=shell.fmt_time(info.created_at, lang),
                who=shell.who(info.created_by, lang),
                sha=info.sha256[:16],
                signed=t("export.signed_mark", lang) if info.signed else "",
            )
        )
        with row[1]:
            _download(info, lang, f"export.download.{info.id}")
