"""Verify's summary in the reader's language: the recorded policy by its title, never by its id
(the id shows only for a policy this installation does not have, and then says so); the
recorded date-time as a Japanese date in Japanese."""

from __future__ import annotations

import shutil
from pathlib import Path

from osai_procure.loading import ContentLibrary
from osai_procure.models.base import I18n
from osai_procure.signing import KeySet, verify_report
from osai_procure.signing.explain import explain
from tests.reports.helpers import CONTENT, mini_library, shipped_library


def _fact(data: bytes, keys: KeySet, library: ContentLibrary, label: str = "ポリシー") -> I18n:
    """The value of one line of the summary, by its Japanese label."""
    facts = dict(
        (label.ja, value)
        for label, value in explain(verify_report(data, keys.public_key, library=library)).facts
    )
    return facts[label]


def test_the_policy_line_shows_the_title_in_each_language(
    signed: dict[str, bytes], keys: KeySet
) -> None:
    """With the recorded policy installed, the line is its title and version in each language."""
    fact = _fact(signed["json"], keys, mini_library())
    assert fact == I18n(
        ja="報告書テスト用ポリシー（版 2026.1）", en="Report test policy (version 2026.1)"
    )


def test_another_version_of_the_policy_still_gives_its_title(
    signed: dict[str, bytes], keys: KeySet, tmp_path: Path
) -> None:
    """A library holding only another revision of the policy (another digest) still names it by
    title, with the version the record was signed under."""
    changed = tmp_path / "content"
    shutil.copytree(CONTENT, changed)
    policy = changed / "policies" / "report-mini.yaml"
    policy.write_text(
        policy.read_text(encoding="utf-8")
        .replace("weight: 2", "weight: 3")
        .replace("報告書テスト用ポリシー", "報告書テスト用ポリシー（改訂）"),
        encoding="utf-8",
    )
    fact = _fact(signed["pdf"], keys, ContentLibrary.from_root(changed))
    assert fact.ja == "報告書テスト用ポリシー（改訂）（版 2026.1）"
    assert "report_mini_policy" not in fact.ja + fact.en


def test_an_unknown_policy_is_named_by_its_id_and_said_to_be_unknown(
    signed: dict[str, bytes], keys: KeySet
) -> None:
    """Without the policy here, the line gives the id and says in words why there is no title."""
    fact = _fact(signed["json"], keys, shipped_library())
    assert fact.ja == (
        "ID「report_mini_policy」（版 2026.1）。この環境にないポリシーのため、名称は表示できません"
    )
    assert fact.en == (
        "id report_mini_policy (version 2026.1); this installation does not have that policy, "
        "so its title cannot be shown"
    )


def test_the_recorded_time_reads_as_a_japanese_date(signed: dict[str, bytes], keys: KeySet) -> None:
    """作成日時 is a Japanese date and time with its UTC offset; English keeps ISO 8601."""
    fact = _fact(signed["json"], keys, mini_library(), "作成日時")
    assert fact == I18n(ja="2026年5月12日 10:00:00（UTC+09:00）", en="2026-05-12T10:00:00+09:00")
