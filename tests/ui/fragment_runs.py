"""AppTest with fragment reruns, as the browser sends them.

`AppTest.run()` always reruns the whole script. In the browser, a change to a widget drawn
inside an `st.fragment` reruns only that fragment, and the page keeps everything else. The
wizard's question cards are fragments, so to test (and time) what an officer's click really
costs, `FragmentRuns` sends the same rerun request the browser does - the widget states plus
the fragment's id - through AppTest's own script runner, and merges the fragment's output into
the page the way the browser does.

This reaches into Streamlit internals (`LocalScriptRunner.run`, its pending requests and the
`fragment_id` of `RerunData`); pyproject pins Streamlit below 2, and the tests using this fail
loudly if the internals change.
"""

from __future__ import annotations

from typing import Any
from urllib import parse

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import RerunData, ScriptRunnerEvent
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import ElementTree, parse_tree_from_messages
from streamlit.testing.v1.local_script_runner import LocalScriptRunner, require_widgets_deltas


class FragmentRuns:
    """Record each run's messages, and rerun one fragment on request.

    Use as a context manager around one or more AppTest sessions:

        with FragmentRuns() as runs:
            at.run()
            at.segmented_control(key="answer.x").set_value("yes")
            runs.rerun_fragment_of(at, "answer.x")   # what the browser does after that click
    """

    def __init__(self) -> None:
        # Per AppTest session (keyed by its session state): the page as the browser holds it.
        self.pages: dict[int, list[ForwardMsg]] = {}
        self.fragment_messages: list[ForwardMsg] = []  # what the last fragment run sent
        self.escalated = False  # the last fragment run asked for a full rerun
        self._fragment: str | None = None
        self._original = LocalScriptRunner.run

    def __enter__(self) -> FragmentRuns:
        runs = self
        original = self._original

        def run(
            runner: LocalScriptRunner,
            widget_state: Any = None,
            query_params: dict[str, Any] | None = None,
            timeout: float = 3,
            page_hash: str = "",
            context_info: Any = None,
        ) -> ElementTree:
            if runs._fragment is None:
                tree = original(
                    runner, widget_state, query_params, timeout, page_hash, context_info
                )
                runs.pages[id(runner.session_state)] = list(runner.forward_msgs())
                return tree
            return runs._run_fragment(
                runner, widget_state, query_params, timeout, page_hash, context_info
            )

        LocalScriptRunner.run = run  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        LocalScriptRunner.run = self._original  # type: ignore[method-assign]

    def fragment_of(self, at: AppTest, widget_key: str) -> str:
        """The id of the fragment that drew the widget with this key on the session's page."""
        for msg in self.pages.get(id(at._session_state), []):
            if not msg.HasField("delta") or msg.delta.WhichOneof("type") != "new_element":
                continue
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            widget_id = str(getattr(getattr(element, kind), "id", "")) if kind else ""
            if widget_id.endswith(f"-{widget_key}") and msg.delta.fragment_id:
                return str(msg.delta.fragment_id)
        raise LookupError(f"no fragment drew a widget with key {widget_key!r}")

    def rerun_fragment_of(self, at: AppTest, widget_key: str) -> AppTest:
        """Rerun the fragment holding this widget, with the widget values set on the tree."""
        self._fragment = self.fragment_of(at, widget_key)
        try:
            return at.run()
        finally:
            self._fragment = None

    def _run_fragment(
        self,
        runner: LocalScriptRunner,
        widget_state: Any,
        query_params: dict[str, Any] | None,
        timeout: float,
        page_hash: str,
        context_info: Any,
    ) -> ElementTree:
        """One fragment rerun through the runner; the page keeps what the fragment did not
        redraw (unless the fragment asked for a full rerun, which replaces the page)."""
        # The browser's request starts a fresh runner (as AppSession does), so it must not be
        # folded into the full rerun a new runner is created with.
        runner._requests = ScriptRequests()
        runner._requests.request_rerun(
            RerunData(
                widget_states=widget_state,
                query_string=parse.urlencode(query_params or {}, doseq=True),
                page_script_hash=page_hash,
                fragment_id=self._fragment,
                context_info=context_info,
            )
        )
        try:
            runner.start()
            require_widgets_deltas(runner, timeout)
        finally:
            runner.join()
        sent = list(runner.forward_msgs())
        self.fragment_messages = sent
        self.escalated = ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS in runner.events
        if not self.escalated and ScriptRunnerEvent.FRAGMENT_STOPPED_WITH_SUCCESS not in (
            runner.events
        ):
            raise RuntimeError(f"the fragment run did not finish: {runner.events}")
        page = self.pages.get(id(runner.session_state), [])
        page = sent if self.escalated else _merge(page, sent)
        self.pages[id(runner.session_state)] = page
        return parse_tree_from_messages(page)


def _merge(page: list[ForwardMsg], update: list[ForwardMsg]) -> list[ForwardMsg]:
    """The page after a fragment run: each delta replaces the one at its place."""
    places: dict[tuple[int, ...], ForwardMsg] = {}
    for msg in page:
        if msg.HasField("delta"):
            places[tuple(msg.metadata.delta_path)] = msg
    for msg in update:
        if msg.HasField("delta"):
            path = tuple(msg.metadata.delta_path)
            # What the fragment drew at a place replaces what was there, with all it held: an
            # open expander's old children must not hang under a new element.
            for old in [p for p in places if p[: len(path)] == path and len(p) > len(path)]:
                if places[old] not in update:
                    del places[old]
            places[path] = msg
    return list(places.values())
