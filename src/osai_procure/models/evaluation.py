"""The engine's result: verdicts side by side, findings per criterion, licence facts."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from osai_procure.models.base import ContentType, I18n, Strict
from osai_procure.models.licence import LicenceFacts
from osai_procure.models.policy import Severity, VerdictScope
from osai_procure.models.questionnaire import Reference

OsaidVerdict = Literal["open_source_ai", "not_open_source_ai", "insufficient_evidence"]
PolicyVerdict = Literal["compliant", "conditionally_compliant", "non_compliant", "incomplete"]
Status = Literal["met", "not_met", "unknown", "not_applicable"]

# Why a leaf of a rule came out as it did. The verdict stores these codes and their parameters;
# the sentences are rendering (`osai_procure.wording`), so rewording never touches a signed record.
ReasonCode = Literal[
    "not_shown",
    "unanswered",
    "answer_differs",
    "answer_not_listed",
    "choice_missing",
    "number_below",
    "component_not_used",
    "component_not_released",
    "terms_not_stated",
    "terms_not_accepted",
    "licence_red_flags",
    "criterion_not_met",
    "criterion_unknown",
    "too_few_alternatives",
]
REASON_CODES: tuple[ReasonCode, ...] = ReasonCode.__args__  # type: ignore[attr-defined]


class DecidingAnswer(Strict):
    """An answer that a finding rests on, as the engine read it."""

    question: str
    value: Any
    provenance: str | None = None
    confirmed: bool = False
    evidence_urls: tuple[str, ...] = ()


class Reason(Strict):
    """One reason of a finding: a code and the parameters that fill its sentence."""

    code: ReasonCode
    question: str | None = Field(default=None, description="the question the leaf read")
    criterion: str | None = Field(default=None, description="the criterion a rule referred to")
    value: Any = Field(default=None, description="the answer as the engine read it")
    required: Any = Field(default=None, description="what the rule asked for")
    licence: str | None = Field(default=None, description="the licence, normalised if possible")
    licence_kind: str | None = None
    content_type: str | None = None
    flags: tuple[str, ...] = Field(default=(), description="red flags found")
    met: int | None = Field(default=None, description="alternatives met (`at_least`)")
    of: int | None = Field(default=None, description="alternatives in all (`at_least`)")
    needed: int | None = Field(default=None, description="alternatives needed (`at_least`)")

    @model_serializer(mode="wrap")
    def _only_given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Leave out the parameters a code does not use, so a record lists only what decided."""
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if k == "code" or v not in (None, [], ())}


class Finding(Strict):
    """The outcome of one criterion."""

    criterion: str
    title: I18n
    scope: VerdictScope
    severity: Severity
    weight: float
    status: Status
    answers: tuple[DecidingAnswer, ...] = Field(description="the answers the rule read")
    licences: tuple[LicenceFacts, ...] = Field(description="licence facts the rule read")
    reasons: tuple[Reason, ...] = Field(description="why the status is what it is, leaf by leaf")
    refs: tuple[Reference, ...] = ()
    remediation: I18n | None = Field(description="present when the criterion is not met/unknown")
    contract_clause: I18n | None = None


class OsaidResult(Strict):
    """The OSAID 1.0 determination (an agency's self-assessment, never an OSI certification)."""

    verdict: OsaidVerdict
    failed: tuple[str, ...] = Field(description="criteria not met")
    unknown: tuple[str, ...] = Field(description="criteria still unknown")
    would_pass_if_terms_changed: bool = Field(
        description=(
            "every failing gate fails only because of terms (licences, red flags, and answers "
            "that follow from terms such as an acceptable-use policy or gated access)"
        )
    )
    unknown_if_terms_changed: tuple[str, ...] = Field(
        default=(),
        description=(
            "gates still unknown with the terms set aside: the flag holds once these are confirmed"
        ),
    )


class PolicyResult(Strict):
    """The agency policy verdict."""

    verdict: PolicyVerdict
    id: str
    version: str
    digest: str
    score: float = Field(description="met scored weight / applicable scored weight (0..1)")
    gates_failed: tuple[str, ...]
    gates_unknown: tuple[str, ...]
    conditions: tuple[str, ...] = Field(description="scored criteria to fix for full compliance")
    excepted: tuple[str, ...] = Field(
        default=(),
        description="gates not met that a recorded, approved exception waives; the verdict is "
        "then conditionally compliant (exception)",
    )


class LabelResult(Strict):
    """The openness label (rules live in the policy)."""

    id: str
    title: I18n


class MofResult(Strict):
    """The Model Openness Framework class, for information."""

    mof_class: Literal["I", "II", "III", "unclassified"]
    missing_for_next: tuple[str, ...] = Field(description="components missing for the next class")


class ComponentLicence(Strict):
    """A component's licence and its red flags."""

    component: str
    title: I18n
    content_type: ContentType
    released: str
    licence: LicenceFacts
    acceptable: bool


class ImportedConclusion(Strict):
    """A conclusion of the evaluation that rests on imported answers no officer has confirmed."""

    kind: Literal["osaid_verdict", "openness_label", "mof_class", "criterion"]
    conclusion: str = Field(description="the criterion id, or the verdict, label or class given")
    status: str = Field(description="the criterion's status, or the verdict, label or class")
    questions: tuple[str, ...] = Field(description="the unconfirmed imported answers it reads")


class Evaluation(Strict):
    """The whole, deterministic result of evaluating answers against a policy."""

    # The licence table is serialised as `license_flags`, the key signed records carry.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
    )

    osaid: OsaidResult
    policy: PolicyResult
    openness_label: LabelResult
    mof_class: MofResult
    findings: tuple[Finding, ...]
    licence_flags: tuple[ComponentLicence, ...] = Field(
        alias="license_flags", description="each component's licence facts and acceptability"
    )
    unconfirmed_imports: tuple[str, ...] = Field(
        description="questions whose answers were imported and not yet confirmed by an officer"
    )
    unanswered: tuple[str, ...] = Field(description="visible questions with no known answer")
    resting_on_imports: tuple[ImportedConclusion, ...] = Field(
        default=(),
        description=(
            "every conclusion (verdict, label, MOF class, criterion) that reads an imported, "
            "unconfirmed answer"
        ),
    )
