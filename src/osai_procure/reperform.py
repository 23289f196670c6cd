"""What re-performing a signed verdict compares: the decisions, never their wording.

A verdict re-performs when evaluating the recorded answers with the recorded policy gives the
same verdicts, the same status and reason codes (with their parameters) for every criterion,
the same deciding answers, and the same policy digest. Titles, reason sentences and licence
prose are rendering and content text: rewording them must not break a record signed years ago.
"""

from __future__ import annotations

from typing import Any

from osai_procure.models.evaluation import Evaluation, Finding


def _finding(finding: Finding) -> dict[str, Any]:
    """The decisive part of one finding."""
    return {
        "criterion": finding.criterion,
        "scope": finding.scope,
        "severity": finding.severity,
        "weight": finding.weight,
        "status": finding.status,
        "reasons": [r.model_dump(mode="json") for r in finding.reasons],
        "answers": [{"question": a.question, "value": a.value} for a in finding.answers],
    }


def decisive(evaluation: Evaluation) -> dict[str, Any]:
    """The part of an evaluation that re-performing must reproduce exactly (plain JSON)."""
    return {
        "osaid": evaluation.osaid.model_dump(mode="json"),
        "policy": evaluation.policy.model_dump(mode="json"),
        "openness_label": evaluation.openness_label.id,
        "mof_class": evaluation.mof_class.model_dump(mode="json"),
        "findings": [_finding(f) for f in evaluation.findings],
        "licences": [
            {
                "component": row.component,
                "released": row.released,
                "acceptable": row.acceptable,
                "licence": row.licence.normalized or row.licence.original,
                "kind": row.licence.kind,
                "flags": sorted({f.flag for f in row.licence.flags}),
            }
            for row in evaluation.licence_flags
        ],
        "unconfirmed_imports": list(evaluation.unconfirmed_imports),
        "unanswered": list(evaluation.unanswered),
    }


def differences(recorded: Evaluation, fresh: Evaluation) -> list[str]:
    """What differs between the signed and the re-computed decisions, most important first."""
    diffs = []
    if recorded.osaid.verdict != fresh.osaid.verdict:
        diffs.append(f"OSAID verdict {recorded.osaid.verdict} → {fresh.osaid.verdict}")
    if recorded.policy.verdict != fresh.policy.verdict:
        diffs.append(f"policy verdict {recorded.policy.verdict} → {fresh.policy.verdict}")
    if recorded.policy.score != fresh.policy.score:
        diffs.append(f"score {recorded.policy.score:g} → {fresh.policy.score:g}")
    if recorded.openness_label.id != fresh.openness_label.id:
        diffs.append(f"label {recorded.openness_label.id} → {fresh.openness_label.id}")
    if recorded.mof_class.mof_class != fresh.mof_class.mof_class:
        diffs.append(f"MOF class {recorded.mof_class.mof_class} → {fresh.mof_class.mof_class}")
    old = {f.criterion: _finding(f) for f in recorded.findings}
    new = {f.criterion: _finding(f) for f in fresh.findings}
    for criterion in dict.fromkeys([*old, *new]):
        before, after = old.get(criterion), new.get(criterion)
        if before is None or after is None:
            diffs.append(f"criterion {criterion} {'added' if before is None else 'removed'}")
        elif before["status"] != after["status"]:
            diffs.append(f"criterion {criterion} {before['status']} → {after['status']}")
        elif before != after:
            diffs.append(f"criterion {criterion}: its reasons or deciding answers differ")
    if not diffs:
        a, b = decisive(recorded), decisive(fresh)
        changed = [key for key in a if a[key] != b[key]]
        diffs.append("the " + ", ".join(changed) + " differ")
    return diffs
