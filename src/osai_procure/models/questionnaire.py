"""Questionnaire content: sections of bilingual questions, one kind per answer shape."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from osai_procure.models.base import ContentType, I18n, Strict
from osai_procure.models.rules import Rule

SNAKE_ID = r"^[a-z][a-z0-9_]*$"

YES_NO_VALUES = ("yes", "no", "unknown", "not_applicable")
RELEASE_VALUES = ("yes", "no", "unknown", "not_applicable")


class Reference(Strict):
    """A clause of a standard or proposal that a question implements."""

    source: str = Field(description="e.g. 'OSAID 1.0' or 'OSG-JP proposal'")
    clause: str = Field(description="e.g. 'Preferred form: Data Information (1)(a)'")


class Choice(Strict):
    """One allowed value of a choice question."""

    id: str = Field(pattern=SNAKE_ID)
    label: I18n


class QuestionBase(Strict):
    """What every question has, whatever its kind."""

    id: str = Field(pattern=SNAKE_ID)
    text: I18n
    help: I18n
    refs: tuple[Reference, ...] = ()
    evidence_required: bool = False
    show_if: Rule | None = Field(
        default=None, description="shown (and evaluated) only when this rule is met"
    )


class YesNoQuestion(QuestionBase):
    """Yes / no / unknown, and not applicable where `allow_na`."""

    kind: Literal["yes_no"]
    allow_na: bool = False


class SingleChoiceQuestion(QuestionBase):
    """Exactly one of the choices."""

    kind: Literal["single_choice"]
    choices: tuple[Choice, ...] = Field(min_length=2)


class MultiChoiceQuestion(QuestionBase):
    """Any number of the choices."""

    kind: Literal["multi_choice"]
    choices: tuple[Choice, ...] = Field(min_length=1)


class TextQuestion(QuestionBase):
    """Free text."""

    kind: Literal["text"]
    multiline: bool = True


class UrlListQuestion(QuestionBase):
    """One or more URLs."""

    kind: Literal["url_list"]


class DateQuestion(QuestionBase):
    """A calendar date (ISO 8601)."""

    kind: Literal["date"]


class NumberQuestion(QuestionBase):
    """A number, optionally bounded, with a unit."""

    kind: Literal["number"]
    minimum: float | None = None
    maximum: float | None = None
    unit: I18n | None = None


class ComponentQuestion(QuestionBase):
    """An OSAID / MOF component: released or not, where, and under which terms."""

    kind: Literal["component"]
    content_type: ContentType
    mof_component: str | None = Field(
        default=None, description="the Model Openness Framework component name, for importers"
    )
    allow_na: bool = Field(
        default=False, description="the component may be 'not used' (OSAID Code: 'if used')"
    )


Question = Annotated[
    (
        YesNoQuestion
        | SingleChoiceQuestion
        | MultiChoiceQuestion
        | TextQuestion
        | UrlListQuestion
        | DateQuestion
        | NumberQuestion
        | ComponentQuestion
    ),
    Field(discriminator="kind"),
]

QUESTION_KINDS = (
    "yes_no",
    "single_choice",
    "multi_choice",
    "text",
    "url_list",
    "date",
    "number",
    "component",
)


class Section(Strict):
    """A step of the wizard: a titled group of questions."""

    id: str = Field(pattern=SNAKE_ID)
    title: I18n
    description: I18n | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class Questionnaire(Strict):
    """A versioned, bilingual questionnaire."""

    schema_version: Literal[1]
    id: str = Field(pattern=SNAKE_ID)
    version: str
    title: I18n
    description: I18n
    sections: tuple[Section, ...] = Field(min_length=1)

    def questions(self) -> tuple[Question, ...]:
        """Return every question in order."""
        return tuple(q for s in self.sections for q in s.questions)
