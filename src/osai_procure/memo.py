"""Outcomes of the parts of evaluations shared between assessments: a criterion's status, the
openness label, the MOF class and the exception route's record are each decided by the answers
to a few questions and the statuses of the criteria the part names
(`dependencies.direct_reads`). Over many assessments those take few distinct values, so the
engine (`engine.outcome`) decides each part once per distinct key and looks it up after that.

A key holds everything a part's outcome can depend on besides the resolved policy itself: the
part, a token of the answer value of every question it reads (equal tokens only for equal
values) and the status of every criterion it names (the engine decides those first). A memo
belongs to one resolved policy and lives for one run; nothing is kept across runs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from osai_procure.dependencies import direct_reads
from osai_procure.loading import PolicyBundle
from osai_procure.models.rules import rule_operator

# The parts besides the criteria (a criterion's part is `("criterion", id)`).
LABEL = ("label", "")
MOF = ("mof_class", "")
EXCEPTION = ("exception", "")

Part = tuple[str, str]


def _picker(names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    """A function picking these keys' values out of a mapping (itemgetter, made total: no
    names give the empty tuple, one name its value alone; either way one value per shape)."""
    return itemgetter(*names) if names else lambda _: ()


@dataclass(frozen=True)
class _Shape:
    """What one part's key is made of: the questions it reads and the criteria it names, and
    the functions picking those out of the tokens and statuses."""

    reads: tuple[str, ...]
    names: tuple[str, ...]
    tokens_of: Callable[[Mapping[str, Any]], Any] = field(init=False, repr=False, compare=False)
    statuses_of: Callable[[Mapping[str, Any]], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tokens_of", _picker(self.reads))
        object.__setattr__(self, "statuses_of", _picker(self.names))


@dataclass
class OutcomeMemo:
    """The parts decided so far under one resolved policy, and the shape of each part's key.
    When a question's visibility depends on the order questions are looked at (a `show_if`
    that names itself, directly or not) no part has a shape: nothing is shared."""

    bundle: PolicyBundle
    shapes: dict[Part, _Shape]
    questions: tuple[str, ...]
    decided: dict[tuple[Hashable, ...], Any] = field(default_factory=dict)

    @classmethod
    def of(cls, bundle: PolicyBundle) -> OutcomeMemo:
        """An empty memo for a resolved policy."""
        # With a cycle anywhere, the order parts are decided in could matter to any part that
        # reaches it, and sharing changes that order (a part found is not decided): nothing
        # is shared then.
        shared = not _order_dependent(bundle)
        shapes = {
            part: _Shape(tuple(sorted(reads.questions)), tuple(sorted(reads.criteria)))
            for part, reads in direct_reads(bundle).items()
            if shared
        }
        questions = sorted({q for shape in shapes.values() for q in shape.reads})
        return cls(bundle, shapes, tuple(questions))

    def names(self, part: Part) -> tuple[str, ...]:
        """The criteria whose statuses a shared part's key holds (none for a part not
        shared)."""
        shape = self.shapes.get(part)
        return () if shape is None else shape.names

    def key(
        self, part: Part, tokens: Mapping[str, Hashable], statuses: Mapping[str, str]
    ) -> tuple[Hashable, ...] | None:
        """The key of a part for these answer tokens and the statuses of the criteria it
        names (None: the part is not shared).

        Raises:
            KeyError: a question the part reads has no token, or a criterion it names no
                status (the caller's are short).
        """
        shape = self.shapes.get(part)
        if shape is None:
            return None
        return (part, shape.tokens_of(tokens), shape.statuses_of(statuses))


def _order_dependent(bundle: PolicyBundle) -> frozenset[str]:
    """The questions whose visibility the engine decides differently depending on which
    question it looked at first: those whose `show_if` leads, at any depth, into a cycle."""
    edges = {
        qid: frozenset(_questions(question.show_if))
        if question.show_if is not None
        else frozenset()
        for qid, question in bundle.questions.items()
    }
    state: dict[str, str] = {}  # "open" while being walked, then "safe" or "unsafe"

    def walk(qid: str) -> bool:
        """Whether a cycle is reachable from this question."""
        seen = state.get(qid)
        if seen is not None:
            return seen != "safe"  # an open question met again is a cycle
        state[qid] = "open"
        unsafe = False
        for other in edges.get(qid, frozenset()):
            unsafe = walk(other) or unsafe
        state[qid] = "unsafe" if unsafe else "safe"
        return unsafe

    return frozenset(qid for qid in edges if walk(qid))


def _questions(rule: Any) -> set[str]:
    """The questions a condition names (conditions name no criteria)."""
    op = rule_operator(rule)
    args = getattr(rule, "not_" if op == "not" else op)
    if op in ("all_of", "any_of"):
        return {q for sub in args for q in _questions(sub)}
    if op == "not":
        return _questions(args)
    if op == "at_least":
        return {q for sub in args.of for q in _questions(sub)}
    if op == "answered":
        return {args}
    if op == "criterion_met":
        return set()
    return {args.question}
