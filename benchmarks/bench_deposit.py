"""Benchmark the preservation drill's hashing against `sha256sum` on the same files in the same
run: a deposit of a few large files (weights) and many small ones (code, documentation). Both
read from the page cache after a warm-up, so the figures compare hashing, not the disk.
Prints figures and ratios; asserts nothing.

    .venv/bin/python benchmarks/bench_deposit.py
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from osai_procure.deposit import read_deposit, verify_deposit

LARGE_FILES = 4
LARGE_MB = 48
SMALL_FILES = 300
SMALL_KB = 32
ROUNDS = 3


def _deposit(root: Path) -> Path:
    """Write the files and their SHA-256 manifest; return the manifest."""
    lines = []
    block = os.urandom(1 << 20)
    for n in range(LARGE_FILES):
        path = root / "weights" / f"shard-{n}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            for _ in range(LARGE_MB):
                handle.write(block)
    for n in range(SMALL_FILES):
        path = root / "code" / f"module_{n}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(SMALL_KB * 1024))
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(root).as_posix()}")
    manifest = root / "SHA256SUMS"
    manifest.write_text("\n".join(lines) + "\n")
    return manifest


def _median_s(action: Callable[[], object]) -> float:
    """Median seconds of `action` over ROUNDS runs."""
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    """Time sha256sum -c, then the drill on one thread and on every CPU."""
    sha256sum = shutil.which("sha256sum")
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        manifest = _deposit(root)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())

        def baseline() -> object:
            assert sha256sum is not None
            return subprocess.run([sha256sum, "--quiet", "-c", manifest.name], cwd=root, check=True)

        def drill(jobs: int) -> Callable[[], object]:
            def run() -> object:
                result = verify_deposit(read_deposit(manifest), jobs=jobs)
                assert result.passed
                return result

            return run

        drill(0)()  # warm the page cache for both
        base = _median_s(baseline) if sha256sum else float("nan")
        one = _median_s(drill(1))
        every = _median_s(drill(0))
    mb = size / 1e6
    print(
        f"Preservation drill, {LARGE_FILES} x {LARGE_MB} MiB + {SMALL_FILES} x {SMALL_KB} KiB "
        f"({mb:.0f} MB), median of {ROUNDS}, {os.cpu_count()} CPUs"
    )
    print(f"  sha256sum -c (baseline)  : {base:6.2f} s  {mb / base:7.1f} MB/s")
    for name, seconds in (("drill, 1 thread", one), ("drill, one per CPU", every)):
        print(
            f"  {name:<24} : {seconds:6.2f} s  {mb / seconds:7.1f} MB/s  "
            f"({seconds / base:.2f}x the baseline's time)"
        )


if __name__ == "__main__":
    main()
