"""Pages under a roles file: a broken file stops the app with its problems; without a sign-in
nothing can be changed, and the pages say so rather than offer what the store refuses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osai_procure.store import AssessmentRecord, Repository
from tests.ui.conftest import PAGES

ROLES = "schema_version: 1\nmembers:\n  - email: hanako@example.go.jp\n    roles: [preparer]\n"


def test_a_broken_roles_file_stops_the_app_with_its_problems(
    new_app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A roles file with a mistake: every page shows where it is, and nothing else runs."""
    broken = tmp_path / "roles.yaml"
    broken.write_text("schema_version: 1\nmembers:\n  - email: a@x.jp\n    roles: [boss]\n")
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(broken))
    at = new_app().run()
    assert not at.exception
    assert "The roles file (OSAI_PROCURE_ROLES) has mistakes" in at.error[0].value
    assert f"{broken}:4: members[0].roles[0]: 'boss' is not allowed" in at.code[0].value
    assert not at.button  # no page ran: nothing to press


def test_without_a_sign_in_the_pages_offer_no_change(
    new_app: Callable[..., AppTest],
    assessment: AssessmentRecord,
    repo: Repository,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under a roles file a typed name holds no role: Start offers no form, the wizard is
    read only with the reason, and the history gains nothing."""
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES)
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(roles))
    before = repo.history(assessment.id)
    at = new_app("ja-JP", assessment=assessment.id).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "ログインした職員だけが評価を作成・変更できます" in captions
    assert "ログインしていないため、評価の作成はできません" in " ".join(i.value for i in at.info)
    at.switch_page(f"{PAGES}/wizard.py").run()
    assert not at.exception
    assert "閲覧のみ" in " ".join(i.value for i in at.info)
    assert at.text_input(key="info.title").disabled
    assert repo.history(assessment.id) == before


def test_with_a_login_configured_a_visitor_sees_only_the_way_in(
    new_app: Callable[..., AppTest],
    assessment: AssessmentRecord,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Roles file and OIDC login both configured: before signing in, no page, title or
    assessment is shown, only the log-in button."""
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES)
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(roles))
    at = new_app(assessment=assessment.id)
    at.secrets["auth"] = {"client_id": "x", "server_metadata_url": "http://127.0.0.1:9/x"}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]
    assert "only officers who have logged in can see assessments" in at.info[0].value
    shown = " ".join(m.value for m in [*at.markdown, *at.caption, *at.subheader])
    assert assessment.title not in shown
