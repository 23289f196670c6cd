"""What a policy change would flip: every stored assessment evaluated under a candidate policy,
compared with its register entry (its verdicts under the policy it was made against, as that
file reads now). Reads only: no assessment, answer or history is changed; re-assessing under
the new policy is a new revision, made by an officer.

The evaluation is the batch evaluation's (`osai_procure.batch.evaluate_stored`), so many
assessments spread over the CPU cores.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osai_procure.batch import evaluate_stored
from osai_procure.loading import ContentLibrary, PolicyBundle
from osai_procure.register.sync import UNAVAILABLE
from osai_procure.store import Repository
from osai_procure.store.register import RegisterEntry, RegisterQuery, RegisterStore

_CHUNK = 500
# What a change is reported on, in this order.
ASPECTS = ("osaid_verdict", "policy_verdict", "label", "mof_class")


@dataclass(frozen=True)
class CriterionChange:
    """A criterion whose outcome differs (None: the policy has no such criterion)."""

    criterion: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Flip:
    """One assessment whose verdict, label or MOF class would change, and the criteria that
    changed with it."""

    entry: RegisterEntry
    changes: dict[str, tuple[str, str]]
    criteria: tuple[CriterionChange, ...]


@dataclass(frozen=True)
class ImpactResult:
    """The outcome over every assessment considered."""

    candidate_id: str
    candidate_version: str
    candidate_digest: str
    considered: int
    flips: tuple[Flip, ...]
    failed: tuple[tuple[str, tuple[str, ...]], ...]


def _documents(
    repository: Repository, ids: Sequence[str], candidate: PolicyBundle
) -> Iterator[tuple[str, str]]:
    """The stored answers of each assessment as JSON text, stamped with the candidate."""
    for start in range(0, len(ids), _CHUNK):
        for record in repository.get_many(ids[start : start + _CHUNK]):
            answers = record.answers_file()
            data = answers.model_dump(mode="json", exclude_none=True)
            data["policy"] = {"id": candidate.policy.id, "version": candidate.policy.version}
            yield record.id, json.dumps(data, ensure_ascii=False)


def compare(entry: RegisterEntry, summary: dict[str, Any]) -> Flip | None:
    """The flip of one entry under a fresh evaluation (`batch.outcome_summary`), or None."""
    changes = {
        aspect: (str(getattr(entry, aspect)), str(summary[aspect]))
        for aspect in ASPECTS
        if str(getattr(entry, aspect)) != str(summary[aspect])
    }
    if not changes:
        return None
    old, new = entry.outcomes, summary["outcomes"]
    criteria = tuple(
        CriterionChange(c, old.get(c), new.get(c))
        for c in [*old, *(c for c in new if c not in old)]
        if old.get(c) != new.get(c)
    )
    return Flip(entry, changes, criteria)


def impact(
    repository: Repository,
    candidate_path: Path,
    candidate: PolicyBundle,
    library: ContentLibrary,
    *,
    policy_ids: Sequence[str] = (),
    jobs: int = 0,
) -> ImpactResult:
    """Evaluate the newest revision of every assessment made against `policy_ids` (all when
    empty) under the candidate policy, and list those whose verdicts, label or MOF class
    change. The register must be up to date (see `register.sync`).

    Raises:
        ContentError: the candidate policy does not load.
    """
    store = RegisterStore(repository.engine)
    entries = {
        e.assessment_id: e
        for e in store.query(RegisterQuery(policy_ids=policy_ids, limit=None, sort="title"))
    }
    ids = list(entries)
    flips: list[Flip] = []
    failed: list[tuple[str, tuple[str, ...]]] = []
    documents = _documents(repository, ids, candidate)
    for item in evaluate_stored(candidate_path, library, documents, jobs, summarise=True):
        entry = entries[item.name]
        if item.evaluation is None:
            failed.append((item.name, item.problems))
            continue
        if entry.osaid_verdict == UNAVAILABLE:
            failed.append((item.name, ("no verdict under its own policy to compare with",)))
            continue
        flip = compare(entry, json.loads(item.evaluation))
        if flip is not None:
            flips.append(flip)
    return ImpactResult(
        candidate.policy.id,
        candidate.policy.version,
        candidate.policy.digest,
        len(ids),
        tuple(flips),
        tuple(failed),
    )
