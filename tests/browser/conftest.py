"""Real-browser fixtures: `streamlit run app.py` on a free port with a temporary database, and
Debian's Chromium driven by Playwright (Playwright's own browser download does not work here)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRE_ENV = "OSAI_REQUIRE_BROWSER"
SCREENSHOT_ENV = "OSAI_SCREENSHOT_DIR"
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Server:
    """A running app: its URL, its data directory and its log."""

    url: str
    data_dir: Path
    log: Path


def _free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unavailable(reason: str) -> None:
    """Skip with the reason, unless CI requires the browser test (then fail)."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_ENV}=1 requires the browser test to run")
    pytest.skip(reason)


def streamlit_command(script: Path, *extra: str) -> list[str]:
    """`streamlit run SCRIPT` headless on localhost, as every browser test and benchmark serves
    a script (the port is added by `start_server`)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.address",
        "127.0.0.1",
        *extra,
    ]


def start_server(
    base: Path,
    extra_env: dict[str, str] | None = None,
    serve: Sequence[str] | None = None,
) -> tuple[subprocess.Popen[bytes], Server, float]:
    """Start `streamlit run app.py` in the checkout, or the `serve` command given (such as an
    installed `osai-procure serve`, run from `base`); return the process, the server and
    seconds to health."""
    port = _free_port()
    data = base / "data"
    log = base / "streamlit.log"
    env = {
        **os.environ,
        "OSAI_PROCURE_DATA_DIR": str(data),
        "OSAI_PROCURE_HOME": str(base / "home"),
        "OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS": "1",  # throwaway test keys
        **(extra_env or {}),
    }
    env.pop("OSAI_PROCURE_DB_URL", None)
    command = [*(serve or streamlit_command(Path("app.py"))), "--server.port", str(port)]
    started = time.perf_counter()
    with log.open("wb") as handle:
        process = subprocess.Popen(
            command,
            cwd=ROOT if serve is None else base,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return process, Server(url, data, log), time.perf_counter() - started
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text(errors='replace')}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started (by its own process handle)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright; skipped (or failed in CI) when absent."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> Iterator[Server]:
    """The app, started for this module on a free port with a temporary database."""
    base = tmp_path_factory.mktemp("app")
    process, running, _ = start_server(base)
    yield running
    stop_server(process)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $OSAI_SCREENSHOT_DIR, else a temporary directory."""
    configured = os.environ.get(SCREENSHOT_ENV)
    directory = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory
