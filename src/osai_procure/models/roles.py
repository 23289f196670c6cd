"""The agency's roles file: which identities (an e-mail address, or a group the sign-in names
in a claim) hold which roles, the approval levels in order, and whether duties are separated.

Schema: `schemas/roles.schema.json`. The store enforces what the roles allow on every write
(`osai_procure.roles`); without a roles file the app runs in local single-officer mode.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from osai_procure.models.base import I18n, Strict

RoleName = Literal["preparer", "reviewer", "approver", "auditor", "administrator"]
ROLE_NAMES: tuple[RoleName, ...] = ("preparer", "reviewer", "approver", "auditor", "administrator")


class ApprovalLevel(Strict):
    """One level an approver may hold, by the id the questionnaire's approver-level question
    uses as a choice."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="stable snake_case id")
    label: I18n


# The choices of the OSG-JP questionnaire's `governance_approver_level`, lowest first. DS-920
# has the Chief AI Officer approve a high-risk use; the example policy ds920-approval asks for it.
DEFAULT_APPROVAL_LEVELS: tuple[ApprovalLevel, ...] = (
    ApprovalLevel(id="division_head", label=I18n(ja="課室長級", en="Head of division")),
    ApprovalLevel(id="director_general", label=I18n(ja="局長級", en="Director-general")),
    ApprovalLevel(
        id="cio", label=I18n(ja="CIO（デジタル統括責任者）級", en="Chief information officer")
    ),
    ApprovalLevel(id="caio", label=I18n(ja="AI統括責任者（CAIO）", en="Chief AI Officer (CAIO)")),
)


# An operating-system login name (POSIX portable characters, as `useradd` accepts them).
Account = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")]


class Member(Strict):
    """An identity, or every member of a group, and the roles they hold."""

    email: str | None = Field(
        default=None,
        max_length=320,
        description="an officer's e-mail address as the sign-in gives it (compared without case)",
    )
    group: str | None = Field(
        default=None,
        max_length=500,
        description="a group named in the sign-in's group claim (`group_claim`), exactly",
    )
    roles: tuple[RoleName, ...] = Field(min_length=1)
    approver_level: str | None = Field(
        default=None,
        description="for an approver: the id of the highest level they approve at "
        "(one of `approval_levels`)",
    )
    accounts: tuple[Account, ...] = Field(
        default=(),
        max_length=20,
        description="operating-system accounts that act as this officer on the command line "
        "(`osai-procure deposit verify --assessment`), as the system names the account running "
        "the command; only beside `email`",
    )
    note: str = Field(default="", max_length=500, description="free text, e.g. the post")


class RolesFile(Strict):
    """The agency's roles file."""

    schema_version: Literal[1]
    agency: str | None = Field(default=None, max_length=200)
    separation_of_duties: bool = Field(
        default=True,
        description="one identity signs one role of a sign-off round, and the preparer "
        "never approves; turn off only for a one-officer office",
    )
    group_claim: str = Field(
        default="groups",
        min_length=1,
        max_length=100,
        description="the claim of the OIDC ID token that lists the officer's groups",
    )
    approval_levels: tuple[ApprovalLevel, ...] = Field(
        default=DEFAULT_APPROVAL_LEVELS,
        min_length=1,
        description="the levels an approver may hold, lowest first: an approver may approve "
        "what the assessment records as needing their level or a lower one",
    )
    approver_level_question: str | None = Field(
        default="governance_approver_level",
        description="the question whose answer says at which level the assessment is approved; "
        "null: any approver may approve",
    )
    members: tuple[Member, ...] = Field(min_length=1)
