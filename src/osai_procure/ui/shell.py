"""The frame around every page: language, identity, the current assessment, the error guard.

The current assessment lives in the URL (`?assessment=<uuid>`) as well as in the session, so a
reload or a shared link resumes it: Streamlit forgets session state on reload.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from streamlit.errors import StreamlitAPIException

from osai_procure import access
from osai_procure.errors import ContentError
from osai_procure.models.base import Lang
from osai_procure.models.roles import ROLE_NAMES
from osai_procure.roles import Change, PermissionDeniedError, Principal
from osai_procure.store import AssessmentRecord, NotFoundError
from osai_procure.ui import services
from osai_procure.ui.i18n import LANG_NAMES, LANGS, Markdown, literal, t
from osai_procure.wording import problem_text

log = logging.getLogger("osai_procure.ui")

# Not `pages/`: Streamlit runs a file in a `pages/` folder beside the main script directly when
# a fresh server process is first opened at that page's URL, skipping app.py's navigation.
PAGES_DIR = Path(__file__).resolve().parent / "page_scripts"
PAGE_FILES: dict[str, Path] = {
    name: PAGES_DIR / f"{name}.py"
    for name in (
        "start",
        "wizard",
        "review",
        "signoff",
        "export",
        "drill",
        "register",
        "impact",
        "verify",
        "policies",
    )
}
PAGE_ICONS: dict[str, str] = {
    "start": ":material/home:",
    "wizard": ":material/edit_note:",
    "review": ":material/fact_check:",
    "signoff": ":material/approval:",
    "export": ":material/download:",
    "drill": ":material/inventory_2:",
    "register": ":material/table_view:",
    "impact": ":material/compare_arrows:",
    "verify": ":material/verified:",
    "policies": ":material/policy:",
}

LANG_KEY = "lang"
USER_KEY = "officer_name"
CURRENT_KEY = "current_assessment"
QUERY_ID = "assessment"
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def browser_lang() -> Lang:
    """Japanese when the browser asks for it, English otherwise."""
    try:
        locale = st.context.locale or ""
    except Exception:  # no browser context (bare mode): fall back quietly
        locale = ""
    return "ja" if locale.lower().startswith("ja") else "en"


def lang() -> Lang:
    """The language of this run: the switch's value, else the URL's, else the browser's."""
    value = st.session_state.get(LANG_KEY)
    if value in LANGS:
        return cast(Lang, value)
    query = st.query_params.get(LANG_KEY)
    if query in LANGS:
        return query
    return browser_lang()


def language_switch() -> Lang:
    """The always-visible language switch, kept in the URL so a reload keeps it."""
    current = lang()
    if st.session_state.get(LANG_KEY) not in LANGS:
        st.session_state[LANG_KEY] = current
    choice = st.segmented_control(
        t("lang.label", current),
        options=list(LANGS),
        format_func=lambda code: LANG_NAMES[code],
        key=LANG_KEY,
        label_visibility="collapsed",
        width="content",
        persist_state="session",
    )
    return choice if choice in LANGS else current


def header() -> Lang:
    """The top row on every page: the product name and the language switch."""
    current = lang()
    # One row block rather than columns: this row is drawn on every run of every page.
    with st.container(
        horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"
    ):
        st.caption(f"**{t('app.name', current)}** · {t('app.tagline', current)}", width="content")
        current = language_switch()
    return current


# Stored (language-neutral) when nobody is logged in or named; shown translated by `who`.
ANONYMOUS = "(unnamed)"
NAME_COOKIE = "osai_procure_officer"


def _login_principal() -> Principal | None:
    """The officer signed in through Streamlit's OIDC login, with the groups of the roles
    file's group claim; None when nobody is (or login is not configured)."""
    try:
        user = st.user
        if not user.get("is_logged_in"):
            return None
        email = str(user.get("email") or "").strip()[:320] or None
        # An address the provider says it has not verified could be anyone's: it names the
        # officer in the history but matches no entry of the roles file.
        verified = user.get("email_verified") is not False
        name = str(user.get("name") or "").strip()[:200] or email
        if not name:
            return None
        roles = services.roles()
        claim = roles.file.group_claim if roles is not None else "groups"
        raw = user.get(claim)
        groups = (raw,) if isinstance(raw, str) else tuple(raw) if isinstance(raw, list) else ()
        if not verified:
            return Principal(name=f"{name} ({email})" if email else name, authenticated=True)
        return Principal(
            name=name, email=email, groups=tuple(str(g) for g in groups), authenticated=True
        )
    except (AttributeError, KeyError, RuntimeError, StreamlitAPIException):
        return None  # st.user needs auth configured; without it there is no login


def _header_principal() -> Principal | None:
    """The officer named by the trusted proxy's header, when it came from the proxy."""
    try:
        headers = dict(st.context.headers)
        peer = st.context.ip_address
    except Exception:  # no browser context
        return None
    value = access.trusted_header_value(os.environ, headers, peer)
    if not value:
        return None
    value = value[:200]
    return Principal(name=value, email=value if "@" in value else None, authenticated=True)


# Who signed in is looked up once per page run: without a secrets file, each read of st.user
# makes Streamlit look for one on disk again (file system calls: about 30 µs of CPU, longer on a
# busy disk), and a page asks about seven times. The memo belongs to one run in its script
# thread (`logged_run` opens and drops it), so the widget callbacks, which run before the page,
# and every other run look afresh.
_RUN_MEMO = threading.local()


def _signed_in() -> tuple[Principal | None, Principal | None]:
    """The OIDC login, else (None and) the trusted header's officer; once per page run."""
    memo: dict[str, tuple[Principal | None, Principal | None]] | None = getattr(
        _RUN_MEMO, "memo", None
    )
    if memo is not None and "signed_in" in memo:
        return memo["signed_in"]
    oidc = _login_principal()
    found = (oidc, None if oidc is not None else _header_principal())
    if memo is not None:
        memo["signed_in"] = found
    return found


def login_principal() -> Principal | None:
    """Who signed in: the OIDC login, else the trusted proxy header (see
    `trusted_header_value`); None for a typed name."""
    oidc, header = _signed_in()
    return oidc or header


def login_name() -> str | None:
    """The display name of who signed in (OIDC or the trusted header), or None."""
    found = login_principal()
    return found.name if found else None


def principal(current: Lang | None = None) -> Principal:
    """Who is acting: the signed-in officer, else the typed name (not authenticated)."""
    del current  # kept for the pages' calling convention
    found = login_principal()
    if found is not None:
        return found
    typed = str(st.session_state.get(USER_KEY) or "").strip()
    return Principal.typed(typed[:200] if typed else ANONYMOUS)


def actor(current: Lang) -> Principal:
    """Who is making changes, as the store takes it (see `principal`)."""
    return principal(current)


def may(change: Change, role: str | None = None) -> bool:
    """Whether the acting officer's roles allow a change (always, without a roles file); the
    pages use it to hide what the store would refuse."""
    return services.repository().may(principal(), change, role)


def stop_on_bad_roles(current: Lang) -> None:
    """A roles file that is named but unreadable or wrong stops every page with its problems:
    falling back to no roles would let everyone change everything."""
    try:
        services.roles()
    except ContentError as exc:
        st.error(t("roles.invalid", current), icon=":material/error:")
        st.code(
            "\n".join(problem_text(p, current) for p in exc.problems),
            language=None,
            wrap_lines=True,
        )
        st.stop()


def require_sign_in(current: Lang) -> None:
    """Under a roles file with a sign-in configured, a visitor who has not signed in sees
    nothing but the way to sign in: assessments and evidence are not for anyone who reaches
    the port."""
    if services.roles() is None or login_principal() is not None:
        return
    oidc = services.login_configured()
    if not oidc and not access.header_mode_secured(os.environ):
        return  # no sign-in configured: read only for everybody (see docs/access.md)
    st.title(t("user.login", current))
    st.info(t("user.login_first", current), icon=":material/login:")
    if oidc:
        st.button(t("user.login", current), key="user.login", on_click=st.login, type="primary")
    st.stop()


def denied(exc: PermissionDeniedError, current: Lang) -> str:
    """A refusal by the roles file, in the reader's language."""
    if exc.change.startswith("signoff:"):
        role = exc.change.split(":", 1)[1]
        change = t("change.signoff", current, role=t(f"role.{role}", current))
    else:
        change = t(f"change.{exc.change}", current)
    sep = t("label.list", current)
    if exc.kind == "not_signed_in":
        return t("denied.not_signed_in", current, change=change)
    if exc.kind == "level":
        found = services.roles()
        labels = (
            {lv.id: lv.label.get(current) for lv in found.file.approval_levels} if found else {}
        )
        required, held = exc.levels
        return t(
            "denied.level",
            current,
            required=labels.get(required, required),
            held=labels.get(held, t("role.none", current)),
        )

    def names(roles: tuple[str, ...], alternatives: bool = False) -> str:
        words = [t(f"role.{r}", current) for r in ROLE_NAMES if r in roles]
        if not words:
            return t("role.none", current)
        if alternatives and len(words) > 1:
            last = "又は" if current == "ja" else " or "
            return sep.join(words[:-1]) + last + words[-1]
        return sep.join(words)

    text = t(
        "denied.role",
        current,
        held=names(exc.held),
        change=change,
        allowed=names(exc.allowed, alternatives=True),
    )
    if "auditor" in exc.held:
        text = Markdown(f"{text} {t('denied.auditor', current)}")
    return text


def denied_for(change: Change, current: Lang, role: str | None = None) -> str:
    """Why the acting officer may not make a change (the store's own refusal, translated)."""
    refusal = services.repository().refusal(principal(), change, role)
    return denied(refusal, current) if refusal is not None else ""


def who(name: str, current: Lang) -> str:
    """A stored actor for display: the unnamed marker in the reader's language."""
    return t("user.anonymous", current) if name in (ANONYMOUS, "unknown", "") else name


def has_name() -> bool:
    """Whether the officer is identified (logged in, by header, or named)."""
    return bool(login_name() or str(st.session_state.get(USER_KEY) or "").strip())


def _remembered_name() -> str:
    """The name this browser typed last time (a cookie), so a reload keeps it."""
    try:
        raw = st.context.cookies.get(NAME_COOKIE)
    except Exception:  # no browser context (AppTest, bare mode)
        raw = None
    return urllib.parse.unquote(raw)[:200] if isinstance(raw, str) else ""


def _name_changed() -> None:
    """Remember the typed name in this browser on the next run."""
    st.session_state["_remember_name"] = True


def _write_name_cookie(name: str) -> None:
    """Store the typed name in a first-party cookie (never in the URL, which gets shared)."""
    # The name is percent-encoded (only [A-Za-z0-9_.~%-] remain) before it enters the script.
    value = json.dumps(urllib.parse.quote(name, safe=""))
    st.iframe(
        "<script>parent.document.cookie = "
        f"'{NAME_COOKIE}=' + {value} + '; path=/; max-age=31536000; SameSite=Strict';"
        "</script>",
        height="content",
    )


def sidebar(current: Lang) -> None:
    """The sidebar below the navigation: who you are (and Streamlit's own texts in `current`)."""
    from osai_procure.ui import chrome

    with st.sidebar:
        chrome.localise(current)
        signed_in = login_principal()
        if signed_in is not None:
            shown = signed_in.name
            if signed_in.email and signed_in.email != signed_in.name:
                shown = f"{signed_in.name} ({signed_in.email})"
            st.caption(t("user.signed_in", current, name=shown))
            held = services.held_roles(signed_in)
            if held is not None:
                names = t("label.list", current).join(t(f"role.{r}", current) for r in held)
                st.caption(t("user.roles", current, roles=names or t("role.none", current)))
            if _signed_in()[0] is not None:
                st.button(t("user.logout", current), key="user.logout", on_click=st.logout)
            return
        if services.roles() is not None:
            # Under a roles file a typed name holds no role: only a login can change anything
            # (with a login configured, `require_sign_in` has shown the way in already).
            st.caption(t("user.login_required", current))
            return
        if USER_KEY not in st.session_state:
            st.session_state[USER_KEY] = _remembered_name()
        st.text_input(
            t("user.label", current),
            key=USER_KEY,
            help=t("user.help", current),
            max_chars=200,
            on_change=_name_changed,
            # Kept across page switches (a widget's state would otherwise reset there).
            persist_state="session",
        )
        if st.session_state.pop("_remember_name", False):
            _write_name_cookie(str(st.session_state.get(USER_KEY) or "").strip())


def fmt_time(moment: datetime, current: Lang) -> str:
    """A stored UTC time in the browser's time zone, to the minute."""
    zone_name = None
    try:
        zone_name = st.context.timezone
    except Exception:  # no browser context: show UTC
        zone_name = None
    try:
        local = moment.astimezone(ZoneInfo(zone_name)) if zone_name else moment
    except (ZoneInfoNotFoundError, ValueError):
        local = moment
    text = local.strftime("%Y-%m-%d %H:%M")
    return text if zone_name else f"{text} UTC"


def human_size(size: int) -> str:
    """A byte count for people."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover - the loop always returns


def guarded(body: Callable[[Lang], None]) -> None:
    """Run a page body; an unexpected error becomes a friendly message with a reference, and
    the traceback goes to the server log only."""
    current = lang()
    try:
        body(current)
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("page error, reference %s", ref)
        st.error(t("error.unexpected", current, ref=ref), icon=":material/error:")


def _fragment_run() -> bool:
    """Whether this run reruns fragments only (a card), not the whole script."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


# The script thread's CPU time when this thread last logged a run: Streamlit runs a session's
# script (its widget callbacks first) in a thread that may serve several reruns in a row.
_CPU_MARK = threading.local()


@contextmanager
def logged_run(page: str, fragment: bool = False) -> Iterator[dict[str, str]]:
    """Log one `page_run` line for the run inside: the page, the assessment, the actor, the
    wall milliseconds of the page and the CPU milliseconds of the whole run (this thread's CPU
    since its last logged run, so the widget callbacks that saved an answer count too), and how
    it ended. The caller may rename the page once navigation knows it. With `fragment`, only a
    fragment's own rerun is logged: inside a whole-page run the page's line covers it."""
    if fragment and not _fragment_run():
        yield {"page": page}
        return
    fields = {"page": page}
    wall = time.perf_counter()
    outcome = "error"
    _RUN_MEMO.memo = {}
    try:
        yield fields
        outcome = "ok"
    except BaseException as exc:
        # Streamlit ends a run early with st.stop() / st.rerun(): control flow, not errors.
        outcome = "stop" if type(exc).__name__ in ("StopException", "RerunException") else "error"
        raise
    finally:
        try:
            cpu = time.thread_time()
            used, _CPU_MARK.value = cpu - getattr(_CPU_MARK, "value", 0.0), cpu
            log.info(
                "page run",
                extra={
                    "event": "page_run",
                    "page": fields["page"],
                    "fragment": fragment,
                    "assessment_id": st.session_state.get(CURRENT_KEY),
                    "actor": login_name() or str(st.session_state.get(USER_KEY) or "") or None,
                    "ms": round((time.perf_counter() - wall) * 1000, 1),
                    "cpu_ms": round(used * 1000, 1),
                    "outcome": outcome,
                },
            )
        finally:
            _RUN_MEMO.memo = None


def switch_to(page: str, assessment_id: str | None = None) -> None:
    """Go to another page, carrying the assessment in the URL."""
    if assessment_id:
        st.session_state[CURRENT_KEY] = assessment_id
    params = {QUERY_ID: assessment_id} if assessment_id else None
    st.switch_page(PAGE_FILES[page], query_params=params)


def _stop_with(message: str, current: Lang) -> None:
    """Show a friendly message with a way back to Start, and stop the page."""
    st.info(message, icon=":material/info:")
    if st.button(t("assessment.go_start", current), key="goto_start"):
        switch_to("start")
    st.stop()


def linked_assessment(current: Lang) -> AssessmentRecord | None:
    """The assessment a `?assessment=` link names, or None with a friendly note on the page
    (for pages that carry on without one, such as Start)."""
    raw = st.query_params.get(QUERY_ID)
    if raw is None:
        return None
    value = str(raw).strip()
    if not _UUID.match(value):
        shown = value[:60] + ("…" if len(value) > 60 else "")
        st.info(t("assessment.bad_link", current, value=shown), icon=":material/info:")
        return None
    try:
        return services.repository().get(value.lower())
    except NotFoundError:
        st.info(t("assessment.not_found", current, value=value), icon=":material/info:")
        return None


def current_assessment(current: Lang) -> AssessmentRecord:
    """The assessment of this page, from the URL or the session; stops the page with a
    friendly message when there is none, the link is malformed or the id is unknown."""
    raw = st.query_params.get(QUERY_ID)
    if raw is not None:
        value = str(raw).strip()
        if not _UUID.match(value):
            shown = value[:60] + ("…" if len(value) > 60 else "")
            st.session_state.pop(CURRENT_KEY, None)
            _stop_with(t("assessment.bad_link", current, value=shown), current)
        ident = value.lower()
    else:
        ident = str(st.session_state.get(CURRENT_KEY) or "")
        if not ident:
            _stop_with(t("assessment.none", current), current)
    try:
        record = services.repository().get(ident)
    except NotFoundError:
        st.session_state.pop(CURRENT_KEY, None)
        _stop_with(t("assessment.not_found", current, value=ident), current)
        raise  # unreachable: _stop_with stops the script
    st.session_state[CURRENT_KEY] = record.id
    if st.query_params.get(QUERY_ID) != record.id:
        st.query_params[QUERY_ID] = record.id
    return record


_STATUS_COLOURS = {"draft": "gray", "in_review": "orange", "approved": "green", "rejected": "red"}


def status_badge(status: str, current: Lang) -> str:
    """A coloured badge for an assessment status, as markdown."""
    return f":{_STATUS_COLOURS.get(status, 'gray')}-badge[{t(f'status.{status}', current)}]"


def assessment_heading(record: AssessmentRecord, current: Lang, page: str) -> None:
    """The title block of an assessment page: page name, assessment title with its status and
    revision badges, and what is assessed. Three elements: this block is drawn on every run."""
    st.title(t(f"nav.{page}", current))
    # Every field here is typed by an officer: shown as text, never as markdown.
    revision = t("revision.badge", current, n=record.revision)
    st.subheader(
        f"{literal(record.title)} {status_badge(record.status, current)} :blue-badge[{revision}]",
        anchor=False,
    )
    system = record.info.system
    details = " · ".join(
        p
        for p in (
            record.info.agency,
            record.info.procurement_id,
            " ".join(x for x in (system.name, system.version or "") if x),
            system.provider,
        )
        if p
    )
    st.caption(literal(details))
    tamper_banner(record, current)


_AUDITS = "_audits"


def tamper_banner(record: AssessmentRecord, current: Lang) -> None:
    """A red banner when the stored assessment disagrees with its history chain or with the
    approval's signature (checked once per version and status in a session)."""
    from osai_procure.audit import audit_assessment
    from osai_procure.ui.exporting import trust_store

    cache: dict[tuple[str, int, str], list[str]] = st.session_state.setdefault(_AUDITS, {})
    key = (record.id, record.version, record.status)
    codes = cache.get(key)
    if codes is None:
        result = audit_assessment(services.repository(), record.id, trust=trust_store())
        codes = [p.code for p in result.chain.problems]
        if result.signature_ok is False:
            codes.append("signature")
        if len(cache) > 32:
            cache.clear()
        cache[key] = codes
    if codes:
        problems = "; ".join(t(f"audit.{c}", current) for c in dict.fromkeys(codes))
        st.error(
            t("audit.tampered", current, problems=Markdown(problems), ident=record.id),
            icon=":material/gpp_bad:",
        )
