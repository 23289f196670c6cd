"""Every reference in the shipped content names a true source, cited as that source is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from osai_procure.loading import ContentLibrary, load_policy, load_questionnaire
from osai_procure.models.questionnaire import REF_SOURCE_TITLES, Reference

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRES = sorted(ROOT.glob("questionnaires/*.yaml"))
POLICIES = sorted(ROOT.glob("policies/**/*.yaml"))

# What the OSG-JP proposal (2025-11-10) itself states: Proposal 1 (release, and domestic
# redistribution, preservation, continuous maintenance and continuity), Proposal 2 (developer
# protection), Proposal 3 (opening public-interest data). Anything else is agency practice.
OSGJP_CLAUSES = {
    "Proposal 1",
    "Proposal 1 (domestic redistribution)",
    "Proposal 1 (preservation)",
    "Proposal 1 (continuous maintenance)",
    "Proposal 1 (continuity if external services stop or change terms)",
    "Proposal 1 (scope: AI development funded, supported or procured by public institutions)",
    "Proposal 2",
    "Proposal 3",
    "Proposal 3 (Japanese-language datasets)",
    "Proposal 3 (robust security)",
}
# OSAID 1.0 numbers only Data Information (1)-(3); the Code list is unnumbered prose.
INVENTED_OSAID_NUMBERING = re.compile(r"Code \(\d|\(\d\)\s*\([a-e]\)|\(\d\)[a-e]")


def _all_refs(library: ContentLibrary) -> list[tuple[str, Reference]]:
    """Every reference in every shipped questionnaire and policy, with where it sits."""
    out: list[tuple[str, Reference]] = []
    for path in QUESTIONNAIRES:
        for q in load_questionnaire(path).questions():
            out += [(f"{path.name}:{q.id}", r) for r in q.refs]
    for path in POLICIES:
        for c in load_policy(path, library).policy.criteria:
            out += [(f"{path.name}:{c.id}", r) for r in c.refs]
    return out


def test_every_ref_names_a_known_source(library: ContentLibrary) -> None:
    """Each reference's source is one the tool knows how to title in both languages."""
    refs = _all_refs(library)
    assert refs
    assert {r.source for _, r in refs} <= set(REF_SOURCE_TITLES)


def test_osgjp_refs_cite_only_what_the_proposal_says(library: ContentLibrary) -> None:
    """A reference to the OSG-JP proposal names one of its three proposals as it is written."""
    bad = [
        (where, r.clause_text.en)
        for where, r in _all_refs(library)
        if r.source == "OSG-JP proposal" and r.clause_text.en not in OSGJP_CLAUSES
    ]
    assert bad == []


def test_osaid_refs_use_no_invented_numbering(library: ContentLibrary) -> None:
    """OSAID references never cite sub-numbers such as 'Code (5)' or '(1)(a)'."""
    bad = [
        (where, r.clause_text.en)
        for where, r in _all_refs(library)
        if r.source.startswith("OSAID") and INVENTED_OSAID_NUMBERING.search(r.clause_text.en)
    ]
    assert bad == []


@pytest.mark.parametrize(
    "criterion",
    [
        "osgjp_exit_plan",
        "osgjp_pinned_versions",
        "osgjp_agency_artefacts_exportable",
        "osgjp_open_formats",
        "osgjp_no_switching_charges",
        "osgjp_fallback_tested",
        "osgjp_sbom",
        "osgjp_reproducible_build",
        "osgjp_moral_rights_not_exercised",
        "osgjp_government_deliverables_ip",
        "osgjp_indemnities_lawful",
        "osgjp_no_vendor_training_on_agency_data",
    ],
)
def test_agency_additions_are_marked_as_agency_practice(
    criterion: str, library: ContentLibrary
) -> None:
    """Good practice that the OSG-JP proposal does not state is cited as agency practice."""
    bundle = load_policy(ROOT / "policies" / "osg-jp-public-procurement.yaml", library)
    found = next(c for c in bundle.policy.criteria if c.id == criterion)
    assert found.refs[0].agency_practice
    assert all(r.source != "OSG-JP proposal" for r in found.refs)


def test_unknown_source_is_refused() -> None:
    """A reference to a source the tool does not know is a validation error naming the field."""
    with pytest.raises(ValidationError, match="source"):
        Reference.model_validate({"source": "OSG-JP Proposal", "clause": "Proposal 1"})


def test_reference_text_titles_the_source_in_each_language() -> None:
    """Agency practice reads as such in Japanese and English."""
    ref = Reference(source="Agency practice", clause="Exit plan")
    assert ref.text().ja.startswith("調達機関の運用")
    assert ref.text().en.startswith("Agency practice")


def test_every_shipped_clause_has_a_japanese_rendering(library: ContentLibrary) -> None:
    """Each shipped reference gives its clause in Japanese too, so Japanese screens, PDFs and
    workbooks do not show an English clause (numbers and ids aside)."""
    plain = [
        (where, r.clause)
        for where, r in _all_refs(library)
        if isinstance(r.clause, str) or not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", r.clause.ja)
    ]
    assert plain == []


def test_a_japanese_clause_is_shown_in_japanese_and_a_plain_one_in_both() -> None:
    """`text()` uses the Japanese clause in Japanese; a plain string is shown as written."""
    ref = Reference.model_validate(
        {"source": "OSG-JP proposal", "clause": {"ja": "提言2", "en": "Proposal 2"}}
    )
    assert ref.text().ja == "OSG-JP提言（2025年11月10日）：提言2"
    assert ref.text().en == "OSG-JP proposal (2025-11-10): Proposal 2"
    plain = Reference(source="Agency practice", clause="Exit plan")
    assert plain.text().ja.endswith("：Exit plan") and plain.text().en.endswith(": Exit plan")
