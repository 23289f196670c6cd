"""The Impact page's uploaded candidate leaves no temporary file behind, loaded or refused."""

from __future__ import annotations

from pathlib import Path

from osai_procure.loading import PolicyBundle
from osai_procure.ui.views.impact import load_upload

CANDIDATE = b"""\
schema_version: 1
id: candidate_city
version: "2027.1"
title: {ja: \xe5\x80\x99\xe8\xa3\x9c, en: Candidate}
extends: osaid_1_0
remove_criteria: [training_data_open]
"""


def test_a_valid_upload_is_loaded_and_its_file_removed(scratch: Path) -> None:
    """A valid candidate becomes a bundle; its temporary folder is gone afterwards."""
    loaded = load_upload(CANDIDATE, "city.yaml", "en")
    assert isinstance(loaded, PolicyBundle) and loaded.policy.id == "candidate_city"
    assert list(scratch.iterdir()) == []


def test_a_broken_upload_names_the_upload_and_its_file_is_removed(scratch: Path) -> None:
    """A candidate that does not load gives problems naming the uploaded file, not the
    temporary one, and leaves nothing behind."""
    loaded = load_upload(b"schema_version: 1\nid: x\n", "city.yaml", "en")
    assert isinstance(loaded, list) and loaded
    assert all("city.yaml" in p and str(scratch) not in p for p in loaded)
    assert list(scratch.iterdir()) == []


def test_a_broken_upload_is_told_in_japanese(scratch: Path) -> None:
    """In Japanese each problem is worded in Japanese, naming the upload and the line."""
    loaded = load_upload(b"schema_version: 1\nid: x\n", "city.yaml", "ja")
    assert isinstance(loaded, list)
    assert loaded == [
        "city.yaml 1行目（title）：必須のキーがありません",
        "city.yaml 1行目（version）：必須のキーがありません",
    ]
