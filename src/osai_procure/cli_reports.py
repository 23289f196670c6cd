"""`osai-procure report`, `verify` and `keys`: thin shells over the report and signing core.

This module reads the clock (for `generated_at` and certificates) and the environment (for the
key directory and passphrase) so the core does not have to.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osai_procure.cli_lang import CliError, add_lang
from osai_procure.errors import ContentError, coded_problem
from osai_procure.loading import ContentLibrary, load_answers, load_policy, validate
from osai_procure.models.report import SignOff
from osai_procure.paths import content_roots, library_for, policy_file
from osai_procure.wording import cli_text
from osai_procure.yamlsafe import Loaded, load_file, unreadable

if TYPE_CHECKING:  # the CLI imports signing only when a command needs it
    from osai_procure.signing.checks import PageLocation

Handler = Callable[[argparse.Namespace], int]


def _passphrase() -> bytes | None:
    """The key passphrase from the environment, if any."""
    from osai_procure.signing.keys import passphrase_from

    return passphrase_from(os.environ)


def _unencrypted() -> bool:
    """Whether unencrypted signing keys were allowed on purpose (environment opt-in)."""
    from osai_procure.signing.keys import unencrypted_allowed

    return unencrypted_allowed(os.environ)


def _key_dir(args: argparse.Namespace) -> Path:
    """--key-dir, else the per-installation default."""
    from osai_procure.signing import default_key_dir

    return Path(args.key_dir) if args.key_dir else default_key_dir(os.environ, Path.home())


def load_signoff(path: Path) -> SignOff:
    """Read a sign-off file: `{schema_version: 1, preparer: {...}, reviewer: ..., approver: ...}`.

    Raises:
        ContentError: every problem found, located.
    """
    loaded = load_file(path)
    data = loaded.data
    if isinstance(data, dict):
        version = data.get("schema_version", 1)
        if version != 1:
            raise ContentError(
                [
                    coded_problem(
                        loaded.file,
                        f"schema_version {version!r} is not 1",
                        loaded.lines.get(("schema_version",)),
                        "schema_version",
                        code="schema_version",
                        value=version,
                    )
                ]
            )
        data = {k: v for k, v in data.items() if k != "schema_version"}
    return validate(SignOff, Loaded(loaded.file, data, loaded.lines, loaded.text))


def _now() -> datetime.datetime:
    """The current time, in the local time zone."""
    return datetime.datetime.now().astimezone()


def cmd_report(args: argparse.Namespace) -> int:
    """Evaluate, then write the PDF, workbook and JSON record (signed with --sign)."""
    from osai_procure.engine import evaluate
    from osai_procure.signing import ensure_keys, export_reports, load_keys

    if not (args.pdf or args.xlsx or args.json):
        raise CliError("nothing_to_write")
    policy_path = policy_file(args.policy)
    bundle = load_policy(policy_path, library_for(policy_path))
    answers = load_answers(Path(args.answers), bundle)
    signoff = load_signoff(Path(args.signoff)) if args.signoff else SignOff()
    generated_at = args.generated_at or _now().isoformat(timespec="seconds")
    keys = None
    if args.sign:
        directory = _key_dir(args)
        if args.pdf_cert or args.pdf_key:
            if not (args.pdf_cert and args.pdf_key):
                raise CliError("pdf_cert_and_key")
            ensure_keys(directory, now=_now(), passphrase=_passphrase(), unencrypted=_unencrypted())
            keys = load_keys(
                directory,
                passphrase=_passphrase(),
                unencrypted=_unencrypted(),
                pdf_key=Path(args.pdf_key),
                pdf_cert=Path(args.pdf_cert),
            )
        else:
            keys = ensure_keys(
                directory, now=_now(), passphrase=_passphrase(), unencrypted=_unencrypted()
            )
    result = export_reports(
        bundle,
        answers,
        evaluate(bundle, answers),
        signoff,
        generated_at,
        lang=args.lang,
        keys=keys,
        pdf=bool(args.pdf),
        xlsx=bool(args.xlsx),
    )
    outputs = ((args.pdf, result.pdf), (args.xlsx, result.xlsx), (args.json, result.document))
    for target, data in outputs:
        if target and data is not None:
            Path(target).write_bytes(data)
            print(cli_text("wrote", args.lang, path=target))
    seal = result.report.seal
    if seal is not None:
        print(cli_text("record_digest", args.lang, digest=seal.record_sha256))
        if seal.envelope:
            print(cli_text("signed_by", args.lang, fingerprint=seal.envelope.key_fingerprint))
        else:
            print(cli_text("not_signed", args.lang))
    return 0


def _library(policies: str | None) -> ContentLibrary:
    """The content library for verification: --policies DIR first, then the usual roots."""
    if not policies:
        return ContentLibrary.from_root(*content_roots())
    directory = Path(policies)
    if not directory.is_dir():
        raise CliError("policies_not_directory", path=directory)
    if (directory / "policies").is_dir():
        return ContentLibrary.from_root(*content_roots(directory))
    base = ContentLibrary.from_root(*content_roots())
    return ContentLibrary(
        (directory, *base.policy_dirs),
        (
            directory / "questionnaires",
            directory.parent / "questionnaires",
            *base.questionnaire_dirs,
        ),
    )


def _trust(args: argparse.Namespace) -> Any:
    """The trust store: --trust FILE, else the agency's file beside the key directory, plus
    this installation's own key."""
    from osai_procure.signing.trust import default_trust_file, load_trust_store

    path = Path(args.trust) if args.trust else default_trust_file(os.environ, Path.home())
    if args.trust and not path.is_file():
        raise CliError("trust_missing", path=path)
    return load_trust_store(path, key_dir=_key_dir(args))


def _pages_json(location: PageLocation) -> dict[str, Any]:
    """Where a changed PDF differs from the PDF as signed, as JSON (`signing.checks`)."""
    return {
        "compared_with": location.basis,
        "signed_page_count": location.signed_page_count,
        "changes": [
            {k: v for k, v in dataclasses.asdict(change).items() if v is not None}
            for change in location.changes
        ],
    }


def public_key_from(path: str) -> Any:
    """The public key in a file named on the command line.

    Raises:
        CliError: the file cannot be read or holds no Ed25519 public key.
    """
    from osai_procure.signing import load_public_key
    from osai_procure.signing.keys import SigningError

    try:
        return load_public_key(Path(path).read_bytes())
    except OSError as exc:
        raise CliError("key_unreadable", path=path, detail=exc.strerror) from None
    except SigningError as exc:
        raise CliError("not_public_key", path=path, detail=str(exc)) from None


def cmd_verify(args: argparse.Namespace) -> int:
    """Verify a signed report, say who signed it and re-perform its verdicts; exit 0 only when
    all checks hold and the signer is trusted (or its key was given with --public-key)."""
    from osai_procure.models.report import NOT_AUTHENTICATED
    from osai_procure.signing import verify_report
    from osai_procure.signing.explain import explain, technical

    key = None
    if args.public_key:
        key = public_key_from(args.public_key)
    try:
        Path(args.file).stat()  # a file that is not there is said as every reading problem is
    except OSError as exc:
        raise ContentError([unreadable(args.file, exc)]) from None
    result = verify_report(
        Path(args.file), key, library=_library(args.policies), trust=_trust(args)
    )
    explanation = explain(result)
    answers = explanation.questions
    if args.format == "json":
        print(
            json.dumps(
                {
                    "file": args.file,
                    "kind": result.kind,
                    "ok": result.ok,
                    "reason": result.reason,
                    # Sign-offs whose names were typed without signing in.
                    "not_authenticated": [
                        {"role": e.role, "name": e.name}
                        for e in (result.record.signoff.entries if result.record else ())
                        if NOT_AUTHENTICATED in e.comment
                    ],
                    "questions": [
                        {
                            "question": a.key,
                            "ok": a.ok,
                            "answer": a.answer.get(args.lang),
                        }
                        for a in answers
                    ],
                    "checks": [
                        {
                            "name": c.name,
                            "status": c.status,
                            "problem": c.problem,
                            "detail": c.detail,
                            # A changed PDF: the pages that differ from the PDF as signed.
                            **({"pages": _pages_json(c.pages)} if c.pages is not None else {}),
                        }
                        for c in result.checks
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        lang = args.lang
        kind = result.kind or cli_text("verify.unknown_kind", lang)
        print(f"{args.file}（{kind}）：" if lang == "ja" else f"{args.file} ({kind}):")
        marks = {True: "verify.yes", False: "verify.no", None: "verify.unsure"}
        for answer in answers:
            print(f"  [{cli_text(marks[answer.ok], lang)}] {answer.question.get(lang)}")
            print(f"        {answer.answer.get(lang)}")
        print("  確認した項目：" if lang == "ja" else "  checks:")
        for check, plain in zip(result.checks, explanation.checks, strict=True):
            mark = cli_text(f"verify.{check.status}", lang)
            title, summary = plain.title.get(lang), plain.summary.get(lang)
            print(
                f"    {mark} {title}：{summary}"
                if lang == "ja"
                else f"    {mark} {title}: {summary}"
            )
            print(f"         {check.name}: {plain.detail.get(lang)}")
        if result.ok:
            print(explanation.reason.get(lang))
        else:
            # The plain reason, then the technical one that scripts and support staff read
            # (the most serious failure's technical line, in Japanese from its code).
            technical_reason = result.reason
            if lang == "ja" and result.failures:
                technical_reason = technical(result.failures[0]).ja
            print(
                ("検証できません：" if lang == "ja" else "NOT VERIFIED: ")
                + explanation.reason.get(lang)
                + (f"\n  （{technical_reason}）" if lang == "ja" else f"\n  ({technical_reason})"),
                file=sys.stderr,
            )
    return 0 if result.ok else 1


def cmd_keys_generate(args: argparse.Namespace) -> int:
    """Create the record key and the PDF key and certificate."""
    from osai_procure.signing import RECORD_PUBLIC_FILE, generate_keys

    directory = _key_dir(args)
    keys = generate_keys(
        directory,
        now=_now(),
        common_name=args.common_name,
        organisation=args.organisation,
        passphrase=_passphrase(),
        unencrypted=args.unencrypted or _unencrypted(),
    )
    written = "keys_written" if keys.encrypted else "keys_written_unencrypted"
    print(cli_text(written, args.lang, directory=directory))
    print(cli_text("fingerprint", args.lang, fingerprint=keys.fingerprint))
    print(cli_text("public_key", args.lang, path=directory / RECORD_PUBLIC_FILE))
    return 0


def cmd_keys_export(args: argparse.Namespace) -> int:
    """Write the record public key (PEM) for auditors."""
    from osai_procure.signing import export_public_key, load_keys

    keys = load_keys(_key_dir(args), passphrase=_passphrase(), unencrypted=_unencrypted())
    pem = export_public_key(keys.public_key)
    if args.output:
        Path(args.output).write_bytes(pem)
        print(cli_text("wrote", args.lang, path=args.output))
    else:
        sys.stdout.write(pem.decode("ascii"))
    return 0


def cmd_keys_fingerprint(args: argparse.Namespace) -> int:
    """Print the fingerprint of the installation's key or of a public key file."""
    from osai_procure.signing import fingerprint, load_keys

    if args.public_key:
        key = public_key_from(args.public_key)
    else:
        key = load_keys(
            _key_dir(args), passphrase=_passphrase(), unencrypted=_unencrypted()
        ).public_key
    print(fingerprint(key))
    return 0


def add_commands(subparsers: Any) -> None:
    """Register `report`, `verify` and `keys` on the main parser's subparsers."""
    p = subparsers.add_parser("report", help="write the PDF, workbook and JSON record")
    p.add_argument("answers", help="answers file (YAML or JSON)")
    p.add_argument("--policy", required=True, help="policy file")
    p.add_argument("--pdf", metavar="FILE", help="write the PDF report here")
    p.add_argument("--xlsx", metavar="FILE", help="write the Excel workbook here")
    p.add_argument("--json", metavar="FILE", help="write the canonical JSON record here")
    add_lang(p, "the reports and the messages")
    p.add_argument(
        "--signoff",
        metavar="FILE",
        help="sign-off file (YAML: preparer, reviewer, "
        "approver with name, title, organisation, date, decision, comment)",
    )
    p.add_argument(
        "--sign",
        action="store_true",
        help="sign the record and the PDF with the installation's keys",
    )
    p.add_argument("--key-dir", metavar="DIR", help="key directory (default: per installation)")
    p.add_argument("--pdf-cert", metavar="PEM", help="an agency certificate for the PDF signature")
    p.add_argument("--pdf-key", metavar="PEM", help="the private key of --pdf-cert")
    p.add_argument(
        "--generated-at",
        metavar="ISO",
        help="the report's date-time (default: now), for reproducible output",
    )
    p.set_defaults(handler=cmd_report)

    p = subparsers.add_parser("verify", help="verify a signed report and re-perform its verdicts")
    p.add_argument("file", help="a PDF, .xlsx or JSON record")
    p.add_argument(
        "--public-key",
        metavar="PEM",
        help="trust this key for this verification (the approver's public key, from the agency)",
    )
    p.add_argument(
        "--trust",
        metavar="FILE",
        help="the trust file (default: trust.yaml beside the key directory)",
    )
    p.add_argument("--key-dir", metavar="DIR", help="this installation's key directory")
    add_lang(p)
    p.add_argument("--policies", metavar="DIR", help="where to find the recorded policy")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_verify)

    p = subparsers.add_parser("keys", help="signing keys")
    keys = p.add_subparsers(dest="keys_command", required=True)
    k = keys.add_parser("generate", help="create the signing keys")
    k.add_argument("--key-dir", metavar="DIR")
    k.add_argument("--common-name", default="osai-procure report signing (self-signed)")
    k.add_argument("--organisation")
    k.add_argument(
        "--unencrypted",
        action="store_true",
        help="keep the private keys unencrypted (otherwise OSAI_PROCURE_KEY_PASSPHRASE is needed)",
    )
    add_lang(k)
    k.set_defaults(handler=cmd_keys_generate)
    k = keys.add_parser("export", help="print or write the public key (PEM)")
    k.add_argument("--key-dir", metavar="DIR")
    k.add_argument("-o", "--output", metavar="FILE")
    add_lang(k)
    k.set_defaults(handler=cmd_keys_export)
    k = keys.add_parser("fingerprint", help="print the public key fingerprint")
    k.add_argument("--key-dir", metavar="DIR")
    k.add_argument("--public-key", metavar="PEM")
    add_lang(k)
    k.set_defaults(handler=cmd_keys_fingerprint)
