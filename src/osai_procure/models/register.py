"""The public register: approved assessments as an agency publishes them (a documented JSON
format, `schemas/public-register.schema.json`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from osai_procure.models.base import Strict


class PublishedPolicy(Strict):
    """The exact policy the assessment was approved under."""

    id: str
    version: str


class PublishedAssessment(Strict):
    """One approved assessment, as published."""

    assessment_id: str = Field(description="the approved revision's id (stable)")
    lineage_id: str = Field(description="the same for every revision of one assessment")
    revision: int = Field(ge=1)
    title: str
    agency: str | None
    procurement_id: str | None
    system: str = Field(description="the AI system's name")
    policy: PublishedPolicy
    osaid_verdict: str = Field(
        description="open_source_ai, not_open_source_ai or insufficient_evidence: the agency's "
        "own determination under OSAID 1.0, not an OSI certification"
    )
    policy_verdict: str = Field(
        description="compliant, conditionally_compliant, non_compliant or incomplete"
    )
    openness_label: str
    mof_class: str = Field(description="Model Openness Framework class: I, II, III, unclassified")
    approved_on: str = Field(description="date of the final approval (YYYY-MM-DD, UTC)")
    reassess_by: str = Field(description="date the re-assessment falls due (YYYY-MM-DD)")
    approved_by: str | None = Field(
        default=None,
        description="the approver's name; left out unless the agency chooses to publish names",
    )


class PublicRegister(Strict):
    """A published register: every approved assessment of an agency at one time."""

    schema_version: Literal[1]
    generated_at: str = Field(description="when the register was exported (ISO 8601, UTC)")
    publisher: str | None = Field(default=None, description="the publishing agency")
    names_included: bool = Field(description="whether approvers' names are published")
    assessments: tuple[PublishedAssessment, ...]
