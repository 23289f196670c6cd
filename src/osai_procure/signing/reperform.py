"""Re-performing a signed record's verdicts: find the recorded policy by id, version and
digest, check the questionnaires, evaluate the recorded answers again and compare the
decisions (`osai_procure.reperform.decisive`); when they differ, tell a change of rules since
signing (engine, licence catalogue, SPDX list, a later policy version) from a verdict that is
simply not reproduced.
"""

from __future__ import annotations

from dataclasses import dataclass

from osai_procure.engine import ENGINE_VERSION, evaluate
from osai_procure.errors import ContentError
from osai_procure.licences.catalogue import catalogue_digest
from osai_procure.loading import ContentLibrary, PolicyBundle, load_policy
from osai_procure.models.base import I18n
from osai_procure.models.evaluation import Evaluation
from osai_procure.models.report import DigestRef, Record
from osai_procure.render.record import canonical
from osai_procure.reperform import decisive, differences
from osai_procure.report import answers_of
from osai_procure.signing.checks import Check, failed, params_of, passed


@dataclass(frozen=True)
class Reperformance:
    """What re-evaluating the recorded answers gave, when it could be done: the fresh
    evaluation, and what changed since signing besides the record (engine, catalogue, SPDX
    list, policy version), empty when nothing did."""

    fresh: Evaluation
    causes: tuple[str, ...] = ()


def find_policy(library: ContentLibrary, ref: DigestRef) -> tuple[PolicyBundle | None, str]:
    """The library's policy with this id, version and digest, or None and why not."""
    seen = []
    for path in library.find_all("policy", ref.id):
        try:
            bundle = load_policy(path, library)
        except ContentError as exc:
            seen.append(f"{path} (does not load: {exc.problems[0]})")
            continue
        policy = bundle.policy
        if (policy.id, policy.version, policy.digest) == (ref.id, ref.version, ref.digest):
            return bundle, f"{policy.id} {policy.version} from {path}"
        seen.append(f"{path}: version {policy.version}, SHA-256 {policy.digest}")
    where = ", ".join(str(d) for d in library.policy_dirs)
    found = "; found " + "; ".join(seen) if seen else f"; no policy with that id in {where}"
    return None, (
        f"unknown policy version: the record needs {ref.id} version {ref.version} "
        f"(SHA-256 {ref.digest}){found}. Pass --policies DIR with that policy"
    )


def policy_title(library: ContentLibrary, policy_id: str) -> I18n | None:
    """The title of a policy the library has under this id (any version that loads), or None
    when it has none: what a page shows instead of the id."""
    for path in library.find_all("policy", policy_id):
        try:
            return load_policy(path, library).policy.title
        except ContentError:
            continue
    return None


def reperform(
    record: Record, library: ContentLibrary, installed_spdx: str
) -> tuple[list[Check], PolicyBundle | None, Reperformance | None]:
    """Find the recorded policy and questionnaires, re-evaluate, compare the verdicts."""
    bundle, detail = find_policy(library, record.policy)
    if bundle is None:
        today, reperformance = _under_todays_policy(record, library)
        missing = failed(
            "policy",
            "unknown_policy_version",
            detail,
            "policy_missing",
            policy=record.policy.id,
            version=record.policy.version,
            digest=record.policy.digest,
        )
        return [missing, *today], None, reperformance
    checks = [
        passed(
            "policy",
            f"policy found by id, version and SHA-256: {detail}",
            "policy_found",
            policy=bundle.policy.id,
            version=bundle.policy.version,
            digest=bundle.policy.digest,
        )
    ]
    recorded = {(q.id, q.version, q.digest) for q in record.questionnaires}
    current = {(q.id, q.version, bundle.questionnaire_digests[q.id]) for q in bundle.questionnaires}
    if recorded != current:
        changed = sorted({q[0] for q in recorded ^ current})
        checks.append(
            failed(
                "questionnaires",
                "content_changed",
                f"the questionnaires differ from those recorded: {', '.join(changed)} "
                "(id, version or SHA-256)",
                "questionnaires_differ",
                names=", ".join(changed),
            )
        )
        return checks, None, None
    checks.append(
        passed(
            "questionnaires",
            "questionnaire digests match: " + ", ".join(sorted(q[0] for q in current)),
            "questionnaires_match",
            names=", ".join(sorted(q[0] for q in current)),
        )
    )
    try:
        fresh = evaluate(bundle, answers_of(record))
    except Exception as exc:  # report, never crash, on recorded data
        return (
            [
                *checks,
                failed(
                    "verdicts",
                    "verdict_not_reproduced",
                    f"verdict not reproduced: re-evaluation failed ({exc})",
                    "reevaluation_failed",
                ),
            ],
            bundle,
            None,
        )
    if canonical(decisive(fresh)) == canonical(decisive(record.evaluation)):
        checks.append(
            passed(
                "verdicts",
                f"re-evaluated: OSAID {fresh.osaid.verdict}, policy "
                f"{fresh.policy.verdict}, label {fresh.openness_label.id}, "
                f"MOF {fresh.mof_class.mof_class} — identical to the record",
                "verdicts_identical",
                osaid=fresh.osaid.verdict,
                policy=fresh.policy.verdict,
                label=fresh.openness_label.title.ja,
                mof=fresh.mof_class.mof_class,
            )
        )
        return checks, bundle, Reperformance(fresh)
    causes = _rule_changes(record, bundle, installed_spdx)
    if causes:
        checks.append(
            failed(
                "verdicts",
                "rules_changed",
                _rules_changed(record.evaluation, fresh, causes),
                "rules_changed",
                **_verdicts(record.evaluation, fresh),
            )
        )
    else:
        checks.append(
            failed(
                "verdicts",
                "verdict_not_reproduced",
                "verdict not reproduced: " + "; ".join(differences(record.evaluation, fresh)),
                "verdicts_differ",
                **_verdicts(record.evaluation, fresh),
            )
        )
    return checks, bundle, Reperformance(fresh, tuple(causes))


def _verdicts(recorded: Evaluation, fresh: Evaluation) -> dict[str, str]:
    """The signed and re-evaluated verdicts (as ids), for a detail's parameters."""
    return {
        "osaid": str(recorded.osaid.verdict),
        "policy": str(recorded.policy.verdict),
        "osaid_now": str(fresh.osaid.verdict),
        "policy_now": str(fresh.policy.verdict),
    }


def _rule_changes(record: Record, bundle: PolicyBundle, installed_spdx: str) -> list[str]:
    """What decides a verdict besides the policy and questionnaires, and changed since signing:
    the engine, the licence catalogue, the SPDX licence list."""
    causes = []
    if record.versions.engine != ENGINE_VERSION:
        causes.append(f"engine {record.versions.engine} → {ENGINE_VERSION}")
    if record.versions.licence_catalogue != catalogue_digest(bundle.catalogue):
        causes.append("the licence catalogue changed")
    if record.spdx_list_version != installed_spdx:
        causes.append(f"SPDX licence list {record.spdx_list_version} → {installed_spdx}")
    return causes


def _rules_changed(recorded: Evaluation, fresh: Evaluation, causes: list[str]) -> str:
    """'signed verdict X; today's rules give Y because criterion Z changed', in one line."""
    changed = [
        f"criterion {d.removeprefix('criterion ')}"
        for d in differences(recorded, fresh)
        if d.startswith("criterion ")
    ]
    because = f" because {'; '.join(changed)}" if changed else ""
    return (
        f"rules changed since signing ({'; '.join(causes)}): signed verdict OSAID "
        f"{recorded.osaid.verdict}, policy {recorded.policy.verdict}; today's rules give OSAID "
        f"{fresh.osaid.verdict}, policy {fresh.policy.verdict}{because}. The record is not "
        "tampered with; it was decided under the earlier rules"
    )


def _under_todays_policy(
    record: Record, library: ContentLibrary
) -> tuple[list[Check], Reperformance | None]:
    """When the signed policy version is gone (a later content fix), what today's version of
    the same policy gives for the recorded answers; nothing when there is none."""
    for path in library.find_all("policy", record.policy.id):
        try:
            today = load_policy(path, library)
            fresh = evaluate(today, answers_of(record))
        except Exception:
            continue
        cause = f"policy {record.policy.version} → {today.policy.version} ({path})"
        if canonical(decisive(fresh)) == canonical(decisive(record.evaluation)):
            same = Check(
                "verdicts",
                "warn",
                f"today's {record.policy.id} {today.policy.version} gives the same verdicts "
                "as the record",
                code="today_same",
                params=params_of(policy=record.policy.id, version=today.policy.version),
            )
            return [same], Reperformance(fresh, (cause,))
        changed = _rules_changed(record.evaluation, fresh, [cause])
        again = failed(
            "verdicts",
            "rules_changed",
            changed,
            "rules_changed",
            **_verdicts(record.evaluation, fresh),
        )
        return [again], Reperformance(fresh, (cause,))
    return [], None
