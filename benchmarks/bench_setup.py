"""Benchmark: a newcomer's set-up, from `git clone` to a healthy app and to a finished `make test`.

Each case clones the repository (the committed HEAD) into a scratch folder and runs the README's
commands there, as a new user would. "warm" uses this machine's pip cache; "cold" gives pip an
empty cache, so every wheel is downloaded from the registry. The baseline measured in the same
run is the bare `python -m venv` plus `git clone`, the floor any set-up stands on. Nothing is
asserted; the figures depend on the network and on what else the machine is doing.

    .venv/bin/python benchmarks/bench_setup.py            # app and tests, warm and cold
    .venv/bin/python benchmarks/bench_setup.py --app-only # skip the two `make test` runs
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_TIMEOUT = 900.0


def _free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _clone(scratch: Path) -> Path:
    """A fresh clone of the committed HEAD."""
    target = scratch / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    return target


def _env(cache: Path | None) -> dict[str, str]:
    """The environment of a new user; with `cache`, pip starts from that (empty) cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSAI_", "VIRTUAL_ENV"))}
    if cache is not None:
        env["PIP_CACHE_DIR"] = str(cache)
    return env


def time_baseline(scratch: Path) -> float:
    """Seconds for `git clone` plus an empty `python -m venv`."""
    started = time.perf_counter()
    clone = _clone(scratch)
    subprocess.run([sys.executable, "-m", "venv", str(clone / ".venv-empty")], check=True)
    return time.perf_counter() - started


def time_to_healthy_app(scratch: Path, cache: Path | None) -> float:
    """Seconds from `git clone` to `make run` answering ok on /_stcore/health."""
    started = time.perf_counter()
    clone = _clone(scratch)
    port = _free_port()
    log = (scratch / "run.log").open("wb")
    process = subprocess.Popen(
        ["make", "run", f"ARGS=--server.port {port}"],
        cwd=clone,
        env=_env(cache),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + APP_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/_stcore/health"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"no healthy app; see {scratch / 'run.log'}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def time_to_tests(scratch: Path, cache: Path | None) -> float:
    """Seconds from `git clone` to a finished `make test` (whatever its result)."""
    started = time.perf_counter()
    clone = _clone(scratch)
    with (scratch / "test.log").open("wb") as log:
        subprocess.run(
            ["make", "test"], cwd=clone, env=_env(cache), stdout=log, stderr=subprocess.STDOUT
        )
    return time.perf_counter() - started


def main() -> None:
    """Run the cases and print seconds and ratios to the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-only", action="store_true", help="skip the make test cases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-setup-") as tmp:
        base = Path(tmp)

        def scratch(name: str) -> Path:
            path = base / name
            path.mkdir()
            return path

        baseline = time_baseline(scratch("baseline"))
        rows = [("git clone + empty venv (baseline)", baseline)]
        for label, cold in (("warm pip cache", False), ("cold pip cache", True)):
            cache = scratch(f"cache-{label[:4]}") if cold else None
            rows.append(
                (
                    f"clone -> healthy app, {label}",
                    time_to_healthy_app(scratch(label + "-app"), cache),
                )
            )
            if not args.app_only:
                rows.append(
                    (
                        f"clone -> make test done, {label}",
                        time_to_tests(scratch(label + "-test"), cache),
                    )
                )
            if cache is not None:
                shutil.rmtree(cache, ignore_errors=True)
    print(f"{'case':<44} {'seconds':>9} {'x baseline':>11}")
    for label, seconds in rows:
        print(f"{label:<44} {seconds:>9.1f} {seconds / baseline:>11.1f}")


if __name__ == "__main__":
    main()
