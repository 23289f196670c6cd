"""Reading what an officer types to start from a model's name."""

from __future__ import annotations

import pytest

from osai_procure.gather import GatherError, Reference, parse_reference, parse_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("llm-jp/llm-jp-3-13b", Reference("hf", "llm-jp/llm-jp-3-13b")),
        (
            "https://huggingface.co/llm-jp/llm-jp-3-13b/tree/main",
            Reference("hf", "llm-jp/llm-jp-3-13b"),
        ),
        ("https://github.com/llm-jp/scripts.git", Reference("github", "llm-jp/scripts")),
        ("https://mot.isitopen.ai/model/1130", Reference("mot", "1130")),
        ("mot:1130", Reference("mot", "1130")),
        ("https://osai-index.eu/model/olmo-7b-instruct", Reference("index", "olmo-7b-instruct")),
        ("  index:llama-3.1 ", Reference("index", "llama-3.1")),
    ],
)
def test_each_accepted_form_names_its_service(text: str, expected: Reference) -> None:
    """A model id, a page URL or a prefixed entry is read as the right service and id."""
    assert parse_reference(text) == expected


@pytest.mark.parametrize(
    "text",
    ["llama", "https://example.org/a/b", "a/../b", "https://huggingface.co/datasets/x/y", "mot:"],
)
def test_anything_else_is_refused_with_the_text(text: str) -> None:
    """Text that is no reference raises a `reference` error naming what was typed."""
    with pytest.raises(GatherError) as caught:
        parse_reference(text)
    assert caught.value.code == "reference"
    assert caught.value.where == text.strip()


def test_lines_are_read_once_each() -> None:
    """Several lines give several references; blanks and repeats are skipped."""
    refs = parse_references("llm-jp/llm-jp-3-13b\n\nmot:1130\nllm-jp/llm-jp-3-13b\n")
    assert refs == [Reference("hf", "llm-jp/llm-jp-3-13b"), Reference("mot", "1130")]
