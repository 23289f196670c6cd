"""Roles enforced by the store on every write, each test acting as the role it claims, on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from osai_procure.models.answers import Answer
from osai_procure.roles import RoleMap, roles_from_bytes
from osai_procure.store import (
    AssessmentRecord,
    DutyError,
    PermissionDeniedError,
    Principal,
    Repository,
    SignOff,
    make_engine,
)
from osai_procure.store.register import RegisterStore
from tests.store.test_repository import POLICY, ROLES, Clock, info

ROLES_FILE = """\
schema_version: 1
members:
  - email: hanako@example.go.jp
    roles: [preparer]
  - group: osai-reviewers
    roles: [reviewer]
  - email: kacho@example.go.jp
    roles: [approver]
    approver_level: division_head
  - email: caio@example.go.jp
    roles: [approver]
    approver_level: caio
  - group: audit-office
    roles: [auditor]
  - email: admin@example.go.jp
    roles: [administrator]
  - email: solo@example.go.jp
    roles: [preparer, reviewer, approver]
    approver_level: caio
"""


def officer(email: str, *groups: str) -> Principal:
    """A signed-in officer (as the OIDC login gives one)."""
    return Principal(name=email.split("@")[0], email=email, groups=groups, authenticated=True)


PREPARER = officer("hanako@example.go.jp")
REVIEWER = officer("jiro@example.go.jp", "osai-reviewers")
KACHO = officer("kacho@example.go.jp")
CAIO = officer("caio@example.go.jp")
AUDITOR = officer("kansa@example.go.jp", "audit-office")
ADMIN = officer("admin@example.go.jp")


def role_map(text: str = ROLES_FILE) -> RoleMap:
    """The test agency's roles."""
    return roles_from_bytes(text.encode(), "roles.yaml")


@pytest.fixture
def repo(database_url: str) -> Iterator[Repository]:
    """A repository under the test agency's roles file (SQLite, then PostgreSQL)."""
    engine = make_engine(database_url)
    yield Repository(engine, now=Clock(), roles=role_map())
    engine.dispose()


def sign(
    repo: Repository, record: AssessmentRecord, role: str, who: Principal, **extra: Any
) -> AssessmentRecord:
    """One approving sign-off of `role` by `who`."""
    entry = SignOff(role=role, name=who.name, decision="approve")
    return repo.record_signoff(record.id, entry, ROLES, repo.get(record.id).version, who, **extra)


def test_a_full_round_by_the_roles_the_file_gives(repo: Repository) -> None:
    """Preparer, reviewer (by group) and approver each sign as themselves; the history
    records the signed-in e-mails and every sign-off is authenticated."""
    record = repo.create(info(), POLICY, PREPARER)
    record = repo.save_answer(
        record.id, "training_code_available", Answer(value="yes"), 1, PREPARER
    )
    record = sign(repo, record, "preparer", PREPARER)
    record = sign(repo, record, "reviewer", REVIEWER)
    record = sign(repo, record, "approver", KACHO, signature={"alg": "test"})
    assert record.status == "approved"
    assert all(s.authenticated for s in record.signoffs)
    actors = {e.actor for e in repo.history(record.id)}
    assert actors == {"hanako@example.go.jp", "jiro@example.go.jp", "kacho@example.go.jp"}


def _writes(repo: Repository, record: AssessmentRecord) -> dict[str, Callable[[Principal], Any]]:
    """Every kind of write the store takes, for one actor."""
    version = record.version
    return {
        "create": lambda who: repo.create(info(), POLICY, who),
        "save_answers": lambda who: repo.save_answers(
            record.id, {"training_code_available": Answer(value="no")}, version, who
        ),
        "update_info": lambda who: repo.update_info(record.id, info("別題"), version, who),
        "set_step": lambda who: repo.set_step(record.id, 4, who),
        "add_attachment": lambda who: repo.add_attachment(
            record.id, "training_code_available", "e.txt", b"x", who
        ),
        "add_export": lambda who: repo.add_export(
            record.id, "json", "ja", "r.json", b"{}", False, who
        ),
        "signoff": lambda who: repo.record_signoff(
            record.id,
            SignOff(role="preparer", name=who.name, decision="approve"),
            ROLES,
            version,
            who,
        ),
        "add_drill": lambda who: RegisterStore(repo.engine, roles=repo.roles).add_drill(
            record.id, datetime(2026, 4, 2, tzinfo=UTC), who, "/deposit", "passed", 1, 1, {}
        ),
    }


def test_the_auditor_is_refused_every_write_and_nothing_changes(repo: Repository) -> None:
    """An auditor reads and verifies only: each write is refused with the reason, and the
    assessment, its history and its attachments stay as they were."""
    record = repo.create(info(), POLICY, PREPARER)
    before = (repo.get(record.id), repo.history(record.id), repo.attachments(record.id))
    for name, write in _writes(repo, record).items():
        with pytest.raises(PermissionDeniedError) as refused:
            write(AUDITOR)
        assert refused.value.held == ("auditor",), name
        assert "an auditor reads and verifies only" in str(refused.value), name
    assert (repo.get(record.id), repo.history(record.id), repo.attachments(record.id)) == before
    assert repo.exports(record.id) == []
    assert repo.list_assessments() and len(repo.list_assessments()) == 1
    assert repo.get(record.id).current_step == 0
    assert not repo.may(AUDITOR, "edit")
    # Reading and verifying stay open to the auditor.
    assert repo.check_chain(record.id).intact


def test_a_reviewer_cannot_edit_or_sign_as_another_role(repo: Repository) -> None:
    """A reviewer neither changes answers nor submits as the preparer nor approves."""
    record = repo.create(info(), POLICY, PREPARER)
    with pytest.raises(PermissionDeniedError) as refused:
        repo.save_answer(record.id, "training_code_available", Answer(value="yes"), 1, REVIEWER)
    assert refused.value.allowed == ("administrator", "preparer")
    with pytest.raises(PermissionDeniedError):
        sign(repo, record, "preparer", REVIEWER)
    record = sign(repo, record, "preparer", PREPARER)
    record = sign(repo, record, "reviewer", REVIEWER)
    with pytest.raises(PermissionDeniedError) as refused:
        sign(repo, record, "approver", REVIEWER)
    assert refused.value.change == "signoff:approver"
    assert repo.get(record.id).status == "in_review"


def test_a_typed_name_changes_nothing_under_a_roles_file(repo: Repository) -> None:
    """Without a sign-in a name is typed: even a listed e-mail gets no role."""
    with pytest.raises(PermissionDeniedError) as refused:
        repo.create(info(), POLICY, "hanako@example.go.jp")
    assert refused.value.kind == "not_signed_in"
    assert repo.list_assessments() == []


def test_the_approver_must_hold_the_level_the_assessment_records(repo: Repository) -> None:
    """An assessment that records the CAIO as its approver cannot be approved by a head of
    division, and can by the CAIO."""
    record = repo.create(
        info(), POLICY, PREPARER, {"governance_approver_level": Answer(value="caio")}
    )
    record = sign(repo, record, "preparer", PREPARER)
    record = sign(repo, record, "reviewer", REVIEWER)
    with pytest.raises(PermissionDeniedError) as refused:
        sign(repo, record, "approver", KACHO, signature={"alg": "test"})
    assert refused.value.kind == "level"
    assert refused.value.levels == ("caio", "division_head")
    assert sign(repo, record, "approver", CAIO, signature={"alg": "test"}).status == "approved"


def test_the_administrator_edits_but_signs_nothing(repo: Repository) -> None:
    """The administrator may create and change an assessment, but holds no sign-off role."""
    record = repo.create(info(), POLICY, ADMIN)
    record = repo.update_info(record.id, info("改題"), record.version, ADMIN)
    assert record.title == "改題"
    with pytest.raises(PermissionDeniedError):
        sign(repo, record, "preparer", ADMIN)


def test_separation_of_duties_follows_the_roles_file(database_url: str) -> None:
    """On by default, one officer holding all three roles signs one only; the roles file's
    `separation_of_duties: false` lets them sign all three."""
    solo = officer("solo@example.go.jp")
    engine = make_engine(database_url)
    try:
        strict = Repository(engine, now=Clock(), roles=role_map())
        record = strict.create(info(), POLICY, PREPARER)
        record = sign(strict, record, "preparer", solo)
        with pytest.raises(DutyError):
            sign(strict, record, "reviewer", solo)
        relaxed_roles = role_map(
            ROLES_FILE.replace("members:", "separation_of_duties: false\nmembers:")
        )
        relaxed = Repository(engine, now=Clock(), roles=relaxed_roles)
        assert not relaxed.separation_of_duties
        record = sign(relaxed, record, "reviewer", solo)
        record = sign(relaxed, record, "approver", solo, signature={"alg": "test"})
        assert record.status == "approved"
    finally:
        engine.dispose()


def test_without_a_roles_file_typed_names_work_and_are_not_authenticated(
    database_url: str,
) -> None:
    """Local single-officer mode: no roles file, typed names write as before, and a sign-off
    is recorded as not authenticated whatever the caller claims."""
    engine = make_engine(database_url)
    try:
        local = Repository(engine, now=Clock())
        record = local.create(info(), POLICY, "山田")
        entry = SignOff(role="preparer", name="山田", decision="approve", authenticated=True)
        record = local.record_signoff(record.id, entry, ROLES, record.version, "山田")
        assert record.signoffs[0].authenticated is False
        assert local.may("山田", "edit")
    finally:
        engine.dispose()
