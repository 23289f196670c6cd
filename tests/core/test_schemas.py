"""The committed JSON Schemas match the models, and shipped YAML points editors at them."""

from __future__ import annotations

from pathlib import Path

from osai_procure.schemas import schema_texts


def test_committed_schemas_are_current(root: Path) -> None:
    """`osai-procure schema` output equals the files under schemas/ (run `make schemas`)."""
    for name, text in schema_texts().items():
        committed = (root / "schemas" / name).read_text(encoding="utf-8")
        assert committed == text, f"schemas/{name} is stale: run `make schemas`"


def test_shipped_yaml_has_a_schema_modeline(root: Path) -> None:
    """Every shipped questionnaire and policy starts with a yaml-language-server modeline."""
    files = [*root.glob("questionnaires/*.yaml"), *root.glob("policies/**/*.yaml")]
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = first.split("$schema=", 1)[1].strip()
        assert (path.parent / target).resolve().is_file(), f"{path}: {target} does not exist"
