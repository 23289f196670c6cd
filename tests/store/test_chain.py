"""The history hash chain and private files: a change behind the app's back is found, on SQLite
and PostgreSQL; the SQLite database is readable by its owner only."""

from __future__ import annotations

import itertools
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from osai_procure.audit import audit_assessment
from osai_procure.models.answers import Answer
from osai_procure.store import (
    AssessmentRecord,
    ConflictError,
    DutyError,
    OverrideRequiredError,
    Principal,
    Repository,
    SignOff,
    make_engine,
)
from osai_procure.store.chain import GENESIS
from tests.store.test_repository import POLICY, ROLES, Clock, info


@pytest.fixture
def repo(database_url: str) -> Iterator[Repository]:
    """A repository on a fresh database (SQLite, then PostgreSQL) with a ticking clock."""
    engine = make_engine(database_url)
    yield Repository(engine, now=Clock())
    engine.dispose()


def _approved(repo: Repository) -> AssessmentRecord:
    """An assessment answered, signed by three officers and approved."""
    record = repo.create(info(), POLICY, "alice", {"freedom_use": Answer(value="yes")})
    record = repo.save_answer(record.id, "freedom_study", Answer(value="no"), record.version, "a")
    repo.add_attachment(record.id, "freedom_study", "licence.txt", b"text", "alice")
    for role, who in zip(ROLES, ("alice", "bob", "carol"), strict=True):
        signoff = SignOff(role=role, name=who, decision="approve")
        record = repo.record_signoff(record.id, signoff, ROLES, record.version, who)
    assert record.status == "approved"
    return record


def _sql(repo: Repository, statement: str, **values: object) -> None:
    """Change the database directly, as someone with write access to it could."""
    with repo.engine.begin() as connection:
        connection.execute(text(statement), values)


def test_every_history_row_is_chained_to_the_previous_one(repo: Repository) -> None:
    """Each row carries the previous row's hash; the first follows the genesis value."""
    record = _approved(repo)
    entries = repo.history(record.id)
    assert entries[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    check = repo.check_chain(record.id)
    assert check.intact and check.head == entries[-1].hash == repo.chain_head(record.id)


def test_status_flipped_in_the_database_is_detected(repo: Repository) -> None:
    """An approved assessment set back to draft by SQL no longer matches its history."""
    record = _approved(repo)
    _sql(repo, "UPDATE assessments SET status = 'draft' WHERE id = :id", id=record.id)
    result = audit_assessment(repo, record.id)
    assert result.tampered
    assert [p.code for p in result.chain.problems] == ["altered_state"]


def test_an_answer_rewritten_in_the_database_is_detected(repo: Repository) -> None:
    """Answers changed behind the app's back differ from the state the history recorded."""
    record = _approved(repo)
    _sql(repo, "UPDATE assessments SET answers = '{}' WHERE id = :id", id=record.id)
    assert [p.code for p in repo.check_chain(record.id).problems] == ["altered_state"]


def test_a_history_row_rewritten_after_dropping_the_guard_is_detected(
    repo: Repository, database_url: str
) -> None:
    """With the append-only trigger dropped, an edited history row breaks its own hash."""
    record = _approved(repo)
    if database_url.startswith("sqlite"):
        _sql(repo, "DROP TRIGGER history_no_update")
    else:
        _sql(repo, "DROP TRIGGER history_append_only ON history")
    first = repo.history(record.id)[0]
    _sql(repo, "UPDATE history SET actor = 'mallory' WHERE id = :id", id=first.id)
    assert [p.code for p in repo.check_chain(record.id).problems] == ["altered_entry"]


def test_a_deleted_history_row_breaks_the_chain(repo: Repository, database_url: str) -> None:
    """Removing a row in the middle leaves the next row pointing at a hash that is gone."""
    record = _approved(repo)
    if database_url.startswith("sqlite"):
        _sql(repo, "DROP TRIGGER history_no_delete")
    else:
        _sql(repo, "DROP TRIGGER history_append_only ON history")
    middle = repo.history(record.id)[2]
    _sql(repo, "DELETE FROM history WHERE id = :id", id=middle.id)
    assert "broken_link" in [p.code for p in repo.check_chain(record.id).problems]


def test_untouched_assessment_audits_clean(repo: Repository) -> None:
    """Without interference the audit finds nothing, through every kind of write."""
    record = _approved(repo)
    revision = repo.new_revision(record.id, "dave")
    repo.update_info(revision.id, info(title="改訂"), revision.version, "dave")
    for ident in (record.id, revision.id):
        result = audit_assessment(repo, ident)
        assert not result.tampered, result.lines()


def test_database_file_and_directory_are_private(tmp_path: Path) -> None:
    """The data directory is 0700 and the database and its WAL files 0600, whatever the umask."""
    data = tmp_path / "data"
    engine = make_engine(f"sqlite:///{data / 'osai-procure.sqlite3'}")
    Repository(engine).create(info(), POLICY, "alice")
    files = [p for p in data.iterdir() if p.name.startswith("osai-procure.sqlite3")]
    assert any(p.name.endswith("-wal") for p in files)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    engine.dispose()


def test_an_existing_readable_database_is_tightened(tmp_path: Path) -> None:
    """A database made by an older version with 0644 in a 0755 directory becomes private."""
    data = tmp_path / "data"
    make_engine(f"sqlite:///{data / 'osai-procure.sqlite3'}").dispose()
    data.chmod(0o755)
    (data / "osai-procure.sqlite3").chmod(0o644)
    make_engine(f"sqlite:///{data / 'osai-procure.sqlite3'}").dispose()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "osai-procure.sqlite3").stat().st_mode) == 0o600


def test_a_database_elsewhere_leaves_its_directory_alone(tmp_path: Path) -> None:
    """A custom file name in a shared directory: only the file is made private."""
    tmp_path.chmod(0o755)
    make_engine(f"sqlite:///{tmp_path / 'custom.db'}").dispose()
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "custom.db").stat().st_mode) == 0o600


def test_a_second_role_by_the_same_identity_is_refused(repo: Repository) -> None:
    """One signed-in identity signs one role of a round: the store refuses the second under
    another name, whatever the page."""
    alice = Principal(name="Alice", email="alice@example.go.jp", authenticated=True)
    record = repo.create(info(), POLICY, alice)
    first = SignOff(role="preparer", name="Alice", decision="approve")
    record = repo.record_signoff(record.id, first, ROLES, 1, alice)
    assert record.signoffs[0].authenticated
    with pytest.raises(DutyError) as refused:
        repo.record_signoff(
            record.id,
            SignOff(role="reviewer", name="Someone Else", decision="approve"),
            ROLES,
            record.version,
            Principal(name="A. Lice", email="ALICE@example.go.jp", authenticated=True),
        )
    assert refused.value.signed_as == "preparer"
    assert repo.get(record.id).signoffs[-1].role == "preparer"


def test_the_preparer_cannot_approve(repo: Repository) -> None:
    """The preparer's name under the approval is refused, even from another session."""
    record = repo.create(info(), POLICY, "alice")
    for role, who in (("preparer", "alice"), ("reviewer", "bob")):
        signoff = SignOff(role=role, name=who, decision="approve")
        record = repo.record_signoff(record.id, signoff, ROLES, record.version, who)
    approval = SignOff(role="approver", name=" alice ", decision="approve")
    with pytest.raises(DutyError):
        repo.record_signoff(record.id, approval, ROLES, record.version, "(unnamed)")
    assert repo.get(record.id).status == "in_review"


def test_separation_of_duties_can_be_turned_off(database_url: str) -> None:
    """An agency that allows one officer to sign every role says so when building the store."""
    engine = make_engine(database_url)
    repo = Repository(engine, now=Clock(), separation_of_duties=False)
    record = repo.create(info(), POLICY, "solo")
    for role in ROLES:
        signoff = SignOff(role=role, name="solo", decision="approve")
        record = repo.record_signoff(record.id, signoff, ROLES, record.version, "solo")
    assert record.status == "approved"
    engine.dispose()


def test_approving_an_incomplete_verdict_needs_a_written_reason(repo: Repository) -> None:
    """Without an override reason the approval is refused; with one it is kept in the record."""
    record = repo.create(info(), POLICY, "alice")
    for role, who in (("preparer", "alice"), ("reviewer", "bob")):
        signoff = SignOff(role=role, name=who, decision="approve")
        record = repo.record_signoff(record.id, signoff, ROLES, record.version, who)
    bare = SignOff(role="approver", name="carol", decision="approve")
    with pytest.raises(OverrideRequiredError):
        repo.record_signoff(
            record.id, bare, ROLES, record.version, "carol", verdict_incomplete=True
        )
    reasoned = bare.model_copy(update={"override_reason": "予算年度内の契約が必要なため"})
    done = repo.record_signoff(
        record.id, reasoned, ROLES, record.version, "carol", verdict_incomplete=True
    )
    assert done.status == "approved"
    assert done.signoffs[-1].override_reason == "予算年度内の契約が必要なため"


def test_an_approval_must_sign_the_current_chain_head(repo: Repository) -> None:
    """A signature over an older history is refused: the approver signs what is stored now."""
    record = repo.create(info(), POLICY, "alice")
    for role, who in (("preparer", "alice"), ("reviewer", "bob")):
        signoff = SignOff(role=role, name=who, decision="approve")
        record = repo.record_signoff(record.id, signoff, ROLES, record.version, who)
    stale = {"chain": {"head": GENESIS, "envelope": {}}}
    approval = SignOff(role="approver", name="carol", decision="approve")
    with pytest.raises(ConflictError):
        repo.record_signoff(record.id, approval, ROLES, record.version, "carol", stale)
