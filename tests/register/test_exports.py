"""Register exports and reminders: CSV/XLSX cells are text, the public register holds
approved assessments without names, reminders follow the schedule."""

from __future__ import annotations

import csv
import io
import json

import openpyxl

from osai_procure.models.answers import AssessmentInfo, SystemInfo
from osai_procure.models.register import PublicRegister
from osai_procure.register.exports import (
    COLUMNS,
    public_register,
    render_csv,
    render_public_json,
    render_xlsx,
)
from osai_procure.register.schedule import Schedule, add_months, due_by_month, reminders
from osai_procure.register.sync import sync
from osai_procure.store import PolicyStamp
from osai_procure.store.register import RegisterQuery, RegisterStore
from tests.register.helpers import BUNDLES, Clock, approve, at, stored_cases

SCHEDULE = Schedule(reassess_months=12, stale_days=365)


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    """31 January plus one month is 28 February; minus twelve months is the year before."""
    assert add_months(at("2026-01-31T10:00"), 1) == at("2026-02-28T10:00")
    assert add_months(at("2026-03-15T00:00"), -12) == at("2025-03-15T00:00")
    assert add_months(at("2026-11-30T00:00"), 3) == at("2027-02-28T00:00")


def _approved_register(url: str) -> tuple[RegisterStore, str]:
    """A register with one assessment approved on 2025-03-01 and the rest drafts."""
    clock = Clock(at("2025-01-10T09:00"))
    repo = stored_cases(url, clock)
    first = repo.list_assessments(limit=1)[0]
    clock.at = at("2025-03-01T09:00")
    approve(repo, first.id, approver="承認 花子")
    sync(repo, BUNDLES)
    return RegisterStore(repo.engine), first.id


def test_public_register_keeps_approved_only_and_leaves_names_out(database_url: str) -> None:
    """Drafts are not published; the approver's name appears only when asked for; the JSON
    validates against the documented model."""
    store, approved = _approved_register(database_url)
    entries = store.query(RegisterQuery(limit=None))
    published = public_register(entries, at("2026-01-01T00:00"), SCHEDULE)
    assert [a.assessment_id for a in published.assessments] == [approved]
    text = render_public_json(published).decode()
    assert "承認 花子" not in text and "approved_by" not in text
    data = json.loads(text)
    assert PublicRegister.model_validate_json(text).names_included is False
    item = data["assessments"][0]
    assert (item["approved_on"], item["reassess_by"]) == ("2025-03-01", "2026-03-01")
    named = public_register(entries, at("2026-01-01T00:00"), SCHEDULE, include_names=True)
    assert "承認 花子" in render_public_json(named).decode()
    store.engine.dispose()


def test_csv_and_xlsx_hold_every_row_with_formulas_defused(database_url: str) -> None:
    """Both exports list every entry in COLUMNS order; a title starting with '=' stays text."""
    store, _ = _approved_register(database_url)
    repo_title = '=HYPERLINK("http://x")'
    from osai_procure.store import Repository

    repo = Repository(store.engine)
    stamp_entry = store.query(RegisterQuery(limit=1))[0]
    repo.create(
        AssessmentInfo(title=repo_title, system=SystemInfo(name="@evil")),
        PolicyStamp(id=stamp_entry.policy_id, version="1", digest="0" * 64),
        "山田",
    )
    sync(repo, BUNDLES)
    entries = store.query(RegisterQuery(sort="title", descending=False, limit=None))
    now = at("2026-01-01T00:00")
    table = list(csv.reader(io.StringIO(render_csv(entries, now, SCHEDULE).decode("utf-8-sig"))))
    assert tuple(table[0]) == COLUMNS and len(table) == len(entries) + 1
    assert "'" + repo_title in [row[2] for row in table]
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(entries, now, SCHEDULE))).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == COLUMNS and len(values) == len(entries) + 1
    cells = [c for row in sheet.iter_rows() for c in row if c.value == repo_title]
    assert cells and all(c.data_type == "s" for c in cells)
    store.engine.dispose()


def test_reminders_flag_due_stale_and_failed_drills(database_url: str) -> None:
    """Due a year after approval; stale once the oldest answer citing a link is older than the
    stale period; a failed drill; nothing before then."""
    store, approved = _approved_register(database_url)
    entries = store.query(RegisterQuery(limit=None))
    with_links = {e.assessment_id for e in entries if e.evidence_checked_at is not None}
    assert with_links and {
        e.evidence_checked_at for e in entries if e.assessment_id in with_links
    } == {at("2025-01-10T09:00")}
    assert reminders(store, at("2025-03-02T00:00"), SCHEDULE) == []
    due = {
        r.entry.assessment_id: r.reasons for r in reminders(store, at("2026-03-02T00:00"), SCHEDULE)
    }
    expected = {i: ("evidence_stale",) for i in with_links}
    expected[approved] = ("reassessment_due",) + (
        ("evidence_stale",) if approved in with_links else ()
    )
    assert due == expected
    other = next(e for e in entries if e.assessment_id != approved)
    store.add_drill(
        other.assessment_id, at("2025-04-01T00:00"), "山田", "/deposit", "failed", 3, 10, {}
    )
    flagged = {
        r.entry.assessment_id: r.reasons for r in reminders(store, at("2025-05-01T00:00"), SCHEDULE)
    }
    assert flagged == {other.assessment_id: ("drill_failed",)}
    assert store.entry(other.assessment_id).drill_result == "failed"
    assert due_by_month(store, SCHEDULE) == [("2026-03", 1)]
    store.engine.dispose()
