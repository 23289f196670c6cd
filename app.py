"""`streamlit run app.py` in a checkout: runs the packaged app, the same script `serve` runs."""

import runpy

from osai_procure.ui import APP_SCRIPT

runpy.run_path(str(APP_SCRIPT), run_name="__main__")
