"""Load untrusted YAML safely: size cap, strict UTF-8, no aliases, bounded depth, line numbers.

PyYAML's C loader crashes the interpreter on deeply nested input (its composer recurses in C)
and every loader expands alias bombs lazily into shared references that consumers then walk for
minutes, so this module composes nodes in Python over libyaml's event parser, rejects aliases
outright and caps nesting depth.
Scalars follow YAML 1.2's core schema for booleans (only true/false), so `NO` stays a string,
and timestamps stay strings for pydantic to judge.
"""

from __future__ import annotations

import bisect
import errno
import importlib
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from osai_procure.errors import ContentError, Problem


def _libyaml_parser() -> Any:
    """libyaml's event parser class, or None where PyYAML was built without libyaml."""
    try:
        return importlib.import_module("yaml._yaml").CParser
    except ImportError:  # pragma: no cover
        return None


_CParser: Any = _libyaml_parser()


MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
# No answer, policy, card or bill of materials needs a longer integer; Python refuses to read
# one over 4,300 digits with an error that names no place, so ours comes first and is located.
MAX_INT_DIGITS = 100

Loc = tuple[str | int, ...]


class _StopLoading(Exception):
    """Raised inside the composer to abandon an unsafe document (with the code that words it
    in Japanese, `wording.PROBLEMS`)."""

    def __init__(self, message: str, line: int | None, code: str, **params: str) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.code = code
        self.params = tuple(sorted(params.items()))


def reading_problem(
    file: str, message: str, line: int | None = None, path: str = "", *, code: str, **params: str
) -> Problem:
    """A problem found while reading a file (`read.*` codes), English `message` as written."""
    return Problem(file, message, line, path, code, tuple(sorted(params.items())))


def unreadable(file: str, exc: OSError) -> Problem:
    """Why a file cannot be read, from the operating system's error: not there, not allowed, a
    folder, or another failure (the system's English only in the English message)."""
    code = {
        errno.ENOENT: "read.not_found",
        errno.EACCES: "read.permission",
        errno.EPERM: "read.permission",
        errno.EISDIR: "read.is_directory",
    }.get(exc.errno or 0, "read.unreadable")
    return reading_problem(file, f"cannot read the file: {exc.strerror}", code=code)


def too_large(file: str, size: int, limit: int) -> Problem:
    """A file over its size cap."""
    return reading_problem(
        file,
        f"the file is {size:,} bytes; the limit is {limit:,} bytes",
        code="read.too_large",
        size=f"{size:,}",
        limit=f"{limit:,}",
    )


class _GuardedComposer(Composer, SafeConstructor, Resolver):
    """PyYAML's Python composer, refusing aliases and bounding depth as it composes."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """Compose a node, refusing aliases (and so merge keys) and bounding depth."""
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            raise _StopLoading(
                "YAML aliases (*name) and merge keys are not allowed; write the value out in full",
                event.start_mark.line + 1,
                "read.alias",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            event = self.peek_event()  # type: ignore[attr-defined]
            raise _StopLoading(
                f"nesting deeper than {MAX_DEPTH} levels; flatten the document",
                event.start_mark.line + 1,
                "read.too_deep",
                limit=str(MAX_DEPTH),
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


if _CParser is not None:

    class _SafeComposer(_GuardedComposer, _CParser):  # type: ignore[misc]
        """libyaml's event parser (iterative, no recursion) under the guarded Python composer.

        Only libyaml's *composer* recurses in C and crashes on deep nesting; its parser hands
        events to the Python composer above, which stops at MAX_DEPTH. About ten times faster
        than the pure-Python scanner and parser.
        """

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class _SafeComposer(_GuardedComposer, Reader, Scanner, Parser):  # type: ignore[no-redef]
        """The pure-Python scanner and parser under the guarded composer."""

        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_PLAIN_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_DROPPED_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_GuardedComposer.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in value if tag not in _DROPPED_TAGS]
    for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_GuardedComposer.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Loaded:
    """A loaded document: plain data plus the line of every key path."""

    file: str
    data: Any
    lines: Mapping[Loc, int]
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
        value = _scalar(loader, node)
        if value is not None and not isinstance(value, str | int | float):
            raise _StopLoading(
                f"unsupported YAML tag {node.tag}; write plain text or numbers",
                node.start_mark.line + 1,
                "read.unsupported_tag",
                value=str(node.tag),
            )
        if isinstance(value, str) and _SURROGATE.search(value):
            raise _StopLoading(
                "an escape such as \\ud800 makes invalid text (a lone surrogate); remove it",
                node.start_mark.line + 1,
                "read.surrogate",
            )
        return value
    if node.tag not in _PLAIN_TAGS:
        raise _StopLoading(
            f"unsupported YAML tag {node.tag}; write plain lists and mappings",
            node.start_mark.line + 1,
            "read.unsupported_tag",
            value=str(node.tag),
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
                    reading_problem(
                        file,
                        "a mapping key must be a plain value",
                        key_node.start_mark.line + 1,
                        code="read.key_not_plain",
                    )
                )
                continue
            key = _scalar(loader, key_node)
            if not isinstance(key, str | int | float):
                key = str(key)
            if key in result:
                problems.append(
                    reading_problem(
                        file,
                        f"duplicate key {key!r}",
                        key_node.start_mark.line + 1,
                        _dotted(loc),
                        code="read.duplicate_key",
                        key=str(key),
                    )
                )
                continue
            result[key] = _construct(loader, value_node, (*loc, key), lines, file, problems)
            lines[(*loc, key)] = key_node.start_mark.line + 1
        return result
    raise _StopLoading(
        f"unsupported YAML node {node.tag}",
        node.start_mark.line + 1,
        "read.unsupported_tag",
        value=str(node.tag),
    )


def _too_long(digits: str) -> str:
    """The message for an integer with too many digits."""
    return (
        f"a number of {_digits(digits)} digits ({digits.lstrip('+-')[:12]}…); numbers are "
        f"limited to {MAX_INT_DIGITS} digits: check the value"
    )


def _digits(digits: str) -> str:
    """How many digits a number has, as a message shows it."""
    return f"{sum(ch.isdigit() for ch in digits):,}"


def _scalar(loader: _SafeComposer, node: ScalarNode) -> Any:
    """Construct a scalar, refusing integers too long to be a real value."""
    if node.tag == "tag:yaml.org,2002:int" and len(node.value) > MAX_INT_DIGITS:
        raise _StopLoading(
            _too_long(node.value),
            node.start_mark.line + 1,
            "read.number_too_long",
            count=_digits(node.value),
            limit=str(MAX_INT_DIGITS),
        )
    return loader.construct_object(node, deep=True)


def _dotted(loc: Loc) -> str:
    """Render a location as a dotted key path."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _nested_too_deeply(file: str) -> Problem:
    """Nesting deeper than the parser itself can follow."""
    return reading_problem(
        file,
        "nesting too deep; flatten the document",
        code="read.too_deep",
        limit=str(MAX_DEPTH),
    )


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
            raise ContentError([reading_problem(file, "the file is empty", code="read.empty")])
        lines: dict[Loc, int] = {}
        data = _construct(loader, node, (), lines, file, problems)
    except _StopLoading as stop:
        problem = Problem(file, stop.message, stop.line, "", stop.code, stop.params)
        raise ContentError([problem]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        code = "read.malformed_yaml"
        if "expected a single document" in str(exc.context or ""):
            what = "the file holds more than one YAML document; keep one"
            code = "read.several_documents"
        elif exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            what += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        raise ContentError(
            [reading_problem(file, f"malformed YAML: {what}", line, code=code)]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(
            [reading_problem(file, f"malformed YAML: {exc}", code="read.malformed_yaml")]
        ) from None
    except RecursionError:
        raise ContentError([_nested_too_deeply(file)]) from None
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
        raise ContentError([too_large(file, len(raw), max_bytes)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"byte {exc.start} is not valid UTF-8; save the file as UTF-8"
        raise ContentError(
            [reading_problem(file, message, line, code="read.not_utf8", byte=str(exc.start))]
        ) from None
    return text.removeprefix("\ufeff")


# -- JSON with line numbers -------------------------------------------------------------------

# The pure-Python object and array parsers of the json package (not in its typed interface).
_PY_JSON: Any = json.decoder
_PY_SCANNER: Any = json.scanner


class _StopJson(Exception):
    """Raised inside the JSON scanner to abandon a document."""


def load_json(raw: bytes, file: str, max_bytes: int) -> Loaded:
    """Parse JSON bytes safely into plain data; lines are worked out when a message needs them.

    The size cap and strict UTF-8 come from `decode`. JSON is parsed with the standard library
    rather than the YAML loader: PyYAML rejects tab-indented JSON, reads `1e5` as text, leaves
    `\\ud83d\\ude00` split, and is far slower. Valid documents take the C parser; line numbers are
    computed by the slower positional parser only when something asks for them, and any
    document the fast path refuses is parsed again by it for a located message.

    Raises:
        ContentError: too large, not UTF-8, malformed JSON, NaN/Infinity, duplicate keys,
            lone surrogates or nesting deeper than MAX_DEPTH.
    """
    text = decode(raw, file, max_bytes)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_pairs,
            parse_constant=_no_constant,
            parse_int=parse_json_int,
        )
    except (ValueError, _StopJson, RecursionError):
        return _load_json_located(text, file)  # raises with the place
    # Decoded UTF-8 holds no surrogates, so only a \\uD800-\\uDFFF escape can bring one in.
    escapes = _SURROGATE_ESCAPE.search(text) is not None
    if _depth(data) > MAX_DEPTH or (
        escapes and any(_SURROGATE.search(v) for _, v in _strings(data, ()))
    ):
        return _load_json_located(text, file)  # raises with the place
    return Loaded(file, data, _LazyLines(lambda: _load_json_located(text, file).lines), text)


class NumberTooLong(ValueError):
    """A JSON integer with more digits than MAX_INT_DIGITS."""


def parse_json_int(digits: str) -> int:
    """`parse_int` for json: refuse integers too long to be a real value, before Python's
    own 4,300-digit limit raises an error that names no place.

    Raises:
        NumberTooLong: more than MAX_INT_DIGITS digits.
    """
    if len(digits) > MAX_INT_DIGITS:
        raise NumberTooLong(_too_long(digits))
    return int(digits)


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing a key given twice."""
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _StopJson("duplicate key")
    return result


def _no_constant(name: str) -> Any:
    """Refuse NaN and Infinity, which JSON does not define."""
    raise _StopJson(f"{name} is not a JSON number")


def _depth(data: Any) -> int:
    """Nesting depth of loaded data, computed without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            stack += [(v, level + 1) for v in (node.values() if isinstance(node, dict) else node)]
    return deepest


class _LazyLines(Mapping[Loc, int]):
    """Line numbers computed on first use (only error messages need them)."""

    def __init__(self, compute: Callable[[], Mapping[Loc, int]]) -> None:
        self._compute = compute
        self._lines: Mapping[Loc, int] | None = None

    def _get(self) -> Mapping[Loc, int]:
        """Compute the lines once."""
        if self._lines is None:
            self._lines = self._compute()
        return self._lines

    def __getitem__(self, key: Loc) -> int:
        return self._get()[key]

    def __iter__(self) -> Iterator[Loc]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def _load_json_located(text: str, file: str) -> Loaded:
    """Parse JSON with the pure-Python scanner, recording the line of every object and array.

    Raises:
        ContentError: as `load_json`, with the line and key path.
    """
    starts: dict[int, int] = {}
    keep: list[Any] = []
    duplicates: list[tuple[int, str]] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """Build an object, recording keys given twice."""
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append((id(result), key))
                continue
            result[key] = value
        return result

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        """Parse an object and remember where it starts."""
        obj, end = _PY_JSON.JSONObject(s_and_end, *args)
        starts[id(obj)] = s_and_end[1] - 1
        keep.append(obj)
        return obj, end

    def parse_array(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        """Parse an array and remember where it starts."""
        arr, end = _PY_JSON.JSONArray(s_and_end, *args)
        starts[id(arr)] = s_and_end[1] - 1
        keep.append(arr)
        return arr, end

    def no_constant(name: str) -> Any:
        """Refuse NaN and Infinity, which JSON does not define."""
        raise _StopJson(f"{name} is not a JSON number", name)

    # The stdlib documents no hook for positions; these attributes are what py_make_scanner
    # reads, so they are set on an untyped handle.
    decoder: Any = json.JSONDecoder(
        object_pairs_hook=pairs_hook, parse_constant=no_constant, parse_int=parse_json_int
    )
    decoder.parse_object = parse_object
    decoder.parse_array = parse_array
    decoder.scan_once = _PY_SCANNER.py_make_scanner(decoder)
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as exc:
        message = f"malformed JSON: {exc.msg}"
        problem = reading_problem(file, message, exc.lineno, code="read.malformed_json")
        raise ContentError([problem]) from None
    except _StopJson as exc:
        problem = reading_problem(
            file, f"malformed JSON: {exc.args[0]}", code="read.json_constant", value=exc.args[-1]
        )
        raise ContentError([problem]) from None
    except NumberTooLong as exc:
        digits = re.search(rf"\d{{{MAX_INT_DIGITS + 1},}}", text)
        line = text.count("\n", 0, digits.start()) + 1 if digits else None
        count = _digits(digits.group()) if digits else "?"
        problem = reading_problem(
            file,
            str(exc),
            line,
            code="read.number_too_long",
            count=count,
            limit=str(MAX_INT_DIGITS),
        )
        raise ContentError([problem]) from None
    except RecursionError:
        raise ContentError([_nested_too_deeply(file)]) from None
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_at(offset: int) -> int:
        """The 1-based line of a character offset."""
        return bisect.bisect_left(newlines, offset) + 1

    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    dupes = {ident: key for ident, key in duplicates}
    stack: list[tuple[Any, Loc]] = [(data, ())]
    while stack:
        node, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            message = f"nesting deeper than {MAX_DEPTH} levels; flatten the document"
            problem = reading_problem(file, message, code="read.too_deep", limit=str(MAX_DEPTH))
            raise ContentError([problem])
        if id(node) in starts:
            lines[loc] = line_at(starts[id(node)])
        if isinstance(node, dict):
            if id(node) in dupes:
                problems.append(
                    reading_problem(
                        file,
                        f"duplicate key {dupes[id(node)]!r}",
                        lines.get(loc),
                        _dotted(loc),
                        code="read.duplicate_key",
                        key=str(dupes[id(node)]),
                    )
                )
            stack += [(value, (*loc, key)) for key, value in node.items()]
        elif isinstance(node, list):
            stack += [(value, (*loc, i)) for i, value in enumerate(node)]
    if problems:
        raise ContentError(problems)
    lone = next((loc for loc, value in _strings(data, ()) if _SURROGATE.search(value)), None)
    if lone is not None:
        raise ContentError(
            [
                reading_problem(
                    file,
                    "a text holds an unpaired \\u surrogate escape; fix the escape",
                    lines.get(lone[:-1]),
                    _dotted(lone),
                    code="read.surrogate",
                )
            ]
        )
    return Loaded(file, data, lines, text)


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Yield every string (keys included) in loaded data with its location."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*loc, key), str(key)
            yield from _strings(item, (*loc, key))


def load_file(path: Path, max_bytes: int = MAX_BYTES) -> Loaded:
    """Read and parse a YAML or JSON file safely.

    Raises:
        ContentError: unreadable, too large, not UTF-8 or unsafe/malformed YAML.
    """
    return load_bytes(read_file(path, max_bytes), str(path), max_bytes)


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file's bytes, refusing one over the size cap before reading it.

    Raises:
        ContentError: unreadable or too large.
    """
    file = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ContentError([too_large(file, size, max_bytes)])
        return path.read_bytes()
    except OSError as exc:
        raise ContentError([unreadable(file, exc)]) from None


def load_bytes(raw: bytes, file: str, max_bytes: int = MAX_BYTES) -> Loaded:
    """Parse YAML or JSON bytes (e.g. an upload) safely.

    Raises:
        ContentError: too large, not UTF-8 or unsafe/malformed YAML.
    """
    if file.lower().endswith(".json"):
        return load_json(raw, file, max_bytes)
    return load_text(decode(raw, file, max_bytes), file)


def to_json(data: Any) -> str:
    """Serialise loaded data for pydantic's JSON-mode validation (lists become tuples there)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False)
