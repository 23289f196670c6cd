"""Time the signed report set (PDF, workbook, JSON) for a full assessment, against a baseline.

The baseline is a plain reportlab document holding the same text (every string the report
shows, in the same language and embedded font), built in the same run, so the ratio says what
the layout costs on this machine. Targets: the complete signed set in under 1 s on a 2-core
machine; the PDF within 2x of the baseline. Prints figures only; asserts nothing.

Run: .venv/bin/python benchmarks/bench_report.py [--lang ja|en] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.reports.helpers

from osai_procure.engine import evaluate  # noqa: E402 - after the path set-up
from osai_procure.loading import ContentLibrary, load_answers, load_policy  # noqa: E402
from osai_procure.models.report import Report  # noqa: E402
from osai_procure.render.fonts import load_fonts  # noqa: E402
from osai_procure.render.pdf import render_pdf  # noqa: E402
from osai_procure.render.record import canonical_record, record_document  # noqa: E402
from osai_procure.render.xlsx import render_xlsx  # noqa: E402
from osai_procure.report import build_record, build_report  # noqa: E402
from osai_procure.signing import export_reports, generate_keys, sign_record  # noqa: E402
from tests.reports.helpers import signoff  # noqa: E402

GENERATED_AT = "2026-05-12T10:00:00+09:00"
CASE = ROOT / "tests" / "data" / "cases" / "osgjp_compliant"
POLICY = ROOT / "policies" / "osg-jp-public-procurement.yaml"
SIGNOFF = signoff()  # the reports tests' three-role sign-off


def timed(function: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """First-call time, median of the following runs, and the last result."""
    start = time.perf_counter()
    result = function()
    first = time.perf_counter() - start
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - start)
    return first, statistics.median(samples) if samples else first, result


def report_texts(value: Any, lang: str) -> Iterator[str]:
    """Every string a report shows, in one language."""
    if isinstance(value, dict):
        if set(value) == {"ja", "en"}:
            yield value[lang]
            return
        for item in value.values():
            yield from report_texts(item, lang)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from report_texts(item, lang)
    elif isinstance(value, str) and value:
        yield value


def baseline_pdf(texts: list[str], lang: str) -> bytes:
    """A plain reportlab document with the same text: one paragraph per string, same font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    fonts = load_fonts()
    style = ParagraphStyle(
        "b",
        fontName=fonts.regular,
        fontSize=9,
        leading=13,
        wordWrap="CJK" if lang == "ja" else None,
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1)
    doc.build([Paragraph(escape(t).replace("\n", "<br/>"), style) for t in texts])
    return buffer.getvalue()


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("ja", "en"), default="ja")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    lang, runs = args.lang, args.runs

    library = ContentLibrary.from_root(ROOT)
    bundle = load_policy(POLICY, library)
    answers = load_answers(CASE / "answers.yaml", bundle)
    keys_dir = Path(tempfile.mkdtemp(prefix="osai-bench-")) / "keys"
    keys = generate_keys(keys_dir, now=datetime.datetime.now(datetime.UTC), unencrypted=True)

    def build() -> Report:
        evaluation = evaluate(bundle, answers)
        build_record(bundle, answers, evaluation, SIGNOFF, GENERATED_AT)
        return build_report(bundle, answers, evaluation, SIGNOFF, GENERATED_AT)

    evaluation = evaluate(bundle, answers)
    record = build_record(bundle, answers, evaluation, SIGNOFF, GENERATED_AT)
    font_first, _, _ = timed(load_fonts, 0)
    rows = {
        "evaluate + build report and record": timed(build, runs),
        "JSON record (RFC 8785) + Ed25519 signature": timed(
            lambda: record_document(record, sign_record(canonical_record(record), keys)), runs
        ),
    }
    report = rows["evaluate + build report and record"][2]
    rows["PDF (render only)"] = timed(lambda: render_pdf(report, lang), runs)
    rows["XLSX (render only)"] = timed(lambda: render_xlsx(report, lang), runs)
    rows["complete signed set (PDF+PAdES, XLSX, JSON)"] = timed(
        lambda: export_reports(
            bundle, answers, evaluation, SIGNOFF, GENERATED_AT, lang=lang, keys=keys
        ),
        runs,
    )
    texts = list(report_texts(report.model_dump(mode="json"), lang))
    rows["baseline reportlab document, same text"] = timed(lambda: baseline_pdf(texts, lang), runs)

    result = rows["complete signed set (PDF+PAdES, XLSX, JSON)"][2]
    pages = result.pdf.count(b"/Type /Page\n") or result.pdf.count(b"/Type /Page")
    print(
        f"osai-procure report benchmark — case {CASE.name}, policy {bundle.policy.id}, "
        f"lang {lang}, {os.cpu_count()} CPUs, median of {runs} runs after a first call"
    )
    print(
        f"  report: {len(texts)} strings, {sum(map(len, texts)):,} characters, ~{pages} pages;"
        f" PDF {len(result.pdf):,} B, XLSX {len(result.xlsx):,} B,"
        f" JSON {len(result.document):,} B"
    )
    print(f"  font registration (first call only): {font_first * 1000:7.1f} ms")
    print(f"  {'step':<46} {'first':>9} {'median':>9}")
    for name, (first, median, _) in rows.items():
        print(f"  {name:<46} {first * 1000:7.1f}ms {median * 1000:7.1f}ms")
    pdf_median = rows["PDF (render only)"][1]
    base_median = rows["baseline reportlab document, same text"][1]
    total = rows["complete signed set (PDF+PAdES, XLSX, JSON)"][1]
    print(f"  ratio PDF / baseline: {pdf_median / base_median:.2f}x (target <= 2x)")
    print(f"  complete signed set: {total:.3f} s (target < 1 s on 2 cores)")


if __name__ == "__main__":
    main()
