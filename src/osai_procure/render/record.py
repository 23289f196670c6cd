"""The JSON record: RFC 8785 (JCS) canonical bytes, so anyone can recompute its SHA-256.

A record document is the canonical JSON of `{"record": <Record>, "signature": <envelope|null>}`.
The digest that is signed is the SHA-256 of the canonical bytes of the `record` member alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import rfc8785
from pydantic import ValidationError

from osai_procure.errors import CodedError
from osai_procure.models.report import Record, SignatureEnvelope
from osai_procure.yamlsafe import MAX_DEPTH, NumberTooLong, parse_json_int


def _depth(data: Any) -> int:
    """Nesting depth of parsed JSON, without recursion (a hostile record may be deep)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        stack += [(child, level + 1) for child in children]
    return deepest


RECORD_FILE_NAME = "assessment-record.json"
RECORD_MEDIA_TYPE = "application/json"


class RecordError(CodedError):
    """A record cannot be written canonically, or a record document cannot be read."""


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON bytes of plain JSON data.

    Raises:
        RecordError: a value JSON cannot carry exactly (e.g. an integer beyond 2**53).
    """
    try:
        return bytes(rfc8785.dumps(value))
    except (rfc8785.CanonicalizationError, ValueError, TypeError) as exc:
        raise RecordError.coded("record.not_canonical_data", detail=exc) from None


def _plain(record: Record) -> Any:
    """The record as plain JSON data."""
    return record.model_dump(mode="json", by_alias=True)


def canonical_record(record: Record) -> bytes:
    """The canonical bytes of a record: what is hashed and signed.

    Raises:
        RecordError: the record holds a value JSON cannot carry exactly.
    """
    return canonical(_plain(record))


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256."""
    return hashlib.sha256(data).hexdigest()


def record_document(record: Record, envelope: SignatureEnvelope | None) -> bytes:
    """The JSON file: the record and its signature envelope (or null), canonical.

    Raises:
        RecordError: the record holds a value JSON cannot carry exactly.
    """
    signature = envelope.model_dump(mode="json") if envelope else None
    return canonical({"record": _plain(record), "signature": signature})


@dataclass(frozen=True)
class RecordDocument:
    """A record document as read back: the record, its canonical bytes and the envelope."""

    record: Record
    payload: bytes
    envelope: SignatureEnvelope | None


def read_record_document(data: bytes) -> RecordDocument:
    """Parse a record document and check it is exactly as written (canonical, complete).

    Raises:
        RecordError: not UTF-8 JSON, not canonical (changed after writing), or not a record.
    """
    try:
        parsed = json.loads(data.decode("utf-8"), parse_int=parse_json_int)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordError.coded("record.not_json", detail=exc) from None
    except NumberTooLong as exc:
        raise RecordError.coded("record.number_too_long", detail=exc) from None
    except RecursionError:
        raise RecordError.coded("record.too_deep", limit=MAX_DEPTH) from None
    if _depth(parsed) > MAX_DEPTH:
        raise RecordError.coded("record.too_deep", limit=MAX_DEPTH)
    if not isinstance(parsed, dict) or set(parsed) != {"record", "signature"}:
        raise RecordError.coded("record.not_a_document")
    try:
        rewritten = canonical(parsed)
    except RecordError as exc:
        raise RecordError.coded("record.inexact_values", detail=exc) from None
    if rewritten != data:
        raise RecordError.coded("record.changed")
    payload = canonical(parsed["record"])
    try:
        record = Record.model_validate_json(payload)
        envelope = (
            None
            if parsed["signature"] is None
            else SignatureEnvelope.model_validate_json(canonical(parsed["signature"]))
        )
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RecordError.coded("record.malformed", where=where, detail=first["msg"]) from None
    return RecordDocument(record, payload, envelope)
