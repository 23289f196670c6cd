"""`osai-procure register`, `reminders` and `impact`: the agency's view over the stored
assessments."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from osai_procure.cli_lang import CliError, add_lang
from osai_procure.loading import load_policy
from osai_procure.models.base import Lang
from osai_procure.paths import data_dir, library_for, policy_file
from osai_procure.register.exports import (
    public_register,
    render_csv,
    render_public_json,
    render_xlsx,
    rows,
)
from osai_procure.register.impact import ASPECTS, ImpactResult, impact
from osai_procure.register.schedule import (
    DEFAULT_REASSESS_MONTHS,
    DEFAULT_STALE_DAYS,
    Schedule,
    due_cutoff,
    reminders,
    stale_cutoff,
)
from osai_procure.register.sync import library_bundles, sync
from osai_procure.report import osaid_verdict_label, policy_verdict_name, vocabulary_label
from osai_procure.roles import configured_roles
from osai_procure.store import Repository, default_database_url, make_engine
from osai_procure.store.register import SORT_KEYS, RegisterQuery, RegisterStore
from osai_procure.wording import cli_text

FORMATS = ("text", "json", "csv", "xlsx", "public-json")


def open_store(lang: Lang = "en") -> tuple[Repository, RegisterStore]:
    """The configured database (as the app's) under the configured roles file, with the
    register brought up to date (a cache any reader may rebuild). A command line has no
    sign-in: under a roles file its one write (a drill kept with an assessment) acts as the
    officer whose entry lists the operating-system account running it, and is refused to
    anyone else (`RoleMap.command_line_principal`)."""
    roles = configured_roles()
    repository = Repository(make_engine(default_database_url(os.environ, data_dir())), roles=roles)
    result = sync(repository, library_bundles(library_for(None)))
    for policy_id in result.missing_policies:
        print(cli_text("register.missing_policy", lang, id=policy_id), file=sys.stderr)
    return repository, RegisterStore.of(repository)


def _schedule(args: argparse.Namespace) -> Schedule:
    """The re-assessment period and evidence age from the command line."""
    if args.reassess_months < 1 or args.stale_days < 1:
        raise CliError("register.schedule")
    return Schedule(reassess_months=args.reassess_months, stale_days=args.stale_days)


def _now(args: argparse.Namespace) -> datetime:
    """The time the register is judged at (`--now`, for reproducible output), else now."""
    if not args.now:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(args.now)
    except ValueError:
        raise CliError("register.now", value=repr(args.now)) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _write(data: bytes, output: str | None) -> None:
    """Write to the output file, or to standard output."""
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _cmd_register(args: argparse.Namespace) -> int:
    """List the register, filtered and sorted in the database, in one of the formats."""
    schedule = _schedule(args)
    now = _now(args)
    _, store = open_store(args.lang)
    query = RegisterQuery(
        search=args.search or "",
        statuses=args.status or (),
        policy_ids=args.policy or (),
        agencies=args.agency or (),
        due_before=due_cutoff(now, schedule) if args.due else None,
        stale_before=stale_cutoff(now, schedule) if args.due else None,
        drill_failed=args.drill_failed,
        approved_only=args.format == "public-json",
        sort=args.sort,
        descending=not args.ascending,
        limit=args.limit if args.limit > 0 else None,
    )
    if args.format in ("xlsx",) and not args.output:
        raise CliError("xlsx_needs_output")
    entries = store.query(query)
    if args.format == "csv":
        _write(render_csv(entries, now, schedule), args.output)
    elif args.format == "xlsx":
        _write(render_xlsx(entries, now, schedule), args.output)
    elif args.format == "public-json":
        register = public_register(
            entries, now, schedule, publisher=args.publisher, include_names=args.include_names
        )
        _write(render_public_json(register), args.output)
    elif args.format == "json":
        from osai_procure.register.exports import COLUMNS

        items = [dict(zip(COLUMNS, row, strict=True)) for row in rows(entries, now, schedule)]
        _write((json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode(), args.output)
    else:
        total = store.count(query)
        lines = [_register_line(e, args.lang) for e in rows(entries, now, schedule)]
        lines.append(cli_text("register.count", args.lang, shown=len(entries), total=total))
        _write(("\n".join(lines) + "\n").encode(), args.output)
    return 0


# The reasons `register.impact` gives for an assessment it could not evaluate, by their English.
_IMPACT_REASONS = {
    "no verdict under its own policy to compare with": "impact.no_verdict",
    "the assessment is no longer stored": "impact.gone",
}


def _status_ja(status: str) -> str:
    """A criterion's outcome by its Japanese label ("-": the policy has no such criterion)."""
    if status == "-":
        return "（基準なし）"
    return vocabulary_label("status", status).ja


def _aspect_ja(aspect: str, value: str) -> str:
    """A verdict, label or class that an impact run compares, as a Japanese reader knows it."""
    if aspect == "osaid_verdict" and value in _OSAID_IDS:
        return osaid_verdict_label(value).ja
    if aspect == "policy_verdict" and value in _POLICY_IDS:
        return policy_verdict_name(value).ja
    if aspect == "mof_class":
        return "分類なし" if value == "unclassified" else f"クラス{value}"
    return value


def _register_line(row: tuple[Any, ...], lang: Lang) -> str:
    """One register row for a terminal: verdicts, status, policy, title and what is due (in
    Japanese by their labels, in English by their ids)."""
    osaid, verdict, status, policy, version, title, flags = (
        row[9],
        row[10],
        row[8],
        row[6],
        row[7],
        row[2],
        row[21],
    )
    if lang == "en":
        return f"{osaid:<22} {verdict:<24} {status:<9} {policy} {version}  {title}" + (
            f"  [{flags}]" if flags else ""
        )
    osaid = osaid_verdict_label(osaid).ja if osaid in _OSAID_IDS else osaid
    verdict = policy_verdict_name(verdict).ja if verdict in _POLICY_IDS else verdict
    status = cli_text(f"status.{status}", lang) if f"status.{status}" in _STATUS_KEYS else status
    due = "、".join(_reason_text(r, lang) for r in str(flags).split())
    return f"{osaid}／{verdict}／{status}／{policy} {version}　{title}" + (
        f"　［{due}］" if due else ""
    )


_OSAID_IDS = ("open_source_ai", "not_open_source_ai", "insufficient_evidence")
_POLICY_IDS = ("compliant", "conditionally_compliant", "non_compliant", "incomplete")
_STATUS_KEYS = ("status.draft", "status.in_review", "status.approved", "status.rejected")


def _reason_text(reason: str, lang: Lang) -> str:
    """Why an assessment needs attention (`register.schedule.reasons_for`)."""
    key = f"due.{reason}"
    return cli_text(key, lang) if key in _DUE_KEYS else reason


_DUE_KEYS = ("due.reassessment_due", "due.evidence_stale", "due.drill_failed")


def _cmd_reminders(args: argparse.Namespace) -> int:
    """List what is due (re-assessment, stale evidence, failed drill), for a scheduled job;
    with `--exit-code`, exit 1 when something is due."""
    schedule = _schedule(args)
    now = _now(args)
    _, store = open_store(args.lang)
    items = reminders(store, now, schedule)
    if args.format == "json":
        data: list[dict[str, Any]] = [
            {
                "assessment_id": r.entry.assessment_id,
                "title": r.entry.title,
                "agency": r.entry.agency,
                "status": r.entry.status,
                "reasons": list(r.reasons),
                "approved_at": r.entry.approved_at.isoformat() if r.entry.approved_at else None,
                "reassess_by": r.reassess_by.isoformat() if r.reassess_by else None,
                "evidence_checked_at": (
                    r.entry.evidence_checked_at.isoformat() if r.entry.evidence_checked_at else None
                ),
                "drill_result": r.entry.drill_result,
            }
            for r in items
        ]
        print(json.dumps({"at": now.isoformat(), "due": data}, ensure_ascii=False, indent=2))
    else:
        lang: Lang = args.lang
        for r in items:
            due = r.reassess_by.date().isoformat() if r.reassess_by else "-"
            if lang == "ja":
                why = "、".join(_reason_text(reason, lang) for reason in r.reasons)
            else:
                why = ", ".join(r.reasons)
            print(
                cli_text(
                    "reminders.item",
                    lang,
                    reasons=why,
                    title=r.entry.title,
                    due=due,
                    id=r.entry.assessment_id,
                )
            )
        print(cli_text("reminders.count", lang, count=len(items)))
    return 1 if items and args.exit_code else 0


def impact_json(result: ImpactResult) -> dict[str, Any]:
    """An impact result as plain JSON data."""
    return {
        "candidate": {
            "id": result.candidate_id,
            "version": result.candidate_version,
            "digest": result.candidate_digest,
        },
        "considered": result.considered,
        "changed": [
            {
                "assessment_id": f.entry.assessment_id,
                "title": f.entry.title,
                "agency": f.entry.agency,
                "policy": {"id": f.entry.policy_id, "version": f.entry.policy_version},
                "changes": {k: {"before": b, "after": a} for k, (b, a) in f.changes.items()},
                "criteria": [
                    {"criterion": c.criterion, "before": c.before, "after": c.after}
                    for c in f.criteria
                ],
            }
            for f in result.flips
        ],
        "not_evaluated": [{"assessment_id": i, "problems": list(p)} for i, p in result.failed],
    }


def _cmd_impact(args: argparse.Namespace) -> int:
    """Evaluate every stored assessment under a candidate policy; list what would change."""
    path = policy_file(args.policy)
    library = library_for(path)
    candidate = load_policy(path, library)
    repository, _ = open_store(args.lang)
    policy_ids = () if args.all else tuple(args.policy_id or (candidate.policy.id,))
    result = impact(repository, candidate, library_bundles(library), policy_ids=policy_ids)
    if args.format == "json":
        print(json.dumps(impact_json(result), ensure_ascii=False, indent=2))
        return 0
    lang: Lang = args.lang
    ja = lang == "ja"
    titles = {c.id: c.title.ja for c in candidate.policy.criteria}
    for flip in result.flips:
        print(
            f"{flip.entry.title}（{flip.entry.assessment_id}）"
            if ja
            else (f"{flip.entry.title} ({flip.entry.assessment_id})")
        )
        for aspect, (before, after) in flip.changes.items():
            if ja:
                shown = cli_text(f"aspect.{aspect}", lang) if aspect in ASPECTS else aspect
                before, after = _aspect_ja(aspect, before), _aspect_ja(aspect, after)
                print(f"  {shown}：{before} → {after}")
            else:
                print(f"  {aspect}: {before} -> {after}")
        for change in flip.criteria:
            before, after = change.before or "-", change.after or "-"
            if ja:  # the criterion by its title, its outcomes by their labels
                name = titles.get(change.criterion, change.criterion)
                before, after = _status_ja(before), _status_ja(after)
                print(f"    基準「{name}」：{before} → {after}")
            else:
                print(f"    {change.criterion}: {before} -> {after}")
    for ident, problems in result.failed:
        said = [cli_text(_IMPACT_REASONS[p], lang) if p in _IMPACT_REASONS else p for p in problems]
        print(cli_text("impact.failed", lang, id=ident, problems="; ".join(said)), file=sys.stderr)
    scope = cli_text("impact.every_policy", lang) if args.all else ", ".join(policy_ids)
    print(
        cli_text(
            "impact.summary",
            lang,
            changed=len(result.flips),
            considered=result.considered,
            scope=scope,
            id=result.candidate_id,
            version=result.candidate_version,
        )
    )
    return 0


def _schedule_options(p: argparse.ArgumentParser) -> None:
    """The options every register command shares."""
    p.add_argument(
        "--reassess-months",
        type=int,
        default=DEFAULT_REASSESS_MONTHS,
        help=f"an approval holds this long (default {DEFAULT_REASSESS_MONTHS})",
    )
    p.add_argument(
        "--stale-days",
        type=int,
        default=DEFAULT_STALE_DAYS,
        help=f"evidence checked longer ago is stale (default {DEFAULT_STALE_DAYS})",
    )
    p.add_argument("--now", metavar="ISO", help="judge due dates at this time (default: now)")


def add_commands(sub: Any) -> None:
    """Register `register` and `reminders` on the top-level subparsers."""
    p = sub.add_parser("register", help="every stored assessment with its verdicts")
    p.add_argument("--search", help="words to find in title, procurement, agency or system")
    p.add_argument(
        "--status", action="append", choices=("draft", "in_review", "approved", "rejected")
    )
    p.add_argument("--policy", action="append", metavar="ID", help="policy id (repeatable)")
    p.add_argument("--agency", action="append", help="agency (repeatable)")
    p.add_argument("--due", action="store_true", help="only re-assessments due or stale evidence")
    p.add_argument("--drill-failed", action="store_true", help="only failed preservation drills")
    p.add_argument("--sort", choices=SORT_KEYS, default="updated_at")
    p.add_argument("--ascending", action="store_true")
    p.add_argument("--limit", type=int, default=0, help="at most this many rows (0: all)")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--publisher", help="the publishing agency (public-json)")
    p.add_argument(
        "--include-names", action="store_true", help="publish approvers' names (public-json)"
    )
    _schedule_options(p)
    add_lang(p)
    p.set_defaults(handler=_cmd_register)

    p = sub.add_parser("reminders", help="re-assessments due, stale evidence, failed drills")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--exit-code", action="store_true", help="exit 1 when anything is due (for cron)"
    )
    _schedule_options(p)
    add_lang(p)
    p.set_defaults(handler=_cmd_reminders)

    p = sub.add_parser(
        "impact",
        help="what a candidate policy would change in the stored assessments (reads only)",
    )
    p.add_argument("policy", metavar="NEW_POLICY", help="the candidate policy: a file or an id")
    p.add_argument(
        "--policy-id",
        action="append",
        metavar="ID",
        help="assessments made against this policy (default: the candidate's own id)",
    )
    p.add_argument("--all", action="store_true", help="every assessment, whatever its policy")
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(p)
    p.set_defaults(handler=_cmd_impact)
