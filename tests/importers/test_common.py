"""Shared importer machinery: the registry, size caps, the JSON loader, merging."""

from __future__ import annotations

from pathlib import Path

import pytest

from osai_procure.errors import ContentError
from osai_procure.importers import (
    FORMATS,
    ImportNote,
    import_file,
    importers,
    merge_answers,
)
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import AnswersFile
from osai_procure.yamlsafe import load_json
from tests.importers.helpers import MOT_SAMPLES, data


def test_registry_lists_every_format() -> None:
    """The registry and FORMATS name the same six formats."""
    assert tuple(importers()) == FORMATS == ("mot", "hf", "spdx", "cyclonedx", "xlsx", "osai-index")


def test_unknown_format_suggests() -> None:
    """An unknown format name is refused with a did-you-mean."""
    with pytest.raises(ContentError, match="did you mean 'mot'"):
        import_file("mott", b"x", "f")


def test_path_and_bytes_give_the_same_result() -> None:
    """A path and the same bytes as an upload import identically."""
    by_path = import_file("mot", MOT_SAMPLES / "OLMo-7B.yml", "OLMo-7B.yml")
    by_bytes = import_file("mot", data("mot/OLMo-7B.yml"), "OLMo-7B.yml")
    assert by_path.answers == by_bytes.answers
    assert by_path.notes == by_bytes.notes


def test_missing_and_oversize_paths(tmp_path: Path) -> None:
    """A missing file and a file over the cap are refused before reading."""
    with pytest.raises(ContentError, match="cannot read the file"):
        import_file("hf", tmp_path / "absent.md")
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)  # sparse: the cap is checked by size, not by reading
    with pytest.raises(ContentError, match="the limit is"):
        import_file("cyclonedx", big)


def test_xlsx_needs_a_policy() -> None:
    """A vendor workbook cannot be imported without the policy it answers."""
    with pytest.raises(ContentError, match="imported against a policy"):
        import_file("xlsx", b"PK\x03\x04", "v.xlsx")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{"a": 1,\n "a": 2}', "duplicate key 'a'", 1),
        ('{"a": NaN}', "NaN is not a JSON number", None),
        ('{"a": [1, 2,\n\n]}', "malformed JSON", 3),
        ('{"a": "\\ud800"}', "unpaired", 1),
        ("[" * 3000 + "]" * 3000, "nesting too deep", None),
        ('{"a": 1} {"b": 2}', "Extra data", 1),
    ],
)
def test_json_loader_refuses_with_place(text: str, message: str, line: int | None) -> None:
    """The JSON loader reports duplicates, NaN, syntax, surrogates and depth with a place."""
    with pytest.raises(ContentError) as caught:
        load_json(text.encode(), "doc.json", 1024 * 1024)
    assert message in str(caught.value)
    assert caught.value.problems[0].line == line


def test_json_loader_lines_tabs_and_surrogate_pairs() -> None:
    """Tab-indented JSON loads; escaped surrogate pairs join; objects carry their line."""
    text = '{\n\t"a": {\n\t\t"b": "\\ud83d\\ude00"\n\t},\n\t"n": 1e5\n}'
    loaded = load_json(text.encode(), "t.json", 1024)
    assert loaded.data == {"a": {"b": "\N{GRINNING FACE}"}, "n": 100000.0}
    assert loaded.line_of(("a", "b")) == 2


def test_json_loader_depth_cap() -> None:
    """Nesting deeper than the YAML loader allows is refused for JSON too."""
    with pytest.raises(ContentError, match="nesting deeper than"):
        load_json(("[" * 80 + "]" * 80).encode(), "deep.json", 1024)


def test_merge_keeps_officer_answers(osaid_bundle: PolicyBundle) -> None:
    """Merging an import keeps declared/confirmed answers and replaces unconfirmed imports."""
    imported = import_file("mot", data("mot/Llama-3.1-8B.yml"), "Llama.yml", osaid_bundle)
    base = AnswersFile.model_validate(
        {
            "schema_version": 1,
            "assessment": {"title": "Procurement 42", "system": {"name": "Llama"}},
            "answers": {
                "freedom_use": {"value": "yes", "provenance": "declared"},
                "code_inference": {
                    "value": {"released": "yes"},
                    "provenance": "imported",
                    "confirmed": True,
                },
                "model_card": {"value": {"released": "unknown"}, "provenance": "imported"},
                "optimizer_state": {"value": {"released": "no"}},
            },
        }
    )
    merged = merge_answers(base, imported)
    answers = merged.answers.answers
    assert merged.answers.assessment.title == "Procurement 42"
    assert answers["freedom_use"].value == "yes"
    assert answers["code_inference"].value == {"released": "yes"}
    assert answers["model_card"].value == imported.answers.answers["model_card"].value
    assert answers["model_card"].value["released"] == "yes"
    assert answers["optimizer_state"].value == {"released": "no"}
    assert "model_parameters_final" in answers
    kept = [n for n in merged.notes if n.question in ("freedom_use", "code_inference")]
    assert {n.question for n in kept} == {"freedom_use", "code_inference"}
    assert all(n.level == "warning" for n in kept)


def test_note_renders_level_and_question() -> None:
    """An import note prints as 'level: question: message'."""
    assert str(ImportNote("read as x", "warning", "datasets")) == "warning: datasets: read as x"
    assert str(ImportNote("hello")) == "info: hello"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("cyclonedx/olmo-ml-bom.cdx.json", "cyclonedx"),
        ("spdx/olmo-ai-package.spdx3.json", "spdx"),
        ("spdx/spdx-2.3.json", "spdx"),
        ("mot/Llama-3.1-8B.yml", "mot"),
        ("mot/legacy-format.yml", "mot"),
        ("osai-index/OLMo.yaml", "osai-index"),
        ("hf/olmo-7b-README.md", "hf"),
        ("hf/no-front-matter.md", "hf"),
    ],
)
def test_the_format_of_a_record_is_read_from_the_file(path: str, fmt: str) -> None:
    """Each kind of record is recognised from its own first bytes, so the officer need not
    name the format."""
    from osai_procure.importers import detect_format

    assert detect_format(data(path), Path(path).name) == fmt


def test_a_file_of_no_known_format_is_not_guessed(osaid_bundle: PolicyBundle) -> None:
    """Plain text, an unknown JSON and a workbook-looking zip of another name are left to the
    officer to name; a vendor workbook is recognised."""
    from osai_procure.importers import detect_format
    from osai_procure.importers.xlsx import export_vendor_workbook

    assert detect_format(b"just some notes\n", "notes.txt") is None
    assert detect_format(b'{"name": "x"}', "x.json") is None
    workbook = export_vendor_workbook(osaid_bundle, None, "ja")
    assert detect_format(workbook, "vendor.xlsx") == "xlsx"
    assert detect_format(workbook, "archive.zip") is None
