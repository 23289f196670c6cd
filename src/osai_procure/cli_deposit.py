"""`osai-procure deposit verify`: a preservation drill on a deposited bag or SHA-256 manifest,
with a progress bar, a signed drill record, and (with --assessment) the drill kept with the
assessment: on the register, and as evidence of the preservation questions."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from osai_procure import __version__
from osai_procure.cli_lang import add_lang
from osai_procure.deposit import DepositError, read_deposit, total_bytes
from osai_procure.errors import ContentError
from osai_procure.models.base import Lang
from osai_procure.register.drill import Drill, perform_drill
from osai_procure.roles import ROLE_NAMES, ROLES_ENV, PermissionDeniedError, Principal, os_account
from osai_procure.wording import deposit_text, problem_text, refusal_text


class Progress:
    """A progress bar on a terminal: bytes read of the total, updated at most five times a
    second from any thread; nothing when the stream is not a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream
        self.live = stream.isatty()
        self.started = time.monotonic()
        self.shown = 0.0
        self.lock = threading.Lock()

    def __call__(self, size: int) -> None:
        with self.lock:
            self.done += size
            now = time.monotonic()
            if self.live and now - self.shown >= 0.2:
                self.shown = now
                self._draw(now)

    def _draw(self, now: float) -> None:
        share = min(self.done / self.total, 1.0)
        rate = self.done / max(now - self.started, 1e-6) / 1e6
        bar = "#" * int(share * 30)
        self.stream.write(f"\r[{bar:<30}] {share:6.1%}  {rate:8.1f} MB/s")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        if self.live:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _keys(args: argparse.Namespace, now: datetime) -> Any:
    """The installation's signing keys (encrypted at rest unless the installation opted out,
    as for `report --sign`)."""
    from osai_procure.signing import default_key_dir, ensure_keys
    from osai_procure.signing.keys import PASSPHRASE_ENV, UNENCRYPTED_ENV

    directory = Path(args.key_dir) if args.key_dir else default_key_dir(os.environ, Path.home())
    passphrase = os.environ.get(PASSPHRASE_ENV)
    unencrypted = os.environ.get(UNENCRYPTED_ENV, "").strip().lower() in ("1", "true", "yes")
    return ensure_keys(
        directory,
        now=now,
        passphrase=passphrase.encode() if passphrase else None,
        unencrypted=unencrypted,
    )


def _kept_text(drill: Drill, assessment_id: str, lang: Lang) -> str:
    """What was done with the drill, for the summary."""
    return deposit_text(
        f"kept.{drill.kept or 'cited'}", lang, at=assessment_id, names=", ".join(drill.questions)
    )


def _cmd_deposit_verify(args: argparse.Namespace) -> int:
    """Check every file of a deposit; exit 0 when it passes, 1 when it fails, 2 when it
    cannot be checked (the reason in the language asked for)."""
    from osai_procure.signing.keys import SigningError

    lang: Lang = args.lang
    try:
        return _verify(args, lang)
    except DepositError as exc:
        detail = exc.text(lang)
    except PermissionDeniedError as exc:
        detail = _denied_text(exc, lang)
    except SigningError as exc:
        detail = exc.text(lang)
    except OSError as exc:
        detail = _os_text(exc, lang)
    except ContentError as exc:
        roles_file = os.environ.get(ROLES_ENV, "").strip()
        if lang == "en" or not roles_file or all(p.file != roles_file for p in exc.problems):
            raise  # as every command reports content problems
        if not Path(roles_file).is_file():
            detail = refusal_text("roles.not_found", lang, at=roles_file, names=ROLES_ENV)
        else:
            problems = "\n".join(problem_text(problem, lang) for problem in exc.problems)
            detail = refusal_text("roles.invalid", lang, at=roles_file, detail=problems)
    print(deposit_text("error", lang, detail=detail), file=sys.stderr)
    return 2


def _denied_text(exc: PermissionDeniedError, lang: Lang) -> str:
    """A refusal by the roles file in the language asked for (English as the store words
    it)."""
    if exc.code:
        return refusal_text(f"denied.{exc.code}", lang, **exc.params)
    if exc.kind != "role" or exc.reason or exc.change != "drill":
        return str(exc)
    join = "、" if lang == "ja" else " or "

    def roles(names: tuple[str, ...], sep: str) -> str:
        order: tuple[str, ...] = ROLE_NAMES
        if lang == "ja":  # in the roles' order, as the app lists them
            names = tuple(sorted(names, key=lambda n: order.index(n) if n in order else 9))
        return sep.join(refusal_text(f"role.{name}", lang) for name in names)

    text = refusal_text(
        "denied.role",
        lang,
        change=refusal_text("change.drill", lang),
        allowed=roles(exc.allowed, join),
        identity=exc.identity,
        held=roles(exc.held, "、" if lang == "ja" else ", ") or refusal_text("role.none", lang),
    )
    return text + (refusal_text("denied.auditor", lang) if exc.held == ("auditor",) else "")


def _os_text(exc: OSError, lang: Lang) -> str:
    """A file the command could not read or write, named, with what to do."""
    at = exc.filename if exc.filename is not None else "?"
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return refusal_text("os.not_found", lang, at=at)
    if isinstance(exc, PermissionError):
        return refusal_text("os.permission", lang, at=at)
    return refusal_text("os.other", lang, at=at)


def _verify(args: argparse.Namespace, lang: Lang) -> int:
    """The drill itself (see `_cmd_deposit_verify`).

    Raises:
        DepositError: the deposit cannot be read.
    """
    path = Path(args.deposit)
    deposit = read_deposit(path)  # fails early, before keys or the database are touched
    now = datetime.now(UTC)
    repository = None
    actor: str | Principal = (args.actor or getpass.getuser() or "").strip()
    if args.assessment:
        from osai_procure.cli_register import open_store

        repository, _ = open_store()
        if repository.roles is not None:
            # Under a roles file the drill is kept as the officer the file binds to the
            # operating-system account running this command, never as a typed name.
            actor = repository.roles.command_line_principal(os_account(), args.actor)
    if not actor:
        print(deposit_text("error", lang, detail=deposit_text("no_actor", lang)), file=sys.stderr)
        return 2
    progress = Progress(total_bytes(deposit), sys.stderr)
    drill = perform_drill(
        path,
        target=str(path.resolve()),
        actor=actor,
        at=now,
        tool_version=__version__,
        keys=None if args.no_sign else _keys(args, now),
        repository=repository,
        assessment_id=args.assessment,
        jobs=args.jobs,
        progress=progress,
    )
    progress.finish()
    result, record = drill.result, drill.signed["record"]
    if args.record:
        Path(args.record).write_bytes(drill.record_bytes())
    if args.format == "json":
        print(json.dumps(drill.signed, ensure_ascii=False, indent=2))
    else:
        for label, paths in (
            ("missing", result.missing),
            ("extra", result.extra),
            ("changed", result.changed),
            ("unreadable", result.unreadable),
        ):
            for item in paths:
                print(deposit_text(f"file.{label}", lang, entry=item))
        print(
            deposit_text(
                f"result.{record['result']}",
                lang,
                count=result.checked,
                limit=len(result.deposit.expected),
                detail=result.bytes,
                names=deposit_text(f"kind.{result.deposit.kind}", lang),
            )
        )
        if args.assessment:
            print(_kept_text(drill, args.assessment, lang))
    return 0 if result.passed else 1


def add_commands(sub: Any) -> None:
    """Register `deposit verify` on the top-level subparsers."""
    p = sub.add_parser("deposit", help="preservation drills on deposited deliverables")
    dsub = p.add_subparsers(dest="deposit_command", required=True)
    v = dsub.add_parser(
        "verify",
        help="check every file of a BagIt bag or SHA-256 manifest; write a signed drill record",
    )
    v.add_argument("deposit", help="a BagIt bag directory, or a manifest in sha256sum format")
    v.add_argument("--jobs", type=int, default=0, help="files hashed at once (0: one per CPU)")
    v.add_argument("--assessment", metavar="ID", help="keep the drill with this assessment")
    v.add_argument(
        "--actor",
        metavar="NAME",
        help="who performed the drill (default: the login name); under a roles file the "
        "officer whose entry lists this account (`accounts`), and only their e-mail",
    )
    v.add_argument("--record", metavar="FILE", help="write the signed drill record here")
    v.add_argument("--no-sign", action="store_true", help="do not sign the record")
    v.add_argument("--key-dir", metavar="DIR", help="key directory (default: per installation)")
    v.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(v)
    v.set_defaults(handler=_cmd_deposit_verify)
