"""AppTest fixtures: the app on a temporary database and key directory, and helpers."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osai_procure.models.answers import Answer, AssessmentInfo, SystemInfo
from osai_procure.store import AssessmentRecord, PolicyStamp, Repository, make_engine

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGES = "src/osai_procure/ui/page_scripts"
POLICY_ID = "osg_jp_public_procurement"
TIMEOUT = 60


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder the tempfile module uses for this test (uploads must leave it empty)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a fresh database and key directory; return the data directory."""
    data = tmp_path / "data"
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(data))
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OSAI_PROCURE_DB_URL", raising=False)
    monkeypatch.delenv("OSAI_PROCURE_CONTENT", raising=False)
    monkeypatch.delenv("OSAI_PROCURE_KEY_PASSPHRASE", raising=False)
    return data


@pytest.fixture
def repo(app_env: Path) -> Iterator[Repository]:
    """A repository on the app's database, to arrange and inspect data directly."""
    engine = make_engine(f"sqlite:///{app_env / 'osai-procure.sqlite3'}")
    yield Repository(engine)
    engine.dispose()


@pytest.fixture
def new_app(app_env: Path) -> Callable[..., AppTest]:
    """Make an AppTest of app.py (a fresh browser session), optionally with URL params."""

    def make(locale: str = "en-US", **params: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.context = {"locale": locale, "timezone": "Asia/Tokyo"}
        for key, value in params.items():
            at.query_params[key] = value
        return at

    return make


@pytest.fixture
def assessment(repo: Repository, osgjp_bundle: object) -> AssessmentRecord:
    """A draft assessment against the shipped OSG-JP policy, with one answer."""
    policy = osgjp_bundle.policy  # type: ignore[attr-defined]
    return repo.create(
        AssessmentInfo(
            title="汎用LLM 調達評価",
            agency="デジタル庁",
            system=SystemInfo(name="ExampleLM", version="2.0"),
        ),
        PolicyStamp(id=policy.id, version=policy.version, digest=policy.digest),
        "fixture",
        {"freedom_use": Answer(value="yes")},
    )


def page_path(name: str) -> str:
    """The path of a page script, relative to app.py."""
    return f"{PAGES}/{name}.py"


def open_page(at: AppTest, name: str) -> AppTest:
    """Run the app (Start), then switch to a page and run it, as a click in the menu would."""
    at.run()
    return at.switch_page(page_path(name)).run()


def sign(at: AppTest, title: str, name: str | None = None) -> AppTest:
    """Fill the Sign-off page's form for the next role and submit it (the name only when given:
    a signed-in officer's name is fixed)."""
    if name is not None:
        at.text_input[0].input(name)
    at.text_input[1].input(title)
    at.text_area[0].input("確認しました。")
    at.checkbox[0].check()
    return at.button[0].click().run()


def open_evidence(at: AppTest, question_id: str) -> AppTest:
    """Open a question's evidence expander (its fields are built only while open)."""
    at.session_state[f"answer.{question_id}.evidence_open"] = True
    return at.run()


# A backslash before ASCII punctuation is markdown's escape: the reader sees the character.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """A markdown source as its reader sees the escaped characters (literal, unescaped)."""
    return _MD_ESCAPE.sub(r"\1", markdown)


def texts(at: AppTest) -> str:
    """Every markdown-ish text on the page, joined and unescaped, for assertions on messages."""
    return shown(sources(at))


def sources(at: AppTest) -> str:
    """Every markdown-ish text on the page as the markdown source handed to Streamlit."""
    parts: list[str] = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "title",
        "subheader",
        "header",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [bar.text for bar in at.get("progress")]  # the wizard's progress and autosave line
    return "\n".join(parts)
