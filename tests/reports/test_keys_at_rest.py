"""Keys at rest: encrypted with a passphrase; unencrypted only on purpose, and then said so."""

from __future__ import annotations

import hashlib
from pathlib import Path
from string import Formatter

import pytest

from osai_procure.cli import main
from osai_procure.signing import SigningError, ensure_keys, generate_keys, load_keys
from osai_procure.wording import KEY_PROBLEMS
from tests.reports.helpers import NOW

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def no_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """The installation default: no opt-in to unencrypted keys, no passphrase."""
    monkeypatch.delenv("OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS", raising=False)
    monkeypatch.delenv("OSAI_PROCURE_KEY_PASSPHRASE", raising=False)


def test_keys_are_not_made_unencrypted_by_default(tmp_path: Path) -> None:
    """Without a passphrase and without the opt-in, no key is written."""
    with pytest.raises(SigningError, match="OSAI_PROCURE_KEY_PASSPHRASE"):
        ensure_keys(tmp_path / "k", now=NOW)
    assert not (tmp_path / "k" / "record-signing-key.pem").exists()


def test_keys_made_with_a_passphrase_are_encrypted_pkcs8(tmp_path: Path) -> None:
    """Both private keys are written as encrypted PKCS#8 and load back with the passphrase."""
    made = generate_keys(tmp_path / "k", now=NOW, passphrase=PASSPHRASE.encode())
    assert made.encrypted
    for name in ("record-signing-key.pem", "pdf-signing-key.pem"):
        text = (tmp_path / "k" / name).read_text(encoding="ascii")
        assert text.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), name
    loaded = load_keys(tmp_path / "k", passphrase=PASSPHRASE.encode())
    assert loaded.fingerprint == made.fingerprint


def test_an_unencrypted_key_loads_only_with_the_opt_in(tmp_path: Path) -> None:
    """A key kept unencrypted is refused unless unencrypted keys are allowed explicitly."""
    generate_keys(tmp_path / "k", now=NOW, unencrypted=True)
    with pytest.raises(SigningError, match="is not encrypted"):
        load_keys(tmp_path / "k")
    assert not load_keys(tmp_path / "k", unencrypted=True).encrypted


@pytest.mark.usefixtures("no_opt_in")
def test_cli_signing_needs_a_passphrase_or_the_opt_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """keys generate refuses without a passphrase; with it, the keys are encrypted."""
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    assert main(["keys", "generate"]) == 2
    assert "OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS=1" in capsys.readouterr().err
    monkeypatch.setenv("OSAI_PROCURE_KEY_PASSPHRASE", PASSPHRASE)
    assert main(["keys", "generate"]) == 0
    assert "NOT encrypted" not in capsys.readouterr().out
    key = tmp_path / "home" / "keys" / "record-signing-key.pem"
    assert key.read_text(encoding="ascii").startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")


@pytest.mark.usefixtures("no_opt_in")
def test_the_app_says_when_keys_are_unencrypted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app warns about unencrypted keys only when the administrator allowed them."""
    from osai_procure.ui import exporting

    assert exporting.key_notice() is None
    monkeypatch.setenv("OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS", "1")
    notice = exporting.key_notice()
    assert notice is not None and "unencrypted" in notice.en and "暗号化されずに" in notice.ja


def test_every_key_problem_has_both_languages_and_japanese_words() -> None:
    """Each key problem is worded in both languages; the Japanese fills in only fields the
    English has (or the setting names every code is given) and shows no English words beyond
    quoted paths and commands."""
    from tests.browser.test_japanese import english_outside_literals as japanese_only

    for code, (ja, en) in KEY_PROBLEMS.items():
        ja_fields = {f for _, f, _, _ in Formatter().parse(ja) if f}
        en_fields = {f for _, f, _, _ in Formatter().parse(en) if f}
        assert ja_fields <= en_fields | {"passphrase_env", "unencrypted_env"}, code
        filled = ja.format(
            path="/k/x.pem",
            directory="/k",
            repository="/r",
            names="/k/x.pem",
            detail="",
            passphrase_env="OSAI_PROCURE_KEY_PASSPHRASE",
            unencrypted_env="OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS",
        )
        assert japanese_only(filled) == set(), code


@pytest.mark.usefixtures("no_opt_in")
def test_deposit_verify_words_a_key_problem_in_the_language_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """deposit verify with an encrypted key and no passphrase: the reason and the setting to
    make, in Japanese with --lang ja and as before in English, exit 2."""
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("OSAI_PROCURE_ROLES", raising=False)
    key = generate_keys(tmp_path / "home" / "keys", now=NOW, passphrase=PASSPHRASE.encode())
    data = b"weights\n"
    (tmp_path / "w.bin").write_bytes(data)
    manifest = tmp_path / "SHA256SUMS"
    manifest.write_text(f"{hashlib.sha256(data).hexdigest()}  w.bin\n", encoding="utf-8")
    path = key.directory / "record-signing-key.pem"
    assert main(["deposit", "verify", str(manifest), "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"エラー：署名鍵 {path} は暗号化されています。")
    assert main(["deposit", "verify", str(manifest), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"error: {path} is encrypted: set OSAI_PROCURE_KEY_PASSPHRASE" in err
