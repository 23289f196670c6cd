"""The licence corpus of tests/data/licences: load it, scan it, score the clause flags."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from osai_procure.licences.document import read_document
from osai_procure.licences.scanning import scan_document
from osai_procure.models.scan import LicenceScan

ROOT = Path(__file__).resolve().parents[1] / "data" / "licences"


def document_bytes(entry: dict[str, Any]) -> tuple[str, bytes]:
    """The file name and bytes of one corpus entry."""
    name: str = entry["file"]
    if name.startswith("reference:"):
        file = name.split(":", 1)[1]
        ref = importlib.resources.files("osai_procure.licences").joinpath("reference", file)
        return file, ref.read_bytes()
    path = ROOT / name
    return path.name, path.read_bytes()


def corpus() -> list[dict[str, Any]]:
    """The corpus entries."""
    data = yaml.safe_load((ROOT / "corpus.yaml").read_text(encoding="utf-8"))
    return list(data["documents"])


@dataclass
class FlagScore:
    """Counts for one flag over the corpus."""

    expected: int = 0
    found: int = 0  # expected (flag, place) pairs the scanner found
    true_docs: int = 0  # documents where the flag is expected and was raised
    false_docs: list[str] = field(default_factory=list)  # raised but not expected

    @property
    def recall(self) -> float:
        """Found expected passages over expected passages."""
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        """Documents rightly flagged over documents flagged."""
        flagged = self.true_docs + len(self.false_docs)
        return self.true_docs / flagged if flagged else 1.0


def _at(scan: LicenceScan, flag: str, place: dict[str, Any]) -> bool:
    """Whether the scan flags `flag` at the expected section or paragraph."""
    for hit in scan.clauses:
        if hit.flag != flag:
            continue
        if "section" in place and hit.location.section is not None:
            section = str(place["section"])
            if hit.location.section == section or hit.location.section.startswith(section + "."):
                return True
        if "paragraph" in place and hit.location.paragraph == place["paragraph"]:
            return True
    return False


def score() -> tuple[dict[str, FlagScore], list[str], dict[str, LicenceScan]]:
    """Per-flag scores, the missed expectations, and each document's scan."""
    scores: dict[str, FlagScore] = {}
    missed: list[str] = []
    scans: dict[str, LicenceScan] = {}
    for entry in corpus():
        name, data = document_bytes(entry)
        scan = scan_document(read_document(data, name))
        scans[entry["file"]] = scan
        expected_flags = {item["flag"] for item in entry["expect"]}
        for item in entry["expect"]:
            s = scores.setdefault(item["flag"], FlagScore())
            s.expected += 1
            if _at(scan, item["flag"], item):
                s.found += 1
            else:
                missed.append(f"{entry['file']}: {item}")
        raised = {hit.flag for hit in scan.clauses}
        for flag in raised:
            s = scores.setdefault(flag, FlagScore())
            if flag in expected_flags:
                s.true_docs += 1
            else:
                s.false_docs.append(entry["file"])
    return scores, missed, scans


def notice_corpus() -> list[dict[str, Any]]:
    """The notice corpus entries (tests/data/licences/notices.yaml)."""
    data = yaml.safe_load((ROOT / "notices.yaml").read_text(encoding="utf-8"))
    return list(data["documents"])


@dataclass
class NoticeScore:
    """Counts for the notice corpus: expected notices found, and notices nobody expected."""

    expected: int = 0
    found: int = 0
    raised: int = 0
    missed: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Expected notices found (licence, form and paragraph right) over expected."""
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        """Notices raised that a reviewer expected over all notices raised."""
        return (self.raised - len(self.unexpected)) / self.raised if self.raised else 1.0


def score_notices() -> NoticeScore:
    """Scan every notice file and compare its notices with the expected ones."""
    result = NoticeScore()
    for entry in notice_corpus():
        path = ROOT / "notices" / entry["file"]
        scan = scan_document(read_document(path.read_bytes(), path.name))
        got = {(n.licence, n.form, n.location.paragraph) for n in scan.notices}
        want = {(e["licence"], e["form"], e["paragraph"]) for e in entry["expect"]}
        result.expected += len(want)
        result.found += len(want & got)
        result.raised += len(got)
        result.missed += [f"{entry['file']}: {item}" for item in sorted(want - got)]
        result.unexpected += [f"{entry['file']}: {item}" for item in sorted(got - want)]
    return result
