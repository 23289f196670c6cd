"""Benchmark the licence scanner: precision and recall per red flag on the licence corpus and of
licence notices on the notice corpus, and
the time to scan a 30-page licence PDF (in the core, and in the wizard from upload to the
clauses on screen) against plain text extraction of the same file in the same run. Prints
figures; asserts nothing.

    .venv/bin/python benchmarks/bench_licence_scan.py
"""

from __future__ import annotations

import importlib.resources
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.licences.corpus

ROUNDS = 5
PAGES = 30


def _corpus_scores() -> None:
    """Print precision and recall per flag over tests/data/licences/corpus.yaml."""
    from tests.licences.corpus import corpus, score

    scores, missed, _ = score()
    print(f"licence corpus: {len(corpus())} texts")
    print(
        f"{'flag':<22}{'expected':>9}{'found':>7}{'recall':>8}{'docs':>6}{'extra':>7}{'precision':>11}"
    )
    for flag in sorted(scores):
        s = scores[flag]
        print(
            f"{flag:<22}{s.expected:>9}{s.found:>7}{s.recall:>8.2f}"
            f"{s.true_docs:>6}{len(s.false_docs):>7}{s.precision:>11.2f}"
        )
        for name in s.false_docs:
            print(f"{'':<22}unexpected in {name}")
    for item in missed:
        print(f"missed: {item}")


def _notice_scores() -> None:
    """Print recall and precision of licence notices over tests/data/licences/notices.yaml,
    and the notices raised on the clause corpus's full licence texts (expected: none)."""
    from tests.licences.corpus import notice_corpus, score, score_notices

    result = score_notices()
    print(f"notice corpus: {len(notice_corpus())} files, {result.expected} expected notices")
    print(
        f"  found {result.found}, raised {result.raised}, "
        f"recall {result.recall:.2f}, precision {result.precision:.2f}"
    )
    for item in result.missed:
        print(f"  missed: {item}")
    for item in result.unexpected:
        print(f"  unexpected: {item}")
    _, _, scans = score()
    noticed = {name: len(s.notices) for name, s in scans.items() if s.notices}
    print(f"  notices on the {len(scans)} full licence texts: {sum(noticed.values())} {noticed}")
    _installed_metadata()


def _installed_metadata() -> None:
    """Notices in the METADATA of every installed distribution (uncurated real-world text),
    against the licence its own `License-Expression` or `License` field resolves to."""
    import importlib.metadata

    from osai_procure.licences import analyse_licence
    from osai_procure.licences.catalogue import Catalogue
    from osai_procure.licences.document import read_document
    from osai_procure.licences.scanning import scan_document

    total = noticed = agree = disagree = undeclared = 0
    for dist in importlib.metadata.distributions():
        text = dist.read_text("METADATA") or ""
        declared = dist.metadata.get("License-Expression") or dist.metadata.get("License")
        facts = analyse_licence(declared, Catalogue.default()) if declared else None
        expected = facts.normalized if facts is not None else None
        scan = scan_document(read_document(text[:60000].encode("utf-8"), "METADATA.md"))
        total += 1
        names = [n.licence for n in scan.notices]
        noticed += bool(names)
        if expected is None:
            undeclared += bool(names)
        elif names[:1] == [expected]:
            agree += 1
        elif names:
            disagree += 1
    print(
        f"installed METADATA files: {total}, with a notice {noticed}; first notice equals the "
        f"declared licence {agree}, differs {disagree}, declared field not resolvable {undeclared}"
    )


def _licence_pdf() -> bytes:
    """A PDF of at least 30 pages: Llama 3.1 terms, the Llama 4 use policy, then Apache-2.0,
    the GPL family, MPL-2.0 and CC BY-SA 4.0, set in ReportLab's body text style."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    refs = importlib.resources.files("osai_procure.licences").joinpath("reference")
    names = ["llama-3.1-license-2024.txt", "llama-4-license-2025.txt", "apache-2.0.txt"]
    names += ["gpl-3.0.txt", "agpl-3.0.txt", "mpl-2.0.txt", "cc-by-sa-4.0.txt", "lgpl-2.1.txt"]
    style = getSampleStyleSheet()["BodyText"]
    story = []
    for name in names:
        for block in refs.joinpath(name).read_text(encoding="utf-8").split("\n\n"):
            text = " ".join(block.split())
            if text:
                escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                story.append(Paragraph(escaped, style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def _median_ms(action: Callable[[], object]) -> float:
    """Median wall time of `action` over ROUNDS runs, in milliseconds."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _pdf_timing() -> tuple[bytes, float]:
    """Time plain extraction, reading, identification and flagging of the PDF; return the PDF
    and the extraction baseline in milliseconds."""
    from pypdf import PdfReader

    from osai_procure.licences.document import read_document
    from osai_procure.licences.matching import reference_texts
    from osai_procure.licences.scanning import clause_rules, find_clauses, identify, scan_document

    data = _licence_pdf()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    start = time.perf_counter()
    reference_texts()
    clause_rules()
    first_load = (time.perf_counter() - start) * 1000

    def plain() -> str:
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    document = read_document(data, "licence.pdf")
    base = _median_ms(plain)
    read = _median_ms(lambda: read_document(data, "licence.pdf"))
    flags = _median_ms(lambda: find_clauses(document.paragraphs))
    ident = _median_ms(lambda: identify(document))
    whole = _median_ms(lambda: scan_document(read_document(data, "licence.pdf")))
    print(f"{pages}-page licence PDF ({len(data) // 1024} KiB), median of {ROUNDS} runs:")
    print(f"  plain pypdf text extraction (baseline) {base:8.1f} ms")
    print(f"  read into located paragraphs           {read:8.1f} ms  ({read / base:.2f}x baseline)")
    print(f"  clause flags (first result)            {flags:8.1f} ms")
    print(f"  identification against references     {ident:8.1f} ms")
    print(
        f"  whole scan                             {whole:8.1f} ms  ({whole / base:.2f}x baseline)"
    )
    print(
        f"  time to first result (read + flags)    {read + flags:8.1f} ms  "
        f"({(read + flags) / base:.2f}x baseline)"
    )
    print(f"  one-off load of references and rules  {first_load:8.1f} ms")
    return data, base


def _wizard_timing(data: bytes, base_ms: float) -> None:
    """Time the wizard's first result: upload the PDF to a weights card's scan and wait for
    the clauses (an AppTest run in this process), against an AppTest run of the same page."""
    import os
    import tempfile

    from benchmarks.bench_app import _wizard_session

    os.chdir(ROOT)
    home = tempfile.mkdtemp(prefix="osai-bench-scan-")
    os.environ["OSAI_PROCURE_DATA_DIR"] = home
    os.environ["OSAI_PROCURE_HOME"] = str(Path(home) / "home")
    os.environ.pop("OSAI_PROCURE_DB_URL", None)
    at = _wizard_session("パラメータ")
    qid = "model_parameters_final"
    at.session_state[f"answer.{qid}.scan_open"] = True
    at.run()
    plain, scans = [], []
    for round_ in range(ROUNDS):
        start = time.perf_counter()
        at.run()
        plain.append((time.perf_counter() - start) * 1000)
        uploader = next(
            u for u in at.file_uploader if u.key.startswith(f"answer.{qid}.scan_upload")
        )
        uploader.set_value((f"licence-{round_}.pdf", data, "application/pdf"))
        start = time.perf_counter()
        at.run()
        scans.append((time.perf_counter() - start) * 1000)
        at.session_state[f"answer.{qid}.scan_open"] = True
    page, scan = statistics.median(plain), statistics.median(scans)
    print(f"  wizard page rerun, no upload (AppTest) {page:8.1f} ms")
    print(
        f"  wizard: upload to clauses on screen    {scan:8.1f} ms  "
        f"({scan / base_ms:.2f}x extraction, {scan - page:.0f} ms over a page rerun)"
    )


if __name__ == "__main__":
    pdf, baseline = _pdf_timing()  # first: the one-off load of references and rules is cold
    _wizard_timing(pdf, baseline)
    print()
    _corpus_scores()
    print()
    _notice_scores()
