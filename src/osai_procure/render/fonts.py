"""Find and register the Japanese TrueType fonts embedded in PDFs.

BIZ UD Gothic Regular and Bold (Morisawa, SIL OFL 1.1, made for readable public documents) ship
inside the package (`render/fonts/`, with the OFL next to them) and are found through
importlib.resources, so the same input gives the same PDF bytes on every machine.
`OSAI_PROCURE_FONT_DIR` overrides them with a directory holding BIZ UD Gothic, BIZ UDPGothic or
IPAex Gothic. reportlab embeds TrueType outlines only: CFF-based OpenType fonts (Noto Sans CJK)
cannot be used, and its built-in CID fonts embed nothing.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from osai_procure.errors import CodedError

FONT_DIR_ENV = "OSAI_PROCURE_FONT_DIR"
INSTALL_HINT = "reinstall osai-procure, or point OSAI_PROCURE_FONT_DIR at BIZ UD Gothic"

# (family, regular file, bold file, monospaced file): tried in order. IPAex has no bold weight.
_CANDIDATES: tuple[tuple[str, str, str, str], ...] = (
    (
        "BIZ UDGothic",
        "BIZUDGothic-Regular.ttf",
        "BIZUDGothic-Bold.ttf",
        "BIZUDGothic-Regular.ttf",
    ),
    (
        "BIZ UDPGothic",
        "BIZUDPGothic-Regular.ttf",
        "BIZUDPGothic-Bold.ttf",
        "BIZUDGothic-Regular.ttf",
    ),
    ("IPAexGothic", "ipaexg.ttf", "ipaexg.ttf", "ipaexg.ttf"),
)


def bundled_font_dir() -> Path:
    """The package directory holding BIZ UD Gothic and its licence (OFL.txt)."""
    return Path(str(resources.files("osai_procure.render") / "fonts"))


class FontNotFoundError(CodedError):
    """No usable Japanese TrueType font was found."""


@dataclass(frozen=True)
class FontFiles:
    """The TrueType files of one family: regular, bold and a monospaced face for digests."""

    family: str
    regular: Path
    bold: Path
    mono: Path


@dataclass(frozen=True)
class Fonts:
    """Registered reportlab font names, and the code points every face can draw."""

    files: FontFiles
    regular: str
    bold: str
    mono: str
    coverage: frozenset[int]

    def covers(self, char: str) -> bool:
        """Whether every face has a glyph for the character."""
        return ord(char) in self.coverage


def font_dirs(environ: Mapping[str, str] | None = None) -> list[Path]:
    """The directories searched, in order: $OSAI_PROCURE_FONT_DIR, then the bundled fonts."""
    env = os.environ if environ is None else environ
    dirs = [Path(env[FONT_DIR_ENV])] if env.get(FONT_DIR_ENV) else []
    return [*dirs, bundled_font_dir()]


def _index(dirs: Iterable[Path]) -> dict[str, Path]:
    """Map each TrueType file name to its first path under the directories."""
    found: dict[str, Path] = {}
    wanted = {name for c in _CANDIDATES for name in c[1:]}
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*.ttf")):
            if path.name in wanted and path.name not in found:
                found[path.name] = path
    return found


def find_fonts(dirs: Sequence[Path] | None = None) -> FontFiles:
    """Find BIZ UD Gothic (regular and bold), BIZ UDPGothic or IPAex Gothic, in that order.

    Raises:
        FontNotFoundError: no candidate family is complete; the message says what to install.
    """
    search = font_dirs() if dirs is None else list(dirs)
    found = _index(search)
    for family, regular, bold, mono in _CANDIDATES:
        if regular in found and bold in found:
            return FontFiles(family, found[regular], found[bold], found.get(mono, found[regular]))
    raise FontNotFoundError.coded(
        "font.not_found", hint=INSTALL_HINT, searched=", ".join(str(d) for d in search)
    )


@functools.lru_cache(maxsize=8)
def register_fonts(files: FontFiles) -> Fonts:
    """Register the faces with reportlab once per process, `<b>` mapped to the bold face.

    Raises:
        FontNotFoundError: a file is not a TrueType font reportlab can embed.
    """
    names = {}
    faces = []
    for role, path in (("regular", files.regular), ("bold", files.bold), ("mono", files.mono)):
        name = f"OsaiProcure-{path.stem}"
        try:
            font = TTFont(name, str(path))
        except (TTFError, OSError) as exc:
            raise FontNotFoundError.coded(
                "font.unusable", path=path, detail=exc, hint=INSTALL_HINT
            ) from None
        pdfmetrics.registerFont(font)
        names[role] = name
        faces.append(set(font.face.charToGlyph))
    regular, bold = names["regular"], names["bold"]
    # Map every style of the family so `<b>`/`<i>` in templates never fall back to Helvetica.
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)
    coverage = frozenset(set.intersection(*faces))
    return Fonts(files, regular, bold, names["mono"], coverage)


@functools.lru_cache(maxsize=8)
def _find_cached(dirs: tuple[Path, ...]) -> FontFiles:
    """`find_fonts`, once per process and search path."""
    return find_fonts(dirs)


def load_fonts(dirs: Sequence[Path] | None = None) -> Fonts:
    """Find (once per search path) and register the fonts.

    Raises:
        FontNotFoundError: none found; the message says what to install.
    """
    return register_fonts(_find_cached(tuple(font_dirs() if dirs is None else dirs)))
