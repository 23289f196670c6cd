"""Benchmark the app: server-side time of one wizard interaction with the full OSG-JP policy
(AppTest) against an empty Streamlit page in the same run, and the time from `streamlit run` to
the first rendered page in a real browser. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_app.py
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 30
TARGET_RATIO = 2.0
TARGET_MS = 100.0
CHROMIUM = Path("/usr/bin/chromium")

EMPTY_PAGE = """
import streamlit as st
st.button("Next", key="next")
"""


def _median_ms(action: Callable[[], None], rounds: int = ROUNDS) -> tuple[float, float]:
    """Median and 90th percentile of `action`, in milliseconds, after two warm-up runs."""
    for _ in range(2):
        action()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def bench_server_side() -> None:
    """One wizard interaction (answer a question: save, re-evaluate, re-render) vs an empty page."""
    from streamlit.testing.v1 import AppTest

    data = tempfile.mkdtemp(prefix="osai-bench-")
    os.environ["OSAI_PROCURE_DATA_DIR"] = data
    os.environ["OSAI_PROCURE_HOME"] = str(Path(data) / "home")
    os.environ.pop("OSAI_PROCURE_DB_URL", None)

    empty = AppTest.from_string(EMPTY_PAGE, default_timeout=30).run()

    def click_empty() -> None:
        empty.button(key="next").click().run()

    empty_ms, empty_p90 = _median_ms(click_empty)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context = {"locale": "ja-JP", "timezone": "Asia/Tokyo"}
    at.run()
    at.text_input(key="new.title").input("ベンチマーク")
    at.text_input(key="new.system_name").input("BenchLM")
    at.button[0].click().run()
    steps = at.selectbox(key="wiz.jump").options
    freedoms = next(i for i, label in enumerate(steps) if "自由" in label or "reedom" in label)
    at.selectbox(key="wiz.jump").select(freedoms).run()
    questions = len(at.segmented_control) - 1  # minus the language switch
    values = iter(["yes", "no"] * (ROUNDS + 10))

    def answer() -> None:
        at.segmented_control(key="answer.freedom_use").set_value(next(values)).run()

    wizard_ms, wizard_p90 = _median_ms(answer)
    code = next(i for i, label in enumerate(steps) if "コード" in label or "Code" in label)
    at.selectbox(key="wiz.jump").select(code).run()
    released = iter(["yes", "no"] * (ROUNDS + 10))

    def answer_component() -> None:
        at.segmented_control(key="answer.code_training.released").set_value(next(released))
        at.run()

    component_ms, component_p90 = _median_ms(answer_component)
    assert not at.exception, at.exception  # a broken page would make the timing meaningless

    def rerender() -> None:
        at.run()

    render_ms, _ = _median_ms(rerender)

    print(f"Server-side time per interaction (AppTest, median of {ROUNDS}, p90 in brackets)")
    print(f"  empty Streamlit page, one button click : {empty_ms:7.1f} ms  ({empty_p90:.1f})")
    print(
        f"  wizard, answer yes/no ({questions} questions)  : {wizard_ms:7.1f} ms  "
        f"({wizard_p90:.1f})  ratio {wizard_ms / empty_ms:.1f}x"
    )
    print(
        f"  wizard, component step (7 components)  : {component_ms:7.1f} ms  "
        f"({component_p90:.1f})  ratio {component_ms / empty_ms:.1f}x"
    )
    print(
        f"  wizard, rerun without a change         : {render_ms:7.1f} ms  "
        f"ratio {render_ms / empty_ms:.1f}x"
    )
    print(f"  target: at most {TARGET_RATIO:g}x the empty page and under {TARGET_MS:g} ms")


def _free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_first_render() -> None:
    """From `streamlit run` to the first rendered page in Chromium."""
    if not CHROMIUM.exists():
        print(f"First render: skipped ({CHROMIUM} is not installed)")
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("First render: skipped (playwright is not installed)")
        return
    data = tempfile.mkdtemp(prefix="osai-bench-")
    port = _free_port()
    env = {
        **os.environ,
        "OSAI_PROCURE_DATA_DIR": data,
        "OSAI_PROCURE_HOME": str(Path(data) / "home"),
    }
    env.pop("OSAI_PROCURE_DB_URL", None)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(locale="en-US")
        started = time.perf_counter()
        with open(Path(data) / "streamlit.log", "wb") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.headless",
                    "true",
                    "--browser.gatherUsageStats",
                    "false",
                    "--server.fileWatcherType",
                    "none",
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            url = f"http://127.0.0.1:{port}"
            healthy = None
            while healthy is None and time.perf_counter() - started < 60:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.read().strip() == b"ok":
                            healthy = time.perf_counter() - started
                except OSError:
                    time.sleep(0.05)
            page.goto(url)
            page.get_by_role("heading", name="Start").wait_for(timeout=60_000)
            rendered = time.perf_counter() - started
            page.get_by_role("button", name="Create assessment").wait_for(timeout=60_000)
            interactive = time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=10)
            browser.close()
    print("Start-up (streamlit run → browser)")
    print(f"  server healthy (/_stcore/health ok)    : {healthy or float('nan'):7.2f} s")
    print(f"  first page rendered (Start heading)    : {rendered:7.2f} s")
    print(f"  form ready (Create assessment button)  : {interactive:7.2f} s")


if __name__ == "__main__":
    bench_server_side()
    bench_first_render()
