"""Evaluate many answers documents with one policy, optionally on several processes.

The engine is pure, so a batch parallelises by giving each worker process its own copy of the
resolved policy (loaded once per worker) and sending it answers documents as bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from osai_procure.engine import evaluate
from osai_procure.errors import ContentError, Problem
from osai_procure.loading import ContentLibrary, PolicyBundle, answers_from_bytes, load_policy
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
    problems: tuple[Problem, ...] = ()


_WORKER_BUNDLE: PolicyBundle | None = None


def _start_worker(policy: Path, library: ContentLibrary) -> None:
    """Load the policy once in a worker process."""
    global _WORKER_BUNDLE
    _WORKER_BUNDLE = load_policy(policy, library)


# A document: its name and its bytes, or the problems met reading it (kept in order).
Document = tuple[str, bytes | tuple[Problem, ...]]


def read_documents(paths: Iterable[str]) -> Iterator[Document]:
    """Read answers files for a batch; an unreadable or oversized one carries its problems."""
    for name in paths:
        try:
            yield name, read_file(Path(name))
        except ContentError as exc:
            yield name, tuple(exc.problems)


def evaluate_document(
    bundle: PolicyBundle, name: str, raw: bytes | tuple[Problem, ...]
) -> BatchItem:
    """Validate and evaluate one answers document; problems are returned, not raised."""
    if isinstance(raw, tuple):
        return BatchItem(name, None, raw)
    try:
        answers = answers_from_bytes(raw, name, bundle)
    except ContentError as exc:
        return BatchItem(name, None, tuple(exc.problems))
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
