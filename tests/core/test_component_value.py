"""A component answer is one typed model from the widget to the report; its stored form keeps
the key `license` that answers files, the store and signed records have always used."""

from __future__ import annotations

import json
from pathlib import Path

from osai_procure.models.answers import ComponentValue
from osai_procure.models.evaluation import Evaluation


def test_read_gives_the_typed_answer_from_every_stored_form() -> None:
    """A stored mapping, a bare status and a single URL all read as the model."""
    stored = {"released": "yes", "location": "https://x.test/w", "license": "MIT"}
    read = ComponentValue.read(stored)
    assert read == ComponentValue.model_validate(
        {"released": "yes", "location": ["https://x.test/w"], "license": "MIT"}
    )
    assert read is not None and read.licence == "MIT" and read.states_terms
    assert ComponentValue.read("no") == ComponentValue.model_validate({"released": "no"})
    assert ComponentValue.read(["yes"]) is None
    assert ComponentValue.read(None) is None


def test_read_is_lenient_where_loading_has_already_spoken() -> None:
    """An unknown status reads as unknown, a blank licence and a malformed scan as none."""
    read = ComponentValue.read({"released": "maybe", "license": "  ", "scan": {"x": 1}})
    assert read == ComponentValue.model_validate({"released": "unknown"})
    assert read is not None and not read.states_terms


def test_the_stored_form_keeps_its_keys() -> None:
    """`to_answer` writes `released`, then `location`, `license` and `scan` only when given,
    the form the widget, the importers and old records share."""
    value = ComponentValue.model_validate(
        {"released": "yes", "location": ["https://a.test"], "license": "Apache-2.0"}
    )
    assert value.to_answer() == {
        "released": "yes",
        "location": ["https://a.test"],
        "license": "Apache-2.0",
    }
    assert ComponentValue.read(value.to_answer()) == value
    assert ComponentValue.model_validate({"released": "unknown"}).to_answer() == {
        "released": "unknown"
    }


def test_the_licence_table_keeps_its_signed_key(root: Path) -> None:
    """The evaluation's licence table is `licence_flags` in code and `license_flags` in a
    record: a record signed by 0.1.0 loads, and dumping writes the same key back."""
    record = json.loads(
        (root / "tests" / "data" / "records" / "osai-procure-0.1.0" / "record.json").read_text(
            encoding="utf-8"
        )
    )
    data = record["record"]["evaluation"]
    evaluation = Evaluation.model_validate_json(json.dumps(data))
    assert len(evaluation.licence_flags) == len(data["license_flags"])
    dumped = evaluation.model_dump(mode="json")
    assert "license_flags" in dumped and "licence_flags" not in dumped
