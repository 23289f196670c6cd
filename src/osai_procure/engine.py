"""Evaluate answers against a resolved policy: pure, deterministic, no clock, no I/O.

Rules use three-valued (Kleene) logic plus "not applicable": unknown never counts as met, and
a not-applicable leaf is neutral inside `all_of`/`any_of`. Operators are dispatched from one
registry, `_OPERATORS`, whose keys are `models.rules.RULE_OPERATORS`.

Findings carry reasons as codes with parameters (`models.evaluation.Reason`); the sentences
are rendering (`osai_procure.wording`), so the engine holds no prose.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel

from osai_procure.licences import analyse_licence, is_acceptable
from osai_procure.licences.mof import mot_open
from osai_procure.licences.scanned import facts_from_scan
from osai_procure.loading import PolicyBundle
from osai_procure.memo import EXCEPTION, LABEL, MOF, OutcomeMemo, Part
from osai_procure.models.answers import Answer, AnswersFile, ComponentValue
from osai_procure.models.evaluation import (
    ComponentLicence,
    DecidingAnswer,
    Evaluation,
    Finding,
    ImportedConclusion,
    LabelResult,
    MofResult,
    OsaidResult,
    OsaidVerdict,
    PolicyResult,
    PolicyVerdict,
    Reason,
    ReasonCode,
    Status,
)
from osai_procure.models.licence import LicenceFacts
from osai_procure.models.policy import Criterion
from osai_procure.models.questionnaire import ComponentQuestion, Question, YesNoQuestion
from osai_procure.models.rules import RULE_OPERATORS, rule_operator

MET: Status = "met"
NOT_MET: Status = "not_met"
UNKNOWN: Status = "unknown"
NA: Status = "not_applicable"


# The version of the engine's decision procedure, stated in every record. Raise it when the same
# answers and content can give a different status, reason code or verdict.
ENGINE_VERSION = "1"


_set = object.__setattr__
M = TypeVar("M", bound=BaseModel)


def _build(cls: type[M], **values: Any) -> M:
    """Construct a result model from values the engine computed itself, every field given.

    This is what pydantic's `model_construct` does, minus its per-field default handling,
    which dominated the engine's profile; tests check each result round-trips validation.
    """
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_REASON_DEFAULTS: dict[str, Any] = {
    name: field.default for name, field in Reason.model_fields.items() if name != "code"
}


def _reason(code: ReasonCode, **params: Any) -> Reason:
    """A reason code and its parameters (every field set, as `_build` requires)."""
    return _build(Reason, code=code, **{**_REASON_DEFAULTS, **params})


@lru_cache(maxsize=65536)
def _question_reason(code: ReasonCode, qid: str) -> Reason:
    """A reason about one question alone, built once per code and question."""
    return _reason(code, question=qid)


@dataclass
class _Context:
    """Everything one evaluation reads, with memoised results and what each criterion read."""

    bundle: PolicyBundle
    answers: Mapping[str, Answer]
    terms_assumed_ok: bool = False
    visible: dict[str, bool] = field(default_factory=dict)
    statuses: dict[str, Status] = field(default_factory=dict)
    read_questions: list[str] = field(default_factory=list)
    read_licences: list[LicenceFacts] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    criteria: dict[str, Criterion] = field(default_factory=dict)
    components: dict[str, ComponentValue | None] = field(default_factory=dict)
    deciding: dict[str, DecidingAnswer] = field(default_factory=dict)
    acceptable: dict[tuple[str, str, str], bool] = field(default_factory=dict)
    # Shared parts (`outcome` only): the memo and the tokens of the answer values.
    memo: OutcomeMemo | None = None
    tokens: Mapping[str, Hashable] = field(default_factory=dict)


T = TypeVar("T")


def _shared(ctx: _Context, part: Part, decide: Callable[[], T]) -> T:
    """A part's outcome from the memo when an assessment with the same key decided it, else
    decided now (and memoised). The criteria the part names are decided first: their statuses
    are part of the key."""
    memo = ctx.memo
    if memo is None:
        return decide()
    for cid in memo.names(part):
        _criterion_status(ctx, ctx.criteria[cid])
    key = memo.key(part, ctx.tokens, ctx.statuses)
    if key is None:
        return decide()
    found: T | None = memo.decided.get(key)
    if found is None:
        found = memo.decided[key] = decide()
    return found


def _value(ctx: _Context, qid: str) -> Any:
    """Return the known value of a question, or None when unanswered/unknown/hidden."""
    answer = ctx.answers.get(qid)
    if answer is None:
        return None
    value = answer.value
    if value is None or value == "unknown" or value == "" or value == []:
        return None
    question = ctx.bundle.questions.get(qid)
    if isinstance(question, YesNoQuestion) and isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _visible(ctx: _Context, qid: str) -> bool:
    """Whether a question is shown: its `show_if` (if any) is met; unknown hides it."""
    if qid in ctx.visible:
        return ctx.visible[qid]
    ctx.visible[qid] = True  # guards against a show_if that (indirectly) names itself
    question = ctx.bundle.questions.get(qid)
    shown = True
    if question is not None and question.show_if is not None:
        saved = (len(ctx.read_questions), len(ctx.read_licences), len(ctx.reasons))
        shown = _eval(ctx, question.show_if) == MET
        del ctx.read_questions[saved[0] :], ctx.read_licences[saved[1] :], ctx.reasons[saved[2] :]
    ctx.visible[qid] = shown
    return shown


def _component(ctx: _Context, qid: str) -> ComponentValue | None:
    """Read a component answer leniently (once per evaluation); None when unknown."""
    if qid not in ctx.components:
        ctx.components[qid] = _read_component(ctx, qid)
    return ctx.components[qid]


def _read_component(ctx: _Context, qid: str) -> ComponentValue | None:
    """Read a component answer leniently: released status, locations, licence text, scan."""
    return ComponentValue.read(_value(ctx, qid))


def _component_facts(ctx: _Context, component: ComponentValue) -> LicenceFacts:
    """Licence facts of a component: from its scanned document when there is one (with the
    declared string as identity, if any), else from the licence string."""
    if component.scan is not None:
        return facts_from_scan(component.scan, component.licence, ctx.bundle.catalogue)
    return analyse_licence(component.licence, ctx.bundle.catalogue)


def _facts(ctx: _Context, component: ComponentValue) -> LicenceFacts:
    """Licence facts of a component, recorded as read by the current criterion."""
    facts = _component_facts(ctx, component)
    ctx.read_licences.append(facts)
    return facts


def _question_ref(ctx: _Context, qid: str) -> None:
    """Record that the current criterion read a question."""
    ctx.read_questions.append(qid)


def _leaf_start(ctx: _Context, qid: str) -> Status | None:
    """Common start of a leaf: record the read; N/A when hidden."""
    _question_ref(ctx, qid)
    if not _visible(ctx, qid):
        ctx.reasons.append(_question_reason("not_shown", qid))
        return NA
    return None


def _unknown(ctx: _Context, qid: str) -> Status:
    """Record that a question is still unanswered."""
    ctx.reasons.append(_question_reason("unanswered", qid))
    return UNKNOWN


def _op_answer_equals(ctx: _Context, args: Any) -> Status:
    """`answer_equals`: the answer equals the value."""
    if (early := _leaf_start(ctx, args.question)) is not None:
        return early
    value = _value(ctx, args.question)
    if value is None:
        return _unknown(ctx, args.question)
    if value == "not_applicable" and args.value != "not_applicable":
        return NA
    if value == args.value:
        return MET
    if ctx.terms_assumed_ok and _from_terms(ctx, args.question):
        return MET
    ctx.reasons.append(
        _reason("answer_differs", question=args.question, value=value, required=args.value)
    )
    return NOT_MET


def _from_terms(ctx: _Context, qid: str) -> bool:
    """Whether the answer follows from terms alone (`Answer.terms`): the terms counterfactual
    sets such an answer aside as it sets aside a licence."""
    answer = ctx.answers.get(qid)
    return answer is not None and bool(answer.terms)


def _op_answer_in(ctx: _Context, args: Any) -> Status:
    """`answer_in`: the answer (every chosen item, for multiple choice) is listed."""
    if (early := _leaf_start(ctx, args.question)) is not None:
        return early
    value = _value(ctx, args.question)
    if value is None:
        return _unknown(ctx, args.question)
    items = value if isinstance(value, list) else [value]
    if all(item in args.values for item in items):
        return MET
    ctx.reasons.append(
        _reason(
            "answer_not_listed", question=args.question, value=value, required=list(args.values)
        )
    )
    return NOT_MET


def _op_answer_contains(ctx: _Context, args: Any) -> Status:
    """`answer_contains`: a multiple-choice answer includes the value."""
    if (early := _leaf_start(ctx, args.question)) is not None:
        return early
    value = _value(ctx, args.question)
    if value is None:
        return _unknown(ctx, args.question)
    if isinstance(value, list) and args.value in value:
        return MET
    ctx.reasons.append(_reason("choice_missing", question=args.question, required=args.value))
    return NOT_MET


def _op_answered(ctx: _Context, qid: str) -> Status:
    """`answered`: the question has a known answer."""
    if (early := _leaf_start(ctx, qid)) is not None:
        return early
    return MET if _value(ctx, qid) is not None else _unknown(ctx, qid)


def _op_number_at_least(ctx: _Context, args: Any) -> Status:
    """`number_at_least`: a number answer is at least the value."""
    if (early := _leaf_start(ctx, args.question)) is not None:
        return early
    value = _value(ctx, args.question)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return _unknown(ctx, args.question)
    if value >= args.value:
        return MET
    ctx.reasons.append(
        _reason("number_below", question=args.question, value=value, required=args.value)
    )
    return NOT_MET


def _released(ctx: _Context, qid: str) -> tuple[Status | None, ComponentValue | None]:
    """Shared start of the component operators: status when decided by release alone."""
    if (early := _leaf_start(ctx, qid)) is not None:
        return early, None
    component = _component(ctx, qid)
    if component is None or component.released == "unknown":
        return _unknown(ctx, qid), None
    if component.released == "not_applicable":
        ctx.reasons.append(_question_reason("component_not_used", qid))
        return NA, component
    if component.released == "no":
        ctx.reasons.append(_question_reason("component_not_released", qid))
        return NOT_MET, component
    return None, component


def _op_component_released(ctx: _Context, args: Any) -> Status:
    """`component_released`: released, whatever the terms."""
    status, _ = _released(ctx, args.question)
    return status if status is not None else MET


def _content_type(ctx: _Context, args: Any) -> str:
    """The content type an operator judges terms for."""
    if args.content_type is not None:
        return str(args.content_type)
    question = ctx.bundle.questions[args.question]
    assert isinstance(question, ComponentQuestion)  # checked when the policy was loaded
    return question.content_type


def _acceptable(ctx: _Context, facts: LicenceFacts, content_type: str) -> bool:
    """Whether the policy accepts a licence for a content type (memoised per evaluation)."""
    # Flags are part of the key: a scan adds flags to the same licence string.
    key = (facts.original, ",".join(sorted({f.flag for f in facts.flags})), content_type)
    found = ctx.acceptable.get(key)
    if found is None:
        terms = ctx.bundle.policy.accepted_terms.get(content_type)  # type: ignore[call-overload]
        found = terms is not None and is_acceptable(facts, terms)
        ctx.acceptable[key] = found
    return found


def _op_component_open(ctx: _Context, args: Any) -> Status:
    """`component_open`: released under terms the policy accepts for its content type."""
    status, component = _released(ctx, args.question)
    if status is not None:
        return status
    assert component is not None
    if not component.states_terms:
        # Unstated terms stay unknown even in the terms counterfactual: they are a gap to
        # confirm, not terms to change.
        ctx.reasons.append(_question_reason("terms_not_stated", args.question))
        return UNKNOWN
    facts = _facts(ctx, component)
    content_type = _content_type(ctx, args)
    if ctx.terms_assumed_ok or _acceptable(ctx, facts, content_type):
        return MET
    ctx.reasons.append(
        _reason(
            "terms_not_accepted",
            question=args.question,
            licence=facts.normalized or facts.original,
            licence_kind=facts.kind,
            content_type=content_type,
        )
    )
    return NOT_MET


def _op_licence_free_of(ctx: _Context, args: Any) -> Status:
    """`licence_free_of`: the component's licence carries none of the flags."""
    status, component = _released(ctx, args.question)
    if status == NOT_MET:  # nothing released: no terms to judge, and no reason to give
        ctx.reasons.pop()
        return NA
    if status is not None:
        return status
    assert component is not None
    if not component.states_terms:
        return _unknown(ctx, args.question)
    facts = _facts(ctx, component)
    found = sorted({f.flag for f in facts.flags if f.flag in args.flags})
    if not found or ctx.terms_assumed_ok:
        return MET
    ctx.reasons.append(
        _reason(
            "licence_red_flags",
            question=args.question,
            licence=facts.normalized or facts.original,
            flags=tuple(found),
        )
    )
    return NOT_MET


def _op_criterion_met(ctx: _Context, cid: str) -> Status:
    """`criterion_met`: another criterion's status."""
    status = _criterion_status(ctx, ctx.criteria[cid])
    if status == NOT_MET:
        ctx.reasons.append(_reason("criterion_not_met", criterion=cid))
    elif status == UNKNOWN:
        ctx.reasons.append(_reason("criterion_unknown", criterion=cid))
    return status


def _combine_all(statuses: list[Status]) -> Status:
    """Kleene AND; not-applicable items are neutral; all N/A gives N/A."""
    relevant = [s for s in statuses if s != NA]
    if not relevant:
        return NA
    if NOT_MET in relevant:
        return NOT_MET
    return UNKNOWN if UNKNOWN in relevant else MET


def _combine_any(statuses: list[Status]) -> Status:
    """Kleene OR; not-applicable items are neutral; all N/A gives N/A."""
    relevant = [s for s in statuses if s != NA]
    if not relevant:
        return NA
    if MET in relevant:
        return MET
    return UNKNOWN if UNKNOWN in relevant else NOT_MET


def _op_all_of(ctx: _Context, rules: Any) -> Status:
    """`all_of`: every rule is met."""
    return _combine_all([_eval(ctx, r) for r in rules])


def _op_any_of(ctx: _Context, rules: Any) -> Status:
    """`any_of`: at least one rule is met."""
    return _combine_any([_eval(ctx, r) for r in rules])


def _op_not(ctx: _Context, rule: Any) -> Status:
    """`not`: met becomes not met and the reverse; unknown and N/A stay."""
    status = _eval(ctx, rule)
    return {MET: NOT_MET, NOT_MET: MET}.get(status, status)


def _op_at_least(ctx: _Context, args: Any) -> Status:
    """`at_least`: at least n rules met; not met once that can no longer happen."""
    statuses = [_eval(ctx, r) for r in args.of]
    met, unknown = statuses.count(MET), statuses.count(UNKNOWN)
    if met >= args.n:
        return MET
    if met + unknown < args.n:
        ctx.reasons.append(
            _reason("too_few_alternatives", met=met, of=len(statuses), needed=args.n)
        )
        return NOT_MET
    return UNKNOWN


_OPERATORS: dict[str, Callable[[_Context, Any], Status]] = {
    "answer_equals": _op_answer_equals,
    "answer_in": _op_answer_in,
    "answer_contains": _op_answer_contains,
    "answered": _op_answered,
    "number_at_least": _op_number_at_least,
    "component_released": _op_component_released,
    "component_open": _op_component_open,
    "licence_free_of": _op_licence_free_of,
    "criterion_met": _op_criterion_met,
    "all_of": _op_all_of,
    "any_of": _op_any_of,
    "not": _op_not,
    "at_least": _op_at_least,
}
assert set(_OPERATORS) == set(RULE_OPERATORS), "every rule operator needs an evaluator"


def _eval(ctx: _Context, rule: Any) -> Status:
    """Evaluate one rule."""
    op = rule_operator(rule)
    return _OPERATORS[op](ctx, getattr(rule, "not_" if op == "not" else op))


def _criterion_status(ctx: _Context, criterion: Criterion) -> Status:
    """A criterion's status (memoised per evaluation, and shared when the context has a
    memo), honouring `applies_if`."""
    cached = ctx.statuses.get(criterion.id)
    if cached is not None:
        return cached
    if ctx.memo is None:
        return _decide_status(ctx, criterion)
    status = _shared(ctx, ("criterion", criterion.id), lambda: _decide_status(ctx, criterion))
    ctx.statuses[criterion.id] = status
    return status


def _decide_status(ctx: _Context, criterion: Criterion) -> Status:
    """A criterion's status decided from the answers (and recorded in the context)."""
    if criterion.applies_if is not None:
        applies = _eval(ctx, criterion.applies_if)
        if applies in (NOT_MET, NA):
            ctx.statuses[criterion.id] = NA
            return NA
        if applies == UNKNOWN:
            ctx.statuses[criterion.id] = UNKNOWN
            return UNKNOWN
    status = _eval(ctx, criterion.rule)
    ctx.statuses[criterion.id] = status
    return status


def _finding(ctx: _Context, criterion: Criterion) -> Finding:
    """Evaluate a criterion afresh and record what decided it."""
    ctx.read_questions, ctx.read_licences, ctx.reasons = [], [], []
    ctx.statuses.pop(criterion.id, None)
    status = _criterion_status(ctx, criterion)
    seen: dict[str, None] = dict.fromkeys(ctx.read_questions)
    answers = [_deciding(ctx, qid) for qid in seen]
    licences = tuple({f.original: f for f in ctx.read_licences}.values())
    open_issue = status in (NOT_MET, UNKNOWN)
    return _build(
        Finding,
        criterion=criterion.id,
        title=criterion.title,
        scope=criterion.scope,
        severity=criterion.severity,
        weight=criterion.weight,
        status=status,
        answers=tuple(answers),
        licences=licences,
        reasons=_unique(ctx.reasons),
        refs=criterion.refs,
        remediation=criterion.remediation if open_issue else None,
        contract_clause=criterion.contract_clause if open_issue else None,
    )


def _unique(reasons: list[Reason]) -> tuple[Reason, ...]:
    """The reasons without repeats, in first-seen order (values may be lists: not hashable)."""
    out: list[Reason] = []
    for reason in reasons:
        if not any(reason is seen or reason == seen for seen in out):
            out.append(reason)
    return tuple(out)


def _deciding(ctx: _Context, qid: str) -> DecidingAnswer:
    """The answer a finding rests on, built once per question and evaluation."""
    found = ctx.deciding.get(qid)
    if found is None:
        answer = ctx.answers.get(qid)
        found = _build(
            DecidingAnswer,
            question=qid,
            value=None if answer is None else answer.value,
            provenance=None if answer is None else answer.provenance,
            confirmed=False if answer is None else answer.confirmed,
            evidence_urls=() if answer is None else tuple(e.url for e in answer.evidence if e.url),
        )
        ctx.deciding[qid] = found
    return found


class Graded(Protocol):
    """What the verdicts read of a criterion's outcome: a `Finding`, or a `CriterionOutcome`
    when only the statuses are wanted."""

    @property
    def criterion(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def weight(self) -> float: ...
    @property
    def status(self) -> Status: ...


@dataclass(frozen=True)
class CriterionOutcome:
    """A criterion's status with what the verdicts weigh it by (no reasons, no answers)."""

    criterion: str
    scope: str
    severity: str
    weight: float
    status: Status


@lru_cache(maxsize=4096)
def _graded(
    criterion: str, scope: str, severity: str, weight: float, status: Status
) -> CriterionOutcome:
    """A criterion's outcome, built once per distinct outcome (it is frozen, so shared)."""
    return CriterionOutcome(criterion, scope, severity, weight, status)


def _osaid_verdict(
    graded: Sequence[Graded],
) -> tuple[OsaidVerdict, tuple[str, ...], tuple[str, ...]]:
    """The OSAID verdict from the osaid-scope gates, with the gates failed and unknown."""
    gates = [f for f in graded if f.scope == "osaid" and f.severity == "gate"]
    failed = tuple(f.criterion for f in gates if f.status == NOT_MET)
    unknown = tuple(f.criterion for f in gates if f.status == UNKNOWN)
    verdict: OsaidVerdict
    if failed:
        verdict = "not_open_source_ai"
    elif unknown:
        verdict = "insufficient_evidence"
    else:
        verdict = "open_source_ai"
    return verdict, failed, unknown


def _osaid(
    bundle: PolicyBundle, answers: Mapping[str, Answer], findings: tuple[Finding, ...]
) -> OsaidResult:
    """The OSAID verdict from the osaid-scope gates, with the terms counterfactual."""
    verdict, failed, unknown = _osaid_verdict(findings)
    would_pass = False
    pending: tuple[str, ...] = ()
    if failed:
        # Every failing gate must fail only because of terms: licence texts and red flags, and
        # answers that follow from terms (`Answer.terms`). Gates still unknown with the terms set
        # aside do not block; they are listed as what must be confirmed.
        ctx = _Context(
            bundle,
            answers,
            terms_assumed_ok=True,
            criteria={c.id: c for c in bundle.policy.criteria},
        )
        statuses = {
            c.id: _criterion_status(ctx, c)
            for c in bundle.policy.criteria
            if c.scope == "osaid" and c.severity == "gate"
        }
        would_pass = NOT_MET not in statuses.values()
        if would_pass:
            pending = tuple(cid for cid, s in statuses.items() if s == UNKNOWN)
    return _build(
        OsaidResult,
        verdict=verdict,
        failed=failed,
        unknown=unknown,
        would_pass_if_terms_changed=would_pass,
        unknown_if_terms_changed=pending,
    )


def _excepted(ctx: _Context, findings: Sequence[Graded]) -> tuple[str, ...]:
    """The gates not met that a recorded exception waives: all of them or none. Unknown gates
    are never waived: what the answers leave open is settled first."""
    route = ctx.bundle.policy.exception
    open_gates = [f.criterion for f in findings if f.severity == "gate" and f.status == NOT_MET]
    if route is None or not open_gates or not set(open_gates) <= set(route.covers):
        return ()
    recorded = _shared(ctx, EXCEPTION, lambda: _eval(ctx, route.recorded))
    return tuple(open_gates) if recorded == MET else ()


def _policy(ctx: _Context, findings: Sequence[Graded]) -> PolicyResult:
    """The policy verdict: gates first, then the share of scored weight that is met. Open gates
    that a recorded exception waives give "conditionally compliant", with the gates listed."""
    bundle = ctx.bundle
    excepted = _excepted(ctx, findings)
    gates = [f for f in findings if f.severity == "gate" and f.criterion not in excepted]
    gates_failed = tuple(f.criterion for f in gates if f.status == NOT_MET)
    gates_unknown = tuple(f.criterion for f in gates if f.status == UNKNOWN)
    scored = [f for f in findings if f.severity == "scored" and f.status != NA]
    total = sum(f.weight for f in scored)
    met = sum(f.weight for f in scored if f.status == MET)
    score = round(met / total, 6) if total else 1.0
    conditions = tuple(f.criterion for f in scored if f.status != MET)
    thresholds = bundle.policy.thresholds
    verdict: PolicyVerdict
    if gates_failed:
        verdict = "non_compliant"
    elif gates_unknown:
        verdict = "incomplete"
    elif excepted:
        verdict = "conditionally_compliant"
    elif score >= thresholds.compliant and not conditions:
        verdict = "compliant"
    elif score >= thresholds.conditionally_compliant:
        verdict = "conditionally_compliant"
    else:
        verdict = "non_compliant"
    return _build(
        PolicyResult,
        verdict=verdict,
        id=bundle.policy.id,
        version=bundle.policy.version,
        digest=bundle.policy.digest,
        score=score,
        gates_failed=gates_failed,
        gates_unknown=gates_unknown,
        conditions=conditions,
        excepted=excepted,
    )


def _label(ctx: _Context) -> LabelResult:
    """The first openness label whose rule is met; the closed label otherwise."""
    possible = False
    for label in ctx.bundle.policy.openness_labels:
        status = _eval(ctx, label.rule)
        if (
            status in (MET, UNKNOWN)
            and label.unless is not None
            and _eval(ctx, label.unless) == MET
        ):
            continue  # withheld: the terms are known to restrict
        if status == MET:
            return _build(LabelResult, id=label.id, title=label.title)
        possible = possible or status == UNKNOWN
    # "Closed" only when the answers rule every label out; while one is still possible (the
    # record does not say whether the weights were released, say) the label is undetermined.
    if possible:
        return _build(LabelResult, id="undetermined", title=ctx.bundle.policy.undetermined_label)
    return _build(LabelResult, id="closed", title=ctx.bundle.policy.closed_label)


def _mof_counts(ctx: _Context, qid: str) -> bool:
    """Whether a component counts towards a MOF class as the Model Openness Tool counts it:
    released, with a licence the tool holds open (`licences.mof.mot_open`), whatever the
    policy accepts."""
    component = _component(ctx, qid)
    if component is None or component.released != "yes" or not component.states_terms:
        return False
    return mot_open(_component_facts(ctx, component))


def _mof(ctx: _Context) -> MofResult:
    """The highest cumulative MOF class whose components all count (or a stand-in does)."""
    achieved: Literal["I", "II", "III", "unclassified"] = "unclassified"
    missing: tuple[str, ...] = ()
    for mof in ctx.bundle.policy.mof_classes:
        lacking = tuple(
            q
            for q in mof.components
            if not _mof_counts(ctx, q)
            and not any(_mof_counts(ctx, s) for s in mof.substitutes.get(q, ()))
        )
        if lacking:
            missing = lacking
            break
        achieved = mof.id
    return _build(MofResult, mof_class=achieved, missing_for_next=missing)


def _licence_table(ctx: _Context) -> tuple[ComponentLicence, ...]:
    """Every answered component that states a licence, with its facts and acceptability."""
    rows = []
    for qid, question in ctx.bundle.questions.items():
        if not isinstance(question, ComponentQuestion):
            continue
        component = _component(ctx, qid)
        if component is None or not component.states_terms:
            continue
        facts = _component_facts(ctx, component)
        rows.append(
            _build(
                ComponentLicence,
                component=qid,
                title=question.text,
                content_type=question.content_type,
                released=component.released,
                licence=facts,
                acceptable=_acceptable(ctx, facts, question.content_type),
            )
        )
    return tuple(rows)


def evaluate(bundle: PolicyBundle, answers: AnswersFile) -> Evaluation:
    """Evaluate an answers file against a resolved policy; same inputs, same result."""
    ctx = _Context(bundle, answers.answers, criteria={c.id: c for c in bundle.policy.criteria})
    findings = tuple(_finding(ctx, c) for c in bundle.policy.criteria)
    ctx.read_questions, ctx.read_licences, ctx.reasons = [], [], []
    label = _label(ctx)
    label_reads = tuple(ctx.read_questions)
    mof = _mof(ctx)
    unconfirmed = tuple(
        sorted(
            qid
            for qid, a in answers.answers.items()
            if a.provenance == "imported" and not a.confirmed and qid in bundle.questions
        )
    )
    osaid = _osaid(bundle, answers.answers, findings)
    unanswered = tuple(
        qid for qid in bundle.questions if _visible(ctx, qid) and _value(ctx, qid) is None
    )
    return _build(
        Evaluation,
        osaid=osaid,
        policy=_policy(ctx, findings),
        openness_label=label,
        mof_class=mof,
        findings=findings,
        licence_flags=_licence_table(ctx),
        unconfirmed_imports=unconfirmed,
        unanswered=unanswered,
        resting_on_imports=_resting_on_imports(
            bundle, frozenset(unconfirmed), findings, osaid, label, label_reads, mof
        ),
    )


@dataclass(frozen=True)
class Outcome:
    """What comparing two evaluations needs: the verdicts, the label, the MOF class and each
    criterion's status. Equal to the same parts of `evaluate`'s result (the same functions
    decide them); without reasons, answers or the terms counterfactual."""

    osaid_verdict: OsaidVerdict
    policy_verdict: PolicyVerdict
    label: str
    mof_class: str
    statuses: dict[str, Status]

    @classmethod
    def of(cls, evaluation: Evaluation) -> Outcome:
        """The same parts of a full evaluation, to compare with `outcome`'s."""
        return cls(
            osaid_verdict=evaluation.osaid.verdict,
            policy_verdict=evaluation.policy.verdict,
            label=evaluation.openness_label.id,
            mof_class=str(evaluation.mof_class.mof_class),
            statuses={f.criterion: f.status for f in evaluation.findings},
        )


def outcome(
    bundle: PolicyBundle,
    answers: Mapping[str, Answer],
    known: Mapping[str, Status] | None = None,
    label: str | None = None,
    mof_class: str | None = None,
    *,
    memo: OutcomeMemo | None = None,
    tokens: Mapping[str, Hashable] | None = None,
) -> Outcome:
    """The outcome of these answers under a resolved policy. `known` gives statuses already
    decided for criteria of this policy, and `label` and `mof_class` a label and class already
    decided (by an earlier evaluation of the same answers with identical definitions, see
    `osai_procure.dependencies`); only the rest is evaluated.

    With a memo of this policy (`osai_procure.memo`), `tokens` stands for the value of every
    answer the parts left to decide may read (equal tokens only for equal values): a part
    whose key the memo holds is looked up, and the answers are read only for the others."""
    if memo is not None and memo.bundle is not bundle:
        raise ValueError("the memo belongs to another policy")
    ctx = _Context(
        bundle,
        answers,
        statuses=dict(known or {}),
        criteria={c.id: c for c in bundle.policy.criteria},
        memo=memo,
        tokens=tokens or {},
    )
    graded = tuple(
        _graded(c.id, c.scope, c.severity, c.weight, _criterion_status(ctx, c))
        for c in bundle.policy.criteria
    )
    verdict, _, _ = _osaid_verdict(graded)
    return Outcome(
        osaid_verdict=verdict,
        policy_verdict=_policy(ctx, graded).verdict,
        label=label if label is not None else _shared(ctx, LABEL, lambda: _label(ctx).id),
        mof_class=(
            mof_class
            if mof_class is not None
            else _shared(ctx, MOF, lambda: str(_mof(ctx).mof_class))
        ),
        statuses={g.criterion: g.status for g in graded},
    )


def _resting_on_imports(
    bundle: PolicyBundle,
    unconfirmed: frozenset[str],
    findings: tuple[Finding, ...],
    osaid: OsaidResult,
    label: LabelResult,
    label_reads: tuple[str, ...],
    mof: MofResult,
) -> tuple[ImportedConclusion, ...]:
    """Every conclusion that reads an unconfirmed imported answer: the OSAID verdict (through
    the gates that decide it), the openness label (through the rules tried for it), the MOF
    class (through its components) and each criterion."""
    if not unconfirmed:
        return ()
    by_id = {f.criterion: f for f in findings}

    def imported(qids: Iterable[str]) -> tuple[str, ...]:
        """The unconfirmed imported questions among `qids`, in first-read order."""
        return tuple(dict.fromkeys(q for q in qids if q in unconfirmed))

    def read_by(cids: Iterable[str]) -> list[str]:
        """The questions the findings of these criteria read."""
        return [a.question for cid in cids if cid in by_id for a in by_id[cid].answers]

    out: list[ImportedConclusion] = []
    gates = [f.criterion for f in findings if f.scope == "osaid" and f.severity == "gate"]
    deciding = osaid.failed or osaid.unknown or tuple(gates)
    verdict_questions = imported(read_by(deciding))
    if verdict_questions:
        out.append(
            _build(
                ImportedConclusion,
                kind="osaid_verdict",
                conclusion=osaid.verdict,
                status=osaid.verdict,
                questions=verdict_questions,
            )
        )
    tried: list[str] = []
    for rule_label in bundle.policy.openness_labels:
        for rule in (rule_label.rule, rule_label.unless):
            if rule is not None:
                tried += read_by(_criteria_named(rule))
        if rule_label.id == label.id:
            break
    label_questions = imported([*label_reads, *tried])
    if label_questions:
        out.append(
            _build(
                ImportedConclusion,
                kind="openness_label",
                conclusion=label.id,
                status=label.id,
                questions=label_questions,
            )
        )
    components = [
        q
        for mof_class in bundle.policy.mof_classes
        for q in (*mof_class.components, *(s for v in mof_class.substitutes.values() for s in v))
    ]
    mof_questions = imported(components)
    if mof_questions:
        out.append(
            _build(
                ImportedConclusion,
                kind="mof_class",
                conclusion=mof.mof_class,
                status=mof.mof_class,
                questions=mof_questions,
            )
        )
    for finding in findings:
        questions = imported(a.question for a in finding.answers)
        if questions:
            out.append(
                _build(
                    ImportedConclusion,
                    kind="criterion",
                    conclusion=finding.criterion,
                    status=finding.status,
                    questions=questions,
                )
            )
    return tuple(out)


def _criteria_named(rule: Any) -> Iterator[str]:
    """The criterion ids a rule refers to through `criterion_met`."""
    op = rule_operator(rule)
    args = getattr(rule, "not_" if op == "not" else op)
    if op == "criterion_met":
        yield args
    elif op in ("all_of", "any_of"):
        for sub in args:
            yield from _criteria_named(sub)
    elif op == "not":
        yield from _criteria_named(args)
    elif op == "at_least":
        for sub in args.of:
            yield from _criteria_named(sub)


@dataclass(frozen=True)
class Progress:
    """How far an assessment is, as the wizard shows it while answers change: the questions
    shown, those still unanswered, and the gates still open. Each equals its counterpart in
    `evaluate`'s result (`unanswered`, `policy.gates_unknown`); computing only these skips the
    findings, so it is cheap enough for every change of an answer."""

    visible: tuple[str, ...]
    unanswered: tuple[str, ...]
    gates_unknown: tuple[str, ...]


def progress(bundle: PolicyBundle, answers: Mapping[str, Answer]) -> Progress:
    """The progress of these answers against a resolved policy (see `Progress`)."""
    ctx = _Context(bundle, answers, criteria={c.id: c for c in bundle.policy.criteria})
    visible = tuple(qid for qid in bundle.questions if _visible(ctx, qid))
    unanswered = tuple(qid for qid in visible if _value(ctx, qid) is None)
    gates_unknown = tuple(
        c.id
        for c in bundle.policy.criteria
        if c.severity == "gate" and _criterion_status(ctx, c) == UNKNOWN
    )
    return Progress(visible, unanswered, gates_unknown)


def question_visible(bundle: PolicyBundle, answers: AnswersFile, question_id: str) -> bool:
    """Whether a question is shown for these answers (its `show_if` is met)."""
    ctx = _Context(bundle, answers.answers)
    return _visible(ctx, question_id)


def visible_questions(bundle: PolicyBundle, answers: AnswersFile) -> tuple[Question, ...]:
    """Every question shown for these answers, in questionnaire order."""
    ctx = _Context(bundle, answers.answers)
    return tuple(q for q in bundle.questions.values() if _visible(ctx, q.id))
