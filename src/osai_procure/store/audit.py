"""One structured log line per stored action, written when its transaction commits.

Every change the store makes appends history rows, so the history insert is the one place that
sees every action (Core and ORM writes alike). The rows are held on the connection until its
transaction commits, then logged with the assessment, the actor, the action and the question;
a rolled-back write (a lost race that is retried, a refused save) logs nothing. Answer text
(`old`, `new`) is never logged: the history in the database keeps it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Insert, event

from osai_procure.store.db import HistoryRow

log = logging.getLogger("osai_procure.store")

_PENDING = "osai_pending_actions"
_FIELDS = ("assessment_id", "actor", "action", "question_id", "version")


def _after_execute(
    connection: Connection,
    statement: Any,
    multiparams: Sequence[Mapping[str, Any]],
    params: Mapping[str, Any],
    _options: Any,
    _result: Any,
) -> None:
    """Keep the entries of a history insert until the transaction ends."""
    if not (isinstance(statement, Insert) and statement.table is HistoryRow.__table__):
        return
    rows = list(multiparams) or [params]
    if not rows or not rows[0]:  # ORM flushes may put the values in the statement instead
        rows = [dict(statement.compile().params)]
    pending: list[dict[str, Any]] = connection.info.setdefault(_PENDING, [])
    pending += [{k: row.get(k) for k in _FIELDS} for row in rows]


def _commit(connection: Connection) -> None:
    """The transaction is in: log each action it stored."""
    for entry in connection.info.pop(_PENDING, ()):
        log.info("%s", entry["action"], extra={"event": "action", **entry})


def _rollback(connection: Connection) -> None:
    """The transaction is undone: forget its actions."""
    connection.info.pop(_PENDING, None)


def log_actions(engine: Engine) -> None:
    """Log every committed history entry of `engine`'s connections (once per engine)."""
    if event.contains(engine, "commit", _commit):
        return
    event.listen(engine, "after_execute", _after_execute)
    event.listen(engine, "commit", _commit)
    event.listen(engine, "rollback", _rollback)
