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
from osai_procure.deposit import (
    DRILL_NAMESPACE,
    DrillResult,
    drill_record,
    read_deposit,
    total_bytes,
    verify_deposit,
)
from osai_procure.errors import OsaiProcureError
from osai_procure.models.answers import Answer, Evidence

# The questions a drill record is evidence for (OSG-JP Proposal 1: preservation).
EVIDENCE_QUESTIONS = ("preservation_verification_level",)
RECORD_MEDIA_TYPE = "application/vnd.osai-procure.drill+json"


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


def _sign(record: dict[str, Any], args: argparse.Namespace, now: datetime) -> dict[str, Any]:
    """The record with its Ed25519 envelope (namespace: preservation drill)."""
    from osai_procure.render.record import canonical
    from osai_procure.signing import default_key_dir, ensure_keys, sign_record
    from osai_procure.signing.keys import PASSPHRASE_ENV, UNENCRYPTED_ENV

    directory = Path(args.key_dir) if args.key_dir else default_key_dir(os.environ, Path.home())
    passphrase = os.environ.get(PASSPHRASE_ENV)
    # Keys are encrypted at rest unless the installation opted out (as `report --sign` does).
    unencrypted = os.environ.get(UNENCRYPTED_ENV, "").strip().lower() in ("1", "true", "yes")
    keys = ensure_keys(
        directory,
        now=now,
        passphrase=passphrase.encode() if passphrase else None,
        unencrypted=unencrypted,
    )
    envelope = sign_record(canonical(record), keys, namespace=DRILL_NAMESPACE)
    return {"record": record, "signature": envelope.model_dump(mode="json")}


def _keep(
    args: argparse.Namespace, result: DrillResult, signed: dict[str, Any], now: datetime
) -> str:
    """Store the drill with the assessment; attach the record to the preservation questions
    when the revision is still open. Returns what was done, for the summary."""
    from osai_procure.cli_register import open_store
    from osai_procure.store import LOCKED_STATUSES

    repository, store = open_store()
    record = repository.get(args.assessment)
    data = (json.dumps(signed, ensure_ascii=False, indent=2) + "\n").encode()
    store.add_drill(
        record.id,
        now,
        args.actor,
        args.deposit,
        "passed" if result.passed else "failed",
        result.checked,
        result.bytes,
        signed,
    )
    if record.status in LOCKED_STATUSES:
        return (
            f"kept with assessment {record.id} (revision {record.revision} is {record.status}: "
            "the record is on the register; attach it to the next revision's preservation "
            "answer)"
        )
    name = f"preservation-drill-{now.strftime('%Y%m%dT%H%M%SZ')}.json"
    note = (
        f"preservation drill {now.date().isoformat()}: {'passed' if result.passed else 'failed'}"
        f" ({result.checked} files checked, {len(result.missing)} missing, "
        f"{len(result.extra)} extra, {len(result.changed)} changed)"
    )
    changes: dict[str, Answer] = {}
    for question in EVIDENCE_QUESTIONS:
        stored = repository.add_attachment(
            record.id, question, name, data, args.actor, media_type=RECORD_MEDIA_TYPE
        )
        answer = record.answers.get(question) or Answer(value="unknown")
        evidence = Evidence(file=stored.filename, sha256=stored.sha256, note=note)
        changes[question] = answer.model_copy(update={"evidence": (*answer.evidence, evidence)})
    if record.status != "draft":
        # Changing an answer in review would withdraw the sign-offs: the file is attached and
        # the officer cites it when the assessment comes back.
        return f"kept with assessment {record.id}; record attached to {', '.join(changes)}"
    repository.save_answers(record.id, changes, record.version, args.actor)
    return (
        f"kept with assessment {record.id}; record attached to and cited as evidence of "
        f"{', '.join(changes)} (the report lists it)"
    )


def _cmd_deposit_verify(args: argparse.Namespace) -> int:
    """Check every file of a deposit; exit 0 when it passes, 1 when it fails."""
    actor = (args.actor or getpass.getuser() or "").strip()
    if not actor:
        raise OsaiProcureError("give --actor NAME: who performed the drill")
    args.actor = actor
    deposit = read_deposit(Path(args.deposit))
    progress = Progress(total_bytes(deposit), sys.stderr)
    result = verify_deposit(deposit, args.jobs, progress)
    progress.finish()
    now = datetime.now(UTC)
    record = drill_record(
        result,
        target=str(Path(args.deposit).resolve()),
        actor=args.actor,
        at=now,
        assessment_id=args.assessment,
        tool_version=__version__,
    )
    signed = {"record": record, "signature": None} if args.no_sign else _sign(record, args, now)
    kept = _keep(args, result, signed, now) if args.assessment else None
    if args.record:
        Path(args.record).write_text(json.dumps(signed, ensure_ascii=False, indent=2) + "\n")
    if args.format == "json":
        print(json.dumps(signed, ensure_ascii=False, indent=2))
    else:
        for label, paths in (
            ("missing", result.missing),
            ("extra", result.extra),
            ("changed", result.changed),
            ("unreadable", result.unreadable),
        ):
            for path in paths:
                print(f"{label}: {path}")
        print(
            f"{record['result']}: {result.checked} of {len(deposit.expected)} files, "
            f"{result.bytes} bytes checked ({deposit.kind})"
        )
        if kept:
            print(kept)
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
        "--actor", metavar="NAME", help="who performed the drill (default: the login name)"
    )
    v.add_argument("--record", metavar="FILE", help="write the signed drill record here")
    v.add_argument("--no-sign", action="store_true", help="do not sign the record")
    v.add_argument("--key-dir", metavar="DIR", help="key directory (default: per installation)")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.set_defaults(handler=_cmd_deposit_verify)
