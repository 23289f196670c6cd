"""Time verifying a signed report in each format against a plain SHA-256 of the same file.

The baseline is hashlib's SHA-256 over the same bytes, measured in the same run: the least any
integrity check has to do. The ratio says what the rest costs (signature checks, PAdES
validation, reading the workbook, re-evaluating the answers with the policy and, for the
workbook, rendering it afresh to compare every cell). Prints figures only; asserts nothing.

Run: .venv/bin/python benchmarks/bench_verify.py [--runs N]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.reports.helpers

from osai_procure.engine import evaluate  # noqa: E402 - after the path set-up
from osai_procure.loading import ContentLibrary, load_answers, load_policy  # noqa: E402
from osai_procure.signing import export_reports, generate_keys, verify_report  # noqa: E402
from tests.reports.helpers import NOW, signoff  # noqa: E402

GENERATED_AT = "2026-05-12T10:00:00+09:00"
CASE = ROOT / "tests" / "data" / "cases" / "osgjp_compliant"
POLICY = ROOT / "policies" / "osg-jp-public-procurement.yaml"


def median_time(function: Callable[[], Any], runs: int) -> float:
    """The median of `runs` timings, after one warm-up call."""
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    """Sign one full assessment in every format, then time verify and SHA-256 per format."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    library = ContentLibrary.from_root(ROOT)
    bundle = load_policy(POLICY, library)
    answers = load_answers(CASE / "answers.yaml", bundle)
    with tempfile.TemporaryDirectory() as directory:
        keys = generate_keys(Path(directory) / "keys", now=NOW, unencrypted=True)
        made = export_reports(
            bundle,
            answers,
            evaluate(bundle, answers),
            signoff(),
            GENERATED_AT,
            lang="ja",
            keys=keys,
        )
    files = {"pdf": made.pdf, "xlsx": made.xlsx, "json": made.document}
    print(f"verify vs plain SHA-256 of the same file, median of {args.runs} runs (osgjp_compliant)")
    print(f"{'format':<6} {'bytes':>9} {'sha256 ms':>10} {'verify ms':>10} {'ratio':>9}")
    for kind, data in files.items():
        assert data is not None
        result = verify_report(data, keys.public_key, library=library)
        if not result.ok:
            print(f"{kind}: did not verify: {result.reason}")
            continue
        hashed = median_time(lambda d=data: hashlib.sha256(d).hexdigest(), args.runs)
        verified = median_time(
            lambda d=data: verify_report(d, keys.public_key, library=library), args.runs
        )
        print(
            f"{kind:<6} {len(data):>9,} {hashed * 1000:>10.3f} {verified * 1000:>10.1f} "
            f"{verified / hashed:>8,.0f}x"
        )


if __name__ == "__main__":
    main()
