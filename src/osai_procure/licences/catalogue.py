"""The AI-licence catalogue: licences absent from the SPDX list, their aliases and red flags."""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence

import yaml
from pydantic import ValidationError

from osai_procure.models.licence import CatalogueEntry

__all__ = ["SCHEMA_VERSION", "Catalogue", "CatalogueError", "lookup_key"]

SCHEMA_VERSION = 1
_SCANCODE_PREFIX = "licenseref-scancode-"
_IGNORED = re.compile(r"[\s\-_\"'`“”‘’]+")


def lookup_key(text: str) -> str:
    """The matching key for catalogue lookups: case, spaces, hyphens, underscores and quotes
    are ignored, so 'Llama 3.1', 'llama-3.1' and 'llama3.1' meet."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text).casefold())


class CatalogueError(ValueError):
    """Catalogue data that cannot be used; carries its source and every problem found."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        """Record `source` (a file name or label) and the problems, one line each."""
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(f"{source}: {problem}" for problem in self.problems))


def _keys_for(entry: CatalogueEntry) -> list[str]:
    """Every lookup key of an entry: id, name, aliases, and bare ScanCode keys of aliases."""
    texts = [entry.id, entry.name, *entry.aliases]
    keys = [lookup_key(text) for text in texts]
    for alias in entry.aliases:
        if alias.casefold().startswith(_SCANCODE_PREFIX):
            keys.append(lookup_key(alias[len(_SCANCODE_PREFIX) :]))
    return list(dict.fromkeys(keys))


def _build_index(
    entries: Sequence[CatalogueEntry], owners: dict[str, CatalogueEntry], source: str
) -> None:
    """Add `entries` to the key index `owners`, overriding earlier owners of the same key.

    Raises:
        CatalogueError: two of `entries` share an id or a lookup key.
    """
    problems: list[str] = []
    claimed: dict[str, str] = {}
    seen_ids: set[str] = set()
    for entry in entries:
        if entry.id in seen_ids:
            problems.append(f"entries[{entry.id}]: duplicate id")
            continue
        seen_ids.add(entry.id)
        for key in _keys_for(entry):
            other = claimed.get(key)
            if other is not None and other != entry.id:
                problems.append(
                    f"entries[{entry.id}]: alias key {key!r} is already used by {other}"
                )
                continue
            claimed[key] = entry.id
            owners[key] = entry
    if problems:
        raise CatalogueError(source, problems)


class Catalogue:
    """An immutable set of catalogued licences, looked up by id, name or alias.

    Instances compare and hash by identity, which lets analysis results be memoised per
    catalogue.
    """

    __slots__ = ("_by_key", "_entries")

    def __init__(self, entries: Iterable[CatalogueEntry], *, source: str = "<catalogue>") -> None:
        """Index `entries`.

        Raises:
            CatalogueError: two entries share an id or a lookup key.
        """
        self._entries = tuple(entries)
        self._by_key: dict[str, CatalogueEntry] = {}
        _build_index(self._entries, self._by_key, source)

    @classmethod
    def default(cls) -> Catalogue:
        """The catalogue shipped with the package (`catalogue.yaml`), loaded once."""
        return _default_catalogue()

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<yaml>") -> Catalogue:
        """Build a catalogue from YAML text (`schema_version: 1` and `entries:`).

        Raises:
            CatalogueError: invalid YAML, wrong schema version, or invalid entries (all listed).
        """
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise CatalogueError(source, [f"invalid YAML: {error}"]) from error
        return cls(entries_from_data(data, source=source), source=source)

    @property
    def entries(self) -> tuple[CatalogueEntry, ...]:
        """All entries, in file order."""
        return self._entries

    def get(self, licence_id: str) -> CatalogueEntry | None:
        """The entry whose id is exactly `licence_id`, or None."""
        entry = self._by_key.get(lookup_key(licence_id))
        return entry if entry is not None and entry.id == licence_id else None

    def lookup(self, text: str) -> CatalogueEntry | None:
        """The entry matching `text` by id, name, alias or ScanCode key, ignoring case and
        spacing; None when nothing matches."""
        key = lookup_key(text)
        return self._by_key.get(key) if key else None

    def extended(self, entries: Sequence[CatalogueEntry]) -> Catalogue:
        """A new catalogue with agency `entries` added; an entry with an existing id replaces
        it, and agency aliases win over the shipped ones.

        Raises:
            CatalogueError: two of the agency entries share an id or a lookup key.
        """
        replaced = {entry.id for entry in entries}
        base = [entry for entry in self._entries if entry.id not in replaced]
        new = Catalogue.__new__(Catalogue)
        new._entries = (*base, *entries)
        new._by_key = {}
        # The shipped entries were validated together already; index them first so the
        # agency entries override any lookup key they share.
        _build_index(base, new._by_key, "<catalogue>")
        _build_index(tuple(entries), new._by_key, "<agency catalogue>")
        return new

    def __repr__(self) -> str:
        """A short description: the number of entries."""
        return f"Catalogue({len(self._entries)} entries)"


def entries_from_data(data: object, *, source: str) -> tuple[CatalogueEntry, ...]:
    """Validate parsed catalogue data (a mapping with `schema_version` and `entries`).

    Raises:
        CatalogueError: every problem found, one line each, with the entry id in the path.
    """
    if not isinstance(data, dict):
        raise CatalogueError(source, ["expected a mapping with schema_version and entries"])
    problems: list[str] = []
    unknown = sorted(str(key) for key in data if key not in ("schema_version", "entries"))
    if unknown:
        problems.append(f"unknown top-level key(s): {', '.join(unknown)}")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        problems.append(f"schema_version: expected {SCHEMA_VERSION}, found {version!r}")
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list):
        problems.append("entries: expected a list")
        raise CatalogueError(source, problems)
    entries: list[CatalogueEntry] = []
    for index, raw in enumerate(raw_entries):
        label = raw.get("id", index) if isinstance(raw, dict) else index
        try:
            # JSON-mode validation keeps the models strict while accepting YAML lists as
            # tuples; a value JSON cannot carry (a YAML date, say) is reported, not coerced.
            entries.append(CatalogueEntry.model_validate_json(json.dumps(raw)))
        except TypeError as error:
            problems.append(f"entries[{label}]: unsupported value ({error})")
        except ValidationError as error:
            for item in error.errors():
                path = ".".join(str(part) for part in item["loc"])
                where = f"entries[{label}].{path}" if path else f"entries[{label}]"
                problems.append(f"{where}: {item['msg']}")
    if problems:
        raise CatalogueError(source, problems)
    return tuple(entries)


@functools.cache
def _default_catalogue() -> Catalogue:
    """Load and cache the shipped catalogue."""
    resource = importlib.resources.files("osai_procure.licences").joinpath("catalogue.yaml")
    return Catalogue.from_yaml(resource.read_text(encoding="utf-8"), source="catalogue.yaml")


def catalogue_digest(catalogue: Catalogue) -> str:
    """SHA-256 of what decides with a catalogue: each entry's id, name, aliases and flag ids.

    The reasons and notes are prose and are left out, so rewording them changes no record.
    """
    decisive = [
        {
            "id": e.id,
            "name": e.name,
            "aliases": list(e.aliases),
            "flags": sorted(f.flag for f in e.flags),
        }
        for e in catalogue.entries
    ]
    data = json.dumps(decisive, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
