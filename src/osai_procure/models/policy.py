"""Agency policy content: criteria built from rules, accepted terms, labels and thresholds.

`extends` semantics (resolved by `loading.resolve_policy`):
- scalars of the child (`id`, `version`, `title`, `description`) always replace the parent's;
- `questionnaires`: the parent's list, then the child's additions (duplicates dropped);
- `criteria`: the parent's criteria in order; a child criterion with the same id replaces the
  parent's whole criterion in place; new ids are appended; ids in `remove_criteria` are dropped;
- `accepted_terms`: per content type, a child entry replaces the parent's entry for that type;
- `licence_catalogue`: added to the parent's; same id replaces;
- `thresholds`, `openness_labels`, `mof_classes`, `signoff_roles`, `exception`: replaced whole
  when the child gives them, inherited otherwise.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from osai_procure.models.base import ContentType, I18n, Strict
from osai_procure.models.licence import AcceptedTerms, CatalogueEntry
from osai_procure.models.questionnaire import SNAKE_ID, Reference
from osai_procure.models.rules import Rule

Severity = Literal["gate", "scored", "info"]
VerdictScope = Literal["osaid", "policy"]
Role = Literal["preparer", "reviewer", "approver"]


class Criterion(Strict):
    """One requirement of the policy, decided by a rule."""

    id: str = Field(pattern=SNAKE_ID)
    title: I18n
    scope: VerdictScope = Field(
        description="'osaid' criteria decide the OSAID verdict; every criterion feeds the policy"
    )
    severity: Severity
    weight: float = Field(default=1.0, ge=0)
    rule: Rule
    applies_if: Rule | None = Field(
        default=None, description="the criterion is not applicable unless this rule is met"
    )
    refs: tuple[Reference, ...] = ()
    remediation: I18n
    contract_clause: I18n | None = None


class ExceptionRoute(Strict):
    """A justified exception (for example on security grounds): the gates it may waive, and
    the rule that is met only when the exception is recorded with its reason and approver.

    A waived gate stays "not met" in the findings; the policy verdict becomes conditionally
    compliant with the waived gates listed, never a silent pass. OSAID gates cannot be waived.
    """

    recorded: Rule = Field(description="met when the exception's reason and approver are recorded")
    covers: tuple[str, ...] = Field(min_length=1, description="ids of the gates it may waive")


class Thresholds(Strict):
    """Score shares (0..1 of scored weight) that decide the policy verdict once all gates pass."""

    compliant: float = Field(ge=0, le=1)
    conditionally_compliant: float = Field(ge=0, le=1)


class OpennessLabel(Strict):
    """One openness level; labels are tried in order and the first whose rule is met applies."""

    id: str = Field(pattern=SNAKE_ID)
    title: I18n
    rule: Rule
    unless: Rule | None = Field(
        default=None,
        description=(
            "withhold the label when this rule is known to be met (unknown does not withhold): "
            "for terms that are known to restrict the system"
        ),
    )


class MofClass(Strict):
    """A Model Openness Framework class: the components it adds to the class below it."""

    id: Literal["I", "II", "III"]
    title: I18n
    components: tuple[str, ...] = Field(description="component question ids, open-licensed")
    optional: tuple[str, ...] = ()
    substitutes: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description=(
            "a component of this class that another may stand in for, as the Model Openness "
            "Tool lets a research paper stand in for the technical report"
        ),
    )


class Policy(Strict):
    """An agency policy as written in YAML (before `extends` is resolved)."""

    schema_version: Literal[1]
    id: str = Field(pattern=SNAKE_ID)
    version: str
    title: I18n
    description: I18n | None = None
    extends: str | None = Field(default=None, description="id of the parent policy")
    questionnaires: tuple[str, ...] = ()
    accepted_terms: dict[ContentType, AcceptedTerms] = Field(default_factory=dict)
    licence_catalogue: tuple[CatalogueEntry, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    remove_criteria: tuple[str, ...] = ()
    thresholds: Thresholds | None = None
    openness_labels: tuple[OpennessLabel, ...] | None = None
    closed_label: I18n | None = None
    undetermined_label: I18n | None = Field(
        default=None,
        description="the label when no label is met and the answers leave one possible",
    )
    mof_classes: tuple[MofClass, ...] | None = Field(
        default=None, description="ordered from class III (lowest) to class I (highest)"
    )
    signoff_roles: tuple[Role, ...] | None = None
    exception: ExceptionRoute | None = Field(
        default=None, description="a justified-exception route; replaces the parent's when given"
    )


class ResolvedPolicy(Strict):
    """A policy with `extends` applied: everything the engine needs, and its digest."""

    id: str
    version: str
    title: I18n
    description: I18n | None
    lineage: tuple[str, ...] = Field(description="policy ids from this one up to its root")
    questionnaires: tuple[str, ...]
    accepted_terms: dict[ContentType, AcceptedTerms]
    licence_catalogue: tuple[CatalogueEntry, ...]
    criteria: tuple[Criterion, ...]
    thresholds: Thresholds
    openness_labels: tuple[OpennessLabel, ...]
    closed_label: I18n
    undetermined_label: I18n
    mof_classes: tuple[MofClass, ...]
    signoff_roles: tuple[Role, ...]
    exception: ExceptionRoute | None = None
    digest: str = Field(description="SHA-256 of the canonical JSON of everything above")
