"""The installed package is the product: a wheel, installed outside the checkout, runs alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import start_server, stop_server
from tests.conftest import ROOT

LOCK = ROOT / "requirements" / "dev.lock"
ANSWERS = ROOT / "tests" / "data" / "cases" / "bloom_rail" / "answers.yaml"


def constraints_from_lock(lock: str) -> str:
    """The lock's pins without hashes, usable as a pip constraints file (`-c`)."""
    lines = []
    for line in lock.splitlines():
        text = line.split(" \\", 1)[0].strip()
        if text and not text.startswith(("#", "--")):
            lines.append(text)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the checkout, as `pip wheel` builds it for a release."""
    out = tmp_path_factory.mktemp("dist")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    subprocess.run(
        [*pip_wheel, "--no-build-isolation", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("osai_procure-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new virtual environment outside the checkout with the wheel and its dependencies
    (at the locked versions); returns its bin directory."""
    base = tmp_path_factory.mktemp("installed")
    venv.EnvBuilder(with_pip=True).create(base / "venv")
    bin_dir = base / "venv" / "bin"
    constraints = base / "constraints.txt"
    constraints.write_text(constraints_from_lock(LOCK.read_text(encoding="utf-8")))
    pip_install = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run(
        [*pip_install, "-c", str(constraints), str(wheel)],
        check=True,
        capture_output=True,
        cwd=base,
    )
    yield bin_dir


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command from a directory outside the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSAI_PROCURE_", "PYTHON"))}
    env["OSAI_PROCURE_HOME"] = str(cwd / "home")
    return subprocess.run(
        [str(bin_dir / "osai-procure"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_wheel_carries_content_fonts_app_and_licences(wheel: Path) -> None:
    """Policies, questionnaires, schemas, the catalogue, the font with its OFL, the app script
    and the project licence are all inside the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for inside in (
        "osai_procure/content/policies/osaid-1.0.yaml",
        "osai_procure/content/policies/osg-jp-public-procurement.yaml",
        "osai_procure/content/questionnaires/osg-jp.yaml",
        "osai_procure/content/schemas/policy.schema.json",
        "osai_procure/licences/catalogue.yaml",
        "osai_procure/render/fonts/BIZUDGothic-Regular.ttf",
        "osai_procure/render/fonts/BIZUDGothic-Bold.ttf",
        "osai_procure/render/fonts/OFL.txt",
        "osai_procure/ui/app.py",
        "osai_procure/ui/streamlit.toml",
    ):
        assert inside in names, inside
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_installed_package_evaluates_and_writes_a_pdf(installed: Path, tmp_path: Path) -> None:
    """`evaluate` and `report --pdf` work from an installed wheel, away from the checkout,
    naming the shipped policy by id."""
    answers = tmp_path / "answers.yaml"
    shutil.copy(ANSWERS, answers)
    done = _run(installed, tmp_path, "evaluate", "answers.yaml", "--policy", "osaid_1_0")
    assert done.returncode == 0, done.stderr
    assert "OSAID 1.0: not_open_source_ai" in done.stdout
    done = _run(
        installed,
        tmp_path,
        "report",
        "answers.yaml",
        "--policy",
        "osaid_1_0",
        "--lang",
        "ja",
        "--pdf",
        "out.pdf",
    )
    assert done.returncode == 0, done.stderr
    pdf = (tmp_path / "out.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"BIZUDGothic" in pdf


def test_installed_serve_starts_a_healthy_app_on_loopback(installed: Path, tmp_path: Path) -> None:
    """`osai-procure serve` from the installed wheel reaches a healthy /_stcore/health, bound to
    127.0.0.1 unless asked otherwise, and serves the app page."""
    process, server, _ = start_server(tmp_path, serve=[str(installed / "osai-procure"), "serve"])
    try:
        with urllib.request.urlopen(f"{server.url}/", timeout=10) as response:
            assert response.status == 200
        log = server.log.read_text(errors="replace")
        assert "127.0.0.1" in log and "Network URL" not in log
    finally:
        stop_server(process)
