"""Preservation drills: check a deposit file by file against its manifest and keep a signed
record of the check.

A deposit is a BagIt bag (RFC 8493, read with the Library of Congress `bagit` library: bag
declaration, payload and tag manifests, unsafe paths refused) or a SHA-256 manifest in the
`sha256sum` format (`<hex>  <relative path>` per line) beside the files it lists. Every file
is hashed in full, several at a time on threads (hashlib releases the GIL while it hashes, so
the cores work in parallel), and the result lists the missing, extra and changed files.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from osai_procure.errors import OsaiProcureError
from osai_procure.models.base import Lang
from osai_procure.wording import deposit_text

DRILL_NAMESPACE = "osai-procure/preservation-drill/v1"
RECORD_FORMAT = "osai-procure/preservation-drill-record/v1"
BLOCK = 1 << 20  # read 1 MiB at a time: large enough that hashing, not Python, sets the pace
_SUM_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")
Kind = Literal["bagit", "sha256-manifest"]


@dataclass(frozen=True)
class DepositProblem:
    """One reason a deposit cannot be checked: a code of `wording.DEPOSIT` and what it names
    (the file or upload, the manifest line, the entry); words are chosen when it is shown."""

    code: str
    where: str
    line: int | None = None
    entry: str = ""
    count: int = 0
    limit: int = 0
    detail: str = ""
    names: str = ""

    def text(self, lang: Lang) -> str:
        """The problem in one language."""
        at = f"{self.where}:{self.line}" if self.line else self.where
        return deposit_text(
            self.code,
            lang,
            at=at,
            entry=self.entry,
            count=f"{self.count:,}",
            limit=f"{self.limit:,}",
            detail=self.detail,
            names=self.names,
        )


class DepositError(OsaiProcureError):
    """The deposit cannot be read: not a bag, a malformed manifest, an unsafe path. Carries
    every problem as a code (`text` words them in a language; `str` is English)."""

    def __init__(self, *problems: DepositProblem) -> None:
        self.problems = problems
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        """Every problem, one a line, in `lang`."""
        return "\n".join(p.text(lang) for p in self.problems)

    def renamed(self, folder: str, name: str) -> DepositError:
        """The same problems with a temporary folder's path shown as the upload's name."""
        return DepositError(
            *(dataclasses.replace(p, where=p.where.replace(folder, name)) for p in self.problems)
        )


@dataclass(frozen=True)
class Expected:
    """A file the manifest lists: its path relative to the deposit root, the algorithm and
    the digest it must have."""

    path: str
    algorithm: str
    digest: str


@dataclass(frozen=True)
class Deposit:
    """What a deposit promises: the files and digests, and the files present but not listed."""

    root: Path
    kind: Kind
    expected: tuple[Expected, ...]
    unlisted: tuple[str, ...]
    manifest_files: tuple[str, ...]


@dataclass(frozen=True)
class DrillResult:
    """The outcome: every listed file checked; what is missing, extra or changed."""

    deposit: Deposit
    checked: int
    bytes: int
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    changed: tuple[str, ...]
    unreadable: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        """Nothing missing, extra, changed or unreadable."""
        return not (self.missing or self.extra or self.changed or self.unreadable)


def _inside(root: Path, relative: str, where: str, line: int | None = None) -> Path:
    """The file a manifest path names, refusing absolute paths and any way out of the root.

    Raises:
        DepositError: the path is absolute or leaves the deposit.
    """
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise DepositError(DepositProblem("path_outside", where, line, entry=relative))
    return root / candidate


def _walk(root: Path) -> Iterator[str]:
    """Every regular file under `root`, as a POSIX path relative to it (links not followed)."""
    for directory, _dirs, files in os.walk(root):
        for name in files:
            yield (Path(directory) / name).relative_to(root).as_posix()


def read_sha256_manifest(path: Path) -> Deposit:
    """A `sha256sum`-style manifest; the files are found relative to its directory.

    Raises:
        DepositError: unreadable, malformed lines (all named), or unsafe paths.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DepositError(DepositProblem("manifest_not_utf8", str(path))) from None
    except OSError as exc:
        reason = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
        raise DepositError(
            DepositProblem("manifest_unreadable", str(path), detail=reason)
        ) from None
    root = path.parent
    expected: list[Expected] = []
    problems: list[DepositProblem] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _SUM_LINE.match(line)
        if match is None:
            problems.append(DepositProblem("manifest_line", str(path), number))
            continue
        relative = match.group(2)
        try:
            _inside(root, relative, str(path), number)
        except DepositError as exc:
            problems += exc.problems
            continue
        expected.append(Expected(Path(relative).as_posix(), "sha256", match.group(1).lower()))
    if problems:
        raise DepositError(*problems)
    if not expected:
        raise DepositError(DepositProblem("manifest_empty", str(path)))
    listed = {e.path for e in expected}
    own = path.relative_to(root).as_posix()
    unlisted = tuple(sorted(p for p in _walk(root) if p not in listed and p != own))
    return Deposit(root, "sha256-manifest", tuple(expected), unlisted, (own,))


# The bagit library's reasons (its messages, as its pinned version words them) as our codes:
# each names the entry (a file, a version, an encoding) and the manifest (names) it is about.
_BAG_REASONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("bag.no_declaration", r"Expected bagit\.txt does not exist"),
        ("bag.missing_tags", r"Missing required tag in bagit\.txt: (?P<names>.*)"),
        ("bag.bad_version", r"Bag version numbers must be MAJOR\.MINOR numbers, not (?P<entry>.*)"),
        ("bag.unsupported_version", r"Unsupported bag version: (?P<entry>.*)"),
        ("bag.unsupported_encoding", r"Unsupported encoding: (?P<entry>.*)"),
        ("bag.byte_order_mark", r"bagit\.txt must not contain a byte-order mark"),
        ("bag.unsafe_path", r'Path "(?P<entry>.*)" in (?:manifest )?"(?P<names>.*)" is unsafe'),
        ("bag.listed_twice", r".*: (?P<names>\w+) manifest lists (?P<entry>.*) multiple times.*"),
        ("bag.no_manifest", r"No manifest files found"),
        ("bag.no_data", r"Expected data directory (?P<entry>.*) does not exist"),
    )
)


def bag_problem(where: str, reason: str) -> DepositProblem:
    """Why the bagit library cannot read a bag, as a coded problem; its own words are kept
    (in `detail`) only for the English and for a reason it gives that has no code."""
    for code, pattern in _BAG_REASONS:
        found = pattern.fullmatch(reason.strip())
        if found is not None:
            named = found.groupdict()
            names = Path(named["names"]).name if code == "bag.unsafe_path" else named.get("names")
            return DepositProblem(
                code, where, entry=named.get("entry") or "", names=names or "", detail=reason
            )
    return DepositProblem("bag_unreadable", where, detail=reason)


def read_bag(path: Path) -> Deposit:
    """A BagIt bag: its payload and tag manifests, strongest algorithm per file.

    Raises:
        DepositError: not a valid bag structure (the `bagit` library's reason is given).
    """
    import bagit

    path = path.resolve()
    try:
        bag = bagit.Bag(str(path))
        missing, extra = bag.compare_manifests_with_fs()
    except bagit.BagError as exc:
        raise DepositError(bag_problem(str(path), str(exc))) from None
    except UnicodeDecodeError as exc:  # bagit reads tag files without catching this
        problem = DepositProblem("bag.not_text", str(path), detail=str(exc))
        raise DepositError(problem) from None
    preference = ("sha512", "sha384", "sha256", "sha224", "sha1", "md5")
    expected = []
    for relative, digests in sorted(bag.entries.items()):
        algorithm = next((a for a in preference if a in digests), None)
        if algorithm is None:
            raise DepositError(DepositProblem("bag_no_algorithm", str(path), entry=relative))
        posix = Path(relative).as_posix()
        _inside(path, posix, str(path))
        expected.append(Expected(posix, algorithm, str(digests[algorithm]).lower()))
    listed = {e.path for e in expected}
    unlisted = tuple(sorted({Path(p).as_posix() for p in extra} - listed))
    manifests = tuple(
        Path(p).relative_to(path).as_posix()
        for p in [*bag.manifest_files(), *bag.tagmanifest_files()]
    )
    del missing  # checked below, file by file, with the digests
    return Deposit(path, "bagit", tuple(expected), unlisted, manifests)


def read_deposit(path: Path) -> Deposit:
    """A bag (a directory with `bagit.txt`) or a SHA-256 manifest file.

    Raises:
        DepositError: neither, or unreadable.
    """
    if path.is_dir():
        if not (path / "bagit.txt").is_file():
            raise DepositError(DepositProblem("directory_not_bag", str(path)))
        return read_bag(path)
    if path.is_file():
        return read_sha256_manifest(path)
    raise DepositError(DepositProblem("not_found", str(path)))


def _digest(path: Path, algorithm: str, progress: Callable[[int], None]) -> str | None:
    """The file's digest, reporting bytes as they are read; None if it cannot be read."""
    hasher = hashlib.new(algorithm)
    buffer = bytearray(BLOCK)
    view = memoryview(buffer)
    try:
        with path.open("rb", buffering=0) as handle:
            while True:
                size = handle.readinto(buffer)
                if not size:
                    break
                hasher.update(view[:size])
                progress(size)
    except OSError:
        return None
    return hasher.hexdigest()


def total_bytes(deposit: Deposit) -> int:
    """The bytes the drill will read (files that exist)."""
    total = 0
    for item in deposit.expected:
        try:
            total += (deposit.root / item.path).stat().st_size
        except OSError:
            continue
    return total


def verify_deposit(
    deposit: Deposit, jobs: int = 0, progress: Callable[[int], None] = lambda _n: None
) -> DrillResult:
    """Hash every listed file (`jobs` threads; 0: one per CPU) and compare.

    `progress` is called with each block's size, from the worker threads.
    """
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    present: list[Expected] = []
    missing: list[str] = []
    for item in deposit.expected:
        target = deposit.root / item.path
        if target.is_file() and not target.is_symlink():
            present.append(item)
        else:
            missing.append(item.path)
    # Largest first, so one huge file does not start last and finish alone.
    present.sort(key=lambda e: -(deposit.root / e.path).stat().st_size)

    def check(item: Expected) -> tuple[Expected, str | None]:
        return item, _digest(deposit.root / item.path, item.algorithm, progress)

    changed: list[str] = []
    unreadable: list[str] = []
    size = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for item, digest in pool.map(check, present):
            if digest is None:
                unreadable.append(item.path)
                continue
            size += (deposit.root / item.path).stat().st_size
            if digest != item.digest:
                changed.append(item.path)
    return DrillResult(
        deposit,
        checked=len(present) - len(unreadable),
        bytes=size,
        missing=tuple(sorted(missing)),
        extra=deposit.unlisted,
        changed=tuple(sorted(changed)),
        unreadable=tuple(sorted(unreadable)),
    )


def drill_record(
    result: DrillResult,
    *,
    target: str,
    actor: str,
    at: datetime,
    assessment_id: str | None,
    tool_version: str,
    evidence_for: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The drill as a record to sign: who, when, what was checked, the result, and the
    questions of the assessment it is evidence for (none without an assessment)."""
    return {
        "format": RECORD_FORMAT,
        "assessment_id": assessment_id,
        "evidence_for": list(evidence_for),
        "performed_by": actor,
        "performed_at": at.isoformat(),
        "target": target,
        "deposit_kind": result.deposit.kind,
        "manifests": list(result.deposit.manifest_files),
        "files_listed": len(result.deposit.expected),
        "files_checked": result.checked,
        "bytes_checked": result.bytes,
        "missing": list(result.missing),
        "extra": list(result.extra),
        "changed": list(result.changed),
        "unreadable": list(result.unreadable),
        "result": "passed" if result.passed else "failed",
        "tool": f"osai-procure {tool_version}",
    }
