"""The MOF class is the one the Model Openness Tool computes, on the tool's own test files.

tests/data/importers/mot-testdata holds the Model Openness Tool's test model files (MIT licence,
LICENSE-MOT beside them); each name carries the class progress the tool computes, e.g.
`_C1_77%-C2_100%-C3_100%_` is Class II.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from osai_procure.engine import evaluate
from osai_procure.importers import import_file
from osai_procure.loading import PolicyBundle
from tests.importers.helpers import DATA

TESTDATA = DATA / "mot-testdata"
FILES = sorted(TESTDATA.glob("*.yml"))
_PROGRESS = re.compile(r"_C1_(\d+)%-C2_(\d+)%-C3_(\d+)%_")


def _expected(path: Path) -> str:
    """The class the tool computes, read from the file name."""
    match = _PROGRESS.search(path.name)
    assert match is not None, path.name
    c1, c2, c3 = (int(g) for g in match.groups())
    if c1 == 100:
        return "I"
    if c2 == 100:
        return "II"
    return "III" if c3 == 100 else "unclassified"


def test_all_of_the_tools_test_files_are_here() -> None:
    """The 27 test files of the Model Openness Tool are present."""
    assert len(FILES) == 27


@pytest.mark.parametrize("path", FILES, ids=[p.name.split("_C1_")[0] + p.name[-12:] for p in FILES])
def test_mof_class_matches_the_tool(path: Path, osaid_bundle: PolicyBundle) -> None:
    """The MOF class of an imported test file is the one the Model Openness Tool computes."""
    answers = import_file("mot", path, path.name, osaid_bundle).answers
    assert evaluate(osaid_bundle, answers).mof_class.mof_class == _expected(path)
