"""The `osai-procure` command: a thin shell over load -> evaluate -> report."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from osai_procure import __version__
from osai_procure.errors import ContentError, OsaiProcureError, Problem
from osai_procure.loading import (
    PolicyBundle,
    answers_from_loaded,
    load_policy,
    questionnaire_from_loaded,
)
from osai_procure.models.base import I18n
from osai_procure.models.evaluation import Evaluation, Reason
from osai_procure.paths import library_for, policy_file
from osai_procure.wording import licence_note_i18n, licence_note_text, reason_text
from osai_procure.yamlsafe import load_file

Handler = Callable[[argparse.Namespace], int]

# Command groups that live in their own modules; each exposes add_commands(subparsers).
_COMMAND_MODULES = (
    "osai_procure.cli_reports",
    "osai_procure.cli_import",
    "osai_procure.cli_serve",
    "osai_procure.cli_register",
    "osai_procure.cli_deposit",
    "osai_procure.cli_audit",
)


def _bundle(policy: str) -> PolicyBundle:
    """Load the policy named on the command line."""
    path = policy_file(policy)
    return load_policy(path, library_for(path))


def _cmd_evaluate(args: argparse.Namespace) -> int:
    """Evaluate one or more answers files and print the results.

    With several files (batch work) every file is evaluated even when some are bad; their
    problems go to stderr and the exit code is 2. `--format jsonl` prints one line per file;
    `--jobs N` spreads the work over N processes (0: one per CPU).
    """
    from osai_procure.batch import evaluate_batch, read_documents
    from osai_procure.report import reason_sentences

    policy = policy_file(args.policy)
    several = len(args.answers) > 1
    failed = False
    documents = read_documents(args.answers)
    bundle = load_policy(policy, library_for(policy)) if args.format == "text" else None
    for item in evaluate_batch(policy, library_for(policy), documents, args.jobs):
        if item.evaluation is None:
            failed = True
            for problem in item.problems:
                print(problem, file=sys.stderr)
            continue
        if args.format == "jsonl":
            name = json.dumps(item.name, ensure_ascii=False)
            print(f'{{"file": {name}, "evaluation": {item.evaluation}}}')
        elif args.format == "json":
            print(json.dumps(json.loads(item.evaluation), ensure_ascii=False, indent=2))
        else:
            if several:
                print(f"== {item.name}")
            result = Evaluation.model_validate_json(item.evaluation)
            words = reason_sentences(bundle, result) if bundle is not None else None
            print(format_evaluation(result, args.lang, words))
    return 2 if failed else 0


def _would_pass(result: Evaluation) -> str:
    """The terms counterfactual as a suffix of the OSAID line, with the unknowns it awaits."""
    if not result.osaid.would_pass_if_terms_changed:
        return ""
    pending = result.osaid.unknown_if_terms_changed
    if pending:
        return (
            f"  (would pass if the terms changed, once {len(pending)} unknowns are confirmed: "
            f"{', '.join(pending)})"
        )
    return "  (would pass if the terms changed)"


def format_evaluation(
    result: Evaluation, lang: str = "en", words: Callable[[Reason], I18n] | None = None
) -> str:
    """Render an evaluation as plain text for a terminal; `words` gives each reason's sentence
    as the report words it (question numbers, answer labels, titles)."""
    ja = lang == "ja"
    lines = [
        f"OSAID 1.0: {result.osaid.verdict}" + _would_pass(result),
        f"Policy {result.policy.id} {result.policy.version}: {result.policy.verdict}"
        f"  (score {result.policy.score:.0%}, digest {result.policy.digest[:12]}…)",
        f"Openness label: {result.openness_label.id} — {result.openness_label.title.get(lang)}",  # type: ignore[arg-type]
        f"MOF class: {result.mof_class.mof_class}",
        "",
    ]
    marks = {"met": "✔", "not_met": "✘", "unknown": "?", "not_applicable": "–"}
    for finding in result.findings:
        title = finding.title.ja if ja else finding.title.en
        lines.append(f"{marks[finding.status]} [{finding.severity}] {finding.criterion}: {title}")
        if finding.status in ("not_met", "unknown"):
            for reason in finding.reasons:
                said = words(reason).get(lang) if words else reason_text(reason, lang)  # type: ignore[arg-type]
                lines.append(f"    - {said}")
    flagged = [c for c in result.licence_flags if c.licence.flags]
    if flagged:
        lines += ["", "Licence red flags:"]
        for row in flagged:
            for flag in row.licence.flags:
                why = flag.reason.ja if ja else flag.reason.en
                lines.append(f"  {row.component} ({row.licence.original}): {flag.flag} — {why}")
    if result.unconfirmed_imports:
        lines += [
            "",
            "Resting on imported, unconfirmed answers: " + ", ".join(result.unconfirmed_imports),
        ]
    if result.resting_on_imports:
        lines += ["", "Conclusions resting on them:"]
        for item in result.resting_on_imports:
            what = item.kind.replace("_", " ")
            status = f" ({item.status})" if item.kind == "criterion" else ""
            lines.append(f"  {what} {item.conclusion}{status}: {', '.join(item.questions)}")
    if result.unanswered:
        lines += ["", f"Unanswered ({len(result.unanswered)}): " + ", ".join(result.unanswered)]
    return "\n".join(lines)


def _cmd_template(args: argparse.Namespace) -> int:
    """Write a blank answers file for a policy."""
    bundle = _bundle(args.policy)
    if args.format == "xlsx":
        exporter: Any = importlib.import_module("osai_procure.importers.xlsx")
        data: bytes = exporter.export_vendor_workbook(bundle, None, args.lang)
        if not args.output:
            raise OsaiProcureError("--format xlsx needs -o FILE")
        Path(args.output).write_bytes(data)
        return 0
    from osai_procure.template import answers_template

    text = answers_template(bundle, args.lang)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _kind_of(data: Any) -> str:
    """Guess what a content file is from its top-level keys."""
    if isinstance(data, dict):
        if "sections" in data:
            return "questionnaire"
        if "answers" in data or "assessment" in data:
            return "answers"
        if "criteria" in data or "extends" in data or "questionnaires" in data:
            return "policy"
    return "unknown"


def _cmd_validate(args: argparse.Namespace) -> int:
    """Validate questionnaires, policies and answers files; report every problem."""
    problems: list[Problem] = []
    for name in args.paths:
        path = Path(name)
        try:
            loaded = load_file(path)
            kind = _kind_of(loaded.data)
            if kind == "questionnaire":
                questionnaire_from_loaded(loaded)
            elif kind == "policy":
                load_policy(path, library_for(path))
            elif kind == "answers":
                bundle = _bundle(args.policy) if args.policy else None
                answers_from_loaded(loaded, bundle)
            else:
                problems.append(
                    Problem(
                        str(path),
                        "not a questionnaire, policy or answers file "
                        "(expected top-level 'sections', 'criteria' or 'answers')",
                    )
                )
                continue
            print(f"{path}: ok ({kind})")
        except ContentError as exc:
            problems += exc.problems
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas of the content files."""
    from osai_procure.schemas import write_schemas

    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def _cmd_licence_check(args: argparse.Namespace) -> int:
    """Normalise a licence expression and judge it per content type."""
    from osai_procure.licences import Catalogue, check_licence, default_accepted_terms

    if args.policy:
        bundle = _bundle(args.policy)
        catalogue, accepted = bundle.catalogue, bundle.policy.accepted_terms
    else:
        catalogue, accepted = Catalogue.default(), default_accepted_terms()
    result = check_licence(args.expression, catalogue, accepted)
    if args.format == "json":
        data = result.model_dump(mode="json")
        # Each note as its code and parameters, and its sentences in both languages.
        data["messages"] = [
            {**note, **licence_note_i18n(message).model_dump()}
            for note, message in zip(data["messages"], result.messages, strict=True)
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    lang = args.lang
    print(f"original:   {result.original!r}")
    print(f"normalized: {result.normalized}  ({result.kind})")
    for content_type, ok in result.acceptable.items():
        print(f"  {content_type:<14} {'acceptable' if ok else 'NOT acceptable'}")
    for message in result.messages:
        print(f"  note: {licence_note_text(message, lang)}")
    if result.flags:
        print("red flags:")
        for flag in result.flags:
            print(f"  {flag.flag}: {flag.reason.ja if lang == 'ja' else flag.reason.en}")
    else:
        print("red flags: none")
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    """Show what a policy changes against the policy it extends."""
    from osai_procure.policy_diff import diff_policies

    path = policy_file(args.policy)
    library = library_for(path)
    child = load_policy(path, library)
    if len(child.policy.lineage) < 2:
        raise OsaiProcureError(f"{path}: this policy extends no other policy")
    parent_path = library.find("policy", child.policy.lineage[1], near=path.parent)
    if parent_path is None:  # pragma: no cover - load_policy already found it
        raise OsaiProcureError(f"{path}: parent policy {child.policy.lineage[1]} not found")
    parent = load_policy(parent_path, library)
    diff = diff_policies(parent.policy, child.policy)
    print(
        f"{child.policy.id} {child.policy.version} against "
        f"{parent.policy.id} {parent.policy.version}"
    )
    if diff.empty:
        print("no differences")
    for ident in diff.added:
        print(f"+ criterion {ident}")
    for ident in diff.removed:
        print(f"- criterion {ident}")
    for ident, fields in diff.changed:
        print(f"~ criterion {ident}: {', '.join(fields)}")
    for change in diff.settings:
        print(f"~ {change.name}: {change.before} -> {change.after}")
    return 0


def _cmd_clauses(args: argparse.Namespace) -> int:
    """Print a policy's contract clauses and its Annex of accepted terms, or write them as XLSX."""
    from osai_procure.contract import OSI_APPROVED, build_contract

    path = policy_file(args.policy)
    contract = build_contract(load_policy(path, library_for(path)))
    lang = args.lang
    if args.output:
        from osai_procure.render.contract_xlsx import render_contract_xlsx

        Path(args.output).write_bytes(render_contract_xlsx(contract, lang))
        print(f"wrote {args.output}")
        return 0
    print(f"{contract.policy_title.get(lang)} ({contract.policy_id} {contract.policy_version})")
    for clause in contract.clauses:
        print(f"{clause.number}. [{clause.criterion}] {clause.clause.get(lang)}")
    print("別表 受入れ可能な条件" if lang == "ja" else "Annex: accepted terms")
    for row in contract.annex:
        names = ([OSI_APPROVED.get(lang)] if row.osi_approved else []) + [
            t.get(lang) for t in row.terms
        ]
        print(f"- {row.title.get(lang)}: {'; '.join(names) or '-'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="osai-procure",
        description="Evaluate AI systems against OSAID 1.0 and agency procurement policies.",
    )
    parser.add_argument("--version", action="version", version=f"osai-procure {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("evaluate", help="evaluate answers files against a policy")
    p.add_argument("answers", nargs="+")
    p.add_argument("--policy", required=True)
    p.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    p.add_argument("--lang", choices=("ja", "en"), default="en")
    p.add_argument("--jobs", type=int, default=1, help="processes for a batch (0: one per CPU)")
    p.set_defaults(handler=_cmd_evaluate)

    p = sub.add_parser("template", help="write a blank answers file for a policy")
    p.add_argument("--policy", required=True)
    p.add_argument("-o", "--output")
    p.add_argument("--format", choices=("yaml", "xlsx"), default="yaml")
    p.add_argument("--lang", choices=("ja", "en"), default="en")
    p.set_defaults(handler=_cmd_template)

    p = sub.add_parser("validate", help="validate questionnaires, policies and answers files")
    p.add_argument("paths", nargs="+")
    p.add_argument("--policy", help="also check answers files against this policy")
    p.set_defaults(handler=_cmd_validate)

    p = sub.add_parser("diff", help="show what a policy changes against the one it extends")
    p.add_argument("policy")
    p.set_defaults(handler=_cmd_diff)

    p = sub.add_parser(
        "clauses", help="print a policy's contract clauses and Annex, or write them as XLSX"
    )
    p.add_argument("--policy", required=True)
    p.add_argument("-o", "--output", help="write an XLSX workbook to paste from")
    p.add_argument("--lang", choices=("ja", "en"), default="ja")
    p.set_defaults(handler=_cmd_clauses)

    p = sub.add_parser("schema", help="write JSON Schemas for the content files")
    p.add_argument("--out", default="schemas")
    p.set_defaults(handler=_cmd_schema)

    # `license`, as the README documents it (the SPDX spelling users type); `licence` also works.
    p = sub.add_parser("license", aliases=["licence"], help="licence tools")
    lsub = p.add_subparsers(dest="licence_command", required=True)
    c = lsub.add_parser("check", help="normalise and judge a licence expression")
    c.add_argument("expression")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--policy", help="judge with this policy's accepted terms and catalogue")
    c.add_argument("--lang", choices=("ja", "en"), default="en")
    c.set_defaults(handler=_cmd_licence_check)
    from osai_procure.cli_scan import add_licence_commands

    add_licence_commands(lsub)

    for module_name in _COMMAND_MODULES:
        module: Any = importlib.import_module(module_name)
        module.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; never lets a traceback reach the user."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        if not getattr(args, "accepts_extra", False):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.streamlit_args = extra
    handler: Handler = args.handler
    try:
        return handler(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except OsaiProcureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except yaml.YAMLError as exc:  # pragma: no cover - yamlsafe turns these into ContentError
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("OSAI_PROCURE_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}. "
            "Set OSAI_PROCURE_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
