"""The auditor's view of the history: CSV and JSON with the changes side by side and the chain's
verdict; the reports carry the override reason and the 'not authenticated' mark."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from osai_procure.audit import audit_assessment, history_csv, history_json
from osai_procure.models.answers import Answer
from osai_procure.store import Repository, SignOff, make_engine
from osai_procure.ui.records import NOT_AUTHENTICATED, OVERRIDE, report_signoff
from tests.store.test_repository import POLICY, Clock, info


@pytest.fixture
def repo(database_url: str) -> Iterator[Repository]:
    """A repository on a fresh database (SQLite, then PostgreSQL) with a ticking clock."""
    engine = make_engine(database_url)
    yield Repository(engine, now=Clock())
    engine.dispose()


def test_history_csv_has_each_change_side_by_side_and_no_formula(repo: Repository) -> None:
    """One row per change with before and after; text a spreadsheet would run is quoted."""
    record = repo.create(info(), POLICY, '=HYPERLINK("http://evil")')
    repo.save_answer(record.id, "freedom_use", Answer(value="yes"), record.version, "佐藤")
    data = history_csv(repo.history(record.id))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["action"] for r in rows] == ["created", "answer"]
    assert rows[0]["actor"] == '\'=HYPERLINK("http://evil")'
    assert rows[1]["old"] == "null" and json.loads(rows[1]["new"])["value"] == "yes"
    assert rows[1]["prev_hash"] == rows[0]["hash"]


def test_history_json_carries_the_audit_verdict(repo: Repository) -> None:
    """The JSON export says whether the chain holds, and names the problem when it does not."""
    record = repo.create(info(), POLICY, "alice")
    intact = json.loads(
        history_json(record.id, repo.history(record.id), audit_assessment(repo, record.id))
    )
    assert intact["tampered"] is False and len(intact["history"]) == 1
    with repo.engine.begin() as connection:
        connection.execute(
            text("UPDATE assessments SET status = 'approved' WHERE id = :id"), {"id": record.id}
        )
    flagged = json.loads(
        history_json(record.id, repo.history(record.id), audit_assessment(repo, record.id))
    )
    assert flagged["tampered"] is True
    assert [p["code"] for p in flagged["problems"]] == ["altered_state"]


def test_reports_print_the_override_reason_and_the_unauthenticated_mark() -> None:
    """A typed name is marked in the report's sign-off; a signed-in one is not; the override
    reason is printed with the approval."""
    typed = SignOff(role="preparer", name="田中", decision="approve", comment="確認済み")
    approver = SignOff(
        role="approver",
        name="加藤",
        decision="approve",
        authenticated=True,
        override_reason="年度内契約のため",
    )
    entries = {e.role: e for e in report_signoff((typed, approver)).entries}
    assert entries["preparer"].comment == f"確認済み\n{NOT_AUTHENTICATED}"
    assert entries["approver"].comment == f"{OVERRIDE}年度内契約のため"
