"""`osai-procure audit ASSESSMENT`: is the stored assessment what its history says?"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osai_procure.cli_lang import CliError, add_lang
from osai_procure.models.base import Lang
from osai_procure.wording import cli_text

if TYPE_CHECKING:
    from osai_procure.audit import AuditResult


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
    add_lang(parser)
    parser.set_defaults(handler=cmd_audit)


def cmd_audit(args: argparse.Namespace) -> int:
    """Audit one assessment in the configured database."""
    from osai_procure.audit import audit_assessment
    from osai_procure.cli_reports import public_key_from
    from osai_procure.signing import default_key_dir
    from osai_procure.signing.trust import default_trust_file, load_trust_store
    from osai_procure.store import (
        NotFoundError,
        Repository,
        default_data_dir,
        default_database_url,
        make_engine,
    )

    key = public_key_from(args.public_key) if args.public_key else None
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
        raise CliError("audit.not_found", value=repr(args.assessment)) from None
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
    elif args.lang == "ja":
        print("\n".join(_lines_ja(result)))
    else:
        print("\n".join(result.lines()))
        print("TAMPERED" if result.tampered else "intact")
    return 1 if result.tampered else 0


def _lines_ja(result: AuditResult) -> list[str]:
    """The findings in Japanese, one a line, then the outcome."""
    from osai_procure.signing.explain import technical

    lang: Lang = "ja"
    chain = result.chain
    lines = [
        cli_text(
            "audit.head",
            lang,
            id=chain.assessment_id,
            status=cli_text(f"status.{chain.status}", lang),
            rows=chain.entries,
            head=chain.head,
        )
    ]
    for problem in chain.problems:
        what = cli_text(f"audit.{problem.code}", lang)
        row = cli_text("audit.row", lang, id=problem.entry_id) if problem.entry_id else ""
        lines.append(cli_text("audit.tampered_item", lang, what=what + row))
    if result.signature_ok is False:
        detail = "；".join(technical(c).ja for c in result.signature_failures)
        lines.append(
            cli_text("audit.signature_bad", lang, detail=detail or result.signature_detail)
        )
    elif result.signature_ok:
        key = result.signature_detail.removeprefix("valid, key ")
        lines.append(cli_text("audit.signature_ok", lang, fingerprint=key))
    lines.append(cli_text("audit.tampered" if result.tampered else "audit.intact", lang))
    return lines
