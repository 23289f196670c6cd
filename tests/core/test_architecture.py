"""The direction of dependencies: the core imports neither streamlit nor the clock."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE_MODULES = [
    "osai_procure.loading",
    "osai_procure.engine",
    "osai_procure.licences",
    "osai_procure.cli",
    "osai_procure.template",
    "osai_procure.schemas",
]


def test_core_does_not_import_streamlit() -> None:
    """Importing the core and the CLI leaves streamlit out of sys.modules."""
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE_MODULES)
        + "print('streamlit' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_engine_reads_no_clock_and_does_no_io(root: Path) -> None:
    """engine.py imports nothing that reads the clock, the file system or the network."""
    tree = ast.parse((root / "src" / "osai_procure" / "engine.py").read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert imported.isdisjoint({"time", "datetime", "os", "pathlib", "socket", "random"})


def test_only_ui_imports_streamlit(root: Path) -> None:
    """No module outside osai_procure.ui imports streamlit."""
    offenders = []
    for path in (root / "src" / "osai_procure").rglob("*.py"):
        if "ui" in path.relative_to(root / "src" / "osai_procure").parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        if "import streamlit" in text or "from streamlit" in text:
            offenders.append(str(path))
    assert offenders == []


def _imported_names(path: Path) -> set[str]:
    """Every `module.name` a file imports (`from m import n` gives `m.n`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def test_the_app_exports_through_the_core_export_path(root: Path) -> None:
    """No module of the app builds, signs or renders a record itself: an export goes through
    `signing.export`, the path the CLI takes (the Review page may still build a report to
    show it)."""
    steps = {
        "osai_procure.report.build_record",
        "osai_procure.render.record.canonical_record",
        "osai_procure.render.record.record_document",
        "osai_procure.render.pdf.render_pdf",
        "osai_procure.render.xlsx.render_xlsx",
        "osai_procure.signing.sign_pdf",
        "osai_procure.signing.sign.sign_pdf",
        "osai_procure.signing.attach_record",
    }
    offenders = {
        str(path.relative_to(root)): sorted(_imported_names(path) & steps)
        for path in (root / "src" / "osai_procure" / "ui").rglob("*.py")
        if _imported_names(path) & steps
    }
    assert offenders == {}
