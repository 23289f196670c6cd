"""Benchmark the store: how the Start page's assessment list grows with the database. Prints
figures and the ratio to a baseline measured in the same run; asserts nothing.

    .venv/bin/python benchmarks/bench_store.py

The baseline is a database holding one page of assessments (50); the measured database holds
2,000, each with the OSG-JP policy's questions answered. The list should cost about the same
on both: an agency's archive grows for years, and the Start page reruns on every click there.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from osai_procure.models.answers import Answer, AssessmentInfo, SystemInfo
from osai_procure.store import PolicyStamp, Repository, make_engine

ROOT = Path(__file__).resolve().parents[1]
PAGE = 50
LARGE = 2000
ROUNDS = 15


def _median_ms(action: Callable[[], object]) -> float:
    """Median of `action` in milliseconds, after one warm-up run."""
    action()
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _database(directory: Path, count: int) -> Repository:
    """A SQLite database with `count` assessments, each answering every OSG-JP question."""
    from osai_procure.loading import ContentLibrary, load_policy

    bundle = load_policy(
        ROOT / "policies" / "osg-jp-public-procurement.yaml", ContentLibrary.from_root(ROOT)
    )
    stamp = PolicyStamp(
        id=bundle.policy.id, version=bundle.policy.version, digest=bundle.policy.digest
    )
    answers = {qid: Answer(value="unknown", note="benchmark") for qid in bundle.questions}
    repo = Repository(make_engine(f"sqlite:///{directory / 'store.sqlite3'}"))
    for n in range(count):
        info = AssessmentInfo(
            title=f"調達評価 {n}", agency="デジタル庁", system=SystemInfo(name=f"Model-{n}")
        )
        repo.create(info, stamp, "bench", answers)
    return repo


def main() -> None:
    """Time the Start page's list call on a small and a large database."""
    with tempfile.TemporaryDirectory() as small_dir, tempfile.TemporaryDirectory() as large_dir:
        small = _database(Path(small_dir), PAGE)
        large = _database(Path(large_dir), LARGE)

        def start_page(repo: Repository) -> Callable[[], object]:
            return lambda: repo.list_assessments(limit=PAGE)

        def search(repo: Repository) -> Callable[[], object]:
            return lambda: repo.list_assessments(search="model-1", limit=PAGE)

        base = _median_ms(start_page(small))
        listed = _median_ms(start_page(large))
        base_search = _median_ms(search(small))
        searched = _median_ms(search(large))
        small.engine.dispose()
        large.engine.dispose()
    print(f"Start page list (SQLite, median of {ROUNDS})")
    print(f"  {PAGE} assessments in the database (baseline)  : {base:7.1f} ms")
    print(
        f"  {LARGE} assessments in the database           : {listed:7.1f} ms  "
        f"ratio {listed / base:.1f}x"
    )
    print(f"  search 'model-1', {PAGE} in the database       : {base_search:7.1f} ms")
    print(
        f"  search 'model-1', {LARGE} in the database     : {searched:7.1f} ms  "
        f"ratio {searched / base_search:.1f}x"
    )


if __name__ == "__main__":
    main()
