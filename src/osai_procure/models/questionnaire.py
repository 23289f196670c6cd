"""Questionnaire content: sections of bilingual questions, one kind per answer shape."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from osai_procure.models.base import ContentType, I18n, Strict
from osai_procure.models.rules import Rule

SNAKE_ID = r"^[a-z][a-z0-9_]*$"

YES_NO_VALUES = ("yes", "no", "unknown", "not_applicable")
RELEASE_VALUES = ("yes", "no", "unknown", "not_applicable")


# Every reference names one of these sources, so a reader can tell a requirement of OSAID or
# the OSG-JP proposal from one the agency adds of its own accord ("Agency practice").
RefSource = Literal[
    "OSAID 1.0",
    "OSAID FAQ",
    "OSI checklist",
    "OSG-JP proposal",
    "DS-920",
    "APPI",
    "Copyright Act",
    "Agency practice",
]

REF_SOURCE_TITLES: dict[str, I18n] = {
    "OSAID 1.0": I18n(ja="OSAID 1.0", en="OSAID 1.0"),
    "OSAID FAQ": I18n(ja="OSAID FAQ", en="OSAID FAQ"),
    "OSI checklist": I18n(ja="OSIチェックリスト", en="OSI checklist"),
    "OSG-JP proposal": I18n(ja="OSG-JP提言（2025年11月10日）", en="OSG-JP proposal (2025-11-10)"),
    "DS-920": I18n(
        ja="デジタル庁 DS-920（生成AIの調達・利活用に係るガイドライン）",
        en="Digital Agency DS-920 (guideline on procuring and using generative AI)",
    ),
    "APPI": I18n(ja="個人情報保護法", en="Act on the Protection of Personal Information (APPI)"),
    "Copyright Act": I18n(ja="著作権法", en="Copyright Act of Japan"),
    "Agency practice": I18n(
        ja="調達機関の運用（OSAID及びOSG-JP提言が求めるものではない追加要件）",
        en="Agency practice (an addition, not required by OSAID or the OSG-JP proposal)",
    ),
}


class Reference(Strict):
    """A clause of a standard, proposal or law that a question or criterion implements."""

    source: RefSource = Field(
        description="one of the known sources; 'Agency practice' marks the agency's own additions"
    )
    clause: str | I18n = Field(
        description="where in the source, e.g. 'Preferred form: Data Information (1) – provenance'"
        ", or {ja, en} to give the Japanese rendering (a plain string is shown in both languages)"
    )

    @property
    def agency_practice(self) -> bool:
        """Whether this cites the agency's own practice rather than a published source."""
        return self.source == "Agency practice"

    @property
    def clause_text(self) -> I18n:
        """The clause in both languages (a plain string stands for both)."""
        if isinstance(self.clause, I18n):
            return self.clause
        return I18n(ja=self.clause, en=self.clause)

    def text(self) -> I18n:
        """The source's title and the clause, ready to show."""
        title = REF_SOURCE_TITLES[self.source]
        clause = self.clause_text
        return I18n(ja=f"{title.ja}：{clause.ja}", en=f"{title.en}: {clause.en}")


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
    licence_scan: bool = Field(
        default=False,
        description=(
            "the answer rests on licence or use terms: offer the licence scan (upload or paste "
            "the document) beside it; component questions always offer it"
        ),
    )


class YesNoQuestion(QuestionBase):
    """Yes / no / unknown, and not applicable where `allow_na`."""

    kind: Literal["yes_no"]
    allow_na: bool = False
    ask_terms: bool = Field(
        default=False,
        description=(
            "when answered no, ask which terms make it so (an acceptable-use policy, a "
            "click-through, gated access), so the terms counterfactual can tell terms from gaps"
        ),
    )


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
