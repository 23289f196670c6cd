"""Every page renders; bad links, hostile uploads and unknown assessments get friendly messages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osai_procure.signing import KeySet, ReportSet
from osai_procure.store import AssessmentRecord, Repository
from osai_procure.ui.i18n import STRINGS
from tests.ui.conftest import ROOT, open_page, texts

PAGES = (
    "start",
    "wizard",
    "review",
    "signoff",
    "export",
    "drill",
    "register",
    "impact",
    "verify",
    "policies",
)
ASSESSMENT_PAGES = ("wizard", "review", "signoff", "export", "drill")
UNEXPECTED = ("予期しない問題", "Something unexpected")


def assert_clean(at: AppTest) -> None:
    """No exception reached Streamlit and no page showed the unexpected-error message."""
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert not any(marker in shown for marker in UNEXPECTED), shown


@pytest.mark.parametrize("locale", ["ja-JP", "en-US"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, page: str, locale: str
) -> None:
    """Each page renders in both languages, with an assessment in the URL."""
    at = open_page(new_app(locale, assessment=assessment.id), page)
    assert_clean(at)
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", ASSESSMENT_PAGES)
def test_assessment_pages_without_an_assessment_explain_what_to_do(
    new_app: Callable[..., AppTest], page: str
) -> None:
    """Opening Wizard/Review/Sign-off/Export/Drill with no assessment points to Start."""
    at = open_page(new_app(), page)
    assert_clean(at)
    assert "Create a new one or resume one" in texts(at)
    assert at.button(key="goto_start")


@pytest.mark.parametrize(
    "link",
    ["not-a-uuid", "../../etc/passwd", "<script>alert(1)</script>", "1" * 500, ""],
)
def test_malformed_assessment_link_gets_a_friendly_message(
    new_app: Callable[..., AppTest], link: str
) -> None:
    """A malformed `?assessment=` shows a friendly message, never a traceback."""
    at = open_page(new_app(assessment=link), "wizard")
    assert_clean(at)
    assert "is not valid" in texts(at)


def test_unknown_assessment_link_gets_a_friendly_message(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """A well-formed but unknown id says it was not found."""
    at = open_page(new_app(assessment="12345678-1234-1234-1234-123456789abc"), "review")
    assert_clean(at)
    assert "was found" in texts(at) or "No assessment with id" in texts(at)


def test_japanese_is_the_default_for_a_japanese_browser(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """A browser asking for ja gets Japanese; the switch changes every string at once."""
    at = new_app("ja-JP").run()
    assert at.title[0].value == "スタート"
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Start"
    assert new_app("en-GB").run().title[0].value == "Start"


def _upload(at: AppTest, key: str, name: str, data: bytes, mime: str) -> AppTest:
    """Upload a file into a file_uploader and rerun."""
    at.file_uploader(key=key).set_value((name, data, mime))
    return at.run()


HOSTILE_YAML = {
    "alias bomb": b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "deep nesting": ("x: " + "[" * 200 + "]" * 200 + "\n").encode(),
    "not yaml": b"\x00\x01\xff\xfe garbage",
    "python tag": b"schema_version: 1\nid: !!python/object/apply:os.system ['echo hi']\n",
    "wrong shape": b"- just\n- a list\n",
}


def test_policy_problems_show_the_files_markup_as_text_and_at_most_200_rows(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """An uploaded policy's problems table shows the file's lines as typed (a link or HTML in
    them is not rendered), and a file with hundreds of problems lists the first 200 and says
    how many more there are."""
    keys = "".join(f"x{n}: 1\n" for n in range(250))
    data = f"id: a\nversion: 1\n'[x](https://evil.example) <b>b</b>': 1\n{keys}".encode()
    at = open_page(new_app(), "policies")
    at = _upload(at, "policies.upload", "agency.yaml", data, "application/yaml")
    assert_clean(at)
    (table,) = [d.value for d in at.table if "YAML" in d.value.columns]  # the problems
    assert len(table) == 200
    lines = "\n".join(table["YAML"])
    # Markdown shown as typed: brackets and tags escaped, the address a code span, not a link.
    assert "\\[x\\]\\(`https://evil.example)` \\<b\\>b\\</b\\>" in lines
    found = int(texts(at).split(" problems found")[0].split()[-1])
    assert found > 250  # one a key at least
    assert f"{found - 200} more problems are not shown" in texts(at)


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_hostile_policy_yaml_shows_a_message_on_the_page(
    new_app: Callable[..., AppTest], app_env: Path, name: str
) -> None:
    """Uploading a malformed or hostile policy shows its problems; the app keeps working."""
    at = open_page(new_app(), "policies")
    at = _upload(at, "policies.upload", "agency.yaml", HOSTILE_YAML[name], "application/yaml")
    assert_clean(at)
    assert re.search(r"\b\d+ problems? found", texts(at)), texts(at)
    assert any("YAML" in d.value.columns for d in at.table), (
        "the problems are listed with their lines"
    )
    at = open_page(at, "start")
    assert_clean(at)


@pytest.mark.parametrize(
    ("locale", "said", "next_step", "setting", "new"),
    [
        (
            "en-US",
            "No problems",
            "names that folder in OSAI_PROCURE_CONTENT",
            "`thresholds`",
            "After",
        ),
        (
            "ja-JP",
            "問題はありません",
            "OSAI_PROCURE_CONTENT でそのフォルダーを指定",
            "しきい値 `thresholds`",
            "変更後",
        ),
    ],
)
def test_valid_agency_policy_upload_shows_what_it_changes(
    new_app: Callable[..., AppTest],
    app_env: Path,
    locale: str,
    said: str,
    next_step: str,
    setting: str,
    new: str,
) -> None:
    """A valid override is accepted, compared with the policy it extends (a setting by its name
    on the page and its YAML key) and followed by how to put it in use."""
    policy = (
        "schema_version: 1\n"
        "id: agency_x\n"
        'version: "1.0"\n'
        "title: {ja: 機関X, en: Agency X}\n"
        "extends: osg_jp_public_procurement\n"
        "thresholds: {compliant: 0.9, conditionally_compliant: 0.5}\n"
    ).encode()
    at = open_page(new_app(locale=locale), "policies")
    at = _upload(at, "policies.upload", "agency-x.yaml", policy, "application/yaml")
    assert_clean(at)
    assert said in texts(at)
    assert next_step in texts(at)
    # The upload's other settings: the last such table (the shipped policies' come first).
    table = [d.value for d in at.table if "" in d.value.columns][-1]
    assert setting in list(table[""])
    changed = dict(zip(table[""], table[new], strict=True))
    assert changed[setting] == "`compliant: 0.9; conditionally_compliant: 0.5`"  # as written


def test_oversized_policy_upload_is_refused_politely(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """A policy above the size cap is refused with a message, not parsed."""
    at = open_page(new_app(), "policies")
    at = _upload(at, "policies.upload", "big.yaml", b"# x\n" * 700_000, "application/yaml")
    assert_clean(at)
    assert "too large" in texts(at)


def test_garbage_report_upload_is_explained(new_app: Callable[..., AppTest], app_env: Path) -> None:
    """A file that is not a report gets a plain message on the Verify page."""
    at = open_page(new_app(), "verify")
    at = _upload(at, "verify.upload", "report.pdf", b"not a pdf at all", "application/pdf")
    assert_clean(at)
    assert "could not be read as a report" in texts(at)


def _signed_bloom_report(keys: KeySet, xlsx: bool = True, pdf: bool = False) -> ReportSet:
    """The BLOOM golden case's Japanese report signed with `keys` (a PDF when asked)."""
    from osai_procure.engine import evaluate
    from osai_procure.loading import load_answers, load_policy
    from osai_procure.signing import export_reports
    from tests.reports.helpers import case_policy, shipped_library, signoff

    case = ROOT / "tests" / "data" / "cases" / "bloom_rail"
    bundle = load_policy(case_policy(case), shipped_library())
    answers = load_answers(case / "answers.yaml", bundle)
    return export_reports(
        bundle,
        answers,
        evaluate(bundle, answers),
        signoff(),
        "2026-05-12T10:00:00+09:00",
        lang="ja",
        keys=keys,
        pdf=pdf,
        xlsx=xlsx,
    )


def test_a_report_signed_by_an_unknown_key_is_red(
    new_app: Callable[..., AppTest], app_env: Path, tmp_path: Path
) -> None:
    """A report signed with somebody else's fresh key fails on Verify: 'who signed' names an
    unknown key, even though the file is unchanged and its verdict re-performs."""
    from tests.reports.helpers import make_keys

    document = _signed_bloom_report(make_keys(tmp_path / "mallory"), xlsx=False).document
    at = open_page(new_app(), "verify")
    at = _upload(at, "verify.upload", "r.json", document, "application/json")
    assert_clean(at)
    shown = texts(at).replace("\\", "").replace("**", "")  # markdown escapes and bold
    assert "Verification failed" in shown and "An unknown key (SHA256:" in shown
    assert "Unchanged since it was signed? Yes" in shown


def test_a_changed_workbook_cell_is_named_with_its_signed_value_and_the_checks_fold(
    new_app: Callable[..., AppTest], app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Japanese workbook signed here, one answer changed: Verify says in one red box which
    sheet, row and column changed, what was signed, the signed verdicts and what to do; the
    per-check list is folded away."""
    import io

    from openpyxl import load_workbook

    from osai_procure.ui import exporting

    monkeypatch.setenv("OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS", "1")
    workbook = _signed_bloom_report(exporting.signing_keys()).xlsx
    assert workbook is not None
    book = load_workbook(io.BytesIO(workbook))
    sheet = book["回答"]
    cell = next(r for r in sheet.iter_rows(min_row=2) if r[6].value)[6]
    was, row = str(cell.value), cell.row
    cell.value = "書き換えた回答"
    changed = io.BytesIO()
    book.save(changed)
    at = open_page(new_app(locale="ja-JP"), "verify")
    at = _upload(at, "verify.upload", "r.xlsx", changed.getvalue(), "application/octet-stream")
    assert_clean(at)
    said = at.error[0].value.replace("\\", "")  # the first box: the answer, unescaped
    assert f"「回答」シート{row}行目（「回答」列）が署名後に変更されています。" in said
    assert f"署名時の値は「{' / '.join(was.splitlines())[:30]}" in said
    assert "署名時の判定は" in said and "発行元に原本を請求してください。" in said
    (folded,) = [e for e in at.expander if e.label.startswith("各検査の結果")]
    assert folded.proto.expanded is False
    # The technical line under each check is Japanese too (digests and names as they are).
    from tests.browser.test_japanese import english_outside_literals

    lines = [str(c.value).replace("\\", "") for c in at.caption]
    lines = [line for line in lines if line.startswith("技術的な詳細")]
    assert len(lines) >= 7 and not any("（英語）" in line for line in lines)
    assert all(english_outside_literals(line) == set() for line in lines), lines
    assert any(
        "「回答」シートの " in line and "署名された記録と異なります" in line for line in lines
    )


def test_a_changed_pdf_page_is_named_with_its_signed_text(
    new_app: Callable[..., AppTest], app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Japanese PDF signed here, then saved again with 「不適合」 made 「適合」 on page 2:
    Verify's red box names page 2 and quotes the page as signed, in ja and in en."""
    from osai_procure.ui import exporting
    from tests.reports.test_pdf_pages import _word_dropped

    monkeypatch.setenv("OSAI_PROCURE_ALLOW_UNENCRYPTED_KEYS", "1")
    pdf = _signed_bloom_report(exporting.signing_keys(), xlsx=False, pdf=True).pdf
    assert pdf is not None
    changed = _word_dropped(pdf, 2, "「不適合」", "不")
    for locale, said in (
        ("ja-JP", ("2ページ目の文字が署名後に変更されています。", "署名時には「…")),
        ("en-US", ("The text of page 2 was changed after it was signed", "it read “…")),
    ):
        at = open_page(new_app(locale=locale), "verify")
        at = _upload(at, "verify.upload", "r.pdf", changed, "application/pdf")
        assert_clean(at)
        box = at.error[0].value.replace("\\", "")
        assert all(part in box for part in said), box
        assert "「不適合」" in box


def test_unexpected_errors_become_a_friendly_message(
    new_app: Callable[..., AppTest],
    assessment: AssessmentRecord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug in a page shows a message with a reference, not a traceback."""
    from osai_procure.ui import services

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "bundle_for", broken)
    at = open_page(new_app(assessment=assessment.id), "review")
    assert not at.exception
    assert "Something unexpected went wrong" in texts(at)
    assert "boom" not in texts(at)


def test_every_ui_string_has_both_languages() -> None:
    """No UI string is missing its Japanese or English text."""
    missing = [key for key, (ja, en) in STRINGS.items() if not ja.strip() or not en.strip()]
    assert missing == [] or set(missing) <= {"text.placeholder"}


def test_no_page_renders_raw_html() -> None:
    """Markup in answers is shown literally: the UI never allows raw HTML."""
    sources = [*(ROOT / "src/osai_procure/ui").rglob("*.py"), ROOT / "app.py"]
    offenders = [p.name for p in sources if "unsafe_allow_html" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_only_the_ui_imports_streamlit() -> None:
    """Streamlit is imported by app.py and osai_procure.ui only."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "src/osai_procure").rglob("*.py")
        if "/ui/" not in str(p) and "import streamlit" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_store_records_are_not_orm_objects(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Nothing the app keeps in the session is an ORM row."""
    at = open_page(new_app(assessment=assessment.id), "wizard")

    def walk(value: object) -> None:
        assert "sqlalchemy" not in type(value).__module__, type(value)
        if isinstance(value, dict):
            for item in value.values():
                walk(item)

    for value in at.session_state.to_dict().values():
        walk(value)


def test_the_officer_name_follows_across_pages(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """The name typed in the sidebar on one page signs the changes made on another."""
    at = new_app(assessment=assessment.id).run()
    at.text_input(key="officer_name").input("佐藤 花子").run()
    at.switch_page("src/osai_procure/ui/page_scripts/wizard.py").run()
    at.selectbox(key="wiz.jump").select(0).run()
    at.text_input(key="info.agency").input("総務省").run()
    assert repo.history(assessment.id)[-1].actor == "佐藤 花子"
    assert at.text_input(key="officer_name").value == "佐藤 花子"


def test_new_assessment_prefilled_from_an_mot_record(
    new_app: Callable[..., AppTest], repo: Repository
) -> None:
    """An MOT record pre-fills answers, marked imported and awaiting confirmation."""
    mot = next((ROOT / "tests/data/importers/mot").glob("*.yml"))
    at = new_app().run()
    at.text_input(key="new.title").input("OLMo 評価")
    at.text_input(key="new.system_name").input("OLMo")
    at.selectbox(key="new.import.format").set_value("mot")
    at.file_uploader(key="new.import.file").set_value((mot.name, mot.read_bytes(), "text/yaml"))
    at.button[0].click().run()
    assert_clean(at)
    record = repo.list_assessments()[0]
    answers = repo.get(record.id).answers
    assert answers and all(a.provenance == "imported" for a in answers.values())
    assert f"Imported {len(answers)} answers" in texts(at)


def test_a_record_is_imported_without_naming_its_format(
    new_app: Callable[..., AppTest], repo: Repository
) -> None:
    """Left at 'read from the file', an MOT record is recognised and imported; a file that
    shows no format is explained by name, and nothing is created."""
    mot = ROOT / "tests/data/importers/mot/Llama-3.1-8B.yml"
    at = new_app().run()
    at.text_input(key="new.title").input("x")
    at.text_input(key="new.system_name").input("y")
    at.file_uploader(key="new.import.file").set_value(("notes.txt", b"some notes\n", "text/plain"))
    at.button[0].click().run()
    assert_clean(at)
    assert "The format of “notes.txt” could not be read" in texts(at)
    assert repo.list_assessments() == []
    at.file_uploader(key="new.import.file").set_value((mot.name, mot.read_bytes(), "text/yaml"))
    at.button[0].click().run()
    assert_clean(at)
    (record,) = repo.list_assessments()
    answers = repo.get(record.id).answers
    assert answers and all(a.provenance == "imported" for a in answers.values())


def test_a_broken_import_is_explained_and_nothing_is_created(
    new_app: Callable[..., AppTest], repo: Repository
) -> None:
    """A malformed record shows its problems; no half-made assessment appears."""
    at = new_app().run()
    at.text_input(key="new.title").input("x")
    at.text_input(key="new.system_name").input("y")
    at.selectbox(key="new.import.format").set_value("mot")
    at.file_uploader(key="new.import.file").set_value(
        ("bad.yml", b"a: &x [1]\nb: *x\n", "text/yaml")
    )
    at.button[0].click().run()
    assert_clean(at)
    assert "could not be imported" in texts(at)
    assert repo.list_assessments() == []


def test_start_with_a_bad_link_explains_and_still_works(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """A malformed link to Start shows the note and the Start page itself."""
    at = new_app(assessment="<b>nope</b>").run()
    assert_clean(at)
    assert "“<b>nope</b>” in this link is not valid" in texts(at)
    assert any(b.label == "Create assessment" for b in at.button)


def test_start_with_a_good_link_offers_to_resume(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """A link to Start naming an assessment offers to open it in the wizard."""
    at = new_app(assessment=assessment.id).run()
    assert_clean(at)
    resume = at.button(key="resume_link")
    assert resume.label == "Open the linked assessment “汎用LLM 調達評価”"
    resume.click().run()
    assert at.session_state["current_assessment"] == assessment.id


def test_a_search_that_finds_nothing_says_nothing_matches(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord
) -> None:
    """With assessments stored, an empty list is the search's: it says that nothing matches."""
    at = new_app().run()
    at.text_input(key="start.search").input("no such model").run()
    assert_clean(at)
    assert "No assessments match." in texts(at)
    assert "There are no assessments yet" not in texts(at)


def test_a_fresh_install_lists_no_assessment_yet(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """Before the first assessment, the list says so and points to the form beside it (the
    review read "none match" on a fresh install)."""
    at = new_app(locale="ja-JP").run()
    assert_clean(at)
    assert "まだ評価はありません。左の「新しい評価」から作成してください。" in texts(at)
    assert "該当する評価はありません。" not in texts(at)


def test_start_lists_one_page_and_counts_the_rest(
    new_app: Callable[..., AppTest], assessment: AssessmentRecord, repo: Repository
) -> None:
    """Fifty assessments are shown, newest first; the others are counted, not loaded."""
    for n in range(51):
        repo.create(
            assessment.info.model_copy(update={"title": f"Model {n}"}),
            assessment.policy,
            "bench",
        )
    at = new_app().run()
    assert_clean(at)
    assert "2 more; narrow the search." in texts(at)
    assert "Model 50" in texts(at) and "Model 0" not in texts(at)


def test_new_assessment_from_a_model_name_fetches_and_prefills(
    new_app: Callable[..., AppTest], repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Hub id alone (online) creates the assessment named after the model, pre-filled with
    imported answers that cite the fetched documents."""
    import respx

    from tests.gather.replay import mount

    monkeypatch.setenv("OSAI_PROCURE_ONLINE", "1")
    at = new_app(locale="ja-JP").run()
    at.text_area(key="new.gather").input("llm-jp/llm-jp-3-13b")
    with respx.mock(assert_all_called=False) as router:
        mount(router, "llm-jp-3-13b.yaml")
        at.button[0].click().run()
    assert_clean(at)
    record = repo.list_assessments()[0]
    assert record.system_name == "llm-jp-3-13b"
    answers = repo.get(record.id).answers
    weights = answers["model_parameters_final"]
    assert weights.provenance == "imported" and not weights.confirmed
    assert weights.evidence[0].sha256 and weights.evidence[0].retrieved_at
    assert "公開情報" in texts(at)


def test_a_model_name_while_offline_is_explained_and_nothing_is_created(
    new_app: Callable[..., AppTest], repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With fetching switched off, a model name gets a Japanese explanation, no assessment."""
    monkeypatch.delenv("OSAI_PROCURE_ONLINE", raising=False)
    at = new_app(locale="ja-JP").run()
    assert "OSAI_PROCURE_ONLINE=1" in texts(at)
    at.text_area(key="new.gather").input("llm-jp/llm-jp-3-13b")
    at.button[0].click().run()
    assert_clean(at)
    assert "評価は作成していません" in texts(at)
    assert repo.list_assessments() == []


def test_policies_page_offers_the_clauses_workbook(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """The chosen policy's clauses and Annex can be downloaded, made by the CLI's functions."""
    at = open_page(new_app(), "policies")
    assert_clean(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert STRINGS["policies.clauses"][1] in labels


def test_clauses_workbook_is_the_cli_workbook_in_the_ui_language() -> None:
    """The page's workbook is byte for byte what `osai-procure clauses -o` writes, per language."""
    from osai_procure.contract import build_contract
    from osai_procure.loading import ContentLibrary, load_policy
    from osai_procure.render.contract_xlsx import render_contract_xlsx
    from osai_procure.ui.exporting import clauses_file_name, clauses_workbook

    bundle = load_policy(
        ROOT / "policies" / "osg-jp-public-procurement.yaml", ContentLibrary.from_root(ROOT)
    )
    for lang in ("ja", "en"):
        assert clauses_workbook(bundle, lang) == render_contract_xlsx(build_contract(bundle), lang)
    assert clauses_file_name(bundle, "ja") == "clauses-osg-jp-public-procurement-1-0-0-ja.xlsx"


def test_the_app_freezes_its_start_up_objects_once_it_has_run(
    new_app: Callable[..., AppTest], app_env: Path
) -> None:
    """After a page run the process's start-up objects (modules, content, Streamlit) are out
    of the collector's reach, so a full collection no longer walks them on an officer's click;
    later calls change nothing."""
    import gc

    from osai_procure.ui import services

    at = new_app().run()
    assert not at.exception
    frozen = gc.get_freeze_count()
    assert frozen > 10_000 and services._FROZEN.locked()
    services.freeze_start_up()
    assert gc.get_freeze_count() == frozen
