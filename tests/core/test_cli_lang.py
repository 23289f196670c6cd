"""The command line's language: `--lang ja|en` on every command, one default (the
OSAI_PROCURE_LANG variable, else the locale, else English), and Japanese messages in ja."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from osai_procure.cli import build_parser, main
from osai_procure.cli_lang import default_lang
from tests.browser.test_japanese import english_outside_literals

ROOT = Path(__file__).resolve().parents[2]
BLOOM = ROOT / "tests" / "data" / "cases" / "bloom_rail" / "answers.yaml"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"OSAI_PROCURE_LANG": "ja"}, "ja"),
        ({"OSAI_PROCURE_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"OSAI_PROCURE_LANG": "ja_JP", "LC_ALL": "en_US.UTF-8"}, "ja"),
        ({"LC_ALL": "ja_JP.UTF-8"}, "ja"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ja_JP.eucJP", "LANG": "en_GB.UTF-8"}, "ja"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"OSAI_PROCURE_LANG": " ", "LC_ALL": "", "LANG": "ja"}, "ja"),
        ({}, "en"),
    ],
    ids=[
        "variable-ja",
        "variable-beats-locale",
        "variable-ja-region",
        "lc-all",
        "lc-all-beats-lang",
        "lc-messages",
        "lang",
        "other-locale",
        "blank-ignored",
        "neither",
    ],
)
def test_the_default_language(environ: dict[str, str], expected: str) -> None:
    """OSAI_PROCURE_LANG when set, else the first locale variable set (LC_ALL, LC_MESSAGES,
    LANG) decides: Japanese when it starts with `ja`; with neither, English."""
    assert default_lang(environ) == expected


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict[str, object]:
    """Every runnable command's parser, by its words (`keys generate`)."""
    found: dict[str, object] = {}
    for action in parser._actions:  # argparse keeps its subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if name == "licence":  # the alias of `license`
                    continue
                found |= _leaves(sub, (*path, name))
    if not found and path:
        found[" ".join(path)] = parser
    return found


@pytest.mark.parametrize("chosen", ["ja", "en"])
def test_every_command_takes_lang_with_the_one_default(
    chosen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command but `serve` (whose words are Streamlit's) takes `--lang ja|en`, and
    without it speaks the language the environment chose."""
    monkeypatch.setenv("OSAI_PROCURE_LANG", chosen)
    commands = _leaves(build_parser())
    assert {"keys generate", "keys export", "keys fingerprint", "evaluate", "report"} <= set(
        commands
    )
    for words, parser in commands.items():
        if words == "serve":
            continue
        assert isinstance(parser, argparse.ArgumentParser)
        (lang,) = [a for a in parser._actions if "--lang" in a.option_strings]
        assert (lang.choices, lang.default) == (("ja", "en"), chosen), words


def test_serve_refuses_a_shared_deployment_in_the_chosen_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`serve` on every address without sign-in does not start, and says why and what to do
    in the language the environment chose (it has no `--lang`: its flags are Streamlit's)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("OSAI_PROCURE_DB_URL", "OSAI_PROCURE_UNAUTHENTICATED"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OSAI_PROCURE_LANG", "ja")
    assert main(["serve", "--server.address", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "エラー：`0.0.0.0` で待ち受けるため共有の環境になりますが、ログインが設定されていないので"
        "起動しません。"
    )
    assert "`--unauthenticated` を指定してください" in err
    monkeypatch.setenv("OSAI_PROCURE_LANG", "en")
    assert main(["serve", "--server.address", "0.0.0.0"]) == 2
    assert "refusing to start a shared deployment without sign-in: it listens on 0.0.0.0" in (
        capsys.readouterr().err
    )


def test_keys_commands_speak_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`keys generate`, `export` and `fingerprint` print their results and refusals in
    Japanese with `--lang ja`, and by default when OSAI_PROCURE_LANG is ja."""
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OSAI_PROCURE_KEY_PASSPHRASE", raising=False)
    keys = tmp_path / "home" / "keys"
    assert main(["keys", "fingerprint", "--lang", "ja"]) == 2
    assert capsys.readouterr().err == (
        f"エラー：{keys} に署名鍵がありません。システム管理者に署名鍵の作成を依頼してください"
        "（コマンド `osai-procure keys generate`）\n"
    )
    assert main(["keys", "generate", "--unencrypted", "--lang", "ja"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"署名鍵を {keys} に作成しました（暗号化していません）"
    assert out[1].startswith("指紋：SHA256:")
    assert out[2] == f"公開鍵：{keys / 'record-signing-key.pub.pem'}"
    monkeypatch.setenv("OSAI_PROCURE_LANG", "ja")
    monkeypatch.setenv("OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS", "1")
    target = tmp_path / "pub.pem"
    assert main(["keys", "export", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"{target} に書き出しました\n"
    assert main(["keys", "fingerprint", "--public-key", str(tmp_path / "none.pem")]) == 2
    assert capsys.readouterr().err == (
        f"エラー：公開鍵のファイル {tmp_path / 'none.pem'} を読み取れません。パス及び読取りの権限を"
        "確認してください\n"
    )
    assert main(["keys", "fingerprint", "--public-key", str(BLOOM)]) == 2
    assert capsys.readouterr().err == (
        f"エラー：{BLOOM} は Ed25519 の公開鍵（PEM 又は base64）ではありません。発行機関が"
        "公開している公開鍵のファイルを指定してください\n"
    )
    assert main(["keys", "fingerprint", "--public-key", str(target), "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("SHA256:")


def test_evaluate_in_japanese_names_verdicts_and_criteria_by_their_labels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`evaluate --lang ja` heads the result with Japanese labels and lists criteria by their
    titles; the English keeps its ids."""
    assert main(["evaluate", str(BLOOM), "--policy", "osaid_1_0", "--lang", "ja"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "OSAID 1.0：オープンソースAIではない（条件（ライセンス）だけが変われば、未確定の 1 件が"
        "確認された後にオープンソースAIと判定されます：「データ情報が完全であり、OSIが承認した"
        "条件で提供されている」）"
    )
    assert out[1].startswith(
        "ポリシー「オープンソースAIの定義 1.0（OSAID）」（版 1.0.0）："
        "不適合（評点 24%、ダイジェスト "
    )
    assert out[2] == "公開度ラベル：重みのみ入手可（制限付き）"
    assert out[3] == "MOF の分類：分類なし"
    # Numbered as in the report, so that a reason's 「基準F-05」 and 「A.6.1」 can be found.
    assert "✘ ［必須］ F-01 使用の自由（目的を問わず、許可なく使用できる）" in out
    assert "ライセンスの問題条項：" in out
    assert re.fullmatch(r"未回答（3 件）：A\.\d+\.\d+(、A\.\d+\.\d+){2}", out[-1]), out[-1]
    for line in out[:4]:
        assert english_outside_literals(line.split("（")[0]) == set(), line
    assert main(["evaluate", str(BLOOM), "--policy", "osaid_1_0", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("OSAID 1.0: not_open_source_ai")


def test_licence_check_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    """`license check --lang ja` says the kind, each content type and the red flags in
    Japanese."""
    assert main(["license", "check", "GPL-2.0+ OR MIT", "--lang", "ja"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "入力：'GPL-2.0+ OR MIT'",
        "正規化：GPL-2.0-or-later OR MIT（SPDX 式）",
        "  コード：受入れ可",
        "  データ：受入れ可",
        "  パラメータ：受入れ可",
        "  文書：受入れ可",
        "  注記：GPL-2.0+ はSPDXで非推奨のIDである。代わりに GPL-2.0-or-later を使うこと。",
        "問題条項：なし",
    ]


def test_validate_and_diff_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    """`validate` and `diff` say what they found in Japanese; a policy id mistyped gets a
    Japanese did-you-mean."""
    policy = ROOT / "policies" / "osaid-1.0.yaml"
    readme = ROOT / "README.md"
    assert main(["validate", str(policy), str(BLOOM), str(readme), "--lang", "ja"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{policy}：問題ありません（ポリシー）",
        f"{BLOOM}：問題ありません（回答ファイル）",
    ]
    assert captured.err.startswith(f"{readme} 15行目：YAML の書き方に誤りがあります。")
    assert main(["diff", "osaid_1_O", "--lang", "ja"]) == 2
    assert capsys.readouterr().err == (
        "osaid_1_O：ポリシーのファイル又はポリシーID「osaid_1_O」が見つかりません（「osaid_1_0」の"
        "誤りではありませんか）\n"
    )
    assert main(["diff", "osg_jp_public_procurement", "--lang", "ja"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "「osg_jp_public_procurement」 1.0.0 と拡張元「osaid_1_0」 1.0.0 の違い"
    assert "+ 追加された基準「OSAID 1.0の全ての要件を満たしている」" in out


def test_usage_mistakes_are_said_in_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Options that do not fit together are refused in Japanese, naming the options."""
    assert main(["template", "--policy", "osaid_1_0", "--format", "xlsx", "--lang", "ja"]) == 2
    assert capsys.readouterr().err == (
        "エラー：`--format xlsx` では、書き出すファイルを `-o FILE` で指定してください\n"
    )
    assert main(["report", str(BLOOM), "--policy", "osaid_1_0", "--lang", "ja"]) == 2
    assert capsys.readouterr().err.startswith("エラー：書き出すものがありません。")
    missing = tmp_path / "r.json"
    assert main(["verify", str(missing), "--lang", "ja"]) == 2
    assert (
        capsys.readouterr().err == f"{missing}：ファイルが見つかりません。パスを確認してください\n"
    )


def test_import_notes_and_summary_in_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`import --lang ja` prints each note and the summary in Japanese, questions by their
    text, and heads the answers file with Japanese comments."""
    source = ROOT / "tests" / "data" / "importers" / "mot" / "Llama-3.1-8B.yml"
    target = tmp_path / "answers.yaml"
    args = ["import", "mot", str(source), "--policy", "osaid_1_0", "-o", str(target)]
    assert main([*args, "--lang", "ja"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(
        "情報：ライセンス「Llama 3.1 Community License Agreement」を "
        "LicenseRef-Llama-3.1-Community と読みました（「モデル・アーキテクチャを定義するコードは"
        "公開されていますか」、"
    )
    assert err[-1] == (
        f"12 件の回答を {source} から取り込みました。担当者が確認するまで、未確認のままです"
    )
    assert all(not line.startswith(("info:", "warning:")) for line in err)
    head = target.read_text(encoding="utf-8").splitlines()[:3]
    assert head[0] == f"# `osai-procure import mot` により {source} から取り込みました。"
    assert (
        head[1]
        == "# `provenance: imported` かつ `confirmed: false` の回答は、担当者の確認が必要です。"
    )
    assert head[2].startswith("# 情報：ライセンス「Llama 3.1 Community License Agreement」")


def test_clauses_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    """`clauses --lang ja` prints the clauses and the Annex with Japanese punctuation."""
    assert main(["clauses", "--policy", "osaid_1_0", "--lang", "ja"]) == 0
    out = capsys.readouterr().out.splitlines()
    annex = out.index("別表 受入れ可能な条件")
    assert out[annex + 1].startswith("- ") and "：" in out[annex + 1]
    assert all(": " not in line for line in out[annex + 1 :])


def test_import_and_validate_problems_in_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`import --lang ja` and `validate --lang ja` say what is wrong in a record or a policy in
    Japanese, each located by line and key path, and what to write instead."""
    record = tmp_path / "model.yml"
    record.write_text(
        "framework:\n  name: Model Openness Framework\n  version: '2.0'\n"
        "release:\n  name: X\n  components: 3\n",
        encoding="utf-8",
    )
    assert main(["import", "mot", str(record), "--lang", "ja"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{record} 3行目（framework.version）：Model Openness Framework のバージョン「2.0」には"
        "対応していません。対応しているバージョン：「1.0」",
        f"{record} 6行目（release.components）：リストを書いてください"
        "（書かれているのは数値（3））",
    ]
    policy = tmp_path / "agency.yaml"
    policy.write_text(
        "schema_version: 1\nid: agency\nversion: '1'\nextends: osaid_1_0\n"
        "title: {ja: 機関, en: Agency}\nremove_criteria: [osaid_data_informaton]\n",
        encoding="utf-8",
    )
    assert main(["validate", str(policy), "--lang", "ja"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{policy} 6行目（remove_criteria）：不明な基準ID「osaid_data_informaton」です"
        "（「osaid_data_information」の誤りではありませんか）"
    ]
