"""Contract clauses and the generated Annex of accepted terms, as data and as a workbook."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from osai_procure.contract import build_contract
from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy
from osai_procure.render.contract_xlsx import SHEET_ANNEX, SHEET_CLAUSES, render_contract_xlsx

ROOT = Path(__file__).resolve().parents[2]


def test_every_clause_of_the_policy_is_exported_in_order(osgjp_bundle: PolicyBundle) -> None:
    """Each criterion with a clause gives one numbered row, in the policy's order."""
    contract = build_contract(osgjp_bundle)
    with_clause = [c.id for c in osgjp_bundle.policy.criteria if c.contract_clause is not None]
    assert [row.criterion for row in contract.clauses] == with_clause
    assert [row.number for row in contract.clauses] == list(range(1, len(with_clause) + 1))


def test_no_clause_rests_on_osi_approved_terms(osgjp_bundle: PolicyBundle) -> None:
    """No clause uses 'OSI-approved terms' or 'OSAID-compliant terms', which nobody can check
    for data or parameters; they refer to the Annex instead."""
    contract = build_contract(osgjp_bundle)
    for row in contract.clauses:
        assert "OSIが承認した条件" not in row.clause.ja
        assert "OSAIDに準拠した条件" not in row.clause.ja
    assert any("別表" in row.clause.ja for row in contract.clauses)


def test_annex_follows_the_policy_accepted_terms(osgjp_bundle: PolicyBundle) -> None:
    """The Annex lists, per content type, what the policy accepts, catalogued terms by name."""
    contract = build_contract(osgjp_bundle)
    rows = {row.content_type: row for row in contract.annex}
    assert set(rows) == {"code", "data", "parameters", "documentation"}
    assert rows["code"].osi_approved and rows["code"].terms == ()
    data = [t.ja for t in rows["data"].terms]
    assert "CC-BY-4.0" in data
    assert any(t.startswith("公共データ利用規約（第1.0版）") for t in data)


def test_agency_widened_terms_appear_in_its_annex(library: ContentLibrary) -> None:
    """An agency that accepts OpenMDW-1.0 for parameters sees it in its own Annex."""
    bundle = load_policy(ROOT / "policies" / "examples" / "agency-strict.yaml", library)
    params = next(r for r in build_contract(bundle).annex if r.content_type == "parameters")
    assert any("OpenMDW-1.0" in t.en for t in params.terms)


def test_workbook_has_the_clauses_and_the_annex(osgjp_bundle: PolicyBundle) -> None:
    """The XLSX export holds one row per clause and one per content type, as text."""
    contract = build_contract(osgjp_bundle)
    wb = load_workbook(io.BytesIO(render_contract_xlsx(contract, "ja")))
    clauses = wb[SHEET_CLAUSES.ja]
    assert clauses.cell(5, 2).value == contract.clauses[0].clause.ja
    assert clauses.cell(4 + len(contract.clauses), 1).value == len(contract.clauses)
    annex = wb[SHEET_ANNEX.ja]
    assert annex.cell(4, 1).value == contract.annex[0].title.ja
    assert annex.cell(4, 1).data_type == "s"


def test_workbook_bytes_are_deterministic(osgjp_bundle: PolicyBundle) -> None:
    """The same policy gives the same bytes: the workbook reads no clock."""
    contract = build_contract(osgjp_bundle)
    assert render_contract_xlsx(contract, "en") == render_contract_xlsx(contract, "en")
