"""Load benchmark of the shared deployment: simulated officers against 1 and then 2 app processes
behind nginx on one PostgreSQL database (deploy/local.py starts them), in one run. Prints
figures; asserts nothing. Loopback only; every run is bounded by --duration.

    .venv/bin/python benchmarks/bench_load.py [--officers 10,25,50,100] [--processes 1,2]
                                              [--duration 40] [--think 10]

Each officer is a websocket client speaking Streamlit's own protocol, as a browser does (no
browser: a hundred Chromiums would measure Chromium). In a loop, with a think time drawn
uniformly from 0.5x to 1.5x `--think` between actions, it:

    opens its assessment in the wizard      (a whole page run)
    answers two yes/no questions            (the question card's own rerun, as a click sends it)
    moves to the next step                  (a whole page run, the step is saved)
    opens the review                        (a whole page run)

For each officer count: throughput (actions per second), p50 and p95 of the time from sending an
action to the end of its run, and errors (a run that failed, showed the error message, or did
not finish in 30 s); the CPU per action of the app processes (from /proc: the scripts and the
sending of their messages) and of this load client, and the machine's load average, since other
work on the same cores decides how long a run waits for one. Then the CPU time per page run, by
page, from the app processes' own `page_run` log lines (osai_procure/logs.py): this is where a
process's core goes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for deploy.local

import websockets  # noqa: E402 - after the path set-up, like the imports below
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from deploy.local import Postgres, Stack, free_port  # noqa: E402

POLICY = "osg-jp-public-procurement.yaml"
# The floor: the least a Streamlit run costs on this machine now, measured in the same run with
# the same client (a card like the wizard's, a button), one officer, no think time.
FLOOR_PAGE = """
import streamlit as st
@st.fragment
def card():
    st.segmented_control("Answer", ["yes", "no"], key="answer.x")
card()
st.button("Next", key="wiz.next.top")
"""
RUN_TIMEOUT = 30.0
UNEXPECTED = ("予期しない問題", "Something unexpected")
FINISHED = ForwardMsg.ScriptFinishedStatus


@dataclass
class Page:
    """What the last run showed: widget ids by key, yes/no options, fragment ids, errors."""

    widgets: dict[str, str] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)
    fragments: dict[str, str] = field(default_factory=dict)
    error: bool = False


@dataclass
class Results:
    """Latencies by action, and errors, of one load level."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)


def _user_key(widget_id: str) -> str | None:
    """The `key=` of a widget from its id (`$$ID-<hash>-<key>`)."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[2] != "None" else None


class Officer:
    """One simulated officer: a Streamlit session through the proxy, with its own cookie."""

    def __init__(self, url: str, assessment_id: str, results: Results, seed: int) -> None:
        self.url = url
        self.assessment_id = assessment_id
        self.results = results
        self.random = random.Random(seed)
        self.page = Page()
        self.socket: Any = None

    def _cookie(self) -> str:
        """The proxy's affinity cookie, from a first page load like a browser's."""
        with urllib.request.urlopen(self.url + "/", timeout=30) as response:
            cookie = str(response.headers.get("Set-Cookie", ""))
        return cookie.split(";", 1)[0]

    async def connect(self) -> None:
        """Open the session's websocket (affinity cookie sent, so the proxy keeps us on one
        process)."""
        cookie = await asyncio.to_thread(self._cookie)
        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        self.socket = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            additional_headers={"Cookie": cookie},
            max_size=None,
            open_timeout=30,
        )

    async def run(
        self,
        action: str,
        page: str,
        widgets: list[Any] = (),  # type: ignore[assignment]
        fragment: str | None = None,
    ) -> None:
        """Send one rerun and read until it finishes; time it under `action`."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = f"assessment={self.assessment_id}&lang=en"
        state.page_name = page
        state.context_info.locale = "en-US"
        state.context_info.timezone = "Asia/Tokyo"
        if fragment:
            state.fragment_id = fragment
        for widget in widgets:
            state.widget_states.widgets.append(widget)
        started = time.perf_counter()
        await self.socket.send(msg.SerializeToString())
        if not fragment:
            self.page = Page()
        try:
            await asyncio.wait_for(self._until_finished(), RUN_TIMEOUT)
        except TimeoutError:
            self.results.errors.append(f"{action}: no end of run in {RUN_TIMEOUT:.0f} s")
            return
        if self.page.error:
            self.results.errors.append(f"{action}: the page showed an error")
            self.page.error = False
            return
        self.results.latencies[action].append(time.perf_counter() - started)

    async def _until_finished(self) -> None:
        """Read forward messages, noting widgets, until a run ends for good."""
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.socket.recv())
            kind = msg.WhichOneof("type")
            if kind == "delta":
                self._note(msg.delta)
            elif kind == "script_finished" and msg.script_finished in (
                FINISHED.FINISHED_SUCCESSFULLY,
                FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ):
                return
            elif kind == "script_finished" and msg.script_finished != (
                FINISHED.FINISHED_EARLY_FOR_RERUN
            ):
                self.page.error = True
                return

    def _note(self, delta: Any) -> None:
        """Remember widget ids by key (and their fragment), and any error shown."""
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.page.error = True
            return
        if kind in ("alert", "markdown"):
            body = element.alert.body if kind == "alert" else element.markdown.body
            self.page.error = self.page.error or any(m in body for m in UNEXPECTED)
            return
        inner = getattr(element, kind, None) if kind else None
        widget_id = getattr(inner, "id", "") if inner is not None else ""
        key = _user_key(widget_id) if widget_id.startswith("$$ID") else None
        if key is None:
            return
        self.page.widgets[key] = widget_id
        if delta.fragment_id:
            self.page.fragments[key] = delta.fragment_id
        if kind == "button_group":
            self.page.options[key] = [o.content for o in element.button_group.options]

    async def answer(self) -> None:
        """Answer one yes/no question of the current step, as clicking it does."""
        choices = [
            k for k, o in self.page.options.items() if k.startswith("answer.") and len(o) >= 2
        ]
        if not choices:
            await self.run("open wizard", "wizard")
            return
        key = self.random.choice(choices)
        widget = BackMsg().rerun_script.widget_states.widgets.add()
        widget.id = self.page.widgets[key]
        widget.string_array_value.data.append(self.random.choice(self.page.options[key][:2]))
        await self.run("answer (card)", "wizard", [widget], self.page.fragments.get(key))

    async def next_step(self) -> None:
        """Press "Next" at the top of the wizard."""
        widget_id = self.page.widgets.get("wiz.next.top")
        if widget_id is None:  # the last step: start again from the first
            await self.run("open wizard", "wizard")
            return
        widget = BackMsg().rerun_script.widget_states.widgets.add()
        widget.id = widget_id
        widget.trigger_value = True
        await self.run("next step", "wizard", [widget])

    async def work(self, deadline: float, think: float) -> None:
        """The officer's loop until the deadline."""
        await asyncio.sleep(self.random.uniform(0, think))  # officers do not start in step
        try:
            await self.connect()
        except Exception as exc:
            self.results.errors.append(f"connect: {type(exc).__name__}")
            return
        steps: list[Callable[[], Awaitable[None]]] = [
            lambda: self.run("open wizard", "wizard"),
            self.answer,
            self.answer,
            self.next_step,
            lambda: self.run("review", "review"),
        ]
        # Officers are spread over the sequence, so every kind of action is in every level.
        start = self.random.randrange(len(steps))
        steps = steps[start:] + steps[:start]
        try:
            while time.monotonic() < deadline:
                for step in steps:
                    if time.monotonic() >= deadline:
                        break
                    await step()
                    await asyncio.sleep(self.random.uniform(0.5 * think, 1.5 * think))
        except websockets.ConnectionClosed:
            self.results.errors.append("websocket closed")
        finally:
            await self.socket.close()


def _percentile(values: list[float], share: float) -> float:
    """The `share` quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def _level(url: str, ids: list[str], officers: int, duration: float, think: float) -> Any:
    """Run `officers` officers for `duration` seconds; their results."""
    results = Results()
    deadline = time.monotonic() + duration
    crew = [Officer(url, ids[i % len(ids)], results, seed=i) for i in range(officers)]
    await asyncio.gather(*(o.work(deadline, think) for o in crew))
    return results


async def _floor_runs(url: str, rounds: int = 15) -> list[float]:
    """Latencies of whole-page and card runs of FLOOR_PAGE, one officer, back to back."""
    results = Results()
    officer = Officer(url, "none", results, seed=0)
    await officer.connect()
    for _ in range(rounds):
        await officer.run("floor", "")
        await officer.answer()
        await officer.next_step()
    await officer.socket.close()
    return [v for values in results.latencies.values() for v in values]


def _floor(base: Path) -> float:
    """The p50 of FLOOR_PAGE's runs, in seconds, on a plain `streamlit run` server."""
    import subprocess

    script = base / "floor.py"
    script.write_text(FLOOR_PAGE)
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    command += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        return statistics.median(asyncio.run(_floor_runs(url)))
    finally:
        server.terminate()
        server.wait()


def _seed(db_url: str, count: int) -> list[str]:
    """`count` draft assessments against the shipped OSG-JP policy, one per officer."""
    from osai_procure.loading import ContentLibrary, load_policy
    from osai_procure.models.answers import Answer, AssessmentInfo, SystemInfo
    from osai_procure.paths import content_roots
    from osai_procure.store import PolicyStamp, Repository, make_engine

    library = ContentLibrary.from_root(*content_roots())
    path = next(d / POLICY for d in library.policy_dirs if (d / POLICY).exists())
    policy = load_policy(path, library).policy
    stamp = PolicyStamp(id=policy.id, version=policy.version, digest=policy.digest)
    repo = Repository(make_engine(db_url))
    ids = [
        repo.create(
            AssessmentInfo(title=f"負荷試験 {n}", system=SystemInfo(name=f"Model-{n}")),
            stamp,
            "bench",
            {"freedom_use": Answer(value="yes")},
        ).id
        for n in range(count)
    ]
    for ident in ids:  # past the title page, on the first page of questions
        repo.set_step(ident, 1, "bench")
    repo.engine.dispose()
    return ids


def _page_runs(stack: Stack, since: float) -> list[dict[str, Any]]:
    """The `page_run` log lines the app processes wrote since `since` (a UNIX time)."""
    from datetime import datetime

    found = []
    for app in stack.apps:
        for line in app.log.read_text(encoding="utf-8").splitlines():
            if not line.startswith("{"):
                continue
            entry = json.loads(line)
            if entry.get("event") != "page_run":
                continue
            if datetime.fromisoformat(entry["time"]).timestamp() >= since:
                found.append(entry)
    return found


def _process_cpu(stack: Stack) -> float:
    """The CPU seconds (user and system) the app processes have used so far, from /proc: the
    page scripts, and also sending their messages, which the page_run lines do not count."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = 0.0
    for app in stack.apps:
        if app.process is None:
            continue
        # The fields after the command name's ")": utime and stime are the 12th and 13th.
        fields = Path(f"/proc/{app.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        used += (int(fields[11]) + int(fields[12])) / ticks
    return used


def main() -> int:
    """Run every configuration and level; print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--officers", default="10,25,50,100")
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--duration", type=float, default=40.0, help="seconds per level")
    parser.add_argument("--think", type=float, default=10.0, help="mean think time, seconds")
    args = parser.parse_args()
    levels = [int(n) for n in args.officers.split(",")]
    configurations = [int(n) for n in args.processes.split(",")]

    with tempfile.TemporaryDirectory(prefix="osai-bench-") as scratch:
        base = Path(scratch)
        postgres = Postgres(base / "postgres", free_port())
        db_url = postgres.start()
        try:
            ids = _seed(db_url, max(levels))
            floor = _floor(base)
            print(f"{len(ids)} assessments; think {args.think:.0f} s (0.5x-1.5x); "
                  f"{args.duration:.0f} s per level; loopback, nginx in front")  # fmt: skip
            print(f"floor (a trivial Streamlit run, same client, p50): {floor * 1000:.0f} ms\n")
            print(
                "processes officers  actions/s    p50 ms    p95 ms  p50/floor  errors  (actions)"
                "  CPU ms/action: app  client  load"
            )
            cpu: dict[tuple[int, str], list[float]] = defaultdict(list)
            wall: dict[tuple[int, str], list[float]] = defaultdict(list)
            for processes in configurations:
                stack = Stack(base / f"stack-{processes}", processes, free_port(), db_url)
                try:
                    stack.start()
                    for officers in levels:
                        since = time.time()
                        cpu_before, client_before = _process_cpu(stack), time.process_time()
                        results = asyncio.run(
                            _level(stack.url, ids, officers, args.duration, args.think)
                        )
                        app_cpu = _process_cpu(stack) - cpu_before
                        client_cpu = time.process_time() - client_before
                        every = [v for values in results.latencies.values() for v in values]
                        done = len(every)
                        p50 = _percentile(every, 0.5) * 1000 if every else float("nan")
                        p95 = _percentile(every, 0.95) * 1000 if every else float("nan")
                        print(
                            f"{processes:9d} {officers:8d} {done / args.duration:10.2f} "
                            f"{p50:9.0f} {p95:9.0f} {p50 / (floor * 1000):10.1f} "
                            f"{len(results.errors):7d}  ({done})"
                            f"  {app_cpu * 1000 / max(done, 1):18.0f}"
                            f"  {client_cpu * 1000 / max(done, 1):6.0f}  {os.getloadavg()[0]:4.1f}",
                            flush=True,
                        )
                        for error in sorted(set(results.errors))[:3]:
                            print(f"{'':19}error: {error}")
                        for run in _page_runs(stack, since):
                            name = run["page"] + (" (card)" if run.get("fragment") else "")
                            cpu[(processes, name)].append(run["cpu_ms"])
                            wall[(processes, name)].append(run["ms"])
                finally:
                    stack.stop()
            print("\nCPU time per page run, by page (from the processes' page_run log lines)")
            print("processes page                 runs  cpu p50 ms  cpu p95 ms  wall p50 ms")
            for (processes, name), values in sorted(cpu.items()):
                print(
                    f"{processes:9d} {name:20} {len(values):5d} "
                    f"{statistics.median(values):11.1f} {_percentile(values, 0.95):11.1f} "
                    f"{statistics.median(wall[(processes, name)]):12.1f}"
                )
        finally:
            postgres.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
