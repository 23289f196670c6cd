"""`osai-procure deposit verify --assessment` under a roles file: the drill is kept as the
officer whose entry lists the operating-system account running the command, as far as that
officer's roles allow, and refused to anyone else with how to name the officer."""

from __future__ import annotations

from pathlib import Path

import bagit
import pytest

from osai_procure.cli import main
from osai_procure.roles import os_account
from osai_procure.store import Repository, make_engine
from osai_procure.store.db import DB_FILE_NAME
from osai_procure.store.register import RegisterStore
from tests.register.helpers import Clock, at, stored_cases

ACCOUNT = os_account()
pytestmark = pytest.mark.skipif(ACCOUNT is None, reason="no operating-system account entry")

ROLES = """\
schema_version: 1
members:
  - email: hozon@example.go.jp
    roles: [{role}]
{accounts}
"""


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """A bag, a database holding the golden cases, and the drill command's environment."""
    bag = tmp_path / "bag"
    bag.mkdir()
    (bag / "weights.bin").write_bytes(b"w" * 1000)
    bagit.make_bag(str(bag), checksums=["sha256"])
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OSAI_PROCURE_DB_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'data' / DB_FILE_NAME}"
    repo = stored_cases(url, Clock(at("2026-01-05T09:00")))
    draft = repo.list_assessments(limit=1)[0].id
    repo.engine.dispose()
    return bag, url, draft


def _roles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, role: str, listed: bool) -> None:
    """Name a roles file giving hozon@ the role, with or without this account."""
    accounts = f"    accounts: [{ACCOUNT}]" if listed else ""
    path = tmp_path / "roles.yaml"
    path.write_text(ROLES.format(role=role, accounts=accounts), encoding="utf-8")
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(path))


def _kept(url: str, draft: str) -> tuple[list[str], int]:
    """Who kept drills with the draft, and how many files its preservation answer has."""
    repo = Repository(make_engine(url))
    try:
        drills = [d.actor for d in RegisterStore.of(repo).drills(draft)]
        return drills, len(repo.attachments(draft, "preservation_verification_level"))
    finally:
        repo.engine.dispose()


def test_an_unlisted_account_is_refused_saying_how_to_name_the_officer(
    setup: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without `accounts` naming this account the drill is refused, even with --actor giving
    a listed e-mail, and the message says what to add; nothing is kept."""
    bag, url, draft = setup
    _roles(tmp_path, monkeypatch, "preparer", listed=False)
    args = ["deposit", "verify", str(bag), "--assessment", draft, "--no-sign"]
    assert main([*args, "--actor", "hozon@example.go.jp"]) == 2
    error = capsys.readouterr().err
    assert f"operating-system account {ACCOUNT!r}" in error
    assert f"add `accounts: [{ACCOUNT}]` to your entry" in error
    assert _kept(url, draft) == ([], 0)


def test_a_listed_preparer_keeps_and_cites_the_drill_as_themselves(
    setup: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The account acts as its officer: the drill, the attachment and the answer's history
    name the officer's e-mail; --actor naming another officer is refused."""
    bag, url, draft = setup
    _roles(tmp_path, monkeypatch, "preparer", listed=True)
    args = ["deposit", "verify", str(bag), "--assessment", draft, "--no-sign"]
    assert main([*args, "--actor", "caio@example.go.jp"]) == 2
    assert "--actor names 'caio@example.go.jp'" in capsys.readouterr().err
    assert main(args) == 0
    assert "cited as evidence" in capsys.readouterr().out
    assert _kept(url, draft) == (["hozon@example.go.jp"], 1)
    repo = Repository(make_engine(url))
    history = repo.history(draft)
    repo.engine.dispose()
    cited = [e for e in history if e.question_id == "preservation_verification_level"]
    assert cited[-1].actor == "hozon@example.go.jp"


def test_a_reviewer_keeps_the_drill_on_the_register_only(
    setup: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A reviewer may record a drill but not change the assessment: the drill is on the
    register, nothing is attached, and the summary says who attaches it."""
    bag, url, draft = setup
    _roles(tmp_path, monkeypatch, "reviewer", listed=True)
    assert main(["deposit", "verify", str(bag), "--assessment", draft, "--no-sign"]) == 0
    assert "the preparer attaches the record" in capsys.readouterr().out
    assert _kept(url, draft) == (["hozon@example.go.jp"], 0)


def test_an_auditor_account_keeps_nothing(
    setup: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An auditor reads and verifies only: the drill is refused before any file is read."""
    bag, url, draft = setup
    _roles(tmp_path, monkeypatch, "auditor", listed=True)
    assert main(["deposit", "verify", str(bag), "--assessment", draft, "--no-sign"]) == 2
    assert "an auditor reads and verifies only" in capsys.readouterr().err
    assert _kept(url, draft) == ([], 0)


def _no_english(text: str) -> bool:
    """Whether a message has no run of three English words (paths and e-mails aside)."""
    import re

    return re.search(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}", text) is None


def test_the_refusals_are_in_japanese_with_lang_ja(
    setup: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With --lang ja an unlisted account, a wrong --actor and an auditor are refused in
    Japanese, naming the account, the roles file and what to do; nothing is kept."""
    bag, url, draft = setup
    args = ["deposit", "verify", str(bag), "--assessment", draft, "--no-sign", "--lang", "ja"]
    _roles(tmp_path, monkeypatch, "preparer", listed=False)
    assert main(args) == 2
    error = capsys.readouterr().err
    assert f"アカウント「{ACCOUNT}」" in error and f"`accounts: [{ACCOUNT}]` を追加" in error
    assert str(tmp_path / "roles.yaml") in error and _no_english(error)
    _roles(tmp_path, monkeypatch, "preparer", listed=True)
    assert main([*args, "--actor", "caio@example.go.jp"]) == 2
    error = capsys.readouterr().err
    assert "「caio@example.go.jp」" in error and "--actor を省略する" in error
    assert _no_english(error)
    _roles(tmp_path, monkeypatch, "auditor", listed=True)
    assert main(args) == 2
    error = capsys.readouterr().err
    assert "作成者、確認者、承認者、システム管理者のいずれか" in error
    assert "監査担当者は、閲覧と検証だけを行えます" in error and _no_english(error)
    assert _kept(url, draft) == ([], 0)


def test_a_missing_roles_file_is_named_in_either_language(
    setup: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A roles file named but absent refuses the drill: in Japanese with the variable to set,
    in English as every command reports it; nothing is kept."""
    bag, url, draft = setup
    missing = tmp_path / "absent.yaml"
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(missing))
    args = ["deposit", "verify", str(bag), "--assessment", draft, "--no-sign", "--lang"]
    assert main([*args, "ja"]) == 2
    error = capsys.readouterr().err
    assert f"役割ファイルが見つかりません：{missing}" in error and "OSAI_PROCURE_ROLES" in error
    assert _no_english(error)
    assert main([*args, "en"]) == 2
    error = capsys.readouterr().err
    assert str(missing) in error and "役割" not in error
    assert _kept(url, draft) == ([], 0)


def test_an_invalid_roles_files_problems_are_in_japanese_with_lang_ja(
    setup: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A roles file with a mistake refuses the drill with each problem located and worded in
    Japanese (the file's keys and values quoted as written); English as before."""
    bag, url, draft = setup
    broken = tmp_path / "broken-roles.yaml"
    broken.write_text("schema_version: 1\nmembers:\n  - email: a@x.jp\n    role: [preparer]\n")
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(broken))
    args = ["deposit", "verify", str(bag), "--assessment", draft, "--no-sign", "--lang"]
    assert main([*args, "ja"]) == 2
    error = capsys.readouterr().err
    assert f"{broken} 3行目（members[0].roles）：必須のキーがありません" in error
    assert f"{broken} 4行目（members[0].role）：不明なキー「role」です" in error
    assert _no_english(error)
    assert main([*args, "en"]) == 2
    error = capsys.readouterr().err
    assert f"{broken}:4: members[0].role: unknown key 'role'" in error
    assert _kept(url, draft) == ([], 0)
