"""Benchmark an officer's day in a real browser: interactions and app time for a scripted
officer, and click -> updated page against an empty Streamlit page's click in the same run.
Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_officer.py

The scripted officer starts from a public record (the Model Openness Tool's record of Llama 3.1
8B, uploaded on the Start page: no machine here reaches the tool itself), then walks every
section: one click confirms the section's imported answers after the side-by-side look, one
click records the section's other open questions as unknown (the record is silent on them), and
each question still open gets one answer. It ends on the
Review page. This runs once for the OSAID policy and once for OSG-JP, the same model. An
interaction is one click, one text entry or one file chosen; page loads count as one.

"Click -> updated page" is the time from a click to the last message of the rerun it caused
(Streamlit's websocket goes quiet), for every click of the walk, against the same measure of a
one-button Streamlit page clicked in turn. The server-side figure (AppTest) stays in
bench_app.py as the regression line.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.browser.conftest

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    start_server,
    stop_server,
    streamlit_command,
)
from tests.browser.test_e2e import settle  # noqa: E402

RECORD = ROOT / "tests/data/importers/mot/Llama-3.1-8B.yml"
AIMS = {"osaid_1_0": 40, "osg_jp_public_procurement": 120}
TARGET_RATIO = 2.0
VERBOSE = bool(os.environ.get("OSAI_BENCH_VERBOSE"))
QUIET_S = 0.3
NO_RERUN_S = 3.0  # a rerun is over when the websocket has been quiet this long
EMPTY_PAGE = 'import streamlit as st\nst.button("次へ", key="next")\n'


class Officer:
    """A browser page that counts interactions and times each one to the end of its rerun."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.frames: list[float] = []
        self.interactions = 0
        self.latencies: list[float] = []
        page.on("websocket", self._watch)

    def _watch(self, socket: Any) -> None:
        """Record when each message from the server arrives."""
        socket.on("framereceived", lambda _payload: self.frames.append(time.perf_counter()))

    def act(self, action: Callable[[], Any], timed: bool = True) -> None:
        """Do one interaction and wait until the rerun it caused is over."""
        seen = len(self.frames)
        started = time.perf_counter()
        action()
        self.interactions += 1
        deadline = started + 90
        while time.perf_counter() < deadline:
            self.page.wait_for_timeout(40)
            if len(self.frames) > seen and time.perf_counter() - self.frames[-1] > QUIET_S:
                break
            if len(self.frames) == seen and time.perf_counter() - started > NO_RERUN_S:
                break  # drawn in the browser alone (a form field, an expander): no rerun
        if timed and len(self.frames) > seen:
            self.latencies.append(self.frames[-1] - started)
        if VERBOSE:
            print(f"    {self.interactions:3d} {time.perf_counter() - started:5.1f} s", flush=True)


def _unanswered(repo: Any, bundle: Any, assessment_id: str, section: Any) -> list[Any]:
    """The shown, unanswered questions of a section, read from the app's database."""
    from osai_procure.engine import progress

    answers = repo.get(assessment_id).answers
    now = progress(bundle, answers)
    # An answer recorded as unknown still counts as open for the verdicts, but the officer
    # has answered it: it is not answered again.
    open_ = {q for q in now.unanswered if q not in answers or answers[q].value is None}
    return [q for q in section.questions if q.id in open_]


def _answer(officer: Officer, question: Any) -> bool:
    """Answer one open question the quickest honest way: unknown where offered."""
    page = officer.page
    card = page.locator(f".st-key-q-{question.id}")
    kind = question.kind
    if kind == "yes_no":
        target = card.locator(f".st-key-answer-{question.id}").get_by_role("radio", name="不明")
    elif kind == "component":
        released = card.locator(f".st-key-answer-{question.id}-released")
        target = released.get_by_role("radio", name="不明")
    elif kind == "single_choice":
        target = card.locator(f".st-key-answer-{question.id}").get_by_role("radio").first
    elif kind in ("text", "url_list"):
        box = card.locator(f".st-key-answer-{question.id} textarea").first
        text = "https://example.org/terms" if kind == "url_list" else "記録の範囲で判断"

        def fill() -> None:
            box.fill(text)
            box.press("Tab")

        officer.act(fill)
        return True
    elif kind == "number":
        field = card.locator(f".st-key-answer-{question.id} input").first

        def type_number() -> None:
            field.fill("1")
            field.press("Enter")

        officer.act(type_number)
        return True
    else:  # multi_choice and date: left for the officer's own judgement
        return False
    if target.count() == 0:
        return False
    # A DOM click: the sticky page header may cover a card scrolled to the top edge.
    officer.act(lambda: target.first.evaluate("e => e.click()"))
    return True


def walk(browser: Any, url: str, data_dir: Path, policy_id: str) -> dict[str, Any]:
    """The scripted officer on one policy: interactions, app time, per-click latencies."""
    from osai_procure.loading import ContentLibrary, load_policy
    from osai_procure.store import Repository, make_engine
    from osai_procure.ui.records import wizard_steps

    library = ContentLibrary.from_root(ROOT)
    bundle = load_policy(ROOT / "policies" / _policy_file(policy_id), library)
    context = browser.new_context(
        locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1300, "height": 1000}
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    officer = Officer(page)
    started = time.perf_counter()
    officer.act(lambda: page.goto(f"{url}/?lang=ja"), timed=False)
    page.get_by_role("heading", name="スタート").wait_for()
    settle(page)  # the first run must be over, or its redraw closes the list just opened
    form = page.get_by_test_id("stForm")
    title = bundle.policy.title.ja
    option = page.get_by_role("option", name=title, exact=False).first

    def open_policies() -> None:
        """Open the policy list; a redraw of the form may close it, so open it again then."""
        for _ in range(5):
            form.get_by_role("combobox").nth(0).click()
            try:
                option.wait_for(timeout=5_000)
                return
            except Exception:  # closed by a redraw: try again
                page.keyboard.press("Escape")

    officer.act(open_policies)
    officer.act(option.click)
    officer.act(lambda: page.get_by_text("ファイルから事前入力（任意）").click())
    # The format is left at "read from the file": the app recognises the record.
    upload = form.locator("input[type=file]")
    officer.act(lambda: upload.set_input_files(str(RECORD)))
    officer.act(lambda: page.get_by_role("button", name="評価を作成").click(), timed=False)
    page.wait_for_url("**/wizard?assessment=*")
    assessment_id = page.url.split("assessment=")[1].split("&")[0]
    engine = make_engine(f"sqlite:///{data_dir / 'osai-procure.sqlite3'}")
    repo = Repository(engine)
    steps = wizard_steps(bundle)
    for _step, section in steps[1:]:
        where = section.id if section is not None else "summary"
        print(f"  {policy_id}: {where} after {officer.interactions} interactions", flush=True)
        officer.act(lambda: page.get_by_role("button", name="次へ →").first.click())
        if section is None:
            break
        page.get_by_role("heading", name=section.title.ja, exact=True).wait_for()
        confirm = page.locator(f".st-key-wiz-confirm_all-{section.id} button")
        if confirm.count():
            officer.act(confirm.click)
        # What the record does not say stays unknown: one click for the section's rest.
        rest = page.locator(f".st-key-wiz-rest_unknown-{section.id} button")
        if rest.count():
            officer.act(rest.first.click)
        done: set[str] = set()
        for _ in range(3):  # answers can show conditional questions: look again
            pending = [
                q for q in _unanswered(repo, bundle, assessment_id, section) if q.id not in done
            ]
            done |= {q.id for q in pending}
            if not any([_answer(officer, q) for q in pending]):
                break
    officer.act(lambda: page.get_by_role("button", name="レビューへ →").click(), timed=False)
    page.get_by_role("heading", name="レビュー", exact=True).wait_for()
    elapsed = time.perf_counter() - started
    left = len(_all_unanswered(repo, bundle, assessment_id))
    engine.dispose()
    context.close()
    return {
        "interactions": officer.interactions,
        "seconds": elapsed,
        "latencies": officer.latencies,
        "left_open": left,
    }


def _policy_file(policy_id: str) -> str:
    """The shipped file of a policy id."""
    return {
        "osaid_1_0": "osaid-1.0.yaml",
        "osg_jp_public_procurement": "osg-jp-public-procurement.yaml",
    }[policy_id]


def _all_unanswered(repo: Any, bundle: Any, assessment_id: str) -> tuple[str, ...]:
    """Every shown question still unanswered."""
    from osai_procure.engine import progress

    return progress(bundle, repo.get(assessment_id).answers).unanswered


def empty_clicks(browser: Any, base: Path, rounds: int) -> list[float]:
    """Click -> quiet websocket on a one-button Streamlit page, `rounds` times."""
    script = base / "empty_page.py"
    script.write_text(EMPTY_PAGE, encoding="utf-8")
    (base / "empty").mkdir()
    process, server, _ = start_server(base / "empty", serve=streamlit_command(script))
    try:
        page = browser.new_page()
        officer = Officer(page)
        officer.act(lambda: page.goto(server.url), timed=False)
        button = page.get_by_role("button", name="次へ")
        button.wait_for()
        for _ in range(rounds):
            officer.act(button.click)
        page.close()
        return officer.latencies
    finally:
        stop_server(process)


def _policies() -> list[str]:
    """The policies to walk: all, or those named on the command line."""
    unknown = [name for name in sys.argv[1:] if name not in AIMS]
    if unknown:
        raise SystemExit(f"usage: bench_officer.py [{' '.join(AIMS)}] (not: {' '.join(unknown)})")
    return [p for p in AIMS if len(sys.argv) < 2 or p in sys.argv[1:]]


def _p95(values: list[float]) -> float:
    """The 95th percentile in milliseconds."""
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def main() -> None:
    """Run both walks and the empty page, then print the figures and the ratios."""
    if not CHROMIUM.exists():
        print(f"skipped: {CHROMIUM} is not installed")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        base = Path(tmp)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        (base / "app").mkdir()
        process, server, _ = start_server(base / "app")
        try:
            results = {p: walk(browser, server.url, server.data_dir, p) for p in _policies()}
        finally:
            stop_server(process)
        clicks = sum(len(r["latencies"]) for r in results.values())
        empty = empty_clicks(browser, base, min(max(clicks, 20), 60))
        browser.close()
    print("Scripted officer, Llama 3.1 8B from its public MOT record (real browser)")
    for policy_id, r in results.items():
        print(
            f"  {policy_id:28} {r['interactions']:4d} interactions (aim <= {AIMS[policy_id]}), "
            f"{r['seconds']:6.1f} s app time, {r['left_open']} questions left for judgement"
        )
    app = [x for r in results.values() for x in r["latencies"]]
    print("Click -> updated page (websocket quiet), milliseconds")
    print(
        f"  app         median {statistics.median(app) * 1000:7.0f}  p95 {_p95(app):7.0f}  "
        f"({len(app)} clicks)"
    )
    print(
        f"  empty page  median {statistics.median(empty) * 1000:7.0f}  p95 {_p95(empty):7.0f}  "
        f"({len(empty)} clicks)"
    )
    for policy_id, r in results.items():
        own = r["latencies"]
        print(
            f"  {policy_id:28} median {statistics.median(own) * 1000:7.0f}  p95 {_p95(own):7.0f}  "
            f"({len(own)} clicks), p95 ratio to the empty page {_p95(own) / _p95(empty):.2f}"
        )
    print(f"  p95 ratio app / empty page: {_p95(app) / _p95(empty):.2f} (aim <= {TARGET_RATIO})")


if __name__ == "__main__":
    main()
