"""The app's roles-problem page for a roles file that cannot be read at all, in Japanese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest


def test_a_roles_file_that_is_not_yaml_stops_the_japanese_app_with_a_japanese_reason(
    new_app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A roles file with a YAML syntax mistake stops every page; the Japanese page names the
    file and line and says what to look at, the English page keeps the parser's words."""
    broken = tmp_path / "roles.yaml"
    broken.write_text("schema_version: 1\nmembers: [\n", encoding="utf-8")
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(broken))
    at = new_app(lang="ja").run()
    assert not at.exception and not at.button
    assert at.code[0].value == (
        f"{broken} 3行目：YAML の書き方に誤りがあります。この行とその前後の字下げ、コロン（:）、"
        "引用符、括弧を確認してください"
    )
    en = new_app(lang="en").run().code[0].value
    assert en.startswith(f"{broken}:3: malformed YAML: ")


def test_a_missing_roles_file_says_which_setting_to_correct_in_japanese(
    new_app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OSAI_PROCURE_ROLES naming a file that is not there: the Japanese page says to set the
    variable to the roles file's path."""
    missing = tmp_path / "roles.yaml"
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(missing))
    at = new_app(lang="ja").run()
    assert at.code[0].value == (
        f"{missing}：役割ファイルが見つかりません。環境変数 OSAI_PROCURE_ROLES に、機関の役割"
        "ファイルのパスを正しく設定してください"
    )
