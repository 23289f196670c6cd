"""Hostile files given to verify: bounded memory, clear located messages, no tracebacks."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from osai_procure.signing import KeySet, export_public_key, verify_report
from osai_procure.signing.verify import MAX_REPORT_BYTES
from tests.reports.helpers import ROOT, mini_library

DIGITS = "9" * 5000


def _bomb(xlsx: bytes) -> bytes:
    """The signed workbook with a 256 MiB part of zeros added (about 250 kB compressed)."""
    buffer = io.BytesIO(xlsx)
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open("xl/media/bomb.bin", "w", force_zip64=True) as part,
    ):
        for _ in range(256):
            part.write(chunk)
    return buffer.getvalue()


PEAK = """
import resource, sys
from pathlib import Path
from osai_procure.signing import verify_report
from tests.reports.helpers import mini_library
result = verify_report(Path(sys.argv[1]), library=mini_library())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
print(result.reason)
"""


def _peak_mib(path: Path) -> tuple[int, str]:
    """Verify a file in a fresh process; its peak resident memory (MiB) and the reason."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    peak, reason = done.stdout.split("\n", 1)
    return int(peak), reason.strip()


def test_a_zip_bomb_workbook_is_refused_within_bounded_memory(
    signed: dict[str, bytes], tmp_path: Path
) -> None:
    """A workbook that would inflate to 256 MiB is refused before inflating: verifying it takes
    no more memory than verifying the genuine workbook, plus a small margin."""
    genuine, bomb = tmp_path / "genuine.xlsx", tmp_path / "bomb.xlsx"
    genuine.write_bytes(signed["xlsx"])
    bomb.write_bytes(_bomb(signed["xlsx"]))
    baseline, _ = _peak_mib(genuine)
    peak, reason = _peak_mib(bomb)
    assert "refused as a possible zip bomb" in reason
    assert peak < baseline + 64, (peak, baseline)


def test_a_huge_integer_in_a_json_record_is_a_clear_message() -> None:
    """A 5,000-digit number in a record is refused by name, not an internal error."""
    data = ('{"record": ' + DIGITS + ', "signature": null}').encode()
    result = verify_report(data, library=mini_library())
    assert result.failures[0].detail == (
        "tampered: the record holds a number of 5,000 digits (999999999999…); "
        "numbers are limited to 100 digits: check the value"
    )


def test_a_record_nested_60000_deep_is_a_clear_message() -> None:
    """A JSON record nested 60,000 deep is refused as too deep, not an internal error."""
    data = ('{"record": ' + "[" * 60000 + "]" * 60000 + ', "signature": null}').encode()
    result = verify_report(data, library=mini_library())
    assert result.failures[0].detail == "tampered: the record is nested deeper than 64 levels"


def test_a_file_too_large_to_be_a_report_is_refused_unread(tmp_path: Path) -> None:
    """A file over the report size limit is refused with its size, before any parsing."""
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.truncate(MAX_REPORT_BYTES + 1)
    result = verify_report(big, library=mini_library())
    assert result.failures[0].detail.startswith(f"the file is {MAX_REPORT_BYTES + 1:,} bytes")


def test_cli_verify_of_a_pdf_changed_after_signing_prints_no_traceback(
    signed: dict[str, bytes], keys: KeySet, tmp_path: Path
) -> None:
    """A PDF updated after signing gives NOT VERIFIED on stderr and no library traceback."""
    from pyhanko.pdf_utils.generic import NameObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed["pdf"]))
    writer.root["/PageMode"] = NameObject("/UseOutlines")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    target, key = tmp_path / "changed.pdf", tmp_path / "key.pem"
    target.write_bytes(out.getvalue())
    key.write_bytes(export_public_key(keys.public_key))
    code = "import sys; from osai_procure.cli import main; sys.exit(main(sys.argv[1:]))"
    args = ["verify", str(target), "--public-key", str(key)]
    args += ["--policies", str(ROOT / "tests" / "reports" / "data" / "content")]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 1
    assert "NOT VERIFIED: The content changed after it was signed" in done.stderr
    assert "(tampered" in done.stderr
    assert "Traceback" not in done.stderr and "ERROR" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("name", "content", "command"),
    [
        ("policy.yaml", f"schema_version: 1\nid: x\nversion: {DIGITS}\n", ["validate"]),
        ("card.md", f"---\nlicense: mit\nx: {DIGITS}\n---\n", ["import", "hf"]),
        (
            "bom.json",
            '{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": ' + DIGITS + "}",
            ["import", "cyclonedx"],
        ),
        ("sbom.json", '{"@graph": [{"n": ' + DIGITS + "}]}", ["import", "spdx"]),
    ],
)
def test_huge_integers_in_any_input_are_located(
    name: str,
    content: str,
    command: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A 5,000-digit integer in YAML, a card, CycloneDX or SPDX is a located message."""
    from osai_procure.cli import main

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main([*command, str(path)]) in (1, 2)
    err = capsys.readouterr().err
    assert "numbers are limited to 100 digits" in err and f"{path}:" in err
    assert "internal error" not in err
