"""Action log: one structured line per committed history entry, naming the assessment and the
actor, never the answer; a refused write logs nothing."""

from __future__ import annotations

import logging

import pytest

from osai_procure.models.answers import Answer, AssessmentInfo, SystemInfo
from osai_procure.store import ConflictError, PolicyStamp, Repository, make_engine

POLICY = PolicyStamp(id="osg_jp_public_procurement", version="1.0", digest="0" * 64)
SECRET = "社外秘の回答本文"


def _actions(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    """The `action` lines logged so far, as their fields."""
    return [
        {k: getattr(r, k) for k in ("action", "assessment_id", "actor", "question_id")}
        for r in caplog.records
        if getattr(r, "event", None) == "action"
    ]


def test_each_stored_action_is_logged_once_without_answer_text(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Creating with an answer and saving another log one line per history entry, with the
    assessment id, the actor and the question; the answer's text is in no line."""
    repo = Repository(make_engine(database_url))
    caplog.set_level(logging.INFO, logger="osai_procure.store")
    record = repo.create(
        AssessmentInfo(title="評価", system=SystemInfo(name="ExampleLM")),
        POLICY,
        "山田",
        {"freedom_use": Answer(value="yes", note=SECRET)},
    )
    repo.save_answer(record.id, "freedom_study", Answer(value="no", note=SECRET), 1, "佐藤")
    assert _actions(caplog) == [
        {"action": "created", "assessment_id": record.id, "actor": "山田", "question_id": None},
        {
            "action": "answer",
            "assessment_id": record.id,
            "actor": "山田",
            "question_id": "freedom_use",
        },
        {
            "action": "answer",
            "assessment_id": record.id,
            "actor": "佐藤",
            "question_id": "freedom_study",
        },
    ]
    assert SECRET not in caplog.text
    assert all(SECRET not in str(vars(r)) for r in caplog.records)
    repo.engine.dispose()


def test_a_refused_write_logs_nothing(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """A save refused as a conflict is rolled back and leaves no action line."""
    repo = Repository(make_engine(database_url))
    record = repo.create(
        AssessmentInfo(title="評価", system=SystemInfo(name="ExampleLM")), POLICY, "山田"
    )
    repo.save_answer(record.id, "freedom_use", Answer(value="yes"), record.version, "佐藤")
    caplog.set_level(logging.INFO, logger="osai_procure.store")
    with pytest.raises(ConflictError):
        repo.save_answer(record.id, "freedom_use", Answer(value="no"), record.version, "鈴木")
    assert _actions(caplog) == []
    repo.engine.dispose()
