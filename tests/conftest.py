"""Shared fixtures: the repository root, the content library and the shipped bundles."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy
from tests.postgres import database_url, postgres_server, postgres_url

__all__ = ["database_url", "postgres_server", "postgres_url"]  # fixtures for every test package

ROOT = Path(__file__).resolve().parents[1]
# CI sets this so that a test needing a system program fails instead of skipping.
REQUIRE_TOOLS_ENV = "OSAI_REQUIRE_SYSTEM_TOOLS"


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker for tests that need programs from system packages."""
    config.addinivalue_line(
        "markers",
        "system_tools(*programs, package=...): needs these programs from a Debian package; "
        f"skips with a one-line reason locally, fails when {REQUIRE_TOOLS_ENV}=1 (CI)",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (locally) or fail (in CI) a test whose system programs are missing."""
    for mark in item.iter_markers("system_tools"):
        missing = [name for name in mark.args if shutil.which(name) is None]
        if missing:
            reason = (
                f"{', '.join(missing)} not installed (apt-get install {mark.kwargs['package']})"
            )
            if os.environ.get(REQUIRE_TOOLS_ENV) == "1":
                pytest.fail(f"{reason}, and {REQUIRE_TOOLS_ENV}=1 requires it")
            pytest.skip(reason)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def library() -> ContentLibrary:
    """The shipped content library."""
    return ContentLibrary.from_root(ROOT)


@pytest.fixture(scope="session")
def osaid_bundle(library: ContentLibrary) -> PolicyBundle:
    """The shipped OSAID 1.0 policy, resolved."""
    return load_policy(ROOT / "policies" / "osaid-1.0.yaml", library)


@pytest.fixture(scope="session")
def osgjp_bundle(library: ContentLibrary) -> PolicyBundle:
    """The shipped OSG-JP public-procurement policy, resolved."""
    return load_policy(ROOT / "policies" / "osg-jp-public-procurement.yaml", library)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True)
def _throwaway_keys_may_be_unencrypted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test keys are throwaway: the shells may keep them unencrypted (the default refuses;
    tests/reports/test_keys_at_rest.py removes this to check that)."""
    monkeypatch.setenv("OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS", "1")


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands speak English unless a test asks otherwise, whatever the machine's locale
    (`cli_lang.default_lang` reads OSAI_PROCURE_LANG first)."""
    monkeypatch.setenv("OSAI_PROCURE_LANG", "en")
