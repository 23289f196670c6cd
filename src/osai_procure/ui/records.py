"""Plain helpers between the store and the reports (no Streamlit): wizard steps, the report's
sign-off model from stored sign-offs, and the report of a stored assessment."""

from __future__ import annotations

from datetime import datetime

from osai_procure.loading import PolicyBundle
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.questionnaire import Section
from osai_procure.models.report import NOT_AUTHENTICATED, Report, SignOffEntry
from osai_procure.models.report import SignOff as ReportSignOff
from osai_procure.report import build_report
from osai_procure.store import AssessmentRecord, SignOff

Step = tuple[str, Section | None]

# Session keys other pages set to open the wizard: the step ({"id": assessment, "step": n}) and
# the question it scrolls to once.
WIZARD_STEP = "wiz.step"
WIZARD_FOCUS = "wiz.focus"


def wizard_steps(bundle: PolicyBundle) -> list[Step]:
    """Details, then every section of every questionnaire in order, then the summary."""
    steps: list[Step] = [("details", None)]
    for questionnaire in bundle.questionnaires:
        steps += [("section", section) for section in questionnaire.sections]
    steps.append(("finish", None))
    return steps


def step_of_question(bundle: PolicyBundle) -> dict[str, int]:
    """The wizard step index of every question."""
    return {
        question.id: index
        for index, (_, section) in enumerate(wizard_steps(bundle))
        if section is not None
        for question in section.questions
    }


def signoff_date(entry: SignOff) -> str:
    """The calendar date of a sign-off: as the signer saw it, else from the stored time."""
    if entry.date:
        return entry.date
    moment = entry.at or datetime.fromtimestamp(0).astimezone()
    return moment.date().isoformat()


OVERRIDE = "判定未確定のまま承認した理由 / Approved although the verdict is incomplete, because: "


def _comment(entry: SignOff) -> str:
    """The comment as the reports print it: with the override reason, and marked when the name
    was typed rather than signed in (the report models have no fields of their own for these)."""
    parts = [entry.comment] if entry.comment else []
    if entry.override_reason:
        parts.append(OVERRIDE + entry.override_reason)
    if not entry.authenticated:
        parts.append(NOT_AUTHENTICATED)
    return "\n".join(parts)


def report_signoff(signoffs: tuple[SignOff, ...]) -> ReportSignOff:
    """The reports' sign-off from the stored round: approvals and a rejection, one per role."""
    entries: dict[str, SignOffEntry] = {}
    for entry in signoffs:
        if entry.decision == "return" or entry.role not in ("preparer", "reviewer", "approver"):
            continue
        entries[entry.role] = SignOffEntry(
            role=entry.role,  # type: ignore[arg-type]  # checked just above
            name=entry.name,
            title=entry.title,
            organisation=entry.organisation,
            date=signoff_date(entry),
            decision="approved" if entry.decision == "approve" else "rejected",
            comment=_comment(entry),
        )
    return ReportSignOff(entries=tuple(entries.values()))


def generated_at(record: AssessmentRecord) -> str:
    """A deterministic 'generated at' for views of one version: the time it was saved."""
    return record.updated_at.isoformat()


def record_report(bundle: PolicyBundle, record: AssessmentRecord, evaluation: Evaluation) -> Report:
    """The report of a stored assessment version (for the Review page)."""
    return build_report(
        bundle,
        record.answers_file(),
        evaluation,
        report_signoff(record.signoffs),
        generated_at(record),
    )
