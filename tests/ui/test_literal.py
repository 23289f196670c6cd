"""User text in markdown (`literal`): every character shown as typed, and no web or e-mail
address left where markdown's autolink would make it a link."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osai_procure.ui.i18n import literal

# What GitHub-flavoured markdown links by itself in a text (after undoing escapes).
AUTOLINKED = re.compile(r"(?i:https?://|www\.)|[A-Za-z0-9_+.-]@[A-Za-z0-9_-]+\.[A-Za-z0-9_-]")


def read(markdown: str) -> tuple[str, list[str]]:
    """What a reader sees of `literal`'s markdown (escapes undone, code spans as their text),
    and the pieces of plain text outside code spans."""
    seen, plain, piece, i = [], [], [], 0
    while i < len(markdown):
        char = markdown[i]
        if char == "\\" and i + 1 < len(markdown):
            seen.append(markdown[i + 1])
            piece.append(markdown[i + 1])
            i += 2
        elif char == "`":
            fence = re.match(r"`+", markdown[i:])
            assert fence is not None
            closing = re.compile(rf"(?<!`){fence.group()}(?!`)")
            end = closing.search(markdown, i + len(fence.group()))
            assert end is not None, f"unclosed code span in {markdown!r}"
            code = markdown[i + len(fence.group()) : end.start()]
            if len(code) > 1 and code[0] == code[-1] == " " and code.strip(" "):
                code = code[1:-1]
            seen.append(code)
            plain.append("".join(piece))
            piece = []
            i = end.end()
        else:
            seen.append(char)
            piece.append(char)
            i += 1
    plain.append("".join(piece))
    return "".join(seen), plain


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        (
            "資料は https://example.jp/a_b?x=1 にあります",
            "資料は `https://example.jp/a_b?x=1` にあります",
        ),
        ("連絡先hanako@example.go.jp。", "連絡先`hanako@example.go.jp`。"),
        ("WWW.example.com/文書", "`WWW.example.com/`文書"),
        ("MAILTO:a@b.jp", "`MAILTO:a@b.jp`"),
        ("http://x/`y`", "`` http://x/`y` ``"),
        ("[l](http://x) *b*", "\\[l\\]\\(`http://x)` \\*b\\*"),
    ],
)
def test_addresses_become_code_spans_and_the_rest_is_escaped(text: str, markdown: str) -> None:
    """A web or e-mail address is a code span (never linked); Japanese around it stays text."""
    assert literal(text) == markdown
    assert read(markdown)[0] == text


_TEXT = st.lists(
    st.sampled_from(
        [*"hw.@:/_-`\\[]()<>*!tpsWHxmaio 例。", "http://", "https://", "www.", "a@b.c"]
    ),
    max_size=25,
).map("".join)


@given(_TEXT)
def test_any_text_reads_back_exactly_and_links_nothing(text: str) -> None:
    """Whatever is typed reads back character for character, and no plain part of the
    markdown holds what markdown would link."""
    seen, plain = read(literal(text))
    assert seen == text
    assert [p for p in plain if AUTOLINKED.search(p)] == []
