"""Hardened unpacking of workbooks: every reader of an .xlsx (importer and verifier) checks a
file here before a zip or XML library inflates any of it.

The declared sizes are what Python's zipfile inflates to at most (it stops at the declared size
and fails the CRC), so checking them bounds the memory a hostile file can take.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from osai_procure.errors import ContentError, Problem

MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 500


def inspect_zip(raw: bytes, name: str) -> None:
    """Refuse what must not be opened: non-zips, encrypted files, macros, zip bombs.

    Raises:
        ContentError: the file is not a plain .xlsx workbook or would inflate too far.
    """
    lowered = name.casefold()
    if lowered.endswith((".xlsm", ".xltm", ".xlam", ".xlsb")):
        raise ContentError(
            [
                Problem(
                    name,
                    "macro-enabled or binary workbooks are refused; save the workbook as .xlsx",
                )
            ]
        )
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ContentError(
            [
                Problem(
                    name,
                    "this is an encrypted (password-protected) workbook or "
                    "an old .xls file; save it as an unencrypted .xlsx",
                )
            ]
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ContentError(
            [Problem(name, "not an .xlsx workbook (not a zip archive, or truncated)")]
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ContentError([Problem(name, f"the workbook holds {len(infos)} parts; refused")])
        total = 0
        for info in infos:
            part = info.filename.casefold()
            if part.endswith("vbaproject.bin") or part.endswith("vbaprojectsignature.bin"):
                raise ContentError(
                    [
                        Problem(
                            name,
                            "the workbook contains macros (vbaProject.bin); "
                            "macros are refused: save it as .xlsx without "
                            "macros",
                        )
                    ]
                )
            if info.flag_bits & 0x1:
                raise ContentError([Problem(name, "the workbook has encrypted parts; refused")])
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise ContentError(
                    [
                        Problem(
                            name,
                            f"part {info.filename} inflates "
                            f"{info.file_size // max(info.compress_size, 1)}"
                            " times; refused as a possible zip bomb",
                        )
                    ]
                )
        if total > MAX_INFLATED_BYTES:
            raise ContentError(
                [
                    Problem(
                        name,
                        f"the workbook inflates to {total:,} bytes; the "
                        f"limit is {MAX_INFLATED_BYTES:,}",
                    )
                ]
            )
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            raise ContentError(
                [Problem(name, "not an .xlsx workbook ([Content_Types].xml is missing)")]
            )
        try:
            types = archive.read("[Content_Types].xml")
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error):
            raise ContentError([Problem(name, "the workbook is damaged (truncated?)")]) from None
        if b"macroenabled" in types.lower() or b"vbaproject" in types.lower():
            raise ContentError(
                [
                    Problem(
                        name, "the workbook is macro-enabled; macros are refused: save it as .xlsx"
                    )
                ]
            )
