"""Dependencies the field expects are really in force, not only listed."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_openpyxl_reads_workbooks_through_defusedxml() -> None:
    """openpyxl refuses XML entity attacks only when defusedxml is installed; it is."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_pypdf_is_a_test_dependency_only() -> None:
    """The product does not need pypdf (only the tests read PDFs with it)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(d.lower().startswith("pypdf") for d in project["dependencies"])
    assert any(d.lower().startswith("pypdf") for d in project["optional-dependencies"]["dev"])
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    assert "import pypdf" not in sources and "from pypdf" not in sources
