"""Structured logs: one JSON object per line with the event's fields, tracebacks kept."""

from __future__ import annotations

import io
import json
import logging

from osai_procure.logs import ROOT_LOGGER, JsonLinesFormatter, configure_json_logs


def _record(**extra: object) -> logging.LogRecord:
    """A log record as `logger.info("...", extra=...)` makes it."""
    record = logging.LogRecord(
        "osai_procure.x", logging.INFO, __file__, 1, "saved %s", ("q",), None
    )
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_record_is_one_line_of_json_with_its_fields() -> None:
    """The standard fields, the message with its arguments, and every `extra=` field, on one
    line; Japanese is written as itself."""
    line = JsonLinesFormatter().format(_record(event="action", actor="山田\n太郎", version=3))
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "info"
    assert data["logger"] == "osai_procure.x"
    assert data["message"] == "saved q"
    assert (data["event"], data["actor"], data["version"]) == ("action", "山田\n太郎", 3)
    assert "山田" in line
    assert data["time"].endswith("+00:00")


def test_a_record_without_an_event_is_a_plain_log_line() -> None:
    """A record logged without an event still says what it is."""
    assert json.loads(JsonLinesFormatter().format(_record()))["event"] == "log"


def test_a_traceback_is_kept_in_its_own_field() -> None:
    """An exception's traceback goes into `traceback`, still on one line."""
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JsonLinesFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["traceback"]


def test_configuring_twice_writes_each_line_once() -> None:
    """A second configuration replaces the handler rather than doubling every line."""
    logger = logging.getLogger(ROOT_LOGGER)
    saved = (list(logger.handlers), logger.level, logger.propagate)
    stream = io.StringIO()
    try:
        configure_json_logs(stream)
        configure_json_logs(stream)
        logging.getLogger("osai_procure.test").info("once", extra={"event": "test"})
    finally:
        logger.handlers[:] = saved[0]
        logger.setLevel(saved[1])
        logger.propagate = saved[2]
    lines = stream.getvalue().splitlines()
    assert [json.loads(line)["message"] for line in lines] == ["once"]
