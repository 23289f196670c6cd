"""Typed errors that carry where a problem is: file, line, key path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from osai_procure.models.base import Lang


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


def coded_problem(
    file: str,
    message: str,
    line: int | None = None,
    path: str = "",
    *,
    code: str,
    **params: object,
) -> Problem:
    """A problem with its English `message` as written and the code and parameters that word it
    in Japanese (`wording.PROBLEMS`); each parameter is filled in as text."""
    shown = tuple(sorted((name, str(value)) for name, value in params.items()))
    return Problem(file, message, line, path, code, shown)


class OsaiProcureError(Exception):
    """Base of every error this package raises on purpose."""


class ContentError(OsaiProcureError):
    """One or more problems in questionnaires, policies or answers files."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CodedError(OsaiProcureError):
    """An error with a code of `wording.ERRORS` and its parameters, worded in either language;
    its English is the message (logs, the CLI and English pages read as they did)."""

    def __init__(self, message: str, code: str | None = None, params: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.params = dict(params or {})

    @classmethod
    def coded(cls, code: str, **params: object) -> Self:
        """The error for `code`, worded in English as its message."""
        from osai_procure.wording import error_text

        shown = {name: str(value) for name, value in params.items()}
        return cls(error_text(code, "en", **shown), code, shown)

    def text(self, lang: Lang) -> str:
        """What happened and what to do, in one language (an uncoded error as written)."""
        from osai_procure.wording import error_text

        if self.code is None:
            return str(self)
        return error_text(self.code, lang, **self.params)
