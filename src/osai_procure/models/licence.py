"""Licence models: the AI-licence catalogue, accepted terms, and what analysis finds in a string."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, field_validator, model_serializer

from osai_procure.models.base import I18n, Strict

FlagId = Literal[
    "use_restrictions",
    "user_caps",
    "unilateral_change",
    "revocable",
    "remote_restriction",
    "flow_down",
    "output_restrictions",
    "territory_exclusion",
    "non_commercial",
    "royalty",
    "indemnity",
    "jurisdiction",
    "naming_attribution",
    "permission_required",
    "no_public_grant",
]
FLAG_IDS: tuple[FlagId, ...] = (
    "use_restrictions",
    "user_caps",
    "unilateral_change",
    "revocable",
    "remote_restriction",
    "flow_down",
    "output_restrictions",
    "territory_exclusion",
    "non_commercial",
    "royalty",
    "indemnity",
    "jurisdiction",
    "naming_attribution",
    "permission_required",
    "no_public_grant",
)

# Short titles for the red flags of osaid-and-licences.md section 6, in the same order, then the
# flags a procurement officer needs beyond the Open Source Definition (issue 11 and 16): terms a
# public body cannot accept (indemnity, a foreign court), demands on names and credits, a
# permission or registration step before use, and texts that grant the public nothing at all.
FLAG_TITLES: dict[str, I18n] = {
    "use_restrictions": I18n(ja="使用目的の制限", en="Use restrictions"),
    "user_caps": I18n(ja="利用者数・売上による上限", en="User or revenue caps"),
    "unilateral_change": I18n(ja="ライセンサーによる一方的な変更", en="Unilateral changes"),
    "revocable": I18n(ja="許諾の撤回・終了が可能", en="Revocable or terminable grant"),
    "remote_restriction": I18n(
        ja="遠隔その他の方法による使用の制限", en="Use restricted remotely or otherwise"
    ),
    "flow_down": I18n(ja="下流への制限の継承義務", en="Restrictions imposed downstream"),
    "output_restrictions": I18n(ja="出力・派生物への制限", en="Output and derivative limits"),
    "territory_exclusion": I18n(ja="地域・対象者の除外", en="Territory or person exclusions"),
    "non_commercial": I18n(ja="非商用・研究用途限定", en="Non-commercial or research only"),
    "royalty": I18n(ja="使用料・収益分配", en="Royalties or revenue share"),
    "indemnity": I18n(ja="利用者による補償義務", en="Indemnity owed by the user"),
    "jurisdiction": I18n(ja="準拠法・管轄裁判所の指定", en="Governing law or forum imposed"),
    "naming_attribution": I18n(ja="名称・表示の義務", en="Naming or attribution demands"),
    "permission_required": I18n(ja="登録・事前許可の要求", en="Registration or permission needed"),
    "no_public_grant": I18n(ja="一般への許諾がない", en="No grant to the public"),
}

LicenceKind = Literal[
    "spdx", "catalogued", "unlicensed", "undisclosed", "proprietary", "unrecognised", "missing"
]
LICENCE_KINDS: tuple[LicenceKind, ...] = (
    "spdx",
    "catalogued",
    "unlicensed",
    "undisclosed",
    "proprietary",
    "unrecognised",
    "missing",
)

# A catalogue id must be a single SPDX `LicenseRef-` token so it can sit inside an expression.
_CATALOGUE_ID_PATTERN = r"^LicenseRef-[A-Za-z0-9.\-]+$"


class CatalogueFlag(Strict):
    """One red flag a catalogued licence carries, with a one-line reason."""

    flag: FlagId
    reason: I18n


class CatalogueEntry(Strict):
    """A licence that is not on the SPDX list (typically an AI model licence) and its red flags."""

    id: str = Field(pattern=_CATALOGUE_ID_PATTERN)
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    url: str | None = Field(default=None, description="where the licence text is published")
    version: str | None = Field(
        default=None, description="version or date of the text the flags were read from"
    )
    flags: tuple[CatalogueFlag, ...]
    note: I18n | None = None
    unconfirmed: I18n | None = Field(
        default=None, description="what could not be confirmed against the licence text"
    )

    @field_validator("aliases")
    @classmethod
    def _aliases_not_blank(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Reject blank aliases: they would match every empty licence field."""
        if any(not alias.strip() for alias in value):
            raise ValueError("aliases must not be blank")
        return value

    @field_validator("flags")
    @classmethod
    def _flags_unique(cls, value: tuple[CatalogueFlag, ...]) -> tuple[CatalogueFlag, ...]:
        """Reject a flag listed twice: each flag carries exactly one reason."""
        seen: set[str] = set()
        for item in value:
            if item.flag in seen:
                raise ValueError(f"flag {item.flag!r} is listed more than once")
            seen.add(item.flag)
        return value


class AcceptedTerms(Strict):
    """Which licences an agency accepts for one content type; `exclude` wins over everything."""

    osi_approved: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


class LicenceFlagFact(Strict):
    """A red flag found in an analysed licence string, and the licence id it came from."""

    flag: FlagId
    licence: str
    reason: I18n


class LicenceLeaf(Strict):
    """One licence in an expression tree."""

    node: Literal["licence"] = "licence"
    id: str
    source: Literal["spdx", "catalogue", "scancode"]
    osi_approved: bool
    flags: tuple[FlagId, ...] = ()


class LicenceWith(Strict):
    """A licence with an exception (`A WITH B`); acceptability is judged on the licence."""

    node: Literal["with"] = "with"
    licence: LicenceLeaf
    exception: str


class LicenceAnd(Strict):
    """A conjunction: every operand applies, so every operand must be acceptable."""

    node: Literal["and"] = "and"
    args: tuple[LicenceNode, ...]


class LicenceOr(Strict):
    """A choice: the recipient may pick any operand, so one acceptable operand is enough."""

    node: Literal["or"] = "or"
    args: tuple[LicenceNode, ...]


LicenceNode = Annotated[
    LicenceLeaf | LicenceWith | LicenceAnd | LicenceOr, Field(discriminator="node")
]
LicenceAnd.model_rebuild()
LicenceOr.model_rebuild()


# What analysis says about a licence string or a scanned licence document, as a code and its
# parameters; the sentences are rendering (`osai_procure.wording.LICENCE_NOTES`), like a
# finding's reasons, so rewording a note never changes a signed record.
LicenceNoteCode = Literal[
    "missing",
    "unlicensed",
    "undisclosed",
    "proprietary",
    "normalised",
    "catalogued",
    "deprecated",
    "deprecated_ambiguous",
    "database_only",
    "unknown_keys",
    "unparsable",
    "nested_too_deeply",
    "licence_after_with",
    "exception_alone",
    "scancode_uncatalogued",
    "scanned_document",
    "scan_unreadable",
    "scan_modified_from",
    "scan_notice",
    "clause_dismissed",
]
LICENCE_NOTE_CODES: tuple[LicenceNoteCode, ...] = LicenceNoteCode.__args__  # type: ignore[attr-defined]


class LicenceNote(Strict):
    """One note about a licence: a code and the parameters that fill its sentence."""

    code: LicenceNoteCode
    written: str | None = Field(default=None, description="the text as written")
    canonical: str | None = Field(default=None, description="its canonical SPDX or catalogue form")
    entry: str | None = Field(default=None, description="the catalogue entry id")
    name: str | None = Field(default=None, description="the catalogue entry's name")
    keys: tuple[str, ...] = Field(default=(), description="licence keys or ids named")
    category: str | None = Field(default=None, description="the ScanCode category")
    detail: str | None = Field(default=None, description="the parser's message, or a reason")
    file_name: str | None = None
    sha256: str | None = None
    paragraph: int | None = Field(default=None, description="where a clause is (1-based)")
    section: str | None = None
    page: int | None = None
    quote: str | None = None

    @model_serializer(mode="wrap")
    def _only_given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Leave out the parameters a code does not use."""
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if k == "code" or v not in (None, [], ())}


class LicenceFacts(Strict):
    """Everything analysis learns from one licence string; `tree` is None unless kind is
    `spdx` or `catalogued`. `messages` holds notes as codes; a record signed before they were
    codes holds finished sentences (`I18n`), which still load and are shown as written."""

    original: str
    normalized: str | None
    kind: LicenceKind
    licence_ids: tuple[str, ...]
    deprecated_ids: tuple[str, ...]
    osi_approved: bool
    flags: tuple[LicenceFlagFact, ...]
    messages: tuple[LicenceNote | I18n, ...]
    tree: LicenceNode | None = None


class LicenceCheck(Strict):
    """The result of checking one licence string against an agency's accepted terms."""

    original: str
    normalized: str | None
    kind: LicenceKind
    osi_approved: bool
    licence_ids: tuple[str, ...]
    acceptable: dict[str, bool]
    flags: tuple[LicenceFlagFact, ...]
    deprecated_ids: tuple[str, ...]
    messages: tuple[LicenceNote | I18n, ...]
    spdx_list_version: str
