"""What an officer can type to start from a model's name, read into a typed reference.

Accepted, one per line: a Hugging Face model id (`llm-jp/llm-jp-3-13b`) or its page URL; a
GitHub repository URL; a Model Openness Tool entry (its page URL or `mot:1130`); an Open Source
AI Index entry (its page URL or `index:olmo-7b-instruct`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from osai_procure.gather.fetch import GatherError

__all__ = ["Kind", "Reference", "parse_reference", "parse_references"]

Kind = Literal["hf", "github", "mot", "index"]

MAX_REFERENCES = 8
_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}"
_HF_ID = re.compile(rf"^{_NAME}/{_NAME}$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_MOT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
HF_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
MOT_HOSTS = frozenset({"mot.isitopen.ai", "isitopen.ai"})
INDEX_HOSTS = frozenset({"osai-index.eu", "www.osai-index.eu"})


@dataclass(frozen=True)
class Reference:
    """A public record to gather: which service and the id there (`owner/name` or an entry)."""

    kind: Kind
    id: str

    def __str__(self) -> str:
        """`kind:id`, the form the CLI and the notes use."""
        return f"{self.kind}:{self.id}"


def _path_parts(url: str) -> list[str]:
    """The non-empty parts of a URL's path."""
    return [p for p in urlsplit(url).path.split("/") if p]


def parse_reference(text: str) -> Reference:
    """Read one reference.

    Raises:
        GatherError: `reference` when the text is none of the accepted forms.
    """
    value = text.strip()
    lowered = value.casefold()
    prefixes: tuple[tuple[str, Kind], ...] = (
        ("mot:", "mot"),
        ("index:", "index"),
        ("hf:", "hf"),
        ("gh:", "github"),
    )
    for prefix, kind in prefixes:
        if lowered.startswith(prefix):
            return _checked(kind, value[len(prefix) :].strip(), value)
    if lowered.startswith(("https://", "http://")):
        host = (urlsplit(value).hostname or "").casefold()
        parts = _path_parts(value)
        if host in HF_HOSTS and len(parts) >= 2 and parts[0] not in {"datasets", "spaces"}:
            return _checked("hf", f"{parts[0]}/{parts[1]}", value)
        if host in GITHUB_HOSTS and len(parts) >= 2:
            name = parts[1].removesuffix(".git")
            return _checked("github", f"{parts[0]}/{name}", value)
        if host in MOT_HOSTS and parts:
            return _checked("mot", parts[-1], value)
        if host in INDEX_HOSTS and parts:
            return _checked("index", parts[-1], value)
        raise GatherError("reference", value)
    return _checked("hf", value, value)


def _checked(kind: Kind, ident: str, original: str) -> Reference:
    """A reference whose id has the shape its service uses.

    Raises:
        GatherError: `reference` when it does not.
    """
    pattern = {"hf": _HF_ID, "github": _HF_ID, "mot": _MOT_ID, "index": _SLUG}[kind]
    if not pattern.match(ident) or ".." in ident:
        raise GatherError("reference", original)
    return Reference(kind, ident)


def parse_references(text: str) -> list[Reference]:
    """Read the references of a text, one per line (blank lines skipped, duplicates dropped).

    Raises:
        GatherError: `reference` for the first line that is not a reference, or too many lines.
    """
    out: list[Reference] = []
    for line in text.splitlines():
        if line.strip():
            ref = parse_reference(line)
            if ref not in out:
                out.append(ref)
    if len(out) > MAX_REFERENCES:
        raise GatherError("reference", f"{len(out)} > {MAX_REFERENCES}")
    return out
