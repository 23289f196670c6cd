"""SPDX 3.0 AI and Dataset packages: licences from relationships, datasets, bad versions."""

from __future__ import annotations

import json

import pytest

from osai_procure.errors import ContentError
from osai_procure.importers import import_file
from osai_procure.importers.spdx3 import import_spdx3
from tests.importers.helpers import all_imported_unconfirmed, answer_values, assert_located, data

FIXTURE = "spdx/olmo-ai-package.spdx3.json"


def test_ai_package_and_datasets() -> None:
    """The AI package gives the parameters; trainedOn/testedOn datasets their components."""
    result = import_spdx3(data(FIXTURE), "olmo.spdx3.json")
    values = answer_values(result)
    assert values["model_parameters_final"] == {
        "released": "yes",
        "location": ["https://huggingface.co/allenai/OLMo-7B"],
        "license": "Apache-2.0",
    }
    assert values["datasets"] == {
        "released": "yes",
        "location": ["https://huggingface.co/datasets/allenai/dolma"],
        "license": "ODC-By-1.0",
    }
    assert values["evaluation_data"] == {
        "released": "yes",
        "location": ["https://huggingface.co/datasets/allenai/paloma"],
    }
    info = result.answers.assessment.system
    assert (info.name, info.version, info.provider) == ("OLMo-7B", "7B", "Allen Institute for AI")
    assert all_imported_unconfirmed(result)


def test_dataset_descriptions_answer_data_information() -> None:
    """Collection and preprocessing descriptions answer (1)(c) and (1)(e), quoting them."""
    result = import_spdx3(data(FIXTURE), "olmo.spdx3.json")
    answers = result.answers.answers
    assert answers["data_info_collection"].value == "yes"
    assert "Common Crawl" in (answers["data_info_collection"].note or "")
    assert answers["data_info_processing"].value == "yes"
    assert "data_info_labelling" not in answers
    assert any("data_info_labelling" in n.message for n in result.notes)


def test_noassertion_licence_is_unstated() -> None:
    """A NoAssertionLicense leaves the terms unstated, with a warning naming the dataset."""
    result = import_spdx3(data(FIXTURE), "olmo.spdx3.json")
    assert "license" not in result.answers.answers["evaluation_data"].value
    assert any("Paloma" in n.message for n in result.warnings)


def test_declared_license_sets_and_listed_licences() -> None:
    """License sets and listed-licence IRIs are turned into SPDX expressions."""
    doc = json.loads(data(FIXTURE))
    graph = doc["@graph"]
    graph.append(
        {
            "type": "expandedlicensing_DisjunctiveLicenseSet",
            "spdxId": "urn:set",
            "expandedlicensing_member": [
                "https://spdx.org/licenses/MIT",
                "https://spdx.org/licenses/Apache-2.0",
            ],
        }
    )
    for element in graph:
        if element.get("relationshipType") == "hasConcludedLicense" and element["from"].endswith(
            "/model"
        ):
            element["to"] = ["urn:set"]
    result = import_spdx3(json.dumps(doc).encode(), "set.json")
    assert result.answers.answers["model_parameters_final"].value["license"] == "MIT OR Apache-2.0"


def test_several_ai_packages_root_element_wins() -> None:
    """With several AI packages, the document's root element is imported, others noted."""
    doc = json.loads(data(FIXTURE))
    doc["@graph"].insert(3, {"type": "ai_AIPackage", "spdxId": "urn:base", "name": "Base"})
    result = import_spdx3(json.dumps(doc).encode(), "two.json")
    assert result.answers.assessment.system.name == "OLMo-7B"
    assert any("left out Base" in n.message for n in result.warnings)


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("spdx/spdx-2.3.json", "SPDX-2.3 document; only SPDX 3.0"),
        ("spdx/future-version.spdx4.json", "specVersion '4.0.0' is not supported"),
        ("spdx/truncated.spdx3.json", "malformed JSON"),
        ("spdx/no-ai-package.spdx3.json", "no AI package"),
    ],
)
def test_bad_documents(fixture: str, message: str) -> None:
    """SPDX 2.x, future versions, truncation and missing AI packages fail clearly."""
    with pytest.raises(ContentError) as caught:
        import_file("spdx", data(fixture), fixture)
    assert message in str(caught.value)
    assert_located(caught.value, fixture)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["@graph"].append(42), "an element must be a JSON object"),
        (lambda d: d["@graph"].append({"name": "x"}), "an element has no `type`"),
        (lambda d: d["@graph"].append({"type": "Relationship", "from": 1}), "needs `from`"),
        (lambda d: d["@graph"][0].update(specVersion=3), "specVersion must be text"),
        (lambda d: d.update({"@graph": {}}), "no `@graph` list"),
    ],
)
def test_mistyped_elements_are_located(mutate: object, message: str) -> None:
    """Elements of the wrong shape are reported with their place in the graph."""
    doc = json.loads(data(FIXTURE))
    mutate(doc)  # type: ignore[operator]
    with pytest.raises(ContentError) as caught:
        import_spdx3(json.dumps(doc, indent=1).encode(), "m.json")
    assert message in str(caught.value)
    assert_located(caught.value, "m.json")


def test_licence_reference_to_a_missing_element_is_unstated() -> None:
    """A licence relationship pointing at an element not in the document states no terms."""
    doc = json.loads(data(FIXTURE))
    for element in doc["@graph"]:
        if element.get("relationshipType") == "hasConcludedLicense" and element["from"].endswith(
            "/model"
        ):
            element["to"] = ["https://example.org/spdx/elsewhere/license"]
    result = import_spdx3(json.dumps(doc).encode(), "missing.json")
    assert "license" not in result.answers.answers["model_parameters_final"].value
    assert any("terms are not stated" in n.message for n in result.warnings)
