"""CycloneDX ML-BOMs: the model component, model card, data components and bad input."""

from __future__ import annotations

import json

import pytest

from osai_procure.errors import ContentError
from osai_procure.importers import import_file
from osai_procure.importers.cyclonedx import import_cyclonedx
from tests.importers.helpers import all_imported_unconfirmed, answer_values, assert_located, data


def test_llama_bom_model_card_and_flags() -> None:
    """metadata.component: licence by name, distribution, model card, results, inline data."""
    result = import_cyclonedx(data("cyclonedx/llama-ml-bom.cdx.json"), "llama.cdx.json")
    values = answer_values(result)
    assert values["model_parameters_final"] == {
        "released": "yes",
        "location": ["https://huggingface.co/meta-llama/Llama-3.1-8B"],
        "license": "LicenseRef-Llama-3.1-Community",
    }
    assert values["model_card"] == {"released": "yes"}
    assert values["evaluation_results"] == {"released": "yes"}
    assert values["datasets"] == {"released": "unknown"}
    assert values["freedom_share"] == "no"
    evidence = [e.url for e in result.answers.answers["model_parameters_final"].evidence]
    assert "https://www.llama.com/llama3_1/license/" in evidence
    assert "https://github.com/meta-llama/llama-models" in evidence
    assert result.answers.assessment.system.provider == "Meta"
    assert all_imported_unconfirmed(result)


def test_olmo_bom_data_component_by_ref() -> None:
    """A data component referenced by the model card gives the datasets and their licence."""
    result = import_cyclonedx(data("cyclonedx/olmo-ml-bom.cdx.json"), "olmo.cdx.json")
    values = answer_values(result)
    assert values["datasets"] == {
        "released": "yes",
        "location": ["https://huggingface.co/datasets/allenai/dolma"],
        "license": "ODC-By-1.0",
    }
    assert values["model_card"] == {
        "released": "yes",
        "location": ["https://huggingface.co/allenai/OLMo-7B/blob/main/README.md"],
    }
    assert "code_supporting_libraries" not in values  # a library component is not read as one


def test_concluded_licences_win_and_several_are_anded() -> None:
    """Concluded licence entries win over declared ones; several entries all apply."""
    bom = json.loads(data("cyclonedx/olmo-ml-bom.cdx.json"))
    model = bom["components"][0]
    model["licenses"] = [
        {"license": {"id": "MIT", "acknowledgement": "declared"}},
        {"license": {"id": "Apache-2.0", "acknowledgement": "concluded"}},
        {"license": {"name": "CC-BY-4.0", "acknowledgement": "concluded"}},
    ]
    result = import_cyclonedx(json.dumps(bom).encode(), "c.json")
    licence = result.answers.answers["model_parameters_final"].value["license"]
    assert licence == "Apache-2.0 AND CC-BY-4.0"


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("cyclonedx/spec-1.7.cdx.json", "specVersion '1.7' is not supported"),
        ("cyclonedx/spec-1.4.cdx.json", "specVersion '1.4' is not supported"),
        ("cyclonedx/truncated.cdx.json", "malformed JSON"),
        ("cyclonedx/wrong-types.cdx.json", "a licence entry must be an object"),
        ("spdx/spdx-2.3.json", "not a CycloneDX BOM"),
    ],
)
def test_bad_boms(fixture: str, message: str) -> None:
    """Unexpected versions, truncation, wrong shapes and other formats fail clearly."""
    with pytest.raises(ContentError) as caught:
        import_file("cyclonedx", data(fixture), fixture)
    assert message in str(caught.value)
    assert_located(caught.value, fixture)


def test_wrong_types_all_reported_with_lines() -> None:
    """Every shape problem of a BOM is reported at once, each with a line and path."""
    with pytest.raises(ContentError) as caught:
        import_cyclonedx(data("cyclonedx/wrong-types.cdx.json"), "w.json")
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "components[OLMo-7B].licenses[0]",
        "components[OLMo-7B].licenses[1]",
        "components[dolma].name",
    ]
    assert all(p.line for p in caught.value.problems)


def test_bom_without_model() -> None:
    """A BOM with no machine-learning-model component has nothing to import."""
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "components": [{"type": "library", "name": "torch"}],
    }
    with pytest.raises(ContentError, match="no 'machine-learning-model' component"):
        import_cyclonedx(json.dumps(bom).encode(), "lib.json")


def test_metadata_component_repeated_in_components_counts_once() -> None:
    """The model given both as metadata.component and in components is one model."""
    bom = json.loads(data("cyclonedx/llama-ml-bom.cdx.json"))
    bom["components"] = [bom["metadata"]["component"]]
    result = import_cyclonedx(json.dumps(bom).encode(), "twice.json")
    assert not any("models" in n.message for n in result.warnings)
    assert result.answers.assessment.system.name == "Llama-3.1-8B"
