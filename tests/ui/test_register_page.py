"""The Register page lists every assessment with its verdicts, filters in the database and
draws its charts, in both languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.register.helpers import Clock, approve, at, stored_cases
from tests.ui.conftest import open_page, texts
from tests.ui.test_pages import assert_clean


@pytest.fixture
def cases(app_env: Path) -> str:
    """The golden cases in the app's database, one approved; returns the approved id."""
    clock = Clock(at("2025-01-10T09:00"))
    repo = stored_cases(f"sqlite:///{app_env / 'osai-procure.sqlite3'}", clock)
    first = repo.list_assessments(limit=1)[0]
    clock.at = at("2025-03-01T09:00")
    approve(repo, first.id)
    repo.engine.dispose()
    return first.id


@pytest.mark.parametrize(("locale", "count"), [("ja-JP", "該当 8 件"), ("en-US", "8 assessments")])
def test_register_lists_every_assessment(
    new_app: Callable[..., AppTest], cases: str, locale: str, count: str
) -> None:
    """All eight assessments are counted and tabled; the four charts are drawn."""
    page = open_page(new_app(locale), "register")
    assert_clean(page)
    assert count in texts(page)
    table = page.dataframe[0].value
    assert len(table) == 8
    assert len(page.get("vega_lite_chart")) == 4


def test_a_verdict_filter_narrows_the_table(new_app: Callable[..., AppTest], cases: str) -> None:
    """Choosing 'Non-compliant' keeps only non-compliant rows."""
    page = open_page(new_app(), "register")
    page.multiselect(key="register.verdict").select("non_compliant").run()
    assert_clean(page)
    table = page.dataframe[0].value
    assert len(table) > 0
    assert set(table["Policy verdict"]) == {"Non-compliant"}


def test_the_approved_row_names_approver_and_due_date(
    new_app: Callable[..., AppTest], cases: str
) -> None:
    """The approved assessment shows its approver and a re-assessment date a year on."""
    page = open_page(new_app(), "register")
    page.multiselect(key="register.status").select("approved").run()
    table = page.dataframe[0].value
    assert list(table["Approved by"]) == ["承認 花子"]
    assert list(table["Re-assess by"]) == ["2026-03-01"]


def test_impact_page_lists_what_a_library_policy_would_flip(
    new_app: Callable[..., AppTest], cases: str
) -> None:
    """Choosing OSAID 1.0 as the candidate for the OSG-JP assessments lists the flips; the
    assessments are unchanged."""
    page = open_page(new_app(), "impact")
    page.selectbox(key="impact.candidate").select("osaid_1_0").run()
    page.button(key="impact.run").click().run()
    assert_clean(page)
    shown = texts(page)
    assert (
        "of 8 assessments would change under Open Source AI Definition 1.0 (OSAID) "
        "(version 1.0.0)" in shown
    )
    table = page.dataframe[0].value
    assert len(table) > 0 and all(table["What changes"])


def test_impact_page_names_policies_by_title_in_japanese(
    new_app: Callable[..., AppTest], cases: str
) -> None:
    """In Japanese the candidate, the scope's choices and the summary name policies by their
    titles, never by their ids."""
    page = open_page(new_app(locale="ja-JP"), "impact")
    page.selectbox(key="impact.candidate").select("osaid_1_0").run()
    page.button(key="impact.run").click().run()
    assert_clean(page)
    shown = texts(page)
    assert "件の評価が「オープンソースAIの定義 1.0（OSAID）」（版 1.0.0）で変わります。" in shown
    assert "osaid_1_0" not in shown
    scope = page.multiselect(key="impact.scope").options
    assert "OSG-JP公開提言に基づくAI公共調達ポリシー" in scope
    assert "osg_jp_public_procurement" not in scope
