"""Benchmark: evaluating a full assessment with the OSG-JP policy, against bare validation.

Prints the time per assessment for (a) pydantic validation of the answers alone — the
baseline, measured in the same run — and (b) the engine's evaluation, their ratio, and the
time for a batch of 10,000 assessments. Targets (from the issue): evaluation ≤ 5× validation;
10,000 assessments in under 10 s on a 2-core machine. Nothing is asserted.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from osai_procure.batch import evaluate_batch  # noqa: E402
from osai_procure.engine import evaluate  # noqa: E402
from osai_procure.loading import (  # noqa: E402
    ContentLibrary,
    PolicyBundle,
    load_answers,
    load_policy,
)
from osai_procure.models.answers import AnswersFile  # noqa: E402

BATCH = 10_000


def _variants(base: AnswersFile, count: int) -> list[str]:
    """JSON texts of `count` answer sets derived from a full one by random changes."""
    rng = random.Random(1)
    data = base.model_dump(mode="json")
    ids = sorted(data["answers"])
    texts = []
    for _ in range(count):
        answers = dict(data["answers"])
        for qid in rng.sample(ids, k=min(5, len(ids))):
            answers[qid] = {**answers[qid], "value": "unknown"}
        texts.append(json.dumps({**data, "answers": answers}, ensure_ascii=False))
    return texts


def _best(call: Callable[[], object], repeat: int = 7, number: int = 200) -> float:
    """Best mean CPU seconds per call over `repeat` rounds of `number` calls.

    CPU time of this process, not wall time: other load on a shared 2-core machine then
    disturbs the two sides of the ratio far less.
    """
    rounds = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(number):
            call()
        rounds.append((time.process_time() - start) / number)
    return min(rounds)


_BUNDLE: PolicyBundle | None = None


def _start(policy: Path) -> None:
    """Load the policy once in a worker process."""
    global _BUNDLE
    _BUNDLE = load_policy(policy, ContentLibrary.from_root(ROOT))


def _verdicts(chunk: list[str]) -> list[str]:
    """Validate and evaluate a chunk of answers documents in a worker; return the verdicts."""
    assert _BUNDLE is not None
    return [
        evaluate(_BUNDLE, AnswersFile.model_validate_json(text)).osaid.verdict for text in chunk
    ]


def main() -> None:
    """Run the benchmark and print the figures."""
    library = ContentLibrary.from_root(ROOT)
    bundle = load_policy(ROOT / "policies" / "osg-jp-public-procurement.yaml", library)
    answers = load_answers(ROOT / "tests/data/cases/osgjp_compliant/answers.yaml", bundle)
    text = answers.model_dump_json()

    validate_s = _best(lambda: AnswersFile.model_validate_json(text))
    evaluate_s = _best(lambda: evaluate(bundle, answers))
    print(
        f"policy: {bundle.policy.id} {bundle.policy.version} — {len(bundle.policy.criteria)} "
        f"criteria, {len(bundle.questions)} questions, {len(answers.answers)} answers"
    )
    print(f"validate answers (baseline): {validate_s * 1e6:9.1f} µs per assessment")
    print(f"evaluate:                    {evaluate_s * 1e6:9.1f} µs per assessment")
    print(f"ratio evaluate / validate:   {evaluate_s / validate_s:9.2f}×   (target ≤ 5×)")

    texts = _variants(answers, BATCH)
    wall, cpu = time.perf_counter(), time.process_time()
    verdicts = [
        evaluate(bundle, AnswersFile.model_validate_json(item)).osaid.verdict for item in texts
    ]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    counts = ", ".join(f"{v}={verdicts.count(v)}" for v in sorted(set(verdicts)))
    print(
        f"batch of {BATCH:,} (validate + evaluate, one process): {wall:6.2f} s wall, "
        f"{cpu:6.2f} s CPU   (target < 10 s)"
    )
    print(f"per assessment in batch: {cpu / BATCH * 1e3:.3f} ms CPU; verdicts: {counts}")

    policy_path = ROOT / "policies" / "osg-jp-public-procurement.yaml"
    chunks = [texts[i : i + 500] for i in range(0, BATCH, 500)]
    wall = time.perf_counter()
    with ProcessPoolExecutor(2, initializer=_start, initargs=(policy_path,)) as pool:
        verdicts = [v for chunk in pool.map(_verdicts, chunks) for v in chunk]
    wall = time.perf_counter() - wall
    print(
        f"batch of {len(verdicts):,} (validate + evaluate, two processes): {wall:6.2f} s wall"
        "   (target < 10 s on a 2-core machine)"
    )

    documents = [(f"a{i}.json", text.encode()) for i, text in enumerate(texts)]
    for jobs in (1, 2):
        wall = time.perf_counter()
        items = list(evaluate_batch(policy_path, library, documents, jobs))
        wall = time.perf_counter() - wall
        assert all(item.evaluation for item in items)
        print(
            f"`evaluate --jobs {jobs}` pipeline (parse JSON + validate + evaluate + JSON out), "
            f"{BATCH:,} documents: {wall:6.2f} s wall   (target < 10 s)"
        )


if __name__ == "__main__":
    main()
