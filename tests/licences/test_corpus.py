"""The scanner against real licence texts: every expected flag found where a reviewer finds it."""

from __future__ import annotations

from tests.licences.corpus import corpus, score


def test_recall_is_one_on_the_corpus() -> None:
    """Every expected flag is found at its section or paragraph in every corpus text."""
    _, missed, _ = score()
    assert missed == []


def test_no_unexpected_flag_on_the_corpus() -> None:
    """No corpus text raises a flag its reviewer did not expect (precision 1.0 per document)."""
    scores, _, _ = score()
    assert {flag: s.false_docs for flag, s in scores.items() if s.false_docs} == {}


def test_corpus_texts_are_identified() -> None:
    """Each corpus text is matched to the reference its entry names (none for hand-written)."""
    _, _, scans = score()
    for entry in corpus():
        found = [m.licence for m in scans[entry["file"]].matches]
        expected = [entry["licence"]] if "licence" in entry else []
        assert found[:1] == expected, entry["file"]


def test_permissive_texts_raise_no_flag() -> None:
    """Apache-2.0, MIT, CC BY, CC BY-SA, OpenMDW and the permissive Japanese control are clean."""
    _, _, scans = score()
    clean = [e["file"] for e in corpus() if not e["expect"]]
    assert len(clean) >= 6
    assert {f: [h.rule for h in scans[f].clauses] for f in clean if scans[f].clauses} == {}
