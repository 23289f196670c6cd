"""The app on a server database: `OSAI_PROCURE_DB_URL` naming PostgreSQL, as a shared
deployment would set it (the server comes from tests/postgres.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osai_procure.store import Repository, make_engine
from osai_procure.ui import services
from tests.ui.conftest import open_page, sign
from tests.ui.test_wizard import goto


@pytest.fixture
def shared_db(app_env: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the app at a fresh PostgreSQL database; close the app's pool afterwards."""
    monkeypatch.setenv("OSAI_PROCURE_DB_URL", postgres_url)
    yield postgres_url
    services.repository().engine.dispose()


def test_an_assessment_is_created_answered_resumed_and_signed_on_postgresql(
    new_app: Callable[..., AppTest], shared_db: str
) -> None:
    """Start, answer in the wizard, resume from the link in a new session, sign off: all of it
    lands in the PostgreSQL database, with its history."""
    at = new_app()
    at.session_state["officer_name"] = "Yamada"
    at.run()
    at.text_input(key="new.title").input("Shared deployment")
    at.text_input(key="new.system_name").input("ExampleLM")
    at.button[0].click().run()
    assert not at.exception, at.exception
    ident = at.query_params["assessment"]
    ident = ident[0] if isinstance(ident, list) else ident
    goto(at, "freedoms").segmented_control(key="answer.freedom_use").set_value("yes").run()

    resumed = goto(open_page(new_app(assessment=ident), "wizard"), "freedoms")
    assert resumed.segmented_control(key="answer.freedom_use").value == "yes"
    signoff = open_page(new_app(assessment=ident), "signoff")
    sign(signoff, "Officer", name="Yamada")
    assert not signoff.exception, signoff.exception

    engine = make_engine(shared_db)
    stored = Repository(engine).get(ident)
    history = Repository(engine).history(ident)
    engine.dispose()
    assert stored.answers["freedom_use"].value == "yes"
    assert [s.role for s in stored.signoffs] == ["preparer"]
    assert [e.action for e in history][:2] == ["created", "answer"]
