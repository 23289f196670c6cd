"""What the pages share, created once per process: the database, the content library, policies.

Policies are loaded once per file version (path and modification time), so an edited policy is
picked up without a restart while a page rerun costs no YAML parsing.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitAPIException

from osai_procure import paths, tasks
from osai_procure.engine import evaluate
from osai_procure.errors import ContentError, Problem
from osai_procure.gather import GatherSettings, HttpFetcher
from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy
from osai_procure.models.base import I18n, Lang
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.report import Report
from osai_procure.models.roles import ROLE_NAMES, RoleName
from osai_procure.paths import content_roots
from osai_procure.register.sync import summariser, sync
from osai_procure.roles import ROLES_ENV, Principal, RoleMap, configured_roles
from osai_procure.store import AssessmentRecord, Repository, default_database_url, make_engine
from osai_procure.store.register import RegisterStore
from osai_procure.ui.records import record_report

log = logging.getLogger("osai_procure.ui")

_FROZEN = threading.Lock()  # held for good once the process's start-up objects are frozen


def freeze_start_up() -> None:
    """Once per process, after its first page run: collect what start-up left as garbage, then
    move every object alive now (modules, the content library, policies, Streamlit itself) out
    of the collector's reach. Python's full collection walks every live object; with these
    about 200,000 it took about 100 ms, once every few dozen page runs, and that pause landed on
    whichever officer's click was running (benchmarks/bench_app.py, full collection). Objects
    made later are collected as before."""
    if not _FROZEN.acquire(blocking=False):
        return
    gc.collect()
    gc.freeze()


_EVALUATION_CACHE = "_evaluations"


def data_dir() -> Path:
    """Where the embedded database lives (see `osai_procure.paths.data_dir`)."""
    return paths.data_dir()


_REPOSITORIES: dict[tuple[str, str, float], Repository] = {}
_ENGINES: dict[str, Engine] = {}
_REPOSITORIES_LOCK = threading.Lock()
_ROLES: dict[tuple[str, float], RoleMap] = {}


def _roles_key() -> tuple[str, float]:
    """The roles file named by the environment and its modification time ('' when none)."""
    path = os.environ.get(ROLES_ENV, "").strip()
    return (path, _mtime(Path(path)) if path else 0.0)


def roles() -> RoleMap | None:
    """The agency's roles file (`OSAI_PROCURE_ROLES`), loaded once per file version; None in
    local single-officer mode.

    Raises:
        ContentError: the file is named but missing or invalid (the app then refuses to work
            rather than let everyone do everything).
    """
    key = _roles_key()
    if not key[0]:
        return None
    found = _ROLES.get(key)
    if found is None:
        found = configured_roles()
        assert found is not None
        _ROLES.clear()
        _ROLES[key] = found
    return found


def held_roles(who: Principal) -> tuple[RoleName, ...] | None:
    """The roles a principal holds, in the usual order; None without a roles file."""
    found = roles()
    if found is None:
        return None
    held = found.grants(who).roles
    return tuple(r for r in ROLE_NAMES if r in held)


def login_configured() -> bool:
    """Whether Streamlit's OIDC login is configured (an `[auth]` table in the secrets)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, StreamlitAPIException):
        return False


def repository() -> Repository:
    """The repository of the configured database (`OSAI_PROCURE_DB_URL` or the data dir) under
    the configured roles file: one engine per database URL per process, as SQLAlchemy pools
    its connections. A plain dictionary rather than st.cache_resource: this is asked for on
    every click, so it must cost nothing."""
    url = default_database_url(os.environ, data_dir())
    key = (url, *_roles_key())
    found = _REPOSITORIES.get(key)
    if found is None:
        with _REPOSITORIES_LOCK:
            found = _REPOSITORIES.get(key)
            if found is None:
                engine = _ENGINES.get(url)
                if engine is None:
                    engine = _ENGINES[url] = make_engine(url)
                found = _REPOSITORIES[key] = Repository(
                    engine, roles=roles(), summarise=summariser(bundle_for)
                )
    return found


_SYNC_SECONDS = 20.0
_SYNCED: dict[str, float] = {}


def register_store() -> RegisterStore:
    """The register of the configured database, brought up to date first (at most every
    twenty seconds per process: a sync reads every newest revision's version)."""
    repo = repository()
    url = str(repo.engine.url)
    if time.monotonic() - _SYNCED.get(url, -_SYNC_SECONDS) >= _SYNC_SECONDS:
        sync(repo, bundle_for)
        _SYNCED[url] = time.monotonic()
    return RegisterStore.of(repo)


def criterion_titles(lang: Lang) -> dict[str, str]:
    """Every criterion id of the loaded policies with its title (the first policy wins)."""
    titles: dict[str, str] = {}
    for entry in policies():
        if entry.bundle is not None:
            for criterion in entry.bundle.policy.criteria:
                titles.setdefault(criterion.id, criterion.title.get(lang))
    return titles


@st.cache_resource(show_spinner=False)
def library() -> ContentLibrary:
    """The content library: agency roots from $OSAI_PROCURE_CONTENT, then the shipped one."""
    return ContentLibrary.from_root(*content_roots())


@dataclass(frozen=True)
class PolicyEntry:
    """A policy file found in the library, loaded or with its problems."""

    path: Path
    id: str
    version: str
    title: I18n
    extends: str | None
    bundle: PolicyBundle | None
    problems: tuple[Problem, ...]  # worded in the page's language (`wording.problem_text`)


@st.cache_resource(show_spinner=False, max_entries=64)
def _bundle_at(path: str, mtime: float, roots: tuple[str, ...]) -> PolicyBundle:
    """Load and resolve one policy file version (cached by path and modification time)."""
    del mtime, roots  # part of the cache key only
    return load_policy(Path(path), library())


def _mtime(path: Path) -> float:
    """A file's modification time, or 0 when it vanished."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _roots_key() -> tuple[str, ...]:
    """The content roots as a cache key, so a changed environment reloads."""
    return tuple(str(d) for d in library().policy_dirs)


def bundle_at(path: Path) -> PolicyBundle:
    """The resolved bundle of a policy file.

    Raises:
        ContentError: the file or what it references has problems.
    """
    return _bundle_at(str(path), _mtime(path), _roots_key())


def policy_files() -> list[Path]:
    """Every policy file in the library, agency roots first."""
    files: list[Path] = []
    for directory in library().policy_dirs:
        if directory.is_dir():
            files += sorted(
                p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml", ".json")
            )
    return files


def policies() -> list[PolicyEntry]:
    """Every policy in the library, loaded (cached) or with its problems; ids are unique,
    the first root wins."""
    entries: list[PolicyEntry] = []
    seen: set[str] = set()
    for path in policy_files():
        try:
            bundle = bundle_at(path)
        except ContentError as exc:
            entries.append(
                PolicyEntry(
                    path,
                    path.stem,
                    "?",
                    I18n(ja=path.name, en=path.name),
                    None,
                    None,
                    tuple(exc.problems),
                )
            )
            continue
        policy = bundle.policy
        if policy.id in seen:
            continue
        seen.add(policy.id)
        parent = policy.lineage[1] if len(policy.lineage) > 1 else None
        entries.append(
            PolicyEntry(path, policy.id, policy.version, policy.title, parent, bundle, ())
        )
    return entries


_FOUND: dict[str, Path] = {}


def bundle_for(policy_id: str) -> PolicyBundle | None:
    """The loaded bundle of a policy id, or None when no valid file declares it (the file that
    declared it last time is checked first, so a rerun costs one stat, not a directory scan)."""
    known = _FOUND.get(policy_id)
    if known is not None and known.exists():
        try:
            bundle = bundle_at(known)
        except ContentError:
            bundle = None
        if bundle is not None and bundle.policy.id == policy_id:
            return bundle
    for entry in policies():
        if entry.id == policy_id and entry.bundle is not None:
            _FOUND[policy_id] = entry.path
            return entry.bundle
    return None


def evaluation(bundle: PolicyBundle, record: AssessmentRecord) -> Evaluation:
    """Evaluate a record, memoised per session by (assessment, version, policy digest)."""
    cache: dict[tuple[str, int, str], Evaluation] = st.session_state.setdefault(
        _EVALUATION_CACHE, {}
    )
    key = (record.id, record.version, bundle.policy.digest)
    found = cache.get(key)
    if found is None:
        if len(cache) > 16:
            cache.clear()
        found = evaluate(bundle, record.answers_file())
        cache[key] = found
    return found


_REPORT_CACHE = "_reports"


def report(bundle: PolicyBundle, record: AssessmentRecord) -> Report:
    """The report of a record's current version, memoised per session like `evaluation`."""
    cache: dict[tuple[str, int, str], Report] = st.session_state.setdefault(_REPORT_CACHE, {})
    key = (record.id, record.version, bundle.policy.digest)
    found = cache.get(key)
    if found is None:
        if len(cache) > 8:
            cache.clear()
        found = record_report(bundle, record, evaluation(bundle, record))
        cache[key] = found
    return found


def fetcher() -> HttpFetcher:
    """The fetcher for gathering public records: live only when `OSAI_PROCURE_ONLINE` says so
    (otherwise it refuses before any request); it stamps each document with the current time."""
    return HttpFetcher(
        GatherSettings.from_env(os.environ),
        clock=lambda: datetime.now(UTC).isoformat(timespec="seconds"),
    )


def online() -> bool:
    """Whether configuration switches gathering from public services on."""
    return GatherSettings.from_env(os.environ).online


_REQUIRED: dict[str, frozenset[str]] = {}


def required_questions(bundle: PolicyBundle) -> frozenset[str]:
    """The questions a gate of the policy depends on, computed once per policy digest."""
    found = _REQUIRED.get(bundle.policy.digest)
    if found is None:
        found = _REQUIRED[bundle.policy.digest] = tasks.required_questions(bundle)
    return found
