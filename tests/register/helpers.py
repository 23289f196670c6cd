"""Shared set-up for the register tests: a database of the golden cases, some approved."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from osai_procure.loading import load_answers
from osai_procure.paths import library_for, policy_file
from osai_procure.register.sync import library_bundles
from osai_procure.store import PolicyStamp, Repository, SignOff, make_engine
from osai_procure.store.repository import Summariser

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"
# Eight golden cases with hand-written answers (the register tests count them).
CASE_NAMES = (
    "bloom_rail",
    "llama_community",
    "mixtral_weights_only",
    "olmo_7b_open",
    "osgjp_compliant",
    "osgjp_open_but_no_domestic_preservation",
    "pythia_open",
    "sparse_answers",
)
ROLES = ("preparer", "reviewer", "approver")
LIBRARY = library_for(None)
BUNDLES = library_bundles(LIBRARY)


class Clock:
    """A settable clock for the repository."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def approve(repo: Repository, ident: str, approver: str = "承認 花子") -> None:
    """Run the three sign-offs with approval."""
    for role in ROLES:
        name = approver if role == "approver" else f"{role} 担当"
        repo.record_signoff(
            ident,
            SignOff(role=role, name=name, decision="approve"),
            ROLES,
            repo.get(ident).version,
            actor=role,
        )


def stored_cases(
    url: str,
    clock: Clock,
    policy_id: str = "osg_jp_public_procurement",
    summarise: Summariser | None = None,
) -> Repository:
    """A repository holding every golden case assessed under `policy_id` (each revision
    summarised as saved when `summarise` is given, as in the app)."""
    repo = Repository(make_engine(url), now=clock, summarise=summarise)
    bundle = BUNDLES(policy_id)
    assert bundle is not None
    stamp = PolicyStamp(
        id=bundle.policy.id, version=bundle.policy.version, digest=bundle.policy.digest
    )
    for case in (CASES / name for name in CASE_NAMES):
        answers = load_answers(case / "answers.yaml")
        info = answers.assessment.model_copy(
            update={"agency": "デジタル庁" if case.name < "n" else "総務省"}
        )
        # Without answer dates, so only the tests that set one see stale evidence.
        known = {
            q: a.model_copy(update={"answered_at": None})
            for q, a in answers.answers.items()
            if q in bundle.questions
        }
        repo.create(info, stamp, "作成 太郎", known)
    return repo


def at(text: str) -> datetime:
    """A UTC time from ISO text."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


__all__ = ["BUNDLES", "Clock", "approve", "at", "policy_file", "stored_cases"]
