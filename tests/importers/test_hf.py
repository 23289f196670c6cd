"""Hugging Face model cards: front matter, licences, datasets, base models and bad input."""

from __future__ import annotations

import pytest

from osai_procure.errors import ContentError
from osai_procure.importers import import_file
from osai_procure.importers.hf import import_model_card
from tests.importers.helpers import all_imported_unconfirmed, answer_values, assert_located, data


def test_llama_card_licence_and_gating() -> None:
    """A Llama card: the catalogued licence, its red flags, and gated downloads are reported."""
    result = import_model_card(data("hf/llama-3.1-8b-README.md"), "Llama-3.1-8B/README.md")
    values = answer_values(result)
    assert values["model_parameters_final"] == {
        "released": "yes",
        "license": "LicenseRef-Llama-3.1-Community",
    }
    assert values["model_card"] == values["model_parameters_final"]
    assert values["freedom_use"] == "no"
    assert result.answers.assessment.system.name == "Llama-3.1-8B"
    assert any("gated" in n.message for n in result.warnings)
    assert any(
        "'llama3.1' normalised to LicenseRef-Llama-3.1-Community" in n.message for n in result.notes
    )
    assert all_imported_unconfirmed(result)


def test_olmo_card_datasets_and_results() -> None:
    """Named datasets become locations with release unknown; model-index shows results."""
    result = import_model_card(data("hf/olmo-7b-README.md"), "README.md")
    values = answer_values(result)
    assert values["model_parameters_final"] == {"released": "yes", "license": "Apache-2.0"}
    assert values["evaluation_results"] == {"released": "yes", "license": "Apache-2.0"}
    assert values["datasets"] == {
        "released": "unknown",
        "location": ["https://huggingface.co/datasets/allenai/dolma"],
    }
    assert result.answers.assessment.system.name == "OLMo-7B"
    assert "freedom_use" not in values
    assert "code_training" not in values


def test_other_licence_with_name_link_and_base_model() -> None:
    """`license: other` reads license_name, keeps license_link as evidence, warns on base."""
    result = import_model_card(data("hf/qwen-derived-README.md"), "qwen.md")
    params = result.answers.answers["model_parameters_final"]
    assert params.value["license"] == "LicenseRef-Tongyi-Qianwen"
    assert [e.url for e in params.evidence] == [
        "https://huggingface.co/Qwen/Qwen1.5-72B/blob/main/LICENSE"
    ]
    warnings = " ".join(n.message for n in result.warnings)
    assert "derived (finetune) from Qwen/Qwen1.5-72B" in warnings
    assert "'not a dataset id!' is not a Hugging Face dataset id" in warnings


def test_card_without_licence_warns() -> None:
    """A card with no licence still records the released weights, with unstated terms."""
    result = import_model_card(b"---\nlanguage: en\n---\n# x\n", "x/README.md")
    assert answer_values(result)["model_parameters_final"] == {"released": "yes"}
    assert any("no licence" in n.message for n in result.warnings)


def test_licence_list_read_as_conjunction() -> None:
    """Several licences listed are all taken to apply."""
    result = import_model_card(b"---\nlicense: [mit, cc-by-4.0]\n---\n", "m.md")
    assert result.answers.answers["model_card"].value["license"] == "MIT AND CC-BY-4.0"


@pytest.mark.parametrize(
    ("fixture", "message", "line"),
    [
        ("hf/no-front-matter.md", "no YAML front matter", 1),
        ("hf/unclosed.md", "not closed", 4),
        ("hf/malformed-yaml.md", "malformed YAML", 3),
        ("hf/alias.md", "aliases", 3),
        ("hf/wrong-types.md", "license must be text or a list of texts", 2),
    ],
)
def test_bad_cards_fail_with_line(fixture: str, message: str, line: int) -> None:
    """Missing, unclosed, malformed, aliased or mistyped front matter fails at its line."""
    with pytest.raises(ContentError) as caught:
        import_file("hf", data(fixture), fixture)
    assert message in str(caught.value)
    assert caught.value.problems[0].line == line
    assert_located(caught.value, fixture)


def test_empty_and_huge_cards() -> None:
    """Empty front matter and oversize files are refused with a clear message."""
    with pytest.raises(ContentError, match="front matter is empty"):
        import_file("hf", b"---\n---\nbody\n", "e.md")
    with pytest.raises(ContentError, match="the limit is"):
        import_file("hf", b"---\nlicense: mit\n---\n" + b"x" * (3 * 1024 * 1024), "big.md")
    with pytest.raises(ContentError, match="front matter is over"):
        import_file("hf", b"---\n" + b"# pad\n" * 60_000 + b"---\n", "fm.md")


def test_crlf_and_byte_order_mark() -> None:
    """A card saved with a byte order mark and Windows line endings imports the same."""
    raw = "\ufeff---\r\nlicense: mit\r\n---\r\n# Card\r\n".encode()
    result = import_model_card(raw, "win/README.md")
    assert result.answers.answers["model_card"].value == {"released": "yes", "license": "MIT"}
    assert result.answers.assessment.system.name == "win"


def test_gated_card_denies_use_and_share_on_terms() -> None:
    """Gated downloads answer the freedoms to use and share no, naming gated access as the
    terms they follow from and the front-matter keys that show it."""
    raw = (
        b"---\nlicense: apache-2.0\nextra_gated_prompt: Agree to share your contact details\n"
        b"extra_gated_fields:\n  Company: text\n---\n# Model\n"
    )
    result = import_model_card(raw, "README.md")
    answers = result.answers.answers
    for freedom in ("freedom_use", "freedom_share"):
        assert answers[freedom].value == "no"
        assert answers[freedom].terms == ("gated_access",)
        assert answers[freedom].source is not None
        assert "extra_gated_prompt" in answers[freedom].source.fields
    assert "freedom_study" not in answers


def test_base_model_fills_the_lineage_questions() -> None:
    """A card's base_model answers that the weights are derived, names the base model and
    links its hub page."""
    raw = (
        b"---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B\n"
        b"base_model_relation: finetune\n---\n# Tuned\n"
    )
    result = import_model_card(raw, "README.md")
    values = answer_values(result)
    assert values["base_model_used"] == "yes"
    assert values["base_model_name"] == "meta-llama/Llama-3.1-8B"
    assert values["base_model_record"] == ["https://huggingface.co/meta-llama/Llama-3.1-8B"]
    source = result.answers.answers["base_model_used"].source
    assert source is not None
    assert source.fields == ("base_model", "base_model_relation")
