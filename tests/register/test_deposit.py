"""Preservation drills: a bag or SHA-256 manifest is checked file by file; missing, extra and
changed files are named; the signed record is kept with the assessment and on the register."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from string import Formatter

import bagit
import pytest

from osai_procure.cli import main
from osai_procure.deposit import (
    DRILL_NAMESPACE,
    DepositError,
    read_deposit,
    verify_deposit,
)
from osai_procure.models.report import SignatureEnvelope
from osai_procure.render.record import canonical
from osai_procure.signing import verify_record
from osai_procure.store import Repository, make_engine
from osai_procure.store.db import DB_FILE_NAME
from osai_procure.store.register import RegisterStore
from osai_procure.wording import DEPOSIT
from tests.register.helpers import Clock, approve, at, stored_cases


@pytest.fixture
def bag(tmp_path: Path) -> Path:
    """A BagIt bag with weights, code and documentation (SHA-256 and SHA-512 manifests)."""
    root = tmp_path / "bag"
    (root / "code").mkdir(parents=True)
    (root / "weights.bin").write_bytes(bytes(range(256)) * 4096)
    (root / "code" / "train.py").write_text("print('train')\n")
    (root / "README.md").write_text("# 預託物\n", encoding="utf-8")
    bagit.make_bag(str(root), checksums=["sha256", "sha512"])
    return root


def test_an_intact_bag_passes(bag: Path) -> None:
    """Every payload and tag file is hashed with the strongest algorithm; nothing is flagged."""
    result = verify_deposit(read_deposit(bag), jobs=2)
    assert result.passed and result.checked == len(result.deposit.expected) >= 5
    assert {e.algorithm for e in result.deposit.expected} == {"sha512"}


def test_missing_extra_and_changed_files_are_named(bag: Path) -> None:
    """A deleted, an added and an altered file each land in their own list."""
    (bag / "data" / "code" / "train.py").unlink()
    (bag / "data" / "extra.txt").write_text("not deposited")
    with (bag / "data" / "weights.bin").open("r+b") as handle:
        handle.seek(1000)
        handle.write(b"\xff")
    result = verify_deposit(read_deposit(bag), jobs=1)
    assert not result.passed
    assert (result.missing, result.extra, result.changed) == (
        ("data/code/train.py",),
        ("data/extra.txt",),
        ("data/weights.bin",),
    )


def test_a_sha256_manifest_is_checked_against_its_directory(tmp_path: Path) -> None:
    """`sha256sum` output works as a deposit; an unlisted file is extra, a wrong digest changed."""
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "a.bin").write_bytes(b"a" * 5000)
    (tmp_path / "model" / "b.bin").write_bytes(b"b")
    (tmp_path / "stray.txt").write_text("x")
    good = hashlib.sha256(b"a" * 5000).hexdigest()
    manifest = tmp_path / "SHA256SUMS"
    manifest.write_text(f"{good}  model/a.bin\n{'0' * 64} *model/b.bin\n")
    result = verify_deposit(read_deposit(manifest))
    assert (result.missing, result.extra, result.changed) == ((), ("stray.txt",), ("model/b.bin",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"{'a' * 64}  ../outside\n", "must stay inside the deposit"),
        (f"{'a' * 64}  /etc/passwd\n", "must stay inside the deposit"),
        ("not a digest line\n", "expected '<64 hex digits>  <path>'"),
        ("# only a comment\n", "lists no files"),
    ],
)
def test_a_bad_manifest_is_refused_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    """Paths leaving the deposit and malformed lines are refused before anything is read."""
    manifest = tmp_path / "SUMS"
    manifest.write_text(text)
    with pytest.raises(DepositError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_deposit(manifest)


def test_a_plain_directory_is_not_a_bag(tmp_path: Path) -> None:
    """A directory without bagit.txt gets a message saying what to give instead."""
    with pytest.raises(DepositError, match="must be a BagIt bag"):
        read_deposit(tmp_path)


def test_the_signed_drill_is_kept_on_the_register_and_as_evidence(
    bag: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The record verifies under the drill namespace, names the questions it is evidence for
    (covered by the signature), is attached to and cited by the preservation and continuity
    questions of an open revision, and a failed drill shows on the register."""
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OSAI_PROCURE_DB_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'data' / DB_FILE_NAME}"
    repo = stored_cases(url, Clock(at("2026-01-05T09:00")))
    draft, approved = (s.id for s in repo.list_assessments(limit=2))
    approve(repo, approved)
    repo.engine.dispose()
    args = ["deposit", "verify", str(bag), "--actor", "保存 担当", "--format", "json"]
    assert main([*args, "--assessment", draft]) == 0
    signed = json.loads(capsys.readouterr().out)
    envelope = SignatureEnvelope.model_validate(signed["signature"])
    checks = {
        c.name: c.status
        for c in verify_record(canonical(signed["record"]), envelope, namespace=DRILL_NAMESPACE)
    }
    assert checks["record_digest"] == checks["record_signature"] == "pass"
    forged = {**signed["record"], "result": "passed", "missing": []}
    forged["performed_by"] = "別人"
    tampered = verify_record(canonical(forged), envelope, namespace=DRILL_NAMESPACE)
    assert tampered[0].problem == "tampered"
    assert signed["record"]["performed_by"] == "保存 担当"
    (bag / "data" / "README.md").write_text("changed")
    assert main([*args, "--assessment", approved]) == 1
    capsys.readouterr()
    repo = Repository(make_engine(url))
    questions = ["preservation_verification_level", "continuity_operable_if_service_stops"]
    assert signed["record"]["evidence_for"] == questions
    moved = {**signed["record"], "evidence_for": questions[:1]}
    assert verify_record(canonical(moved), envelope, namespace=DRILL_NAMESPACE)[0].problem
    for question in questions:
        attached = repo.attachments(draft, question)
        assert len(attached) == 1 and attached[0].filename.startswith("preservation-drill-")
        cited = repo.get(draft).answers[question].evidence[-1]
        assert (cited.file, cited.sha256) == (attached[0].filename, attached[0].sha256)
        assert cited.drill is not None
        assert (cited.drill.result, cited.drill.performed_by) == ("passed", "保存 担当")
        checked = signed["record"]["files_checked"]
        assert (cited.drill.files_checked, cited.drill.missing) == (checked, 0)
        assert cited.drill.key_fingerprint == envelope.key_fingerprint
    assert repo.attachments(approved) == []
    store = RegisterStore(repo.engine)
    assert store.entry(draft).drill_result == "passed"
    assert store.entry(approved).drill_result == "failed"
    assert [d.result for d in store.drills(approved)] == ["failed"]
    repo.engine.dispose()


def test_deposit_verify_speaks_the_language_asked_for(
    bag: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`deposit verify --lang ja` names problems, the result and why a deposit cannot be read
    in Japanese (exit 1 and 2); English stays the default."""
    (bag / "data" / "README.md").write_text("changed")
    args = ["deposit", "verify", str(bag), "--actor", "保存 担当", "--no-sign"]
    assert main([*args, "--lang", "ja"]) == 1
    out = capsys.readouterr().out
    assert "変更：data/README.md" in out and "不合格：7 ファイル中 7 ファイル、" in out
    assert "BagIt バッグ" in out and "changed" not in out
    manifest = tmp_path / "SHA256SUMS"
    manifest.write_text("not a line\n", encoding="utf-8")
    bad = ["deposit", "verify", str(manifest), "--actor", "x", "--no-sign"]
    assert main([*bad, "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"エラー：{manifest}:1：") and "64桁の16進数" in err
    assert main(bad) == 2
    assert "expected '<64 hex digits>  <path>'" in capsys.readouterr().err


def test_every_deposit_message_has_both_languages_with_the_same_fields() -> None:
    """Each deposit message is worded in Japanese and English, filling in the same fields,
    and the Japanese is not left in English."""
    fields = {"at", "entry", "count", "limit", "detail", "names"}
    for key, (ja, en) in DEPOSIT.items():
        ja_fields = {f for _, f, _, _ in Formatter().parse(ja) if f}
        en_fields = {f for _, f, _, _ in Formatter().parse(en) if f}
        assert ja_fields <= fields and en_fields <= fields, key
        # The English of these is the bagit library's own reason, as before.
        if key.startswith(("bag.", "bag_unreadable")):
            assert "detail" in en_fields and "detail" not in ja_fields, key
        else:
            assert ja_fields == en_fields, key
        assert ja != en and re.search("[ぁ-んァ-ン一-龥]", ja), key


@pytest.mark.parametrize(
    ("damage", "japanese"),
    [
        (
            {"bagit.txt": b"BagIt-Version: x.y\nTag-File-Character-Encoding: UTF-8\n"},
            "bagit.txt の版「x.y」は「主番号.副番号」の形式ではありません",
        ),
        (
            {"bagit.txt": b"BagIt-Version: 3.0\nTag-File-Character-Encoding: UTF-8\n"},
            "BagIt の版「3.0」には対応していません",
        ),
        (
            {"bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: klingon\n"},
            "タグファイルの文字コード「klingon」には対応していません",
        ),
        (
            {"bagit.txt": b"BagIt-Version: 1.0\n"},
            "bagit.txt に必須の項目（Tag-File-Character-Encoding）がありません",
        ),
        (
            {"manifest-sha256.txt": f"{'0' * 64}  ../../outside\n".encode()},
            "「manifest-sha256.txt」に記載されたパス「../../outside」が預託物の外を指している",
        ),
        (
            {"manifest-sha256.txt": b"\xff\xfe not text\n"},
            "マニフェスト又はタグファイルが、宣言された文字コードのテキストではありません",
        ),
    ],
)
def test_what_bagit_finds_is_said_in_japanese_and_as_bagit_says_it_in_english(
    bag: Path, damage: dict[str, bytes], japanese: str
) -> None:
    """A bag the bagit library cannot read: the Japanese says what is wrong in its own words
    (no English of the library's), the English keeps the library's reason; never a crash."""
    from tests.browser.test_japanese import english_outside_literals

    for name, data in damage.items():
        (bag / name).write_bytes(data)
    with pytest.raises(DepositError) as raised:
        read_deposit(bag)
    ja, en = raised.value.text("ja"), raised.value.text("en")
    assert ja.startswith(f"{bag.resolve()}：") and japanese in ja
    assert english_outside_literals(ja.removeprefix(f"{bag.resolve()}: ")) == set()
    reason = en.removeprefix(f"{bag.resolve()}: ")
    assert reason.startswith(("not a readable BagIt bag: ", "a tag file or manifest is not text"))
