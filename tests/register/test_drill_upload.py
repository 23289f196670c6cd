"""Uploaded deposits for the Drill page: a zipped bag or manifest is unpacked and checked by
the same function as `deposit verify`; hostile zips are refused with a clear reason before
anything is written outside the folder."""

from __future__ import annotations

import hashlib
import io
import stat
import zipfile
from pathlib import Path

import bagit
import pytest

from osai_procure.deposit import DepositError
from osai_procure.register import drill as drill_module
from osai_procure.register.drill import perform_drill, unpack_deposit
from osai_procure.store.register import RegisterStore
from tests.register.helpers import Clock, at, stored_cases


def _zip(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding `files` (name: bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zipped_bag(tmp_path: Path) -> bytes:
    """A BagIt bag with two payload files, zipped under one top folder."""
    root = tmp_path / "made" / "deposit"
    root.mkdir(parents=True)
    (root / "weights.bin").write_bytes(bytes(range(256)) * 64)
    (root / "README.md").write_text("# 預託物\n", encoding="utf-8")
    bagit.make_bag(str(root), checksums=["sha256"])
    return _zip(
        {
            p.relative_to(root.parent).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file()
        }
    )


def test_a_zipped_bag_is_checked_and_kept_with_the_assessment(tmp_path: Path) -> None:
    """A bag zipped under one folder is found, passes, and its signed-or-not record is kept on
    the register and cited on the draft's preservation answer."""
    repo = stored_cases(f"sqlite:///{tmp_path / 'db.sqlite3'}", Clock(at("2026-04-01T09:00")))
    ident = repo.list_assessments(limit=1)[0].id
    folder = tmp_path / "unpacked"
    folder.mkdir()
    path = unpack_deposit(_zipped_bag(tmp_path), "deposit.zip", folder)
    assert path == folder / "deposit"
    done = perform_drill(
        path,
        target="deposit.zip",
        actor="保存 担当",
        at=at("2026-04-02T10:00"),
        tool_version="test",
        keys=None,
        repository=repo,
        assessment_id=ident,
    )
    assert done.passed and done.kept == "cited"
    assert done.result.checked == len(done.result.deposit.expected) >= 2
    drills = RegisterStore(repo.engine).drills(ident)
    assert [(d.result, d.actor, d.target) for d in drills] == [
        ("passed", "保存 担当", "deposit.zip")
    ]
    evidence = repo.get(ident).answers["preservation_verification_level"].evidence
    assert evidence[-1].sha256 == hashlib.sha256(done.record_bytes()).hexdigest()
    repo.engine.dispose()


def test_a_zipped_manifest_with_a_changed_file_fails(tmp_path: Path) -> None:
    """A SHA256SUMS manifest at the top of the zip is used; a file whose bytes differ is named
    as changed."""
    listed = {"a.txt": b"alpha\n", "b.txt": b"beta\n"}
    sums = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in listed.items())
    raw = _zip({"SHA256SUMS": sums.encode(), "a.txt": b"alpha\n", "b.txt": b"BETA\n"})
    folder = tmp_path / "unpacked"
    folder.mkdir()
    path = unpack_deposit(raw, "sums.zip", folder)
    done = perform_drill(
        path, target="sums.zip", actor="x", at=at("2026-04-02T10:00"), tool_version="t", keys=None
    )
    assert not done.passed and done.result.changed == ("b.txt",) and done.kept is None


def _symlink_zip() -> bytes:
    """A zip whose entry is a symbolic link to /etc/passwd."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"not a zip at all", "not a zip archive"),
        (_zip({"../outside.txt": b"x"}), "leaves the deposit"),
        (_zip({"/etc/cron.d/evil": b"x"}), "leaves the deposit"),
        (_zip({"C:/Windows/evil": b"x"}), "leaves the deposit"),
        (_zip({"bag/..\\..\\evil": b"x"}), "leaves the deposit"),
        (_symlink_zip(), "links are refused"),
        (_zip({"zeros.bin": bytes(20 * 1024 * 1024)}), "possible zip bomb"),
        (_zip({f"f{n}.txt": b"x" for n in range(drill_module.MAX_ENTRIES + 1)}), "at most"),
        (_zip({"readme.txt": b"no manifest here"}), "neither a BagIt bag"),
    ],
    ids=[
        "not-zip",
        "dot-dot",
        "absolute",
        "drive",
        "backslash",
        "symlink",
        "bomb",
        "entries",
        "no-deposit",
    ],
)
def test_hostile_or_empty_uploads_are_refused(tmp_path: Path, raw: bytes, reason: str) -> None:
    """Each hostile zip is refused with its reason, naming the upload; nothing lands outside
    the folder."""
    folder = tmp_path / "unpacked"
    folder.mkdir()
    with pytest.raises(DepositError) as caught:
        unpack_deposit(raw, "upload.zip", folder)
    assert reason in str(caught.value) and "upload.zip" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unpacked"]


def test_a_deposit_inflating_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The total inflated size is bounded before anything is written."""
    monkeypatch.setattr(drill_module, "MAX_INFLATED_BYTES", 1000)
    raw = _zip({"a.bin": b"a" * 600, "b.bin": b"b" * 600}, zipfile.ZIP_STORED)
    folder = tmp_path / "unpacked"
    folder.mkdir()
    with pytest.raises(DepositError, match="inflates to 1,200 bytes"):
        unpack_deposit(raw, "big.zip", folder)
    assert list(folder.iterdir()) == []
