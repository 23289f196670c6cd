"""Page bodies, one module per area; the scripts in ui/page_scripts/ only call them (so Python
caches their bytecode instead of Streamlit recompiling a long page script on every rerun)."""
