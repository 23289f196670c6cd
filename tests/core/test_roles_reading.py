"""A roles file that cannot be read at all (not YAML, too large, not there, not a file) is
named and said in Japanese with what to do, as its content problems are."""

from __future__ import annotations

from pathlib import Path

import pytest

from osai_procure.errors import ContentError
from osai_procure.roles import MAX_ROLES_BYTES, configured_roles, roles_from_bytes
from osai_procure.wording import problem_message, problem_text
from tests.browser.test_japanese import english_outside_literals


def _said(raw: bytes | None = None, path: Path | None = None) -> tuple[list[str], list[str]]:
    """The problems of a roles file (bytes, or the file OSAI_PROCURE_ROLES names) in Japanese
    and in English."""
    with pytest.raises(ContentError) as raised:
        if path is not None:
            configured_roles({"OSAI_PROCURE_ROLES": str(path)})
        else:
            assert raw is not None
            roles_from_bytes(raw, "roles.yaml")
    found = raised.value.problems
    return [problem_text(p, "ja") for p in found], [problem_text(p, "en") for p in found]


def test_a_file_that_is_not_yaml_is_located_and_said_in_japanese() -> None:
    """A syntax mistake names the file and line and says what to look at, without the YAML
    parser's English."""
    ja, en = _said(b"schema_version: 1\nmembers: [\n  - email: a@x.jp\n")
    assert ja == [
        "roles.yaml 3行目：YAML の書き方に誤りがあります。この行とその前後の字下げ、コロン（:）、"
        "引用符、括弧を確認してください"
    ]
    assert en[0].startswith("roles.yaml:3: malformed YAML: ")


def test_two_documents_and_an_empty_file() -> None:
    """Two YAML documents in one file and an empty file each say what to do."""
    ja, _ = _said(b"schema_version: 1\n---\nmembers: []\n")
    assert ja == [
        "roles.yaml 2行目：1つのファイルに複数の YAML 文書（「---」で区切られたもの）があります。"
        "1つにしてください"
    ]
    ja, en = _said(b"")
    assert ja == ["roles.yaml：ファイルが空です。内容を確認してください"]
    assert en == ["roles.yaml: the file is empty"]


def test_a_file_over_the_size_cap_is_refused_in_japanese(tmp_path: Path) -> None:
    """A roles file over 1 MiB is refused before it is read, with its size and the cap."""
    big = tmp_path / "roles.yaml"
    big.write_bytes(b"#" * (MAX_ROLES_BYTES + 1))
    ja, en = _said(path=big)
    assert ja == [
        f"{big}：ファイルが大きすぎます（1,048,577 バイト）。読み込めるのは 1,048,576 バイトまで"
        "です。正しいファイルか確認してください"
    ]
    assert en == [f"{big}: the file is 1,048,577 bytes; the limit is 1,048,576 bytes"]


def test_a_file_not_in_utf8_is_said_in_japanese() -> None:
    """Bytes that are not UTF-8 (a file saved as Shift_JIS) name the byte and the fix."""
    ja, _ = _said("schema_version: 1\n# 役割\n".encode("shift_jis"))
    assert ja == [
        "roles.yaml 2行目：20 バイト目が「UTF-8」の文字として読み取れません。文字コードを"
        "「UTF-8」にして保存し直してください"
    ]


def test_hostile_yaml_is_refused_in_japanese() -> None:
    """Aliases, tags and huge numbers are refused with a Japanese reason and its line."""
    ja, _ = _said(b"a: &x [1]\nb: *x\n")
    assert ja == [
        "roles.yaml 2行目：YAML のエイリアス（*名前）とマージキー（<<）は使えません。値を省略"
        "せずに書いてください"
    ]
    ja, _ = _said(b"schema_version: !!python/object/apply:os.system [echo]\n")
    assert ja == [
        "roles.yaml 1行目：扱えない YAML のタグ「tag:yaml.org,2002:python/object/apply:os.system"
        "」があります。タグを付けずに、文字列、数値、リスト又は対応付けで書いてください"
    ]
    ja, _ = _said(b"schema_version: " + b"9" * 500 + b"\n")
    assert ja == [
        "roles.yaml 1行目：500 桁の数値があります。数値は 100 桁までです。値を確認してください"
    ]
    ja, _ = _said(b"schema_version: 1\nschema_version: 2\n")
    assert ja == ["roles.yaml 2行目：キー「schema_version」が重複しています。1つにまとめてください"]


def test_a_missing_roles_file_names_the_setting_to_correct(tmp_path: Path) -> None:
    """OSAI_PROCURE_ROLES naming a file that is not there, or a folder: the message says to set
    it to the roles file's path, in both languages."""
    missing = tmp_path / "nope.yaml"
    ja, en = _said(path=missing)
    assert ja == [
        f"{missing}：役割ファイルが見つかりません。環境変数 OSAI_PROCURE_ROLES に、機関の役割"
        "ファイルのパスを正しく設定してください"
    ]
    assert en == [
        f"{missing}: cannot read the file: No such file or directory; OSAI_PROCURE_ROLES names "
        "this file: set OSAI_PROCURE_ROLES to the path of the agency's roles file"
    ]
    ja, _ = _said(path=tmp_path)
    assert ja[0].startswith(f"{tmp_path}：役割ファイルが見つかりません。")


def test_an_unreadable_path_says_what_to_check(tmp_path: Path) -> None:
    """A path through a file (not a folder) cannot be read: the Japanese says what to check."""
    (tmp_path / "file").write_text("x")
    path = tmp_path / "file" / "roles.yaml"
    ja, _ = _said(path=path)
    assert ja == [
        f"{path}：ファイルを読み取れません。パス、権限及びファイルが壊れていないかを確認して"
        "ください"
    ]


def test_every_reading_message_is_japanese() -> None:
    """None of the Japanese reading messages carries English words of its own."""
    samples = [
        b"members: [\n",
        b"",
        b"a: &x [1]\nb: *x\n",
        b"x: 1\nx: 2\n",
        "# 役割\n".encode("shift_jis"),
    ]
    for raw in samples:
        with pytest.raises(ContentError) as raised:
            roles_from_bytes(raw, "roles.yaml")
        for problem in raised.value.problems:
            said = problem_message(problem, "ja")
            assert english_outside_literals(said) == set(), said
