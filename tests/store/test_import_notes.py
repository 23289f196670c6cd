"""Import notes kept with the assessment: stored as codes, read back in a later session (a new
engine on the same database), put into words in the reader's language, across revisions."""

from __future__ import annotations

from pathlib import Path

from osai_procure.importers import ImportNote, import_file, title_of
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import AssessmentInfo, SystemInfo
from osai_procure.store import PolicyStamp, Repository, SignOff, make_engine

ROOT = Path(__file__).resolve().parents[2]
MOT = ROOT / "tests/data/importers/mot/Llama-3.1-8B.yml"
INFO = AssessmentInfo(title="Llama 3.1 8B", system=SystemInfo(name="Llama 3.1 8B"))


def _stamp(bundle: PolicyBundle) -> PolicyStamp:
    """The policy stamp of a bundle."""
    policy = bundle.policy
    return PolicyStamp(id=policy.id, version=policy.version, digest=policy.digest)


def test_import_notes_come_back_in_a_later_session_in_either_language(
    database_url: str, osaid_bundle: PolicyBundle
) -> None:
    """The notes of an import, kept with the assessment, read back through a new engine give
    the same Japanese and English words the officer saw right after the import."""
    result = import_file("mot", MOT, MOT.name, osaid_bundle)
    assert any(n.note is not None for n in result.notes)
    first = Repository(make_engine(database_url))
    record = first.create(INFO, _stamp(osaid_bundle), "山田", dict(result.answers.answers))
    first.add_import_notes(record.id, MOT.name, [n.to_data() for n in result.notes], "山田")
    first.engine.dispose()

    later = Repository(make_engine(database_url))
    (kept,) = later.import_notes(record.id)
    assert (kept.source, kept.actor) == (MOT.name, "山田")
    notes = [ImportNote.from_data(n) for n in kept.notes]
    for lang in ("ja", "en"):
        title = title_of(osaid_bundle, lang)
        assert [n.text(lang, title) for n in notes if n is not None] == [
            n.text(lang, title) for n in result.notes
        ]
    japanese = [n.text("ja", title_of(osaid_bundle, "ja")) for n in notes if n is not None]
    assert any("ライセンス" in line for line in japanese)
    later.engine.dispose()


def test_a_new_revision_shows_the_notes_of_the_imports_before_it(
    database_url: str, osaid_bundle: PolicyBundle
) -> None:
    """Notes are kept with the assessment's lineage: the next revision, which carries the
    imported answers, lists them too, newest first."""
    repo = Repository(make_engine(database_url))
    record = repo.create(INFO, _stamp(osaid_bundle), "山田")
    repo.add_import_notes(record.id, "first.yml", [ImportNote("one").to_data()], "山田")
    repo.add_import_notes(record.id, "second.yml", [ImportNote("two").to_data()], "山田")
    for role in ("preparer", "reviewer", "approver"):
        version = repo.get(record.id).version
        repo.record_signoff(
            record.id,
            SignOff(role=role, name=role, decision="approve"),
            ("preparer", "reviewer", "approver"),
            version,
            role,
        )
    revision = repo.new_revision(record.id, "佐藤")
    assert [k.source for k in repo.import_notes(revision.id)] == ["second.yml", "first.yml"]
    repo.engine.dispose()


def test_a_kept_note_whose_code_is_gone_shows_its_stored_words() -> None:
    """A code this release no longer knows falls back to the English words kept beside it;
    data that is not a note is refused rather than shown half read."""
    data = {
        "level": "warning",
        "message": "licence 'x' is odd",
        "question": "datasets",
        "note": [{"code": "gone.code", "args": {}}],
    }
    kept = ImportNote.from_data(data)
    assert kept is not None and kept.note is None and kept.level == "warning"
    assert kept.text("ja") == "datasets: licence 'x' is odd"
    assert ImportNote.from_data({"level": "info"}) is None
    assert ImportNote.from_data(["not", "a", "note"]) is None
