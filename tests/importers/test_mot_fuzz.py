"""Hundreds of messy MOT-shaped files: each imports or fails with a located ContentError."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai_procure.engine import evaluate
from osai_procure.errors import ContentError
from osai_procure.importers import import_file
from osai_procure.importers.mot import MOF_QUESTIONS
from osai_procure.loading import PolicyBundle, answers_from_bytes
from tests.importers.helpers import assert_located

LICENCES = [
    "Apache-2.0",
    "Apache 2.0",
    "apache-2.0",
    " MIT",
    "MIT ",
    "mit or apache-2.0",
    "CC-BY-4.0",
    "cc by 4.0",
    "unlicensed",
    "Unlicensed",
    "Undisclosed",
    "undisclosed",
    "",
    "Component not include",
    "Component not included",
    "License not specified",
    "Proprietary",
    " Falcon-180B TII License",
    "Llama 3.1 Community License Agreement",
    "llama2",
    "gemma",
    "GPL-2.0",
    "GPL-2.0+",
    "Apache-2.0 AND",
    "(MIT",
    "MIT WITH Apache-2.0",
    "LicenseRef-x",
    "CC-BY-NC-4.0",
    "openrail++",
    "bigscience-bloom-rail-1.0",
    "Tongyi Qianwen",
    "NOASSERTION",
    "アパッチ",
    "=cmd|' /C calc'!A0",
    "x" * 300,
]
NAMES = [
    *MOF_QUESTIONS,
    *MOF_QUESTIONS,
    "model card",
    "MODEL ARCHITECTURE",
    "Modle card",
    "Weights",
    "Datasets ",
    "Model parameters (final)",
    "Supporting libraries & tools",
    "",
]
ODD_VALUES: list[Any] = [None, 0, 1.5, True, [], {}, ["x"], {"a": 1}, "", " "]
PATHS = [
    "https://example.org/x",
    "http://example.org/y",
    "",
    "see paper",
    "ftp://x",
    None,
    "https://",
    "javascript:alert(1)",
]


def messy_mot(rng: random.Random) -> Any:
    """A MOT-shaped document written by careless hands; about a third are hostile too."""
    odd = 0.06 if rng.random() < 0.35 else 0.0

    def maybe(value: Any, scale: float = 1.0) -> Any:
        """Usually `value`; in a hostile file sometimes a fresh odd value of the wrong type."""
        return copy.deepcopy(rng.choice(ODD_VALUES)) if rng.random() < odd * scale else value

    components: list[Any] = []
    for _ in range(rng.randint(0, 24)):
        component: dict[str, Any] = {}
        if rng.random() >= odd / 3:
            component["name"] = maybe(rng.choice(NAMES[:-1] if not odd else NAMES), 0.3)
        if rng.random() < 0.7:
            component["description"] = maybe("a description")
        key = rng.choice(["license", "license", "license_name"])
        if rng.random() < 0.7:
            component[key] = maybe(rng.choice(LICENCES))
        if rng.random() < 0.4:
            component[rng.choice(["component_path", "location"])] = maybe(rng.choice(PATHS))
        if rng.random() < 0.3:
            component["license_path"] = maybe(rng.choice(PATHS))
        components.append(maybe(component, 0.3))
    licence: Any = {}
    for kind in ("distribution", "code", "data", "document"):
        if rng.random() < 0.5:
            licence[kind] = maybe(
                {"name": maybe(rng.choice(LICENCES)), "path": maybe(rng.choice(PATHS))}
            )
    release: dict[str, Any] = {
        "name": maybe(rng.choice(["Model-7B", "x", "モデル", "1.0"])),
        "version": maybe("7B"),
        "producer": maybe("Somebody"),
        "repository": maybe(rng.choice(PATHS)),
        "huggingface": maybe(rng.choice(PATHS)),
        "license": maybe(licence),
        "components": maybe(components, 0.5),
    }
    for key in list(release):
        if rng.random() < odd / 2:
            del release[key]
    document: dict[str, Any] = {"release": maybe(release, 0.3)}
    if rng.random() < 0.95:
        document["framework"] = {
            "name": "Model Openness Framework" if rng.random() >= odd else "MOF",
            "version": rng.choice(["1.0", "1.0", "1.0", 1.0, None] + (["1.1"] if odd else [])),
            "date": "2024-12-15",
        }
    return document


def mangle(rng: random.Random, text: str) -> str:
    """Sometimes damage the YAML text itself: truncation, tabs, stray quotes."""
    roll = rng.random()
    if roll < 0.05:
        return text[: rng.randint(0, len(text))]
    if roll < 0.08:
        return text.replace("  ", "\t", 1)
    if roll < 0.10:
        return text.replace("'", "", 1)
    return text


def check_one(raw: bytes, name: str, bundle: PolicyBundle) -> str:
    """Import one file; assert it either imports fully or fails with a located error."""
    try:
        result = import_file("mot", raw, name, bundle)
    except ContentError as error:
        assert_located(error, name)
        return "error"
    answers = result.answers
    assert all(a.provenance == "imported" and not a.confirmed for a in answers.answers.values())
    # The answers file round-trips through the loader, and the engine evaluates it.
    dumped = yaml.safe_dump(
        answers.model_dump(mode="json", exclude_none=True), allow_unicode=True
    ).encode()
    assert answers_from_bytes(dumped, "roundtrip.yaml", bundle) == answers
    evaluation = evaluate(bundle, answers)
    assert set(evaluation.unconfirmed_imports) <= set(answers.answers)
    return "ok"


def test_hundreds_of_generated_files(osaid_bundle: PolicyBundle) -> None:
    """400 seeded messy files: none crashes; most import, the rest fail with a place."""
    rng = random.Random(20261121)
    outcomes = {"ok": 0, "error": 0}
    for index in range(400):
        text = yaml.safe_dump(messy_mot(rng), allow_unicode=True, sort_keys=rng.random() < 0.5)
        outcomes[check_one(mangle(rng, text).encode(), f"gen-{index}.yml", osaid_bundle)] += 1
    assert outcomes["ok"] > 200
    assert outcomes["error"] > 50


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(LICENCES),
    st.sampled_from(NAMES),
)
component_strategy = st.dictionaries(
    st.sampled_from(
        [
            "name",
            "license",
            "license_name",
            "component_path",
            "license_path",
            "location",
            "description",
            "extra",
        ]
    ),
    st.one_of(json_scalars, st.lists(json_scalars, max_size=2)),
    max_size=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    components=st.lists(st.one_of(component_strategy, json_scalars), max_size=20),
    licence=st.one_of(
        json_scalars,
        st.dictionaries(
            st.sampled_from(["distribution", "code", "data", "document", "other"]),
            st.one_of(
                json_scalars, st.dictionaries(st.sampled_from(["name", "path"]), json_scalars)
            ),
        ),
    ),
    name=json_scalars,
)
def test_property_any_shape_is_imported_or_located(
    osaid_bundle: PolicyBundle, components: list[Any], licence: Any, name: Any
) -> None:
    """Whatever the shapes and types of the fields, the outcome is an import or a located error."""
    document = {
        "framework": {"name": "Model Openness Framework", "version": "1.0"},
        "release": {"name": name, "license": licence, "components": components},
    }
    raw = yaml.safe_dump(document, allow_unicode=True).encode()
    assert check_one(raw, "prop.yml", osaid_bundle) in ("ok", "error")


@pytest.mark.parametrize("count", [17, 18, 60])
def test_many_components(osaid_bundle: PolicyBundle, count: int) -> None:
    """More than the 17 MOF components (repeats) imports with a warning about the count."""
    names = list(MOF_QUESTIONS) * 4
    document = {
        "framework": {"name": "Model Openness Framework", "version": "1.0"},
        "release": {"name": "Big", "components": [{"name": n} for n in names[:count]]},
    }
    result = import_file("mot", yaml.safe_dump(document).encode(), "big.yml", osaid_bundle)
    assert (count > 17) == any(
        "lists" in n.message and "components" in n.message for n in result.warnings
    )
