"""Structured logs: one JSON object per line, for a log collector rather than a person.

Every line has `time` (UTC, ISO 8601), `level`, `logger`, `message` and the `event` it records,
plus that event's fields (given as `extra=` to the logging call). The app logs one line per page
run (`page_run`), per HTTP request (`http`) and per stored action (`action`); each names the
assessment and the actor where there is one, and none carries answer text.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}
ROOT_LOGGER = "osai_procure"


class JsonLinesFormatter(logging.Formatter):
    """A record as one line of JSON: the standard fields, then its `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the record; values JSON cannot hold are written as text."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update((k, v) for k, v in vars(record).items() if k not in _STANDARD)
        line.setdefault("event", "log")
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_json_logs(stream: TextIO = sys.stdout, level: int = logging.INFO) -> None:
    """Send the `osai_procure` loggers to `stream` as JSON lines (once per process; a second
    call replaces the handler instead of doubling every line)."""
    logger = logging.getLogger(ROOT_LOGGER)
    for handler in list(logger.handlers):
        if getattr(handler, "_osai_json", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    handler._osai_json = True  # type: ignore[attr-defined]  # marks our own handler
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
