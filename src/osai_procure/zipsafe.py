"""Hardened unpacking of workbooks: every reader of an .xlsx (importer and verifier) checks a
file here before a zip or XML library inflates any of it.

The declared sizes are what Python's zipfile inflates to at most (it stops at the declared size
and fails the CRC), so checking them bounds the memory a hostile file can take.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from osai_procure.errors import ContentError, coded_problem

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
                coded_problem(
                    name,
                    "macro-enabled or binary workbooks are refused; save the workbook as .xlsx",
                    code="xlsx.macro",
                )
            ]
        )
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ContentError(
            [
                coded_problem(
                    name,
                    "this is an encrypted (password-protected) workbook or "
                    "an old .xls file; save it as an unencrypted .xlsx",
                    code="xlsx.encrypted",
                )
            ]
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ContentError(
            [
                coded_problem(
                    name,
                    "not an .xlsx workbook (not a zip archive, or truncated)",
                    code="xlsx.not_xlsx",
                )
            ]
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ContentError(
                [
                    coded_problem(
                        name,
                        f"the workbook holds {len(infos)} parts; refused",
                        code="xlsx.too_many_parts",
                        count=len(infos),
                        limit=MAX_ENTRIES,
                    )
                ]
            )
        total = 0
        for info in infos:
            part = info.filename.casefold()
            if part.endswith("vbaproject.bin") or part.endswith("vbaprojectsignature.bin"):
                raise ContentError(
                    [
                        coded_problem(
                            name,
                            "the workbook contains macros (vbaProject.bin); "
                            "macros are refused: save it as .xlsx without "
                            "macros",
                            code="xlsx.macro",
                        )
                    ]
                )
            if info.flag_bits & 0x1:
                raise ContentError(
                    [
                        coded_problem(
                            name, "the workbook has encrypted parts; refused", code="xlsx.encrypted"
                        )
                    ]
                )
            total += info.file_size
            ratio = info.file_size // max(info.compress_size, 1)
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise ContentError(
                    [
                        coded_problem(
                            name,
                            f"part {info.filename} inflates {ratio} times; refused as a "
                            "possible zip bomb",
                            code="xlsx.zip_bomb",
                            value=info.filename,
                            count=f"{ratio:,}",
                        )
                    ]
                )
        if total > MAX_INFLATED_BYTES:
            raise ContentError(
                [
                    coded_problem(
                        name,
                        f"the workbook inflates to {total:,} bytes; the "
                        f"limit is {MAX_INFLATED_BYTES:,}",
                        code="xlsx.too_large_inflated",
                        size=f"{total:,}",
                        limit=f"{MAX_INFLATED_BYTES:,}",
                    )
                ]
            )
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            raise ContentError(
                [
                    coded_problem(
                        name,
                        "not an .xlsx workbook ([Content_Types].xml is missing)",
                        code="xlsx.not_xlsx",
                    )
                ]
            )
        try:
            types = archive.read("[Content_Types].xml")
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error):
            raise ContentError(
                [coded_problem(name, "the workbook is damaged (truncated?)", code="xlsx.damaged")]
            ) from None
        if b"macroenabled" in types.lower() or b"vbaproject" in types.lower():
            raise ContentError(
                [
                    coded_problem(
                        name,
                        "the workbook is macro-enabled; macros are refused: save it as .xlsx",
                        code="xlsx.macro",
                    )
                ]
            )
