"""Rule expressions shared by policy criteria, labels and conditional display.

A rule is a mapping with exactly one key, the operator. The operator vocabulary is listed once,
in `RULE_OPERATORS`; the engine dispatches on the same names.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from osai_procure.models.base import ContentType, Strict
from osai_procure.models.licence import FlagId

Scalar = str | int | float | bool


class AnswerEqualsArgs(Strict):
    """Operands of `answer_equals`."""

    question: str
    value: Scalar


class AnswerInArgs(Strict):
    """Operands of `answer_in`: the answer (each chosen item, for multiple choice) is listed."""

    question: str
    values: tuple[Scalar, ...] = Field(min_length=1)


class ContainsArgs(Strict):
    """Operands of `answer_contains`: a multiple-choice answer includes `value`."""

    question: str
    value: str


class NumberAtLeastArgs(Strict):
    """Operands of `number_at_least`."""

    question: str
    value: float


class ComponentArgs(Strict):
    """Operands of the component operators; `content_type` overrides the question's own."""

    question: str
    content_type: ContentType | None = None


class LicenceFreeOfArgs(Strict):
    """Operands of `licence_free_of`: the component's licence carries none of `flags`."""

    question: str
    flags: tuple[FlagId, ...] = Field(min_length=1)


class AtLeastArgs(Strict):
    """Operands of `at_least`: at least `n` of the rules are met."""

    n: int = Field(ge=1)
    of: tuple[Rule, ...] = Field(min_length=1)


class AnswerEquals(Strict):
    """The answer to a question equals a value."""

    answer_equals: AnswerEqualsArgs


class AnswerIn(Strict):
    """The answer to a question is one of the values."""

    answer_in: AnswerInArgs


class AnswerContains(Strict):
    """A multiple-choice answer contains a value."""

    answer_contains: ContainsArgs


class Answered(Strict):
    """The question has a known answer (not unanswered, not `unknown`)."""

    answered: str


class NumberAtLeast(Strict):
    """A number answer is at least a value."""

    number_at_least: NumberAtLeastArgs


class ComponentReleased(Strict):
    """A component is released, whatever its terms."""

    component_released: ComponentArgs


class ComponentOpen(Strict):
    """A component is released under terms the policy accepts for its content type."""

    component_open: ComponentArgs


class LicenceFreeOf(Strict):
    """A component's licence carries none of the given red flags."""

    licence_free_of: LicenceFreeOfArgs


class CriterionMet(Strict):
    """Another criterion of the policy is met (used by labels and composite criteria)."""

    criterion_met: str


class AllOf(Strict):
    """Every rule is met."""

    all_of: tuple[Rule, ...] = Field(min_length=1)


class AnyOf(Strict):
    """At least one rule is met."""

    any_of: tuple[Rule, ...] = Field(min_length=1)


class Not(Strict):
    """The rule is not met."""

    not_: Rule = Field(alias="not")


class AtLeast(Strict):
    """At least N of the rules are met."""

    at_least: AtLeastArgs


RULE_OPERATORS: dict[str, type[Strict]] = {
    "answer_equals": AnswerEquals,
    "answer_in": AnswerIn,
    "answer_contains": AnswerContains,
    "answered": Answered,
    "number_at_least": NumberAtLeast,
    "component_released": ComponentReleased,
    "component_open": ComponentOpen,
    "licence_free_of": LicenceFreeOf,
    "criterion_met": CriterionMet,
    "all_of": AllOf,
    "any_of": AnyOf,
    "not": Not,
    "at_least": AtLeast,
}

_OPERATOR_OF: dict[type, str] = {cls: name for name, cls in RULE_OPERATORS.items()}


def _operator(value: Any) -> str | None:
    """Return the operator name of a rule given as a mapping or a model."""
    if isinstance(value, dict):
        return next(iter(value)) if len(value) == 1 else None
    return _OPERATOR_OF.get(type(value))


Rule = Annotated[
    (
        Annotated[AnswerEquals, Tag("answer_equals")]
        | Annotated[AnswerIn, Tag("answer_in")]
        | Annotated[AnswerContains, Tag("answer_contains")]
        | Annotated[Answered, Tag("answered")]
        | Annotated[NumberAtLeast, Tag("number_at_least")]
        | Annotated[ComponentReleased, Tag("component_released")]
        | Annotated[ComponentOpen, Tag("component_open")]
        | Annotated[LicenceFreeOf, Tag("licence_free_of")]
        | Annotated[CriterionMet, Tag("criterion_met")]
        | Annotated[AllOf, Tag("all_of")]
        | Annotated[AnyOf, Tag("any_of")]
        | Annotated[Not, Tag("not")]
        | Annotated[AtLeast, Tag("at_least")]
    ),
    Discriminator(
        _operator,
        custom_error_type="rule_operator",
        custom_error_message="a rule is a mapping with exactly one known operator",
    ),
]

for _model in (AtLeastArgs, AllOf, AnyOf, Not):
    _model.model_rebuild()


def rule_operator(rule: Strict) -> str:
    """Return the operator name of a validated rule."""
    return _OPERATOR_OF[type(rule)]
