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


def test_an_empty_list_points_to_the_form_only_for_whom_it_is_offered(
    new_app: Callable[..., AppTest], app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a role that creates, the empty list says only that there is nothing yet: the
    form it would point to is not there."""
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES)
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(roles))
    at = new_app("ja-JP").run()
    assert not at.exception
    shown = " ".join(i.value for i in at.info)
    assert "まだ評価はありません。" in shown
    assert "「新しい評価」から作成してください" not in shown


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


def _signed_in(at: AppTest, **claims: object) -> AppTest:
    """The session as Streamlit's login leaves it: the ID token's claims in st.user."""
    at.user = {"is_logged_in": True, **claims}
    return at


def test_a_signed_in_preparer_creates_under_the_login_e_mail(
    new_app: Callable[..., AppTest],
    repo: Repository,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The preparer of the roles file signs in: the sidebar names the role, and the
    assessment they create records their e-mail as its author."""
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES)
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(roles))
    at = _signed_in(new_app(), email="hanako@example.go.jp", name="山田 花子").run()
    assert "Roles: Preparer" in " ".join(c.value for c in at.sidebar.caption)
    at.text_input(key="new.title").input("調達評価")
    at.text_input(key="new.system_name").input("ExampleLM")
    at.button[0].click().run()
    assert not at.exception
    (created,) = repo.list_assessments()
    assert repo.history(created.id)[0].actor == "hanako@example.go.jp"


def test_an_unverified_e_mail_matches_no_role(
    new_app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A login whose provider says the e-mail is not verified gets no role from it."""
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES)
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(roles))
    claims = {"email": "hanako@example.go.jp", "email_verified": False, "name": "偽 花子"}
    at = _signed_in(new_app(), **claims).run()
    assert not at.exception
    assert "Roles: none" in " ".join(c.value for c in at.sidebar.caption)
    assert "do not allow creating an assessment" in " ".join(i.value for i in at.info)


def test_who_signed_in_is_read_once_per_page_run_and_afresh_on_the_next(
    new_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page run looks the signed-in officer up once however often the page asks, and the
    next run looks again: a different login shows at once."""
    from osai_procure.ui import shell

    looked_up: list[str] = []
    real = shell._login_principal

    def counted() -> object:
        looked_up.append("login")
        return real()

    monkeypatch.setattr(shell, "_login_principal", counted)
    at = _signed_in(new_app(), email="hanako@example.go.jp", name="山田 花子").run()
    assert not at.exception
    assert "山田 花子" in " ".join(c.value for c in at.sidebar.caption)
    assert looked_up == ["login"]
    _signed_in(at, email="taro@example.go.jp", name="佐藤 太郎").run()
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "佐藤 太郎" in captions and "山田 花子" not in captions
    assert looked_up == ["login", "login"]


BROKEN = """\
schema_version: 1
members:
  - email: a@example.go.jp
    roles: [preparer, aprover]
    emial: x
  - email: notmail
    roles: []
    accounts: ["bad account"]
  - email: b@example.go.jp
    roles: [reviewer]
    approver_level: 5
"""


def test_a_broken_roles_files_problems_are_told_in_japanese(
    new_app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each problem of a roles file is located (file, line, key path) and said in Japanese
    words on the Japanese page, the file's own keys and values quoted as written; the English
    page keeps the English."""
    from tests.browser.test_japanese import english_outside_literals

    broken = tmp_path / "roles.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(broken))
    ja = new_app(lang="ja").run().code[0].value.splitlines()
    assert ja == [
        f"{broken} 4行目（members[0].roles[1]）：「aprover」は使えません（「approver」の誤り"
        "ではありませんか）。使える値：「preparer」、「reviewer」、「approver」、「auditor」、"
        "「administrator」",
        f"{broken} 5行目（members[0].emial）：不明なキー「emial」です（「email」の誤りでは"
        "ありませんか）",
        f"{broken} 7行目（members[1].roles）：少なくとも 1 個の項目が必要です",
        f"{broken} 8行目（members[1].accounts[0]）：「bad account」は形式が正しくありません。"
        "英数字・下線（_）・ピリオド・ハイフンからなる64文字以内のアカウント名（先頭は英数字"
        "又は下線）で書いてください",
        f"{broken} 11行目（members[2].approver_level）：文字列を書いてください。YAML は 5 を"
        "整数として読み取りました。引用符で囲んでください：'5'",
    ]
    assert all(english_outside_literals(line) == set() for line in ja)
    en = new_app(lang="en").run().code[0].value
    assert f"{broken}:5: members[0].emial: unknown key 'emial' (did you mean 'email'?)" in en


def test_the_roles_files_own_checks_are_told_in_japanese(
    new_app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks beyond the schema (one identity per entry, approver levels) are said in
    Japanese words too."""
    from tests.browser.test_japanese import english_outside_literals

    broken = tmp_path / "roles.yaml"
    broken.write_text(
        "schema_version: 1\nmembers:\n  - email: a@example.go.jp\n    group: g\n"
        "    roles: [approver, approver]\n    approver_level: caoi\n"
        "  - email: A@example.go.jp\n    roles: [reviewer]\n    approver_level: cio\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("OSAI_PROCURE_ROLES", str(broken))
    ja = new_app(lang="ja").run().code[0].value
    assert "`email` と `group` のどちらか一方だけを書いてください" in ja
    assert "不明な承認の段階「caoi」です（「caio」の誤りではありませんか）" in ja
    assert "役割「approver」が2回書かれています" in ja
    assert "「A@example.go.jp」は既に「members[0]」に記載されています" in ja
    assert all(english_outside_literals(line) == set() for line in ja.splitlines())
