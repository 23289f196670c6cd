"""Sign-off: preparer → reviewer → approver with names, titles, decision and comment; the
approval signs the record and locks the revision."""

from __future__ import annotations

from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from osai_procure.loading import PolicyBundle
from osai_procure.models.base import Lang
from osai_procure.store import (
    AssessmentRecord,
    ConflictError,
    DutyError,
    LockedError,
    OverrideRequiredError,
    PermissionDeniedError,
    SignOff,
    TransitionError,
)
from osai_procure.store.repository import Decision
from osai_procure.ui import exporting, services, shell, widgets
from osai_procure.ui.i18n import t

SEEN = "signoff.seen"


def _local_today() -> str:
    """Today's date where the signer is (the browser's time zone)."""
    zone = None
    try:
        zone = st.context.timezone
    except Exception:  # no browser context: the server's zone
        zone = None
    try:
        now = datetime.now(ZoneInfo(zone)) if zone else datetime.now().astimezone()
    except (ZoneInfoNotFoundError, ValueError):
        now = datetime.now().astimezone()
    return now.date().isoformat()


def _chain(record: AssessmentRecord, roles: tuple[str, ...], lang: Lang) -> None:
    """Each role: who signed, when, what they decided; or pending."""
    st.subheader(t("signoff.chain", lang), anchor=False)
    done = {s.role: s for s in record.signoffs}
    cols = st.columns(len(roles))
    for col, role in zip(cols, roles, strict=True):
        with col, st.container(border=True, height="stretch"):
            st.markdown(f"**{t(f'signoff.role.{role}', lang)}**")
            entry = done.get(role)
            if entry is None:
                st.badge(t("signoff.pending", lang), color="gray")
                continue
            colour = "green" if entry.decision == "approve" else "red"
            decision = t(
                "signoff.decision.approve.first"
                if role == roles[0] and entry.decision == "approve"
                else f"signoff.decision.{entry.decision}",
                lang,
            )
            st.badge(decision, color=colour)  # type: ignore[arg-type]
            who = " · ".join(
                widgets.literal(x) for x in (entry.name, entry.title, entry.organisation) if x
            )
            st.markdown(who)
            if not entry.authenticated:
                st.caption(t("signoff.not_authenticated", lang))
            if entry.at is not None:
                st.caption(shell.fmt_time(entry.at, lang))
            if entry.comment:
                st.caption(widgets.literal(entry.comment))
            if entry.override_reason:
                st.caption(
                    t("signoff.override", lang, verdict="—")
                    + ": "
                    + widgets.literal(entry.override_reason)
                )


def _decisions(role: str, roles: tuple[str, ...]) -> list[str]:
    """What a role may decide: the first submits; later ones approve or return; the last may
    also reject."""
    if role == roles[0]:
        return ["approve"]
    if role == roles[-1]:
        return ["approve", "return", "reject"]
    return ["approve", "return"]


def _form(record: AssessmentRecord, bundle: PolicyBundle, role: str, lang: Lang) -> None:
    """The next role's signature form."""
    roles = bundle.policy.signoff_roles
    evaluation = services.evaluation(bundle, record)
    st.subheader(t("signoff.next", lang, role=t(f"signoff.role.{role}", lang)), anchor=False)
    unknowns = len(evaluation.unanswered) + len(evaluation.unconfirmed_imports)
    if unknowns or evaluation.policy.verdict == "incomplete":
        st.warning(
            t(
                "signoff.unknowns",
                lang,
                n=unknowns,
                verdict=t(f"verdict.{evaluation.policy.verdict}", lang),
            ),
            icon=":material/help:",
        )
    options = _decisions(role, roles)
    seen = st.session_state.get(SEEN)
    with st.form(f"signoff.{role}", enter_to_submit=False):
        left, right = st.columns(2)
        # Signed in (login or the trusted proxy header): the signature carries that identity.
        login = shell.login_name()
        name = left.text_input(
            t("signoff.name", lang),
            value=login or (shell.principal().name if shell.has_name() else ""),
            max_chars=200,
            disabled=login is not None,
            help=t("signoff.name.login", lang) if login else None,
        )
        title = right.text_input(t("signoff.position", lang), max_chars=200)
        organisation = st.text_input(
            t("info.agency", lang), value=record.info.agency or "", max_chars=200
        )
        decision = st.radio(
            t("signoff.decision", lang),
            options,
            horizontal=True,
            format_func=lambda d: t(
                "signoff.decision.approve.first"
                if role == roles[0] and d == "approve"
                else f"signoff.decision.{d}",
                lang,
            ),
        )
        comment = st.text_area(t("signoff.comment", lang), max_chars=5000, height=90)
        incomplete = evaluation.policy.verdict == "incomplete"
        override = ""
        if incomplete and role == roles[-1]:
            verdict = t(f"verdict.{evaluation.policy.verdict}", lang)
            override = st.text_area(
                t("signoff.override", lang, verdict=verdict), max_chars=5000, height=70
            )
        confirmed = st.checkbox(t("signoff.confirm", lang))
        submitted = st.form_submit_button(t("signoff.submit", lang), type="primary")
    st.session_state[SEEN] = (record.id, record.version)
    if not submitted:
        return
    name = login or name
    problems = []
    if not name.strip():
        problems.append(t("signoff.need_name", lang))
    if not confirmed:
        problems.append(t("signoff.need_confirm", lang))
    if decision != "approve" and not comment.strip():
        problems.append(t("signoff.comment_required", lang))
    if incomplete and role == roles[-1] and decision == "approve" and not override.strip():
        problems.append(t("signoff.override_required", lang))
    # One identity signs one role of a round (the store refuses it too): duties stay separated.
    me = " ".join(name.split()).casefold()
    same_name = [e.role for e in record.signoffs if " ".join(e.name.split()).casefold() == me]
    if same_name:
        role_name = t(f"signoff.role.{same_name[0]}", lang)
        problems.append(
            t("signoff.same_identity" if login else "signoff.same_name", lang, role=role_name)
        )
    if problems:
        for problem in problems:
            st.error(problem)
        return
    entry = SignOff(
        role=role,
        name=name.strip(),
        title=title.strip(),
        organisation=organisation.strip(),
        decision=cast(Decision, decision),
        comment=comment.strip(),
        override_reason=override.strip(),
        authenticated=login is not None,
        date=_local_today(),
    )
    # Sign what was on screen: a change made meanwhile is a conflict, not silently signed.
    expected = seen[1] if isinstance(seen, tuple) and seen[0] == record.id else record.version
    signature = None
    if role == roles[-1] and decision == "approve":
        try:
            signature = exporting.sign_approval(bundle, record, entry)
            # The approval also signs the history as it stands: a later change behind the
            # app's back no longer matches this signature.
            head = services.repository().chain_head(record.id)
            signature["chain"] = exporting.sign_chain_head(record.id, head)
        except exporting.SigningUnavailable as exc:
            st.error(t("signoff.signing_unavailable", lang, detail=exc.text(lang)))
            return
    try:
        services.repository().record_signoff(
            record.id,
            entry,
            roles,
            expected,
            shell.actor(lang),
            signature,
            verdict_incomplete=incomplete,
        )
    except ConflictError as exc:
        st.warning(
            t(
                "conflict.other",
                lang,
                who=shell.who(exc.changed_by, lang),
                when=shell.fmt_time(exc.changed_at, lang),
                what=", ".join(exc.questions or exc.actions),
            )
        )
        return
    except PermissionDeniedError as exc:
        st.error(shell.denied(exc, lang), icon=":material/block:")
        return
    except DutyError as exc:
        st.error(t("signoff.same_name", lang, role=t(f"signoff.role.{exc.signed_as}", lang)))
        return
    except OverrideRequiredError:
        st.error(t("signoff.override_required", lang))
        return
    except LockedError as exc:
        status = t(f"status.{exc.status}", lang)
        st.error(t("signoff.locked_now", lang, status=status), icon=":material/lock:")
        return
    except TransitionError as exc:
        st.error(exc.text(lang), icon=":material/error:")
        return
    st.session_state["signoff.flash"] = "approved" if signature else "signed"
    st.rerun()


def render(lang: Lang) -> None:
    """The Sign-off page."""
    record = shell.current_assessment(lang)
    shell.assessment_heading(record, lang, "signoff")
    bundle = services.bundle_for(record.policy.id)
    if bundle is None:
        st.error(t("policy.missing", lang, policy=record.policy.id), icon=":material/error:")
        st.stop()
    assert bundle is not None
    notice = exporting.key_notice()
    if notice is not None:  # keys at rest: the app says when they are not encrypted
        st.warning(notice.get(lang), icon=":material/key_off:")
    flash = st.session_state.pop("signoff.flash", None)
    if flash == "approved":
        st.success(t("signoff.approved", lang), icon=":material/verified:")
    elif flash == "signed":
        st.success(t("signoff.signed", lang), icon=":material/check:")
    roles = bundle.policy.signoff_roles
    _chain(record, roles, lang)
    if record.locked:
        st.info(t("signoff.locked", lang), icon=":material/lock:")
        if record.signature:
            with st.expander(t("signoff.signature", lang), expanded=True):
                for label, value in exporting.signature_facts(record.signature):
                    st.markdown(f"**{label.get(lang)}**")
                    st.code(value, language=None)
        return
    if record.status == "in_review":
        st.caption(t("in_review.notice", lang))
    done = len(record.signoffs)
    if done < len(roles) and not shell.may("signoff", roles[done]):
        # The store refuses it too; the page does not offer a form the officer cannot use.
        st.info(shell.denied_for("signoff", lang, roles[done]), icon=":material/block:")
    elif done < len(roles):
        _form(record, bundle, roles[done], lang)
    else:
        st.success(t("signoff.done", lang))
