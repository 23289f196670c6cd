"""Keys, record signatures, PAdES, verification and the report/verify/keys commands."""

from __future__ import annotations

import base64
import io
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from osai_procure.cli import main
from osai_procure.cli_reports import load_signoff
from osai_procure.engine import evaluate
from osai_procure.errors import ContentError
from osai_procure.loading import ContentLibrary, load_answers, load_policy
from osai_procure.models.base import Lang
from osai_procure.models.report import SignOff
from osai_procure.render.record import canonical_record, record_document
from osai_procure.report import build_record
from osai_procure.signing import (
    NAMESPACE,
    KeySet,
    SigningError,
    default_key_dir,
    ensure_keys,
    export_public_key,
    export_reports,
    export_signed_document,
    fingerprint,
    generate_keys,
    load_keys,
    load_public_key,
    sign_record,
    verify_record,
    verify_report,
)
from osai_procure.signing.explain import three_questions
from tests.reports.helpers import (
    CONTENT,
    GENERATED_AT,
    MINI_POLICY,
    MIXED_ANSWERS,
    NOW,
    SIGNOFF_FILE,
    case_dirs,
    case_policy,
    make_keys,
    mini_library,
    mixed,
    shipped_library,
    signoff,
)

SIGNED_LANG = "ja"  # the `signed` fixture (conftest) renders the Japanese report


# -- keys ---------------------------------------------------------------------------------------


def test_generate_and_load_keys(tmp_path: Path) -> None:
    """Keys are created owner-only, load back, and export a matching public key."""
    made = generate_keys(tmp_path / "k", now=NOW, unencrypted=True)
    for name in ("record-signing-key.pem", "pdf-signing-key.pem"):
        mode = stat.S_IMODE((tmp_path / "k" / name).stat().st_mode)
        assert mode == 0o600, name
    loaded = load_keys(tmp_path / "k", unencrypted=True)
    assert loaded.fingerprint == made.fingerprint
    assert loaded.fingerprint.startswith("SHA256:") and len(loaded.fingerprint) == 71
    pem = export_public_key(loaded.public_key)
    assert fingerprint(load_public_key(pem)) == made.fingerprint
    raw = base64.b64encode(load_public_key(pem).public_bytes_raw())
    assert fingerprint(load_public_key(raw)) == made.fingerprint


def test_keys_are_never_created_in_a_repository(tmp_path: Path) -> None:
    """A key directory inside a git work tree is refused."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    with pytest.raises(SigningError, match="inside the git repository"):
        generate_keys(tmp_path / "repo" / "keys", now=NOW, unencrypted=True)
    assert not (tmp_path / "repo" / "keys").exists()


def test_existing_keys_are_not_overwritten(tmp_path: Path) -> None:
    """Generating twice in one directory is refused; ensure_keys creates once, then loads."""
    first = ensure_keys(tmp_path / "k", now=NOW, unencrypted=True)
    assert ensure_keys(tmp_path / "k", now=NOW, unencrypted=True).fingerprint == first.fingerprint
    with pytest.raises(SigningError, match="already exist"):
        generate_keys(tmp_path / "k", now=NOW, unencrypted=True)


def test_encrypted_keys_need_the_passphrase(tmp_path: Path) -> None:
    """A key made with a passphrase cannot be loaded without it or with a wrong one."""
    generate_keys(tmp_path / "k", now=NOW, passphrase=b"secret")
    with pytest.raises(SigningError, match="encrypted"):
        load_keys(tmp_path / "k")
    with pytest.raises(SigningError, match="wrong passphrase"):
        load_keys(tmp_path / "k", passphrase=b"nope")
    assert load_keys(tmp_path / "k", passphrase=b"secret").fingerprint


def test_default_key_dir_is_outside_the_repository(tmp_path: Path) -> None:
    """$OSAI_PROCURE_HOME, then $XDG_DATA_HOME, then ~/.local/share hold the keys."""
    home = tmp_path / "home"
    assert default_key_dir({"OSAI_PROCURE_HOME": "/srv/o"}, home) == Path("/srv/o/keys")
    assert default_key_dir({"XDG_DATA_HOME": "/x"}, home) == Path("/x/osai-procure/keys")
    assert default_key_dir({}, home) == home / ".local/share/osai-procure/keys"


# -- record signatures --------------------------------------------------------------------------


def test_sign_and_verify_a_record(keys: KeySet) -> None:
    """A signed record verifies with its key and names the key and the namespace."""
    bundle, answers, evaluation = mixed()
    payload = canonical_record(build_record(bundle, answers, evaluation, signoff(), GENERATED_AT))
    envelope = sign_record(payload, keys)
    assert envelope.namespace == NAMESPACE and envelope.key_fingerprint == keys.fingerprint
    checks = verify_record(payload, envelope, public_key=keys.public_key)
    assert [(c.name, c.status) for c in checks] == [
        ("record_digest", "pass"),
        ("record_signature", "pass"),
        ("signer_key", "pass"),
    ]


def test_wrong_key_is_named(keys: KeySet, tmp_path: Path) -> None:
    """Verifying with another approver's key fails as 'wrong key' with both fingerprints."""
    other = make_keys(tmp_path / "other")
    payload = b'{"a":1}'
    checks = verify_record(payload, sign_record(payload, keys), public_key=other.public_key)
    failure = next(c for c in checks if c.status == "fail")
    assert failure.problem == "wrong_key"
    assert keys.fingerprint in failure.detail and other.fingerprint in failure.detail


def test_namespace_binds_the_signature_to_its_purpose(keys: KeySet) -> None:
    """A signature for another purpose is refused, and relabelling it breaks the signature."""
    payload = b'{"a":1}'
    other = sign_record(payload, keys, namespace="osai-procure/something-else/v1")
    checks = verify_record(payload, other, public_key=keys.public_key)
    assert next(c for c in checks if c.status == "fail").problem == "wrong_purpose"
    relabelled = other.model_copy(update={"namespace": NAMESPACE})
    checks = verify_record(payload, relabelled, public_key=keys.public_key)
    assert next(c for c in checks if c.status == "fail").problem == "tampered"


def test_swapped_public_key_in_the_envelope_is_caught(keys: KeySet, tmp_path: Path) -> None:
    """An envelope whose embedded key was replaced fails even without a pinned key."""
    payload = b'{"a":1}'
    envelope = sign_record(payload, keys)
    stranger = base64.b64encode(Ed25519PrivateKey.generate().public_key().public_bytes_raw())
    forged = envelope.model_copy(update={"public_key": stranger.decode()})
    checks = verify_record(payload, forged)
    assert next(c for c in checks if c.status == "fail").problem == "tampered"


def test_an_unknown_signer_fails(keys: KeySet) -> None:
    """A valid signature by a key nobody trusts fails as an unknown signer, naming the key."""
    payload = b'{"a":1}'
    checks = verify_record(payload, sign_record(payload, keys))
    assert next(c for c in checks if c.name == "record_signature").status == "pass"
    signer = next(c for c in checks if c.name == "signer_key")
    assert signer.problem == "unknown_signer" and keys.fingerprint in signer.detail


# -- signed reports ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "json"])
def test_round_trip_every_format(kind: str, signed: dict[str, bytes], keys: KeySet) -> None:
    """Each signed format verifies: signature, digest, policy, re-evaluated verdicts."""
    result = verify_report(signed[kind], keys.public_key, library=mini_library())
    assert result.ok, result.checks
    assert result.kind == kind
    names = {c.name for c in result.checks if c.status == "pass"}
    assert {
        "record_digest",
        "record_signature",
        "signer_key",
        "policy",
        "questionnaires",
        "verdicts",
    } <= names
    if kind == "pdf":
        assert {"pdf_signature", "pdf_certificate"} <= names
    if kind == "xlsx":
        assert "workbook_content" in names, result.checks


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_signed_record_exports_again_carrying_the_same_record(
    lang: Lang, signed: dict[str, bytes], keys: KeySet
) -> None:
    """Rendering a record signed earlier (an approved revision) gives a PDF and a workbook in
    either language that carry exactly that record and verify."""
    again = export_signed_document(mixed()[0], signed["json"], lang=lang, keys=keys)
    assert again.document == signed["json"]
    for data in (again.pdf, again.xlsx):
        assert data is not None
        result = verify_report(data, keys.public_key, library=mini_library())
        assert result.ok, result.failures


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "json"])
def test_wrong_key_for_every_format(kind: str, signed: dict[str, bytes], tmp_path: Path) -> None:
    """Every format fails with 'wrong key' against another approver's public key."""
    other = make_keys(tmp_path / "other")
    result = verify_report(signed[kind], other.public_key, library=mini_library())
    assert not result.ok
    assert "wrong_key" in {c.problem for c in result.failures}


def test_unsigned_reports_do_not_verify() -> None:
    """Without --sign the record is attached and its digest shown, but verify says not signed."""
    bundle, answers, evaluation = mixed()
    result = export_reports(bundle, answers, evaluation, signoff(), GENERATED_AT, lang="en")
    for data in (result.pdf, result.xlsx, result.document):
        assert data is not None
        outcome = verify_report(data, library=mini_library())
        assert not outcome.ok
        assert "not_signed" in {c.problem for c in outcome.failures}


def test_signing_needs_an_approver(keys: KeySet) -> None:
    """The approver signs: signing without an approver in the sign-off is refused."""
    bundle, answers, evaluation = mixed()
    with pytest.raises(SigningError, match="approver"):
        export_reports(
            bundle,
            answers,
            evaluation,
            signoff(approver=None),
            GENERATED_AT,
            lang="ja",
            keys=keys,
            pdf=False,
            xlsx=False,
        )


def test_unknown_policy_version(signed: dict[str, bytes], keys: KeySet, tmp_path: Path) -> None:
    """A library without the recorded policy version fails as 'unknown policy version'."""
    result = verify_report(signed["json"], keys.public_key, library=shipped_library())
    failure = result.failures[0]
    assert failure.problem == "unknown_policy_version"
    assert "report_mini_policy version 2026.1" in failure.detail
    changed = tmp_path / "content"
    shutil.copytree(CONTENT, changed)
    policy = changed / "policies" / "report-mini.yaml"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("weight: 2", "weight: 3"), encoding="utf-8"
    )
    result = verify_report(
        signed["json"], keys.public_key, library=ContentLibrary.from_root(changed)
    )
    failure = result.failures[0]
    assert failure.problem == "unknown_policy_version"
    assert "version 2026.1, SHA-256" in failure.detail  # same version, another digest


def test_an_unperformed_verdict_is_explained_in_the_readers_language(
    signed: dict[str, bytes], keys: KeySet
) -> None:
    """When the recorded policy is not installed, the third answer says so in plain words in
    each language; the technical line stays with the check."""
    result = verify_report(signed["json"], keys.public_key, library=shipped_library())
    answer = three_questions(result)[2]
    assert answer.ok is None
    assert "再評価できませんでした" in answer.answer.ja and "ポリシーの版" in answer.answer.ja
    assert "report_mini_policy" not in answer.answer.ja + answer.answer.en
    assert "recorded policy version is not available" in answer.answer.en


def test_changed_questionnaire_is_reported(
    signed: dict[str, bytes], keys: KeySet, tmp_path: Path
) -> None:
    """A questionnaire edited after signing fails as 'content changed'."""
    changed = tmp_path / "content"
    shutil.copytree(CONTENT, changed)
    path = changed / "questionnaires" / "report-mini.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("概数でよい。", "概数で可。"), encoding="utf-8"
    )
    result = verify_report(
        signed["json"], keys.public_key, library=ContentLibrary.from_root(changed)
    )
    assert result.failures[0].problem == "content_changed"


def test_verdict_not_reproduced(keys: KeySet) -> None:
    """A validly signed record whose verdict the answers do not give is caught on re-evaluation."""
    bundle, answers, evaluation = mixed()
    forged = evaluation.model_copy(
        update={"osaid": evaluation.osaid.model_copy(update={"verdict": "open_source_ai"})}
    )
    record = build_record(bundle, answers, forged, signoff(), GENERATED_AT)
    document = record_document(record, sign_record(canonical_record(record), keys))
    result = verify_report(document, keys.public_key, library=mini_library())
    failure = result.failures[0]
    assert failure.problem == "verdict_not_reproduced"
    assert "OSAID verdict open_source_ai → not_open_source_ai" in failure.detail


@pytest.mark.system_tools("pdfsig", package="poppler-utils")
def test_ordinary_pdf_tools_see_a_valid_signature(signed: dict[str, bytes], tmp_path: Path) -> None:
    """poppler's pdfsig reports the PAdES signature as valid; pdfdetach lists the record."""
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed["pdf"])
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out and "Total document signed" in out
    listed = subprocess.run(
        ["pdfdetach", "-list", str(path)], capture_output=True, text=True
    ).stdout
    assert "assessment-record.json" in listed


def test_agency_certificate_can_sign_the_pdf(keys: KeySet, tmp_path: Path) -> None:
    """An agency's own certificate and key sign the PDF; the record names that certificate."""
    agency = make_keys(tmp_path / "agency")
    chosen = load_keys(
        keys.directory,
        pdf_key=agency.pdf_key_path,
        pdf_cert=agency.pdf_cert_path,
        unencrypted=True,
    )
    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang="en", keys=chosen, xlsx=False
    )
    assert result.pdf is not None
    outcome = verify_report(result.pdf, keys.public_key, library=mini_library())
    assert outcome.ok, outcome.checks
    assert result.report.seal is not None and result.report.seal.envelope is not None
    assert result.report.seal.envelope.pdf_certificate_sha256 == agency.pdf_certificate_sha256


def test_pdf_signed_with_an_unnamed_certificate_fails(keys: KeySet, tmp_path: Path) -> None:
    """Re-signing a PDF with another certificate than the record names is 'wrong key'."""
    from osai_procure.render.pdf import render_pdf
    from osai_procure.signing import sign_pdf

    bundle, answers, evaluation = mixed()
    result = export_reports(
        bundle, answers, evaluation, signoff(), GENERATED_AT, lang="en", keys=keys, xlsx=False
    )
    stranger = make_keys(tmp_path / "stranger")
    resigned = sign_pdf(render_pdf(result.report, "en"), result.document, stranger, reason="x")
    outcome = verify_report(resigned, keys.public_key, library=mini_library())
    assert "wrong_key" in {c.problem for c in outcome.failures}


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_shipped_cases_sign_and_reproduce(case: Path, keys: KeySet) -> None:
    """Every golden case with the shipped policies signs and re-performs its verdicts."""
    library = shipped_library()
    bundle = load_policy(case_policy(case), library)
    answers = load_answers(case / "answers.yaml", bundle)
    result = export_reports(
        bundle,
        answers,
        evaluate(bundle, answers),
        signoff(),
        GENERATED_AT,
        lang="en",
        keys=keys,
        pdf=False,
        xlsx=False,
    )
    outcome = verify_report(result.document, keys.public_key, library=library)
    assert outcome.ok, outcome.failures


# -- the commands -------------------------------------------------------------------------------


def _main(*argv: str) -> int:
    """Run the real `osai-procure` entry point with these arguments."""
    return main(list(argv))


def test_cli_report_sign_verify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """report --sign writes three files; verify accepts each; keys export/fingerprint agree."""
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    out = {k: tmp_path / f"r.{k}" for k in ("pdf", "xlsx", "json")}
    code = _main(
        "report",
        str(MIXED_ANSWERS),
        "--policy",
        str(MINI_POLICY),
        "--pdf",
        str(out["pdf"]),
        "--xlsx",
        str(out["xlsx"]),
        "--json",
        str(out["json"]),
        "--lang",
        "en",
        "--sign",
        "--signoff",
        str(SIGNOFF_FILE),
        "--generated-at",
        GENERATED_AT,
    )
    assert code == 0
    assert (tmp_path / "home" / "keys" / "record-signing-key.pem").exists()
    assert _main("keys", "export", "-o", str(tmp_path / "pub.pem")) == 0
    capsys.readouterr()
    assert _main("keys", "fingerprint", "--public-key", str(tmp_path / "pub.pem")) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("SHA256:")
    for path in out.values():
        code = _main(
            "verify",
            str(path),
            "--public-key",
            str(tmp_path / "pub.pem"),
            "--policies",
            str(CONTENT / "policies"),
        )
        text = capsys.readouterr().out
        assert code == 0, text
        assert "PASS Verdicts re-computed: Confirmed." in text and printed in text


def test_cli_verify_fails_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify exits non-zero and prints the precise reason when a check fails."""
    monkeypatch.setenv("OSAI_PROCURE_HOME", str(tmp_path / "home"))
    target = tmp_path / "r.json"
    assert (
        _main(
            "report",
            str(MIXED_ANSWERS),
            "--policy",
            str(MINI_POLICY),
            "--json",
            str(target),
            "--sign",
            "--signoff",
            str(SIGNOFF_FILE),
        )
        == 0
    )
    data = bytearray(target.read_bytes())
    data[data.index(b'"non_compliant"') + 1] ^= 0x01
    target.write_bytes(bytes(data))
    capsys.readouterr()
    assert _main("verify", str(target), "--policies", str(CONTENT)) == 1
    captured = capsys.readouterr()
    assert "NOT VERIFIED: It cannot be read as an assessment record" in captured.err
    assert "(tampered" in captured.err


def test_cli_errors_are_messages_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad input gives a one-line message on stderr and exit code 2."""
    assert (
        _main(
            "report",
            str(MIXED_ANSWERS),
            "--policy",
            str(tmp_path / "none.yaml"),
            "--json",
            str(tmp_path / "x.json"),
        )
        == 2
    )
    assert "cannot read the file" in capsys.readouterr().err
    assert _main("report", str(MIXED_ANSWERS), "--policy", str(MINI_POLICY)) == 2
    assert "nothing to write" in capsys.readouterr().err
    assert _main("keys", "fingerprint", "--key-dir", str(tmp_path / "empty")) == 2
    assert "keys generate" in capsys.readouterr().err


def test_signoff_file_errors_are_located(tmp_path: Path) -> None:
    """A bad sign-off file reports the file, line and key path."""
    path = tmp_path / "signoff.yaml"
    path.write_text(
        "schema_version: 1\napprover:\n  name: X\n  date: 12/05/2026\n  decision: approved\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        load_signoff(path)
    assert "YYYY-MM-DD" in str(info.value) and str(path) in str(info.value)
    good = load_signoff(SIGNOFF_FILE)
    assert isinstance(good, SignOff) and good.entry("approver") is not None
    assert yaml.safe_load(SIGNOFF_FILE.read_text(encoding="utf-8"))["schema_version"] == 1


def test_pdf_bytes_start_as_the_unsigned_render(signed: dict[str, bytes]) -> None:
    """Signing only appends: the signed PDF starts with a complete unsigned revision."""
    data = signed["pdf"]
    first_eof = data.index(b"%%EOF")
    assert data.startswith(b"%PDF-") and first_eof < len(data) - 200
    assert io.BytesIO(data).read(5) == b"%PDF-"
