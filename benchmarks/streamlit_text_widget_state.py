"""A minimal reproduction, for an upstream report to Streamlit: each keyed `st.text_input` (and
`st.text_area`, `st.number_input`, `st.selectbox`, `st.radio`, the date and time inputs, the
slider) rebuilds the whole `SessionState.filtered_state` to ask whether its one key holds None,
so one script run costs (such widgets) x (session keys). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/streamlit_text_widget_state.py

The page below draws W keyed text inputs beside K other session keys. For each W and K it prints
the script thread's CPU per run (median), once with text inputs and once with checkboxes, which
do not make that call; the text inputs' extra cost grows with W x K. Streamlit 1.67.0:

    # streamlit/elements/widgets/text_widgets.py, in _text_input (and _text_area alike)
    session_state = get_session_state().filtered_state
    if key is not None and key in session_state and session_state[key] is None:
        value = None

The check added by streamlit/streamlit#8529 (a widget whose session-state value is None)
needs one key, not a dict of all of them; streamlit/streamlit#9415 reported the same call
sites growing with the number of widgets. Asking the state for the one key (for instance a
`SessionState` method that looks up the user key, or the widget id it maps to) keeps the
behaviour and makes the check O(1).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import streamlit
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

PAGE = """
import streamlit as st
for i in range({keys}):
    st.session_state.setdefault(f"other_{{i}}", i)
for i in range({widgets}):
    st.{widget}(f"Field {{i}}", key=f"field_{{i}}")
"""
ROUNDS = 15


def cpu_per_run(widget: str, widgets: int, keys: int) -> float:
    """The median script-thread CPU of one rerun of PAGE, in milliseconds."""
    at = AppTest.from_string(PAGE.format(widget=widget, widgets=widgets, keys=keys)).run()
    original = script_runner.ScriptRunner._run_script
    spent: list[float] = []

    def timed(runner: Any, rerun_data: Any) -> None:
        started = time.thread_time()
        try:
            original(runner, rerun_data)
        finally:
            spent.append(time.thread_time() - started)

    script_runner.ScriptRunner._run_script = timed  # type: ignore[method-assign]
    try:
        for _ in range(ROUNDS):
            at.run()
    finally:
        script_runner.ScriptRunner._run_script = original  # type: ignore[method-assign]
    assert not at.exception, at.exception
    return statistics.median(spent) * 1000


def main() -> None:
    """Print the table."""
    print(f"Streamlit {streamlit.__version__}: CPU per script run (median of {ROUNDS})")
    print("  widgets  other keys   text_input    checkbox   text_input extra")
    for widgets in (10, 40):
        for keys in (0, 100, 400):
            text = cpu_per_run("text_input", widgets, keys)
            box = cpu_per_run("checkbox", widgets, keys)
            print(
                f"  {widgets:7d}  {keys:10d}  {text:8.1f} ms  {box:8.1f} ms  {text - box:8.1f} ms"
            )


if __name__ == "__main__":
    main()
