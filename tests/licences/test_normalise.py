"""Normalisation of messy licence strings, special values, deprecation and expression parsing."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osai_procure import wording
from osai_procure.licences import Catalogue, analyse_licence, default_accepted_terms, is_acceptable
from osai_procure.licences.spdx import deprecated_replacement
from osai_procure.models.base import CONTENT_TYPES, I18n
from osai_procure.models.licence import (
    LICENCE_KINDS,
    LICENCE_NOTE_CODES,
    AcceptedTerms,
    LicenceFacts,
    LicenceNote,
)
from osai_procure.wording import licence_note_i18n

CATALOGUE = Catalogue.default()


def _notes(facts: LicenceFacts) -> list[I18n]:
    """The facts' notes as the report shows them, in both languages."""
    return [licence_note_i18n(note) for note in facts.messages]


MESSY = [
    ("Apache 2.0", "Apache-2.0"),
    ("apache-2.0", "Apache-2.0"),
    ("Apache License 2.0", "Apache-2.0"),
    ("Apache License, Version 2.0", "Apache-2.0"),
    ("MIT license", "MIT"),
    ("MIT License", "MIT"),
    (" MIT ", "MIT"),
    ("CC BY-SA 4.0", "CC-BY-SA-4.0"),
    ("CC-BY 4.0", "CC-BY-4.0"),
    ("cc-by-4.0", "CC-BY-4.0"),
    ("BSD 3-Clause", "BSD-3-Clause"),
    ("GPLv3", "GPL-3.0-only"),
    ("GPL-2.0", "GPL-2.0-only"),
    ("CC0", "CC0-1.0"),
    ("OpenMDW", "OpenMDW-1.0"),
    ("OpenMDW-1.0", "OpenMDW-1.0"),
    ("Creative Commons Attribution 4.0 International (CC BY 4.0)", "CC-BY-4.0"),
    ("mit or apache-2.0", "MIT OR Apache-2.0"),
]


@pytest.mark.parametrize(("text", "expected"), MESSY)
def test_messy_strings_normalise_to_spdx(text: str, expected: str) -> None:
    """Each messy spelling normalises to its SPDX id while the original is kept verbatim."""
    facts = analyse_licence(text, CATALOGUE)
    assert facts.kind == "spdx"
    assert facts.normalized == expected
    assert facts.original == text


@pytest.mark.parametrize(
    ("text", "kind", "normalized"),
    [
        ("MIT AND (Apache-2.0)", "spdx", "MIT AND Apache-2.0"),
        ("Apache License 2.0 (MIT)", "unrecognised", None),
        ("Apache License (Apache-2.0)", "spdx", "Apache-2.0"),
    ],
)
def test_trailing_parenthesis_is_a_short_form_only_when_it_agrees(
    text: str, kind: str, normalized: str | None
) -> None:
    """'Name (short form)' collapses to one licence; other parentheses keep their meaning."""
    facts = analyse_licence(text, CATALOGUE)
    assert facts.kind == kind
    assert facts.normalized == normalized


def test_normalisation_is_reported_in_both_languages() -> None:
    """A rewritten string produces a message naming the original and the SPDX id."""
    facts = analyse_licence("Apache 2.0", CATALOGUE)
    assert any("'Apache 2.0'" in m.en and "'Apache-2.0'" in m.en for m in _notes(facts))
    assert any("Apache-2.0" in m.ja and "正規化" in m.ja for m in _notes(facts))


def test_canonical_id_produces_no_message() -> None:
    """A string already in canonical form needs no note."""
    assert analyse_licence("MIT", CATALOGUE).messages == ()


def test_unlicensed_is_not_the_unlicense() -> None:
    """'unlicensed' means no licence at all, while 'Unlicense' is an OSI-approved licence."""
    for text in ("unlicensed", "Unlicensed", "no license", "none"):
        facts = analyse_licence(text, CATALOGUE)
        assert facts.kind == "unlicensed", text
        assert facts.osi_approved is False
    unlicense = analyse_licence("Unlicense", CATALOGUE)
    assert unlicense.kind == "spdx"
    assert unlicense.normalized == "Unlicense"
    assert unlicense.osi_approved is True


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Undisclosed", "undisclosed"),
        ("unknown", "undisclosed"),
        ("not disclosed", "undisclosed"),
        ("Component not include", "undisclosed"),
        ("Component not included", "undisclosed"),
        ("Proprietary", "proprietary"),
        ("All rights reserved", "proprietary"),
        ("commercial", "proprietary"),
        ("unlicensed", "unlicensed"),
        (None, "missing"),
        ("", "missing"),
        ("   ", "missing"),
    ],
)
def test_non_licences_are_never_open_or_acceptable(text: str | None, kind: str) -> None:
    """Undisclosed, proprietary, unlicensed and missing values are never open nor acceptable."""
    facts = analyse_licence(text, CATALOGUE)
    assert facts.kind == kind
    assert facts.normalized is None
    assert facts.osi_approved is False
    assert facts.tree is None
    assert facts.messages, "the kind is explained to the user"
    for terms in default_accepted_terms().values():
        assert is_acceptable(facts, terms) is False


def test_deprecated_id_is_detected_on_the_raw_input() -> None:
    """GPL-2.0 is reported as deprecated and normalised to GPL-2.0-only."""
    facts = analyse_licence("GPL-2.0", CATALOGUE)
    assert facts.deprecated_ids == ("GPL-2.0",)
    assert facts.normalized == "GPL-2.0-only"
    assert facts.osi_approved is True
    assert any("GPL-2.0-only" in m.en and "deprecated" in m.en for m in _notes(facts))


def test_current_id_is_not_deprecated() -> None:
    """The replacement id itself carries no deprecation note."""
    facts = analyse_licence("GPL-2.0-only", CATALOGUE)
    assert facts.deprecated_ids == ()
    assert facts.messages == ()


def test_deprecated_or_later_inside_an_expression() -> None:
    """A deprecated '+' id inside a WITH expression is detected and replaced."""
    facts = analyse_licence("GPL-2.0+ WITH Classpath-exception-2.0", CATALOGUE)
    assert facts.deprecated_ids == ("GPL-2.0+",)
    assert facts.normalized == "GPL-2.0-or-later WITH Classpath-exception-2.0"


def test_and_or_expression_is_osi_approved() -> None:
    """MIT AND (Apache-2.0 OR BSD-3-Clause): every AND operand has an approved option."""
    facts = analyse_licence("MIT AND (Apache-2.0 OR BSD-3-Clause)", CATALOGUE)
    assert facts.kind == "spdx"
    assert facts.normalized == "MIT AND (Apache-2.0 OR BSD-3-Clause)"
    assert facts.licence_ids == ("MIT", "Apache-2.0", "BSD-3-Clause")
    assert facts.osi_approved is True


def test_and_with_non_commercial_is_flagged_and_never_acceptable() -> None:
    """Apache-2.0 AND CC-BY-NC-4.0 is not OSI-approved, flagged NC, acceptable for no type."""
    facts = analyse_licence("Apache-2.0 AND CC-BY-NC-4.0", CATALOGUE)
    assert facts.osi_approved is False
    assert [(f.flag, f.licence) for f in facts.flags] == [("non_commercial", "CC-BY-NC-4.0")]
    assert facts.flags[0].reason.ja and facts.flags[0].reason.en
    for content_type, terms in default_accepted_terms().items():
        assert is_acceptable(facts, terms) is False, content_type


def test_with_exception_uses_the_base_licence() -> None:
    """GPL-2.0-or-later WITH Classpath-exception-2.0 is judged on GPL-2.0-or-later."""
    facts = analyse_licence("GPL-2.0-or-later WITH Classpath-exception-2.0", CATALOGUE)
    assert facts.kind == "spdx"
    assert facts.osi_approved is True
    assert facts.licence_ids == ("GPL-2.0-or-later", "Classpath-exception-2.0")
    assert is_acceptable(facts, default_accepted_terms()["code"]) is True


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("MIT WITH Apache-2.0", "WITH must be followed by an exception"),
        ("Classpath-exception-2.0", "can only appear as 'licence WITH exception'"),
        ("(MIT", "Cannot parse"),
        ("MIT AND", "Cannot parse"),
        ("()", "Cannot parse"),
        ("Foo-1.0", "Unknown licence key(s): Foo-1.0"),
        ("MIT OR Foo-1.0", "Unknown licence key(s): Foo-1.0"),
    ],
)
def test_invalid_expressions_are_unrecognised(text: str, fragment: str) -> None:
    """Malformed expressions and unknown keys give kind unrecognised with the reason."""
    facts = analyse_licence(text, CATALOGUE)
    assert facts.kind == "unrecognised"
    assert facts.osi_approved is False
    assert facts.normalized is None
    assert any(fragment in m.en for m in _notes(facts)), [m.en for m in _notes(facts)]


def test_deeply_nested_expression_is_refused_not_crashed() -> None:
    """Hostile nesting beyond the depth bound is unrecognised instead of exhausting the stack."""
    text = "MIT"
    for _ in range(1000):
        text = f"MIT AND ({text})"
    facts = analyse_licence(text, CATALOGUE)
    assert facts.kind == "unrecognised"
    assert any("nested too deeply" in m.en for m in _notes(facts))
    shallow = analyse_licence("MIT AND (Apache-2.0 OR (BSD-3-Clause AND ISC))", CATALOGUE)
    assert shallow.kind == "spdx"
    assert shallow.model_dump_json()


def test_scancode_key_outside_the_catalogue_is_a_non_osi_leaf() -> None:
    """A ScanCode LicenseRef that is not catalogued parses, is not OSI-approved, and is noted."""
    facts = analyse_licence("LicenseRef-scancode-berryai-2024", CATALOGUE)
    assert facts.kind == "spdx"
    assert facts.osi_approved is False
    assert any("ScanCode" in m.en for m in _notes(facts))


def test_results_are_memoised_per_catalogue() -> None:
    """The same text and catalogue return the identical object; another catalogue does not."""
    first = analyse_licence("Apache 2.0 AND MIT", CATALOGUE)
    assert analyse_licence("Apache 2.0 AND MIT", CATALOGUE) is first
    other = Catalogue(CATALOGUE.entries)
    assert analyse_licence("Apache 2.0 AND MIT", other) is not first
    assert analyse_licence("Apache 2.0 AND MIT", other) == first


def test_facts_round_trip_through_json() -> None:
    """Facts with an expression tree serialise to JSON and validate back unchanged."""
    facts = analyse_licence("MIT AND (Apache-2.0 OR LicenseRef-Llama-3.1-Community)", CATALOGUE)
    assert LicenceFacts.model_validate_json(facts.model_dump_json()) == facts


@settings(deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    """Any string is analysed without raising and gets one of the documented kinds."""
    facts = analyse_licence(text, CATALOGUE)
    assert facts.kind in LICENCE_KINDS
    assert facts.original == text
    if facts.kind not in ("spdx", "catalogued"):
        assert facts.osi_approved is False
        for content_type in CONTENT_TYPES:
            assert is_acceptable(facts, default_accepted_terms()[content_type]) is False


_PIECES = st.sampled_from(
    [
        "MIT",
        "Apache 2.0",
        "GPL-2.0",
        "CC-BY-NC-4.0",
        "llama3.1",
        "Foo",
        "(",
        ")",
        "AND",
        "OR",
        "WITH",
        "Classpath-exception-2.0",
        "Unlicense",
        "unlicensed",
        ",",
        "+",
    ]
)


@settings(deadline=None)
@given(st.lists(_PIECES, max_size=8).map(" ".join))
def test_expression_like_text_never_raises(text: str) -> None:
    """Random sequences of licence tokens and operators are always classified, never raise."""
    facts = analyse_licence(text, CATALOGUE)
    assert facts.kind in LICENCE_KINDS
    if facts.kind in ("spdx", "catalogued"):
        assert facts.normalized is not None and facts.tree is not None


def test_scancode_key_of_a_licence_spdx_now_lists_resolves_to_the_spdx_id() -> None:
    """ScanCode's key for OpenMDW maps to SPDX `OpenMDW-1.0`, so an agency accepting that id
    also accepts records tagged with the key."""
    facts = analyse_licence("LicenseRef-scancode-openmdw-1.0", CATALOGUE)
    assert facts.kind == "spdx"
    assert facts.licence_ids == ("OpenMDW-1.0",)
    terms = AcceptedTerms(include=("OpenMDW-1.0",))
    assert is_acceptable(facts, terms)


@pytest.mark.parametrize(
    ("deprecated", "current"),
    [("GPL-2.0", "GPL-2.0-only"), ("LGPL-2.1+", "LGPL-2.1-or-later"), ("StandardML-NJ", "SMLNJ")],
)
def test_deprecated_ids_are_replaced_as_license_expression_records(
    deprecated: str, current: str
) -> None:
    """The current id for a deprecated one comes from license-expression's ScanCode index."""
    assert deprecated_replacement(deprecated) == current


def test_deprecated_id_with_exception_expands_to_a_with_expression() -> None:
    """The ids license-expression does not know expand as SPDX's deprecation notes say."""
    assert (
        deprecated_replacement("GPL-2.0-with-classpath-exception")
        == "GPL-2.0-only WITH Classpath-exception-2.0"
    )


def test_notes_are_codes_rendered_in_both_languages() -> None:
    """Analysis keeps a note as a code and its parameters; each code has a sentence in both
    languages that names only the note's fields."""
    note = analyse_licence("Apache 2.0", CATALOGUE).messages[0]
    assert isinstance(note, LicenceNote)
    assert note.model_dump(mode="json") == {
        "code": "normalised",
        "written": "Apache 2.0",
        "canonical": "Apache-2.0",
    }
    assert set(wording.LICENCE_NOTES) == set(LICENCE_NOTE_CODES)
    fields = set(LicenceNote.model_fields) | {"where"}
    for ja, en in wording.LICENCE_NOTES.values():
        for template in (ja, en):
            named = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            assert named <= fields, template


def test_a_note_kept_as_sentences_by_an_old_record_still_loads_and_shows() -> None:
    """Facts from a record signed when notes were finished sentences load, and the sentences
    are shown as written."""
    old = analyse_licence("Apache 2.0", CATALOGUE).model_dump(mode="json")
    old["messages"] = [{"ja": "旧い注記。", "en": "An old note."}]
    facts = LicenceFacts.model_validate_json(json.dumps(old))
    assert [n.get("en") for n in _notes(facts)] == ["An old note."]
    assert [n.get("ja") for n in _notes(facts)] == ["旧い注記。"]
