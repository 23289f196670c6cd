"""The coded errors' wording (`wording.ERRORS`) and the Japanese labels: every code in both
languages, Japanese that fills in only what the English has and shows no stray English, and
full-width colons after Japanese labels."""

from __future__ import annotations

import re
from string import Formatter

from osai_procure import wording
from osai_procure.ui.i18n import STRINGS
from tests.browser.test_japanese import english_outside_literals

SAMPLE = "abcdef0123456789"


def _fields(template: str) -> set[str]:
    """The parameters a template fills in."""
    return {f for _, f, _, _ in Formatter().parse(template) if f}


def test_every_error_code_reads_in_japanese() -> None:
    """Each coded error has both languages; the Japanese fills in only the English's fields
    and shows no English words beyond quoted paths, settings and commands."""
    for code, (ja, en) in wording.ERRORS.items():
        assert _fields(ja) <= _fields(en), code
        filled = ja.format(**{name: SAMPLE for name in _fields(ja)})
        assert english_outside_literals(filled) == set(), code


# A Japanese label or clause followed by an ASCII colon and a space (or ending in one); code
# and YAML quoted in a message keep theirs (`accounts: [...]`, 「キー: 値」, `:material/…:`).
HALF_WIDTH_LABEL = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff）」]:(?: |$)")


def _japanese_texts() -> list[tuple[str, str]]:
    """Every Japanese template of the UI strings and the core's wording tables."""
    texts = [(f"i18n {key}", ja) for key, (ja, _) in STRINGS.items()]
    for name in ("VERIFY", "DEPOSIT", "REFUSAL", "KEY_PROBLEMS", "ERRORS"):
        table = getattr(wording, name)
        texts += [(f"{name} {key}", ja) for key, (ja, _) in table.items()]
    for name in ("PROBLEMS", "CHECK_DETAILS"):
        texts += [(f"{name} {key}", ja) for key, ja in getattr(wording, name).items()]
    return texts


def test_japanese_labels_take_a_full_width_colon() -> None:
    """No Japanese label takes a half-width colon: 「詳細：」, never 「詳細: 」."""
    found = [
        (where, text)
        for where, text in _japanese_texts()
        if HALF_WIDTH_LABEL.search(re.sub(r"`[^`]*`|「キー: 値」", "", text))
    ]
    assert found == []


def test_the_technical_detail_label_is_full_width() -> None:
    """The label before each Verify check's technical line ends in a full-width colon."""
    assert STRINGS["verify.detail_tech"][0] == "技術的な詳細："
    assert STRINGS["verify.detail_en"][0] == "技術的な詳細（英語）："
