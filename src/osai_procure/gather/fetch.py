"""Fetching public records over HTTP: one small interface, one live implementation.

`Fetcher.get(url)` returns a `Fetched` document (its URL, bytes, SHA-256 and the time it was
read) or raises `GatherError`. `HttpFetcher` is the live implementation on httpx, with a
timeout, a bounded number of retries on transient failures (connection errors, 429 and 5xx)
and a size cap; it is built only when configuration switches the live path on
(`GatherSettings.online`). Tests replay recorded or hand-made responses through the same class
with the HTTP layer mocked, so the code that runs live is the code that is tested.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol
from urllib.parse import urlsplit

import httpx

__all__ = [
    "Fetched",
    "Fetcher",
    "GatherError",
    "GatherSettings",
    "HttpFetcher",
    "sha256_hex",
]

ErrorCode = Literal["disabled", "offline", "not_found", "refused", "too_large", "reference"]
ONLINE_ENV = "OSAI_PROCURE_ONLINE"
USER_AGENT = "osai-procure (public-procurement assessment; read-only)"


class GatherError(Exception):
    """A record could not be gathered: a code the UI words, the host or reference, a detail."""

    def __init__(self, code: ErrorCode, where: str, detail: str = "") -> None:
        self.code: ErrorCode = code
        self.where = where
        self.detail = detail
        super().__init__(f"{code}: {where}" + (f": {detail}" if detail else ""))


@dataclass(frozen=True)
class GatherSettings:
    """How records are gathered: whether the live path is on, and its limits."""

    online: bool = False
    timeout_seconds: float = 10.0
    retries: int = 2
    backoff_seconds: float = 0.5
    max_bytes: int = 4 * 1024 * 1024

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> GatherSettings:
        """Read `OSAI_PROCURE_ONLINE` (1, true, yes or on switches the live path on)."""
        value = environ.get(ONLINE_ENV, "").strip().casefold()
        return cls(online=value in {"1", "true", "yes", "on"})


@dataclass(frozen=True)
class Fetched:
    """A document as fetched: where from, its bytes, their SHA-256 and when it was read."""

    url: str
    data: bytes
    sha256: str
    retrieved_at: str
    content_type: str = ""

    def text(self) -> str:
        """The body as UTF-8 text (undecodable bytes replaced)."""
        return self.data.decode("utf-8", errors="replace")


class Fetcher(Protocol):
    """What the gatherer needs from the network: a GET that returns a `Fetched` document."""

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Fetched:
        """Fetch `url`.

        Raises:
            GatherError: not found, refused, too large, or the host cannot be reached.
        """
        ...


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, in lower-case hex."""
    return hashlib.sha256(data).hexdigest()


_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass
class HttpFetcher:
    """The live `Fetcher` on httpx: timeouts, bounded retries, a size cap.

    `clock` returns the ISO 8601 time recorded with each document; the caller passes it in so
    that the core never reads the clock itself. `sleep` is injectable so that retries can be
    tested without waiting.
    """

    settings: GatherSettings
    clock: Callable[[], str]
    sleep: Callable[[float], None] = time.sleep
    client: httpx.Client | None = None
    calls: int = field(default=0, init=False)

    def _client(self) -> httpx.Client:
        """The HTTP client, created on first use."""
        if self.client is None:
            self.client = httpx.Client(
                timeout=self.settings.timeout_seconds,
                follow_redirects=True,
                headers={"User-Agent": USER_AGENT},
            )
        return self.client

    def close(self) -> None:
        """Close the HTTP client, if one was opened."""
        if self.client is not None:
            self.client.close()
            self.client = None

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Fetched:
        """Fetch `url`, retrying transient failures at most `settings.retries` times.

        Raises:
            GatherError: `disabled` when the live path is off; `offline` when the host cannot be
                reached (after the retries); `not_found` for 404/410; `refused` for another
                error status; `too_large` past `settings.max_bytes`.
        """
        host = urlsplit(url).hostname or url
        if not self.settings.online:
            raise GatherError("disabled", host)
        attempts = self.settings.retries + 1
        last = ""
        for attempt in range(attempts):
            if attempt:
                self.sleep(self.settings.backoff_seconds * (2 ** (attempt - 1)))
            self.calls += 1
            try:
                response = self._fetch(url, headers)
            except httpx.TransportError as exc:
                last = type(exc).__name__
                continue
            if response.status_code in _RETRY_STATUS:
                last = f"HTTP {response.status_code}"
                continue
            if response.status_code in (404, 410):
                raise GatherError("not_found", url, f"HTTP {response.status_code}")
            if response.status_code >= 400:
                raise GatherError("refused", url, f"HTTP {response.status_code}")
            return Fetched(
                url=response.url,
                data=response.body,
                sha256=sha256_hex(response.body),
                retrieved_at=self.clock(),
                content_type=response.content_type,
            )
        if last.startswith("HTTP"):
            raise GatherError("refused", url, f"{last} after {attempts} attempts")
        raise GatherError("offline", host, f"{last} after {attempts} attempts")

    def _fetch(self, url: str, headers: Mapping[str, str] | None) -> _Reply:
        """One GET, reading at most `max_bytes` of the body.

        Raises:
            GatherError: the body is larger than the cap.
            httpx.TransportError: the connection failed.
        """
        cap = self.settings.max_bytes
        with self._client().stream("GET", url, headers=dict(headers or {})) as response:
            if response.status_code >= 300:
                return _Reply(response.status_code, url, "", b"")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise GatherError("too_large", url, f"{int(declared):,} bytes")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise GatherError("too_large", url, f"over {cap:,} bytes")
                chunks.append(chunk)
            return _Reply(
                response.status_code,
                str(response.url),
                response.headers.get("content-type", ""),
                b"".join(chunks),
            )


@dataclass(frozen=True)
class _Reply:
    """What one GET returned: status, final URL, content type and (capped) body."""

    status_code: int
    url: str
    content_type: str
    body: bytes
