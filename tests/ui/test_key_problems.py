"""A signing key that cannot be used is explained in the page's language on the Drill and
Sign-off pages: an encrypted key without its passphrase, a missing certificate."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osai_procure.signing import PDF_CERT_FILE, generate_keys
from osai_procure.store import AssessmentRecord, Repository
from tests.browser.test_japanese import english_outside_literals as japanese_only
from tests.ui.conftest import open_page, sign, texts

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PASSPHRASE = "correct horse"


@pytest.fixture
def encrypted_keys(app_env: Path, tmp_path: Path) -> Path:
    """This installation's keys, made encrypted with a passphrase the app is not given."""
    directory = tmp_path / "home" / "keys"
    generate_keys(directory, now=NOW, passphrase=PASSPHRASE.encode())
    return directory


def _deposit() -> bytes:
    """A zipped deposit of one file and its SHA-256 manifest."""
    data = b"weights\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("SHA256SUMS", f"{hashlib.sha256(data).hexdigest()}  w.bin\n")
        archive.writestr("w.bin", data)
    return buffer.getvalue()


def _drill(new_app: Callable[..., AppTest], record: AssessmentRecord, lang: str) -> AppTest:
    """The Drill page after checking an upload, in `lang`."""
    at = open_page(new_app(assessment=record.id, lang=lang), "drill")
    at.file_uploader(key="drill.upload").set_value(("deposit.zip", _deposit(), "application/zip"))
    at.run()
    return at.button(key="drill.run").click().run()


def _approve(new_app: Callable[..., AppTest], record: AssessmentRecord, lang: str) -> AppTest:
    """The approver's attempt in `lang` (preparer and reviewer sign first, once)."""
    if not record.signoffs:
        for title, name in (("Officer", "Tanaka"), ("Reviewer", "Suzuki")):
            sign(open_page(new_app(assessment=record.id), "signoff"), title, name=name)
    approver = open_page(new_app(assessment=record.id, lang=lang), "signoff")
    if approver.text_area.len > 1:  # an incomplete verdict needs a written reason
        approver.text_area[1].input("年度内の契約締結が必要なため。")
    return sign(approver, "Director", name="Kato")


@pytest.mark.usefixtures("encrypted_keys")
def test_the_drill_page_says_the_key_needs_its_passphrase_in_either_language(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """An encrypted key without its passphrase: the drill still runs, unsigned, and the reason
    names the setting to make, in Japanese words on the Japanese page."""
    ja = texts(_drill(new_app, assessment, "ja"))
    warning = next(line for line in ja.splitlines() if "署名鍵を使えない" in line)
    assert "暗号化されています" in warning and "OSAI_PROCURE_KEY_PASSPHRASE" in warning
    assert japanese_only(warning) == set()
    en = texts(_drill(new_app, assessment, "en"))
    assert "is encrypted: set OSAI_PROCURE_KEY_PASSPHRASE" in en


def test_the_sign_off_page_says_a_key_file_is_missing_in_either_language(
    new_app: Callable[..., AppTest],
    assessment: AssessmentRecord,
    encrypted_keys: Path,
    repo: Repository,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The PDF certificate is missing: approval is refused with the file named and what to do,
    in Japanese words on the Japanese page; nothing is approved."""
    monkeypatch.setenv("OSAI_PROCURE_KEY_PASSPHRASE", PASSPHRASE)
    (encrypted_keys / PDF_CERT_FILE).unlink()
    ja = texts(_approve(new_app, assessment, "ja"))
    error = next(line for line in ja.splitlines() if "承認できません" in line)
    assert str(encrypted_keys / PDF_CERT_FILE) in error and "がありません" in error
    assert japanese_only(error) == set()
    assert repo.get(assessment.id).status != "approved"
    en = texts(_approve(new_app, repo.get(assessment.id), "en"))
    assert f"{encrypted_keys / PDF_CERT_FILE} is missing; run `osai-procure keys generate`" in en
