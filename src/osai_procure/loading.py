"""Load questionnaires, policies and answers into models, with every problem found at once.

Problems are reported as `file:line: key.path: message (did you mean ...?)`, with list items
named by their `id` rather than their index.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import rfc8785
from pydantic import BaseModel, ValidationError

from osai_procure.errors import ContentError, Problem, coded_problem
from osai_procure.licences import Catalogue, default_accepted_terms
from osai_procure.models.answers import AnswersFile, ComponentValue
from osai_procure.models.base import CONTENT_TYPES, I18n, Strict
from osai_procure.models.licence import CatalogueEntry
from osai_procure.models.policy import (
    Criterion,
    ExceptionRoute,
    MofClass,
    OpennessLabel,
    Policy,
    ResolvedPolicy,
    Role,
    Thresholds,
)
from osai_procure.models.questionnaire import (
    QUESTION_KINDS,
    YES_NO_VALUES,
    ComponentQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    Questionnaire,
    SingleChoiceQuestion,
    TextQuestion,
    UrlListQuestion,
    YesNoQuestion,
)
from osai_procure.models.roles import RolesFile
from osai_procure.models.rules import RULE_OPERATORS, rule_operator
from osai_procure.wording import EXPECTED_WORDS, KIND_WORDS, PATTERN_WORDS
from osai_procure.yamlsafe import Loaded, Loc, load_bytes, load_file, to_json

M = TypeVar("M", bound=BaseModel)


def _field_vocabulary() -> set[str]:
    """Every key name any content model accepts, for did-you-mean on unknown keys."""
    seen: set[str] = set()
    stack: list[type[BaseModel]] = [Questionnaire, Policy, AnswersFile, CatalogueEntry, RolesFile]
    visited: set[type[BaseModel]] = set()
    while stack:
        model = stack.pop()
        if model in visited:
            continue
        visited.add(model)
        for name, info in model.model_fields.items():
            seen.add(info.alias or name)
            for sub in _models_in(info.annotation):
                stack.append(sub)
    return seen


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """Yield the pydantic models mentioned in a type annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        for arg in getattr(origin, "__args__", ()) or ():
            yield from _models_in(arg)
    for meta in getattr(annotation, "__metadata__", ()) or ():
        yield from _models_in(meta)


_VOCABULARY: set[str] | None = None


def closest(word: object, options: Iterable[str]) -> str | None:
    """The option closest to a mistyped word, when one is close enough to suggest."""
    if not isinstance(word, str):
        return None
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: object, options: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' when a close option exists, else ''."""
    match = closest(word, options)
    return f" (did you mean {match!r}?)" if match else ""


def _item_name(data: Any, loc: Loc) -> str:
    """Render each part of `loc`, naming list items by their id where they have one."""
    parts: list[str] = []
    node = data
    for part in loc:
        child: Any = None
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            child = node[part]
            ident = child.get("id") if isinstance(child, dict) else None
            parts.append(f"[{ident}]" if isinstance(ident, str) else f"[{part}]")
        else:
            if isinstance(node, dict):
                child = node.get(part)
            parts.append(f"[{part}]" if isinstance(part, int) else str(part))
        node = child
    out = ""
    for text in parts:
        out += text if text.startswith("[") or not out else f".{text}"
    return out


def _data_loc(raw: Loc, data: Any) -> Loc:
    """Drop the union tags pydantic adds to locations, so the path follows the data."""
    out: list[str | int] = []
    node = data
    for part in raw:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            out.append(part)
            node = node[part]
        elif isinstance(part, str) and (part in QUESTION_KINDS or part in RULE_OPERATORS):
            continue  # a discriminator tag, not a key of the data
        else:
            out.append(part)
            node = None
    return tuple(out)


def _raw_value(loaded: Loaded, line: int | None) -> str | None:
    """Return the value text written on a `key: value` line, for messages about coercion."""
    if not line:
        return None
    lines = loaded.text.splitlines()
    if line > len(lines):
        return None
    text = lines[line - 1]
    _, sep, value = text.partition(": ")
    value = (value if sep else text.strip().removeprefix("- ")).split(" #")[0].strip()
    return value or None


_EXPECTED = {
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "tuple_type": "a list",
    "list_type": "a list",
    "string_type": "text",
}


def _shown(value: Any) -> str:
    """Show a found value briefly in a message."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


Coded = tuple[str, str, dict[str, str]]


def coded(message: str, code: str, **params: str) -> Coded:
    """An English message with the code and parameters that word it in Japanese."""
    return message, code, params


def quoted(values: Iterable[str]) -> str:
    """Values a file must spell as written, each in Japanese quotation marks."""
    return "、".join(f"「{value}」" for value in values)


def suggested(
    code: str, word: object, choices: Iterable[str], **params: str
) -> tuple[str, dict[str, str]]:
    """A code and its parameters, with the did-you-mean suggestion when one is close (the code's
    `.suggest` form, which also fills in `suggestion`)."""
    match = closest(word, choices)
    if match:
        return f"{code}.suggest", {**params, "suggestion": match}
    return code, params


def _message(error: Any, loaded: Loaded, line: int | None) -> Coded:
    """Turn one pydantic error into a message in the YAML's own terms (English), with the
    code and parameters that word it in Japanese (`wording.PROBLEMS`)."""
    kind = error["type"]
    given = error.get("input")
    loc = error["loc"]
    ctx = error.get("ctx", {})
    if kind == "extra_forbidden":
        global _VOCABULARY
        if _VOCABULARY is None:
            _VOCABULARY = _field_vocabulary()
        key = str(loc[-1])
        code, params = suggested("unknown_key", loc[-1], _VOCABULARY, key=key)
        return f"unknown key {loc[-1]!r}{did_you_mean(loc[-1], _VOCABULARY)}", code, params
    if kind == "missing":
        return "required key is missing", "missing", {}
    if kind == "rule_operator":
        if isinstance(given, dict) and len(given) == 1:
            name = next(iter(given))
            code, params = suggested("unknown_operator", name, RULE_OPERATORS, key=str(name))
            return (
                f"unknown rule operator {name!r}{did_you_mean(name, RULE_OPERATORS)}",
                code,
                params,
            )
        if isinstance(given, dict):
            names = ", ".join(map(str, given))
            return (
                f"a rule has exactly one operator; found {names}",
                "several_operators",
                {"options": quoted(map(str, given))},
            )
        example = "{answer_equals: {question: q, value: yes}}"
        return (
            f"a rule is a mapping with one operator, e.g. {example}",
            "not_a_rule",
            {"expected": example},
        )
    if kind == "union_tag_invalid":
        tag = ctx.get("tag")
        kinds = ", ".join(QUESTION_KINDS)
        code, params = suggested(
            "unknown_kind", tag, QUESTION_KINDS, value=str(tag), options=quoted(QUESTION_KINDS)
        )
        return (
            f"unknown kind {tag!r}{did_you_mean(tag, QUESTION_KINDS)}; kinds: {kinds}",
            code,
            params,
        )
    if kind == "string_type" and isinstance(given, bool | int | float):
        raw = _raw_value(loaded, line) or str(given)
        found = type(given).__name__
        return (
            f"expected text, but YAML read {raw} as {found} {given!r}; put it in quotes: '{raw}'",
            "quote_text",
            {"value": raw, "kind": EXPECTED_WORDS.get(found, found)},
        )
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",")]
        code, params = suggested(
            "not_allowed", given, options, value=str(given), options=quoted(options)
        )
        message = f"{given!r} is not allowed; expected {expected}{did_you_mean(given, options)}"
        return message, code, params
    if kind in _EXPECTED:
        found = _shown(given)
        return (
            f"expected {_EXPECTED[kind]}, got {found}",
            "expected",
            {
                "expected": EXPECTED_WORDS[_EXPECTED[kind]],
                "found": EXPECTED_WORDS.get(found, f"「{found.strip(chr(39))}」"),
            },
        )
    if kind == "json_invalid":
        return "invalid data", "invalid", {}
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        return str(error["msg"]), kind, {"limit": str(limit)}
    if kind in ("string_too_short", "string_too_long"):
        limit = ctx.get("min_length" if kind == "string_too_short" else "max_length")
        return str(error["msg"]), kind, {"limit": str(limit)}
    if kind == "string_pattern_mismatch":
        return (
            str(error["msg"]),
            "pattern",
            {
                "value": str(given),
                "expected": PATTERN_WORDS.get(str(ctx.get("pattern")), "決められた形式"),
            },
        )
    return str(error["msg"]), "invalid", {}


def problems_from_validation(exc: ValidationError, loaded: Loaded) -> list[Problem]:
    """Flatten a pydantic ValidationError into located problems."""
    problems = []
    errors = exc.errors(include_url=False)
    locs = [tuple(e["loc"]) for e in errors]
    for error in errors:
        # pydantic also reports a too-short tuple when its items failed: noise, drop it
        here = tuple(error["loc"])
        if error["type"] == "too_short" and any(
            len(other) > len(here) and other[: len(here)] == here for other in locs
        ):
            continue
        loc = _data_loc(tuple(error["loc"]), loaded.data)
        line = loaded.line_of(loc)
        message, code, params = _message(error, loaded, line)
        where = _item_name(loaded.data, loc)
        problems.append(
            Problem(loaded.file, message, line, where, code, tuple(sorted(params.items())))
        )
    return problems


def validate(model: type[M], loaded: Loaded) -> M:
    """Validate loaded data against a model in JSON mode (strict types, lists as tuples).

    Raises:
        ContentError: every validation problem, located.
    """
    if not isinstance(loaded.data, dict):
        raise ContentError(
            [
                Problem(
                    loaded.file, "the top level must be a mapping of keys", 1, "", "top_not_mapping"
                )
            ]
        )
    try:
        return model.model_validate_json(to_json(loaded.data))
    except ValidationError as exc:
        raise ContentError(
            sorted(problems_from_validation(exc, loaded), key=lambda p: (p.line or 0, p.path))
        ) from None
    except ValueError as exc:  # e.g. NaN/inf numbers that JSON cannot carry
        raise ContentError(
            [Problem(loaded.file, f"unsupported value: {exc}", None, "", "unsupported_value")]
        ) from None


# -- questionnaires ---------------------------------------------------------------------------


def _duplicates(ids: Iterable[str]) -> list[str]:
    """Return ids that occur more than once, in order of their second occurrence."""
    seen: set[str] = set()
    dupes = []
    for ident in ids:
        if ident in seen:
            dupes.append(ident)
        seen.add(ident)
    return dupes


def questionnaire_from_loaded(loaded: Loaded) -> Questionnaire:
    """Validate a loaded questionnaire and check its ids and conditions.

    Raises:
        ContentError: every problem found.
    """
    model = validate(Questionnaire, loaded)
    problems: list[Problem] = []
    ids = [q.id for q in model.questions()]
    for dupe in _duplicates(ids):
        problems.append(
            coded_problem(
                loaded.file,
                f"duplicate question id {dupe!r}",
                _find_id_line(loaded, dupe),
                "sections",
                code="duplicate.question",
                value=dupe,
            )
        )
    for dupe in _duplicates(s.id for s in model.sections):
        problems.append(
            coded_problem(
                loaded.file,
                f"duplicate section id {dupe!r}",
                _find_id_line(loaded, dupe),
                "sections",
                code="duplicate.section",
                value=dupe,
            )
        )
    questions = {q.id: q for q in model.questions()}
    for section in model.sections:
        for question in section.questions:
            if question.show_if is not None:
                where = f"sections[{section.id}].questions[{question.id}].show_if"
                line = _find_id_line(loaded, question.id)
                problems += [
                    _located(loaded.file, line, where, found)
                    for found in check_rule(question.show_if, questions, criteria=None)
                ]
    if problems:
        raise ContentError(problems)
    return model


def _located(file: str, line: int | None, path: str, found: Coded) -> Problem:
    """A problem from a coded message, located."""
    message, code, params = found
    return coded_problem(file, message, line, path, code=code, **params)


def _find_id_line(loaded: Loaded, ident: str) -> int | None:
    """Return the last line that declares `id: ident` (the duplicate, when there are two)."""
    found = None
    for loc, line in loaded.lines.items():
        if loc and loc[-1] == "id" and _get(loaded.data, loc) == ident:
            found = max(found or 0, line)
    return found


def _get(data: Any, loc: Loc) -> Any:
    """Return the value at a location in loaded data, or None."""
    for part in loc:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def load_questionnaire(path: Path) -> Questionnaire:
    """Load and check a questionnaire file.

    Raises:
        ContentError: every problem found.
    """
    return questionnaire_from_loaded(load_file(path))


# -- rules --------------------------------------------------------------------------------------


def _choice_ids(question: Question) -> list[str] | None:
    """Allowed answer values of a question, where they are a closed set."""
    if isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion):
        return [c.id for c in question.choices] + ["unknown"]
    if isinstance(question, YesNoQuestion):
        return list(YES_NO_VALUES)
    return None


def check_rule(rule: Any, questions: dict[str, Question], criteria: set[str] | None) -> list[Coded]:
    """Check that a rule names existing questions of the right kinds and valid values; return
    what is wrong as coded messages."""
    problems: list[Coded] = []
    op = rule_operator(rule)
    args = getattr(rule, "not_" if op == "not" else op)
    if op in ("all_of", "any_of"):
        for sub in args:
            problems += check_rule(sub, questions, criteria)
        return problems
    if op == "not":
        return check_rule(args, questions, criteria)
    if op == "at_least":
        if args.n > len(args.of):
            problems.append(
                coded(
                    f"at_least.n is {args.n} but only {len(args.of)} rules are given",
                    "rule.at_least",
                    count=str(args.n),
                    limit=str(len(args.of)),
                )
            )
        for sub in args.of:
            problems += check_rule(sub, questions, criteria)
        return problems
    if op == "criterion_met":
        if criteria is not None and args not in criteria:
            code, params = suggested("unknown_criterion", args, criteria, value=args)
            problems.append(
                coded(f"unknown criterion {args!r}{did_you_mean(args, criteria)}", code, **params)
            )
        elif criteria is None:
            problems.append(
                coded("criterion_met can only be used in policies", "rule.criterion_met_here")
            )
        return problems
    qid = args if op == "answered" else args.question
    question = questions.get(qid)
    if question is None:
        code, params = suggested("unknown_question", qid, questions, value=qid)
        return [coded(f"unknown question {qid!r}{did_you_mean(qid, questions)}", code, **params)]
    needs = {
        "component_released": ComponentQuestion,
        "component_open": ComponentQuestion,
        "licence_free_of": ComponentQuestion,
        "number_at_least": NumberQuestion,
        "answer_contains": MultiChoiceQuestion,
    }
    wanted = needs.get(op)
    if wanted is not None and not isinstance(question, wanted):
        kind = {ComponentQuestion: "component", NumberQuestion: "number"}.get(
            wanted, "multi_choice"
        )
        problems.append(
            coded(
                f"{op} needs a {kind} question; {qid!r} is {question.kind}",
                "rule.question_kind",
                key=op,
                value=qid,
                expected=KIND_WORDS[kind],
                found=KIND_WORDS.get(question.kind, question.kind),
            )
        )
    allowed = _choice_ids(question)
    values: tuple[Any, ...] = ()
    if op in ("answer_equals", "answer_contains"):
        values = (args.value,)
    elif op == "answer_in":
        values = args.values
    if allowed is not None:
        for value in values:
            if value not in allowed:
                code, params = suggested(
                    "rule.not_a_value",
                    value,
                    allowed,
                    value=str(value),
                    question=qid,
                    options=quoted(allowed),
                )
                problems.append(
                    coded(
                        f"{value!r} is not a value of question {qid!r}"
                        f"{did_you_mean(value, allowed)}; allowed: {', '.join(allowed)}",
                        code,
                        **params,
                    )
                )
    return problems


# -- policies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentLibrary:
    """Where questionnaires and policies are found by id: one or more content roots."""

    policy_dirs: tuple[Path, ...]
    questionnaire_dirs: tuple[Path, ...]

    @classmethod
    def from_root(cls, *roots: Path) -> ContentLibrary:
        """Use `<root>/policies` and `<root>/questionnaires` of each root, in order."""
        return cls(tuple(r / "policies" for r in roots), tuple(r / "questionnaires" for r in roots))

    def _files(self, dirs: Sequence[Path]) -> Iterator[Path]:
        """Yield the YAML/JSON files under the directories, sorted for determinism."""
        for directory in dirs:
            if directory.is_dir():
                yield from sorted(
                    p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml", ".json")
                )

    def find(self, kind: str, ident: str, near: Path | None = None) -> Path | None:
        """Return the file that declares `id: ident` (next to `near` first), or None."""
        return next(iter(self.find_all(kind, ident, near)), None)

    def find_all(self, kind: str, ident: str, near: Path | None = None) -> list[Path]:
        """Return every file that declares `id: ident`, in search order (`near` first)."""
        dirs = list(self.policy_dirs if kind == "policy" else self.questionnaire_dirs)
        if near is not None:
            dirs.insert(0, near)
        found = [path for path in self._files(dirs) if _declared_id(path) == ident]
        return list(dict.fromkeys(found))

    def ids(self, kind: str) -> list[str]:
        """Return every id declared in the library's files of a kind."""
        dirs = self.policy_dirs if kind == "policy" else self.questionnaire_dirs
        return sorted({i for p in self._files(dirs) if (i := _declared_id(p))})


def _declared_id(path: Path) -> str | None:
    """Read the top-level `id:` of a content file cheaply, without a full parse."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for _, line in zip(range(40), handle, strict=False):
                if line.startswith("id:"):
                    return line[3:].split("#")[0].strip().strip("'\"") or None
    except OSError:
        return None
    return None


@dataclass(frozen=True)
class PolicyBundle:
    """A resolved policy with its questionnaires and licence catalogue: what the engine needs."""

    policy: ResolvedPolicy
    questionnaires: tuple[Questionnaire, ...]
    questionnaire_digests: dict[str, str]
    questions: dict[str, Question] = field(repr=False)
    catalogue: Catalogue = field(repr=False)
    source: str = ""


_DEFAULT_THRESHOLDS = Thresholds(compliant=1.0, conditionally_compliant=0.6)
_DEFAULT_ROLES: tuple[Role, ...] = ("preparer", "reviewer", "approver")


def _merge(parent: dict[str, Any], child: Policy) -> dict[str, Any]:
    """Apply a child policy's override semantics (see models.policy) to a parent."""
    merged = dict(parent)
    merged["id"] = child.id
    merged["version"] = child.version
    merged["title"] = child.title
    merged["description"] = child.description
    merged["lineage"] = (child.id, *parent["lineage"])
    merged["questionnaires"] = tuple(
        dict.fromkeys((*parent["questionnaires"], *child.questionnaires))
    )
    terms = dict(parent["accepted_terms"])
    terms.update(child.accepted_terms)
    merged["accepted_terms"] = terms
    catalogue = {e.id: e for e in parent["licence_catalogue"]}
    catalogue.update({e.id: e for e in child.licence_catalogue})
    merged["licence_catalogue"] = tuple(catalogue.values())
    criteria: dict[str, Criterion] = {c.id: c for c in parent["criteria"]}
    for criterion in child.criteria:
        criteria[criterion.id] = criterion  # same id replaces in place, new ids append
    for removed in child.remove_criteria:
        criteria.pop(removed, None)
    merged["criteria"] = tuple(criteria.values())
    for key in (
        "thresholds",
        "openness_labels",
        "closed_label",
        "undetermined_label",
        "mof_classes",
        "signoff_roles",
        "exception",
    ):
        if getattr(child, key) is not None:
            merged[key] = getattr(child, key)
    return merged


def _root(policy: Policy) -> dict[str, Any]:
    """The resolved fields of a policy that extends nothing: defaults, then the policy."""
    base: dict[str, Any] = {
        "lineage": (),
        "questionnaires": (),
        "accepted_terms": default_accepted_terms(),
        "licence_catalogue": (),
        "criteria": (),
        "thresholds": _DEFAULT_THRESHOLDS,
        "openness_labels": (),
        "closed_label": I18n(ja="クローズド", en="Closed"),
        "undetermined_label": I18n.model_validate(_DEFAULT_UNDETERMINED),
        "mof_classes": (),
        "signoff_roles": _DEFAULT_ROLES,
        "exception": None,
    }
    return _merge(base, policy)


# Fields added after release 0.1.0, with the value that means "not used". They are left out of
# the digests while they hold it, so content written before them keeps the digest its signed
# records name (tests/reports/test_old_records.py).
_LATER_DEFAULTS: dict[str, Any] = {
    "unless": None,
    "substitutes": {},
    "ask_terms": False,
    "licence_scan": False,
}
_DEFAULT_UNDETERMINED = {
    "ja": "判定できない（情報不足）",
    "en": "Not determined (insufficient evidence)",
}


def _without_later_defaults(data: Any) -> Any:
    """The JSON data with every later-added field that holds its default left out."""
    if isinstance(data, list):
        return [_without_later_defaults(item) for item in data]
    if isinstance(data, dict):
        return {
            k: _without_later_defaults(v)
            for k, v in data.items()
            if not (k in _LATER_DEFAULTS and v == _LATER_DEFAULTS[k])
        }
    return data


def content_digest(jsonable: Any) -> str:
    """SHA-256 of the RFC 8785 canonical JSON of content, later-added defaults left out."""
    return hashlib.sha256(rfc8785.dumps(_without_later_defaults(jsonable))).hexdigest()


def policy_digest(fields: dict[str, Any]) -> str:
    """SHA-256 of the RFC 8785 canonical JSON of a resolved policy (without its digest)."""
    jsonable = ResolvedPolicy.model_construct(**{**fields, "digest": ""}).model_dump(
        mode="json", by_alias=True, exclude={"digest"}
    )
    if jsonable.get("undetermined_label") == _DEFAULT_UNDETERMINED:
        del jsonable["undetermined_label"]
    # A policy without an exception route hashes as it did before the route existed.
    if jsonable.get("exception") is None:
        jsonable.pop("exception", None)
    return content_digest(jsonable)


def load_policy(path: Path, library: ContentLibrary) -> PolicyBundle:
    """Load a policy, resolve `extends`, load its questionnaires and check every reference.

    Raises:
        ContentError: every problem found, in this file, its parents and its questionnaires.
    """
    chain: list[tuple[Policy, Loaded]] = []
    seen: dict[str, str] = {}
    current: Path | None = path
    while current is not None:
        loaded = load_file(current)
        policy = validate(Policy, loaded)
        if policy.id in seen:
            cycle = " -> ".join([*seen, policy.id])
            raise ContentError(
                [
                    coded_problem(
                        str(path),
                        f"`extends` forms a cycle: {cycle}",
                        loaded.lines.get(("extends",)),
                        "extends",
                        code="extends.cycle",
                        value=cycle,
                    )
                ]
            )
        seen[policy.id] = str(current)
        chain.append((policy, loaded))
        if policy.extends is None:
            current = None
            continue
        parent = library.find("policy", policy.extends, near=current.parent)
        if parent is None:
            known = library.ids("policy")
            code, params = suggested("unknown_policy", policy.extends, known, value=policy.extends)
            raise ContentError(
                [
                    coded_problem(
                        loaded.file,
                        f"extends unknown policy {policy.extends!r}"
                        f"{did_you_mean(policy.extends, known)}",
                        loaded.lines.get(("extends",)),
                        "extends",
                        code=code,
                        **params,
                    )
                ]
            )
        current = parent
    fields = _root(chain[-1][0])
    for policy, _ in reversed(chain[:-1]):
        fields = _merge(fields, policy)
    return _bundle(fields, chain, library)


def _bundle(
    fields: dict[str, Any], chain: list[tuple[Policy, Loaded]], library: ContentLibrary
) -> PolicyBundle:
    """Load questionnaires for resolved fields and cross-check every reference."""
    top = chain[0][1]
    problems: list[Problem] = []
    questionnaires: list[Questionnaire] = []
    digests: dict[str, str] = {}
    for qid in fields["questionnaires"]:
        found = library.find("questionnaire", qid)
        if found is None:
            known = library.ids("questionnaire")
            code, params = suggested("unknown_questionnaire", qid, known, value=qid)
            problems.append(
                coded_problem(
                    top.file,
                    f"unknown questionnaire {qid!r}{did_you_mean(qid, known)}",
                    top.lines.get(("questionnaires",)),
                    "questionnaires",
                    code=code,
                    **params,
                )
            )
            continue
        try:
            questionnaire = load_questionnaire(found)
        except ContentError as exc:
            problems += exc.problems
            continue
        questionnaires.append(questionnaire)
        digests[qid] = content_digest(questionnaire.model_dump(mode="json", by_alias=True))
    questions: dict[str, Question] = {}
    for questionnaire in questionnaires:
        for question in questionnaire.questions():
            if question.id in questions:
                problems.append(
                    coded_problem(
                        top.file,
                        f"question id {question.id!r} is declared by more than one questionnaire",
                        None,
                        "questionnaires",
                        code="duplicate.question_across",
                        value=question.id,
                    )
                )
            questions[question.id] = question
    if problems:
        raise ContentError(problems)
    problems += _check_policy(fields, chain, questions)
    if problems:
        raise ContentError(problems)
    fields["digest"] = policy_digest(fields)
    resolved = ResolvedPolicy.model_validate(fields)
    catalogue = Catalogue.default().extended(resolved.licence_catalogue)
    return PolicyBundle(
        resolved, tuple(questionnaires), digests, questions, catalogue, source=top.file
    )


def _where(
    chain: list[tuple[Policy, Loaded]], key: str, ident: str, sub: str | None = None
) -> tuple[str, int | None, str]:
    """Find which file of the chain declares a list item, and its (or its `sub` key's) line."""
    for _policy, loaded in chain:
        items = loaded.data.get(key) if isinstance(loaded.data, dict) else None
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, dict) and item.get("id") == ident:
                    line = loaded.line_of((key, index, sub) if sub else (key, index))
                    return loaded.file, line, f"{key}[{ident}]"
    return chain[0][1].file, None, f"{key}[{ident}]"


def _check_exception(
    fields: dict[str, Any],
    chain: list[tuple[Policy, Loaded]],
    questions: dict[str, Question],
    criteria_ids: set[str],
) -> list[Problem]:
    """The exception route reads known questions and waives only known policy gates."""
    route: ExceptionRoute | None = fields["exception"]
    if route is None:
        return []
    file, loaded = next(
        ((ld.file, ld) for p, ld in chain if p.exception is not None), (chain[0][1].file, None)
    )
    line = loaded.lines.get(("exception",)) if loaded is not None else None
    problems = [
        _located(file, line, "exception.recorded", found)
        for found in check_rule(route.recorded, questions, criteria_ids)
    ]
    gates = {c.id: c for c in fields["criteria"]}
    for ident in route.covers:
        criterion = gates.get(ident)
        if criterion is None:
            code, params = suggested("unknown_criterion", ident, gates, value=ident)
            problems.append(
                coded_problem(
                    file,
                    f"unknown criterion {ident!r}{did_you_mean(ident, gates)}",
                    line,
                    "exception.covers",
                    code=code,
                    **params,
                )
            )
        elif criterion.scope == "osaid" or criterion.severity != "gate":
            problems.append(
                coded_problem(
                    file,
                    f"criterion {ident!r} cannot be waived: an exception covers policy gates "
                    "only, never an OSAID criterion",
                    line,
                    "exception.covers",
                    code="exception.not_waivable",
                    value=ident,
                )
            )
    return problems


def _check_policy(
    fields: dict[str, Any], chain: list[tuple[Policy, Loaded]], questions: dict[str, Question]
) -> list[Problem]:
    """Check criteria, labels and MOF classes against the questionnaires."""
    problems: list[Problem] = []
    for policy, loaded in chain:
        for dupe in _duplicates(c.id for c in policy.criteria):
            problems.append(
                coded_problem(
                    loaded.file,
                    f"duplicate criterion id {dupe!r}",
                    _find_id_line(loaded, dupe),
                    "criteria",
                    code="duplicate.criterion",
                    value=dupe,
                )
            )
    criteria_ids = {c.id for c in fields["criteria"]}
    declared = {c.id for policy, _ in chain for c in policy.criteria}
    for policy, loaded in chain:
        parent_ids = declared
        for index, removed in enumerate(policy.remove_criteria):
            if removed not in parent_ids:
                code, params = suggested("unknown_criterion", removed, parent_ids, value=removed)
                problems.append(
                    coded_problem(
                        loaded.file,
                        f"unknown criterion {removed!r}{did_you_mean(removed, parent_ids)}",
                        loaded.lines.get(("remove_criteria", index)),
                        "remove_criteria",
                        code=code,
                        **params,
                    )
                )
    for criterion in fields["criteria"]:
        for key in ("rule", "applies_if"):
            rule = getattr(criterion, key)
            file, line, where = _where(chain, "criteria", criterion.id, key)
            if rule is not None:
                problems += [
                    _located(file, line, f"{where}.{key}", found)
                    for found in check_rule(rule, questions, criteria_ids - {criterion.id})
                ]
    problems += _criterion_cycles(fields["criteria"], chain)
    problems += _check_exception(fields, chain, questions, criteria_ids)
    label: OpennessLabel
    for label in fields["openness_labels"]:
        for key in ("rule", "unless"):
            rule = getattr(label, key)
            if rule is None:
                continue
            file, line, where = _where(chain, "openness_labels", label.id, key)
            problems += [
                _located(file, line, f"{where}.{key}", found)
                for found in check_rule(rule, questions, criteria_ids)
            ]
    mof: MofClass
    for mof in fields["mof_classes"]:
        stand_ins = [q for alternatives in mof.substitutes.values() for q in alternatives]
        for qid in (*mof.components, *mof.optional, *mof.substitutes, *stand_ins):
            question = questions.get(qid)
            if not isinstance(question, ComponentQuestion):
                file, line, where = _where(chain, "mof_classes", mof.id)
                what = "not a component question" if question else "unknown question"
                code, params = (
                    ("mof.not_component", {"value": qid})
                    if question
                    else suggested("unknown_question", qid, questions, value=qid)
                )
                problems.append(
                    coded_problem(
                        file,
                        f"{what} {qid!r}{did_you_mean(qid, questions)}",
                        line,
                        f"mof_classes[{mof.id}]",
                        code=code,
                        **params,
                    )
                )
    for content_type in fields["accepted_terms"]:
        if content_type not in CONTENT_TYPES:  # pragma: no cover - the model forbids it
            problems.append(
                coded_problem(
                    chain[0][1].file,
                    f"unknown content type {content_type!r}",
                    code="unknown_content_type",
                    value=content_type,
                )
            )
    return problems


def _criterion_cycles(
    criteria: Sequence[Criterion], chain: list[tuple[Policy, Loaded]]
) -> list[Problem]:
    """Report criteria that depend on themselves through criterion_met."""
    deps = {c.id: set(_criterion_refs(c.rule)) for c in criteria}
    problems = []
    for start in deps:
        stack, seen = list(deps[start]), set()
        while stack:
            node = stack.pop()
            if node == start:
                file, line, where = _where(chain, "criteria", start)
                problems.append(
                    coded_problem(
                        file, "criterion_met forms a cycle", line, where, code="criterion.cycle"
                    )
                )
                break
            if node not in seen:
                seen.add(node)
                stack += deps.get(node, ())
    return problems


def _criterion_refs(rule: Any) -> Iterator[str]:
    """Yield the criterion ids a rule refers to."""
    op = rule_operator(rule)
    args = getattr(rule, "not_" if op == "not" else op)
    if op == "criterion_met":
        yield args
    elif op in ("all_of", "any_of"):
        for sub in args:
            yield from _criterion_refs(sub)
    elif op == "not":
        yield from _criterion_refs(args)
    elif op == "at_least":
        for sub in args.of:
            yield from _criterion_refs(sub)


# -- answers ------------------------------------------------------------------------------------


def answers_from_loaded(loaded: Loaded, bundle: PolicyBundle | None) -> AnswersFile:
    """Validate an answers document and, given a bundle, check ids and values per question.

    Raises:
        ContentError: every problem found.
    """
    model = validate(AnswersFile, loaded)
    if bundle is None:
        return model
    problems: list[Problem] = []
    for qid, answer in model.answers.items():
        question = bundle.questions.get(qid)
        if question is None:
            code, params = suggested("unknown_question", qid, bundle.questions, value=qid)
            problems.append(
                coded_problem(
                    loaded.file,
                    f"unknown question {qid!r}{did_you_mean(qid, bundle.questions)}",
                    loaded.lines.get(("answers", qid)),
                    "answers",
                    code=code,
                    **params,
                )
            )
            continue
        problems += [
            _located(
                loaded.file,
                loaded.line_of(("answers", qid, *sub)),
                f"answers.{qid}" + "".join(f".{s}" for s in sub),
                found,
            )
            for sub, found in value_problems(question, answer.value)
        ]
    if problems:
        raise ContentError(problems)
    return model


def check_value(question: Question, value: Any) -> list[tuple[tuple[str, ...], str]]:
    """Check an answer value against its question's kind; return (sub-path, message) pairs."""
    return [(sub, message) for sub, (message, _, _) in value_problems(question, value)]


def value_problems(question: Question, value: Any) -> list[tuple[tuple[str, ...], Coded]]:
    """Check an answer value against its question's kind; return (sub-path, coded message)
    pairs (English as written, and the code that words it in Japanese)."""
    if value is None or value == "unknown":
        return []
    if isinstance(question, YesNoQuestion):
        allowed = list(YES_NO_VALUES) if question.allow_na else ["yes", "no", "unknown"]
        if value not in allowed and not isinstance(value, bool):
            code, params = suggested(
                "not_allowed", value, allowed, value=str(value), options=quoted(allowed)
            )
            message = (
                f"{value!r} is not allowed{did_you_mean(value, allowed)}; "
                f"answer {', '.join(allowed)}"
            )
            return [((), coded(message, code, **params))]
        return []
    if isinstance(question, SingleChoiceQuestion):
        ids = [c.id for c in question.choices]
        if value not in ids:
            return [((), not_a_choice(value, ids))]
        return []
    if isinstance(question, MultiChoiceQuestion):
        ids = [c.id for c in question.choices]
        if not isinstance(value, list):
            return [((), coded("expected a list of choices", "must_be", expected="選択肢のリスト"))]
        return [((), not_a_choice(item, ids)) for item in value if item not in ids]
    if isinstance(question, TextQuestion):
        if isinstance(value, str):
            return []
        return [((), coded("expected text; put it in quotes", "must_be", expected=_QUOTED_TEXT))]
    if isinstance(question, UrlListQuestion):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            return [((), coded("expected a URL or a list of URLs", "must_be", expected=_URLS))]
        return []
    if isinstance(question, DateQuestion):
        return _check_date(value)
    if isinstance(question, NumberQuestion):
        return _check_number(question, value)
    if isinstance(question, ComponentQuestion):
        return _check_component(question, value)
    return []  # pragma: no cover - every kind is handled above


# What a value must be, in Japanese (`PROBLEMS["must_be"]`).
_QUOTED_TEXT = "引用符で囲んだ文字列"
_URLS = "URL 又は URL のリスト"


def not_a_choice(value: Any, ids: list[str]) -> Coded:
    """A value that is none of a question's choices."""
    code, params = suggested("not_a_choice", value, ids, value=str(value), options=quoted(ids))
    message = f"{value!r} is not a choice{did_you_mean(value, ids)}; choices: {', '.join(ids)}"
    return coded(message, code, **params)


def _check_number(question: NumberQuestion, value: Any) -> list[tuple[tuple[str, ...], Coded]]:
    """Check a number answer against its question's bounds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [
            (
                (),
                coded(
                    f"expected a number, got {value!r}",
                    "expected",
                    expected=EXPECTED_WORDS["a number"],
                    found=f"「{value}」",
                ),
            )
        ]
    if question.minimum is not None and value < question.minimum:
        message = f"{value} is below the minimum {question.minimum:g}"
        return [
            ((), coded(message, "number.below", value=str(value), limit=f"{question.minimum:g}"))
        ]
    if question.maximum is not None and value > question.maximum:
        message = f"{value} is above the maximum {question.maximum:g}"
        return [
            ((), coded(message, "number.above", value=str(value), limit=f"{question.maximum:g}"))
        ]
    return []


def not_a_date(value: Any) -> Coded:
    """A value that is not an ISO 8601 date."""
    return coded(f"{value!r} is not a date; write YYYY-MM-DD", "not_a_date", value=str(value))


def _check_date(value: Any) -> list[tuple[tuple[str, ...], Coded]]:
    """Check an ISO 8601 date answer."""
    import datetime

    try:
        datetime.date.fromisoformat(str(value))
    except ValueError:
        return [((), not_a_date(value))]
    return []


_COMPONENT_KEYS = ["released", "location", "license", "scan"]


def _check_component(
    question: ComponentQuestion, value: Any
) -> list[tuple[tuple[str, ...], Coded]]:
    """Check a component answer: released status, locations, licence."""
    if not isinstance(value, dict):
        message = "expected a mapping {released: yes|no|unknown, location: URL, license: SPDX}"
        expected = "「released」、「location」及び「license」を持つ対応付け"
        return [((), coded(message, "must_be", expected=expected))]
    try:
        component = ComponentValue.model_validate_json(to_json(value))
    except ValidationError as exc:
        out = []
        for error in exc.errors(include_url=False):
            sub = tuple(str(p) for p in error["loc"] if isinstance(p, str))
            found: Coded
            if error["type"] == "extra_forbidden":
                code, params = suggested("unknown_key", sub[-1], _COMPONENT_KEYS, key=sub[-1])
                message = f"unknown key {sub[-1]!r}{did_you_mean(sub[-1], _COMPONENT_KEYS)}"
                found = coded(message, code, **params)
            elif error["type"] == "literal_error":
                given = error.get("input")
                found = coded(
                    f"{given!r} is not allowed; expected yes, no, unknown or not_applicable",
                    "not_allowed",
                    value=str(given),
                    options=quoted(YES_NO_VALUES),
                )
            else:
                found = coded(str(error["msg"]), "invalid")
            out.append((sub, found))
        return out
    if component.released == "not_applicable" and not question.allow_na:
        message = "this component cannot be not_applicable; answer yes, no or unknown"
        return [(("released",), coded(message, "component.not_applicable"))]
    return []


def load_answers(path: Path, bundle: PolicyBundle | None = None) -> AnswersFile:
    """Load an answers file (YAML or JSON) and check it against a policy's questions.

    Raises:
        ContentError: every problem found.
    """
    return answers_from_loaded(load_file(path), bundle)


def answers_from_bytes(raw: bytes, name: str, bundle: PolicyBundle | None = None) -> AnswersFile:
    """Parse an uploaded answers file.

    Raises:
        ContentError: every problem found.
    """
    return answers_from_loaded(load_bytes(raw, name), bundle)


def strict_model(model: type[Strict], data: Any, file: str = "<data>") -> Any:
    """Validate already-loaded plain data (e.g. from the database) against a model."""
    return validate(model, Loaded(file, data, {}, ""))
