"""Sign-in end to end: Streamlit's own OIDC login (st.login) against a real OpenID Connect
provider on localhost, in headless Chromium; the signed-in identity is the actor in the
history, and the roles file applies to it (a preparer saves, an auditor cannot)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import AssessmentInfo, SystemInfo
from osai_procure.store import PolicyStamp, Principal, Repository, make_engine
from tests.browser.conftest import ROOT, Server, start_server, stop_server, streamlit_command
from tests.browser.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider
from tests.browser.test_e2e import TIMEOUT_MS, settle, shot

pytestmark = pytest.mark.browser

ROLES = """\
schema_version: 1
members:
  - email: hanako@example.go.jp
    roles: [preparer]
  - group: audit-office
    roles: [auditor]
"""
PREPARER = "hanako@example.go.jp"
AUDITOR = "kansa@example.go.jp"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    """The OpenID Connect provider, on a free port of 127.0.0.1."""
    with running_provider() as running:
        yield running


@pytest.fixture(scope="module")
def app(
    tmp_path_factory: pytest.TempPathFactory,
    chromium: Any,
    provider: Provider,
    osgjp_bundle: PolicyBundle,
) -> Iterator[tuple[Server, str]]:
    """The app with login configured at the provider and the roles file above, and one
    assessment made by the preparer; yields the server and the assessment's id."""
    base = tmp_path_factory.mktemp("oidc")
    roles = base / "roles.yaml"
    roles.write_text(ROLES, encoding="utf-8")
    secrets_file = base / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    data = base / "data"
    data.mkdir(mode=0o700)
    engine = make_engine(f"sqlite:///{data / 'osai-procure.sqlite3'}")
    policy = osgjp_bundle.policy
    record = Repository(engine).create(
        AssessmentInfo(title="生成AI基盤 調達評価", system=SystemInfo(name="ExampleLM")),
        PolicyStamp(id=policy.id, version=policy.version, digest=policy.digest),
        Principal(name="山田 花子", email=PREPARER, authenticated=True),
    )
    engine.dispose()
    command = streamlit_command(ROOT / "app.py", "--secrets.files", str(secrets_file))
    process, server, _ = start_server(base, {"OSAI_PROCURE_ROLES": str(roles)}, command)
    yield server, record.id
    stop_server(process)


def sign_in(
    page: Any, server: Server, email: str, name: str, groups: str, lang: str, shots: Path
) -> None:
    """Open the app (nothing but the way in before signing in), press Log in, sign in at the
    provider, come back signed in."""
    page.goto(f"{server.url}/?lang={lang}")
    login = "ログイン" if lang == "ja" else "Log in"
    page.get_by_role("button", name=login, exact=True).wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_test_id("stSidebarNav").count() == 0  # no pages before signing in
    shot(page, shots, f"oidc-login-{lang}")
    page.get_by_role("button", name=login, exact=True).click()
    page.locator("#email").wait_for(timeout=TIMEOUT_MS)
    page.locator("#email").fill(email)
    page.locator("#name").fill(name)
    page.locator("#groups").fill(groups)
    page.locator("#signin").click()
    signed = "ログイン中" if lang == "ja" else "Signed in as"
    page.get_by_text(signed).wait_for(timeout=TIMEOUT_MS)
    settle(page)


def _repository(server: Server) -> Repository:
    """The app's database, read from the test."""
    return Repository(make_engine(f"sqlite:///{server.data_dir / 'osai-procure.sqlite3'}"))


def test_a_signed_in_preparer_saves_under_the_login_identity(
    chromium: Any, app: tuple[Server, str], provider: Provider, screenshots: Path
) -> None:
    """The preparer signs in at the provider; the title they change is recorded in the
    history under the e-mail from the ID token, and the sidebar names their role."""
    from playwright.sync_api import expect

    server, ident = app
    context = chromium.new_context(locale="ja-JP", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sign_in(page, server, PREPARER, "山田 花子", "", "ja", screenshots)
    assert provider.issued[-1]["email"] == PREPARER
    expect(page.get_by_text("役割：作成者")).to_be_visible()
    page.goto(f"{server.url}/wizard?assessment={ident}&lang=ja")
    title = page.get_by_label("件名", exact=True)
    title.wait_for(timeout=TIMEOUT_MS)
    title.fill("生成AI基盤 調達評価（改）")
    title.press("Tab")
    settle(page)
    shot(page, screenshots, "oidc-preparer-ja")
    context.close()
    repo = _repository(server)
    info = [e for e in repo.history(ident) if e.action == "info"]
    assert [e.actor for e in info] == [PREPARER]
    assert repo.get(ident).title == "生成AI基盤 調達評価（改）"
    repo.engine.dispose()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_signed_in_auditor_reads_but_cannot_save(
    chromium: Any, app: tuple[Server, str], screenshots: Path, lang: str
) -> None:
    """An auditor (by the group claim) sees the wizard read only and no way to create an
    assessment, and nothing they do reaches the history."""
    from playwright.sync_api import expect

    server, ident = app
    context = chromium.new_context(
        locale="ja-JP" if lang == "ja" else "en-GB", viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    sign_in(page, server, AUDITOR, "監査 太郎", "audit-office", lang, screenshots)
    expect(
        page.get_by_text("役割：監査担当者" if lang == "ja" else "Roles: Auditor")
    ).to_be_visible()
    readonly = "閲覧と検証だけ" if lang == "ja" else "An auditor reads and verifies only"
    expect(page.get_by_text(readonly)).to_be_visible()  # Start: no form to create
    shot(page, screenshots, f"oidc-auditor-start-{lang}")
    page.goto(f"{server.url}/wizard?assessment={ident}&lang={lang}")
    title = page.get_by_label("件名" if lang == "ja" else "Title", exact=True)
    title.wait_for(timeout=TIMEOUT_MS)
    expect(title).to_be_disabled()
    notice = "変更できません（閲覧のみ）" if lang == "ja" else "you can read it only"
    expect(page.get_by_text(notice)).to_be_visible()
    # Where an editor reads that changes are saved automatically, the auditor reads that
    # nothing is saved.
    saves = "この画面から変更は保存されません" if lang == "ja" else "nothing on this page is saved"
    expect(page.get_by_text(saves)).to_have_count(1)
    expect(page.get_by_text("自動保存" if lang == "ja" else "saved automatically")).to_have_count(0)
    shot(page, screenshots, f"oidc-auditor-wizard-{lang}")
    # Sign-off offers no form; Export keeps nothing (its buttons are disabled).
    page.goto(f"{server.url}/signoff?assessment={ident}&lang={lang}")
    expect(page.get_by_text(readonly)).to_be_visible(timeout=TIMEOUT_MS)
    shot(page, screenshots, f"oidc-auditor-signoff-{lang}")
    page.goto(f"{server.url}/export?assessment={ident}&lang={lang}")
    make = page.get_by_role("button", name="PDF を作成" if lang == "ja" else "Create PDF")
    expect(make).to_be_disabled(timeout=TIMEOUT_MS)
    shot(page, screenshots, f"oidc-auditor-export-{lang}")
    context.close()
    repo = _repository(server)
    assert AUDITOR not in {e.actor for e in repo.history(ident)}
    repo.engine.dispose()
