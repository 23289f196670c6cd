"""The Makefile's own checks, as a newcomer meets them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.system_tools("make", package="make")
def test_an_old_python_gets_a_clear_message(tmp_path: Path) -> None:
    """`make run` with a Python older than 3.11 stops before building anything and says which
    interpreter it found and how to name another."""
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\n[ \"$1\" = --version ] && echo 'Python 3.9.2' && exit 0\nexit 1\n")
    old.chmod(0o755)
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "python-version", f"PYTHON={old}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "needs Python 3.11 or newer" in done.stderr
    assert "Python 3.9.2" in done.stderr and "make PYTHON=" in done.stderr


def test_the_makefile_installs_from_the_lock() -> None:
    """The environment is built from the hashed lock, so a new upstream release cannot change
    what CI installs; the lock holds every dependency pinned with hashes."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    # The install steps live in deploy/install.sh, which the Dockerfile runs too.
    assert "sh deploy/install.sh $(VENV) $(LOCK)" in makefile
    install = (ROOT / "deploy" / "install.sh").read_text(encoding="utf-8")
    assert "--require-hashes" in install and "requirements/dev.lock" in makefile
    lock = (ROOT / "requirements" / "dev.lock").read_text(encoding="utf-8")
    for name in ("streamlit", "pyyaml", "reportlab", "defusedxml", "setuptools", "pytest"):
        assert f"\n{name}==" in f"\n{lock}", name
