"""Replay the HTTP fixtures of tests/data/gather through respx (the live code path, mocked)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import respx
import yaml

from osai_procure.gather import GatherSettings, HttpFetcher

DATA = Path(__file__).resolve().parents[1] / "data" / "gather"
CLOCK = "2026-12-01T09:00:00+00:00"


def load_fixture(name: str) -> list[dict[str, Any]]:
    """The responses of a fixture file; each fixture must say whether it is hand-made."""
    path = DATA / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["label"] in ("hand-made", "recorded"), f"{name}: label it hand-made or recorded"
    out = []
    for item in doc["responses"]:
        if "record_file" in item:
            record = yaml.safe_load((path.parent / item["record_file"]).read_text("utf-8"))
            body = json.dumps({**item.get("envelope", {}), **record}, default=str).encode()
            out.append({"url": item["url"], "body": body, "type": "application/json"})
        elif "json" in item:
            body = json.dumps(item["json"]).encode()
            out.append({"url": item["url"], "body": body, "type": "application/json"})
        else:
            out.append({"url": item["url"], "body": item["text"].encode(), "type": "text/plain"})
    return out


def mount(router: respx.MockRouter, *names: str) -> None:
    """Register every response of the named fixtures; anything else is a 404."""
    for name in names:
        for item in load_fixture(name):
            router.get(item["url"]).mock(
                return_value=httpx.Response(
                    200, content=item["body"], headers={"content-type": item["type"]}
                )
            )
    router.route().mock(return_value=httpx.Response(404, json={"error": "not found"}))


def fetcher(**settings: Any) -> HttpFetcher:
    """A live fetcher (online) with a fixed clock and no waiting between retries."""
    return HttpFetcher(
        GatherSettings(online=True, **settings), clock=lambda: CLOCK, sleep=lambda _s: None
    )
