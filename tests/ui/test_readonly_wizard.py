"""The wizard for an officer who may only read (an auditor): it says so, in Japanese and in
English, offers no input that pretends to save, and never speaks of saving automatically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osai_procure.store import AssessmentRecord, Repository
from tests.ui.conftest import PAGES, texts

ROLES = """\
schema_version: 1
members:
  - group: audit-office
    roles: [auditor]
  - email: hanako@example.go.jp
    roles: [preparer]
"""
INPUTS = (
    "text_input",
    "text_area",
    "radio",
    "checkbox",
    "toggle",
    "multiselect",
    "selectbox",
    "date_input",
    "number_input",
)
# What a reader may still press: moving between steps and questions, leaving.
NAVIGATION = ("wiz.jump", "wiz.back.", "wiz.next.", "wiz.goto.", "wiz.review", "task.", "user.")
AUTOSAVE = {"ja-JP": "自動保存", "en-US": "saved automatically"}
READ_ONLY = {"ja-JP": "閲覧のみ。この画面から変更は保存されません（版 1、", "en-US": "Read only: "}


def _wizard(new_app: Callable[..., AppTest], locale: str, ident: str, **claims: object) -> AppTest:
    """The wizard of an assessment, opened by a signed-in officer."""
    at = new_app(locale, assessment=ident)
    at.user = {"is_logged_in": True, **claims}
    at.run()
    return at.switch_page(f"{PAGES}/wizard.py").run()


def _live(at: AppTest) -> list[str]:
    """The keys of the inputs and buttons that are not disabled, except navigation."""
    found = []
    for kind in (*INPUTS, "button"):
        for widget in getattr(at, kind):
            key = str(getattr(widget, "key", "") or "")
            if not widget.disabled and not key.startswith(NAVIGATION):
                found.append(f"{kind}:{key}")
    return found


@pytest.mark.parametrize("locale", ["ja-JP", "en-US"])
def test_an_auditor_sees_a_read_only_wizard_that_claims_no_saving(
    new_app: Callable[..., AppTest],
    assessment: AssessmentRecord,
    repo: Repository,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    locale: str,
) -> None:
    """On the details step and on a question step the auditor's page says it is read only
    and saves nothing, has no enabled input, and the history gains nothing from browsing."""
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES)
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(roles))
    before = repo.history(assessment.id)
    claims = {"email": "kansa@example.go.jp", "name": "監査 一郎", "groups": ["audit-office"]}
    at = _wizard(new_app, locale, assessment.id, **claims)
    for step in ("details", "code"):
        assert not at.exception, step
        shown = texts(at)
        assert AUTOSAVE[locale] not in shown, step
        assert READ_ONLY[locale] in shown, step
        assert _live(at) == [], step
        at.button(key="wiz.next.top").click().run()
    assert repo.history(assessment.id) == before
    assert repo.get(assessment.id).current_step == 0


def test_a_preparer_still_sees_that_changes_are_saved(
    new_app: Callable[..., AppTest],
    assessment: AssessmentRecord,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The officer who may edit keeps enabled inputs and the autosave line, not 'read only'."""
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES)
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(roles))
    at = _wizard(new_app, "ja-JP", assessment.id, email="hanako@example.go.jp", name="山田 花子")
    assert not at.exception
    assert "変更はすぐに自動保存されます" in texts(at)
    assert "閲覧のみ" not in texts(at)
    assert "text_input:info.title" in _live(at)
