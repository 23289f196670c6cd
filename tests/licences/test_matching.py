"""Identifying licence texts by their words."""

from __future__ import annotations

import importlib.resources

from osai_procure.licences.document import read_document
from osai_procure.licences.scanning import identify


def _ref(name: str) -> str:
    """A shipped reference text."""
    root = importlib.resources.files("osai_procure.licences").joinpath("reference")
    return root.joinpath(name).read_text(encoding="utf-8")


def _identify(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Identification and (licence, kind) of each match."""
    kind, matches = identify(read_document(text.encode(), "LICENSE"))
    return kind, [(m.licence, m.kind) for m in matches]


def test_reference_text_is_exact() -> None:
    """Apache-2.0 as shipped is identified exactly."""
    assert _identify(_ref("apache-2.0.txt")) == ("exact", [("Apache-2.0", "exact")])


def test_rewrapped_text_is_still_exact() -> None:
    """Line wrapping, case and list markers do not make a text 'modified'."""
    text = " ".join(_ref("mit.txt").split()).upper()
    assert _identify(text) == ("exact", [("MIT", "exact")])


def test_renamed_llama_is_modified_with_its_changes_shown() -> None:
    """A Llama 3.2 text with the names and the user cap changed is 'modified', and the
    differing passages name the cap and the new names."""
    text = _ref("llama-3.2-license-2024.txt")
    text = text.replace("700 million", "100 million").replace("Llama 3.2", "Acme Model")
    kind, matches = identify(read_document(text.encode(), "ACME-LICENSE"))
    assert kind == "modified" and matches[0].licence == "LicenseRef-Llama-3.2-Community"
    pairs = {(d.reference, d.document) for d in matches[0].differences}
    assert ("700", "100") in pairs and ("Llama 3.2", "Acme Model") in pairs
    cap = next(d for d in matches[0].differences if d.reference == "700")
    assert cap.location.section == "2"


def test_licence_with_policy_appended_contains_both() -> None:
    """A licence followed by its use policy contains the licence and finds the policy too."""
    text = _ref("llama-4-cla-2025.txt") + "\n\n" + _ref("llama-4-license-2025.txt")
    kind, found = _identify(text)
    assert kind == "contains"
    assert found == [
        ("LicenseRef-Llama-4-Community", "contains"),
        ("LicenseRef-scancode-llama-4-license-2025", "contains"),
    ]


def test_unrelated_text_is_unknown() -> None:
    """Text that is no known licence is 'unknown', with no match."""
    text = "These terms govern the Sakura model. You may use it in Japan only. " * 5
    assert _identify(text) == ("unknown", [])
