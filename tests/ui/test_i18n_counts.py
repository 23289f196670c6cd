"""A count's noun in English agrees with the count ("1 answer", "2 answers"); Japanese counts
take no plural. The UI catalogue marks such nouns `{n:answer|answers}`."""

from __future__ import annotations

import re
from itertools import pairwise
from string import Formatter

import pytest

from osai_procure.ui.i18n import STRINGS, t
from osai_procure.wording import CLI, cli_text

# The fields that hold a count in the catalogue's templates.
COUNTS = {"n", "count", "docs", "answers", "total", "criteria", "sections", "listed", "pages"}
# An English plural noun right after a count field ("{n} answers", "{n} unknown requirements").
PLURAL_AFTER = re.compile(r"^ (?:[a-z]+ )?(?!is\b|was\b|has\b)[a-z]+s\b")


@pytest.mark.parametrize(
    ("n", "english"),
    [
        (0, "Imported 0 answers. Imported answers need your confirmation."),
        (1, "Imported 1 answer. Imported answers need your confirmation."),
        (2, "Imported 2 answers. Imported answers need your confirmation."),
    ],
)
def test_an_english_count_takes_the_noun_of_its_number(n: int, english: str) -> None:
    """One answer, otherwise answers; the Japanese sentence is the same for every count."""
    assert t("import.done", "en", n=n) == english
    assert (
        t("import.done", "ja", n=n)
        == f"{n} 件の回答を取り込みました。取り込んだ回答は確認が必要です。"
    )


def test_two_counts_in_one_sentence_each_choose_their_own_noun() -> None:
    """Questions and criteria are counted apart; a sentence about one thing says 'it'."""
    assert (
        t("review.tab.unknown", "en", n=1, criteria=3) == "Still unknown (1 question, 3 criteria)"
    )
    assert (
        t("review.tab.unknown", "en", n=2, criteria=1) == "Still unknown (2 questions, 1 criterion)"
    )
    one = t("impact.failed", "en", n=1)
    assert one.startswith("1 assessment could not be compared (the policy it was assessed under")
    assert "its answers" in one


def fixed_plurals(english: str) -> list[str]:
    """Each count field of a template followed by a plural noun it does not choose."""
    # `parse` yields each field with the text *before* it: the text after a field is the
    # next part's.
    parts = list(Formatter().parse(english))
    return [
        f"{{{field}}}{after[:30]}"
        for (_, field, spec, _), (after, _, _, _) in pairwise(parts)
        if field in COUNTS and not spec and PLURAL_AFTER.match(after)
    ]


def test_the_check_finds_a_fixed_plural() -> None:
    """The guard below would catch what this catalogue used to say."""
    assert fixed_plurals("{n} problems found") == ["{n} problems found"]
    assert fixed_plurals("{n} {n:problem|problems} found") == []
    assert fixed_plurals("{n} of {total} sections") == ["{total} sections"]
    assert fixed_plurals("{n} is the number") == []


@pytest.mark.parametrize("table", [STRINGS, CLI], ids=["ui", "cli"])
def test_no_english_count_is_followed_by_a_fixed_plural(table: dict[str, tuple[str, str]]) -> None:
    """Every English template (the app's and the command line's) that follows a count with a
    plural noun lets the count choose it (a '1 problems found' fails here)."""
    fixed = [f"{key}: {found}" for key, (_, en) in table.items() for found in fixed_plurals(en)]
    assert not fixed, fixed


def test_the_command_line_counts_as_the_app_does() -> None:
    """The command line's lines take the same form: no 'answer(s)' left to the reader."""
    assert cli_text("reminders.count", "en", count=1) == "1 assessment needs attention"
    assert cli_text("import.done", "en", count=1, source="x.yml") == (
        "1 answer imported from x.yml; it stays unconfirmed until an officer confirms it"
    )
    assert cli_text("import.done", "en", count=2, source="x.yml").startswith("2 answers imported")
