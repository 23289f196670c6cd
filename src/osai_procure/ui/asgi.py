"""The script `osai-procure serve` runs: the app (ui/app.py) on Streamlit's ASGI server, with the
health endpoint and the request log of ui/web.py, and the app's logs as JSON lines on standard
output. Streamlit finds `app` here by itself (`streamlit run` serves an st.App script)."""

import streamlit as st
from starlette.middleware import Middleware
from starlette.routing import Route

from osai_procure.logs import configure_json_logs
from osai_procure.ui import APP_SCRIPT
from osai_procure.ui.web import HEALTH_PATH, RequestLog, health

configure_json_logs()
app = st.App(
    str(APP_SCRIPT),
    routes=[Route(HEALTH_PATH, health, methods=["GET"])],
    middleware=[Middleware(RequestLog)],
)
