"""The assessment repository: records, search, autosave, conflicts, history, sign-off, revisions."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from osai_procure.models.answers import Answer, AssessmentInfo, Evidence, SystemInfo
from osai_procure.store import (
    AttachmentTooLargeError,
    ConflictError,
    LockedError,
    NotFoundError,
    PolicyStamp,
    Repository,
    SignOff,
    TransitionError,
    default_database_url,
    make_engine,
)

ROLES = ("preparer", "reviewer", "approver")
POLICY = PolicyStamp(id="osg_jp_public_procurement", version="1.0", digest="0" * 64)


class Clock:
    """A test clock that advances one second per reading."""

    def __init__(self) -> None:
        self.time = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.time += timedelta(seconds=1)
        return self.time


def info(title: str = "汎用LLM 調達評価", agency: str = "デジタル庁") -> AssessmentInfo:
    """Assessment details for tests."""
    return AssessmentInfo(
        title=title,
        procurement_id="R8-001",
        agency=agency,
        system=SystemInfo(name="ExampleLM", version="2.0", provider="Example K.K."),
    )


@pytest.fixture
def repo(database_url: str) -> Iterator[Repository]:
    """A repository on a fresh database (SQLite, then PostgreSQL) with a ticking clock."""
    engine = make_engine(database_url)
    yield Repository(engine, now=Clock())
    engine.dispose()


def approve_all(repo: Repository, ident: str) -> None:
    """Run the three sign-offs with approval."""
    for role in ROLES:
        version = repo.get(ident).version
        repo.record_signoff(
            ident,
            SignOff(role=role, name=f"{role} 氏名", title="係長", decision="approve"),
            ROLES,
            version,
            actor=role,
            signature={"alg": "test"} if role == "approver" else None,
        )


def test_create_and_get_return_plain_records(repo: Repository) -> None:
    """A created assessment reads back as a plain model, usable after its session closed."""
    created = repo.create(info(), POLICY, "山田", {"freedom_use": Answer(value="yes")})
    got = repo.get(created.id)
    assert isinstance(got, BaseModel)
    assert got.title == "汎用LLM 調達評価"
    assert got.status == "draft" and got.revision == 1 and got.version == 1
    assert got.answers["freedom_use"].value == "yes"
    assert got.policy == POLICY
    assert got.answers_file().policy is not None
    assert [e.action for e in repo.history(created.id)] == ["created", "answer"]


def test_get_unknown_id_raises_not_found(repo: Repository) -> None:
    """An unknown id is a NotFoundError, not None or a crash."""
    with pytest.raises(NotFoundError, match="no assessment"):
        repo.get("00000000-0000-0000-0000-000000000000")


def test_list_searches_filters_and_escapes_wildcards(repo: Repository) -> None:
    """Search matches every word across title, agency and system; LIKE wildcards are literal."""
    a = repo.create(info("画像認識 50% 評価"), POLICY, "山田")
    repo.create(info("翻訳モデル", agency="総務省"), POLICY, "山田")
    assert [s.id for s in repo.list_assessments(search="50%")] == [a.id]
    assert [s.title for s in repo.list_assessments(search="総務省 翻訳")] == ["翻訳モデル"]
    assert len(repo.list_assessments(search="examplelm")) == 2
    assert repo.list_assessments(search="%") == repo.list_assessments(search="50%")
    assert repo.list_assessments(status=["approved"]) == []
    assert len(repo.list_assessments(policy_id=POLICY.id)) == 2


def test_list_is_limited_and_counted_in_the_database(repo: Repository) -> None:
    """Newest change first, cut at the limit; the count sees every match, one per lineage
    unless older revisions are asked for."""
    ids = [repo.create(info(f"model {n}"), POLICY, "山田").id for n in range(5)]
    assert [s.id for s in repo.list_assessments(limit=2)] == [ids[4], ids[3]]
    assert repo.count_assessments() == 5
    assert repo.count_assessments(search="model 3") == 1
    approve_all(repo, ids[0])
    revision = repo.new_revision(ids[0], "佐藤")
    assert repo.count_assessments() == 5
    assert repo.count_assessments(latest_only=False) == 6
    assert repo.list_assessments(limit=1)[0].id == revision.id
    assert ids[0] not in {s.id for s in repo.list_assessments()}
    assert repo.count_assessments(status=["approved"]) == 0  # the approved one is not newest
    assert repo.count_assessments(status=["approved"], latest_only=False) == 1


def test_save_answer_records_who_when_and_old_to_new(repo: Repository) -> None:
    """Each change bumps the version and appends one history row with old and new values."""
    record = repo.create(info(), POLICY, "山田")
    first = repo.save_answer(record.id, "freedom_use", Answer(value="no"), record.version, "山田")
    second = repo.save_answer(record.id, "freedom_use", Answer(value="yes"), first.version, "佐藤")
    assert (first.version, second.version) == (2, 3)
    assert second.answers["freedom_use"].answered_by == "佐藤"
    assert second.answers["freedom_use"].answered_at is not None
    entry = repo.history(record.id)[-1]
    assert (entry.actor, entry.question_id, entry.old["value"], entry.new["value"]) == (
        "佐藤",
        "freedom_use",
        "no",
        "yes",
    )


def test_unchanged_answer_uses_no_version(repo: Repository) -> None:
    """Saving the same answer again (autosave on every rerun) changes nothing."""
    record = repo.create(info(), POLICY, "山田")
    saved = repo.save_answer(record.id, "freedom_use", Answer(value="yes"), record.version, "a")
    again = repo.save_answer(record.id, "freedom_use", Answer(value="yes"), saved.version, "b")
    assert again.version == saved.version
    assert len(repo.history(record.id)) == 2


def test_clearing_an_answer_is_recorded(repo: Repository) -> None:
    """None clears an answer, and the history shows what it was."""
    record = repo.create(info(), POLICY, "山田", {"freedom_use": Answer(value="yes")})
    cleared = repo.save_answer(record.id, "freedom_use", None, record.version, "山田")
    assert "freedom_use" not in cleared.answers
    assert repo.history(record.id)[-1].new is None


def test_stale_version_on_same_question_is_a_conflict(repo: Repository) -> None:
    """Two officers editing one question: the second gets a ConflictError naming the first."""
    record = repo.create(info(), POLICY, "山田")
    repo.save_answer(record.id, "freedom_use", Answer(value="yes"), record.version, "山田")
    with pytest.raises(ConflictError) as caught:
        repo.save_answer(record.id, "freedom_use", Answer(value="no"), record.version, "佐藤")
    assert caught.value.questions == ("freedom_use",)
    assert caught.value.changed_by == "山田"
    assert caught.value.current_version == 2
    assert repo.get(record.id).answers["freedom_use"].value == "yes"


def test_stale_version_on_other_questions_is_applied_on_top(repo: Repository) -> None:
    """Edits to different questions from a stale version are merged, never overwritten."""
    record = repo.create(info(), POLICY, "山田")
    repo.save_answer(record.id, "freedom_use", Answer(value="yes"), record.version, "山田")
    merged = repo.save_answer(
        record.id, "freedom_study", Answer(value="no"), record.version, "佐藤"
    )
    assert merged.answers["freedom_use"].value == "yes"
    assert merged.answers["freedom_study"].value == "no"
    assert merged.version == 3


def test_concurrent_writers_never_lose_an_update(database_url: str) -> None:
    """Threads on separate engines writing one assessment: every write lands or conflicts."""
    base = Repository(make_engine(database_url))
    record = base.create(info(), POLICY, "setup")
    outcomes: list[str] = []
    lock = threading.Lock()
    repos = [Repository(make_engine(database_url)) for _ in range(4)]

    def write(n: int) -> None:
        repo = repos[n]
        for i in range(10):
            qid = f"q_{n}_{i}"
            version = repo.version_of(record.id)
            try:
                repo.save_answer(record.id, qid, Answer(value=str(i)), version, f"w{n}")
                result = qid
            except ConflictError:
                result = "conflict"
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = base.get(record.id)
    for each in (base, *repos):
        each.engine.dispose()
    saved = {o for o in outcomes if o != "conflict"}
    assert saved == set(final.answers)
    assert final.version == 1 + len(saved)


def test_history_is_append_only_in_the_database(repo: Repository) -> None:
    """Even raw SQL cannot update or delete a history row."""
    record = repo.create(info(), POLICY, "山田")
    with pytest.raises(DatabaseError, match="append-only"), repo.engine.begin() as connection:
        connection.execute(text("UPDATE history SET actor = 'x'"))
    with pytest.raises(DatabaseError, match="append-only"), repo.engine.begin() as connection:
        connection.execute(text("DELETE FROM history"))
    assert len(repo.history(record.id)) == 1


def test_signoff_in_order_approves_and_locks(repo: Repository) -> None:
    """Preparer, reviewer, approver in turn: approved, signed, and locked against changes."""
    record = repo.create(info(), POLICY, "山田", {"freedom_use": Answer(value="yes")})
    approve_all(repo, record.id)
    approved = repo.get(record.id)
    assert approved.status == "approved" and approved.locked
    assert [s.role for s in approved.signoffs] == list(ROLES)
    assert approved.signature == {"alg": "test"}
    with pytest.raises(LockedError):
        repo.save_answer(record.id, "freedom_use", Answer(value="no"), approved.version, "x")
    with pytest.raises(LockedError):
        repo.add_attachment(record.id, "freedom_use", "a.txt", b"x", "x")
    with pytest.raises(LockedError):
        repo.update_info(record.id, info("changed"), approved.version, "x")


def test_signoff_out_of_turn_is_refused(repo: Repository) -> None:
    """The approver cannot sign before the reviewer; the preparer cannot reject."""
    record = repo.create(info(), POLICY, "山田")
    approver = SignOff(role="approver", name="課長", decision="approve")
    with pytest.raises(TransitionError, match="next to sign: preparer"):
        repo.record_signoff(record.id, approver, ROLES, record.version, "課長")
    with pytest.raises(TransitionError):
        repo.record_signoff(
            record.id, SignOff(role="preparer", name="a", decision="reject"), ROLES, 1, "a"
        )


def test_return_clears_the_round_and_reopens_the_draft(repo: Repository) -> None:
    """A reviewer's return sends the assessment back to draft with no sign-offs."""
    record = repo.create(info(), POLICY, "山田")
    signed = repo.record_signoff(
        record.id, SignOff(role="preparer", name="山田", decision="approve"), ROLES, 1, "山田"
    )
    assert signed.status == "in_review"
    returned = repo.record_signoff(
        record.id,
        SignOff(role="reviewer", name="佐藤", decision="return", comment="根拠URL不足"),
        ROLES,
        signed.version,
        "佐藤",
    )
    assert returned.status == "draft" and returned.signoffs == ()
    assert any(
        isinstance(e.new, dict) and e.new.get("comment") == "根拠URL不足"
        for e in repo.history(record.id)
    )


def test_editing_in_review_withdraws_signoffs(repo: Repository) -> None:
    """Changing an answer under review returns the assessment to draft, and says so."""
    record = repo.create(info(), POLICY, "山田")
    signed = repo.record_signoff(
        record.id, SignOff(role="preparer", name="山田", decision="approve"), ROLES, 1, "山田"
    )
    edited = repo.save_answer(record.id, "freedom_use", Answer(value="no"), signed.version, "山田")
    assert edited.status == "draft" and edited.signoffs == ()
    assert repo.history(record.id)[-1].action == "signoffs_withdrawn"


def test_signoff_on_a_stale_version_conflicts(repo: Repository) -> None:
    """Signing what you have not seen is refused."""
    record = repo.create(info(), POLICY, "山田")
    repo.save_answer(record.id, "freedom_use", Answer(value="no"), record.version, "佐藤")
    with pytest.raises(ConflictError):
        repo.record_signoff(
            record.id,
            SignOff(role="preparer", name="山田", decision="approve"),
            ROLES,
            record.version,
            "山田",
        )


def test_rejection_locks(repo: Repository) -> None:
    """The approver may reject; the revision is then closed."""
    record = repo.create(info(), POLICY, "山田")
    for role, decision in (
        ("preparer", "approve"),
        ("reviewer", "approve"),
        ("approver", "reject"),
    ):
        version = repo.get(record.id).version
        repo.record_signoff(
            record.id, SignOff(role=role, name=role, decision=decision), ROLES, version, role
        )
    assert repo.get(record.id).status == "rejected"


def test_new_revision_copies_answers_and_attachments(repo: Repository) -> None:
    """A new revision of an approved assessment is a draft with the same answers and files."""
    record = repo.create(info(), POLICY, "山田", {"freedom_use": Answer(value="yes")})
    repo.add_attachment(record.id, "freedom_use", "licence.txt", b"Apache-2.0", "山田")
    with pytest.raises(TransitionError):
        repo.new_revision(record.id, "山田")
    approve_all(repo, record.id)
    revision = repo.new_revision(record.id, "佐藤")
    assert (revision.revision, revision.status, revision.parent_id) == (2, "draft", record.id)
    assert revision.root_id == record.root_id
    assert revision.answers["freedom_use"].value == "yes"
    assert [a.filename for a in repo.attachments(revision.id)] == ["licence.txt"]
    assert repo.get(record.id).status == "approved"
    with pytest.raises(TransitionError, match="already exists"):
        repo.new_revision(record.id, "佐藤")
    listed = repo.list_assessments()
    assert [(s.id, s.revision) for s in listed] == [(revision.id, 2)]
    assert len(repo.list_assessments(latest_only=False)) == 2
    assert [r.revision for r in repo.revisions(revision.id)] == [1, 2]


def test_attachment_keeps_bytes_digest_and_a_safe_name(repo: Repository) -> None:
    """Attachments are stored byte for byte with their SHA-256 and a name without paths."""
    record = repo.create(info(), POLICY, "山田")
    content = "モデルカード\n".encode()
    stored = repo.add_attachment(record.id, "model_card", "../../etc/\x00card.md", content, "山田")
    assert stored.filename == "card.md"
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    meta, data = repo.attachment(stored.id)
    assert data == content and meta == stored
    assert repo.attachments(record.id, "model_card") == [stored]


def test_attachment_over_the_cap_is_refused(repo: Repository) -> None:
    """A file above the size cap is refused before it reaches the database."""
    record = repo.create(info(), POLICY, "山田")
    with pytest.raises(AttachmentTooLargeError):
        repo.add_attachment(record.id, "q", "big.bin", b"x" * 11, "山田", max_bytes=10)


def test_exports_are_kept_with_digest(repo: Repository) -> None:
    """An export is stored against the version it was made from."""
    record = repo.create(info(), POLICY, "山田")
    export = repo.add_export(record.id, "pdf", "ja", "report.pdf", b"%PDF-1.7", True, "山田")
    assert export.assessment_version == record.version and export.signed
    assert repo.exports(record.id) == [export]
    assert repo.export(export.id)[1] == b"%PDF-1.7"


def test_update_info_renames_and_is_searchable(repo: Repository) -> None:
    """Changing the details updates the title and the search text."""
    record = repo.create(info(), POLICY, "山田")
    updated = repo.update_info(record.id, info("音声認識"), record.version, "山田")
    assert updated.title == "音声認識"
    assert [s.id for s in repo.list_assessments(search="音声")] == [record.id]


def test_step_is_remembered_without_a_version(repo: Repository) -> None:
    """Where the officer is in the wizard is kept, but is not a change."""
    record = repo.create(info(), POLICY, "山田")
    repo.set_step(record.id, 3, "tanaka")
    again = repo.get(record.id)
    assert again.current_step == 3 and again.version == record.version


def test_default_database_url_honours_the_environment(tmp_path: Path) -> None:
    """An explicit URL wins; then the data directory; then the caller's default."""
    assert default_database_url({"OSAI_PROCURE_DB_URL": "postgresql://h/db"}, tmp_path) == (
        "postgresql://h/db"
    )
    assert default_database_url({"OSAI_PROCURE_DATA_DIR": "/srv/x"}, tmp_path) == (
        "sqlite:////srv/x/osai-procure.sqlite3"
    )
    assert default_database_url({}, tmp_path).endswith("osai-procure.sqlite3")


def test_wal_mode_is_on(tmp_path: Path) -> None:
    """The default SQLite database runs in WAL mode with a busy timeout."""
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    engine.dispose()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from([None, "yes", "no", "x"])),
        max_size=12,
    )
)
def test_history_replays_to_the_current_answers(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str | None]]
) -> None:
    """Applying the history's old -> new changes in order reproduces the stored answers."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('h') / 'h.sqlite3'}")
    repo = Repository(engine, now=Clock())
    record = repo.create(info(), POLICY, "山田")
    for qid, value in steps:
        answer = None if value is None else Answer(value=value, evidence=(Evidence(note=value),))
        record = repo.save_answer(record.id, qid, answer, record.version, "山田")
    replay: dict[str, object] = {}
    for entry in repo.history(record.id):
        if entry.action == "answer":
            assert entry.question_id is not None
            if entry.new is None:
                replay.pop(entry.question_id)
            else:
                replay[entry.question_id] = entry.new["value"]
    assert replay == {q: a.value for q, a in repo.get(record.id).answers.items()}
    engine.dispose()


def test_answers_file_keeps_answer_values(repo: Repository) -> None:
    """The record's answers file carries each answer's value itself, for the engine."""
    value = {"released": "yes", "license": "MIT"}
    record = repo.create(info(), POLICY, "山田", {"code_training": Answer(value=value)})
    answers = repo.get(record.id).answers_file().answers
    assert answers["code_training"].value == value


def test_history_rows_refuse_orm_updates(repo: Repository) -> None:
    """The ORM refuses to change a history row too, on any backend."""
    from sqlalchemy.orm import Session

    from osai_procure.store.db import HistoryRow

    record = repo.create(info(), POLICY, "山田")
    with Session(repo.engine) as session:
        row = session.scalars(select(HistoryRow)).first()
        assert row is not None and row.assessment_id == record.id
        row.actor = "someone else"
        with pytest.raises(ValueError, match="append-only"):
            session.flush()
