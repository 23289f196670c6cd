"""The roles file: loaded safely, every problem located, identities matched to roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from osai_procure.errors import ContentError
from osai_procure.roles import (
    PermissionDeniedError,
    Principal,
    configured_roles,
    load_roles,
    roles_from_bytes,
)

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
schema_version: 1
members:
  - email: Hanako.Yamada@example.go.jp
    roles: [preparer]
  - group: osai-reviewers
    roles: [reviewer]
  - email: caio@example.go.jp
    roles: [approver]
    approver_level: caio
  - group: audit-office
    roles: [auditor]
"""


def problems(text: str) -> list[str]:
    """The located problems of a roles file given as text."""
    with pytest.raises(ContentError) as raised:
        roles_from_bytes(text.encode(), "roles.yaml")
    return [str(p) for p in raised.value.problems]


def signed_in(email: str, *groups: str) -> Principal:
    """A signed-in officer."""
    return Principal(name=email.split("@")[0], email=email, groups=groups, authenticated=True)


def test_the_shipped_example_loads() -> None:
    """roles.example.yaml (the one docs/access.md points to) is a valid roles file."""
    roles = load_roles(ROOT / "roles.example.yaml")
    assert roles.separation_of_duties
    caio = roles.grants(signed_in("caio@example.go.jp"))
    assert caio.roles == {"approver"}
    assert caio.level == "caio"


def test_identities_get_roles_by_email_and_by_group() -> None:
    """An e-mail matches without case; a group from the sign-in's claim matches exactly."""
    roles = roles_from_bytes(BASE.encode(), "roles.yaml")
    assert roles.grants(signed_in("hanako.yamada@EXAMPLE.go.jp")).roles == {"preparer"}
    both = roles.grants(signed_in("hanako.yamada@example.go.jp", "osai-reviewers"))
    assert both.roles == {"preparer", "reviewer"}
    assert roles.grants(signed_in("x@example.go.jp", "OSAI-REVIEWERS")).roles == frozenset()


def test_a_typed_name_holds_no_role() -> None:
    """A name typed into the app could be anyone's: it gets nothing, even a listed e-mail."""
    roles = roles_from_bytes(BASE.encode(), "roles.yaml")
    typed = Principal(name="Hanako.Yamada@example.go.jp", email="Hanako.Yamada@example.go.jp")
    assert roles.grants(typed).roles == frozenset()
    with pytest.raises(PermissionDeniedError) as refused:
        roles.authorise(typed, "edit")
    assert refused.value.kind == "not_signed_in"


def test_an_auditor_is_refused_every_change() -> None:
    """The auditor role allows no write at all, and the refusal says so."""
    roles = roles_from_bytes(BASE.encode(), "roles.yaml")
    auditor = signed_in("kansa@example.go.jp", "audit-office")
    for change in ("create", "edit", "export", "new_revision", "drill"):
        with pytest.raises(PermissionDeniedError) as refused:
            roles.authorise(auditor, change)
        assert refused.value.held == ("auditor",)
        assert "an auditor reads and verifies only" in str(refused.value)
    for role in ("preparer", "reviewer", "approver"):
        with pytest.raises(PermissionDeniedError):
            roles.authorise(auditor, "signoff", role)


def test_the_approver_level_is_ranked_in_the_files_order() -> None:
    """An approver approves up to their level: a division head cannot approve what needs
    the CAIO; the CAIO can approve what needs a division head."""
    text = BASE + "  - email: kacho@example.go.jp\n    roles: [approver]\n"
    text += "    approver_level: division_head\n"
    roles = roles_from_bytes(text.encode(), "roles.yaml")
    kacho = signed_in("kacho@example.go.jp")
    caio = signed_in("caio@example.go.jp")
    with pytest.raises(PermissionDeniedError) as refused:
        roles.check_level(kacho, roles.grants(kacho), "caio")
    assert refused.value.kind == "level"
    assert refused.value.levels == ("caio", "division_head")
    roles.check_level(caio, roles.grants(caio), "division_head")
    roles.check_level(kacho, roles.grants(kacho), "unknown")  # not a level: nothing asked


def test_every_problem_is_reported_with_its_line() -> None:
    """Mistakes in members are all reported at once, each at its line, with a did-you-mean."""
    text = """\
schema_version: 1
members:
  - email: a@example.go.jp
    group: both
    roles: [preparer]
  - email: b@example.go.jp
    roles: [approver]
  - email: c@example.go.jp
    roles: [approver]
    approver_level: director_gneral
"""
    assert problems(text) == [
        "roles.yaml:3: members[0]: give exactly one of `email` and `group`",
        "roles.yaml:6: members[1]: an approver needs `approver_level`, one of: division_head, "
        "director_general, cio, caio",
        "roles.yaml:10: members[2].approver_level: unknown level 'director_gneral' "
        "(did you mean 'director_general'?); levels: division_head, director_general, cio, caio",
    ]
    misspelt = "schema_version: 1\nmembers:\n  - email: a@example.go.jp\n    roles: [reviewr]\n"
    assert problems(misspelt) == [
        "roles.yaml:4: members[0].roles[0]: 'reviewr' is not allowed; expected 'preparer', "
        "'reviewer', 'approver', 'auditor' or 'administrator' (did you mean 'reviewer'?)",
    ]


def test_unknown_keys_and_a_duplicate_identity_are_located() -> None:
    """A misspelt key gets a did-you-mean; one e-mail listed twice is reported."""
    text = BASE + "  - email: hanako.yamada@example.go.jp\n    roles: [reviewer]\n"
    assert problems(text) == [
        "roles.yaml:12: members[4].email: 'hanako.yamada@example.go.jp' is listed already "
        "(members[0]); give it all its roles in one entry"
    ]
    misspelt = BASE.replace("schema_version: 1\n", "schema_version: 1\nseparation_of_dutys: no\n")
    assert problems(misspelt) == [
        "roles.yaml:2: separation_of_dutys: unknown key 'separation_of_dutys' "
        "(did you mean 'separation_of_duties'?)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x [1]\nb: *x\n", "YAML aliases (*name) and merge keys are not allowed"),
        ("members: " + "[" * 100 + "]" * 100 + "\n", "nesting"),
        ("schema_version: !!python/object/apply:os.system [echo]\n", "unsupported YAML tag"),
        ("schema_version: " + "9" * 5000 + "\n", "digits"),
        ("- just a list\n", "the top level must be a mapping of keys"),
    ],
    ids=["alias", "deep", "python-tag", "huge-number", "not-a-mapping"],
)
def test_hostile_yaml_is_refused_with_a_message(text: str, expected: str) -> None:
    """Aliases, deep nesting, Python tags, huge numbers: a located message, nothing run."""
    found = problems(text)
    assert any(expected in p for p in found), found
    assert all(p.startswith("roles.yaml") for p in found)


def test_a_named_but_missing_file_is_an_error_not_local_mode(tmp_path: Path) -> None:
    """OSAI_PROCURE_ROLES naming a missing file refuses, rather than letting everyone write."""
    assert configured_roles({}) is None
    with pytest.raises(ContentError) as raised:
        configured_roles({"OSAI_PROCURE_ROLES": str(tmp_path / "nope.yaml")})
    assert "cannot read the file" in str(raised.value)


def test_the_example_in_docs_access_is_valid() -> None:
    """The roles file shown in docs/access.md loads, and the CAIO approves at caio."""
    text = (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    roles = roles_from_bytes(block.encode(), "docs/access.md")
    assert roles.grants(signed_in("caio@example.go.jp")).level == "caio"


ACCOUNTS = BASE.replace(
    "    roles: [preparer]\n", "    roles: [preparer]\n    accounts: [hanako, svc-drill]\n", 1
)


def test_a_listed_account_acts_as_its_officer_on_the_command_line() -> None:
    """The account running a command acts as the officer whose entry lists it, signed in by
    the system, and `--actor` may only repeat that officer's e-mail."""
    roles = roles_from_bytes(ACCOUNTS.encode(), "roles.yaml")
    officer = roles.command_line_principal("svc-drill")
    assert (officer.identity, officer.authenticated) == ("Hanako.Yamada@example.go.jp", True)
    assert roles.grants(officer).roles == {"preparer"}
    assert roles.command_line_principal("hanako", "hanako.yamada@EXAMPLE.go.jp") == (
        roles.command_line_principal("hanako")
    )


@pytest.mark.parametrize(
    ("account", "named", "expected"),
    [
        ("root", None, "add `accounts: [root]` to your entry"),
        (None, "hanako", "the operating-system account '(none)'"),
        ("hanako", "caio@example.go.jp", "--actor names 'caio@example.go.jp'"),
    ],
    ids=["unlisted", "no-account", "other-officer"],
)
def test_an_account_the_file_does_not_bind_is_refused_saying_how(
    account: str | None, named: str | None, expected: str
) -> None:
    """An unlisted account, no account, or --actor naming someone else: refused, and the
    message says how to name the officer (the entry's `accounts`)."""
    roles = roles_from_bytes(ACCOUNTS.encode(), "roles.yaml")
    with pytest.raises(PermissionDeniedError) as refused:
        roles.command_line_principal(account, named)
    assert refused.value.kind == "not_signed_in"
    assert expected in str(refused.value)


def test_accounts_belong_to_one_email_entry_each() -> None:
    """`accounts` on a group entry, or an account listed twice, are problems at their lines;
    so is a name that is no login name."""
    text = ACCOUNTS.replace(
        "    roles: [reviewer]\n", "    roles: [reviewer]\n    accounts: [x]\n"
    ).replace("approver_level: caio\n", "approver_level: caio\n    accounts: [hanako]\n")
    found = problems(text)
    assert any(
        p.startswith("roles.yaml:8: members[1].accounts: `accounts` name the officer of an")
        for p in found
    ), found
    assert any("'hanako' is listed already (members[0])" in p for p in found), found
    spaced = problems(ACCOUNTS.replace("svc-drill", "svc drill"))
    assert [p.split(": ")[:2] for p in spaced] == [["roles.yaml:5", "members[0].accounts[1]"]]
