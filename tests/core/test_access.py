"""The trusted-header mode believes the header only when the request came from the proxy."""

from __future__ import annotations

from pathlib import Path

import pytest

from osai_procure.access import (
    proxy_settings_problems,
    shared_deployment_problem,
    trusted_header_value,
)

HEADER = {"OSAI_PROCURE_USER_HEADER": "X-Officer"}


def test_a_forged_header_without_proxy_settings_is_ignored() -> None:
    """A client that names itself is nobody when no proxy is configured."""
    assert trusted_header_value(HEADER, {"X-Officer": "alice"}, "203.0.113.9") is None
    assert proxy_settings_problems(HEADER) == [
        "OSAI_PROCURE_USER_HEADER is set, but neither OSAI_PROCURE_TRUSTED_PROXIES nor "
        "OSAI_PROCURE_PROXY_SECRET: the header is ignored, since any client could send it"
    ]


def test_the_header_counts_only_from_a_trusted_proxy_address() -> None:
    """From the proxy's address the header names the officer; from any other it is ignored."""
    env = {**HEADER, "OSAI_PROCURE_TRUSTED_PROXIES": "10.0.0.5, 192.168.1.0/24"}
    assert trusted_header_value(env, {"x-officer": "alice"}, "10.0.0.5") == "alice"
    assert trusted_header_value(env, {"X-Officer": "bob"}, "192.168.1.77") == "bob"
    assert trusted_header_value(env, {"X-Officer": "mallory"}, "10.0.0.6") is None
    assert trusted_header_value(env, {"X-Officer": "mallory"}, "not an address") is None


def test_a_loopback_proxy_matches_the_missing_peer_address() -> None:
    """Streamlit gives no address for a loopback peer: a proxy on 127.0.0.1 is that peer."""
    env = {**HEADER, "OSAI_PROCURE_TRUSTED_PROXIES": "127.0.0.1"}
    assert trusted_header_value(env, {"X-Officer": "alice"}, None) == "alice"


def test_the_shared_secret_must_match_exactly() -> None:
    """With a shared secret, the header counts only beside the right secret, from anywhere."""
    env = {**HEADER, "OSAI_PROCURE_PROXY_SECRET": "s3cret-from-the-proxy"}
    good = {"X-Officer": "alice", "X-Osai-Proxy-Secret": "s3cret-from-the-proxy"}
    assert trusted_header_value(env, good, "203.0.113.9") == "alice"
    for wrong in ("", "s3cret", "s3cret-from-the-proxy "):
        forged = {"X-Officer": "mallory", "X-Osai-Proxy-Secret": wrong}
        assert trusted_header_value(env, forged, "203.0.113.9") is None
    assert trusted_header_value(env, {"X-Officer": "mallory"}, "203.0.113.9") is None


def test_a_mistyped_proxy_address_is_reported_and_trusts_nothing() -> None:
    """A typo in the proxy list is named, and no request is believed because of it."""
    env = {**HEADER, "OSAI_PROCURE_TRUSTED_PROXIES": "10.0.0.300"}
    assert trusted_header_value(env, {"X-Officer": "alice"}, "10.0.0.300") is None
    assert "'10.0.0.300' is not an IP address or network" in proxy_settings_problems(env)[0]


def test_a_shared_deployment_without_sign_in_is_refused(tmp_path: Path) -> None:
    """Any address other than loopback, or a server database, needs a login to start."""
    none: list[Path] = []
    assert shared_deployment_problem("127.0.0.1", {}, none, False) is None
    assert shared_deployment_problem("::1", {}, none, False) is None
    refused = shared_deployment_problem("0.0.0.0", {}, none, False)
    assert refused is not None and "it listens on 0.0.0.0" in str(refused)
    assert refused.text("ja").startswith(
        "`0.0.0.0` で待ち受けるため共有の環境になりますが、ログインが設定されていないので"
        "起動しません。ログインを設定してください（`.streamlit/secrets.toml` の `[auth]`。"
    )
    server_db = {"OSAI_PROCURE_DB_URL": "postgresql+psycopg://osai@db/osai"}
    refused = shared_deployment_problem("127.0.0.1", server_db, none, False)
    assert refused is not None and "server database" in str(refused)
    assert refused.text("ja").startswith(
        "サーバー型のデータベース（OSAI_PROCURE_DB_URL）を使うため"
    )
    refused = shared_deployment_problem("0.0.0.0", server_db, none, False)
    assert refused is not None and refused.text("ja").startswith(
        "`0.0.0.0` で待ち受け、サーバー型のデータベース（OSAI_PROCURE_DB_URL）を使うため"
    )


def test_a_shared_deployment_starts_with_login_header_or_explicit_opt_in(tmp_path: Path) -> None:
    """OIDC settings, a proxy-bound header or --unauthenticated let a shared server start; a
    header without a proxy binding does not count."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "https://x/oauth2callback"\n', encoding="utf-8")
    assert shared_deployment_problem("0.0.0.0", {}, [secrets], False) is None
    proxied = {**HEADER, "OSAI_PROCURE_PROXY_SECRET": "s"}
    assert shared_deployment_problem("0.0.0.0", proxied, [], False) is None
    assert shared_deployment_problem("0.0.0.0", HEADER, [], False) is not None
    assert shared_deployment_problem("0.0.0.0", {}, [], True) is None
    assert (
        shared_deployment_problem("0.0.0.0", {"OSAI_PROCURE_UNAUTHENTICATED": "1"}, [], False)
        is None
    )
    broken = tmp_path / "broken.toml"
    broken.write_text("[auth\n", encoding="utf-8")
    assert shared_deployment_problem("0.0.0.0", {}, [broken, tmp_path / "missing"], False)


def test_serve_refuses_before_starting_streamlit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`osai-procure serve --server.address 0.0.0.0` without sign-in exits 2 with the reason."""
    from osai_procure.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("OSAI_PROCURE_USER_HEADER", "OSAI_PROCURE_DB_URL", "OSAI_PROCURE_UNAUTHENTICATED"):
        monkeypatch.delenv(name, raising=False)
    assert main(["serve", "--server.address", "0.0.0.0"]) == 2
    assert "refusing to start a shared deployment without sign-in" in capsys.readouterr().err
