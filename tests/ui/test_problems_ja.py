"""What is wrong with an upload is said in Japanese on a Japanese page: a record that fails to
import on Start (a zip bomb, a model card without front matter) and a policy whose references
are broken or whose YAML is hostile on Policies; nothing is created on the way."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from osai_procure.importers.xlsx import export_vendor_workbook
from osai_procure.loading import PolicyBundle
from osai_procure.store import Repository
from tests.importers.test_xlsx import rezip
from tests.ui.conftest import open_page, shown, texts
from tests.ui.test_pages import HOSTILE_YAML, _upload, assert_clean

BROKEN_POLICY = """\
schema_version: 1
id: agency_policy
version: "1.0.0"
extends: osaid_1_0
title: {ja: 機関のポリシー, en: Agency policy}
criteria:
  - id: agency_freedom
    title: {ja: 目的を問わず使用できる, en: Free to use}
    scope: policy
    severity: gate
    rule:
      all_of:
        - answer_equals: {question: freedom_uses, value: "yes"}
        - answer_equals: {question: freedom_use, value: "maybe"}
        - number_at_least: {question: freedom_use, value: 3}
    refs:
      - {source: Agency practice, clause: {ja: 第1条, en: Article 1}}
    remediation: {ja: 直してください。, en: Fix it.}
"""


def _problems(at: AppTest) -> Any:
    """The Policies page's table of an upload's problems (the one with a 問題 column), its
    cells as a reader sees them (the page escapes them: they come from the file)."""
    (table,) = [d.value for d in at.table if "問題" in d.value.columns]
    return table.map(shown)


def _import_on_start(at: AppTest, name: str, data: bytes) -> AppTest:
    """Fill in the Start page, upload a record (its format read from the file) and create."""
    at.text_input(key="new.title").input("評価")
    at.text_input(key="new.system_name").input("モデル")
    at.file_uploader(key="new.import.file").set_value((name, data, "application/octet-stream"))
    return at.button[0].click().run()


def test_a_zip_bomb_workbook_on_start_is_refused_in_japanese(
    new_app: Callable[..., AppTest], repo: Repository, osaid_bundle: PolicyBundle
) -> None:
    """A returned workbook with a part that inflates a thousandfold: the Start page says, in
    Japanese, which part, by how much, and that it is refused; no assessment is created."""
    bomb = rezip(
        export_vendor_workbook(osaid_bundle, None, "ja"),
        {"xl/media/bomb.bin": b"\x00" * (8 * 1024 * 1024)},
    )
    part = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/media/bomb.bin")
    ratio = part.file_size // part.compress_size
    at = _import_on_start(new_app("ja-JP").run(), "vendor.xlsx", bomb)
    assert_clean(at)
    assert "取り込めませんでした" in texts(at)
    assert [c.value for c in at.code] == [
        f"vendor.xlsx：部品「xl/media/bomb.bin」が元の {ratio:,} 倍の大きさに展開されます。"
        "圧縮爆弾（ZIP 爆弾）のおそれがあるため受け付けません"
    ]
    assert repo.list_assessments() == []


def test_a_model_card_without_front_matter_on_start_is_explained_in_japanese(
    new_app: Callable[..., AppTest], repo: Repository
) -> None:
    """A README.md with no YAML front matter: the Start page names the line and what to do."""
    at = _import_on_start(new_app("ja-JP").run(), "README.md", b"# A model\n\nNo metadata.\n")
    assert_clean(at)
    assert [c.value for c in at.code] == [
        "README.md 1行目：モデル・カードに YAML のフロントマターがありません。ファイルの1行目は"
        "「---」で始めてください。取り込めるものがありません"
    ]
    assert repo.list_assessments() == []


def test_a_policy_with_broken_references_is_explained_in_japanese(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """A policy author's rule naming a mistyped question, a value the question does not have
    and the wrong kind of question: each row of the Policies page's table says it in Japanese,
    with a did-you-mean, the allowed values, and what to write instead."""
    at = open_page(new_app("ja-JP"), "policies")
    at = _upload(at, "policies.upload", "agency.yaml", BROKEN_POLICY.encode(), "application/yaml")
    assert_clean(at)
    table = _problems(at)
    assert list(table["問題"]) == [
        "不明な質問ID「freedom_uses」です（「freedom_use」の誤りではありませんか）",
        "「maybe」は質問「freedom_use」の値にありません。使える値：「yes」、「no」、「unknown」、"
        "「not_applicable」",
        "「number_at_least」には数値の質問を指定してください（「freedom_use」は「はい／いいえ」"
        "形式の質問です）",
    ]
    assert list(table["場所"]) == ["criteria[agency_freedom].rule"] * 3
    assert list(table["行"]) == ["agency.yaml:11"] * 3


def test_an_alias_bomb_policy_is_refused_in_japanese(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """A policy built of YAML aliases (a billion-laughs bomb) is refused before it expands,
    and the Policies page says why and what to write instead, in Japanese."""
    at = open_page(new_app("ja-JP"), "policies")
    at = _upload(at, "policies.upload", "agency.yaml", HOSTILE_YAML["alias bomb"], "text/yaml")
    assert_clean(at)
    assert list(_problems(at)["問題"]) == [
        "YAML のエイリアス（*名前）とマージキー（<<）は使えません。値を省略せずに書いてください"
    ]
