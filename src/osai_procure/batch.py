"""Evaluate many answers documents with one policy, optionally on several processes.

The engine is pure, so a batch parallelises by giving each worker process its own copy of the
resolved policy (loaded once per worker) and sending it answers documents as bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from osai_procure.engine import evaluate
from osai_procure.errors import ContentError
from osai_procure.loading import ContentLibrary, PolicyBundle, answers_from_bytes, load_policy
from osai_procure.models.answers import AnswersFile
from osai_procure.models.evaluation import Evaluation
from osai_procure.yamlsafe import read_file

CHUNK = 64


@dataclass(frozen=True)
class BatchItem:
    """The outcome for one document: its evaluation as JSON text, or its problems.

    JSON text rather than objects: it crosses process boundaries cheaply and is what a batch
    writes out anyway.
    """

    name: str
    evaluation: str | None
    problems: tuple[str, ...] = ()


_WORKER_BUNDLE: PolicyBundle | None = None


def _start_worker(policy: Path, library: ContentLibrary) -> None:
    """Load the policy once in a worker process."""
    global _WORKER_BUNDLE
    _WORKER_BUNDLE = load_policy(policy, library)


# A document: its name and its bytes, or the problems met reading it (kept in order).
Document = tuple[str, bytes | tuple[str, ...]]


def read_documents(paths: Iterable[str]) -> Iterator[Document]:
    """Read answers files for a batch; an unreadable or oversized one carries its problems."""
    for name in paths:
        try:
            yield name, read_file(Path(name))
        except ContentError as exc:
            yield name, tuple(str(p) for p in exc.problems)


def evaluate_document(bundle: PolicyBundle, name: str, raw: bytes | tuple[str, ...]) -> BatchItem:
    """Validate and evaluate one answers document; problems are returned, not raised."""
    if isinstance(raw, tuple):
        return BatchItem(name, None, raw)
    try:
        answers = answers_from_bytes(raw, name, bundle)
    except ContentError as exc:
        return BatchItem(name, None, tuple(str(p) for p in exc.problems))
    return BatchItem(name, evaluate(bundle, answers).model_dump_json())


def _in_worker(item: Document) -> BatchItem:
    """Evaluate one document with the worker's policy."""
    assert _WORKER_BUNDLE is not None  # set by _start_worker
    return evaluate_document(_WORKER_BUNDLE, *item)


def evaluate_batch(
    policy: Path,
    library: ContentLibrary,
    documents: Iterable[Document],
    jobs: int = 1,
) -> Iterator[BatchItem]:
    """Evaluate (name, bytes) documents in order; `jobs` 0 means one process per CPU.

    Raises:
        ContentError: the policy itself does not load.
    """
    bundle = load_policy(policy, library)  # fail early, in this process, on a bad policy
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    if workers == 1:
        for name, raw in documents:
            yield evaluate_document(bundle, name, raw)
        return
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(policy, library)
    ) as pool:
        yield from pool.map(_in_worker, documents, chunksize=CHUNK)


# A stored assessment: its name (the assessment id) and its answers file as JSON text.
StoredDocument = tuple[str, str]


def outcome_summary(result: Evaluation) -> str:
    """The verdicts, label, MOF class and each criterion's status of an evaluation, as compact
    JSON: what comparing two evaluations needs, without the reasons and answers."""
    return json.dumps(
        {
            "osaid_verdict": result.osaid.verdict,
            "policy_verdict": result.policy.verdict,
            "label": result.openness_label.id,
            "mof_class": result.mof_class.mof_class,
            "outcomes": {f.criterion: f.status for f in result.findings},
        }
    )


def evaluate_stored_document(
    bundle: PolicyBundle, name: str, text: str, summarise: bool = False
) -> BatchItem:
    """Evaluate an answers file the store validated when it was saved; answers to questions the
    policy does not ask are left out (they cannot change its verdicts). With `summarise`, the
    item holds `outcome_summary` instead of the whole evaluation."""
    try:
        answers = AnswersFile.model_validate_json(text)
    except ValidationError as exc:
        return BatchItem(name, None, tuple(f"{name}: {e['msg']}" for e in exc.errors()))
    known = {qid: a for qid, a in answers.answers.items() if qid in bundle.questions}
    if len(known) != len(answers.answers):
        answers = answers.model_copy(update={"answers": known})
    result = evaluate(bundle, answers)
    return BatchItem(name, outcome_summary(result) if summarise else result.model_dump_json())


def _stored_in_worker(item: tuple[str, str, bool]) -> BatchItem:
    """Evaluate one stored document with the worker's policy."""
    assert _WORKER_BUNDLE is not None  # set by _start_worker
    return evaluate_stored_document(_WORKER_BUNDLE, *item)


def evaluate_stored(
    policy: Path,
    library: ContentLibrary,
    documents: Iterable[StoredDocument],
    jobs: int = 1,
    summarise: bool = False,
) -> Iterator[BatchItem]:
    """Evaluate stored answers files (JSON text) in order, like `evaluate_batch` (`summarise`:
    see `evaluate_stored_document`).

    Raises:
        ContentError: the policy itself does not load.
    """
    bundle = load_policy(policy, library)
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    if workers == 1:
        for name, text in documents:
            yield evaluate_stored_document(bundle, name, text, summarise)
        return
    items = ((name, text, summarise) for name, text in documents)
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(policy, library)
    ) as pool:
        yield from pool.map(_stored_in_worker, items, chunksize=CHUNK)
