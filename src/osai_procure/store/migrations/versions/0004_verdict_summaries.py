"""Each revision carries its verdict summary (the verdicts, label, MOF class, each criterion's
status and the open findings, with the policy digest they were made with), written when it is
saved, so the register reads verdicts instead of evaluating every assessment on first use.

Old rows are backfilled: from the register's entry when it describes the row's current version
(no evaluation), otherwise by evaluating the row with the policy file that declares its policy
id today (as the register would on first use). A row whose policy is not found stays without a
summary and shows as unavailable, as before. The migration runs under the migration lock
(`store.db.migrate`), so processes started together backfill once.

Revision ID: 0004_verdict_summaries
Revises: 0003_history_chain
Create Date: 2026-12-01
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004_verdict_summaries"
down_revision = "0003_history_chain"
branch_labels = None
depends_on = None

CHUNK = 500
log = logging.getLogger("osai_procure.store")


def upgrade() -> None:
    """Add the summary columns, then backfill them."""
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("verdicts", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("verdicts_digest", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("verdicts_version", sa.Integer(), nullable=True))
    connection = op.get_bind()
    copied = _from_register(connection)
    evaluated = _by_evaluation(connection)
    if copied or evaluated:
        log.info(
            "verdict summaries backfilled",
            extra={"event": "backfilled", "copied": copied, "evaluated": evaluated},
        )


def _from_register(connection: sa.Connection) -> int:
    """Copy the register's entries that describe their revision's current version."""
    from osai_procure.engine import ENGINE_VERSION
    from osai_procure.store.register import put_summaries

    meta = sa.MetaData()
    a = sa.Table("assessments", meta, autoload_with=connection)
    r = sa.Table("register_entries", meta, autoload_with=connection)
    f = sa.Table("register_findings", meta, autoload_with=connection)
    rows = connection.execute(
        sa.select(r)
        .join(a, a.c.id == r.c.assessment_id)
        .where(r.c.source_version == a.c.version_id, r.c.osaid_verdict != "unavailable")
    ).all()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        ids = [row.assessment_id for row in chunk]
        open_findings: dict[str, list[list[str]]] = {i: [] for i in ids}
        for finding in connection.execute(
            sa.select(f).where(f.c.assessment_id.in_(ids)).order_by(f.c.id)
        ):
            open_findings[finding.assessment_id].append(
                [finding.criterion_id, finding.severity, finding.status]
            )
        put_summaries(
            connection,
            [
                (
                    row.assessment_id,
                    row.source_version,
                    (
                        row.evaluated_digest,
                        {
                            "engine": ENGINE_VERSION,
                            "osaid_verdict": row.osaid_verdict,
                            "policy_verdict": row.policy_verdict,
                            "label": row.label,
                            "mof_class": row.mof_class,
                            "outcomes": row.outcomes,
                            "open": open_findings[row.assessment_id],
                            "evidence_checked_at": _iso(row.evidence_checked_at),
                        },
                    ),
                )
                for row in chunk
            ],
        )
    return len(rows)


def _iso(moment: datetime | None) -> str | None:
    """A stored time as the summaries write it (UTC, ISO 8601); SQLite gives it back naive."""
    if moment is None:
        return None
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat()


def _by_evaluation(connection: sa.Connection) -> int:
    """Evaluate the revisions still without a summary, with today's policy files."""
    from osai_procure.paths import library_for
    from osai_procure.register.sync import library_bundles, summarise
    from osai_procure.store.register import put_summaries
    from osai_procure.store.repository import _record

    meta = sa.MetaData()
    a = sa.Table("assessments", meta, autoload_with=connection)
    ids = list(connection.execute(sa.select(a.c.id).where(a.c.verdicts.is_(None))).scalars())
    if not ids:
        return 0
    bundle_for = library_bundles(library_for(None))
    done = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        made = []
        for row in connection.execute(sa.select(a).where(a.c.id.in_(chunk))):
            record = _record(row)
            summary = summarise(record, bundle_for(record.policy.id))
            if summary is not None:
                made.append((record.id, record.version, summary))
        put_summaries(connection, made)
        done += len(made)
    return done


def downgrade() -> None:
    """Drop the summary columns (derived data: nothing is lost)."""
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("verdicts_version")
        batch.drop_column("verdicts_digest")
        batch.drop_column("verdicts")
