"""Re-assessment reminders: which approved assessments are due again, whose evidence links were
last checked long ago, and whose deposit failed its last drill.

The two periods are the agency's choice, given on the command line or the register page; the
defaults below are documented in the README.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from osai_procure.store.register import RegisterEntry, RegisterQuery, RegisterStore

DEFAULT_REASSESS_MONTHS = 12
DEFAULT_STALE_DAYS = 365


@dataclass(frozen=True)
class Schedule:
    """How long an approval holds, and how old an evidence check may be."""

    reassess_months: int = DEFAULT_REASSESS_MONTHS
    stale_days: int = DEFAULT_STALE_DAYS


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it has fewer days)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {moment.isoformat()}")  # pragma: no cover


def reassess_by(entry: RegisterEntry, schedule: Schedule) -> datetime | None:
    """When an approved entry falls due for re-assessment; None unless approved."""
    if entry.status != "approved" or entry.approved_at is None:
        return None
    return add_months(entry.approved_at, schedule.reassess_months)


def due_cutoff(now: datetime, schedule: Schedule) -> datetime:
    """Approved on or before this time means the re-assessment is due at `now`."""
    return add_months(now, -schedule.reassess_months)


def stale_cutoff(now: datetime, schedule: Schedule) -> datetime:
    """Evidence checked on or before this time is stale at `now`."""
    return now - timedelta(days=schedule.stale_days)


@dataclass(frozen=True)
class Reminder:
    """One assessment that needs attention, and why (codes: `reassessment_due`,
    `evidence_stale`, `drill_failed`)."""

    entry: RegisterEntry
    reasons: tuple[str, ...]
    reassess_by: datetime | None


def reasons_for(entry: RegisterEntry, now: datetime, schedule: Schedule) -> tuple[str, ...]:
    """Why an entry is flagged on the register (empty: nothing is due)."""
    reasons = []
    due = reassess_by(entry, schedule)
    if due is not None and due <= now:
        reasons.append("reassessment_due")
    if entry.evidence_checked_at is not None and entry.evidence_checked_at <= stale_cutoff(
        now, schedule
    ):
        reasons.append("evidence_stale")
    if entry.drill_result == "failed":
        reasons.append("drill_failed")
    return tuple(reasons)


def reminders(store: RegisterStore, now: datetime, schedule: Schedule) -> list[Reminder]:
    """Every entry that is due, stale or failed its drill, most overdue first (the database
    selects them; nothing else is read)."""
    query = RegisterQuery(
        due_before=due_cutoff(now, schedule),
        stale_before=stale_cutoff(now, schedule),
        sort="approved_at",
        descending=False,
        limit=None,
    )
    found = {e.assessment_id: e for e in store.query(query)}
    for entry in store.query(RegisterQuery(drill_failed=True, limit=None)):
        found.setdefault(entry.assessment_id, entry)
    items = [
        Reminder(e, reasons_for(e, now, schedule), reassess_by(e, schedule)) for e in found.values()
    ]
    far_future = datetime.max.replace(tzinfo=UTC)
    return sorted(items, key=lambda r: (r.reassess_by or far_future, r.entry.title))


def due_by_month(
    store: RegisterStore, schedule: Schedule, query: RegisterQuery | None = None
) -> list[tuple[str, int]]:
    """How many re-assessments fall due in each month (YYYY-MM), in month order."""
    months = Counter(
        add_months(at, schedule.reassess_months).strftime("%Y-%m")
        for at in store.approval_times(query)
    )
    return sorted(months.items())
