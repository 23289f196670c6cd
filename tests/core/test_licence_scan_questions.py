"""Which shipped questions offer the licence scan: every component, and each question whose
answer rests on licence or use terms."""

from __future__ import annotations

from pathlib import Path

from osai_procure.loading import load_questionnaire
from osai_procure.models.questionnaire import ComponentQuestion

CONTENT = Path(__file__).resolve().parents[2] / "src/osai_procure/content/questionnaires"


def _questions() -> dict[str, object]:
    """Every question of the shipped questionnaires by id."""
    found: dict[str, object] = {}
    for path in sorted(CONTENT.glob("*.yaml")):
        for section in load_questionnaire(path).sections:
            for question in section.questions:
                found[question.id] = question
    return found


def test_terms_questions_offer_the_scan() -> None:
    """The questions on terms of use and on the licences of the deliverables offer the scan."""
    marked = {
        qid
        for qid, q in _questions().items()
        if getattr(q, "licence_scan", False) and not isinstance(q, ComponentQuestion)
    }
    assert marked == {
        "freedom_use",
        "freedom_study",
        "freedom_modify",
        "freedom_share",
        "release_licences_recorded",
        "release_custom_licence",
        "release_licence_types_appropriate",
        "redistribution_domestic_without_consent",
        "liability_licence_disclaimers",
    }


def test_every_component_has_a_licence_to_scan() -> None:
    """Components carry a licence field and always offer the scan; none repeats the mark."""
    components = [q for q in _questions().values() if isinstance(q, ComponentQuestion)]
    assert len(components) >= 20
    assert not [q.id for q in components if q.licence_scan]
