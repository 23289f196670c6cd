"""osai-procure in the browser: navigation only (pages and widgets live in osai_procure.ui)."""

import streamlit as st

from osai_procure.ui import services, shell
from osai_procure.ui.i18n import t

st.set_page_config(page_title="osai-procure", page_icon=":material/fact_check:", layout="wide")


def page(name: str, default: bool = False) -> st.Page:
    """One area of the app, titled in the current language."""
    return st.Page(
        shell.PAGE_FILES[name],
        title=t(f"nav.{name}", lang),
        icon=shell.PAGE_ICONS[name],
        url_path=name,
        default=default,
    )


with shell.logged_run("app") as run:
    lang = shell.header()
    shell.stop_on_bad_roles(lang)
    shell.require_sign_in(lang)
    navigation = st.navigation(
        {
            t("nav.section.assessment", lang): [
                page("start", default=True),
                page("wizard"),
                page("review"),
                page("signoff"),
                page("export"),
                page("drill"),
            ],
            t("nav.section.agency", lang): [page("register"), page("impact")],
            t("nav.section.tools", lang): [page("verify"), page("policies")],
        }
    )
    run["page"] = navigation.url_path or "start"
    shell.sidebar(lang)
    navigation.run()
services.freeze_start_up()
