"""Shared helpers for the importer tests: fixture paths and located-error assertions."""

from __future__ import annotations

from pathlib import Path

from osai_procure.errors import ContentError
from osai_procure.importers import ImportResult

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
MOT_SAMPLES = DATA / "mot"


def data(relative: str) -> bytes:
    """The bytes of a fixture under tests/data/importers."""
    return (DATA / relative).read_bytes()


def assert_located(error: ContentError, name: str) -> None:
    """Every problem names the file and a place in it (a line or a key path / cell)."""
    assert error.problems, "a ContentError carries at least one problem"
    for problem in error.problems:
        assert problem.file == name
        assert problem.message
        assert problem.line is not None or problem.path or _whole_file(problem.message), str(
            problem
        )


def _whole_file(message: str) -> bool:
    """Problems about the file as a whole (size, encoding, format) need no line."""
    whole = (
        "the file is",
        "not valid UTF-8",
        "nothing to import",
        "not an ",
        "refused",
        "macro",
        "encrypted",
        "inflates",
        "malformed JSON",
        "malformed YAML",
        "nesting",
        "exported",
        "workbook",
        "empty",
    )
    return any(part in message for part in whole)


def answer_values(result: ImportResult) -> dict[str, object]:
    """Question id -> imported value, for compact assertions."""
    return {qid: answer.value for qid, answer in result.answers.answers.items()}


def all_imported_unconfirmed(result: ImportResult) -> bool:
    """Every answer of an import is marked imported and unconfirmed."""
    return all(
        a.provenance == "imported" and not a.confirmed for a in result.answers.answers.values()
    )
