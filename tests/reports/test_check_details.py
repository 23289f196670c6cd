"""The technical line under each verification check, in Japanese: every check the verifiers
make carries a code, and its Japanese keeps numbers, digests and names as they are."""

from __future__ import annotations

import io
from pathlib import Path
from string import Formatter

import pytest
from openpyxl import load_workbook

from osai_procure.cli import main
from osai_procure.signing import KeySet, export_public_key, verify_report
from osai_procure.signing.explain import explain, technical
from osai_procure.wording import CHECK_DETAILS
from tests.browser.test_japanese import english_outside_literals
from tests.reports.helpers import CONTENT, mini_library


def _flip(data: bytes, position: int) -> bytes:
    """The data with one bit of one byte changed."""
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


def _changed_cell(xlsx: bytes) -> bytes:
    """The workbook with one answer changed."""
    book = load_workbook(io.BytesIO(xlsx))
    sheet = book.worksheets[2]
    next(c for row in sheet.iter_rows(min_row=2) for c in row if c.value).value = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_every_detail_template_is_japanese() -> None:
    """Each detail's Japanese fills in only parameters and has no English words beyond what it
    quotes as written."""
    for code, ja in CHECK_DETAILS.items():
        fields = {f for _, f, _, _ in Formatter().parse(ja) if f}
        filled = ja.format(**{name: "abcdef0123456789" for name in fields})
        assert english_outside_literals(filled) == set(), code


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "json", "pdf-flipped", "xlsx-cell", "json-cut"])
def test_every_check_of_a_report_has_a_japanese_detail(
    signed: dict[str, bytes], keys: KeySet, kind: str
) -> None:
    """Intact and tampered PDF, workbook and JSON: every check's detail is coded; the Japanese
    has no English words beyond literals; the English is the verifier's line, unchanged."""
    data = {
        "pdf": signed["pdf"],
        "xlsx": signed["xlsx"],
        "json": signed["json"],
        "pdf-flipped": _flip(signed["pdf"], len(signed["pdf"]) // 3),
        "xlsx-cell": _changed_cell(signed["xlsx"]),
        "json-cut": signed["json"].replace(b'"', b"'", 1),
    }[kind]
    result = verify_report(data, keys.public_key, library=mini_library())
    assert result.checks
    for check in result.checks:
        assert check.code in CHECK_DETAILS, (check.name, check.detail)
        detail = technical(check)
        assert detail.en == check.detail
        assert english_outside_literals(detail.ja) == set(), detail.ja
    if kind in ("pdf", "xlsx", "json"):
        assert result.ok
    else:
        assert not explain(result).ok


def test_verify_lang_ja_prints_the_details_in_japanese(
    signed: dict[str, bytes],
    keys: KeySet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`verify --lang ja` prints each check's technical line in Japanese, digests as they are;
    `--lang en` prints the English lines as before."""
    report = tmp_path / "report.json"
    report.write_bytes(signed["json"])
    key = tmp_path / "key.pem"
    key.write_bytes(export_public_key(keys.public_key))
    args = ["verify", str(report), "--public-key", str(key)]
    args += ["--policies", str(CONTENT)]
    main([*args, "--lang", "ja"])
    out = capsys.readouterr().out
    assert "record_digest: 記録の SHA-256 " in out and "は署名されたダイジェストと一致します" in out
    main([*args, "--lang", "en"])
    out = capsys.readouterr().out
    assert "matches the signed digest" in out and "署名" not in out
