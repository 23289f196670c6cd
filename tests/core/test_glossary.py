"""One term per concept: no variant that docs/glossary.md forbids appears in the shipped text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
PACKAGE = ROOT / "src" / "osai_procure"


def _rows() -> list[list[str]]:
    """The cells of each term row of the glossary table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or line.startswith(("| concept", "|---")):
            continue
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _forbidden() -> list[tuple[str, str]]:
    """(forbidden variant, preferred term) pairs from the glossary's last column."""
    pairs = []
    for _concept, ja, _en, banned in _rows():
        pairs += [(v.strip(), ja) for v in re.split("[、,]", banned) if v.strip()]
    return pairs


def _shipped() -> list[Path]:
    """Every text an officer or auditor reads: content, catalogue, app, report, README, docs."""
    files = [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml")]
    files += [ROOT / "README.md"]
    files += [p for p in (ROOT / "docs").glob("*.md") if p != GLOSSARY]
    return sorted(files)


def test_glossary_has_one_row_per_concept() -> None:
    """Each concept and each Japanese term appears once in the glossary."""
    rows = _rows()
    assert len(rows) >= 30
    concepts = [r[0] for r in rows]
    terms = [r[1] for r in rows]
    assert len(set(concepts)) == len(concepts)
    assert len(set(terms)) == len(terms)


def test_every_forbidden_variant_has_a_preferred_term() -> None:
    """A forbidden variant is never itself the preferred term of another concept."""
    preferred = {r[1] for r in _rows()}
    assert _forbidden()
    assert not any(variant in preferred for variant, _ in _forbidden())


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_text_uses_no_forbidden_variant(path: Path) -> None:
    """The file uses the glossary's term, never a variant it forbids."""
    text = path.read_text(encoding="utf-8")
    found = [
        f"{variant!r} (use {preferred!r})" for variant, preferred in _forbidden() if variant in text
    ]
    assert found == []
