"""`osai-procure serve`: start the web app from the installed package (see ui/server.py)."""

from __future__ import annotations

import argparse
from typing import Any


def _cmd_serve(args: argparse.Namespace) -> int:
    """Run the app until it is stopped; Streamlit's flags pass through."""
    from osai_procure.ui.server import serve

    return serve(args.streamlit_args, unauthenticated=args.unauthenticated)


def add_commands(sub: Any) -> None:
    """Register `serve` on the top-level subparsers."""
    p = sub.add_parser(
        "serve",
        help="start the web app (Streamlit flags such as --server.port pass through)",
        description=(
            "Start the web app on http://127.0.0.1:8501. Streamlit's flags pass through, "
            "e.g. --server.port 8600 or --server.address 0.0.0.0 for a shared deployment "
            "(put it behind a reverse proxy with sign-in; see the README)."
        ),
    )
    p.add_argument(
        "--unauthenticated",
        action="store_true",
        help="allow a shared deployment without sign-in (anyone who reaches the port can read, "
        "change and approve every assessment)",
    )
    p.set_defaults(handler=_cmd_serve, streamlit_args=[], accepts_extra=True)
