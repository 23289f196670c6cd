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
from osai_procure.cli_lang import CliError, add_lang, default_lang
from osai_procure.errors import ContentError, OsaiProcureError, Problem
from osai_procure.loading import (
    PolicyBundle,
    answers_from_loaded,
    load_policy,
    questionnaire_from_loaded,
)
from osai_procure.models.base import Lang
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.licence import FLAG_TITLES
from osai_procure.paths import library_for, policy_file
from osai_procure.report import osaid_verdict_label, policy_verdict_name, vocabulary_label
from osai_procure.wording import (
    cli_text,
    licence_note_i18n,
    licence_note_text,
    problem_text,
    reason_text,
)
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

    policy = policy_file(args.policy)
    several = len(args.answers) > 1
    failed = False
    documents = read_documents(args.answers)
    bundle = load_policy(policy, library_for(policy)) if args.format == "text" else None
    for item in evaluate_batch(policy, library_for(policy), documents, args.jobs):
        if item.evaluation is None:
            failed = True
            for problem in item.problems:
                print(problem_text(problem, args.lang), file=sys.stderr)
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
            print(format_evaluation(result, args.lang, bundle))
    return 2 if failed else 0


def _would_pass(result: Evaluation, lang: Lang) -> str:
    """The terms counterfactual as a suffix of the OSAID line, with the unknowns it awaits."""
    if not result.osaid.would_pass_if_terms_changed:
        return ""
    pending = result.osaid.unknown_if_terms_changed
    if pending:
        if lang == "ja":  # the criteria by their titles
            titles = {f.criterion: f.title.ja for f in result.findings}
            items = "、".join(f"「{titles.get(c, c)}」" for c in pending)
        else:
            items = ", ".join(pending)
        return cli_text("eval.would_pass_once", lang, count=len(pending), items=items)
    return cli_text("eval.would_pass", lang)


def _mof(value: str, lang: Lang) -> str:
    """A MOF class as the text shows it."""
    if value == "unclassified":
        return cli_text("eval.mof_unclassified", lang)
    return cli_text("eval.mof_class", lang, value=value)


def format_evaluation(
    result: Evaluation, lang: str = "en", bundle: PolicyBundle | None = None
) -> str:
    """Render an evaluation as plain text for a terminal, in Japanese or English (Japanese
    shows criteria by their titles and verdicts by their labels; English by their ids);
    with the policy's `bundle`, reasons are worded as the report words them (question numbers,
    answer labels, titles) and Japanese names the policy and questions as the report does."""
    from osai_procure.report import criterion_numbers, question_numbers, reason_sentences

    words = reason_sentences(bundle, result) if bundle is not None else None
    numbers = criterion_numbers(result)
    questions = question_numbers(bundle) if bundle is not None else {}

    def named(question: str) -> str:
        """A question as Japanese cites it (its number in the report), else by its id."""
        return questions.get(question, question) if lang == "ja" else question

    code: Lang = "ja" if lang == "ja" else "en"
    ja = code == "ja"
    sep = "、" if ja else ", "
    policy = result.policy
    lines = [
        cli_text(
            "eval.osaid",
            code,
            verdict=osaid_verdict_label(result.osaid.verdict).ja if ja else result.osaid.verdict,
        )
        + _would_pass(result, code),
        cli_text(
            "eval.policy",
            code,
            name=bundle.policy.title.ja if ja and bundle is not None else policy.id,
            version=policy.version,
            verdict=policy_verdict_name(policy.verdict).ja if ja else policy.verdict,
            score=f"{policy.score:.0%}",
            digest=policy.digest[:12],
        ),
        cli_text(
            "eval.label",
            code,
            id=result.openness_label.id,
            title=result.openness_label.title.get(code),
        ),
        cli_text("eval.mof", code, value=_mof(result.mof_class.mof_class, code)),
        "",
    ]
    marks = {"met": "✔", "not_met": "✘", "unknown": "?", "not_applicable": "–"}
    titles = {f.criterion: f.title.get(code) for f in result.findings}
    for finding in result.findings:
        title = finding.title.get(code)
        if ja:
            severity = vocabulary_label("severity", finding.severity).ja
            number = numbers[finding.criterion]
            lines.append(f"{marks[finding.status]} ［{severity}］ {number} {title}")
        else:
            lines.append(
                f"{marks[finding.status]} [{finding.severity}] {finding.criterion}: {title}"
            )
        if finding.status in ("not_met", "unknown"):
            for reason in finding.reasons:
                said = words(reason).get(code) if words else reason_text(reason, code)
                lines.append(f"    - {said}")
    flagged = [c for c in result.licence_flags if c.licence.flags]
    if flagged:
        lines += ["", cli_text("eval.flags", code)]
        for row in flagged:
            for flag in row.licence.flags:
                lines.append(
                    cli_text(
                        "eval.flag",
                        code,
                        component=row.component,
                        licence=row.licence.original,
                        flag=FLAG_TITLES[flag.flag].ja if ja else flag.flag,
                        why=flag.reason.get(code),
                    )
                )
    if result.unconfirmed_imports:
        items = sep.join(named(q) for q in result.unconfirmed_imports)
        lines += ["", cli_text("eval.unconfirmed", code, items=items)]
    if result.resting_on_imports:
        lines += ["", cli_text("eval.resting", code)]
        for item in result.resting_on_imports:
            value = item.conclusion
            status = ""
            if ja:
                if item.kind == "osaid_verdict":
                    value = osaid_verdict_label(value).ja
                elif item.kind == "mof_class":
                    value = _mof(value, "ja")
                elif item.kind == "criterion":
                    value = titles.get(value, value)
                if item.kind == "criterion" and item.status:
                    status = f"（{vocabulary_label('status', item.status).ja}）"
            elif item.kind == "criterion":
                status = f" ({item.status})"
            what = cli_text(f"conclusion.{item.kind}", code, value=value)
            lines.append(
                cli_text(
                    "eval.resting_item",
                    code,
                    what=what,
                    status=status,
                    items=sep.join(named(q) for q in item.questions),
                )
            )
    if result.unanswered:
        lines += [
            "",
            cli_text(
                "eval.unanswered",
                code,
                count=len(result.unanswered),
                items=sep.join(named(q) for q in result.unanswered),
            ),
        ]
    return "\n".join(lines)


def _cmd_template(args: argparse.Namespace) -> int:
    """Write a blank answers file for a policy."""
    bundle = _bundle(args.policy)
    if args.format == "xlsx":
        exporter: Any = importlib.import_module("osai_procure.importers.xlsx")
        data: bytes = exporter.export_vendor_workbook(bundle, None, args.lang)
        if not args.output:
            raise CliError("xlsx_needs_output")
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
                        code="not_content_file",
                    )
                )
                continue
            kind_text = cli_text(f"kind.{kind}", args.lang)
            print(cli_text("valid", args.lang, path=path, kind=kind_text))
        except ContentError as exc:
            problems += exc.problems
    for problem in problems:
        print(problem_text(problem, args.lang), file=sys.stderr)
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
    lang: Lang = args.lang
    ja = lang == "ja"
    kind = vocabulary_label("licence_kind", result.kind).ja if ja else result.kind
    print(cli_text("check.original", lang, value=repr(result.original)))
    print(cli_text("check.normalized", lang, value=result.normalized, kind=kind))
    for content_type, ok in result.acceptable.items():
        shown = vocabulary_label("content_type", content_type).ja if ja else content_type
        print(cli_text("check.acceptable" if ok else "check.not_acceptable", lang, type=shown))
    for message in result.messages:
        print(cli_text("check.note", lang, note=licence_note_text(message, lang)))
    if result.flags:
        print(cli_text("check.flags", lang))
        for flag in result.flags:
            shown = FLAG_TITLES[flag.flag].ja if ja else flag.flag
            print(cli_text("check.flag", lang, flag=shown, why=flag.reason.get(lang)))
    else:
        print(cli_text("check.no_flags", lang))
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    """Show what a policy changes against the policy it extends."""
    from osai_procure.policy_diff import diff_policies

    path = policy_file(args.policy)
    library = library_for(path)
    child = load_policy(path, library)
    lang: Lang = args.lang
    if len(child.policy.lineage) < 2:
        raise CliError("no_parent", path=path)
    parent_path = library.find("policy", child.policy.lineage[1], near=path.parent)
    if parent_path is None:  # pragma: no cover - load_policy already found it
        raise CliError("parent_missing", path=path, parent=child.policy.lineage[1])
    parent = load_policy(parent_path, library)
    diff = diff_policies(parent.policy, child.policy)
    print(
        cli_text(
            "diff.head",
            lang,
            child=child.policy.id,
            child_version=child.policy.version,
            parent=parent.policy.id,
            parent_version=parent.policy.version,
        )
    )
    # Japanese names criteria by their titles, English by their ids.
    names = {c.id: c.title.ja for c in (*parent.policy.criteria, *child.policy.criteria)}

    def name(ident: str) -> str:
        return names.get(ident, ident) if lang == "ja" else ident

    if diff.empty:
        print(cli_text("diff.none", lang))
    for ident in diff.added:
        print(cli_text("diff.added", lang, id=name(ident)))
    for ident in diff.removed:
        print(cli_text("diff.removed", lang, id=name(ident)))
    for ident, fields in diff.changed:
        print(cli_text("diff.changed", lang, id=name(ident), fields=", ".join(fields)))
    for change in diff.settings:
        print(
            cli_text(
                "diff.setting", lang, name=change.name, before=change.before, after=change.after
            )
        )
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
        print(cli_text("wrote", lang, path=args.output))
        return 0
    print(f"{contract.policy_title.get(lang)} ({contract.policy_id} {contract.policy_version})")
    for clause in contract.clauses:
        print(f"{clause.number}. [{clause.criterion}] {clause.clause.get(lang)}")
    print("別表 受入れ可能な条件" if lang == "ja" else "Annex: accepted terms")
    for row in contract.annex:
        names = ([OSI_APPROVED.get(lang)] if row.osi_approved else []) + [
            t.get(lang) for t in row.terms
        ]
        terms = ("；" if lang == "ja" else "; ").join(names) or "-"
        print(f"- {row.title.get(lang)}{'：' if lang == 'ja' else ': '}{terms}")
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
    add_lang(p, "the text and the messages")
    p.add_argument("--jobs", type=int, default=1, help="processes for a batch (0: one per CPU)")
    p.set_defaults(handler=_cmd_evaluate)

    p = sub.add_parser("template", help="write a blank answers file for a policy")
    p.add_argument("--policy", required=True)
    p.add_argument("-o", "--output")
    p.add_argument("--format", choices=("yaml", "xlsx"), default="yaml")
    add_lang(p, "the template and the messages")
    p.set_defaults(handler=_cmd_template)

    p = sub.add_parser("validate", help="validate questionnaires, policies and answers files")
    p.add_argument("paths", nargs="+")
    p.add_argument("--policy", help="also check answers files against this policy")
    add_lang(p)
    p.set_defaults(handler=_cmd_validate)

    p = sub.add_parser("diff", help="show what a policy changes against the one it extends")
    p.add_argument("policy")
    add_lang(p)
    p.set_defaults(handler=_cmd_diff)

    p = sub.add_parser(
        "clauses", help="print a policy's contract clauses and Annex, or write them as XLSX"
    )
    p.add_argument("--policy", required=True)
    p.add_argument("-o", "--output", help="write an XLSX workbook to paste from")
    add_lang(p, "the clauses and the messages")
    p.set_defaults(handler=_cmd_clauses)

    p = sub.add_parser("schema", help="write JSON Schemas for the content files")
    p.add_argument("--out", default="schemas")
    add_lang(p)
    p.set_defaults(handler=_cmd_schema)

    # `license`, as the README documents it (the SPDX spelling users type); `licence` also works.
    p = sub.add_parser("license", aliases=["licence"], help="licence tools")
    lsub = p.add_subparsers(dest="licence_command", required=True)
    c = lsub.add_parser("check", help="normalise and judge a licence expression")
    c.add_argument("expression")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--policy", help="judge with this policy's accepted terms and catalogue")
    add_lang(c)
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
    lang: Lang = getattr(args, "lang", None) or default_lang()
    try:
        return handler(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem_text(problem, lang), file=sys.stderr)
        return 2
    except OsaiProcureError as exc:
        print(cli_text("error", lang, detail=message_of(exc, lang)), file=sys.stderr)
        return 2
    except yaml.YAMLError as exc:  # pragma: no cover - yamlsafe turns these into ContentError
        print(cli_text("error", lang, detail=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing to tell anyone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        if os.environ.get("OSAI_PROCURE_DEBUG"):
            raise
        print(
            cli_text("internal_error", lang, kind=type(exc).__name__, detail=exc),
            file=sys.stderr,
        )
        return 3


def message_of(exc: OsaiProcureError, lang: Lang) -> str:
    """An error's message in one language: coded errors (the command line's, the core's, the
    signing keys', a deposit's) in either, any other as written."""
    from osai_procure.deposit import DepositError
    from osai_procure.errors import CodedError
    from osai_procure.signing.keys import SigningError

    if isinstance(exc, CliError | CodedError | SigningError | DepositError):
        return exc.text(lang)
    return str(exc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
