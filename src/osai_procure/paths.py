"""Where the shipped content lives, and how a library of content roots is assembled."""

from __future__ import annotations

import difflib
import os
from importlib import resources
from pathlib import Path

from osai_procure.errors import ContentError, Problem
from osai_procure.loading import ContentLibrary, did_you_mean

CONTENT_ENV = "OSAI_PROCURE_CONTENT"
DATA_DIR_ENV = "OSAI_PROCURE_DATA_DIR"


def data_dir() -> Path:
    """Where the embedded database lives: $OSAI_PROCURE_DATA_DIR (`make run` sets it to
    `.osai-procure/` in the checkout, which git ignores); else the user's data directory."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "osai-procure"


def shipped_content_root() -> Path:
    """The package directory holding the shipped `questionnaires/`, `policies/` and `schemas/`.

    Found through importlib.resources, so an installed wheel runs without the checkout. The
    content is read as ordinary files (a regular installation, not a zip import).
    """
    return Path(str(resources.files("osai_procure") / "content"))


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


def policy_file(policy: str) -> Path:
    """The policy named on a command line: a file path, or a policy id in the content library
    (`osaid_1_0`), so an installed package needs no path into its own files.

    Raises:
        ContentError: neither a file nor a known policy id (with a did-you-mean).
    """
    path = Path(policy)
    if path.exists() or path.suffix or len(path.parts) > 1:
        return path  # a path: loading says what is wrong with it
    library = library_for(None)
    found = library.find("policy", policy)
    if found is None:
        known = library.ids("policy")
        close = difflib.get_close_matches(policy, known, n=1, cutoff=0.6)
        raise ContentError(
            [
                Problem(
                    policy,
                    f"no policy file or policy id {policy!r}{did_you_mean(policy, known)}",
                    code="unknown_policy.suggest" if close else "unknown_policy",
                    params=(("value", policy), *((("suggestion", close[0]),) if close else ())),
                )
            ]
        )
    return found
