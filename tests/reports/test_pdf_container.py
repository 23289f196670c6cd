"""The CMS container of a PDF signature: the fields CMS does not sign still cannot change."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from asn1crypto import cms

from osai_procure.signing import KeySet, export_reports, verify_report
from tests.reports.helpers import GENERATED_AT, make_keys, mini_library, mixed, signoff

CONTENTS = re.compile(rb"/Contents\s*<([0-9A-Fa-f]+)>")


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> KeySet:
    """One key set for the module."""
    return make_keys(tmp_path_factory.mktemp("keys") / "keys")


@pytest.fixture(scope="module")
def pdf(keys: KeySet) -> bytes:
    """The mixed report, signed."""
    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang="en", keys=keys
    )
    assert result.pdf is not None
    return result.pdf


def _edited(pdf: bytes, edit: Callable[[Any], None]) -> bytes:
    """The PDF with its signature container re-encoded after `edit`, at the same length."""
    found = CONTENTS.search(pdf)
    assert found is not None
    text = found.group(1)
    raw = bytes.fromhex(text.decode("ascii"))
    message = cms.ContentInfo.load(raw.rstrip(b"\x00"))
    length = len(message.dump())
    edit(message["content"])
    changed = message.dump(force=True)
    assert len(changed) == length and changed != raw[:length]
    new_hex = (changed + raw[length:]).hex()
    new_text = new_hex.upper().encode() if text.isupper() else new_hex.encode()
    return pdf[: found.start(1)] + new_text + pdf[found.end(1) :]


def _signed_data_version(signed_data: Any) -> None:
    signed_data["version"] = "v3"


def _listed_digest(signed_data: Any) -> None:
    signed_data["digest_algorithms"] = [{"algorithm": "sha384"}]


def _signer_version(signed_data: Any) -> None:
    signed_data["signer_infos"][0]["version"] = "v3"


def test_the_untouched_container_verifies(pdf: bytes, keys: KeySet) -> None:
    """The baseline: the signed PDF as written verifies."""
    assert verify_report(pdf, keys.public_key, library=mini_library()).ok


@pytest.mark.parametrize("edit", [_signed_data_version, _listed_digest, _signer_version])
def test_an_unsigned_field_of_the_container_changed_is_caught(
    pdf: bytes, keys: KeySet, edit: Callable[[Any], None]
) -> None:
    """A version, the list of digest algorithms or empty parameters changed is tampering."""
    result = verify_report(_edited(pdf, edit), keys.public_key, library=mini_library())
    assert not result.ok
    assert result.failures[0].problem == "tampered"


def test_empty_digest_parameters_written_another_way_are_caught(pdf: bytes, keys: KeySet) -> None:
    """The signer's NULL digest parameters turned into an empty OCTET STRING is tampering."""
    found = CONTENTS.search(pdf)
    assert found is not None
    text = found.group(1)
    raw = bytes.fromhex(text.decode("ascii"))
    message = cms.ContentInfo.load(raw.rstrip(b"\x00"))
    algorithm = message["content"]["signer_infos"][0]["digest_algorithm"].dump()
    assert algorithm.endswith(b"\x05\x00")  # NULL, as pyHanko writes it
    at = raw.rindex(algorithm)
    changed = raw[:at] + algorithm[:-2] + b"\x04\x00" + raw[at + len(algorithm) :]
    new_hex = changed.hex()
    new_text = new_hex.upper().encode() if text.isupper() else new_hex.encode()
    tampered = pdf[: found.start(1)] + new_text + pdf[found.end(1) :]
    assert not verify_report(tampered, keys.public_key, library=mini_library()).ok


def test_a_non_der_length_in_the_container_is_caught(pdf: bytes, keys: KeySet) -> None:
    """The same container with a length written in a longer (BER) form is tampering."""
    found = CONTENTS.search(pdf)
    assert found is not None
    text = found.group(1)
    raw = bytes.fromhex(text.decode("ascii"))
    message = cms.ContentInfo.load(raw.rstrip(b"\x00"))
    der = message.dump()
    version = der.index(b"\x02\x01", 10)  # the SignedData version: INTEGER, short length
    longer = der[:version] + b"\x02\x81\x01" + der[version + 2 :]
    # the enclosing lengths grow by one byte: rebuild them through asn1crypto is not possible
    # for a non-DER child, so the outer headers are patched by hand (two definite lengths)
    patched = _grow_lengths(longer, version)
    new_hex = (patched + b"\x00" * (len(raw) - len(patched))).hex()
    new_text = new_hex.upper().encode() if text.isupper() else new_hex.encode()
    tampered = pdf[: found.start(1)] + new_text + pdf[found.end(1) :]
    result = verify_report(tampered, keys.public_key, library=mini_library())
    assert not result.ok


def _grow_lengths(data: bytes, inner: int) -> bytes:
    """Add one to the length of every constructed element enclosing offset `inner`."""
    out = bytearray(data)
    position = 0
    while position < inner:
        tag_end = position + 1
        first = out[tag_end]
        count = first & 0x7F if first & 0x80 else 0
        size = int.from_bytes(out[tag_end + 1 : tag_end + 1 + count], "big") if count else first
        body = tag_end + 1 + count
        if body + size >= inner and out[position] & 0x20:
            if count:
                out[tag_end + 1 : tag_end + 1 + count] = (size + 1).to_bytes(count, "big")
            else:
                out[tag_end] = size + 1
            position = body
        else:
            position = body + size
    return bytes(out)
