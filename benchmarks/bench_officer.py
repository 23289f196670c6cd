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
bench_app.py as the regression line. Each click is named by its kind (next step, confirm all,
rest unknown, an answer); the app's own `page_run` log lines say how many script runs a click
caused and how long the server spent in them, so the slowest clicks are printed with both.

More lines put the figure in context. The same clicks timed from the page's own click event
(Playwright first locates the element, scrolls to it and waits for it to be still, which no
officer waits for; the empty page is timed the same way). And two floors for a page of the
wizard's size, with no app behind them: a static page of cards built like the wizard's, redrawn
as it was (as after "confirm all"), and the same page turning at each click to as many new cards
(as "next" does, whose elements the browser must build anew); the app cannot be quicker than
the Streamlit page it draws.

The issue's aim, every click's p95 within 2x the empty page, holds for answering but cannot hold
for a step change: the plain page of eight cards turning to new ones is already 4-5x the empty
page. So the aim is also printed by kind of click, each against its own floor: answering within
2x the empty page; a step change within 1.5x the plain page turning to as many new cards; "confirm
all" and "rest unknown" within 1.5x the plain page redrawn. The half again is the app's own work
on such a click (reading the store, evaluating, saving), which the plain page does not do.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
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
# The aim restated for the clicks that draw a page of the wizard's size: at most this many times
# a plain Streamlit page of that size making the same kind of change (see the docstring).
FLOOR_RATIO = 1.5
VERBOSE = bool(os.environ.get("OSAI_BENCH_VERBOSE"))
QUIET_S = 0.3
NO_RERUN_S = 3.0  # a rerun is over when the websocket has been quiet this long
EMPTY_PAGE = 'import streamlit as st\nst.button("次へ", key="next")\n'
# The floor for a page as big as the wizard's: the same button above eight cards built like the
# wizard's component cards (heading, help and clause lines, a row of three inputs, a folded
# expander and an open evidence block), with no app behind it: no store, no state, no logic.
CARDS = 8
CARDS_PAGE = (
    f"CARDS = {CARDS}\n"
    """import streamlit as st
STEP = st.session_state.get("step", 0) if SWITCH else 0
def turn():
    st.session_state["step"] = STEP + 1
st.button("次へ", key="next", on_click=turn)
st.header(f"ステップ {STEP}")
for n in range(CARDS):
    i = f"{STEP}.{n}"
    with st.container(border=True, key=f"q{i}"):
        st.markdown(f"**質問{i}：トレーニングに使用したコードは公開されていますか。** "
                    ":orange-badge[証拠必須] :violet-badge[取り込み・未確認]")
        st.caption("望ましい証拠は、このモデルのバージョンに対応するトレーニング処理の本体と、"
                   "実際に使用した設定ファイル又は起動コマンドです。" * 2)
        st.caption("根拠条項: OSAID 1.0：改変を加えるための推奨される形式：コード")
        with st.container():
            a, b, c = st.columns(3)
            a.segmented_control("公開状況", ["はい", "いいえ", "不明"], key=f"r{i}")
            b.text_area("公開場所（URL、1行に1つ）", key=f"l{i}", height=68)
            c.text_input("ライセンス", key=f"c{i}")
            st.expander("ライセンス文書を読み取る")
            with st.expander("証拠（1件）", expanded=True):
                st.multiselect("証拠ライブラリから選ぶ", ["https://example.org/a"], key=f"p{i}")
                st.text_area("証拠のURL（1行に1つ）", key=f"u{i}", height=68)
                st.text_area("メモ・判断理由", key=f"n{i}", height=68)
                st.file_uploader("証拠ファイルを添付", key=f"f{i}")
"""
)
# The same page clicked to the same page draws little in the browser (the elements are there
# already); a step change mounts a page of new elements. The floor for "next": each click
# turns to a page of as many new cards (new keys, as the wizard's next step has).
STATIC_PAGE = "SWITCH = False\n" + CARDS_PAGE
STEP_PAGES = "SWITCH = True\n" + CARDS_PAGE
# The app as `streamlit run app.py` serves it, with its logs as JSON lines on standard output
# (as `osai-procure serve` writes them), so each click's script runs can be read back.
LOGGED_APP = (
    "from osai_procure.logs import configure_json_logs\n"
    "from osai_procure.ui import APP_SCRIPT\n"
    "import runpy\n"
    "configure_json_logs()\n"
    "runpy.run_path(str(APP_SCRIPT), run_name='__main__')\n"
)


@dataclass
class Click:
    """One timed interaction: what it was, when (epoch seconds), and the server runs it caused."""

    policy: str
    kind: str
    what: str
    started: float
    ended: float
    latency: float
    to_send: float  # from the click to the browser's message to the server
    in_page: float  # from the page's own click (or key) event to the last message
    to_first: float  # from that message to the server's first answer
    frames: int  # messages from the server
    size: int  # their bytes
    runs: list[tuple[str, float, float]] = field(default_factory=list)  # page, ms, cpu ms


# The page's own record of each click and key press (epoch milliseconds), so a click can also be
# timed from the moment it reached the page, without Playwright's locating, scrolling and
# waiting for the element to be still before it clicks.
INPUT_EVENTS = """
window.__osaiInput = [];
for (const type of ["click", "keydown"]) {
  addEventListener(type, () => window.__osaiInput.push(performance.timeOrigin + performance.now()),
                   true);
}
"""


class Officer:
    """A browser page that counts interactions and times each one to the end of its rerun."""

    def __init__(self, page: Any, policy: str = "") -> None:
        page.add_init_script(INPUT_EVENTS)
        self.page = page
        self.policy = policy
        self.frames: list[float] = []
        self.sizes: list[int] = []
        self.sent: list[float] = []
        self.interactions = 0
        self.latencies: list[float] = []
        self.clicks: list[Click] = []
        page.on("websocket", self._watch)

    def _watch(self, socket: Any) -> None:
        """Record when each message from the server arrives (and its size), and when the
        browser sends one."""
        socket.on("framereceived", self._received)
        socket.on("framesent", lambda _payload: self.sent.append(time.perf_counter()))

    def _received(self, payload: str | bytes) -> None:
        """One message from the server."""
        self.frames.append(time.perf_counter())
        self.sizes.append(len(payload))

    def wait_quiet(self, quiet: float = 1.0, limit: float = 60.0) -> None:
        """Wait until the server has sent nothing for `quiet` seconds."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            self.page.wait_for_timeout(50)
            if self.frames and time.perf_counter() - self.frames[-1] > quiet:
                return

    def act(
        self, action: Callable[[], Any], timed: bool = True, kind: str = "other", what: str = ""
    ) -> None:
        """Do one interaction and wait until the rerun it caused is over."""
        seen, sent = len(self.frames), len(self.sent)
        wall = time.time()
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
            latency = self.frames[-1] - started
            self.latencies.append(latency)
            ended = wall + time.perf_counter() - started
            message = self.sent[sent] if len(self.sent) > sent else started
            inputs = [t / 1000 for t in self.page.evaluate("(window.__osaiInput || []).splice(0)")]
            given = min((t for t in inputs if t >= wall - 0.001), default=wall)
            first = next((f for f in self.frames[seen:] if f >= message), self.frames[seen])
            self.clicks.append(
                Click(
                    self.policy,
                    kind,
                    what,
                    wall,
                    ended,
                    latency,
                    to_send=message - started,
                    in_page=wall + latency - given,
                    to_first=first - message,
                    frames=len(self.frames) - seen,
                    size=sum(self.sizes[seen:]),
                )
            )
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

        officer.act(fill, kind="answer", what=f"{question.id} ({kind})")
        return True
    elif kind == "number":
        field = card.locator(f".st-key-answer-{question.id} input").first

        def type_number() -> None:
            field.fill("1")
            field.press("Enter")

        officer.act(type_number, kind="answer", what=f"{question.id} ({kind})")
        return True
    else:  # multi_choice and date: left for the officer's own judgement
        return False
    if target.count() == 0:
        return False
    # A DOM click: the sticky page header may cover a card scrolled to the top edge.
    officer.act(
        lambda: target.first.evaluate("e => e.click()"),
        kind="answer",
        what=f"{question.id} ({kind})",
    )
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
    officer = Officer(page, policy_id)
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

    officer.act(open_policies, kind="start", what="open the policy list")
    officer.act(option.click, kind="start", what="choose the policy")
    officer.act(
        lambda: page.get_by_text("ファイルから事前入力（任意）").click(),
        kind="start",
        what="open the import",
    )
    # The format is left at "read from the file": the app recognises the record.
    upload = form.locator("input[type=file]")
    officer.act(lambda: upload.set_input_files(str(RECORD)), kind="start", what="choose the file")
    officer.act(lambda: page.get_by_role("button", name="評価を作成").click(), timed=False)
    page.wait_for_url("**/wizard?assessment=*")
    # An officer clicks once the page is there: the first click must not land in the new
    # page's own first run (which is then timed as part of that click).
    page.get_by_role("button", name="次へ →").first.wait_for()
    officer.wait_quiet()
    settle(page)
    assessment_id = page.url.split("assessment=")[1].split("&")[0]
    engine = make_engine(f"sqlite:///{data_dir / 'osai-procure.sqlite3'}")
    repo = Repository(engine)
    steps = wizard_steps(bundle)
    for _step, section in steps[1:]:
        where = section.id if section is not None else "summary"
        print(f"  {policy_id}: {where} after {officer.interactions} interactions", flush=True)
        officer.act(
            lambda: page.get_by_role("button", name="次へ →").first.click(), kind="next", what=where
        )
        if section is None:
            break
        page.get_by_role("heading", name=section.title.ja, exact=True).wait_for()
        confirm = page.locator(f".st-key-wiz-confirm_all-{section.id} button")
        if confirm.count():
            officer.act(confirm.click, kind="confirm all", what=where)
        # What the record does not say stays unknown: one click for the section's rest.
        rest = page.locator(f".st-key-wiz-rest_unknown-{section.id} button")
        if rest.count():
            officer.act(rest.first.click, kind="rest unknown", what=where)
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
        "clicks": officer.clicks,
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


def page_clicks(browser: Any, base: Path, name: str, source: str, rounds: int) -> list[Click]:
    """Click -> quiet websocket on a Streamlit page with a 次へ button, `rounds` times."""
    script = base / f"{name}.py"
    script.write_text(source, encoding="utf-8")
    (base / name).mkdir()
    process, server, _ = start_server(base / name, serve=streamlit_command(script))
    try:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        officer = Officer(page)
        officer.act(lambda: page.goto(server.url), timed=False)
        button = page.get_by_role("button", name="次へ")
        button.wait_for()
        for _ in range(rounds):
            officer.act(button.click, kind=name)
        page.close()
        if VERBOSE:
            _by_kind(officer.clicks)
        return officer.clicks
    finally:
        stop_server(process)


def _logged_app_command(script: Path) -> list[str]:
    """`streamlit run` of the logging wrapper with the app's own settings (streamlit.toml) as
    flags: it runs outside the checkout, where .streamlit/config.toml is not found."""
    from osai_procure.ui import STREAMLIT_CONFIG
    from osai_procure.ui.server import config_flags, given_options

    command = streamlit_command(script)
    given = given_options(command)
    flags = config_flags(STREAMLIT_CONFIG)
    return [*command, *(f"--{k}={v}" for k, v in flags.items() if k not in given)]


def attach_runs(clicks: list[Click], log: Path) -> None:
    """Give each click the app's `page_run` lines logged while it was waited for."""
    runs: list[tuple[float, str, float, float]] = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("event") == "page_run":
            at = datetime.fromisoformat(entry["time"]).timestamp()
            runs.append((at, str(entry["page"]), float(entry["ms"]), float(entry["cpu_ms"])))
    for click in clicks:
        click.runs = [(p, ms, cpu) for at, p, ms, cpu in runs if click.started <= at <= click.ended]


def _by_kind(clicks: list[Click]) -> None:
    """Latency and server time per kind of click."""
    kinds = sorted(
        {c.kind for c in clicks}, key=lambda k: -max(x.latency for x in clicks if x.kind == k)
    )
    for kind in kinds:
        own = [c for c in clicks if c.kind == kind]
        latencies = [c.latency for c in own]
        server = [sum(ms for _, ms, _ in c.runs) for c in own]
        runs = sum(len(c.runs) for c in own) / len(own)
        print(
            f"  {kind:13} median {statistics.median(latencies) * 1000:7.0f}  "
            f"p95 {_p95(latencies):7.0f}  ({len(own)} clicks), server median "
            f"{statistics.median(server):5.0f} ms in {runs:.1f} runs per click"
        )
        print(
            f"  {'':13} from the page's click "
            f"{statistics.median(c.in_page for c in own) * 1000:4.0f}"
            f", click to message {statistics.median(c.to_send for c in own) * 1000:4.0f}, "
            f"to first answer {statistics.median(c.to_first for c in own) * 1000:4.0f}, "
            f"{statistics.median(c.frames for c in own):4.0f} messages of "
            f"{statistics.median(c.size for c in own) / 1000:5.1f} kB (medians)"
        )


def _slowest(clicks: list[Click], n: int = 5) -> None:
    """The slowest clicks: what they were and the script runs they caused."""
    for click in sorted(clicks, key=lambda c: -c.latency)[:n]:
        runs = " + ".join(f"{page} {ms:.0f} ms (cpu {cpu:.0f})" for page, ms, cpu in click.runs)
        print(
            f"  {click.latency * 1000:5.0f} ms  {click.policy}: {click.kind} {click.what}: "
            f"{runs or 'no run logged'}; from the page's click {click.in_page * 1000:.0f} ms, "
            f"click to message {click.to_send * 1000:.0f} ms, "
            f"{click.frames} messages of {click.size / 1000:.1f} kB"
        )


def _restated(
    every: list[Click], empty: list[float], redrawn: list[float], turned: list[float]
) -> None:
    """The click aim restated by kind of click, each against the floor it can reach: an answer
    against the empty page; a step change against a plain page turning to as many new cards; a
    click that redraws the same step against that page redrawn (see the module's docstring)."""
    print("The click aim by kind of click (p95 ratio to its floor, measured in this run)")
    for kinds, floor, name, aim in (
        (("answer",), empty, "the empty page", TARGET_RATIO),
        (("next",), turned, "the static page turning to new cards", FLOOR_RATIO),
        (("confirm all", "rest unknown"), redrawn, "the static page redrawn", FLOOR_RATIO),
    ):
        own = [c.latency for c in every if c.kind in kinds]
        if own:
            ratio = _p95(own) / _p95(floor)
            print(
                f"  {' / '.join(kinds):26} p95 {_p95(own):5.0f} ms, {ratio:.2f} x {name} "
                f"(aim <= {aim}: {'met' if ratio <= aim else 'not met'})"
            )


def _policies() -> list[str]:
    """The policies to walk: all, or those named on the command line."""
    unknown = [name for name in sys.argv[1:] if name not in AIMS]
    if unknown:
        raise SystemExit(f"usage: bench_officer.py [{' '.join(AIMS)}] (not: {' '.join(unknown)})")
    return [p for p in AIMS if len(sys.argv) < 2 or p in sys.argv[1:]]


def _p95(values: list[float]) -> float:
    """The 95th percentile in milliseconds (nearest rank: of two clicks, the slower)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)] * 1000


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
        script = base / "logged_app.py"
        script.write_text(LOGGED_APP, encoding="utf-8")
        process, server, _ = start_server(base / "app", serve=_logged_app_command(script))
        try:
            results = {p: walk(browser, server.url, server.data_dir, p) for p in _policies()}
        finally:
            stop_server(process)
        every = [c for r in results.values() for c in r["clicks"]]
        attach_runs(every, server.log)
        clicks = sum(len(r["latencies"]) for r in results.values())
        rounds = min(max(clicks, 20), 60)
        empty_page = page_clicks(browser, base, "empty page", EMPTY_PAGE, rounds)
        cards_page = page_clicks(browser, base, "static cards", STATIC_PAGE, rounds)
        step_pages = page_clicks(browser, base, "static steps", STEP_PAGES, rounds)
        empty = [c.latency for c in empty_page]
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
    cards = [c.latency for c in cards_page]
    print(
        f"  static page median {statistics.median(cards) * 1000:7.0f}  p95 {_p95(cards):7.0f}  "
        f"({len(cards)} clicks; {CARDS} cards like the wizard's, "
        f"{statistics.median(c.frames for c in cards_page):.0f} messages a click, no app "
        f"behind them), p95 ratio to the empty page {_p95(cards) / _p95(empty):.2f}"
    )
    print(f"  p95 ratio app / static page of the wizard's size: {_p95(app) / _p95(cards):.2f}")
    turns = [c.latency for c in step_pages]
    nexts = [c.latency for c in every if c.kind == "next"]
    print(
        f"  static steps median {statistics.median(turns) * 1000:6.0f}  p95 {_p95(turns):7.0f}  "
        f"(each click turns to {CARDS} new cards, "
        f"{statistics.median(c.frames for c in step_pages):.0f} messages), p95 ratio to the "
        f"empty page {_p95(turns) / _p95(empty):.2f}; the app's 'next' p95 {_p95(nexts):.0f}, "
        f"ratio {_p95(nexts) / _p95(turns):.2f}"
    )
    _restated(every, empty, cards, turns)
    own_app, own_empty = [c.in_page for c in every], [c.in_page for c in empty_page]
    print("The same from the page's own click event (Playwright's locating and waiting left out)")
    print(
        f"  app         median {statistics.median(own_app) * 1000:7.0f}  p95 {_p95(own_app):7.0f}"
        f"\n  empty page  median {statistics.median(own_empty) * 1000:7.0f}  "
        f"p95 {_p95(own_empty):7.0f}\n  p95 ratio app / empty page: "
        f"{_p95(own_app) / _p95(own_empty):.2f}"
    )
    print("By kind of click (server: the app's logged script runs), milliseconds")
    _by_kind(every)
    print("Slowest clicks")
    _slowest(every)


if __name__ == "__main__":
    main()
