"""The Drill page's upload: checked in a temporary folder that is removed afterwards, kept
with the assessment, and refused with a reason naming the upload."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from osai_procure.deposit import DepositError
from osai_procure.register.drill import Drill
from osai_procure.roles import Principal
from osai_procure.store import AssessmentRecord
from osai_procure.ui.views.drill import check_upload
from osai_procure.zipsafe import MAX_INFLATED_BYTES


def _zip(files: dict[str, bytes]) -> bytes:
    """A zip holding `files`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_upload_is_checked_kept_and_its_folder_removed(
    assessment: AssessmentRecord, scratch: Path
) -> None:
    """A zipped manifest passes, the drill names the officer, and nothing is left behind."""
    data = b"weights\n"
    raw = _zip(
        {"SHA256SUMS": f"{hashlib.sha256(data).hexdigest()}  w.bin\n".encode(), "w.bin": data}
    )
    done = check_upload(assessment, raw, "deposit.zip", Principal.typed("保存 担当"), None)
    assert isinstance(done, Drill) and done.passed and done.kept == "cited"
    assert done.signed["record"]["performed_by"] == "保存 担当"
    assert list(scratch.iterdir()) == []


def test_a_hostile_upload_is_refused_naming_it(assessment: AssessmentRecord, scratch: Path) -> None:
    """A zip reaching out of its folder is refused with the upload's name, not the temporary
    folder's, and nothing is left behind."""
    refused = check_upload(
        assessment, _zip({"../../x": b"x"}), "evil.zip", Principal.typed("x"), None
    )
    assert isinstance(refused, DepositError)
    english, japanese = refused.text("en"), refused.text("ja")
    assert english.startswith("evil.zip:") and japanese.startswith("evil.zip：")
    assert "../../x" in japanese and "預託物の外" in japanese
    assert str(scratch) not in english + japanese and list(scratch.iterdir()) == []


def test_an_upload_too_large_is_refused_in_either_language(
    assessment: AssessmentRecord, scratch: Path
) -> None:
    """An upload over the limit is refused before it is unpacked, the reason in the page's
    language."""
    refused = check_upload(
        assessment, bytes(MAX_INFLATED_BYTES + 1), "huge.zip", Principal.typed("x"), None
    )
    assert isinstance(refused, DepositError)
    assert refused.text("ja").startswith("huge.zip：") and "アップロードは" in refused.text("ja")
    assert "uploads are limited to" in refused.text("en")
