"""`register`, `reminders` and `audit` in Japanese: labels for verdicts, statuses and what is
due, and the counts in Japanese sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from osai_procure.cli import main
from osai_procure.store import Repository
from osai_procure.store.db import DB_FILE_NAME
from tests.browser.test_japanese import english_outside_literals
from tests.register.helpers import Clock, at, stored_cases
from tests.store.test_history_audit import rewrite_and_rechain, signed_approval_in_app


def test_register_and_reminders_in_japanese(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The register's lines show verdict and status labels, the count is a Japanese
    sentence, and a reminder says why it is due in Japanese."""
    assert main(["register", "--lang", "ja", "--now", "2026-03-02"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "（全 8 件中 8 件）"
    approved = [line for line in out if "／承認済み／" in line]
    assert len(approved) == 1 and approved[0].endswith("　［再評価期限到来、証拠の再確認が必要］")
    for line in out:
        labels = line.split("／")[:3]
        assert all(english_outside_literals(label) == set() for label in labels), line
    args = ["reminders", "--now", "2026-03-02", "--stale-days", "900", "--lang", "ja"]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("再評価期限到来：") and "（期限 2026-03-01、" in out[0]
    assert out[-1] == "対応が必要な評価：1 件"
    assert main(["reminders", "--now", "next week", "--lang", "ja"]) == 2
    assert capsys.readouterr().err == (
        "エラー：`--now` 'next week'：日付又は日時を ISO 8601 の形式（例：2026-12-01）で"
        "指定してください\n"
    )


def test_audit_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`audit --lang ja` says an intact chain and a changed status in Japanese."""
    engine, record = signed_approval_in_app(tmp_path, monkeypatch)
    assert main(["audit", record.id, "--lang", "ja"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"評価 {record.id}：状態は「承認済み」、変更履歴 ")
    assert out[1].startswith("チェーンの先頭に対する承認の署名は有効です（鍵 SHA256:")
    assert out[-1] == "改ざんはありません"
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE assessments SET status = 'draft' WHERE id = :id"), {"id": record.id}
        )
    engine.dispose()
    assert main(["audit", record.id, "--lang", "ja"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "改ざん：保存されている評価が、変更履歴に最後に記録された状態と一致しません" in out
    assert out[-1] == "改ざんがあります"
    assert main(["audit", "nope", "--lang", "ja"]) == 2
    assert capsys.readouterr().err == (
        "エラー：評価 'nope' はデータベースにありません。アプリのリンクから評価のIDをコピーして"
        "ください\n"
    )


def test_audit_of_a_rechained_history_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A history rewritten and rechained after the approval: `audit --lang ja` says why the
    approval's signature fails in Japanese, rather than pointing to the English output."""
    engine, record = signed_approval_in_app(tmp_path, monkeypatch)
    rewrite_and_rechain(Repository(engine), record.id)
    engine.dispose()
    assert main(["audit", record.id, "--lang", "ja"]) == 1
    assert (
        "改ざん：チェーンの先頭に対する承認の署名を確認できません"
        "（署名されたチェーンの先頭が、変更履歴に見当たりません）"
    ) in capsys.readouterr().out.splitlines()


def test_impact_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`impact --lang ja` names verdicts and criterion outcomes by their labels and criteria by
    their titles, and sums up in a Japanese sentence."""
    from tests.register.test_impact import CANDIDATE

    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("OSAI_PROCURE_DB_URL", raising=False)
    repo = stored_cases(
        f"sqlite:///{tmp_path / DB_FILE_NAME}", Clock(at("2026-01-05")), policy_id="osaid_1_0"
    )
    repo.engine.dispose()
    candidate = tmp_path / "candidate.yaml"
    candidate.write_text(CANDIDATE, encoding="utf-8")
    assert main(["impact", str(candidate), "--policy-id", "osaid_1_0", "--lang", "ja"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("「candidate_city」 2027.1 の下では、8 件の評価（osaid_1_0）のうち ")
    assert out[-1].endswith("件の判定が変わります。何も変更していません")
    criteria = [line for line in out if line.startswith("    基準「")]
    assert "    基準「反対の条件」：充足 → 未充足" in criteria
    assert all("osaid_substantially_equivalent" not in line for line in out)
