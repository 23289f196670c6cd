"""Where the shipped content lives, and how a library of content roots is assembled."""

from __future__ import annotations

import os
from pathlib import Path

from osai_procure.loading import ContentLibrary

CONTENT_ENV = "OSAI_PROCURE_CONTENT"


def shipped_content_root() -> Path:
    """The directory holding the shipped `questionnaires/` and `policies/` (the repository)."""
    return Path(__file__).resolve().parents[2]


def content_roots(extra: Path | None = None) -> tuple[Path, ...]:
    """Content roots in search order: `extra`, then $OSAI_PROCURE_CONTENT, then shipped."""
    roots: list[Path] = []
    if extra is not None:
        roots.append(extra)
    if os.environ.get(CONTENT_ENV):
        roots += [Path(p) for p in os.environ[CONTENT_ENV].split(os.pathsep) if p]
    roots.append(shipped_content_root())
    return tuple(dict.fromkeys(r.resolve() for r in roots))


def library_for(policy_path: Path | None = None) -> ContentLibrary:
    """A library that also searches the agency tree a policy file sits in."""
    extra = None
    if policy_path is not None:
        for parent in policy_path.resolve().parents:
            if (parent / "questionnaires").is_dir() or (parent / "policies").is_dir():
                extra = parent
                break
    return ContentLibrary.from_root(*content_roots(extra))
