"""Benchmark the register: one page of the register, filtered, searched and sorted, on 10,000
assessments against a baseline of 100 in the same run; what bringing the register up to date
costs (every assessment evaluated once, then nothing changed); and `impact` over the 10,000
under a candidate policy, on one process and on every CPU, against the engine alone evaluating
the same answers in memory. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_register.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.register_data import register_database
from osai_procure.engine import evaluate
from osai_procure.loading import load_policy
from osai_procure.paths import library_for
from osai_procure.register.impact import impact
from osai_procure.register.schedule import Schedule, due_by_month
from osai_procure.register.sync import sync
from osai_procure.store import Repository
from osai_procure.store.register import RegisterQuery, RegisterStore
from tests.register.helpers import BUNDLES

ROOT = Path(__file__).resolve().parents[1]
SMALL = 100
LARGE = 10_000
ROUNDS = 9
PAGE = RegisterQuery(
    search="osaid",
    policy_verdicts=["non_compliant", "incomplete"],
    sort="title",
    descending=False,
    limit=50,
)


def _median_ms(action: Callable[[], object]) -> float:
    """Median of `action` in milliseconds, after one warm-up run."""
    action()
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _page(store: RegisterStore) -> Callable[[], object]:
    """What the register page asks the database for on each rerun."""

    def run() -> object:
        return (
            store.query(PAGE),
            store.count(PAGE),
            store.verdict_counts("policy_id"),
            store.verdict_counts("agency"),
            store.open_gates(),
            due_by_month(store, Schedule()),
        )

    return run


def main() -> None:
    """Time the register page's queries on 100 and 10,000 assessments, and the sync."""
    with tempfile.TemporaryDirectory() as small_dir, tempfile.TemporaryDirectory() as large_dir:
        small = register_database(Path(small_dir), SMALL)
        large = register_database(Path(large_dir), LARGE, synced=False)
        started = time.perf_counter()
        first = sync(large, BUNDLES)
        full_sync = time.perf_counter() - started
        started = time.perf_counter()
        again = sync(large, BUNDLES)
        no_change = (time.perf_counter() - started) * 1000
        impact_one, impact_all, engine_alone, flips = _impact(large)
        base = _median_ms(_page(RegisterStore(small.engine)))
        measured = _median_ms(_page(RegisterStore(large.engine)))
        small.engine.dispose()
        large.engine.dispose()
    print(f"Register page queries (SQLite, median of {ROUNDS}: page, count, three charts)")
    print(f"  {SMALL:>6} assessments (baseline) : {base:8.1f} ms")
    print(f"  {LARGE:>6} assessments            : {measured:8.1f} ms  ({measured / base:.1f}x)")
    print("Bringing the register up to date")
    print(f"  first sync, {first.evaluated} evaluated : {full_sync:8.1f} s")
    print(f"  second sync, {again.evaluated} evaluated    : {no_change:8.1f} ms")
    print(f"Impact of a candidate policy on {LARGE} assessments ({flips} would change)")
    print(f"  engine alone, in memory (baseline) : {engine_alone:6.1f} s")
    for name, seconds in (("impact, 1 process", impact_one), ("impact, one per CPU", impact_all)):
        print(f"  {name:<34} : {seconds:6.1f} s  ({seconds / engine_alone:.2f}x)")


def _impact(repo: Repository) -> tuple[float, float, float, int]:
    """Seconds for impact on one process and on every CPU, and for the engine alone."""
    path = ROOT / "policies" / "examples" / "agency-strict.yaml"
    library = library_for(path)
    bundle = load_policy(path, library)
    started = time.perf_counter()
    one = impact(repo, path, bundle, library, jobs=1)
    impact_one = time.perf_counter() - started
    started = time.perf_counter()
    impact(repo, path, bundle, library, jobs=0)
    impact_all = time.perf_counter() - started
    records = repo.get_many([s.id for s in repo.list_assessments(limit=LARGE)])
    answers = [r.answers_file() for r in records]
    started = time.perf_counter()
    for item in answers:
        evaluate(bundle, item)
    engine_alone = time.perf_counter() - started
    return impact_one, impact_all, engine_alone, len(one.flips)


if __name__ == "__main__":
    main()
