"""The `osai-procure import` command: a file of a known format into an answers file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from osai_procure.cli_lang import add_lang
from osai_procure.errors import ContentError, OsaiProcureError, Problem
from osai_procure.importers import (
    FORMATS,
    MAX_SOURCE_BYTES,
    ImportNote,
    ImportResult,
    import_file,
    merge_answers,
    read_source,
    title_of,
)
from osai_procure.loading import PolicyBundle, load_answers, load_policy
from osai_procure.models.base import Lang
from osai_procure.paths import library_for, policy_file
from osai_procure.wording import cli_text, problem_text


def add_commands(subparsers: Any) -> None:
    """Register `import FORMAT FILE [-o ANSWERS] [--policy POLICY] [--into ANSWERS]`."""
    parser = subparsers.add_parser(
        "import",
        help="import a Model Openness Tool file, model card, BOM or vendor workbook",
        description="Turn a machine-readable record into an answers file whose answers are "
        "marked `provenance: imported` until an officer confirms them.",
    )
    parser.add_argument("format", choices=FORMATS, help="the format of FILE")
    parser.add_argument("file", help="the file to import")
    parser.add_argument("-o", "--output", help="write the answers file here (default: stdout)")
    parser.add_argument(
        "--policy",
        help="a policy file or id: check the answers against it (a vendor workbook defaults to "
        "the policy it was exported for)",
    )
    parser.add_argument(
        "--into",
        help="an existing answers file to pre-fill; its declared and confirmed answers are kept",
    )
    add_lang(parser, "the answers' notes (that of the assessment) and the messages")
    parser.set_defaults(handler=cmd_import)


def _find_policy(policy: str) -> PolicyBundle:
    """Load a policy given as a path or as an id in the content library.

    Raises:
        ContentError: no such policy, or problems in it.
    """
    path = policy_file(policy)
    return load_policy(path, library_for(path))


def _bundle_for(args: argparse.Namespace) -> PolicyBundle | None:
    """The policy to check against: --policy, or for a workbook the one it names."""
    if args.policy:
        return _find_policy(args.policy)
    if args.format != "xlsx":
        return None
    from osai_procure.importers.xlsx import workbook_policy_id

    raw, name = read_source(Path(args.file), None, MAX_SOURCE_BYTES["xlsx"])
    policy_id = workbook_policy_id(raw, name)
    if not policy_id:
        raise ContentError(
            [Problem(name, "the workbook names no policy; give --policy", code="import.no_policy")]
        )
    return _find_policy(policy_id)


def note_line(note: ImportNote, lang: Lang, title: Callable[[str], str] | None = None) -> str:
    """One import note as the command prints it: its level, then the note in `lang` (its
    question by title where `title` is given); English as the importers word it."""
    if lang == "en":
        return str(note)
    return cli_text(f"import.{note.level}", lang, note=note.text(lang, title))


def render_answers(
    result: ImportResult, lang: Lang = "en", title: Callable[[str], str] | None = None
) -> str:
    """The YAML text of an imported answers file, headed by comments with the import notes
    (in `lang`)."""
    header = [
        cli_text("import.header", lang, format=result.format, source=result.source),
        cli_text("import.header_confirm", lang),
    ]
    for note in result.notes:
        header.append("# " + " ".join(note_line(note, lang, title).split()))
    body = yaml.safe_dump(
        result.answers.model_dump(mode="json", exclude_none=True),
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return "\n".join(header) + "\n" + body


def cmd_import(args: argparse.Namespace) -> int:
    """Import FILE and write (or print) the answers; notes go to stderr."""
    lang: Lang = args.lang
    try:
        bundle = _bundle_for(args)
        result = import_file(args.format, Path(args.file), None, bundle)
        if args.into:
            result = merge_answers(load_answers(Path(args.into), bundle), result)
        title = title_of(bundle, lang)
        result = result.in_language(lang, title)
        text = render_answers(result, lang, title)
        if args.output:
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as exc:
                message = f"cannot write the file: {exc.strerror}"
                raise ContentError(
                    [Problem(args.output, message, code="write.unwritable")]
                ) from None
        else:
            sys.stdout.write(text)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem_text(problem, lang), file=sys.stderr)
        return 2
    except OsaiProcureError as exc:
        from osai_procure.cli import message_of

        print(message_of(exc, lang), file=sys.stderr)
        return 2
    for note in result.notes:
        print(note_line(note, lang, title), file=sys.stderr)
    imported = len(result.imported_questions)
    print(cli_text("import.done", lang, count=imported, source=result.source), file=sys.stderr)
    return 0
