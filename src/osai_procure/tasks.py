"""The task list (GOV.UK pattern): each questionnaire section with its state and open questions.

A section is `not_started` (no shown question answered), `in_progress`, `needs_decision` (every
shown question answered, but imported answers await an officer's confirmation) or `done`. A
question is *required* when a gate criterion of the policy depends on it, directly or through
`criterion_met`. Progress counts sections, so a conditional question that appears moves only its
own section's count, never the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from osai_procure.engine import Progress, progress
from osai_procure.loading import PolicyBundle
from osai_procure.models.answers import Answer
from osai_procure.models.policy import Criterion
from osai_procure.models.questionnaire import Section
from osai_procure.models.rules import rule_operator

__all__ = ["SectionTask", "TaskList", "required_questions", "task_list"]

TaskState = Literal["not_started", "in_progress", "needs_decision", "done"]


@dataclass(frozen=True)
class SectionTask:
    """One section of the task list."""

    section: Section
    state: TaskState
    answered: int
    shown: int
    open_required: tuple[str, ...]
    open_other: tuple[str, ...]
    unconfirmed: tuple[str, ...]


@dataclass(frozen=True)
class TaskList:
    """Every section in questionnaire order, with the totals the overview shows."""

    sections: tuple[SectionTask, ...]

    @property
    def done(self) -> int:
        """Sections done."""
        return sum(1 for s in self.sections if s.state == "done")

    @property
    def total(self) -> int:
        """Sections in all: fixed for a policy, whatever is answered."""
        return len(self.sections)


def _rule_questions(rule: Any, criteria: Mapping[str, Criterion], seen: set[str]) -> set[str]:
    """The questions a rule reads, following `criterion_met` into the named criteria."""
    op = rule_operator(rule)
    args = getattr(rule, "not_" if op == "not" else op)
    if op in ("all_of", "any_of"):
        return set().union(*(_rule_questions(r, criteria, seen) for r in args))
    if op == "not":
        return _rule_questions(args, criteria, seen)
    if op == "at_least":
        return set().union(*(_rule_questions(r, criteria, seen) for r in args.of))
    if op == "criterion_met":
        if args in seen or args not in criteria:
            return set()
        seen.add(args)
        return _rule_questions(criteria[args].rule, criteria, seen)
    return {args if op == "answered" else args.question}


def required_questions(bundle: PolicyBundle) -> frozenset[str]:
    """The questions some gate criterion of the policy depends on."""
    criteria = {c.id: c for c in bundle.policy.criteria}
    out: set[str] = set()
    for criterion in bundle.policy.criteria:
        if criterion.severity == "gate":
            out |= _rule_questions(criterion.rule, criteria, set())
    return frozenset(out)


def _unconfirmed(answer: Answer | None) -> bool:
    """Whether an answer is imported and not yet confirmed."""
    return answer is not None and answer.provenance == "imported" and not answer.confirmed


def task_list(
    bundle: PolicyBundle,
    answers: Mapping[str, Answer],
    required: frozenset[str] | None = None,
    now: Progress | None = None,
) -> TaskList:
    """The task list of these answers (pass `required` and `now` to reuse what the caller
    computed with `required_questions` and `engine.progress`)."""
    needed = required_questions(bundle) if required is None else required
    now = progress(bundle, answers) if now is None else now
    visible = set(now.visible)
    unanswered = set(now.unanswered)
    out = []
    for questionnaire in bundle.questionnaires:
        for section in questionnaire.sections:
            shown = [q.id for q in section.questions if q.id in visible]
            open_ = [q for q in shown if q in unanswered]
            pending = [q for q in shown if q not in unanswered and _unconfirmed(answers.get(q))]
            answered = len(shown) - len(open_)
            state: TaskState
            if answered == 0 and shown:
                state = "not_started"
            elif open_:
                state = "in_progress"
            elif pending:
                state = "needs_decision"
            else:
                state = "done"
            out.append(
                SectionTask(
                    section=section,
                    state=state,
                    answered=answered,
                    shown=len(shown),
                    open_required=tuple(q for q in open_ if q in needed),
                    open_other=tuple(q for q in open_ if q not in needed),
                    unconfirmed=tuple(pending),
                )
            )
    return TaskList(tuple(out))
