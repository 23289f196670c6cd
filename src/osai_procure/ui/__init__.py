"""The Streamlit app: pages, widgets and UI strings (the only package that imports streamlit)."""
