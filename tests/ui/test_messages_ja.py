"""The messages Export, Verify, Sign-off and the wizard show when something goes wrong are in
Japanese on a Japanese page (what happened and what to do), and in English as before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osai_procure.errors import ContentError
from osai_procure.render.fonts import FontNotFoundError, find_fonts, register_fonts
from osai_procure.render.record import RecordError, read_record_document
from osai_procure.signing import SigningError
from osai_procure.signing.trust import TrustStore
from osai_procure.store import AssessmentRecord, Repository, TransitionError
from osai_procure.ui import exporting
from osai_procure.ui.services import library
from tests.ui.conftest import open_page, texts
from tests.ui.test_pages import _signed_bloom_report, _upload

BROKEN_TRUST = """\
schema_version: 1
keys:
  - public_key: not-a-key
    signer: 佐藤 一郎
    organisation: デジタル庁
"""


def _broken_fonts(folder: Path) -> Path:
    """A font folder whose BIZ UD Gothic files are not fonts (they come first in the search)."""
    folder.mkdir()
    for name in ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf"):
        (folder / name).write_bytes(b"not a font")
    return folder


def test_a_font_that_cannot_be_embedded_is_said_in_each_language(tmp_path: Path) -> None:
    """A broken font file: Japanese says what to ask the administrator; English is unchanged."""
    fonts = find_fonts([_broken_fonts(tmp_path / "fonts")])
    with pytest.raises(FontNotFoundError) as raised:
        register_fonts(fonts)
    error = exporting.ExportUnavailable(raised.value)
    path = tmp_path / "fonts" / "BIZUDGothic-Regular.ttf"
    assert error.text("ja") == (
        f"フォントファイル {path} を PDF に埋め込めません（壊れているか、TrueType のフォントでは"
        "ありません）。システム管理者に osai-procure の再インストールを依頼するか、環境変数 "
        "OSAI_PROCURE_FONT_DIR の設定を確認してください。"
    )
    assert str(raised.value).startswith(f"{path} cannot be embedded (")
    assert error.text("en").startswith(f"{str(path)[:1].upper()}{str(path)[1:]} cannot be")


def test_no_font_at_all_is_said_in_japanese(tmp_path: Path) -> None:
    """No font in the folders searched: the Japanese names the font and where it looked."""
    with pytest.raises(FontNotFoundError) as raised:
        find_fonts([tmp_path])
    assert raised.value.text("ja") == (
        "PDF に使う日本語の TrueType フォント（BIZ UDゴシック）が見つかりません。システム管理者に "
        "osai-procure の再インストールを依頼するか、環境変数 OSAI_PROCURE_FONT_DIR に BIZ UD"
        f"ゴシックのフォルダを設定してください（探した場所：{tmp_path}）"
    )
    assert str(raised.value).startswith("no Japanese TrueType font found for the PDF; reinstall")


def test_a_damaged_signed_record_is_said_in_japanese_with_what_to_do() -> None:
    """The record kept at approval that no longer reads: the Export message says so, and the
    cause, in Japanese; the English cause reads as the core always wrote it."""
    with pytest.raises(RecordError) as raised:
        read_record_document(b'{"record": {}, "signature": null, "extra": 1}')
    error = exporting.ExportUnavailable(raised.value)
    assert error.text("ja") == (
        "この版の承認時に保存した署名付きの記録を読み取れないため、報告書を作成できません。"
        "システム管理者に連絡してください（原因は次のとおりです）。記録の文書ではありません"
        "（「record」と「signature」の2項目だけからなる必要があります）。"
    )
    assert str(raised.value) == "the record document must hold exactly 'record' and 'signature'"
    assert error.text("en").endswith(
        "(the cause follows). The record document must hold exactly 'record' and 'signature'."
    )


def test_a_key_problem_on_export_is_said_in_japanese(tmp_path: Path) -> None:
    """A signing key that cannot be read stops an export with the key problem in Japanese."""
    error = exporting.ExportUnavailable(
        exporting.SigningUnavailable(SigningError.coded("no_key", directory=tmp_path))
    )
    assert error.text("ja") == (
        f"{tmp_path} に署名鍵がありません。システム管理者に署名鍵の作成を依頼してください"
        "（コマンド `osai-procure keys generate`）。"
    )
    assert error.text("en") == f"No signing key in {tmp_path}; run `osai-procure keys generate`."


def test_a_file_that_is_no_report_is_said_in_each_language() -> None:
    """Verify's refusal of a file that is no report: Japanese from its code, English as the
    verifier words it."""
    with pytest.raises(exporting.UnreadableReport) as raised:
        exporting.verify_upload(b"hello", library(), TrustStore())
    assert (
        raised.value.text("ja") == "PDF、XLSX のワークブック又は JSON の記録のいずれでもありません"
    )
    assert raised.value.text("en") == "not a PDF, an .xlsx workbook or a JSON record"


def test_a_broken_trust_file_is_said_in_japanese(
    app_env: Path, new_app: Callable[..., AppTest]
) -> None:
    """A trust file with a key that is not one stops Verify with the place and the problem in
    Japanese, and the page says whom to tell."""
    trust = app_env.parent / "home" / "trust.yaml"
    trust.parent.mkdir(parents=True, exist_ok=True)
    trust.write_text(BROKEN_TRUST, encoding="utf-8")
    with pytest.raises(exporting.TrustUnavailable) as raised:
        exporting.trust_store()
    assert raised.value.text("ja") == (
        f"{trust} 3行目（keys.0.public_key）：Ed25519 の公開鍵ではありません。PEM 形式又は32バイト"
        "の鍵の base64 で書いてください"
    )
    assert isinstance(raised.value.error, ContentError)
    assert "not an Ed25519 public key (PEM or base64)" in raised.value.text("en")
    at = open_page(new_app(locale="ja-JP"), "verify")
    at = _upload(at, "verify.upload", "r.json", b"{}", "application/json")
    assert not at.exception
    assert "信頼済みの鍵の登録ファイル（trust.yaml）を読み込めないため" in texts(at)
    assert "Ed25519 の公開鍵ではありません" in at.code[0].value


def test_an_unreadable_upload_on_the_japanese_verify_page(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """The Japanese Verify page says why the file is no report and what to check, no English."""
    at = open_page(new_app(locale="ja-JP"), "verify")
    at = _upload(at, "verify.upload", "report.pdf", b"not a pdf at all", "application/pdf")
    assert not at.exception
    assert at.error[0].value == (
        "このファイルは報告書として読み取れませんでした：PDF、XLSX のワークブック又は JSON の記録"
        "のいずれでもありません。報告書のファイル（PDF、XLSX 又は JSON）であるか確認してください。"
    )


def test_the_verify_summary_names_the_policy_by_its_title(
    new_app: Callable[..., AppTest], app_env: Path, tmp_path: Path
) -> None:
    """A signed report's summary line for the policy is its title in the page's language."""
    from tests.reports.helpers import make_keys

    document = _signed_bloom_report(make_keys(tmp_path / "keys"), xlsx=False).document
    for locale, line in (
        ("ja-JP", "**ポリシー**：オープンソースAIの定義 1.0（OSAID）（版 1.0.0）"),
        ("en-US", "**Policy**: Open Source AI Definition 1.0 (OSAID) (version 1.0.0)"),
    ):
        at = open_page(new_app(locale=locale), "verify")
        at = _upload(at, "verify.upload", "r.json", document, "application/json")
        assert not at.exception
        facts = next(m.value for m in at.markdown if "**OSAID" in m.value)
        assert line in facts.replace("\\", ""), facts
        assert "osaid_1_0" not in facts


def test_an_export_error_on_the_japanese_export_page(
    new_app: Callable[..., AppTest],
    assessment: AssessmentRecord,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A PDF that cannot be made (its font is broken) is told on the Export page in Japanese."""
    monkeypatch.setenv("OSAI_PROCURE_FONT_DIR", str(_broken_fonts(tmp_path / "fonts")))
    at = open_page(new_app(locale="ja-JP", assessment=assessment.id), "export")
    at = at.button(key="export.make.pdf").click().run()
    assert not at.exception
    message = at.error[0].value.replace("\\", "")
    assert message.startswith("PDF を作成できませんでした。フォントファイル ")
    assert message.endswith("OSAI_PROCURE_FONT_DIR の設定を確認してください。")


def test_a_new_revision_of_a_draft_is_refused_in_japanese(
    repo: Repository, assessment: AssessmentRecord
) -> None:
    """The store's refusal of a step the workflow does not allow is coded: Japanese for the
    page, the English message unchanged."""
    with pytest.raises(TransitionError) as raised:
        repo.new_revision(assessment.id, "山田 太郎")
    assert raised.value.text("ja") == "新しい版を作成できるのは、承認済み又は却下された評価だけです"
    assert str(raised.value) == "only an approved or rejected assessment gets a new revision"


def test_signing_out_of_turn_is_said_with_roles_in_japanese(
    repo: Repository, assessment: AssessmentRecord
) -> None:
    """Signing out of turn names the roles by their Japanese names."""
    error = TransitionError.coded("transition.not_now", role="approver", waiting="preparer")
    assert error.text("ja") == (
        "今は承認者が署名する順番ではありません（次に署名するのは作成者です）。他の担当者が先に署名"
        "した可能性があります。ページを再読み込みして確認してください"
    )
    assert str(error) == "'approver' cannot sign now; next to sign: preparer"
