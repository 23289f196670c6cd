"""Sign-off and identity: a signed-in officer signs under that identity, and one identity cannot
hold two roles of a round; a typed name only draws a warning."""

from __future__ import annotations

from collections.abc import Callable

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


def test_a_typed_name_signing_twice_is_warned_not_blocked(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Without sign-in a repeated name is recorded, with a warning after the page reloads."""
    first = open_page(new_app(assessment=assessment.id), "signoff")
    sign(first, "Officer", name="Tanaka")
    second = open_page(new_app(assessment=assessment.id), "signoff")
    assert not second.text_input[0].disabled
    sign(second, "Reviewer", name="Tanaka")
    assert len(repo.get(assessment.id).signoffs) == 2
    assert "Same name as the Preparer" in texts(second)
