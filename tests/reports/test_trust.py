"""Trust: who signed a report, as the agency's trust store (not the uploader) decides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osai_procure.cli import main
from osai_procure.errors import ContentError
from osai_procure.models.report import NOT_AUTHENTICATED
from osai_procure.signing import KeySet, export_public_key, export_reports, verify_report
from osai_procure.signing.explain import three_questions
from osai_procure.signing.trust import TrustStore, load_trust_store
from tests.reports.helpers import (
    CONTENT,
    GENERATED_AT,
    MINI_POLICY,
    MIXED_ANSWERS,
    SIGNOFF_FILE,
    make_keys,
    mini_library,
    mixed,
    signoff,
)

FORGED = {
    "name": "山田 花子",
    "title": "デジタル大臣 (forged)",
    "organisation": "デジタル庁",
    "date": "2026-05-12",
    "decision": "approved",
}


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> KeySet:
    """The agency installation's keys."""
    return make_keys(tmp_path_factory.mktemp("agency") / "keys")


@pytest.fixture(scope="module")
def forged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A report signed a minute ago by somebody else's fresh key, one name in all three roles."""
    keys = make_keys(tmp_path_factory.mktemp("mallory") / "keys")
    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle,
        answers,
        evaluation,
        signoff(preparer=FORGED, reviewer=FORGED, approver=FORGED),
        GENERATED_AT,
        lang="ja",
        keys=keys,
    )
    assert result.pdf is not None and result.xlsx is not None
    return {"pdf": result.pdf, "xlsx": result.xlsx, "json": result.document}


def _trust_file(directory: Path, keys: KeySet, **extra: str) -> Path:
    """A trust file pinning `keys` as the approver key of the digital agency."""
    pem = export_public_key(keys.public_key).decode("ascii")
    indented = "\n".join("      " + line for line in pem.strip().splitlines())
    lines = [
        "schema_version: 1",
        "keys:",
        "  - public_key: |",
        indented,
        "    signer: 佐藤 一郎",
        "    organisation: デジタル庁 調達課",
        *(f"    {k}: {v}" for k, v in extra.items()),
    ]
    path = directory / "trust.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "json"])
def test_a_forged_signer_is_red_in_every_format(
    kind: str, forged: dict[str, bytes], agency: KeySet
) -> None:
    """A report signed by a key the installation does not trust is unchanged but not verified."""
    trust = load_trust_store(None, key_dir=agency.directory)
    result = verify_report(forged[kind], library=mini_library(), trust=trust)
    assert not result.ok
    assert [c.problem for c in result.failures] == ["unknown_signer"]
    unchanged, signer, reperformed = three_questions(result)
    assert (unchanged.ok, signer.ok, reperformed.ok) == (True, False, True)
    assert "unknown key" in signer.answer.en and "不明な鍵" in signer.answer.ja


def test_a_forged_and_altered_workbook_leads_with_the_alteration(
    forged: dict[str, bytes], agency: KeySet
) -> None:
    """A workbook both signed by an unknown key and changed afterwards says first that it was
    changed, and where, and then that the signer is unknown."""
    from io import BytesIO

    from openpyxl import load_workbook

    from osai_procure.signing.explain import explain

    book = load_workbook(BytesIO(forged["xlsx"]))
    sheet = book.worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str))
    cell.value = f"{cell.value} (altered)"
    altered = BytesIO()
    book.save(altered)
    trust = load_trust_store(None, key_dir=agency.directory)
    result = verify_report(altered.getvalue(), library=mini_library(), trust=trust)
    assert [c.problem for c in result.failures] == ["tampered", "unknown_signer"]
    assert result.reason.startswith("tampered")
    reason = explain(result).reason
    assert f"「{sheet.title}」シート{cell.row}行目" in reason.ja
    assert "信頼していない" not in reason.ja


def test_the_installations_own_key_is_trusted_here(agency: KeySet) -> None:
    """A report this installation signed verifies here with no key given."""
    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang="en", keys=agency, pdf=False
    )
    trust = load_trust_store(None, key_dir=agency.directory)
    outcome = verify_report(result.document, library=mini_library(), trust=trust)
    assert outcome.ok, outcome.failures
    assert outcome.signer is not None and outcome.signer.source == "installation"
    assert "own signing key" in three_questions(outcome)[1].answer.en


def test_a_pinned_key_names_its_holder_and_organisation(
    forged: dict[str, bytes], tmp_path: Path
) -> None:
    """A key pinned in the trust file is answered as the signer and organisation it names."""
    keys = make_keys(tmp_path / "approver")
    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang="en", keys=keys, pdf=False
    )
    trust = load_trust_store(_trust_file(tmp_path, keys), key_dir=None)
    outcome = verify_report(result.document, library=mini_library(), trust=trust)
    assert outcome.ok, outcome.failures
    answer = three_questions(outcome)[1].answer
    assert "A trusted key of 佐藤 一郎, デジタル庁 調達課." in answer.en
    assert "Named as approver: 佐藤 一郎" in answer.en
    assert not verify_report(forged["json"], library=mini_library(), trust=trust).ok


def test_a_retired_key_still_verifies_and_is_marked(tmp_path: Path) -> None:
    """Records signed with a key since retired keep verifying; the answer says it is retired."""
    keys = make_keys(tmp_path / "old")
    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang="en", keys=keys, pdf=False
    )
    trust = load_trust_store(_trust_file(tmp_path, keys, retired='"2027-04-01"'), key_dir=None)
    outcome = verify_report(result.document, library=mini_library(), trust=trust)
    assert outcome.ok
    assert "retired on 2027-04-01" in three_questions(outcome)[1].answer.en
    assert "2027-04-01 に退役済み" in three_questions(outcome)[1].answer.ja


def test_a_malformed_trust_file_is_located(tmp_path: Path) -> None:
    """A trust file with a bad key or an unknown field fails with every problem located."""
    path = tmp_path / "trust.yaml"
    path.write_text(
        "schema_version: 1\nkeys:\n  - public_key: bm90IGEga2V5\n    signer: x\n"
        "    organisation: y\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_trust_store(path)
    assert str(caught.value.problems[0]).startswith(
        f"{path}:3: keys.0.public_key: not an Ed25519 public key"
    )
    path.write_text("schema_version: 1\nkeyz: []\n", encoding="utf-8")
    with pytest.raises(ContentError, match="keyz"):
        load_trust_store(path)


def test_pdf_anchor_required_and_missing(forged: dict[str, bytes], agency: KeySet) -> None:
    """With anchors required, a PDF certificate that chains to none is an unknown signer even
    when the auditor trusts the record key."""
    from osai_procure.signing.trust import _installation

    _, anchors = _installation(agency.directory)
    trust = TrustStore({}, anchors, True, "test anchors")
    result = verify_report(forged["pdf"], library=mini_library(), trust=trust)
    pdf_signer = next(c for c in result.checks if c.name == "pdf_signer")
    assert pdf_signer.problem == "unknown_signer"


def test_pdf_certificate_chaining_to_an_anchor_passes(agency: KeySet) -> None:
    """A PDF whose certificate chains to a configured X.509 anchor names the anchor's store."""
    from osai_procure.signing.trust import _installation

    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang="en", keys=agency, xlsx=False
    )
    assert result.pdf is not None
    signers, anchors = _installation(agency.directory)
    trust = TrustStore(signers, anchors, True, "test anchors")
    outcome = verify_report(result.pdf, library=mini_library(), trust=trust)
    assert outcome.ok, outcome.failures
    check = next(c for c in outcome.checks if c.name == "pdf_signer")
    assert check.status == "pass" and "chains to a trust anchor" in check.detail


def test_cli_unknown_signer_exits_non_zero_unless_the_key_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """CLI verify of another installation's report exits 1 naming the unknown key; with that
    installation's public key given explicitly it exits 0."""
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "signer"))
    target = tmp_path / "r.json"
    args = ["report", str(MIXED_ANSWERS), "--policy", str(MINI_POLICY), "--json", str(target)]
    assert main([*args, "--sign", "--signoff", str(SIGNOFF_FILE)]) == 0
    assert main(["keys", "export", "-o", str(tmp_path / "signer.pem")]) == 0
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "auditor"))
    capsys.readouterr()
    assert main(["verify", str(target), "--policies", str(CONTENT)]) == 1
    out = capsys.readouterr()
    assert "[NO] Who signed it?" in out.out and "An unknown key (SHA256:" in out.out
    assert "NOT VERIFIED: It was signed with a key this installation does not trust" in out.err
    assert "(unknown signer" in out.err
    assert main(["verify", str(target), "--policies", str(CONTENT), "--lang", "ja"]) == 1
    out = capsys.readouterr()
    assert "問題あり 署名者の鍵（信頼済みか）：この環境が信頼していない鍵" in out.out
    assert "確認した項目：" in out.out and "checks:" not in out.out
    assert "検証できません：この環境が信頼していない鍵で署名されています。" in out.err
    assert "（不明な署名者：署名した鍵 SHA256:" in out.err and "unknown signer" not in out.err
    key = str(tmp_path / "signer.pem")
    assert main(["verify", str(target), "--policies", str(CONTENT), "--public-key", key]) == 0
    assert "[yes] Who signed it?" in capsys.readouterr().out


def test_typed_names_are_marked_not_authenticated_on_verify(
    agency: KeySet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record whose preparer typed a name (the record's mark) says so under 'who signed
    it', in both languages, and the CLI's JSON lists that sign-off; signed-in names are not
    listed."""
    typed = {
        "name": "山田 花子",
        "title": "主査",
        "organisation": "デジタル庁",
        "date": "2026-05-10",
        "decision": "approved",
        "comment": f"確認した。\n{NOT_AUTHENTICATED}",
    }
    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle, answers, evaluation, signoff(preparer=typed), GENERATED_AT, lang="ja", keys=agency
    )
    target = tmp_path / "typed.json"
    target.write_bytes(result.document)
    outcome = verify_report(target, agency.public_key, library=mini_library())
    answer = three_questions(outcome)[1].answer
    assert answer.ja.endswith("認証なし（ログインせずに入力された氏名）：作成者 山田 花子。")
    assert answer.en.endswith(
        "Not authenticated (names typed without signing in): preparer 山田 花子."
    )
    pem = tmp_path / "agency.pem"
    pem.write_bytes(export_public_key(agency.public_key))
    capsys.readouterr()
    main(
        [
            "verify",
            str(target),
            "--policies",
            str(CONTENT),
            "--public-key",
            str(pem),
            "--format",
            "json",
        ]
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed["not_authenticated"] == [{"role": "preparer", "name": "山田 花子"}]
