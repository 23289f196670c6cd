"""Every problem the core reports carries a code worded in Japanese (`wording.PROBLEMS`), so a
page or command in Japanese never falls back to the English message; the codes given in the
source have a wording, and each wording fills in exactly the parameters given."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from string import Formatter

import pytest

from osai_procure.errors import ContentError
from osai_procure.loading import PolicyBundle, answers_from_bytes, value_problems
from osai_procure.wording import PROBLEMS, coded_text, problem_text
from tests.browser.test_japanese import english_outside_literals

SRC = Path(__file__).resolve().parents[2] / "src" / "osai_procure"

# What each parameter of a problem's wording holds (documented above `wording.PROBLEMS`).
FIELDS = {"key", "value", "suggestion", "expected", "found", "kind", "limit", "options"}
FIELDS |= {"first", "levels", "account", "role", "size", "byte", "count", "env"}
FIELDS |= {"question", "policy"}

# The helpers that build a coded problem or message, and which positional argument (if any) is
# the code; their other keyword arguments are the wording's parameters.
CODE_POSITION = {
    "Problem": 4,
    "coded_problem": None,
    "reading_problem": None,
    "problem_at": None,
    "problem": None,
    "coded": 1,
    "suggested": 0,
}
NOT_PARAMS = {"code", "file", "message", "line", "path", "params"}


def _calls() -> Iterator[tuple[str, ast.Call]]:
    """Every call of a problem-building helper in the package, with where it is."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in CODE_POSITION:
                yield f"{path.relative_to(SRC)}:{node.lineno}", node


def _name(node: ast.Call) -> str:
    """The called helper's name."""
    func = node.func
    return func.id if isinstance(func, ast.Name) else str(getattr(func, "attr", ""))


def _code(node: ast.Call) -> ast.expr | None:
    """The expression a call gives as the code, or None when it gives none."""
    for keyword in node.keywords:
        if keyword.arg == "code":
            return keyword.value
    position = CODE_POSITION[_name(node)]
    if position is not None and len(node.args) > position:
        return node.args[position]
    return None


def _params(node: ast.Call) -> set[str] | None:
    """The parameter names a `Problem(...)` gives as a literal tuple of pairs (None when they
    are computed)."""
    given = [k.value for k in node.keywords if k.arg == "params"] + node.args[5:6]
    if not given:
        return set()
    pairs = given[0]
    if not isinstance(pairs, ast.Tuple):
        return None
    names = set()
    for pair in pairs.elts:
        if not isinstance(pair, ast.Tuple) or not isinstance(pair.elts[0], ast.Constant):
            return None
        names.add(str(pair.elts[0].value))
    return names


def _fields(template: str) -> set[str]:
    """The parameters a wording fills in."""
    return {field for _, field, _, _ in Formatter().parse(template) if field}


def test_every_problem_is_built_with_a_code() -> None:
    """No `Problem(...)` in the package is made without a code (keyword or fifth argument)."""
    uncoded = [
        where for where, node in _calls() if _name(node) == "Problem" and _code(node) is None
    ]
    assert uncoded == []


def test_every_code_given_is_worded_with_the_parameters_given() -> None:
    """A code written in the source has a Japanese wording, and the wording fills in exactly
    the parameters the call names (a `suggested` code's `.suggest` form adds `suggestion`)."""
    wrong = []
    checked = 0
    for where, node in _calls():
        code = _code(node)
        literals = (
            [
                n.value
                for n in ast.walk(code)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            ]
            if code is not None
            else []
        )
        for literal in literals:
            if literal not in PROBLEMS:
                wrong.append(f"{where}: {literal!r} has no wording")
        splatted = any(k.arg is None for k in node.keywords)
        if not isinstance(code, ast.Constant) or not isinstance(code.value, str) or splatted:
            continue
        given = {k.arg for k in node.keywords if k.arg is not None} - NOT_PARAMS
        if _name(node) == "Problem":
            params = _params(node)
            if params is None:
                continue
            given |= params
        forms = {code.value: given}
        if _name(node) == "suggested":
            forms[f"{code.value}.suggest"] = given | {"suggestion"}
        for form, names in forms.items():
            checked += 1
            if form in PROBLEMS and _fields(PROBLEMS[form]) != names:
                wrong.append(f"{where}: {form} fills {_fields(PROBLEMS[form])}, given {names}")
    assert wrong == []
    assert checked > 100  # the check reads the calls it means to


def test_every_problem_wording_is_japanese_with_known_fields() -> None:
    """Each coded problem is worded in Japanese, fills in only the documented fields, and
    shows no English words beyond what it quotes as written."""
    filled = {name: "「x_y」" for name in FIELDS}
    for code, ja in PROBLEMS.items():
        assert _fields(ja) <= FIELDS, code
        assert english_outside_literals(ja.format(**filled)) == set(), code


def test_answers_a_question_rejects_are_said_in_japanese(osgjp_bundle: PolicyBundle) -> None:
    """An answers file whose values do not fit their questions: each problem is located and
    said in Japanese, with the allowed values and what to write; the English as before."""
    raw = (
        b"schema_version: 1\n"
        b"assessment: {title: x, system: {name: x}}\n"
        b"answers:\n"
        b"  freedom_use: {value: maybe}\n"
        b"  continuity_transition_months: {value: -3}\n"
        b"  scope_exception_approved_on: {value: 2026-13-01}\n"
        b"  code_training: {value: {released: not_applicable}}\n"
        b"  freedom_uses: {value: 'yes'}\n"
    )
    with pytest.raises(ContentError) as raised:
        answers_from_bytes(raw, "answers.yaml", osgjp_bundle)
    assert [problem_text(p, "ja") for p in raised.value.problems] == [
        "answers.yaml 4行目（answers.freedom_use）：「maybe」は使えません。使える値：「yes」、"
        "「no」、「unknown」",
        "answers.yaml 5行目（answers.continuity_transition_months）：-3 は最小値 0 を下回って"
        "います。0 以上の数値を書いてください",
        "answers.yaml 6行目（answers.scope_exception_approved_on）：「2026-13-01」は日付では"
        "ありません。「YYYY-MM-DD」の形式で書いてください",
        "answers.yaml 7行目（answers.code_training.released）：この構成要素には"
        "「not_applicable」（該当なし）は使えません。「yes」、「no」又は「unknown」で答えてください",
        "answers.yaml 8行目（answers）：不明な質問ID「freedom_uses」です（「freedom_use」の誤り"
        "ではありませんか）",
    ]
    assert str(raised.value.problems[1]) == (
        "answers.yaml:5: answers.continuity_transition_months: -3 is below the minimum 0"
    )


def test_a_coded_message_reads_in_either_language(osgjp_bundle: PolicyBundle) -> None:
    """What `value_problems` finds reads in Japanese from its code, in English as written."""
    question = osgjp_bundle.questions["freedom_use"]
    ((_, found),) = value_problems(question, "maybe")
    assert coded_text(found, "en") == ("'maybe' is not allowed; answer yes, no, unknown")
    assert coded_text(found, "ja") == (
        "「maybe」は使えません。使える値：「yes」、「no」、「unknown」"
    )
