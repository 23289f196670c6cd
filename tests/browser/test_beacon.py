"""User text is text in a real browser: every field holds markdown and HTML pointing at a local
"beacon" server, every page is opened, and the beacon never hears from the browser."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import Answer, AssessmentInfo, ComponentValue, SystemInfo
from osai_procure.store import PolicyStamp, Repository, SignOff, make_engine
from osai_procure.ui.records import step_of_question
from tests.browser.conftest import Server, start_server, stop_server
from tests.browser.test_e2e import TIMEOUT_MS, settle

pytestmark = pytest.mark.browser


class _Beacon(http.server.BaseHTTPRequestHandler):
    """Records every request path; answers with an empty image."""

    hits: list[str]

    def do_GET(self) -> None:
        """Remember the request."""
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def beacon() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on 127.0.0.1 that records every request it receives."""
    hits: list[str] = []
    handler = type("Beacon", (_Beacon,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def payload(base: str, field: str) -> str:
    """Markdown, a Streamlit directive and HTML, each of which would fetch or link the beacon."""
    text = (
        f"{field} ![i]({base}/m-{field}) [l]({base}/l-{field}) <img src={base}/h-{field}> :red[r]"
    )
    assert len(text) <= 200, "names and titles are capped at 200 characters"
    return text


def addresses(base: str, field: str) -> str:
    """A web address, a www. name and e-mail addresses, bare, as an officer might type them:
    markdown links each of them by itself, even escaped."""
    host = base.removeprefix("http://")
    text = (
        f"{field} {base}/b-{field} www.{host}.example/{field} {field}@b.example mailto:m@b.example"
    )
    assert len(text) <= 200, "names and titles are capped at 200 characters"
    return text


def address_file_name(base: str) -> str:
    """An evidence file name holding a www. name and an e-mail address."""
    return f"www.{base.removeprefix('http://')}.example f@b.example.txt"


def file_name(base: str) -> str:
    """An evidence file name with markdown and HTML that would fetch or link the beacon."""
    host = base.removeprefix("http://")
    return f"![f](http:{host}) [l](http:{host}) <img src=http:{host}> :red[r] **b**.txt"


def _seed(
    data: Path,
    base: str,
    bundle: PolicyBundle,
    payload: Callable[[str, str], str] = payload,
    attached: Callable[[str], str] = file_name,
) -> str:
    """An assessment with the beacon in every user field (`payload` makes each field's text),
    its wizard at the step of the question holding the note and the attachment; return its
    id."""
    engine = make_engine(f"sqlite:///{data / 'osai-procure.sqlite3'}")
    repo = Repository(engine)
    policy = bundle.policy
    info = AssessmentInfo(
        title=payload(base, "title"),
        procurement_id=payload(base, "proc"),
        agency=payload(base, "agency"),
        system=SystemInfo(
            name=payload(base, "system"),
            version=payload(base, "version"),
            provider=payload(base, "provider"),
        ),
    )
    answers = {
        "substantially_equivalent_rationale": Answer(
            value=payload(base, "answer"), note=payload(base, "note")
        ),
        "code_training": Answer(
            value=ComponentValue(released="yes", license=payload(base, "licence")).to_answer(),
            note=payload(base, "cnote"),
        ),
    }
    record = repo.create(
        info,
        PolicyStamp(id=policy.id, version=policy.version, digest=policy.digest),
        payload(base, "actor"),
        answers,
    )
    repo.add_attachment(
        record.id,
        "substantially_equivalent_rationale",
        # No slash (a stored name keeps what follows the last one): `http:host:port` is a URL
        # to a browser all the same.
        attached(base),
        b"evidence",
        payload(base, "uploader"),
    )
    record = repo.get(record.id)
    roles = policy.signoff_roles
    for role in roles[:-1]:
        record = repo.record_signoff(
            record.id,
            SignOff(
                role=role,
                name=payload(base, f"n-{role[:3]}"),
                title=payload(base, f"t-{role[:3]}"),
                organisation=payload(base, f"o-{role[:3]}"),
                decision="approve",
                comment=payload(base, f"comment-{role}"),
            ),
            roles,
            record.version,
            payload(base, f"signer-{role}"),
        )
    # A fresh session opens the wizard at the stored step: the question with the attachment.
    repo.set_step(record.id, step_of_question(bundle)["substantially_equivalent_rationale"], "x")
    engine.dispose()
    return record.id


def _open_everything(page: Any) -> None:
    """Open every expander and tab on the page, so what they hold is drawn too."""
    for tab in page.get_by_role("tab").all() or [None]:
        if tab is not None:
            tab.click()
            settle(page)
        for summary in page.locator("[data-testid=stExpander] summary").all():
            if summary.is_visible():
                summary.click()
        settle(page)


def _links_to(page: Any, base: str) -> list[str]:
    """Elements that load from the beacon or link to it, and links to the e-mail or www.
    addresses of the seeded text: user text never becomes a link, not even to itself."""
    found = page.evaluate(
        """(base) => Array.from(document.querySelectorAll('[src], [srcset], [href]'))
        .filter(e => {
            const src = (e.getAttribute('src') || '') + (e.getAttribute('srcset') || '');
            const href = e.getAttribute('href') || '';
            return src.includes(base) || href.includes(base)
                || href.startsWith('mailto:') || href.includes('.example');
        })
        .map(e => e.outerHTML.slice(0, 300))""",
        base.removeprefix("http://"),
    )
    return list(found)


def test_no_user_field_makes_the_browser_fetch_anything(
    tmp_path: Path, chromium: Any, beacon: tuple[str, list[str]], osgjp_bundle: PolicyBundle
) -> None:
    """Every page, in both languages, shows beacon markup as text: not one request arrives."""
    base, hits = beacon
    process, server, _ = start_server(tmp_path)
    try:
        ident = _seed(server.data_dir, base, osgjp_bundle)
        _visit_all(chromium, server, ident, base)
    finally:
        stop_server(process)
    assert hits == []


def test_no_address_in_user_text_becomes_a_link(
    tmp_path: Path, chromium: Any, beacon: tuple[str, list[str]], osgjp_bundle: PolicyBundle
) -> None:
    """Web and e-mail addresses typed into every field are shown as text on every page, in
    both languages: no link to them (markdown's autolink, mailto:) and no request."""
    base, hits = beacon
    process, server, _ = start_server(tmp_path)
    try:
        ident = _seed(server.data_dir, base, osgjp_bundle, addresses, address_file_name)
        _visit_all(chromium, server, ident, base, "title http", address_file_name(base))
    finally:
        stop_server(process)
    assert hits == []


def _visit_all(
    chromium: Any,
    server: Server,
    ident: str,
    base: str,
    title: str = "title ![i]",
    attached: str = "",
) -> None:
    """Open Start, Review, Sign-off, Export, Drill and the wizard, with every tab and
    expander."""
    from playwright.sync_api import expect

    for locale in ("ja-JP", "en-US"):
        context = chromium.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server.url)
        page.get_by_text(title, exact=False).first.wait_for()
        settle(page)
        assert _links_to(page, base) == []
        for name in ("review", "signoff", "export", "drill", "wizard"):
            page.goto(f"{server.url}/{name}?assessment={ident}")
            heading = page.get_by_role("heading", level=3).filter(has_text=title)
            expect(heading).to_have_count(1)
            settle(page)
            _open_everything(page)
            assert _links_to(page, base) == [], name
        # The wizard opened on the stored step: the one with the note and the attachment.
        card = page.locator(".st-key-q-substantially_equivalent_rationale")
        card.locator("[data-testid=stExpander] summary").first.click()
        card.get_by_text(attached or file_name(base), exact=False).first.wait_for()
        settle(page)
        assert _links_to(page, base) == []
        context.close()
