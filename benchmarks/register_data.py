"""A register database for the benchmarks: the golden cases, copied to any number of
assessments across several agencies (rows copied in bulk, as the app would have written them).
Each copy turns some of its yes/no answers the other way (up to ten, chosen by the copy's
number), so nearly every copy's answers are its own; copies carry no verdict summary."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from osai_procure.register.sync import sync
from osai_procure.store import Repository
from osai_procure.store.db import AssessmentRow
from tests.register.helpers import BUNDLES, Clock, approve, at, stored_cases

AGENCIES = ("デジタル庁", "総務省", "経済産業省", "文部科学省", "国土交通省")


def _varied(answers: dict[str, Any], variant: int) -> dict[str, Any]:
    """The answers with the yes/no answers whose bit is set in `variant` turned around."""
    yes_no = sorted(q for q, a in answers.items() if a.get("value") in ("yes", "no"))[:10]
    out = dict(answers)
    for bit, qid in enumerate(yes_no):
        if variant >> bit & 1:
            value = "no" if answers[qid]["value"] == "yes" else "yes"
            out[qid] = {**answers[qid], "value": value}
    return out


def register_database(directory: Path, count: int, synced: bool = True) -> Repository:
    """A SQLite database with `count` assessments (every third approved), the register
    brought up to date unless `synced` is false."""
    clock = Clock(at("2025-01-10T09:00"))
    repo = stored_cases(f"sqlite:///{directory / 'register.sqlite3'}", clock)
    for n, summary in enumerate(repo.list_assessments(limit=100)):
        if n % 3 == 0:
            clock.at = at(f"2025-{n % 12 + 1:02d}-15T09:00")
            approve(repo, summary.id)
    table = AssessmentRow.__table__
    with repo.engine.begin() as connection:
        templates = [dict(r._mapping) for r in connection.execute(select(table))]
        rows = []
        for n in range(count - len(templates)):
            row = dict(templates[n % len(templates)])
            ident = str(uuid.UUID(int=n + 1))
            row.update(
                id=ident,
                root_id=ident,
                title=f"{row['title']} #{n}",
                search_text=f"{row['search_text']} #{n}",
                info={**row["info"], "agency": AGENCIES[n % len(AGENCIES)]},
                answers=_varied(row["answers"], n // len(templates)),
                verdicts=None,
                verdicts_digest=None,
                verdicts_version=None,
            )
            rows.append(row)
            if len(rows) == 1000:
                connection.execute(insert(table), rows)
                rows = []
        if rows:
            connection.execute(insert(table), rows)
    if synced:
        sync(repo, BUNDLES)
    return repo
