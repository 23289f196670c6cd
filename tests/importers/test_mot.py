"""Model Openness Tool files: licence resolution, release status, evidence and bad input."""

from __future__ import annotations

import textwrap

import pytest

from osai_procure.errors import ContentError
from osai_procure.importers import import_file
from osai_procure.importers.mot import import_mot
from osai_procure.loading import PolicyBundle
from tests.importers.helpers import (
    MOT_SAMPLES,
    all_imported_unconfirmed,
    answer_values,
    assert_located,
    data,
)


def mot(*parts: str, framework: str = "1.0") -> bytes:
    """A MOT file whose `release:` body is the parts, each dedented, joined."""
    head = (
        "framework:\n  name: 'Model Openness Framework'\n"
        f"  version: '{framework}'\n  date: '2024-12-15'\n"
    )
    body = "".join(textwrap.dedent(part) for part in parts)
    return (head + "release:\n" + textwrap.indent(body, "  ")).encode()


BASE = """\
name: Example-7B
version: 7B
producer: Example
repository: 'https://github.com/example/example'
"""


def test_olmo_sample_components() -> None:
    """OLMo-7B: every listed component is released under the distribution licence."""
    result = import_mot(data("mot/OLMo-7B.yml"), "OLMo-7B.yml")
    values = answer_values(result)
    assert values["model_parameters_final"] == {
        "released": "yes",
        "location": ["https://huggingface.co/allenai/OLMo-7B"],
        "license": "Apache-2.0",
    }
    assert values["datasets"] == {"released": "yes", "license": "Apache-2.0"}
    assert values["research_paper"] == {"released": "yes", "license": "CC-BY-4.0"}
    assert "technical_report" not in values  # not listed: the record does not say
    assert result.answers.assessment.system.name == "OLMo-7B"
    assert result.answers.assessment.system.provider == "Allen Institute for AI"
    assert all_imported_unconfirmed(result)


def test_olmo_sample_inferences_are_marked() -> None:
    """A complete open record has its OSAID judgements inferred, each note saying so."""
    result = import_mot(data("mot/OLMo-7B.yml"), "OLMo-7B.yml")
    answers = result.answers.answers
    for qid in ("freedom_use", "data_info_labelling", "substantially_equivalent"):
        assert answers[qid].value == "yes"
        assert "inferred" in (answers[qid].note or "")
        assert "Needs confirmation" in (answers[qid].note or "")
    assert answers["training_data_classes"].value == ["open"]
    assert answers["code_hyperparameter_search"].value == answers["code_training"].value
    assert "optimizer_state" not in answers
    assert any("inferred from a complete" in n.message for n in result.notes)


def test_llama_sample_licences_and_flags() -> None:
    """Llama-3.1-8B: the distribution licence is normalised and its red flags deny freedoms."""
    result = import_mot(data("mot/Llama-3.1-8B.yml"), "Llama-3.1-8B.yml")
    values = answer_values(result)
    assert values["model_parameters_final"] == {
        "released": "yes",
        "location": ["https://huggingface.co/meta-llama/Llama-3.1-8B"],
        "license": "LicenseRef-Llama-3.1-Community",
    }
    assert values["evaluation_data"] == {"released": "unknown"}
    assert values["technical_report"] == {
        "released": "yes",
        "location": ["https://ai.meta.com/blog/meta-llama-3-1/"],
    }
    assert "code_training" not in values
    assert values["freedom_use"] == "no"
    assert "freedom_study" not in values
    assert "data_info_provenance" not in values
    note = result.answers.answers["model_parameters_final"].note or ""
    assert "'Llama 3.1 Community License Agreement'" in note
    assert "release.license.distribution.name" in note
    assert any(
        "'Llama 3.1 Community License Agreement' normalised to LicenseRef-Llama-3.1-Community"
        in n.message
        for n in result.notes
    )


def test_llama_evidence_urls() -> None:
    """Evidence: component path first, then the licence text, repository and Hugging Face."""
    result = import_mot(data("mot/Llama-3.1-8B.yml"), "Llama-3.1-8B.yml")
    paper = result.answers.answers["research_paper"]
    assert [e.url for e in paper.evidence][:1] == ["https://arxiv.org/abs/2407.21783"]
    params = result.answers.answers["model_parameters_final"]
    assert [e.url for e in params.evidence] == [
        "https://www.llama.com/llama3_1/license/",
        "https://github.com/meta-llama/llama-models",
        "https://huggingface.co/meta-llama/Llama-3.1-8B",
    ]


def test_resolution_order_own_then_type_then_distribution() -> None:
    """A component's own licence wins; else its type's global licence; else distribution."""
    raw = mot(
        BASE,
        """\
        license:
          distribution: {name: Apache-2.0, path: ''}
          data: {name: CC-BY-4.0}
          document: {name: CC-BY-SA-4.0}
          code: {name: null}
        components:
          - {name: 'Model architecture'}
          - {name: 'Model parameters (Final)'}
          - {name: 'Data card'}
          - {name: 'Research paper'}
          - {name: 'Training code', license: MIT}
          - {name: 'Evaluation code', license: null}
        """,
    )
    values = answer_values(import_mot(raw, "order.yml"))
    assert values["model_architecture"] == {"released": "yes", "license": "Apache-2.0"}
    # MOT tries `data` then `code` for parameters, `document` then `code` for documentation.
    assert values["model_parameters_final"] == {"released": "yes", "license": "CC-BY-4.0"}
    assert values["data_card"] == {"released": "yes", "license": "CC-BY-SA-4.0"}
    assert values["research_paper"] == {"released": "yes", "license": "CC-BY-SA-4.0"}
    assert values["code_training"] == {"released": "yes", "license": "MIT"}
    assert values["code_evaluation"] == {"released": "yes", "license": "Apache-2.0"}


def test_parameters_fall_back_to_code_global_licence() -> None:
    """Without a `data` global licence, parameters take the `code` one, as MOT does."""
    raw = mot(
        BASE,
        """\
        license:
          code: {name: MIT}
          distribution: {name: Apache-2.0}
        components:
          - {name: 'Model parameters (Final)'}
          - {name: 'Model parameters (Intermediate)'}
        """,
    )
    values = answer_values(import_mot(raw, "fallback.yml"))
    assert values["model_parameters_final"]["license"] == "MIT"  # type: ignore[index]
    assert values["model_parameters_intermediate"]["license"] == "Apache-2.0"  # type: ignore[index]


@pytest.mark.parametrize(
    ("licence", "expected"),
    [
        ("unlicensed", {"released": "unknown"}),
        ("''", {"released": "unknown"}),
        ("'Component not included'", {"released": "no"}),
        ("'Component not include'", {"released": "no"}),
        ("'component  NOT included'", {"released": "no"}),
        ("'License not specified'", {"released": "yes"}),
        ("Undisclosed", {"released": "unknown"}),
        ("Proprietary", {"released": "no"}),
        (
            "' Falcon-180B TII License'",
            {"released": "yes", "license": "LicenseRef-Falcon-180B-TII-1.0"},
        ),
        ("'Apache 2.0'", {"released": "yes", "license": "Apache-2.0"}),
        ("'mit or apache-2.0'", {"released": "yes", "license": "MIT OR Apache-2.0"}),
    ],
)
def test_messy_licence_strings(licence: str, expected: dict[str, str]) -> None:
    """Odd licence strings are handled honestly; `unlicensed` does not inherit, and with no
    location neither it nor "Undisclosed" shows a release, while "Proprietary" shows none."""
    raw = mot(
        BASE,
        f"""\
        license:
          distribution: {{name: Apache-2.0}}
        components:
          - {{name: 'Training code', license: {licence}}}
        """,
    )
    result = import_mot(raw, "messy.yml")
    assert answer_values(result)["code_training"] == expected


def test_original_licence_kept_in_note() -> None:
    """The answer's note keeps the licence exactly as written."""
    raw = mot(BASE, "components:\n  - {name: 'Inference code', license: 'Apache 2.0'}\n")
    answer = import_mot(raw, "note.yml").answers.answers["code_inference"]
    assert answer.value["license"] == "Apache-2.0"
    assert "'Apache 2.0'" in (answer.note or "")


def test_absent_components_are_left_unknown() -> None:
    """A component the file omits, required or optional, is left unanswered, and a note says
    the record does not say."""
    raw = mot(BASE, "components:\n  - {name: 'Model architecture', license: MIT}\n")
    result = import_mot(raw, "partial.yml")
    values = answer_values(result)
    assert "datasets" not in values
    assert "model_parameters_final" not in values
    assert any("does not say" in n.message and "datasets" in n.message for n in result.notes)
    assert "code_supporting_libraries" not in values
    assert "sample_outputs" not in values
    assert any("optional" in n.message and n.question == "sample_outputs" for n in result.notes)


def test_unknown_and_duplicate_components_warn() -> None:
    """Unknown component names and repeats are reported as warnings, not silently taken."""
    raw = mot(
        BASE,
        """\
        components:
          - {name: 'Model card', license: CC-BY-4.0}
          - {name: 'Modle card', license: MIT}
          - {name: 'model CARD', license: MIT}
        """,
    )
    result = import_mot(raw, "dupes.yml")
    warnings = [n.message for n in result.warnings]
    assert any(
        "'Modle card' is not a Model Openness Framework component" in w
        and "did you mean 'Model card'" in w
        for w in warnings
    )
    assert any("listed again" in w for w in warnings)
    assert answer_values(result)["model_card"] == {"released": "yes", "license": "CC-BY-4.0"}


def test_component_paths_become_locations() -> None:
    """A URL component_path is the location and first evidence; other text is noted."""
    raw = mot(
        BASE,
        """\
        components:
          - name: 'Training code'
            license: Apache-2.0
            component_path: 'https://github.com/example/example/tree/main/train'
            license_path: 'https://github.com/example/example/blob/main/LICENSE'
          - name: 'Inference code'
            license: Apache-2.0
            component_path: 'see the paper'
        """,
    )
    result = import_mot(raw, "paths.yml")
    training = result.answers.answers["code_training"]
    assert training.value["location"] == ["https://github.com/example/example/tree/main/train"]
    assert [e.url for e in training.evidence][:2] == [
        "https://github.com/example/example/blob/main/LICENSE",
        "https://github.com/example/example/tree/main/train",
    ]
    inference = result.answers.answers["code_inference"]
    assert "location" not in inference.value
    assert "'see the paper' is not a URL" in (inference.note or "")


def test_legacy_format_is_read() -> None:
    """Older MOT files (license_name, location, github) import the same way."""
    result = import_mot(data("mot/legacy-format.yml"), "legacy-format.yml")
    values = answer_values(result)
    assert values["model_architecture"] == {
        "released": "yes",
        "location": ["https://github.com/example/example-40b/blob/main/model.py"],
        "license": "Apache-2.0",
    }
    assert values["code_training"] == {"released": "no"}
    assert values["model_parameters_final"] == {
        "released": "yes",
        "location": ["https://huggingface.co/example/example-40b/tree/main"],
    }
    assert values["code_inference"]["license"] == "LicenseRef-Falcon-180B-TII-1.0"  # type: ignore[index]
    urls = {e.url for e in result.answers.answers["code_training"].evidence}
    assert "https://github.com/example/example-40b" in urls


def test_messy_fixture_imports_with_warnings() -> None:
    """The hand-written messy fixture imports, its problems turned into notes."""
    result = import_mot(data("mot/messy.yml"), "messy.yml")
    values = answer_values(result)
    assert values["code_training"] == {"released": "unknown"}
    assert values["code_inference"] == {"released": "unknown"}
    assert values["research_paper"] == {"released": "no"}
    assert values["evaluation_data"] == {"released": "yes"}
    assert len(result.warnings) >= 3


def test_checked_against_policy(osaid_bundle: PolicyBundle) -> None:
    """With a policy, the answers name it and every value fits its question."""
    result = import_file("mot", MOT_SAMPLES / "OLMo-7B.yml", "OLMo-7B.yml", osaid_bundle)
    assert result.answers.policy is not None
    assert result.answers.policy.id == osaid_bundle.policy.id
    assert set(result.answers.answers) <= set(osaid_bundle.questions)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (mot(BASE, "components: []\n", framework="2.0"), "version '2.0' is not supported"),
        (
            b"framework:\n  name: Other Framework\n  version: '1.0'\nrelease:\n  name: x\n"
            b"  components: []\n",
            "is not the Model Openness Framework",
        ),
        (b"- just\n- a list\n", "top level must be a mapping"),
        (b"framework: {name: 'Model Openness Framework', version: '1.0'}\n", "release is missing"),
        (mot(BASE), "release.components is missing"),
        (mot(BASE, "components: {name: x}\n"), "components must be a list"),
        (mot(BASE, "components:\n  - 42\n"), "a component must be a mapping"),
        (
            mot(BASE, "components:\n  - {name: 'Model card', license: [MIT]}\n"),
            "license must be text, not a list",
        ),
        (mot(BASE, "components:\n  - {license: MIT}\n"), "name is required"),
        (mot("name: [x]\ncomponents: []\n"), "name must be text"),
        (mot(BASE, "license: 7\ncomponents: []\n"), "license must be a mapping"),
        (
            mot(
                BASE,
                "components:\n  - name: 'Model card'\n    license: MIT\n  - name: x\n    name: y\n",
            ),
            "duplicate key 'name'",
        ),
        (mot(BASE, "components:\n  - &a {name: 'Model card'}\n  - *a\n"), "aliases"),
        (
            mot(BASE, "components:\n  - {name: 'Model card', license: \"\\ud800\"}\n"),
            "escape",
        ),
        (mot(BASE, "components:\n  - {name: 'Model card'\n"), "malformed YAML"),
        (b"\xff\xfe not utf-8", "not valid UTF-8"),
        (b"", "empty"),
    ],
)
def test_bad_files_are_refused_with_a_place(raw: bytes, message: str) -> None:
    """Malformed, truncated, unexpected-version or mistyped files fail with a located error."""
    with pytest.raises(ContentError) as caught:
        import_file("mot", raw, "bad.yml")
    assert message in str(caught.value)
    assert_located(caught.value, "bad.yml")


def test_huge_file_refused_before_parsing() -> None:
    """A file over the size cap is refused by size, before any parsing."""
    raw = mot(BASE, "components: []\n") + b"#" * (600 * 1024)
    with pytest.raises(ContentError, match="the limit is"):
        import_file("mot", raw, "huge.yml")


def test_wrong_type_problems_reported_together() -> None:
    """Every field problem of a file is reported at once, each with its line."""
    raw = mot(
        BASE,
        """\
        components:
          - {name: 'Model card', license: [MIT]}
          - {name: 'Data card', component_path: 5.5, license_path: {a: b}}
        """,
    )
    with pytest.raises(ContentError) as caught:
        import_mot(raw, "many.yml")
    assert len(caught.value.problems) == 2
    assert all(p.line for p in caught.value.problems)
    assert "release.components[Data card].license_path" in str(caught.value)


def test_every_answer_names_its_record_and_fields() -> None:
    """Each imported answer names the record and the fields it was read from."""
    result = import_mot(data("mot/Llama-3.1-8B.yml"), "Llama-3.1-8B.yml")
    answers = result.answers.answers
    for answer in answers.values():
        assert answer.source is not None
        assert answer.source.record == "Llama-3.1-8B.yml"
        assert answer.source.fields
    assert answers["research_paper"].source is not None
    assert answers["research_paper"].source.fields == (
        "release.components[Research paper]",
        "release.components[Research paper].component_path",
        "release.components[Research paper].license",
    )
    params = answers["model_parameters_final"].source
    assert params is not None
    assert "release.license.distribution.name" in params.fields


def test_freedoms_denied_by_licence_name_their_terms() -> None:
    """A freedom answered no because of licence red flags records the flags it follows from."""
    result = import_mot(data("mot/Llama-3.1-8B.yml"), "Llama-3.1-8B.yml")
    use = result.answers.answers["freedom_use"]
    assert use.value == "no"
    assert {"use_restrictions", "user_caps"} <= set(use.terms)
    assert use.source is not None
    assert "release.license.distribution.name" in use.source.fields


@pytest.mark.parametrize(
    ("hub", "expected"),
    [
        ("https://huggingface.co/example/Example-7B", "yes"),
        ("https://hf.co/example/Example-7B/tree/main", "yes"),
        ("https://huggingface.co", None),
        ("https://huggingface.co/datasets/example/corpus", None),
        ("https://huggingface.co/example", None),
    ],
)
def test_model_hub_page_shows_unlisted_weights(hub: str, expected: str | None) -> None:
    """The model's own hub page shows its weights published; other hub URLs show nothing."""
    raw = mot(
        BASE,
        f"huggingface: '{hub}'\n",
        "license:\n  distribution: {name: Apache-2.0}\n",
        "components:\n  - {name: 'Model card'}\n",
    )
    values = answer_values(import_mot(raw, "hub.yml"))
    if expected is None:
        assert "model_parameters_final" not in values
    else:
        assert values["model_parameters_final"] == {
            "released": expected,
            "location": [hub],
            "license": "Apache-2.0",
        }


@pytest.mark.parametrize(
    ("component", "expected"),
    [
        ("{name: 'Model parameters (Final)', license: Proprietary}", {"released": "no"}),
        ("{name: 'Model parameters (Final)', license: unlicensed}", {"released": "unknown"}),
        (
            "{name: 'Model parameters (Final)', license: Proprietary, "
            "component_path: 'https://example.com/weights'}",
            {
                "released": "yes",
                "location": ["https://example.com/weights"],
                "license": "Proprietary",
            },
        ),
        (
            "{name: 'Model parameters (Final)', license: 'Component Component not included'}",
            {"released": "no"},
        ),
    ],
)
def test_non_release_markers_of_weights(component: str, expected: dict[str, object]) -> None:
    """Weights marked proprietary with nowhere to get them were not published; `unlicensed`
    with nowhere to get them says nothing; a location shows them released."""
    raw = mot(BASE, f"components:\n  - {component}\n")
    assert answer_values(import_mot(raw, "gpt.yml"))["model_parameters_final"] == expected


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("treatment: 'chat fine-tuned'\norigin: Llama-3.1-8B\n", ("yes", "Llama-3.1-8B")),
        ("treatment: pre-trained\norigin: Example\n", ("no", None)),
        ("origin: Example\n", (None, None)),
    ],
)
def test_lineage_from_treatment_and_origin(extra: str, expected: tuple[str | None, ...]) -> None:
    """`release.treatment` says whether the model is derived and `release.origin` names the
    base; an origin without a treatment leaves the lineage unknown."""
    raw = mot(BASE, extra, "components:\n  - {name: 'Model card', license: CC-BY-4.0}\n")
    values = answer_values(import_mot(raw, "tuned.yml"))
    assert (values.get("base_model_used"), values.get("base_model_name")) == expected
