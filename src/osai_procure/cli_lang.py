"""The language of the command line's messages: `--lang ja|en` on every command, its default
decided in one place, and the errors a command raises worded in both languages."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from typing import Any

from osai_procure.errors import OsaiProcureError
from osai_procure.models.base import Lang
from osai_procure.wording import cli_text

LANG_ENV = "OSAI_PROCURE_LANG"
# The locale variables in the order POSIX gives them precedence: the first one set decides.
LOCALE_ENVS = ("LC_ALL", "LC_MESSAGES", "LANG")


def _language_of(value: str) -> Lang:
    """Japanese for a value that names it (`ja`, `ja_JP.UTF-8`), else English."""
    return "ja" if value.strip().lower().startswith("ja") else "en"


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """The language a command speaks when `--lang` is not given: `OSAI_PROCURE_LANG` if set,
    else the locale (LC_ALL, LC_MESSAGES, LANG; Japanese when it starts with `ja`), else
    English."""
    env = os.environ if environ is None else environ
    chosen = env.get(LANG_ENV, "").strip()
    if chosen:
        return _language_of(chosen)
    for name in LOCALE_ENVS:
        value = env.get(name, "").strip()
        if value:
            return _language_of(value)
    return "en"


def add_lang(parser: argparse.ArgumentParser, what: str = "the messages") -> None:
    """Give a command `--lang ja|en`, defaulting as `default_lang` decides."""
    parser.add_argument(
        "--lang",
        choices=("ja", "en"),
        default=default_lang(),
        help=f"the language of {what} (default: {LANG_ENV}, else the locale, else en)",
    )


class CliError(OsaiProcureError):
    """A command line that cannot be carried out, worded in both languages
    (`wording.CLI`); `str()` is the English."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(cli_text(code, "en", **params))

    def text(self, lang: Lang) -> str:
        """The message in one language."""
        return cli_text(self.code, lang, **self.params)


__all__ = ["LANG_ENV", "CliError", "add_lang", "default_lang"]
