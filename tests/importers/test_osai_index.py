"""European Open Source AI Index entries: grades, links, notes, lineage and bad input.

The two sample entries under tests/data/importers/osai-index are copied unchanged from the
index (CC-BY 4.0, doi:10.5281/zenodo.15386042; see ATTRIBUTION.md there).
"""

from __future__ import annotations

import pytest

from osai_procure.engine import evaluate
from osai_procure.errors import ContentError
from osai_procure.importers import import_file
from osai_procure.importers.osai_index import import_osai_index
from osai_procure.loading import PolicyBundle
from tests.importers.helpers import DATA, all_imported_unconfirmed, answer_values, assert_located

INDEX = DATA / "osai-index"


def test_olmo_entry_maps_open_grades_and_lineage() -> None:
    """OLMo: open grades are releases with the index's links; base and end model fill the
    lineage questions; the end model's licence applies to its weights."""
    result = import_file("osai-index", INDEX / "OLMo.yaml", "OLMo.yaml")
    values = answer_values(result)
    assert values["model_parameters_final"] == {
        "released": "yes",
        "location": ["https://huggingface.co/allenai/Olmo-3.1-32B-Think"],
        "license": "Apache-2.0",
    }
    assert values["code_training"]["released"] == "yes"  # type: ignore[index]
    assert values["research_paper"] == {
        "released": "yes",
        "location": ["https://openreview.net/forum?id=2ezugTT9kU#discussion"],
    }
    assert values["base_model_used"] == "yes"
    assert values["base_model_name"] == "Olmo-3-1125-32B"
    assert values["base_model_parameters"] == {
        "released": "yes",
        "location": ["https://huggingface.co/allenai/Olmo-3-1125-32B"],
    }
    assert "freedom_use" not in values
    assert result.answers.assessment.system.name == "Olmo-3.1-32B-Think"
    assert all_imported_unconfirmed(result)
    assert any("doi:10.5281/zenodo.15386042" in n.message for n in result.notes)


def test_every_answer_keeps_its_grade_notes_and_fields() -> None:
    """Each answer names the dimension's keys it came from and keeps the index's notes."""
    result = import_file("osai-index", INDEX / "llama-3.1.yaml", "llama-3.1.yaml")
    answer = result.answers.answers["code_training"]
    assert answer.source is not None
    assert answer.source.record == "llama-3.1.yaml"
    assert answer.source.fields == ("trainingcode.class", "trainingcode.link", "trainingcode.notes")
    assert "Repository only offers code for inference pipeline" in (answer.note or "")
    assert [e.url for e in answer.evidence] == ["https://github.com/meta-llama/llama3"]


def test_partial_is_never_released_under_open_terms() -> None:
    """Partial weights and code are left unknown; a partial document exists but its terms are
    not stated; closed is not released."""
    values = answer_values(import_file("osai-index", INDEX / "llama-3.1.yaml", "llama.yaml"))
    assert values["code_training"] == {"released": "unknown"}
    assert values["base_model_parameters"] == {"released": "unknown"}
    assert values["model_card"] == {
        "released": "yes",
        "location": ["https://huggingface.co/meta-llama/Meta-Llama-3.1-405B"],
    }
    assert values["model_parameters_final"] == {"released": "no"}
    assert values["datasets"] == {"released": "no"}
    assert values["base_model_preferred_form"] == "no"


def test_index_verdicts(osaid_bundle: PolicyBundle) -> None:
    """Llama 3.1 is not Open Source AI on stated gaps; OLMo waits for evidence the index does
    not grade (freedoms, data information, the base model's terms)."""
    llama = import_file("osai-index", INDEX / "llama-3.1.yaml", "l.yaml", osaid_bundle)
    result = evaluate(osaid_bundle, llama.answers)
    assert result.osaid.verdict == "not_open_source_ai"
    assert result.osaid.would_pass_if_terms_changed is False
    olmo = import_file("osai-index", INDEX / "OLMo.yaml", "o.yaml", osaid_bundle)
    assert evaluate(osaid_bundle, olmo.answers).osaid.verdict == "insufficient_evidence"


def test_flat_keys_and_emoji_grades_are_read() -> None:
    """The flat `_class`/`_link`/`_notes` form and the emoji grades read like the nested form."""
    raw = (
        "system: {name: Tiny, endmodelname: Tiny-1B, endmodellicense: MIT}\n"
        "weights_endmodel_class: 🟩\n"
        "weights_endmodel_link: https://example.org/tiny\n"
        "weights_endmodel_notes: On the hub.\n"
        "trainingcode_class: 🟥\n"
    ).encode()
    result = import_osai_index(raw, "tiny.yaml")
    values = answer_values(result)
    assert values["model_parameters_final"] == {
        "released": "yes",
        "location": ["https://example.org/tiny"],
        "license": "MIT",
    }
    assert values["code_training"] == {"released": "no"}
    fields = result.answers.answers["code_training"].source
    assert fields is not None and fields.fields == ("trainingcode_class",)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"name: x\n", "needs a `system` mapping"),
        (b"system: {name: x}\nmodelcard: {class: shiny}\n", "is not open, partial or closed"),
        (b"system: {name: x}\nmodelcard: [open]\n", "must be a mapping of class, link, notes"),
        (b"system: {name: x}\nmodelcard: {class: open, link: 5}\n", "link must be a URL"),
        (b"system: {name: ''}\n", "system.name is empty"),
        (b"system: &s {name: x}\nother: *s\n", "aliases"),
        (b"system: {name: x}\nmodelcard: {link: " + b"[" * 100 + b"]" * 100 + b"}\n", "nesting"),
        (b"system: {name: 1" + b"0" * 200 + b"}\n", "numbers are limited"),
    ],
)
def test_bad_entries_are_located(raw: bytes, message: str) -> None:
    """A malformed or hostile entry is refused with a located message, never a traceback."""
    with pytest.raises(ContentError) as caught:
        import_osai_index(raw, "bad.yaml")
    assert message in str(caught.value)
    assert_located(caught.value, "bad.yaml")
