"""Start the Streamlit server on the packaged app script (`osai-procure serve`).

Streamlit's own flags (`--server.port 8600`, `--server.address 0.0.0.0`, ...) pass through.
The app's production settings (src/osai_procure/ui/streamlit.toml) are given as flags too, so
an installed wheel serves with the same settings as a checkout, whatever the working directory;
a flag the operator gives wins. The server binds to 127.0.0.1 unless another address is asked
for: a shared deployment is a decision (login, database, reverse proxy; see the README).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def serve(extra: Sequence[str]) -> int:
    """Run the app in this process until it is stopped (Ctrl+C)."""
    from streamlit.web import cli as streamlit_cli

    from osai_procure.ui import STREAMLIT_CONFIG, WEB_SCRIPT

    argv = streamlit_argv(WEB_SCRIPT, STREAMLIT_CONFIG, extra)
    streamlit_cli.main.main(args=argv, prog_name="osai-procure serve", standalone_mode=False)
    return 0
