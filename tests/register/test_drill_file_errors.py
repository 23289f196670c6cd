"""`osai-procure deposit verify`: a file it cannot read or write is named, with what to do, in
the language asked for, never as an internal error."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import bagit
import pytest

from osai_procure.cli import main
from osai_procure.cli_deposit import _os_text
from osai_procure.wording import REFUSAL


@pytest.fixture
def bag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small valid bag, with the command's home and data kept in the test's folder."""
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("OSAI_PROCURE_ROLES", raising=False)
    path = tmp_path / "bag"
    path.mkdir()
    (path / "weights.bin").write_bytes(b"w" * 100)
    bagit.make_bag(str(path), checksums=["sha256"])
    return path


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ja", "エラー：ファイルが見つかりません：{}。パスを確認してください"),
        ("en", "error: no such file or directory: {}; check the path"),
    ],
)
def test_a_record_in_a_missing_folder_is_named(
    bag: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    """--record into a folder that does not exist: the path and what to do, exit 2."""
    record = tmp_path / "no" / "such" / "record.json"
    args = ["deposit", "verify", str(bag), "--no-sign", "--record", str(record), "--lang", lang]
    assert main(args) == 2
    error = capsys.readouterr().err
    assert expected.format(record) in error
    assert "internal error" not in error


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_record_onto_a_folder_is_named(
    bag: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """--record naming a folder: the path, in the language asked for, exit 2."""
    args = ["deposit", "verify", str(bag), "--no-sign", "--record", str(tmp_path), "--lang", lang]
    assert main(args) == 2
    error = capsys.readouterr().err
    assert str(tmp_path) in error and "internal error" not in error
    assert ("ファイルを読み書きできません" in error) == (lang == "ja")


def test_a_permission_refusal_names_the_file_in_both_languages(tmp_path: Path) -> None:
    """An operating-system refusal (as a non-root account meets it) names the file and says
    to check the account's rights, in Japanese or English."""
    exc = PermissionError(13, "Permission denied", str(tmp_path / "r.json"))
    ja, en = _os_text(exc, "ja"), _os_text(exc, "en")
    assert ja.startswith(f"ファイルへのアクセスが許可されていません：{tmp_path / 'r.json'}。")
    assert "権限" in ja and "Permission" not in ja
    assert en.startswith(f"permission denied: {tmp_path / 'r.json'}; check that this account")


def test_every_refusal_has_both_languages_with_the_same_fields() -> None:
    """Each refusal of `deposit verify` is worded in Japanese and English with the same
    fields, and the Japanese is not left in English."""
    for key, (ja, en) in REFUSAL.items():
        ja_fields = {f.split("!")[0] for _, f, _, _ in Formatter().parse(ja) if f}
        en_fields = {f.split("!")[0] for _, f, _, _ in Formatter().parse(en) if f}
        assert ja_fields == en_fields, key
        assert ja != en and re.search("[ぁ-んァ-ン一-龥]", ja), key
