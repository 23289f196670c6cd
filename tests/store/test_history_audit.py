"""The audit of an assessment: the approval signs the chain head, a history rewritten with
fresh hashes still fails against that signature, and `osai-procure audit` says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from osai_procure.audit import audit_assessment
from osai_procure.cli import main
from osai_procure.signing import sign_record
from osai_procure.signing.trust import load_trust_store
from osai_procure.store import AssessmentRecord, Repository, SignOff, make_engine
from osai_procure.store.chain import HISTORY_NAMESPACE, entry_hash, head_payload
from tests.reports.helpers import make_keys
from tests.store.test_repository import POLICY, ROLES, Clock, info


@pytest.fixture
def repo(database_url: str) -> Iterator[Repository]:
    """A repository on a fresh database (SQLite, then PostgreSQL) with a ticking clock."""
    engine = make_engine(database_url)
    yield Repository(engine, now=Clock())
    engine.dispose()


def _signed_approval(repo: Repository, keys_dir: Path) -> AssessmentRecord:
    """An assessment approved with a signature over its chain head, as the Sign-off page does
    (the keys are the installation's: `keys_dir` is $OSAI_PROCURE_HOME/keys)."""
    keys = make_keys(keys_dir)
    record = repo.create(info(), POLICY, "alice")
    for role, who in zip(ROLES[:-1], ("alice", "bob"), strict=True):
        signoff = SignOff(role=role, name=who, decision="approve")
        record = repo.record_signoff(record.id, signoff, ROLES, record.version, who)
    head = repo.chain_head(record.id)
    envelope = sign_record(head_payload(record.id, head), keys, namespace=HISTORY_NAMESPACE)
    signature = {"chain": {"head": head, "envelope": envelope.model_dump(mode="json")}}
    approval = SignOff(role="approver", name="carol", decision="approve")
    return repo.record_signoff(record.id, approval, ROLES, record.version, "carol", signature)


def signed_approval_in_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Engine, AssessmentRecord]:
    """The app's data and home under `tmp_path` (as the CLI finds them), holding one approval
    signed with the installation's keys; the engine is the app database's."""
    data = tmp_path / "data"
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(data))
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OSAI_PROCURE_DB_URL", raising=False)
    engine = make_engine(f"sqlite:///{data / 'osai-procure.sqlite3'}")
    return engine, _signed_approval(Repository(engine), tmp_path / "home" / "keys")


def test_a_signed_approval_audits_clean(repo: Repository, tmp_path: Path) -> None:
    """The approval's signature covers the chain head, which is in the history."""
    record = _signed_approval(repo, tmp_path / "keys")
    trust = load_trust_store(None, key_dir=tmp_path / "keys")
    result = audit_assessment(repo, record.id, trust=trust)
    assert result.signature_ok is True and not result.tampered


def test_an_approval_signed_by_an_unknown_key_fails(repo: Repository, tmp_path: Path) -> None:
    """A chain head signed with a key the agency does not trust is not accepted."""
    record = _signed_approval(repo, tmp_path / "keys")
    stranger = load_trust_store(None, key_dir=make_keys(tmp_path / "other").directory)
    assert audit_assessment(repo, record.id, trust=stranger).signature_ok is False


def test_a_rewritten_and_rechained_history_fails_the_signature(
    repo: Repository, tmp_path: Path, database_url: str
) -> None:
    """An attacker who rewrites a row and recomputes every hash still cannot match the
    approval's signature: the signed head is gone from the history."""
    record = _signed_approval(repo, tmp_path / "keys")
    rewrite_and_rechain(repo, record.id, sqlite=database_url.startswith("sqlite"))
    result = audit_assessment(repo, record.id)
    assert result.chain.intact, "the attacker's chain is consistent in itself"
    assert result.signature_ok is False and result.tampered


def rewrite_and_rechain(repo: Repository, assessment_id: str, sqlite: bool = True) -> None:
    """What an attacker with the database would do: rewrite the first history row's actor and
    recompute every hash after it, so the chain is consistent in itself."""
    with repo.engine.begin() as connection:
        if sqlite:
            connection.execute(text("DROP TRIGGER history_no_update"))
        else:
            connection.execute(text("DROP TRIGGER history_append_only ON history"))
    entries = [e.model_dump() for e in repo.history(assessment_id)]
    entries[0]["actor"] = "mallory"
    prev = entries[0]["prev_hash"]
    with repo.engine.begin() as connection:
        for entry in entries:
            entry["prev_hash"] = prev
            entry["hash"] = prev = entry_hash(prev, entry)
            connection.execute(
                text("UPDATE history SET actor = :a, prev_hash = :p, hash = :h WHERE id = :i"),
                {
                    "a": entry["actor"],
                    "p": entry["prev_hash"],
                    "h": entry["hash"],
                    "i": entry["id"],
                },
            )


def test_cli_audit_reports_a_flipped_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`osai-procure audit ID` exits 0 on an intact assessment and 1 once the database file
    was edited, naming what differs."""
    engine, record = signed_approval_in_app(tmp_path, monkeypatch)
    assert main(["audit", record.id]) == 0
    assert capsys.readouterr().out.strip().endswith("intact")
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE assessments SET status = 'draft' WHERE id = :id"), {"id": record.id}
        )
    engine.dispose()
    assert main(["audit", record.id]) == 1
    out = capsys.readouterr().out
    assert "TAMPERED: the assessment as stored differs" in out and "status now 'draft'" in out


def test_cli_audit_of_an_unknown_id_is_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An id that is not in the database: exit 2 and a message, never a traceback."""
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("OSAI_PROCURE_DB_URL", raising=False)
    assert main(["audit", "00000000-0000-0000-0000-000000000000"]) == 2
    assert "no assessment '00000000-0000-0000-0000-000000000000'" in capsys.readouterr().err
