"""Verify a report: upload a PDF, XLSX or JSON report and read, in plain language, what its
signature, its digest and a re-evaluation say; a tampered file is flagged with the reason."""

from __future__ import annotations

import streamlit as st

from osai_procure.models.base import Lang
from osai_procure.ui import exporting, services, shell, widgets
from osai_procure.ui.i18n import t

MAX_REPORT_BYTES = 20 * 1024 * 1024


def render(lang: Lang) -> None:
    """The Verify page."""
    st.title(t("verify.title", lang))
    st.caption(t("verify.help", lang))
    upload = st.file_uploader(
        t("verify.upload", lang),
        # No extension filter: the content decides (a renamed report still verifies, and
        # anything else gets a plain message rather than a silent rejection).
        key="verify.upload",
        max_upload_size=MAX_REPORT_BYTES // 2**20 + 5,  # over the cap: our message, below
    )
    # The browser refuses a file over the widget's limit before the server sees it, showing
    # only a red mark; the limit is therefore always written out.
    st.caption(t("verify.limit", lang, limit=shell.human_size(MAX_REPORT_BYTES)))
    if upload is None:
        return
    data = upload.getvalue()
    if len(data) > MAX_REPORT_BYTES:
        st.error(t("verify.too_large", lang, limit=shell.human_size(MAX_REPORT_BYTES)))
        return
    try:
        trust = exporting.trust_store()
    except exporting.TrustUnavailable as exc:
        # The administrator's file, not the upload, is at fault: say which and where.
        st.error(t("verify.trust_broken", lang), icon=":material/error:")
        st.code(exc.text(lang), language=None, wrap_lines=True)
        return
    try:
        with st.spinner(t("verify.checking", lang)):
            outcome = exporting.verify_upload(data, services.library(), trust)
    except exporting.UnreadableReport as exc:
        st.error(
            t("verify.unreadable", lang, detail=widgets.literal(exc.text(lang))),
            icon=":material/error:",
        )
        return
    if outcome.ok:
        st.success(
            f"**{t('verify.ok', lang)}** {outcome.reason.get(lang)}", icon=":material/verified:"
        )
    else:
        st.error(
            f"**{t('verify.bad', lang)}** {widgets.literal(outcome.reason.get(lang))}",
            icon=":material/gpp_bad:",
        )
    for answer in outcome.questions:
        text = f"**{answer.question.get(lang)}** {widgets.literal(answer.answer.get(lang))}"
        if answer.ok:
            st.success(text, icon=":material/check_circle:")
        elif answer.ok is False:
            st.error(text, icon=":material/cancel:")
        else:
            st.warning(text, icon=":material/help:")
    if outcome.facts:
        colon = t("label.colon", lang)
        with st.container(border=True):
            st.markdown(
                "  \n".join(
                    f"**{label.get(lang)}**{colon}{widgets.literal(value.get(lang))}"
                    for label, value in outcome.facts
                )
            )
    # Every check, folded away: the answer above already says what failed and what to do.
    with st.expander(t("verify.checks", lang, n=len(outcome.checks))):
        for check in outcome.checks:
            if check.ok:
                icon, colour = ":material/check_circle:", "green"
            elif check.ok is False:
                icon, colour = ":material/cancel:", "red"
            else:
                icon, colour = ":material/info:", "gray"
            with st.container(border=True):
                st.markdown(
                    f"{icon} :{colour}[**{check.title.get(lang)}**] — {check.summary.get(lang)}"
                )
                # The verifier's technical line (digests, key fingerprints, file names as they
                # are); a line it words in English only is said to be English.
                english = lang == "ja" and check.english_only
                prefix = t("verify.detail_en" if english else "verify.detail_tech", lang)
                st.caption(prefix + widgets.literal(check.detail.get(lang)))
