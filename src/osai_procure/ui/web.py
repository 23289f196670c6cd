"""What `osai-procure serve` adds around the app (ui/asgi.py mounts it on Streamlit's ASGI
server): a health endpoint that checks the database, and one JSON log line per HTTP request.

    GET /healthz  ->  200 {"status": "ok", "database": "ok"}
                      503 {"status": "unavailable", "database": "<error class>"}

A load balancer or an orchestrator polls it; Streamlit's own /_stcore/health only says that the
process is up, while an app process without its database cannot serve anyone. Log lines go to
standard output (see osai_procure.logs); Streamlit's own messages stay on standard error.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

log = logging.getLogger("osai_procure.web")

HEALTH_PATH = "/healthz"
HEALTH_TIMEOUT = 5.0
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def check_database() -> None:
    """Run one trivial query on the app's database (connecting, and migrating on first use).

    Raises:
        Exception: whatever the driver raises when the database cannot answer.
    """
    from osai_procure.ui import services

    with services.repository().engine.connect() as connection:
        connection.execute(text("SELECT 1"))


async def health(_request: Request) -> JSONResponse:
    """200 when this process and its database answer, else 503 naming the failure's class
    (never its message, which may hold a host name or a user)."""
    try:
        await asyncio.wait_for(run_in_threadpool(check_database), HEALTH_TIMEOUT)
    except Exception as exc:
        reason = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
        log.warning("health check failed", extra={"event": "health", "database": reason})
        return JSONResponse({"status": "unavailable", "database": reason}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


class RequestLog:
    """ASGI middleware: one `http` log line per HTTP request (method, path, status, time) and
    one per websocket session when it closes (a Streamlit session runs over one websocket)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, noting its status and duration."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: dict[str, int] = {}

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, noting)
        finally:
            log.info(
                "%s %s",
                scope.get("method", "WS"),
                scope["path"],
                extra={
                    "event": "http" if scope["type"] == "http" else "websocket",
                    "method": scope.get("method", "GET"),
                    "path": scope["path"],
                    "status": status.get("code"),
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
