"""The OSG-JP proposal read faithfully: scope and recorded exceptions, continuity without
nationality, the APPI's three cases, and Proposal 3 as written."""

from __future__ import annotations

import re
from pathlib import Path

from osai_procure.engine import evaluate
from osai_procure.errors import ContentError
from osai_procure.loading import ContentLibrary, PolicyBundle, load_answers, load_policy
from osai_procure.models.policy import Criterion
from osai_procure.models.questionnaire import MultiChoiceQuestion
from tests.core.test_loading import POLICY, Write, _tree

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "data" / "cases"


def _criterion(bundle: PolicyBundle, ident: str) -> Criterion:
    """The resolved criterion with this id."""
    return next(c for c in bundle.policy.criteria if c.id == ident)


def _reads(rule: object) -> set[str]:
    """The question ids a rule reads."""
    return set(re.findall(r"'question': '([a-z_0-9]+)'", str(rule)))


def test_release_gates_apply_only_where_something_is_developed(
    osgjp_bundle: PolicyBundle,
) -> None:
    """Releasing, redistributing, preserving and maintaining deliverables depend on the scope."""
    for ident in (
        "osgjp_osaid_conformance",
        "osgjp_release_all_deliverables",
        "osgjp_domestic_redistribution",
        "osgjp_government_deliverables_ip",
        "osgjp_domestic_deposit",
        "osgjp_maintenance_plan",
    ):
        applies = _criterion(osgjp_bundle, ident).applies_if
        assert applies is not None and "scope_procurement_type" in _reads(applies.model_dump())


def test_exception_waives_only_recorded_release_gates(osgjp_bundle: PolicyBundle) -> None:
    """The exception route needs grounds, reason, approver and date, and covers no OSAID gate."""
    route = osgjp_bundle.policy.exception
    assert route is not None
    assert {
        "scope_exception",
        "scope_exception_grounds",
        "scope_exception_reason",
        "scope_exception_approver",
        "scope_exception_approved_on",
    } <= _reads(route.recorded.model_dump()) | set(
        re.findall(r"'answered': '([a-z_]+)'", str(route.recorded.model_dump()))
    )
    scopes = {c.id: c.scope for c in osgjp_bundle.policy.criteria}
    assert all(scopes[ident] == "policy" for ident in route.covers)


def test_exception_is_reported_as_such(osgjp_bundle: PolicyBundle) -> None:
    """A recorded exception gives conditionally compliant with the waived gate listed, while the
    finding itself stays not met."""
    answers = load_answers(CASES / "osgjp_exception_security" / "answers.yaml", osgjp_bundle)
    result = evaluate(osgjp_bundle, answers)
    assert result.policy.verdict == "conditionally_compliant"
    assert result.policy.excepted == ("osgjp_release_all_deliverables",)
    finding = next(f for f in result.findings if f.criterion == "osgjp_release_all_deliverables")
    assert finding.status == "not_met"


def test_an_exception_cannot_waive_an_osaid_gate(write: Write) -> None:
    """A policy whose exception covers an OSAID criterion is refused with the place named."""
    policy = POLICY + ("exception:\n  recorded: {answered: freedom_use}\n  covers: [use]\n")
    path = _tree(write, policy)
    try:
        load_policy(path, ContentLibrary.from_root(path.parent.parent))
    except ContentError as exc:
        text = " ".join(str(p) for p in exc.problems)
    else:
        raise AssertionError("the policy loaded")
    assert "exception.covers" in text and "cannot be waived" in text


def test_continuity_gate_asks_for_capability_not_nationality(osgjp_bundle: PolicyBundle) -> None:
    """The continuity gate reads whether operation can continue, not where the system runs; its
    clause names no foreign provider."""
    gate = _criterion(osgjp_bundle, "osgjp_domestic_operation")
    assert _reads(gate.rule.model_dump()) == {"continuity_operable_if_service_stops"}
    assert gate.contract_clause is not None
    assert "国外" not in gate.contract_clause.ja
    assert "foreign" not in gate.contract_clause.en


def test_appi_cases_are_told_apart(osgjp_bundle: PolicyBundle) -> None:
    """Entrustment, provision of anonymised information and open publication are separate
    answers, each with its own gate."""
    route = osgjp_bundle.questions["data_agency_personal_data_route"]
    assert isinstance(route, MultiChoiceQuestion)
    assert {c.id for c in route.choices} == {
        "none",
        "entrusted",
        "anonymised_provision",
        "open_publication",
    }
    for gate in (
        "osgjp_agency_data_entrusted",
        "osgjp_agency_data_anonymised",
        "osgjp_agency_data_open_not_personal",
    ):
        assert _criterion(osgjp_bundle, gate).severity == "gate"
    anonymised = _criterion(osgjp_bundle, "osgjp_agency_data_anonymised")
    assert "training_data_classes" in _reads(anonymised.rule.model_dump())


def test_proposal_3_covers_the_projects_own_data(osgjp_bundle: PolicyBundle) -> None:
    """Opening the project's datasets, a security review and Japanese evaluation cite
    Proposal 3; vendor-data hygiene is agency practice."""
    for ident in (
        "osgjp_project_datasets_opened",
        "osgjp_release_security_review",
        "osgjp_japanese_evaluation",
    ):
        assert _criterion(osgjp_bundle, ident).refs[0].source == "OSG-JP proposal"
    hygiene = _criterion(osgjp_bundle, "osgjp_no_vendor_training_on_agency_data")
    assert hygiene.refs[0].agency_practice


def test_bayh_dole_retention_with_open_release_passes(osgjp_bundle: PolicyBundle) -> None:
    """Retaining IP under Japan's Bayh-Dole provision meets the gate when release is open."""
    gate = _criterion(osgjp_bundle, "osgjp_government_deliverables_ip")
    assert "contractor_retains_open_release" in str(gate.rule.model_dump())
    assert "contractor_retains'" not in str(gate.rule.model_dump())


def test_dataset_provenance_is_asked_once_in_the_osaid_steps(osgjp_bundle: PolicyBundle) -> None:
    """G9: the OSG-JP dataset gate derives provenance from OSAID's data information and asks
    only for the known bias per dataset, so the two steps cannot contradict each other."""
    rule = str(_criterion(osgjp_bundle, "osgjp_data_provenance").rule)
    assert "osaid_data_information" in rule
    question = osgjp_bundle.questions["data_provenance_per_dataset"]
    assert "偏り" in question.text.ja and "出所" not in question.text.ja


def test_return_on_termination_cannot_withdraw_a_published_licence(
    osgjp_bundle: PolicyBundle,
) -> None:
    """G12: the question names the return-or-stop-use clause, and the contract clause limits it
    to unpublished deliverables."""
    question = osgjp_bundle.questions["liability_no_unilateral_revocation"]
    assert "返還・利用停止" in question.help.ja
    clause = _criterion(osgjp_bundle, "osgjp_no_unilateral_revocation").contract_clause
    assert clause is not None
    assert "公開していない成果物" in clause.ja and "unpublished deliverables" in clause.en


def test_reidentification_ban_is_tied_to_what_is_published(osgjp_bundle: PolicyBundle) -> None:
    """C14: anonymised information stays out of every published deliverable, and published data
    is released only after the agency approves a review that covers matching."""
    anonymised = _criterion(osgjp_bundle, "osgjp_agency_data_anonymised").contract_clause
    opened = _criterion(osgjp_bundle, "osgjp_agency_data_open_not_personal").contract_clause
    assert anonymised is not None and opened is not None
    assert "公開する成果物" in anonymised.ja and "共有不可のデータ" in anonymised.ja
    assert "照合しても特定の個人を識別できない" in opened.ja
    assert "公開を承認した後" in opened.ja
