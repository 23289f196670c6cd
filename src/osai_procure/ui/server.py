"""Start the Streamlit server on the packaged app script (`osai-procure serve`).

Streamlit's own flags (`--server.port 8600`, `--server.address 0.0.0.0`, ...) pass through.
The app's production settings (src/osai_procure/ui/streamlit.toml) are given as flags too, so
an installed wheel serves with the same settings as a checkout, whatever the working directory;
a flag the operator gives wins. The server binds to 127.0.0.1 unless another address is asked
for: a shared deployment is a decision (login, database, reverse proxy; see the README).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from osai_procure.access import shared_deployment_problem
from osai_procure.errors import CodedError

LOOPBACK = "127.0.0.1"


def config_flags(config: Path) -> dict[str, str]:
    """The `[section] key = value` settings of a Streamlit config file as `section.key` flags."""
    with config.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    flags: dict[str, str] = {}
    for section, values in data.items():
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags[f"{section}.{key}"] = text
    return flags


def given_options(args: Sequence[str]) -> set[str]:
    """The `section.key` names among the operator's flags (`--a.b v` and `--a.b=v` alike)."""
    return {a[2:].split("=", 1)[0] for a in args if a.startswith("--") and "." in a}


def streamlit_argv(script: Path, config: Path, extra: Sequence[str]) -> list[str]:
    """The `streamlit run` arguments: the operator's flags, then every default they left out."""
    defaults = {**config_flags(config), "server.address": LOOPBACK}
    given = given_options(extra)
    argv = ["run", str(script), *extra]
    argv += [f"--{name}={value}" for name, value in defaults.items() if name not in given]
    return argv


def bind_address(args: Sequence[str]) -> str:
    """The address the server will bind: the operator's `--server.address`, else loopback."""
    for index, arg in enumerate(args):
        if arg.startswith("--server.address="):
            return arg.split("=", 1)[1]
        if arg == "--server.address" and index + 1 < len(args):
            return args[index + 1]
    return LOOPBACK


def secrets_files(cwd: Path, home: Path) -> list[Path]:
    """Where Streamlit reads secrets (and so the `[auth]` login settings) from."""
    return [cwd / ".streamlit" / "secrets.toml", home / ".streamlit" / "secrets.toml"]


class DeploymentRefused(CodedError):
    """A shared deployment without sign-in that the operator did not explicitly allow."""


def serve(extra: Sequence[str], unauthenticated: bool = False) -> int:
    """Run the app in this process until it is stopped (Ctrl+C).

    Raises:
        DeploymentRefused: shared (non-loopback address or server database) without sign-in.
    """
    from streamlit.web import cli as streamlit_cli

    from osai_procure.ui import STREAMLIT_CONFIG, WEB_SCRIPT

    problem = shared_deployment_problem(
        bind_address(extra), os.environ, secrets_files(Path.cwd(), Path.home()), unauthenticated
    )
    if problem:
        raise DeploymentRefused(str(problem), problem.code, problem.params)
    argv = streamlit_argv(WEB_SCRIPT, STREAMLIT_CONFIG, extra)
    streamlit_cli.main.main(args=argv, prog_name="osai-procure serve", standalone_mode=False)
    return 0
