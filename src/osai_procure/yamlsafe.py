"""Load untrusted YAML safely: size cap, strict UTF-8, no aliases, bounded depth, line numbers.

PyYAML's C loader crashes the interpreter on deeply nested input and every loader expands
alias bombs lazily into shared references that consumers then walk for minutes, so this
module uses the pure-Python composer, rejects aliases outright and caps nesting depth.
Scalars follow YAML 1.2's core schema for booleans (only true/false), so `NO` stays a string,
and timestamps stay strings for pydantic to judge.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from osai_procure.errors import ContentError, Problem

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64

Loc = tuple[str | int, ...]


class _StopLoading(Exception):
    """Raised inside the composer to abandon an unsafe document."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _SafeComposer(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """Compose a node, refusing aliases (and so merge keys) and bounding depth."""
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _StopLoading(
                "YAML aliases (*name) and merge keys are not allowed; write the value out in full",
                event.start_mark.line + 1,
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _StopLoading(
                f"nesting deeper than {MAX_DEPTH} levels; flatten the document",
                event.start_mark.line + 1,
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_DROPPED_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_SafeComposer.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in value if tag not in _DROPPED_TAGS]
    for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SafeComposer.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Loaded:
    """A loaded document: plain data plus the line of every key path."""

    file: str
    data: Any
    lines: dict[Loc, int]
    text: str

    def line_of(self, loc: Loc) -> int | None:
        """Return the line of the deepest known prefix of `loc`."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


def _construct(
    loader: _SafeComposer,
    node: Node,
    loc: Loc,
    lines: dict[Loc, int],
    file: str,
    problems: list[Problem],
) -> Any:
    """Turn a composed node into plain data, recording lines and duplicate keys."""
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        value = loader.construct_object(node, deep=True)
        if value is not None and not isinstance(value, str | int | float):
            raise _StopLoading(
                f"unsupported YAML tag {node.tag}; write plain text or numbers",
                node.start_mark.line + 1,
            )
        if isinstance(value, str) and _SURROGATE.search(value):
            raise _StopLoading(
                "an escape such as \\ud800 makes invalid text (a lone surrogate); remove it",
                node.start_mark.line + 1,
            )
        return value
    if node.tag not in _PLAIN_TAGS:
        raise _StopLoading(
            f"unsupported YAML tag {node.tag}; write plain lists and mappings",
            node.start_mark.line + 1,
        )
    if isinstance(node, SequenceNode):
        return [
            _construct(loader, item, (*loc, i), lines, file, problems)
            for i, item in enumerate(node.value)
        ]
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                problems.append(
                    Problem(
                        file, "a mapping key must be a plain value", key_node.start_mark.line + 1
                    )
                )
                continue
            key = loader.construct_object(key_node)
            if not isinstance(key, str | int | float):
                key = str(key)
            if key in result:
                problems.append(
                    Problem(
                        file, f"duplicate key {key!r}", key_node.start_mark.line + 1, _dotted(loc)
                    )
                )
                continue
            result[key] = _construct(loader, value_node, (*loc, key), lines, file, problems)
            lines[(*loc, key)] = key_node.start_mark.line + 1
        return result
    raise _StopLoading(f"unsupported YAML node {node.tag}", node.start_mark.line + 1)


def _dotted(loc: Loc) -> str:
    """Render a location as a dotted key path."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_text(text: str, file: str) -> Loaded:
    """Parse YAML (or JSON, a subset) text from `file` into plain data with line numbers.

    Raises:
        ContentError: malformed YAML, aliases, deep nesting, several documents, duplicate keys.
    """
    problems: list[Problem] = []
    loader = _SafeComposer(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentError([Problem(file, "the file is empty")])
        lines: dict[Loc, int] = {}
        data = _construct(loader, node, (), lines, file, problems)
    except _StopLoading as stop:
        raise ContentError([Problem(file, stop.message, stop.line)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        if "expected a single document" in str(exc.context or ""):
            what = "the file holds more than one YAML document; keep one"
        raise ContentError([Problem(file, f"malformed YAML: {what}", line)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(file, f"malformed YAML: {exc}")]) from None
    except RecursionError:
        raise ContentError([Problem(file, "nesting too deep; flatten the document")]) from None
    finally:
        loader.dispose()
    if problems:
        raise ContentError(problems)
    return Loaded(file, data, lines, text)


def decode(raw: bytes, file: str, max_bytes: int = MAX_BYTES) -> str:
    """Check size and UTF-8 and return the text.

    Raises:
        ContentError: too large or not UTF-8.
    """
    if len(raw) > max_bytes:
        raise ContentError(
            [Problem(file, f"the file is {len(raw):,} bytes; the limit is {max_bytes:,} bytes")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            [Problem(file, f"byte {exc.start} is not valid UTF-8; save the file as UTF-8", line)]
        ) from None
    return text.removeprefix("\ufeff")


def load_file(path: Path, max_bytes: int = MAX_BYTES) -> Loaded:
    """Read and parse a YAML or JSON file safely.

    Raises:
        ContentError: unreadable, too large, not UTF-8 or unsafe/malformed YAML.
    """
    file = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ContentError(
                [Problem(file, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(file, f"cannot read the file: {exc.strerror}")]) from None
    return load_bytes(raw, file, max_bytes)


def load_bytes(raw: bytes, file: str, max_bytes: int = MAX_BYTES) -> Loaded:
    """Parse YAML or JSON bytes (e.g. an upload) safely.

    Raises:
        ContentError: too large, not UTF-8 or unsafe/malformed YAML.
    """
    return load_text(decode(raw, file, max_bytes), file)


def to_json(data: Any) -> str:
    """Serialise loaded data for pydantic's JSON-mode validation (lists become tuples there)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False)
