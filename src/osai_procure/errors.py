"""Typed errors that carry where a problem is: file, line, key path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one file, at a line and key path where known."""

    file: str
    message: str
    line: int | None = None
    path: str = ""
    # What is wrong as a code and its parameters (`wording.PROBLEMS`), so a page or command
    # can say it in Japanese; `message` is the English. Empty when only English exists.
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class OsaiProcureError(Exception):
    """Base of every error this package raises on purpose."""


class ContentError(OsaiProcureError):
    """One or more problems in questionnaires, policies or answers files."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
