"""Back up and restore a shared deployment: the PostgreSQL database and the signing keys, in one
archive that says what it holds.

    .venv/bin/python deploy/backup.py backup  --db-url URL --home DIR  -o osai-backup.tar
    .venv/bin/python deploy/backup.py restore --db-url URL --home DIR  osai-backup.tar

`URL` is the app's `OSAI_PROCURE_DB_URL`, `DIR` its `OSAI_PROCURE_HOME` (the keys are in
`DIR/keys`). The archive holds `database.dump` (pg_dump's custom format: every table, the
history's append-only trigger, the schema revision), `keys/` and `manifest.json` with each
member's SHA-256. It holds the private signing keys: keep it where the keys may be kept.

Restore goes into an empty database (create it first) and a home without keys; it refuses to
overwrite either, checks every member against the manifest first, and runs in one transaction.
Use the PostgreSQL client programs of the server's major version or newer. See
docs/deployment.md.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

FORMAT = "osai-procure-backup/1"
DUMP = "database.dump"
MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def libpq_url(url: str) -> tuple[str, dict[str, str]]:
    """The app's SQLAlchemy URL as the PostgreSQL programs take it (no `+driver`), and the
    environment that carries its password (so it is not on a command line for `ps` to show).

    Raises:
        BackupError: the URL is not a PostgreSQL one.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise BackupError(
            f"{parts.scheme or url!r} is not a PostgreSQL URL; this backs up the shared "
            "PostgreSQL database (for SQLite, copy the data directory while the app is stopped)"
        )
    env = {"PGPASSWORD": unquote(parts.password)} if parts.password else {}
    netloc = parts.netloc.rsplit("@", 1)
    if len(netloc) == 2:
        netloc[0] = netloc[0].split(":", 1)[0]
    return urlunsplit(("postgresql", "@".join(netloc), *parts[2:])), env


def _program(name: str) -> str:
    """A PostgreSQL client program: on PATH, else the newest Debian install."""
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not installed:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return str(installed[-1])


def _run(command: list[str], env: dict[str, str]) -> bytes:
    """Run a client program; its own message on failure."""
    done = subprocess.run(command, capture_output=True, env={**os.environ, **env})
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()[-800:]
        raise BackupError(f"{Path(command[0]).name} failed: {message}")
    return done.stdout


def _sha256(data: bytes) -> str:
    """Hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def backup(db_url: str, home: Path, out: Path, now: datetime) -> dict[str, object]:
    """Write the archive of the database and `home/keys` to `out`; return its manifest.

    Raises:
        BackupError: no keys, not PostgreSQL, or pg_dump failed.
    """
    keys = home / "keys"
    files = sorted(p for p in keys.rglob("*") if p.is_file()) if keys.is_dir() else []
    if not files:
        raise BackupError(f"{keys}: no signing keys there; pass the app's OSAI_PROCURE_HOME")
    url, env = libpq_url(db_url)
    dump = _run([_program("pg_dump"), "--format=custom", "--no-owner", url], env)
    members = {DUMP: dump} | {
        f"keys/{p.relative_to(keys).as_posix()}": p.read_bytes() for p in files
    }
    manifest: dict[str, object] = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "members": {name: _sha256(data) for name, data in members.items()},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with tarfile.open(partial, "w") as archive:
        for name, data in [(MANIFEST, json.dumps(manifest, indent=2).encode()), *members.items()]:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o600, int(now.timestamp())
            archive.addfile(info, io.BytesIO(data))
    partial.chmod(0o600)
    partial.replace(out)  # a half-written archive never takes the final name
    return manifest


def _read(archive_path: Path) -> dict[str, bytes]:
    """The archive's members, each checked against the manifest.

    Raises:
        BackupError: not an archive of this kind, or a member missing, extra or altered.
    """
    try:
        with tarfile.open(archive_path, "r") as archive:
            members = {}
            for info in archive.getmembers():
                if not info.isfile() or info.name.startswith("/") or ".." in info.name.split("/"):
                    raise BackupError(f"{archive_path}: unexpected member {info.name!r}")
                handle = archive.extractfile(info)
                members[info.name] = handle.read() if handle else b""
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{archive_path}: not a readable backup archive ({exc})") from None
    try:
        manifest = json.loads(members.pop(MANIFEST))
        expected = dict(manifest["members"])
        if manifest.get("format") != FORMAT:
            raise ValueError(manifest.get("format"))
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(f"{archive_path}: no valid {MANIFEST} ({exc})") from None
    if set(members) != set(expected):
        raise BackupError(f"{archive_path}: members differ from the manifest")
    for name, data in members.items():
        if _sha256(data) != expected[name]:
            raise BackupError(f"{archive_path}: {name} does not match its SHA-256")
    return members


def restore(archive_path: Path, db_url: str, home: Path) -> None:
    """Restore the archive into an empty database and a home without keys.

    Raises:
        BackupError: the archive is damaged, the database is not empty, keys exist already,
            or pg_restore failed (then nothing of the database is restored).
    """
    members = _read(archive_path)
    keys = home / "keys"
    if keys.exists() and any(keys.iterdir()):
        raise BackupError(f"{keys} holds keys already; restore into an empty home")
    url, env = libpq_url(db_url)
    count = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
    tables = _run([_program("psql"), "-XAtq", "-d", url, "-c", count], env)
    if tables.strip() != b"0":
        raise BackupError("the database is not empty; create a new one and restore into it")
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DUMP
        dump.write_bytes(members[DUMP])
        restore_options = ["--no-owner", "--exit-on-error", "--single-transaction"]
        _run([_program("pg_restore"), *restore_options, "-d", url, str(dump)], env)
    keys.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name, data in members.items():
        if name.startswith("keys/"):
            target = keys / name.removeprefix("keys/")
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            target.write_bytes(data)
            target.chmod(0o600)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="deploy/backup.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup", help="write an archive of the database and the keys")
    make.add_argument("-o", "--output", type=Path, required=True)
    back = sub.add_parser("restore", help="restore an archive into an empty database and home")
    back.add_argument("archive", type=Path)
    for command in (make, back):
        command.add_argument("--db-url", required=True, help="the app's OSAI_PROCURE_DB_URL")
        command.add_argument("--home", type=Path, required=True, help="its OSAI_PROCURE_HOME")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            manifest = backup(args.db_url, args.home, args.output, datetime.now(UTC))
            print(f"wrote {args.output}: {len(manifest['members'])} members")  # type: ignore[arg-type]
        else:
            restore(args.archive, args.db_url, args.home)
            print(f"restored {args.archive}")
    except BackupError as exc:
        print(f"deploy/backup.py: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
