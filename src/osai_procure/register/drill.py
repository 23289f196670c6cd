"""A preservation drill from start to finish, shared by `osai-procure deposit verify` and the
Drill page: check the deposit (`osai_procure.deposit`), make the record, sign it, keep it with
the assessment (on the register, and as evidence of the preservation and continuity questions).

An uploaded deposit (a zip of a BagIt bag, or of a SHA-256 manifest beside its files) is
unpacked here under the same limits as a workbook (`osai_procure.zipsafe`): every entry's path
stays inside the folder, links and encrypted entries are refused, and the inflated size, the
ratio and the number of entries are bounded before anything is written.
"""

from __future__ import annotations

import io
import json
import shutil
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from osai_procure.deposit import (
    DRILL_NAMESPACE,
    DepositError,
    DepositProblem,
    DrillResult,
    drill_record,
    read_deposit,
    verify_deposit,
)
from osai_procure.models.answers import Answer, DrillSummary, Evidence
from osai_procure.roles import Principal
from osai_procure.store import LOCKED_STATUSES, Repository
from osai_procure.store.register import DrillResult as DrillOutcome
from osai_procure.store.register import RegisterStore
from osai_procure.zipsafe import MAX_ENTRIES, MAX_INFLATED_BYTES, MAX_RATIO

# The questions a drill record is evidence for, both under OSG-JP Proposal 1: that the
# deposit is preserved and verified, and that operation can continue if an external service
# stops (by rebuilding from the deposit, which the drill shows to be intact).
EVIDENCE_QUESTIONS = ("preservation_verification_level", "continuity_operable_if_service_stops")
RECORD_MEDIA_TYPE = "application/vnd.osai-procure.drill+json"
# What a manifest in an uploaded zip may be called (the `sha256sum` format).
MANIFEST_NAMES = ("SHA256SUMS", "sha256sums.txt", "manifest.sha256", "checksums.sha256")

# What became of a drill kept with an assessment: on the register only, because the revision
# is approved or rejected (locked) or because the actor's role does not change assessments
# (recorded: a reviewer or an approver); also attached to the preservation and continuity
# answers; also cited.
Kept = Literal["locked", "recorded", "attached", "cited"]


@dataclass(frozen=True)
class Drill:
    """A drill performed: the result, the signed record (record and envelope) and what was
    done with it (None: not kept with an assessment)."""

    result: DrillResult
    signed: dict[str, Any]
    kept: Kept | None
    questions: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether the deposit passed."""
        return self.result.passed

    def record_bytes(self) -> bytes:
        """The signed record as the JSON file that is kept and downloaded."""
        return (json.dumps(self.signed, ensure_ascii=False, indent=2) + "\n").encode()


def sign_drill(record: dict[str, Any], keys: Any) -> dict[str, Any]:
    """The record with its Ed25519 envelope under the drill namespace (None: unsigned)."""
    from osai_procure.render.record import canonical
    from osai_procure.signing import sign_record

    if keys is None:
        return {"record": record, "signature": None}
    envelope = sign_record(canonical(record), keys, namespace=DRILL_NAMESPACE)
    return {"record": record, "signature": envelope.model_dump(mode="json")}


def drill_summary(signed: dict[str, Any]) -> DrillSummary:
    """What a signed drill record (`sign_drill`) says, for the evidence that cites it."""
    record = signed["record"]
    signature = signed.get("signature")
    return DrillSummary(
        performed_at=record["performed_at"],
        performed_by=record["performed_by"],
        target=record["target"],
        deposit_kind=record["deposit_kind"],
        files_listed=record["files_listed"],
        files_checked=record["files_checked"],
        bytes_checked=record["bytes_checked"],
        missing=len(record["missing"]),
        extra=len(record["extra"]),
        changed=len(record["changed"]),
        unreadable=len(record["unreadable"]),
        result=record["result"],
        key_fingerprint=signature.get("key_fingerprint") if isinstance(signature, dict) else None,
    )


def keep_drill(
    repository: Repository,
    assessment_id: str,
    result: DrillResult,
    signed: dict[str, Any],
    *,
    actor: str | Principal,
    target: str,
    at: datetime,
) -> tuple[Kept, tuple[str, ...]]:
    """Store the drill with the assessment and, while the revision is open and the actor may
    change it, attach its record to the preservation and continuity questions
    (`EVIDENCE_QUESTIONS`); a draft also cites it as evidence (the report lists it). Returns
    what was done and the questions.

    Raises:
        NotFoundError: no such assessment.
        PermissionDeniedError: the roles file does not let the actor record a drill.
    """
    record = repository.get(assessment_id)
    data = (json.dumps(signed, ensure_ascii=False, indent=2) + "\n").encode()
    outcome: DrillOutcome = "passed" if result.passed else "failed"
    # The register store checks the actor's roles itself (the repository's roles file), as
    # the attachment and the answers below are checked by the repository.
    RegisterStore.of(repository).add_drill(
        record.id, at, actor, target, outcome, result.checked, result.bytes, signed
    )
    if record.status in LOCKED_STATUSES:
        return "locked", ()
    if not repository.may(actor, "edit"):
        return "recorded", ()
    name = f"preservation-drill-{at.strftime('%Y%m%dT%H%M%SZ')}.json"
    summary = drill_summary(signed)
    changes: dict[str, Answer] = {}
    for question in EVIDENCE_QUESTIONS:
        stored = repository.add_attachment(
            record.id, question, name, data, actor, media_type=RECORD_MEDIA_TYPE
        )
        answer = record.answers.get(question) or Answer(value="unknown")
        evidence = Evidence(file=stored.filename, sha256=stored.sha256, drill=summary)
        changes[question] = answer.model_copy(update={"evidence": (*answer.evidence, evidence)})
    if record.status != "draft":
        # Changing an answer in review would withdraw the sign-offs: the file is attached and
        # the officer cites it when the assessment comes back.
        return "attached", tuple(changes)
    repository.save_answers(record.id, changes, record.version, actor)
    return "cited", tuple(changes)


def _name(actor: str | Principal) -> str:
    """Who performed the drill, as the record and the register name them."""
    return actor.identity if isinstance(actor, Principal) else actor


def perform_drill(
    path: Path,
    *,
    target: str,
    actor: str | Principal,
    at: datetime,
    tool_version: str,
    keys: Any,
    repository: Repository | None = None,
    assessment_id: str | None = None,
    jobs: int = 0,
    progress: Callable[[int], None] = lambda _n: None,
) -> Drill:
    """Check the deposit at `path` (a bag directory or a manifest file), sign the record with
    `keys` (None: unsigned) and, given an assessment, keep it with it. `target` is what the
    record names as checked.

    Raises:
        DepositError: the deposit cannot be read.
        NotFoundError: no such assessment.
        PermissionDeniedError: the roles file does not let the actor record a drill.
    """
    if repository is not None:
        refusal = repository.refusal(actor, "drill")
        if refusal is not None:  # before any file is read
            raise refusal
    result = verify_deposit(read_deposit(path), jobs, progress)
    record = drill_record(
        result,
        target=target,
        actor=_name(actor),
        at=at,
        assessment_id=assessment_id,
        tool_version=tool_version,
        evidence_for=EVIDENCE_QUESTIONS if assessment_id is not None else (),
    )
    signed = sign_drill(record, keys)
    if repository is None or assessment_id is None:
        return Drill(result, signed, None)
    kept, questions = keep_drill(
        repository, assessment_id, result, signed, actor=actor, target=target, at=at
    )
    return Drill(result, signed, kept, questions)


# -- uploaded deposits ----------------------------------------------------------------------


def _entry_path(entry: str, name: str) -> PurePosixPath:
    """An entry's path, refusing absolute paths, drive letters and any way out.

    Raises:
        DepositError: the entry would land outside the folder.
    """
    path = PurePosixPath(entry.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise DepositError(DepositProblem("entry_outside", name, entry=entry))
    return path


def unpack_deposit(raw: bytes, name: str, folder: Path) -> Path:
    """Unpack an uploaded zip into `folder` and return the deposit in it: the bag (the folder
    holding `bagit.txt`) or the manifest (`MANIFEST_NAMES`), at the top or in a single top
    folder.

    Raises:
        DepositError: not a zip, hostile (a path out of the folder, a link, encrypted, a zip
            bomb, too many entries), or no bag or manifest inside.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DepositError(DepositProblem("not_zip", name)) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DepositError(
                DepositProblem("too_many_entries", name, count=len(infos), limit=MAX_ENTRIES)
            )
        total = 0
        for info in infos:
            _entry_path(info.filename, name)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise DepositError(DepositProblem("entry_link", name, entry=info.filename))
            if info.flag_bits & 0x1:
                raise DepositError(DepositProblem("entry_encrypted", name, entry=info.filename))
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                ratio = info.file_size // max(info.compress_size, 1)
                raise DepositError(
                    DepositProblem("zip_bomb", name, entry=info.filename, count=ratio)
                )
            total += info.file_size
        if total > MAX_INFLATED_BYTES:
            raise DepositError(
                DepositProblem("too_large", name, count=total, limit=MAX_INFLATED_BYTES)
            )
        for info in infos:
            target = folder.joinpath(*_entry_path(info.filename, name).parts)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, target.open("xb") as sink:
                    # Bounded by the declared size checked above (zipfile stops there).
                    shutil.copyfileobj(source, sink, 1 << 20)
            except FileExistsError:
                raise DepositError(
                    DepositProblem("entry_twice", name, entry=info.filename)
                ) from None
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
                raise DepositError(
                    DepositProblem("entry_damaged", name, entry=info.filename)
                ) from None
    return _find_deposit(folder, name)


def _find_deposit(folder: Path, name: str) -> Path:
    """The bag or manifest in an unpacked folder (at its top, or in its only subfolder).

    Raises:
        DepositError: none, or several manifests.
    """
    tops = [folder]
    entries = list(folder.iterdir())
    if len(entries) == 1 and entries[0].is_dir():
        tops.append(entries[0])
    for top in tops:
        if (top / "bagit.txt").is_file():
            return top
        manifests = [top / m for m in MANIFEST_NAMES if (top / m).is_file()]
        if len(manifests) > 1:
            raise DepositError(DepositProblem("several_manifests", name))
        if manifests:
            return manifests[0]
    raise DepositError(DepositProblem("no_deposit", name, names=", ".join(MANIFEST_NAMES)))
