"""Contract clauses and the annex of accepted terms, built from a resolved policy as data.

The clauses of a policy refer to "the terms set out in the Annex" instead of "OSI-approved
terms", which no one can check for data or parameters (the OSI publishes no such list). The
Annex is generated here from the policy's `accepted_terms`, so the text an officer pastes into a
specification always matches the policy the tool applies.
"""

from __future__ import annotations

from pydantic import Field

from osai_procure.licences import Catalogue
from osai_procure.loading import PolicyBundle
from osai_procure.models.base import CONTENT_TYPES, ContentType, I18n, Strict

CONTENT_TYPE_TITLES: dict[str, I18n] = {
    "code": I18n(
        ja="コード（ソースコード、モデル・アーキテクチャ）",
        en="Code (source code, model architecture)",
    ),
    "data": I18n(
        ja="データ（トレーニングデータ、評価データ、評価結果、モデルの出力例）",
        en="Data (training and evaluation data, evaluation results, sample outputs)",
    ),
    "parameters": I18n(ja="パラメータ（重み等）", en="Parameters (weights and the like)"),
    "documentation": I18n(
        ja="文書（データ情報、データ・カード、技術レポート、論文等）",
        en="Documents (data information, data card, technical report, paper)",
    ),
}
OSI_APPROVED = I18n(
    ja="OSIが承認したライセンス（https://opensource.org/licenses に掲載されているもの）",
    en="Licences approved by the OSI (listed at https://opensource.org/licenses)",
)


class AnnexRow(Strict):
    """The terms a policy accepts for one type of deliverable."""

    content_type: ContentType
    title: I18n
    osi_approved: bool = Field(description="any OSI-approved licence is accepted")
    terms: tuple[I18n, ...] = Field(description="named terms accepted besides, with their names")
    excluded: tuple[str, ...] = Field(description="ids never accepted, whatever else applies")


class ClauseRow(Strict):
    """One suggested clause, with the criterion it serves and where that criterion comes from."""

    number: int
    criterion: str
    title: I18n
    severity: str
    source: I18n = Field(description="the criterion's first reference, ready to show")
    agency_practice: bool
    clause: I18n


class ContractText(Strict):
    """Everything the clauses export holds: the policy cited, the clauses and the Annex."""

    policy_id: str
    policy_version: str
    policy_digest: str
    policy_title: I18n
    clauses: tuple[ClauseRow, ...]
    annex: tuple[AnnexRow, ...]


def _term_name(ident: str, catalogue: Catalogue) -> I18n:
    """A term's display name: the SPDX id, or a catalogued licence's name with its id."""
    entry = catalogue.get(ident)
    if entry is None:
        return I18n(ja=ident, en=ident)
    return I18n(ja=f"{entry.name}（{ident}）", en=f"{entry.name} ({ident})")


def build_contract(bundle: PolicyBundle) -> ContractText:
    """The clauses of every criterion that has one, in policy order, and the Annex."""
    policy = bundle.policy
    clauses = tuple(
        ClauseRow(
            number=index,
            criterion=c.id,
            title=c.title,
            severity=c.severity,
            source=c.refs[0].text() if c.refs else I18n(ja="—", en="—"),
            agency_practice=any(r.agency_practice for r in c.refs),
            clause=c.contract_clause,
        )
        for index, c in enumerate(
            (c for c in policy.criteria if c.contract_clause is not None), start=1
        )
        if c.contract_clause is not None
    )
    ordered = [ct for ct in CONTENT_TYPES if ct in policy.accepted_terms]
    annex = tuple(
        AnnexRow(
            content_type=ct,
            title=CONTENT_TYPE_TITLES[ct],
            osi_approved=policy.accepted_terms[ct].osi_approved,
            terms=tuple(
                _term_name(ident, bundle.catalogue) for ident in policy.accepted_terms[ct].include
            ),
            excluded=policy.accepted_terms[ct].exclude,
        )
        for ct in ordered
    )
    return ContractText(
        policy_id=policy.id,
        policy_version=policy.version,
        policy_digest=policy.digest,
        policy_title=policy.title,
        clauses=clauses,
        annex=annex,
    )
