"""`osai-procure license scan FILE`: identify a licence text and flag its clauses."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from osai_procure.cli_lang import add_lang
from osai_procure.errors import ContentError
from osai_procure.licences.scanned import confidence_text, location_text, problem_text
from osai_procure.models.base import I18n, Lang
from osai_procure.models.licence import FLAG_TITLES
from osai_procure.models.scan import LicenceScan
from osai_procure.yamlsafe import unreadable

_KINDS: dict[str, I18n] = {
    "exact": I18n(ja="一致", en="is"),
    "contains": I18n(ja="含む", en="contains"),
    "modified": I18n(ja="改変版", en="modified from"),
}


def format_scan(scan: LicenceScan, lang: Lang) -> str:
    """The scan as text for a terminal."""
    from osai_procure.licences.scanning import rule_by_id

    ja = lang == "ja"
    lines = [f"{scan.file_name}  sha256:{scan.sha256}  ({scan.format}, {scan.paragraphs} ¶)"]
    for problem in scan.problems:
        lines.append(
            ("  読み取りの問題: " if ja else "  reading problem: ") + problem_text(problem, lang)
        )
    for notice in scan.notices:
        lines.append(
            f"{'ライセンスの表示' if ja else 'licence notice'}: {notice.licence}, "
            f"{location_text(notice.location, lang)}: “{notice.quote}”"
        )
    if scan.notices and not scan.matches:
        lines.append(
            "表示はライセンスを指定しているだけで、条文は含まれていない。条件は指定された"
            "ライセンスの公表された条文で確認すること。"
            if ja
            else "A notice names a licence; it does not contain the terms. Read the named "
            "licence's published text for them."
        )
    if not scan.readable:
        lines.append(
            "読み取れなかったため、条項について何も判断していない（赤旗がないという意味ではない）。"
            if ja
            else "The text could not be read: nothing is concluded about its clauses "
            "(this is not 'no red flags')."
        )
        return "\n".join(lines)
    if not scan.matches and not scan.notices:
        lines.append(
            "既知のライセンス文: 該当なし（未知の文書）"
            if ja
            else "known licence text: none (unknown text)"
        )
    for match in scan.matches:
        head = f"{_KINDS[match.kind].get(lang)} {match.licence} ({match.name})"
        lines.append(
            f"{'既知のライセンス文' if ja else 'known licence text'}: {head}, "
            f"{match.similarity:.0%} {'類似' if ja else 'similar'}, "
            f"{location_text(match.location, lang)}"
        )
        for diff in match.differences:
            times = f" ×{diff.occurrences}" if diff.occurrences > 1 else ""
            lines.append(
                f"    {location_text(diff.location, lang)}{times}: "
                f"{diff.reference or '∅'!r} -> {diff.document or '∅'!r}"
            )
        if match.more_differences:
            lines.append(f"    … +{match.more_differences}")
    if not scan.clauses and scan.notices and not scan.matches:
        lines.append(
            "赤旗となる条項: この文書には条文がないため判断していない"
            if ja
            else "red-flag clauses: not judged, the terms are not in this text"
        )
    elif not scan.clauses:
        lines.append("赤旗となる条項: 見つからなかった" if ja else "red-flag clauses: none found")
    for hit in scan.clauses:
        rule = rule_by_id(hit.rule)
        why = rule.why.get(lang) if rule else hit.rule
        lines.append(
            f"[{FLAG_TITLES[hit.flag].get(lang)}] {location_text(hit.location, lang)} "
            f"({confidence_text(hit.confidence, lang)}, {hit.rule})"
        )
        lines.append(f"    “{hit.quote}”")
        lines.append(f"    {why}")
    return "\n".join(lines)


def scan_json(scan: LicenceScan, lang: Lang) -> dict[str, Any]:
    """The scan as JSON data, each clause with the rule's explanation in `lang`."""
    from osai_procure.licences.scanning import rule_by_id

    data = scan.model_dump(mode="json")
    for clause in data["clauses"]:
        rule = rule_by_id(clause["rule"])
        clause["why"] = rule.why.get(lang) if rule else None
    for problem, item in zip(scan.problems, data["problems"], strict=True):
        item["message"] = problem_text(problem, lang)
    return data


def _cmd_licence_scan(args: argparse.Namespace) -> int:
    """Scan one licence document; exit 1 when it could not be read and names no licence."""
    from osai_procure.licences.document import read_path
    from osai_procure.licences.scanning import scan_document

    path = Path(args.file)
    try:
        document = read_path(path)
    except OSError as error:
        raise ContentError([unreadable(str(path), error)]) from None
    scan = scan_document(document)
    if args.format == "json":
        print(json.dumps(scan_json(scan, args.lang), ensure_ascii=False, indent=2))
    else:
        print(format_scan(scan, args.lang))
    return 0 if scan.readable or scan.notices else 1


def add_licence_commands(lsub: Any) -> None:
    """Register `license scan` on the `license` subparsers."""
    c = lsub.add_parser(
        "scan",
        help="identify a licence text (text, Markdown, HTML, PDF) and flag its clauses",
    )
    c.add_argument("file")
    c.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(c, "the scan and the messages")
    c.set_defaults(handler=_cmd_licence_scan)
