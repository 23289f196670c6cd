"""Page scripts for st.navigation: each one line, calling its view under the error guard."""
