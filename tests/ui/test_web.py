"""What `serve` adds around the app: a health endpoint that checks the database, one log line
per HTTP request, and one per page run naming the page, the assessment and the actor."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.requests import Request
from streamlit.testing.v1 import AppTest

from osai_procure.store import AssessmentRecord
from osai_procure.ui.web import RequestLog, health
from tests.ui.conftest import open_page


def _get(path: str) -> Request:
    """A bare GET request for `path`."""
    return Request({"type": "http", "method": "GET", "path": path, "headers": []})


def _closed_port() -> int:
    """A local TCP port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_health_is_ok_when_the_database_answers(app_env: Path) -> None:
    """200 and `ok` for the process and its database."""
    response = asyncio.run(health(_get("/healthz")))
    assert response.status_code == 200
    assert json.loads(bytes(response.body)) == {"status": "ok", "database": "ok"}


def test_health_is_unavailable_without_the_database(
    app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """503 when the database refuses connections, naming the failure's kind and not its
    message (which holds the host and the user)."""
    url = f"postgresql+psycopg://secretuser@127.0.0.1:{_closed_port()}/osai?connect_timeout=2"
    monkeypatch.setenv("OSAI_PROCURE_DB_URL", url)
    response = asyncio.run(health(_get("/healthz")))
    assert response.status_code == 503
    body = json.loads(bytes(response.body))
    assert body == {"status": "unavailable", "database": "OperationalError"}
    assert "secretuser" not in bytes(response.body).decode()


def test_each_http_request_is_logged_with_its_status(caplog: pytest.LogCaptureFixture) -> None:
    """The middleware writes one `http` line per request with the method, path and status."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        del message

    caplog.set_level(logging.INFO, logger="osai_procure.web")
    scope = {"type": "http", "method": "GET", "path": "/nowhere", "headers": []}
    asyncio.run(RequestLog(app)(scope, receive, send))
    lines = [r for r in caplog.records if getattr(r, "event", None) == "http"]
    assert [(r.method, r.path, r.status) for r in lines] == [("GET", "/nowhere", 404)]  # type: ignore[attr-defined]


def test_each_page_run_is_logged_with_page_assessment_and_actor(
    new_app: Callable[..., AppTest],
    assessment: AssessmentRecord,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Opening the wizard logs a `page_run` line for it with the assessment id, the named
    officer and its CPU time, and no answer text."""
    caplog.set_level(logging.INFO, logger="osai_procure.ui")
    at = new_app("ja-JP", assessment=assessment.id)
    at.session_state["officer_name"] = "山田 太郎"
    open_page(at, "wizard")
    runs = [r for r in caplog.records if getattr(r, "event", None) == "page_run"]
    wizard = [r for r in runs if r.page == "wizard"]  # type: ignore[attr-defined]
    assert wizard, [r.page for r in runs]  # type: ignore[attr-defined]
    line = wizard[-1]
    assert line.assessment_id == assessment.id  # type: ignore[attr-defined]
    assert line.actor == "山田 太郎"  # type: ignore[attr-defined]
    assert line.outcome == "ok"  # type: ignore[attr-defined]
    assert line.cpu_ms >= 0  # type: ignore[attr-defined]
    assert set(vars(line)).isdisjoint({"answers", "value", "note"})
