"""The container files describe the layout the tests run: the image is built with the same
install steps as `make`, the compose file gives every app process the same shared settings as
deploy/local.py, and the proxy uses the one nginx site file."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from deploy.local import HEALTH_PATH, SHARED_SETTINGS, SITE_CONF
from osai_procure.ui.web import HEALTH_PATH as SERVED_HEALTH_PATH

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _instructions(dockerfile: Path) -> list[tuple[str, str, str]]:
    """(stage, instruction, arguments) for each instruction, continuation lines joined."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    stage, found = "", []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word, _, rest = line.strip().partition(" ")
        if word == "FROM":
            stage = rest.split(" AS ")[-1].strip()
        found.append((stage, word, rest.strip()))
    return found


def _compose() -> dict[str, Any]:
    """deploy/compose.yaml, with its anchors resolved."""
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return data


def _make_recipe(target: str) -> list[str]:
    """The recipe lines of a Makefile target."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_the_image_is_installed_by_the_same_steps_as_the_tests() -> None:
    """`make` and the Dockerfile both install through deploy/install.sh with the same lock,
    and the image copies everything that script reads."""
    (make_line,) = [line for line in _make_recipe("$(STAMP)") if "install.sh" in line]
    assert shlex.split(make_line)[1:] == ["sh", "deploy/install.sh", "$(VENV)", "$(LOCK)"]
    assert "LOCK   := requirements/dev.lock" in (ROOT / "Makefile").read_text()
    app = [
        (word, args) for stage, word, args in _instructions(DEPLOY / "Dockerfile") if stage == "app"
    ]
    runs = [args for word, args in app if word == "RUN" and "install.sh" in args]
    assert [shlex.split(r)[1:] for r in runs] == [
        ["sh", "deploy/install.sh", "/opt/osai-procure/venv", "requirements/dev.lock"]
    ]
    copied = " ".join(args for word, args in app if word == "COPY")
    for needed in ("pyproject.toml", "README.md", "LICENSE", "requirements/", "src/", "install.sh"):
        assert needed in copied, needed


def test_every_app_service_gets_the_shared_settings_and_nothing_else_in_common() -> None:
    """Each app service has the settings deploy/local.py shares (database URL, keys, cookie
    secret), with the same values, and no data directory of another."""
    services = _compose()["services"]
    apps = {name: s for name, s in services.items() if name.startswith("app")}
    assert len(apps) >= 2
    environments = [s["environment"] for s in apps.values()]
    for environment in environments:
        assert set(SHARED_SETTINGS) <= set(environment)
        assert "OSAI_PROCURE_DATA_DIR" not in environment  # the image's own, per container
    assert all(e == environments[0] for e in environments)
    assert environments[0]["OSAI_PROCURE_DB_URL"].startswith("postgresql+psycopg://")


def test_the_proxy_uses_the_one_site_file_and_names_every_app_service() -> None:
    """The proxy image copies deploy/nginx/osai-procure.conf, the file deploy/local.py uses,
    and its upstream list names exactly the compose file's app services."""
    proxy = [(w, a) for stage, w, a in _instructions(DEPLOY / "Dockerfile") if stage == "proxy"]
    copies = [shlex.split(a) for w, a in proxy if w == "COPY"]
    assert [str(SITE_CONF.relative_to(ROOT)), "/etc/nginx/conf.d/osai-procure.conf"] in copies
    upstreams = (DEPLOY / "compose" / "osai-procure-upstreams.conf").read_text()
    named = re.findall(r"^server (\w+):8501\b", upstreams, flags=re.M)
    apps = sorted(n for n in _compose()["services"] if n.startswith("app"))
    assert sorted(named) == apps


def test_health_checks_ask_the_endpoint_the_app_serves() -> None:
    """The image's health check and deploy/local.py poll the path the app serves."""
    assert HEALTH_PATH == SERVED_HEALTH_PATH
    checks = [a for _, w, a in _instructions(DEPLOY / "Dockerfile") if w == "HEALTHCHECK"]
    assert len(checks) == 1
    assert f":8501{SERVED_HEALTH_PATH}'" in checks[0]
