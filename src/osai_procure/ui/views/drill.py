"""Preservation drill: check an assessment's deposit (a zip of a BagIt bag or of a SHA-256
manifest beside its files) with the same core function as `osai-procure deposit verify`, show
the result and the signed drill record, and keep it with the assessment."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import streamlit as st

from osai_procure import __version__
from osai_procure.deposit import DepositError, DepositProblem
from osai_procure.models.base import Lang
from osai_procure.register.drill import EVIDENCE_QUESTIONS, Drill, perform_drill, unpack_deposit
from osai_procure.roles import Principal
from osai_procure.store import AssessmentRecord
from osai_procure.store.register import RegisterStore
from osai_procure.ui import exporting, services, shell
from osai_procure.ui.i18n import literal, t
from osai_procure.zipsafe import MAX_INFLATED_BYTES

UPLOAD_LIMIT_MB = MAX_INFLATED_BYTES // (1024 * 1024)
_RESULT = "drill.result"
LISTED = 200  # paths shown per kind of problem


def check_upload(
    record: AssessmentRecord, raw: bytes, name: str, actor: Principal, keys: Any
) -> Drill | DepositError:
    """Unpack an uploaded deposit in a temporary folder (removed afterwards), run the drill and
    keep it with the assessment; or why it was refused, naming the upload."""
    if len(raw) > MAX_INFLATED_BYTES:
        return DepositError(
            DepositProblem("upload_too_large", name, count=len(raw), limit=MAX_INFLATED_BYTES)
        )
    digest = hashlib.sha256(raw).hexdigest()
    with tempfile.TemporaryDirectory(prefix="osai-drill-") as folder:
        try:
            path = unpack_deposit(raw, name, Path(folder))
            return perform_drill(
                path,
                target=f"{name} (upload, SHA-256 {digest})",
                actor=actor,
                at=datetime.now(UTC),
                tool_version=__version__,
                keys=keys,
                repository=services.repository(),
                assessment_id=record.id,
            )
        except DepositError as exc:
            return exc.renamed(str(Path(folder).resolve()), name).renamed(folder, name)


def _evidence_for(record: AssessmentRecord, drill: Drill, lang: Lang) -> None:
    """The questions the record is evidence for (those it was attached to, else those of this
    assessment's questionnaire it is to be attached to), as the wizard words them."""
    bundle = services.bundle_for(record.policy.id)
    if bundle is None:
        return
    ids = [q for q in drill.questions or EVIDENCE_QUESTIONS if q in bundle.questions]
    if ids:
        lines = [f"- {literal(bundle.questions[q].text.get(lang))}" for q in ids]
        st.markdown("\n".join([f"**{t('drill.evidence_for', lang)}**", *lines]))


def _show(record: AssessmentRecord, drill: Drill, lang: Lang) -> None:
    """The outcome, the problems file by file, the questions it is evidence for, and the
    signed record."""
    result = drill.result
    facts = t(
        "drill.facts",
        lang,
        checked=result.checked,
        listed=len(result.deposit.expected),
        size=shell.human_size(result.bytes),
        kind=t(f"drill.kind.{result.deposit.kind}", lang),
    )
    if drill.passed:
        st.success(t("drill.passed", lang) + " " + facts, icon=":material/check_circle:")
    else:
        st.error(t("drill.failed", lang) + " " + facts, icon=":material/error:")
    rows = [
        {
            t("drill.col.problem", lang): t(f"drill.problem.{kind}", lang),
            t("drill.col.path", lang): p,
        }
        for kind, paths in (
            ("missing", result.missing),
            ("extra", result.extra),
            ("changed", result.changed),
            ("unreadable", result.unreadable),
        )
        for p in paths[:LISTED]
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key="drill.problems")
    if drill.kept is not None:
        st.info(t(f"drill.kept.{drill.kept}", lang), icon=":material/inventory_2:")
        _evidence_for(record, drill, lang)
    signature = drill.signed.get("signature")
    st.subheader(t("drill.record", lang))
    if isinstance(signature, dict):
        st.caption(
            t(
                "drill.signed",
                lang,
                fingerprint=str(signature.get("key_fingerprint", "")),
                digest=str(signature.get("payload_sha256", "")),
            )
        )
    else:
        st.warning(t("drill.unsigned", lang))
    st.code(drill.record_bytes().decode("utf-8"), language="json")
    stamp = str(drill.signed["record"]["performed_at"])[:19].replace(":", "").replace("-", "")
    st.download_button(
        t("drill.download", lang),
        drill.record_bytes(),
        file_name=f"preservation-drill-{stamp}.json",
        mime="application/json",
        key="drill.download",
    )


def _history(record: AssessmentRecord, lang: Lang) -> None:
    """The drills kept with this assessment's lineage, newest first."""
    drills = RegisterStore.of(services.repository()).drills(record.id)
    st.subheader(t("drill.history", lang))
    if not drills:
        st.caption(t("drill.history.none", lang))
        return
    st.dataframe(
        [
            {
                t("drill.col.at", lang): shell.fmt_time(d.at, lang),
                t("drill.col.result", lang): t(f"register.drill.{d.result}", lang),
                t("drill.col.actor", lang): shell.who(d.actor, lang),
                t("drill.col.target", lang): d.target,
                t("drill.col.files", lang): d.files,
            }
            for d in drills
        ],
        hide_index=True,
        width="stretch",
        key="drill.history",
    )


def render(lang: Lang) -> None:
    """The Preservation drill page."""
    record = shell.current_assessment(lang)
    shell.assessment_heading(record, lang, "drill")
    st.caption(t("drill.intro", lang))
    refusal = services.repository().refusal(shell.actor(lang), "drill")
    if refusal is not None:
        st.info(shell.denied(refusal, lang), icon=":material/lock:")
        _history(record, lang)
        return
    upload = st.file_uploader(
        t("drill.upload", lang),
        type=["zip"],
        key="drill.upload",
        max_upload_size=UPLOAD_LIMIT_MB,
        help=t("drill.upload.help", lang, limit=UPLOAD_LIMIT_MB),
    )
    if upload is not None and st.button(t("drill.run", lang), type="primary", key="drill.run"):
        try:
            keys = exporting.signing_keys()
        except exporting.SigningUnavailable as exc:
            st.warning(t("drill.no_key", lang, detail=exc.text(lang)))
            keys = None
        with st.spinner(t("drill.running", lang)):
            outcome = check_upload(record, upload.getvalue(), upload.name, shell.actor(lang), keys)
        st.session_state[_RESULT] = (record.id, outcome)
    found = st.session_state.get(_RESULT)
    if isinstance(found, tuple) and found[0] == record.id:
        outcome = found[1]
        if isinstance(outcome, Drill):
            _show(record, outcome, lang)
        elif isinstance(outcome, DepositError):
            st.error(t("drill.refused", lang), icon=":material/block:")
            st.code(outcome.text(lang), language=None)
    _history(record, lang)
    st.caption(t("drill.large", lang))
