"""The Streamlit app: pages, widgets and UI strings (the only package that imports streamlit)."""

from pathlib import Path

# The Streamlit entry script: navigation only. `osai-procure serve` and the checkout's app.py
# both run this file, so an installed wheel serves the same app as the repository.
APP_SCRIPT = Path(__file__).resolve().parent / "app.py"
# What `osai-procure serve` runs: the app above inside Streamlit's ASGI server, with a health
# endpoint and structured request logs (ui/asgi.py, ui/web.py).
WEB_SCRIPT = Path(__file__).resolve().parent / "asgi.py"
# Production defaults for the Streamlit server (the checkout's .streamlit/config.toml links here).
STREAMLIT_CONFIG = Path(__file__).resolve().parent / "streamlit.toml"
