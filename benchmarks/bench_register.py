"""Benchmark the register: one page of the register, filtered, searched and sorted, on 10,000
assessments against a baseline of 100 in the same run; what bringing the register up to date
costs (every assessment evaluated once, then nothing changed); and `impact` over the 10,000
under two candidate policies (one criterion revised; the example agency policy, which changes
accepted terms and licence data), evaluating only what each changes and sharing the parts
alike between assessments, against evaluating every criterion of every assessment again (the
baseline) in the same run. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_register.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.register_data import register_database
from osai_procure.loading import load_policy
from osai_procure.paths import library_for
from osai_procure.register.impact import impact
from osai_procure.register.schedule import Schedule, due_by_month
from osai_procure.register.sync import sync
from osai_procure.store import Repository
from osai_procure.store.db import RegisterFindingRow, RegisterRow
from osai_procure.store.register import RegisterQuery, RegisterStore, insert_findings
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
        # The register emptied (as after an upgrade): its entries come from the summaries the
        # first sync stored with each revision, as the app stores them when saving.
        with large.engine.begin() as connection:
            connection.execute(delete(RegisterFindingRow))
            connection.execute(delete(RegisterRow))
        started = time.perf_counter()
        rebuilt = sync(large, BUNDLES)
        from_summaries = time.perf_counter() - started
        writes = _finding_writes(large.engine)
        impacts = _impact(large)
        base = _median_ms(_page(RegisterStore(small.engine)))
        measured = _median_ms(_page(RegisterStore(large.engine)))
        small.engine.dispose()
        large.engine.dispose()
    print(f"Register page queries (SQLite, median of {ROUNDS}: page, count, three charts)")
    print(f"  {SMALL:>6} assessments (baseline) : {base:8.1f} ms")
    print(f"  {LARGE:>6} assessments            : {measured:8.1f} ms  ({measured / base:.1f}x)")
    print("Bringing the register up to date")
    print(f"  first sync, {first.evaluated} evaluated (baseline) : {full_sync:8.1f} s")
    print(f"  second sync, {again.evaluated} evaluated              : {no_change:8.1f} ms")
    print(
        f"  empty register, {rebuilt.refreshed} entries from stored summaries, "
        f"{rebuilt.evaluated} evaluated : {from_summaries:8.1f} s "
        f"({full_sync / from_summaries:.0f}x faster)"
    )
    core, driver, count = writes
    print(
        f"  of which writing the {count} open findings, SQLAlchemy insert (baseline) : "
        f"{core:6.2f} s"
    )
    print(
        f"  the same through the driver, as the register writes them       : "
        f"{driver:6.2f} s ({core / driver:.1f}x faster)"
    )
    print(f"Impact of a candidate policy on {LARGE} assessments")
    for name, incremental, everything, flips in impacts:
        print(f"  {name} ({flips} would change)")
        print(f"    every criterion again (baseline) : {everything:6.2f} s")
        ratio = everything / incremental
        print(f"    only what changed, shared        : {incremental:6.2f} s  ({ratio:.1f}x faster)")


def _finding_writes(engine: Engine) -> tuple[float, float, int]:
    """Seconds to write every open finding of the register again, in one transaction each:
    through SQLAlchemy's insert (the baseline: how they were written before) and through the
    driver as `RegisterStore.put` writes them; and how many there are."""
    f = RegisterFindingRow
    names = ("assessment_id", "criterion_id", "severity", "status")
    with engine.connect() as connection:
        query = select(f.assessment_id, f.criterion_id, f.severity, f.status).order_by(f.id)
        rows = [(r[0], r[1], r[2], r[3]) for r in connection.execute(query)]
    timings = []
    for through_driver in (False, True):
        with engine.begin() as connection:
            connection.execute(delete(f))
        started = time.perf_counter()
        with engine.begin() as connection:
            if through_driver:
                insert_findings(connection, rows)
            else:
                connection.execute(insert(f), [dict(zip(names, r, strict=True)) for r in rows])
        timings.append(time.perf_counter() - started)
    return timings[0], timings[1], len(rows)


# A typical revision: one gate of the OSG-JP policy asks for a further answer.
REVISED = ROOT / "tests" / "data" / "policies" / "osg-jp-one-gate-revised.yaml"


def _impact(repo: Repository) -> list[tuple[str, float, float, int]]:
    """Per candidate: seconds for impact evaluating what changed, seconds evaluating every
    criterion again, and the number of flips (equal in both)."""
    rows = []
    strict = ROOT / "policies" / "examples" / "agency-strict.yaml"
    for name, path in (("one gate revised", REVISED), ("agency-strict example", strict)):
        bundle = load_policy(path, library_for(path))
        started = time.perf_counter()
        quick = impact(repo, bundle, BUNDLES)
        incremental = time.perf_counter() - started
        started = time.perf_counter()
        full = impact(repo, bundle, BUNDLES, incremental=False)
        everything = time.perf_counter() - started
        assert quick == full  # a benchmark of a wrong answer measures nothing
        rows.append((name, incremental, everything, len(quick.flips)))
    return rows


if __name__ == "__main__":
    main()
