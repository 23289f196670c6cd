"""Nothing lives in one process: two app processes behind nginx on one PostgreSQL database; an
officer works through the proxy, the process serving them is killed, and the other one shows
everything after a reload in the middle of the wizard."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deploy.local import Stack, StackError, free_port, nginx_program, running
from tests.browser.conftest import _unavailable
from tests.browser.test_e2e import TIMEOUT_MS, settle, shot

pytestmark = pytest.mark.browser

TITLE = "フェイルオーバー確認用の評価"
OFFICER = "山田 太郎"


@pytest.fixture
def stack(chromium: Any, postgres_url: str, tmp_path: Path) -> Iterator[Stack]:
    """Two app processes with data directories of their own, nginx in front, one database."""
    try:
        nginx_program()
    except StackError as exc:
        _unavailable(str(exc))
    with running(Stack(tmp_path / "stack", 2, free_port(), postgres_url)) as started:
        yield started


def _served_by(stack: Stack, assessment_id: str) -> set[int]:
    """The app processes whose logs show a page run of this assessment."""
    found = set()
    for app in stack.apps:
        for line in app.log.read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("event") == "page_run" and entry.get("assessment_id") == assessment_id:
                    found.add(app.index)
    return found


def test_a_killed_process_loses_nothing(stack: Stack, chromium: Any, screenshots: Path) -> None:
    """Answers, an evidence file, an export, the history and the officer's name made through
    one process are all there after that process is killed and the wizard page reloaded."""
    from playwright.sync_api import expect

    assert len({app.data_dir for app in stack.apps}) == 2, "each process has its own data dir"
    context = chromium.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(stack.url)
    page.get_by_role("heading", name="スタート").wait_for()
    name_field = page.get_by_role("textbox", name="あなたの氏名")
    name_field.fill(OFFICER)
    name_field.press("Enter")
    settle(page)
    page.get_by_label("件名", exact=True).fill(TITLE)
    page.get_by_label("AIシステム名").fill("ExampleLM")
    page.get_by_role("button", name="評価を作成").click()
    page.wait_for_url(re.compile(r".*/wizard\?assessment=[0-9a-f-]{36}"))
    assessment_id = page.url.split("assessment=")[1][:36]
    wizard_url = page.url

    # One export, made on the export page, then back to the wizard's second section.
    page.get_by_role("link", name="出力").click()
    page.get_by_role("button", name="JSON を作成").click()
    page.get_by_text("JSON を作成しました").wait_for()
    settle(page)
    page.goto(wizard_url)
    page.get_by_role("button", name="次へ →").first.click()
    page.get_by_role("heading", name="コード", exact=True).wait_for()
    card = page.locator(".st-key-q-code_training")
    card.get_by_role("radio", name="はい").click()
    settle(page)
    licence = card.get_by_role("textbox", name="ライセンス")
    licence.fill("apache 2")
    licence.press("Enter")
    card.get_by_text("正規化").first.wait_for()
    # The evidence of a question that requires it is open without a click.
    card.locator("input[type=file]").set_input_files(
        {"name": "証拠.txt", "mimeType": "text/plain", "buffer": "学習コードの公開場所".encode()}
    )
    card.get_by_text("添付済み：証拠.txt").wait_for()
    settle(page)

    served = _served_by(stack, assessment_id)
    assert len(served) == 1, f"session affinity: one process served the officer, not {served}"
    (dead,) = served
    stack.kill_app(dead)

    page.reload()
    page.get_by_role("heading", name="コード", exact=True).wait_for(timeout=60_000)
    settle(page)
    card = page.locator(".st-key-q-code_training")
    expect(card.get_by_role("radio", name="はい")).to_have_attribute("aria-checked", "true")
    expect(card.get_by_role("textbox", name="ライセンス")).to_have_value("apache 2")
    card.get_by_text("添付済み：証拠.txt").wait_for()
    settle(page)
    shot(page, screenshots, "failover-wizard-after-kill")
    expect(page.get_by_role("textbox", name="あなたの氏名")).to_have_value(OFFICER)

    page.get_by_role("link", name="出力").click()
    page.get_by_role("heading", name="出力", exact=True).wait_for()
    page.get_by_text(re.compile(f"^JSON · .* · {OFFICER} · SHA-256")).first.wait_for()
    page.get_by_role("link", name="レビュー").click()
    page.get_by_role("heading", name="レビュー", exact=True).wait_for()
    page.get_by_role("tab", name="変更履歴").click()
    page.locator("[role=gridcell]", has_text=OFFICER).first.wait_for(state="attached")
    settle(page)
    shot(page, screenshots, "failover-review-after-kill")
    context.close()

    alive = {app.index for app in stack.apps} - {dead}
    assert _served_by(stack, assessment_id) == served | alive, "the other process took over"
