"""Fixtures shared by the register's command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from osai_procure.store.db import DB_FILE_NAME
from tests.register.helpers import Clock, approve, at, stored_cases


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An app data directory holding the golden cases, one approved on 2025-03-01."""
    monkeypatch.setenv("OSAI_PROCURE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("OSAI_PROCURE_DB_URL", raising=False)
    clock = Clock(at("2025-01-10T09:00"))
    repo = stored_cases(f"sqlite:///{tmp_path / DB_FILE_NAME}", clock)
    clock.at = at("2025-03-01T09:00")
    approve(repo, repo.list_assessments(limit=1)[0].id)
    repo.engine.dispose()
    return tmp_path
