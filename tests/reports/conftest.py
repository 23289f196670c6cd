"""Fixtures shared by the report tests: one key set and the mixed report signed in every
format, made once per test module (a module may set `SIGNED_LANG` for the report language),
and every sentence of the catalogue reworded as a later release might."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from osai_procure import wording
from osai_procure.signing import KeySet, export_reports
from tests.reports.helpers import GENERATED_AT, make_keys, mixed, signoff


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> KeySet:
    """One key set for the module."""
    return make_keys(tmp_path_factory.mktemp("keys") / "keys")


@pytest.fixture(scope="module")
def signed(keys: KeySet, request: pytest.FixtureRequest) -> dict[str, bytes]:
    """The mixed report signed as a PDF, a workbook and a JSON record."""
    bundle, answers, evaluation = mixed()
    lang = getattr(request.module, "SIGNED_LANG", "en")
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang=lang, keys=keys
    )
    assert result.pdf is not None and result.xlsx is not None
    return {"pdf": result.pdf, "xlsx": result.xlsx, "json": result.document}


@pytest.fixture
def reworded(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every English and Japanese sentence of the catalogue (reasons and licence notes) reworded,
    as a later release fixing typos might."""
    for name in ("REASONS", "LICENCE_NOTES"):
        catalogue = getattr(wording, name)
        changed = {code: (ja + "。", "Reworded: " + en) for code, (ja, en) in catalogue.items()}
        monkeypatch.setattr(wording, name, changed)
    wording._cached.cache_clear()
    yield
    wording._cached.cache_clear()
