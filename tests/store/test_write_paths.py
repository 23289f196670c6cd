"""Every write path of the store, found by running each public method of the repository and the
register store and watching what it sends to the database: a write by an actor is refused to an
officer without the right role (and to a typed name), a write without an actor is a declared
cache; on SQLite and PostgreSQL."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event

from osai_procure.importers import ImportNote
from osai_procure.models.answers import Answer
from osai_procure.roles import PermissionDeniedError, Principal
from osai_procure.store import AssessmentRecord, Repository, SignOff, make_engine
from osai_procure.store.register import OpenFinding, RegisterEntry, RegisterQuery, RegisterStore
from tests.store.test_repository import POLICY, ROLES, Clock, info
from tests.store.test_roles import AUDITOR, KACHO, PREPARER, REVIEWER, role_map

STORES: tuple[type[Any], ...] = (Repository, RegisterStore)
_WRITE_VERBS = ("insert", "update", "delete", "replace", "create", "drop", "alter", "truncate")
AT = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@dataclass
class World:
    """A database under the test agency's roles: a draft with an answer, an attachment, a kept
    report and a register entry, and an approved assessment (for a new revision)."""

    repo: Repository
    register: RegisterStore
    draft: AssessmentRecord
    approved: AssessmentRecord
    attachment_id: int
    export_id: int


def _world(repo: Repository) -> World:
    """Fill the database as the officers whose roles allow it."""
    draft = repo.create(info(), POLICY, PREPARER)
    draft = repo.save_answer(draft.id, "training_code_available", Answer(value="yes"), 1, PREPARER)
    attachment = repo.add_attachment(draft.id, "training_code_available", "a.txt", b"a", PREPARER)
    export = repo.add_export(draft.id, "json", "ja", "r.json", b"{}", False, PREPARER)
    approved = repo.create(info("承認済み"), POLICY, PREPARER)
    for role, who in zip(ROLES, (PREPARER, REVIEWER, KACHO), strict=True):
        entry = SignOff(role=role, name=who.name, decision="approve")
        signature = {"alg": "test"} if role == "approver" else None
        version = repo.get(approved.id).version
        approved = repo.record_signoff(approved.id, entry, ROLES, version, who, signature)
    register = RegisterStore.of(repo)
    register.put([(_entry(draft), [])])
    return World(repo, register, repo.get(draft.id), approved, attachment.id, export.id)


def _entry(record: AssessmentRecord) -> RegisterEntry:
    """A register entry for a revision, as `register.sync` would compute it."""
    return RegisterEntry(
        assessment_id=record.id,
        root_id=record.root_id,
        revision=record.revision,
        source_version=record.version,
        evaluated_digest="0" * 64,
        title=record.title,
        search_text=record.title.casefold(),
        agency="デジタル庁",
        system_name="ExampleLM",
        procurement_id="R8-001",
        policy_id=POLICY.id,
        policy_version=POLICY.version,
        status=record.status,
        osaid_verdict="insufficient_evidence",
        policy_verdict="incomplete",
        label="",
        mof_class="",
        unknowns=1,
        gates_open=0,
        outcomes={},
        approved_by=None,
        approved_at=None,
        evidence_checked_at=None,
        drill_result=None,
        drill_at=None,
        updated_at=AT,
    )


Call = Callable[[World, Principal], Any]

# One call per public method, with the actor where the method takes one. A new public method
# fails `test_every_public_method_is_listed` until it is added here, and then the tests below
# decide from what it sends to the database whether it is a read, a checked write or a cache.
CALLS: dict[str, Call] = {
    # the repository
    "Repository.refusal": lambda w, who: w.repo.refusal(who, "edit"),
    "Repository.may": lambda w, who: w.repo.may(who, "edit"),
    "Repository.get": lambda w, who: w.repo.get(w.draft.id),
    "Repository.get_many": lambda w, who: w.repo.get_many([w.draft.id, w.approved.id]),
    "Repository.answers_many": lambda w, who: list(w.repo.answers_many([w.draft.id])),
    "Repository.answer_texts": lambda w, who: w.repo.answer_texts(
        [w.draft.id], ["training_code_available"]
    ),
    "Repository.version_of": lambda w, who: w.repo.version_of(w.draft.id),
    "Repository.list_assessments": lambda w, who: w.repo.list_assessments(search="LLM"),
    "Repository.count_assessments": lambda w, who: w.repo.count_assessments(),
    "Repository.revisions": lambda w, who: w.repo.revisions(w.draft.id),
    "Repository.history": lambda w, who: w.repo.history(w.draft.id),
    "Repository.chain_head": lambda w, who: w.repo.chain_head(w.draft.id),
    "Repository.check_chain": lambda w, who: w.repo.check_chain(w.approved.id),
    "Repository.create": lambda w, who: w.repo.create(info(), POLICY, who),
    "Repository.save_answers": lambda w, who: w.repo.save_answers(
        w.draft.id, {"training_code_available": Answer(value="no")}, w.draft.version, who
    ),
    "Repository.save_answer": lambda w, who: w.repo.save_answer(
        w.draft.id, "training_code_available", Answer(value="no"), w.draft.version, who
    ),
    "Repository.set_step": lambda w, who: w.repo.set_step(w.draft.id, 3, who),
    "Repository.update_info": lambda w, who: w.repo.update_info(
        w.draft.id, info("改題"), w.draft.version, who
    ),
    "Repository.record_signoff": lambda w, who: w.repo.record_signoff(
        w.draft.id,
        SignOff(role="preparer", name=who.name, decision="approve"),
        ROLES,
        w.draft.version,
        who,
    ),
    "Repository.new_revision": lambda w, who: w.repo.new_revision(w.approved.id, who),
    "Repository.add_attachment": lambda w, who: w.repo.add_attachment(
        w.draft.id, "training_code_available", "b.txt", b"b", who
    ),
    "Repository.attachments": lambda w, who: w.repo.attachments(w.draft.id),
    "Repository.attachment": lambda w, who: w.repo.attachment(w.attachment_id),
    "Repository.add_export": lambda w, who: w.repo.add_export(
        w.draft.id, "json", "en", "r.json", b"{}", False, who
    ),
    "Repository.add_import_notes": lambda w, who: w.repo.add_import_notes(
        w.draft.id, "card.md", [ImportNote("hf.no_licence").to_data()], who
    ),
    "Repository.import_notes": lambda w, who: w.repo.import_notes(w.draft.id),
    "Repository.exports": lambda w, who: w.repo.exports(w.draft.id),
    "Repository.export": lambda w, who: w.repo.export(w.export_id),
    # the register store
    "RegisterStore.of": lambda w, who: RegisterStore.of(w.repo),
    "RegisterStore.candidates": lambda w, who: w.register.candidates(),
    "RegisterStore.drop_superseded": lambda w, who: w.register.drop_superseded(),
    "RegisterStore.put": lambda w, who: w.register.put(
        [(_entry(w.draft), [OpenFinding(criterion_id="c", severity="gate", status="unknown")])]
    ),
    "RegisterStore.revision_rows": lambda w, who: w.register.revision_rows([w.draft.id]),
    "RegisterStore.put_summaries": lambda w, who: w.register.put_summaries(
        [(w.draft.id, w.draft.version, ("0" * 64, {"policy_verdict": "incomplete"}))]
    ),
    "RegisterStore.query": lambda w, who: w.register.query(RegisterQuery(search="LLM")),
    "RegisterStore.count": lambda w, who: w.register.count(RegisterQuery()),
    "RegisterStore.entry": lambda w, who: w.register.entry(w.draft.id),
    "RegisterStore.verdict_counts": lambda w, who: w.register.verdict_counts("agency"),
    "RegisterStore.osaid_counts": lambda w, who: w.register.osaid_counts(),
    "RegisterStore.open_gates": lambda w, who: w.register.open_gates(),
    "RegisterStore.approval_times": lambda w, who: w.register.approval_times(),
    "RegisterStore.distinct": lambda w, who: w.register.distinct("agency"),
    "RegisterStore.add_drill": lambda w, who: w.register.add_drill(
        w.draft.id, AT, who, "/deposit", "passed", 1, 1, {"result": "passed"}
    ),
    "RegisterStore.drills": lambda w, who: w.register.drills(w.draft.id),
}

# Who may make each write that takes an actor (the positive control: the call is a real write).
ALLOWED: dict[str, Principal] = {
    "Repository.record_signoff": PREPARER,
    "RegisterStore.add_drill": REVIEWER,  # a reviewer checks a deposit without editing
}


def public_methods() -> list[str]:
    """`Class.method` for every public method (functions, class and static methods)."""
    found = []
    for cls in STORES:
        for name, value in vars(cls).items():
            if name.startswith("_"):
                continue
            if inspect.isfunction(value) or isinstance(value, classmethod | staticmethod):
                found.append(f"{cls.__name__}.{name}")
    return sorted(found)


def takes_actor(qualified: str) -> bool:
    """Whether the method names who acts (an `actor` parameter)."""
    cls_name, name = qualified.split(".")
    cls = next(c for c in STORES if c.__name__ == cls_name)
    return "actor" in inspect.signature(getattr(cls, name)).parameters


def declared_cache(qualified: str) -> bool:
    """Whether the store declares the method a derived cache write (`DERIVED_WRITES`)."""
    cls_name, name = qualified.split(".")
    cls = next(c for c in STORES if c.__name__ == cls_name)
    return name in getattr(cls, "DERIVED_WRITES", frozenset())


class Statements:
    """The statements sent on an engine's connections while on."""

    def __init__(self, engine: Engine) -> None:
        self.sent: list[str] = []
        self.on = False
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if self.on:
            self.sent.append(statement)

    def writes(
        self, method: str, world: World, who: Principal
    ) -> tuple[list[str], BaseException | None]:
        """The writing statements a method's call sent, and what it raised (None: returned)."""
        self.sent, self.on = [], True
        raised: BaseException | None = None
        try:
            CALLS[method](world, who)
        except Exception as exc:  # the tests judge what was raised
            raised = exc
        finally:
            self.on = False
        written = [s for s in self.sent if s.lstrip().split(None, 1)[0].lower() in _WRITE_VERBS]
        return written, raised


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a fresh database (SQLite, then PostgreSQL)."""
    made = make_engine(database_url)
    yield made
    made.dispose()


def test_every_public_method_is_listed() -> None:
    """The table of calls names every public method of the stores, and nothing else: a new
    method cannot be added without the tests below running it."""
    assert sorted(CALLS) == public_methods()


def test_the_caches_are_declared_on_methods_that_exist() -> None:
    """Each declared cache write is a public method that names no actor."""
    for cls in STORES:
        for name in getattr(cls, "DERIVED_WRITES", frozenset()):
            qualified = f"{cls.__name__}.{name}"
            assert qualified in CALLS and not takes_actor(qualified), qualified


def test_every_write_by_an_actor_is_refused_without_the_role(engine: Engine) -> None:
    """Each method naming an actor that writes for an officer whose role allows it sends no
    write for an auditor or for a typed name (even a listed e-mail) and says why; one that
    writes for nobody (a question about the roles) sends nothing for anyone."""
    repo = Repository(engine, now=Clock(), roles=role_map())
    statements = Statements(engine)
    failures, writers = [], []
    for method in (m for m in public_methods() if takes_actor(m)):
        world = _world(repo)
        refused = {
            who.identity: statements.writes(method, world, who)
            for who in (AUDITOR, Principal.typed(PREPARER.identity))
        }
        allowed = ALLOWED.get(method, PREPARER)
        written, raised = statements.writes(method, world, allowed)
        if raised is not None:
            failures.append(f"{method} as {allowed.identity}: raised {raised!r}")
        if written:
            writers.append(method)
        for identity, (sent, error) in refused.items():
            if sent or (written and not isinstance(error, PermissionDeniedError)):
                failures.append(f"{method} as {identity}: raised {error!r}, sent {sent}")
    assert failures == []
    assert {
        "Repository.create",
        "Repository.save_answers",
        "Repository.set_step",
        "Repository.record_signoff",
        "Repository.add_attachment",
        "Repository.add_export",
        "Repository.add_import_notes",
        "RegisterStore.add_drill",
    } <= set(writers)


def test_a_method_without_an_actor_reads_or_is_a_declared_cache(engine: Engine) -> None:
    """Each method that names no actor sends no write, unless the store declares it a derived
    cache; a cache write leaves every assessment, its history and its chain as they were."""
    repo = Repository(engine, now=Clock(), roles=role_map())
    statements = Statements(engine)
    failures = []
    for method in (m for m in public_methods() if not takes_actor(m)):
        world = _world(repo)
        before = [(repo.get(r.id), repo.history(r.id)) for r in (world.draft, world.approved)]
        written, raised = statements.writes(method, world, AUDITOR)
        if raised is not None:
            failures.append(f"{method}: raised {raised!r}")
        if not declared_cache(method):
            if written:
                failures.append(f"{method}: names no actor and is no declared cache: {written}")
            continue
        after = [(repo.get(r.id), repo.history(r.id)) for r in (world.draft, world.approved)]
        if after != before or not all(repo.check_chain(r.id).intact for r in (world.draft,)):
            failures.append(f"{method}: a cache write changed an assessment or its history")
    assert failures == []
