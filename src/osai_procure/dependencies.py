"""What each part of a policy's evaluation reads, as a fingerprint: a criterion's status, the
openness label and the MOF class are decided by their definitions, the questions those read
(with the questions' own conditions), the criteria they name, the accepted terms and the
licence data. When a part's fingerprint is the same under two resolved policies, the engine
gives it the same outcome for any answers, so an earlier result of that part stands.

A fingerprint over-approximates what is read: whatever the engine could consult is in it, so a
change never goes unnoticed (at worst, an unchanged part is evaluated again).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from osai_procure.loading import PolicyBundle
from osai_procure.models.rules import rule_operator

# Operators whose outcome depends on licence data (the catalogue) besides the answer.
_LICENCE_OPERATORS = frozenset({"component_open", "licence_free_of"})


@dataclass(frozen=True)
class Fingerprints:
    """One fingerprint per criterion (of its status), one of the label and one of the MOF
    class."""

    criteria: dict[str, str]
    label: str
    mof: str
    # The questions whose answers each part may read (for a criterion, with every criterion
    # it names); the exception route's too, since the policy verdict reads it.
    criterion_reads: dict[str, frozenset[str]]
    label_reads: frozenset[str]
    mof_reads: frozenset[str]
    exception_reads: frozenset[str]

    def unchanged(self, other: Fingerprints) -> frozenset[str]:
        """The criteria of this policy whose status `other` decides identically."""
        return frozenset(c for c, d in self.criteria.items() if other.criteria.get(c) == d)


@dataclass
class _Reads:
    """What a rule (with everything it leads to) may read."""

    questions: set[str] = field(default_factory=set)
    criteria: set[str] = field(default_factory=set)
    content_types: set[str] = field(default_factory=set)
    licences: bool = False


def _digest(value: Any) -> str:
    """SHA-256 of a value's canonical JSON."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dump(model: Any) -> Any:
    """A model (or None) as plain JSON data."""
    return None if model is None else model.model_dump(mode="json", by_alias=True)


class _Walker:
    """Collects the reads of rules, following questions' conditions and (unless `follow` is
    off) named criteria."""

    def __init__(self, bundle: PolicyBundle, follow: bool = True) -> None:
        self.bundle = bundle
        self.criteria = {c.id: c for c in bundle.policy.criteria}
        self.follow = follow

    def question(self, qid: str, reads: _Reads) -> None:
        """A question is read: its definition, and what its condition reads."""
        if qid in reads.questions:
            return
        reads.questions.add(qid)
        question = self.bundle.questions.get(qid)
        if question is not None and question.show_if is not None:
            self.rule(question.show_if, reads)

    def criterion(self, cid: str, reads: _Reads) -> None:
        """A criterion's status is read: its rule and condition, and what they read."""
        if cid in reads.criteria:
            return
        reads.criteria.add(cid)
        if not self.follow:
            return
        criterion = self.criteria.get(cid)
        if criterion is not None:
            self.rule(criterion.rule, reads)
            if criterion.applies_if is not None:
                self.rule(criterion.applies_if, reads)

    def rule(self, rule: Any, reads: _Reads) -> None:
        """Everything one rule may read."""
        op = rule_operator(rule)
        args = getattr(rule, "not_" if op == "not" else op)
        if op == "criterion_met":
            self.criterion(args, reads)
        elif op == "answered":
            self.question(args, reads)
        elif op in ("all_of", "any_of"):
            for sub in args:
                self.rule(sub, reads)
        elif op == "not":
            self.rule(args, reads)
        elif op == "at_least":
            for sub in args.of:
                self.rule(sub, reads)
        else:
            self.question(args.question, reads)
            if op in _LICENCE_OPERATORS:
                reads.licences = True
            if op == "component_open":
                question = self.bundle.questions.get(args.question)
                declared = getattr(question, "content_type", None)
                reads.content_types.add(str(args.content_type or declared))

    def fingerprint(self, own: Any, reads: _Reads) -> str:
        """The digest of a part's own definition and of everything it reads."""
        policy = self.bundle.policy
        return _digest(
            {
                "own": own,
                "questions": {q: _dump(self.bundle.questions.get(q)) for q in reads.questions},
                "criteria": {
                    c: [_dump(self.criteria[c].rule), _dump(self.criteria[c].applies_if)]
                    if c in self.criteria
                    else None
                    for c in reads.criteria
                },
                "terms": {
                    t: _dump(policy.accepted_terms.get(t))  # type: ignore[call-overload]
                    for t in reads.content_types
                },
                "licences": _licence_data(self.bundle) if reads.licences else None,
            }
        )


def _licence_data(bundle: PolicyBundle) -> Any:
    """The licence data a bundle adds to the shipped catalogue (the shipped one is the same
    for every policy of a process)."""
    return [_dump(entry) for entry in bundle.policy.licence_catalogue]


def fingerprints(bundle: PolicyBundle) -> Fingerprints:
    """The fingerprints of a resolved policy's criteria, label and MOF class."""
    walker = _Walker(bundle)
    criteria: dict[str, str] = {}
    criterion_reads: dict[str, frozenset[str]] = {}
    for criterion in bundle.policy.criteria:
        reads = _Reads()
        walker.criterion(criterion.id, reads)
        criteria[criterion.id] = walker.fingerprint(criterion.id, reads)
        criterion_reads[criterion.id] = frozenset(reads.questions)
    label_reads = _Reads()
    for openness in bundle.policy.openness_labels:
        walker.rule(openness.rule, label_reads)
        if openness.unless is not None:
            walker.rule(openness.unless, label_reads)
    label = walker.fingerprint([_dump(x) for x in bundle.policy.openness_labels], label_reads)
    mof_reads = _Reads(licences=True)
    for mof_class in bundle.policy.mof_classes:
        for qid in (*mof_class.components, *(s for v in mof_class.substitutes.values() for s in v)):
            mof_reads.questions.add(qid)  # read as a component, whatever its condition
    mof = walker.fingerprint([_dump(x) for x in bundle.policy.mof_classes], mof_reads)
    exception_reads = _Reads()
    if bundle.policy.exception is not None:
        walker.rule(bundle.policy.exception.recorded, exception_reads)
    return Fingerprints(
        criteria,
        label,
        mof,
        criterion_reads,
        frozenset(label_reads.questions),
        frozenset(mof_reads.questions),
        frozenset(exception_reads.questions),
    )


@dataclass(frozen=True)
class Direct:
    """What a part reads itself: the questions its own rules read (with the questions their
    conditions read) and the criteria they name, whose statuses it reads rather than what
    those criteria read."""

    questions: frozenset[str]
    criteria: frozenset[str]


def direct_reads(bundle: PolicyBundle) -> dict[tuple[str, str], Direct]:
    """What each part of a resolved policy's evaluation reads itself: each criterion
    (`("criterion", id)`), the label (`("label", "")`), the MOF class (`("mof_class", "")`)
    and the exception route's record (`("exception", "")`)."""
    walker = _Walker(bundle, follow=False)
    out: dict[tuple[str, str], Direct] = {}

    def part(rules: list[Any], questions: frozenset[str] = frozenset()) -> Direct:
        """The direct reads of some rules (None ones skipped)."""
        reads = _Reads(questions=set(questions))
        for rule in rules:
            if rule is not None:
                walker.rule(rule, reads)
        return Direct(frozenset(reads.questions), frozenset(reads.criteria))

    for criterion in bundle.policy.criteria:
        out[("criterion", criterion.id)] = part([criterion.rule, criterion.applies_if])
    out[("label", "")] = part(
        [r for o in bundle.policy.openness_labels for r in (o.rule, o.unless)]
    )
    components = frozenset(
        q
        for mof_class in bundle.policy.mof_classes
        for q in (*mof_class.components, *(s for v in mof_class.substitutes.values() for s in v))
    )
    out[("mof_class", "")] = Direct(components, frozenset())
    route = bundle.policy.exception
    out[("exception", "")] = part([route.recorded if route is not None else None])
    return out
