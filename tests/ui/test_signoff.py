"""Sign-off and identity: a signed-in officer signs under that identity, and one identity cannot
hold two roles of a round, typed or signed in; an incomplete verdict is approved only with a
written reason; a change behind the app's back shows a red banner."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from osai_procure.store import AssessmentRecord, Repository
from tests.ui.conftest import open_page, sign, texts


def _signed_in(new_app: Callable[..., AppTest], record: AssessmentRecord, name: str) -> AppTest:
    """A session on the Sign-off page, signed in (OIDC) as `name`."""
    at = new_app(assessment=record.id)
    at.user = {"is_logged_in": True, "name": name, "email": f"{name}@example.go.jp"}
    return open_page(at, "signoff")


def test_a_signed_in_officer_signs_as_that_identity_and_only_once_per_round(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """The name comes from the login and cannot be edited; the same login is refused for the
    next role, another login is accepted."""
    preparer = _signed_in(new_app, assessment, "Sato")
    name_field = preparer.text_input[0]
    assert name_field.value == "Sato" and name_field.disabled
    sign(preparer, "Officer")
    assert [(s.role, s.name) for s in repo.get(assessment.id).signoffs] == [("preparer", "Sato")]

    same = _signed_in(new_app, assessment, "Sato")
    sign(same, "Officer")
    assert "already signed this round as the Preparer" in texts(same)
    assert len(repo.get(assessment.id).signoffs) == 1

    reviewer = _signed_in(new_app, assessment, "Suzuki")
    sign(reviewer, "Reviewer")
    assert [(s.role, s.name) for s in repo.get(assessment.id).signoffs] == [
        ("preparer", "Sato"),
        ("reviewer", "Suzuki"),
    ]


def test_a_typed_name_signing_twice_is_refused(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Separation of duties is on by default: a name that signed one role cannot sign the next,
    even typed in another session."""
    first = open_page(new_app(assessment=assessment.id), "signoff")
    sign(first, "Officer", name="Tanaka")
    second = open_page(new_app(assessment=assessment.id), "signoff")
    assert not second.text_input[0].disabled
    sign(second, "Reviewer", name=" tanaka ")
    assert len(repo.get(assessment.id).signoffs) == 1
    assert "This name already signed this round as the Preparer" in texts(second)


def _to_approver(new_app: Callable[..., AppTest], record: AssessmentRecord) -> AppTest:
    """Preparer and reviewer sign in their own sessions; return the approver's page."""
    for title, name in (("Officer", "Tanaka"), ("Reviewer", "Suzuki")):
        sign(open_page(new_app(assessment=record.id), "signoff"), title, name=name)
    return open_page(new_app(assessment=record.id), "signoff")


def test_an_incomplete_verdict_is_approved_only_with_a_written_reason(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """The approver of an incomplete verdict must write why; the reason is kept and shown."""
    approver = _to_approver(new_app, assessment)
    sign(approver, "Director", name="Kato")
    assert "To approve a verdict that is not complete, write down why." in texts(approver)
    assert repo.get(assessment.id).status == "in_review"
    approver.text_area[1].input("年度内の契約締結が必要なため、残る不明点は契約条項で担保する。")
    sign(approver, "Director", name="Kato")
    record = repo.get(assessment.id)
    assert record.status == "approved"
    assert record.signoffs[-1].override_reason.startswith("年度内の契約締結が必要なため")
    assert "年度内の契約締結が必要なため" in texts(approver)


def test_a_status_flipped_in_the_database_shows_a_red_banner(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """An assessment edited behind the app's back is flagged on its pages."""
    clean = open_page(new_app(assessment=assessment.id), "review")
    assert "outside the app" not in texts(clean)
    with repo.engine.begin() as connection:
        connection.execute(
            text("UPDATE assessments SET status = 'in_review' WHERE id = :id"),
            {"id": assessment.id},
        )
    flagged = open_page(new_app(assessment=assessment.id), "review")
    assert "This assessment shows signs of a change made outside the app" in texts(flagged)
    assert "it differs from its history" in texts(flagged)
