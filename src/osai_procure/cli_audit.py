"""`osai-procure audit ASSESSMENT`: is the stored assessment what its history says?"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from osai_procure.errors import OsaiProcureError


class AuditInputError(OsaiProcureError):
    """The assessment or the key named on the command line cannot be used."""


def add_commands(subparsers: Any) -> None:
    """Register `audit ASSESSMENT [--format text|json] [--public-key K]`."""
    parser = subparsers.add_parser(
        "audit",
        help="check an assessment's history chain and approval signature in the database",
        description="Recompute the assessment's history hash chain, compare the stored "
        "assessment with the state its history last recorded and check the approval's "
        "signature over the chain head. Exit 0: intact; 1: tampered.",
    )
    parser.add_argument("assessment", help="the assessment id (a UUID, as in the app's links)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--public-key", help="the agency's public key (PEM) the approval must use")
    parser.set_defaults(handler=cmd_audit)


def cmd_audit(args: argparse.Namespace) -> int:
    """Audit one assessment in the configured database."""
    from osai_procure.audit import audit_assessment
    from osai_procure.signing import default_key_dir, load_public_key
    from osai_procure.signing.trust import default_trust_file, load_trust_store
    from osai_procure.store import (
        NotFoundError,
        Repository,
        default_data_dir,
        default_database_url,
        make_engine,
    )

    key = None
    if args.public_key:
        try:
            key = load_public_key(Path(args.public_key).read_bytes())
        except OSError as exc:
            raise AuditInputError(
                f"{args.public_key}: cannot read the key ({exc.strerror})"
            ) from None
    # The agency's trust store and this installation's own key, as `verify` uses them.
    trust = load_trust_store(
        default_trust_file(os.environ, Path.home()),
        key_dir=default_key_dir(os.environ, Path.home()),
    )
    url = default_database_url(os.environ, default_data_dir(os.environ, Path.home()))
    engine = make_engine(url)
    try:
        result = audit_assessment(Repository(engine), args.assessment.strip().lower(), key, trust)
    except NotFoundError:
        raise AuditInputError(
            f"no assessment {args.assessment!r} in the database; copy the id from the app's link"
        ) from None
    finally:
        engine.dispose()
    if args.format == "json":
        data = {
            "assessment": result.chain.assessment_id,
            "status": result.chain.status,
            "history_rows": result.chain.entries,
            "chain_head": result.chain.head,
            "tampered": result.tampered,
            "problems": [
                {"code": p.code, "history_row": p.entry_id, "detail": p.detail}
                for p in result.chain.problems
            ],
            "approval_signature": result.signature_ok,
            "approval_signature_detail": result.signature_detail,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(result.lines()))
        print("TAMPERED" if result.tampered else "intact")
    return 1 if result.tampered else 0
