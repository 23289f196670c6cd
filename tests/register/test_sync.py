"""The register: entries follow the newest revisions and their verdicts; filters, search,
sort and counts run in the database."""

from __future__ import annotations

import json

from osai_procure.engine import evaluate
from osai_procure.models.answers import Answer
from osai_procure.register.sync import UNAVAILABLE, sync
from osai_procure.store.register import RegisterQuery, RegisterStore
from tests.register.helpers import BUNDLES, Clock, approve, at, stored_cases


def test_every_newest_revision_gets_the_engines_verdicts(database_url: str) -> None:
    """Each entry carries exactly the verdicts, label and MOF class the engine computes."""
    repo = stored_cases(database_url, Clock(at("2026-01-05T09:00")))
    result = sync(repo, BUNDLES)
    store = RegisterStore(repo.engine)
    entries = store.query(RegisterQuery(limit=None))
    assert result.evaluated == len(entries) == 8
    bundle = BUNDLES("osg_jp_public_procurement")
    assert bundle is not None
    for entry in entries:
        fresh = evaluate(bundle, repo.get(entry.assessment_id).answers_file())
        assert (entry.osaid_verdict, entry.policy_verdict, entry.label, entry.mof_class) == (
            fresh.osaid.verdict,
            fresh.policy.verdict,
            fresh.openness_label.id,
            fresh.mof_class.mof_class,
        )
        assert entry.unknowns == sum(f.status == "unknown" for f in fresh.findings)
    repo.engine.dispose()


def test_a_second_sync_evaluates_only_what_changed(database_url: str) -> None:
    """Unchanged assessments are not evaluated again; a changed answer is."""
    repo = stored_cases(database_url, Clock(at("2026-01-05T09:00")))
    sync(repo, BUNDLES)
    assert sync(repo, BUNDLES).evaluated == 0
    record = repo.list_assessments(limit=1)[0]
    repo.save_answer(record.id, "freedom_use", Answer(value="no"), record.version, "山田")
    assert sync(repo, BUNDLES).evaluated == 1
    repo.engine.dispose()


def test_a_new_revision_replaces_the_old_entry(database_url: str) -> None:
    """After approval and a new revision, the register shows the new draft only."""
    repo = stored_cases(database_url, Clock(at("2026-01-05T09:00")))
    first = repo.list_assessments(limit=1)[0]
    approve(repo, first.id)
    sync(repo, BUNDLES)
    newer = repo.new_revision(first.id, "山田")
    result = sync(repo, BUNDLES)
    store = RegisterStore(repo.engine)
    ids = {e.assessment_id for e in store.query(RegisterQuery(limit=None))}
    assert result.removed == 1 and newer.id in ids and first.id not in ids
    assert store.entry(newer.id).revision == 2
    repo.engine.dispose()


def test_approver_and_time_come_from_the_final_sign_off(database_url: str) -> None:
    """An approved entry names the approver and the approval time; drafts name nobody."""
    clock = Clock(at("2026-01-05T09:00"))
    repo = stored_cases(database_url, clock)
    first = repo.list_assessments(limit=1)[0]
    clock.at = at("2026-02-10T15:30")
    approve(repo, first.id, approver="承認 花子")
    sync(repo, BUNDLES)
    store = RegisterStore(repo.engine)
    entry = store.entry(first.id)
    assert (entry.status, entry.approved_by, entry.approved_at) == (
        "approved",
        "承認 花子",
        at("2026-02-10T15:30"),
    )
    others = store.query(RegisterQuery(statuses=["draft"], limit=None))
    assert others and all(e.approved_by is None and e.approved_at is None for e in others)
    repo.engine.dispose()


def test_a_policy_nobody_declares_shows_verdicts_as_unavailable(database_url: str) -> None:
    """No verdict is invented when the policy file is gone; the sync names the policy."""
    repo = stored_cases(database_url, Clock(at("2026-01-05T09:00")))
    result = sync(repo, lambda _policy_id: None)
    entries = RegisterStore(repo.engine).query(RegisterQuery(limit=None))
    assert result.missing_policies == ("osg_jp_public_procurement",)
    assert {(e.osaid_verdict, e.policy_verdict) for e in entries} == {(UNAVAILABLE, UNAVAILABLE)}
    repo.engine.dispose()


def test_filters_search_sort_and_pages_run_in_the_database(database_url: str) -> None:
    """Each filter narrows, the search matches words, pages follow the sort without overlap."""
    repo = stored_cases(database_url, Clock(at("2026-01-05T09:00")))
    sync(repo, BUNDLES)
    store = RegisterStore(repo.engine)
    everything = store.query(RegisterQuery(sort="title", descending=False, limit=None))
    assert [e.title for e in everything] == sorted(e.title for e in everything)
    pages = [
        store.query(RegisterQuery(sort="title", descending=False, limit=3, offset=o))
        for o in (0, 3, 6)
    ]
    assert [e.assessment_id for page in pages for e in page] == [
        e.assessment_id for e in everything
    ]
    non_compliant = RegisterQuery(policy_verdicts=["non_compliant"], limit=None)
    assert store.count(non_compliant) == len(store.query(non_compliant)) > 0
    assert all(e.policy_verdict == "non_compliant" for e in store.query(non_compliant))
    agency = store.query(RegisterQuery(agencies=["総務省"], limit=None))
    assert agency and all(e.agency == "総務省" for e in agency)
    found = store.query(RegisterQuery(search="bloom", limit=None))
    assert [e.system_name for e in found] == ["BLOOM"]
    assert store.query(RegisterQuery(search="100%_", limit=None)) == []
    repo.engine.dispose()


def test_charts_count_verdicts_and_failed_gates_in_the_database(database_url: str) -> None:
    """Counts by policy and by agency add up to the register; gates not met are counted per
    criterion, most missed first."""
    repo = stored_cases(database_url, Clock(at("2026-01-05T09:00")))
    sync(repo, BUNDLES)
    store = RegisterStore(repo.engine)
    entries = store.query(RegisterQuery(limit=None))
    by_agency = store.verdict_counts("agency")
    assert sum(n for _, _, n in by_agency) == len(entries)
    assert {(a, v) for a, v, _ in by_agency} == {(e.agency, e.policy_verdict) for e in entries}
    gates = store.open_gates()
    expected: dict[str, int] = {}
    for entry in entries:
        for criterion, status in entry.outcomes.items():
            if status == "not_met" and criterion in _gates():
                expected[criterion] = expected.get(criterion, 0) + 1
    assert dict(gates) == expected
    assert [n for _, n in gates] == sorted((n for _, n in gates), reverse=True)
    repo.engine.dispose()


def _gates() -> set[str]:
    """The gate criteria of the OSG-JP policy."""
    bundle = BUNDLES("osg_jp_public_procurement")
    assert bundle is not None
    return {c.id for c in bundle.policy.criteria if c.severity == "gate"}


def test_outcomes_are_stored_as_plain_json(database_url: str) -> None:
    """The per-criterion outcomes read back as the same mapping (impact compares them)."""
    repo = stored_cases(database_url, Clock(at("2026-01-05T09:00")))
    sync(repo, BUNDLES)
    entry = RegisterStore(repo.engine).query(RegisterQuery(limit=1))[0]
    assert json.loads(json.dumps(entry.outcomes)) == entry.outcomes
    assert set(entry.outcomes.values()) <= {"met", "not_met", "unknown", "not_applicable"}
    repo.engine.dispose()
