"""Dependencies the field expects are really in force, not only listed."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_openpyxl_reads_workbooks_through_defusedxml() -> None:
    """openpyxl refuses XML entity attacks only when defusedxml is installed; it is."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_pypdf_serves_only_the_licence_reader_and_the_page_locator() -> None:
    """pypdf is a runtime dependency for two jobs, reading licence PDFs and reading a signed
    report's pages to locate a change; nothing else imports it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.lower().startswith("pypdf") for d in project["dependencies"])
    importers = sorted(
        p.relative_to(ROOT / "src").as_posix()
        for p in (ROOT / "src").rglob("*.py")
        if "import pypdf" in (text := p.read_text(encoding="utf-8")) or "from pypdf" in text
    )
    assert importers == ["osai_procure/licences/document.py", "osai_procure/signing/pages.py"]
