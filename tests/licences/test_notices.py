"""Licence notices: short passages that name a known licence without containing its terms."""

from __future__ import annotations

import functools

import pytest

from osai_procure.licences.document import read_document
from osai_procure.licences.scanning import scan_document
from osai_procure.models.scan import LicenceScan
from tests.licences.corpus import score, score_notices


def _scan(text: str, name: str = "notice.txt") -> LicenceScan:
    """Scan a text given inline."""
    return scan_document(read_document(text.encode("utf-8"), name))


@functools.cache
def _corpus_scans() -> dict[str, LicenceScan]:
    """The 28 licence texts of the clause corpus, scanned once for this module."""
    return score()[2]


def test_notice_corpus_recall_and_precision_are_one() -> None:
    """Every notice in the notice corpus is found with its form and paragraph, and no other."""
    result = score_notices()
    assert (result.missed, result.unexpected) == ([], [])
    assert result.expected >= 17


def test_full_licence_texts_raise_no_notice() -> None:
    """The clause corpus's licence texts give no notice: their own "how to apply" passages
    and attribution templates lie inside the matched text."""
    assert {f: s.notices for f, s in _corpus_scans().items() if s.notices} == {}


def test_a_notice_is_its_own_identification() -> None:
    """A text holding only a notice is identified as `notice`, not as the licence text."""
    scan = _scan("// SPDX-License-Identifier: Apache-2.0\n")
    assert (scan.identification, scan.matches) == ("notice", ())
    assert [(n.kind, n.licence, n.quote) for n in scan.notices] == [
        ("notice", "Apache-2.0", "SPDX-License-Identifier: Apache-2.0")
    ]


def test_a_notice_before_a_licence_text_is_kept_beside_the_match() -> None:
    """A header naming another licence above a full text is reported as well as the text."""
    from importlib.resources import files

    mit = files("osai_procure.licences").joinpath("reference", "mit.txt").read_text("utf-8")
    scan = _scan("SPDX-License-Identifier: MIT OR Apache-2.0\n\n" + mit, "LICENSE")
    assert [m.licence for m in scan.matches] == ["MIT"]
    assert [(n.licence, n.location.paragraph) for n in scan.notices] == [("MIT OR Apache-2.0", 1)]


@pytest.mark.parametrize(
    ("text", "licence"),
    [
        ("This model is released under the Llama 3.1 Community License.", "Llama-3.1"),
        ("The weights are licensed under the NVIDIA Open Model License Agreement.", "NVIDIA"),
        ("Code is distributed under the terms of the BSD 3-Clause License.", "BSD-3-Clause"),
        ("本データセットはCC BY 4.0の下で公開しています。", "CC-BY-4.0"),
        ("License: Apache-2.0", "Apache-2.0"),
    ],
)
def test_statements_name_their_licence(text: str, licence: str) -> None:
    """A statement, field or Japanese sentence naming a licence resolves to its id."""
    assert [licence in n.licence for n in _scan(text).notices] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "Unlike the MIT License, this agreement forbids commercial use.",
        "This model is released under our own terms, described below.",
        "license: other",
        "Licensed under the Apache License (see LICENSE).",
        "本サービスはAPIで提供する。",
    ],
)
def test_mentions_without_a_known_licence_are_not_notices(text: str) -> None:
    """A comparison, an unnamed or uninformative licence, or a versionless name is no notice."""
    assert _scan(text).notices == ()


def test_the_same_licence_is_noticed_once() -> None:
    """A README naming its licence in the front matter and again in prose gives one notice."""
    scan = _scan(
        "---\nlicense: mit\n---\n\n# Tool\n\n## License\n\nReleased under the MIT License.\n",
        "README.md",
    )
    assert [(n.licence, n.form, n.location.paragraph) for n in scan.notices] == [
        ("MIT", "field", 1)
    ]


def test_a_name_ends_at_a_word_not_at_front_matter_dashes() -> None:
    """Pasted front matter quotes `license: llama3.1`, not the closing dashes after it."""
    scan = _scan("---\nlicense: llama3.1\n---\n\n# Example-8B\n")
    assert [n.quote for n in scan.notices] == ["license: llama3.1"]
