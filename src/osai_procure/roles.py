"""Who may do what: the agency's roles file loaded and checked, the signed-in principal, and the
one table of which role may make which change.

The store asks `RoleMap.authorise` before every write. Without a roles file there is no map
and the app runs in local single-officer mode: typed names, marked not authenticated.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from osai_procure.errors import ContentError, OsaiProcureError, Problem
from osai_procure.loading import did_you_mean, validate
from osai_procure.models.roles import ROLE_NAMES, RoleName, RolesFile
from osai_procure.yamlsafe import Loaded, load_bytes, load_file

ROLES_ENV = "OSAI_PROCURE_ROLES"
MAX_ROLES_BYTES = 1024 * 1024

# What a write is, for the permission table. Sign-offs are checked by the role signed.
Change = Literal["create", "edit", "export", "new_revision", "drill", "signoff"]

# Which roles may make which change. A sign-off needs the role it signs (preparer, reviewer
# or approver) and nothing else; auditors read and verify only.
PERMISSIONS: Mapping[Change, frozenset[RoleName]] = {
    "create": frozenset({"preparer", "administrator"}),
    "edit": frozenset({"preparer", "administrator"}),
    "export": frozenset({"preparer", "reviewer", "approver", "administrator"}),
    "new_revision": frozenset({"preparer", "administrator"}),
    "drill": frozenset({"preparer", "reviewer", "approver", "administrator"}),
    "signoff": frozenset(),
}


@dataclass(frozen=True)
class Principal:
    """Who acts: the identity a sign-in gives (e-mail, display name, groups), or a typed name
    (`authenticated` False), which proves nothing."""

    name: str
    email: str | None = None
    groups: tuple[str, ...] = ()
    authenticated: bool = False

    @property
    def identity(self) -> str:
        """What the history records as the actor: the e-mail when known, else the name."""
        return self.email or self.name

    @classmethod
    def typed(cls, name: str) -> Principal:
        """A name typed into the app (or given on a command line): not authenticated."""
        return cls(name=name)


@dataclass(frozen=True)
class Grants:
    """What a principal holds under the roles file."""

    roles: frozenset[RoleName] = frozenset()
    level: str | None = None


class PermissionDeniedError(OsaiProcureError):
    """The actor's roles do not allow this change."""

    def __init__(
        self,
        identity: str,
        change: str,
        allowed: Iterable[str],
        held: Iterable[str],
        reason: str = "",
        kind: Literal["role", "not_signed_in", "level"] = "role",
        levels: tuple[str, str] = ("", ""),
        code: str = "",
        params: Mapping[str, str] | None = None,
    ) -> None:
        self.identity = identity
        # A refusal worded in both languages elsewhere (`wording.DEPOSIT["denied.<code>"]`),
        # with its parameters; empty for the refusals worded from the fields above.
        self.code = code
        self.params: Mapping[str, str] = dict(params or {})
        self.change = change
        self.kind = kind
        # For `level`: the level the assessment needs and the approver's own (ids).
        self.levels = levels
        self.allowed = tuple(sorted(allowed))
        self.held = tuple(sorted(held))
        self.reason = reason
        roles = ", ".join(self.held) or "no role"
        why = reason or (
            f"{change} needs the role {' or '.join(self.allowed)}; {identity!r} holds {roles}"
            if self.allowed
            else f"{change} is not allowed to {identity!r}"
        )
        if self.held == ("auditor",) and not reason:
            why += " (an auditor reads and verifies only)"
        super().__init__(f"permission denied: {why}")


@dataclass(frozen=True)
class RoleMap:
    """The roles file, ready to answer who holds what."""

    file: RolesFile
    source: str
    _by_email: Mapping[str, tuple[int, ...]] = field(repr=False, default_factory=dict)

    @classmethod
    def of(cls, file: RolesFile, source: str = "<roles>") -> RoleMap:
        """Index a validated roles file."""
        by_email: dict[str, list[int]] = {}
        for index, member in enumerate(file.members):
            if member.email:
                by_email.setdefault(member.email.casefold(), []).append(index)
        return cls(file, source, {k: tuple(v) for k, v in by_email.items()})

    @property
    def separation_of_duties(self) -> bool:
        """Whether one identity may sign one role of a round only."""
        return self.file.separation_of_duties

    def rank(self, level: str) -> int:
        """A level's place in `approval_levels` (lowest 0); -1 for an unknown id."""
        ids = [lv.id for lv in self.file.approval_levels]
        return ids.index(level) if level in ids else -1

    def grants(self, principal: Principal) -> Grants:
        """The roles (and the highest approver level) the principal holds: nothing unless
        signed in, since a typed name could be anyone's."""
        if not principal.authenticated:
            return Grants()
        indexes = set(self._by_email.get((principal.email or "").casefold(), ()))
        groups = set(principal.groups)
        for index, member in enumerate(self.file.members):
            if member.group is not None and member.group in groups:
                indexes.add(index)
        roles: set[RoleName] = set()
        level: str | None = None
        for index in indexes:
            member = self.file.members[index]
            roles.update(member.roles)
            if member.approver_level and (
                level is None or self.rank(member.approver_level) > self.rank(level)
            ):
                level = member.approver_level
        return Grants(frozenset(roles), level)

    def authorise(self, principal: Principal, change: Change, role: str | None = None) -> Grants:
        """Check that the principal may make the change (for a sign-off: sign as `role`).

        Raises:
            PermissionDeniedError: not signed in, or no role that allows it.
        """
        grants = self.grants(principal)
        allowed: frozenset[str] = (
            frozenset({role}) if change == "signoff" and role else (PERMISSIONS[change])
        )
        what = f"signoff:{role}" if change == "signoff" else change
        if not principal.authenticated:
            raise PermissionDeniedError(
                principal.identity,
                what,
                allowed,
                (),
                f"{principal.identity!r} is not signed in; under the roles file {self.source} "
                "every change needs an officer who signed in",
                kind="not_signed_in",
            )
        if not grants.roles & allowed:
            raise PermissionDeniedError(principal.identity, what, allowed, grants.roles)
        return grants

    def command_line_principal(self, account: str | None, named: str | None = None) -> Principal:
        """The officer a command acts as: the one whose entry lists the operating-system
        account running it (`accounts`). The system vouches for the account; a name given on
        the command line (`named`, from `--actor`) proves nothing, so it must be that
        officer's e-mail or left out.

        Raises:
            PermissionDeniedError: no entry lists the account, or `named` is someone else;
                the message says how to name the officer.
        """
        member = next((m for m in self.file.members if account and account in m.accounts), None)
        if member is None or member.email is None:
            shown = account or "(none)"
            raise PermissionDeniedError(
                named or shown,
                "command_line",
                (),
                (),
                f"the command line acts as the operating-system account {shown!r}, which no "
                f"entry of the roles file {self.source} lists; add `accounts: [{shown}]` to "
                "your entry (the one with your e-mail) in that file, or make the change in the "
                "app after signing in (a name given with --actor proves nothing)",
                kind="not_signed_in",
                code="account_unlisted",
                params={"account": shown, "source": self.source},
            )
        if named and named.strip().casefold() != member.email.casefold():
            raise PermissionDeniedError(
                named,
                "command_line",
                (),
                (),
                f"--actor names {named!r}, but the account {account!r} acts as "
                f"{member.email!r} under the roles file {self.source}; leave out --actor or "
                "give that e-mail",
                kind="not_signed_in",
                code="actor_mismatch",
                params={
                    "named": named,
                    "account": account or "(none)",
                    "email": member.email,
                    "source": self.source,
                },
            )
        return Principal(name=account or member.email, email=member.email, authenticated=True)

    def check_level(self, principal: Principal, grants: Grants, required: object) -> None:
        """Check that an approver's level reaches the level the assessment records as needed
        (an answer that is no known level id asks nothing).

        Raises:
            PermissionDeniedError: the approver's level is lower.
        """
        if not isinstance(required, str) or self.rank(required) < 0:
            return
        held = self.rank(grants.level) if grants.level else -1
        if held >= self.rank(required):
            return
        labels = {lv.id: lv.label.en for lv in self.file.approval_levels}
        mine = labels.get(grants.level or "", "no level")
        raise PermissionDeniedError(
            principal.identity,
            "signoff:approver",
            ("approver",),
            grants.roles,
            f"the assessment is to be approved at the level {labels[required]!r} "
            f"({self.file.approver_level_question}); {principal.identity!r} approves at {mine!r}",
            kind="level",
            levels=(required, grants.level or ""),
        )


def os_account() -> str | None:
    """The operating-system account running this process, by its real user id (not `$USER`
    or `$LOGNAME`, which anyone may set); None where the system has no such accounts."""
    try:
        import pwd
    except ImportError:  # not a POSIX system
        return None
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a user id with no account entry (a bare container)
        return None


def _problem(
    loaded: Loaded, message: str, line: int | None, where: str, code: str, **params: str
) -> Problem:
    """A roles-file problem in English, with the code that words it in Japanese."""
    return Problem(loaded.file, message, line, where, code, tuple(sorted(params.items())))


def _member_problems(loaded: Loaded, model: RolesFile) -> list[Problem]:
    """What validation cannot see: one identity per entry, approver levels that exist."""
    problems = []
    levels = [lv.id for lv in model.approval_levels]
    listed = "、".join(f"「{level}」" for level in levels)
    seen_levels: set[str] = set()
    for index, level in enumerate(model.approval_levels):
        if level.id in seen_levels:
            problems.append(
                _problem(
                    loaded,
                    f"duplicate level {level.id!r}",
                    loaded.line_of(("approval_levels", index, "id")),
                    f"approval_levels[{level.id}]",
                    "roles.level_twice",
                    value=level.id,
                )
            )
        seen_levels.add(level.id)
    seen_emails: dict[str, int] = {}
    seen_accounts: dict[str, int] = {}
    for index, member in enumerate(model.members):
        loc: tuple[str | int, ...] = ("members", index)
        where = f"members[{index}]"
        line = loaded.line_of(loc)
        if member.accounts and member.email is None:
            problems.append(
                _problem(
                    loaded,
                    "`accounts` name the officer of an `email` entry; a group has no one officer",
                    loaded.line_of((*loc, "accounts")),
                    f"{where}.accounts",
                    "roles.accounts_need_email",
                )
            )
        for account in member.accounts:
            if account in seen_accounts:
                first = f"members[{seen_accounts[account]}]"
                problems.append(
                    _problem(
                        loaded,
                        f"the account {account!r} is listed already "
                        f"({first}); an account acts as one officer",
                        loaded.line_of((*loc, "accounts")),
                        f"{where}.accounts",
                        "roles.account_twice",
                        account=account,
                        first=first,
                    )
                )
            seen_accounts.setdefault(account, index)
        if (member.email is None) == (member.group is None):
            problems.append(
                _problem(
                    loaded,
                    "give exactly one of `email` and `group`",
                    line,
                    where,
                    "roles.email_or_group",
                )
            )
        if member.email is not None:
            folded = member.email.casefold()
            if "@" not in folded.strip("@"):
                problems.append(
                    _problem(
                        loaded,
                        f"{member.email!r} is not an e-mail address",
                        loaded.line_of((*loc, "email")),
                        f"{where}.email",
                        "roles.not_email",
                        value=member.email,
                    )
                )
            if folded in seen_emails:
                first = f"members[{seen_emails[folded]}]"
                problems.append(
                    _problem(
                        loaded,
                        f"{member.email!r} is listed already ({first}); "
                        "give it all its roles in one entry",
                        loaded.line_of((*loc, "email")),
                        f"{where}.email",
                        "roles.email_twice",
                        value=member.email,
                        first=first,
                    )
                )
            seen_emails.setdefault(folded, index)
        if "approver" in member.roles and member.approver_level is None:
            problems.append(
                _problem(
                    loaded,
                    f"an approver needs `approver_level`, one of: {', '.join(levels)}",
                    line,
                    where,
                    "roles.approver_needs_level",
                    levels=listed,
                )
            )
        if member.approver_level is not None:
            at = loaded.line_of((*loc, "approver_level"))
            if "approver" not in member.roles:
                problems.append(
                    _problem(
                        loaded,
                        "`approver_level` is for members with the role approver",
                        at,
                        f"{where}.approver_level",
                        "roles.level_without_approver",
                    )
                )
            elif member.approver_level not in levels:
                hint = did_you_mean(member.approver_level, levels)
                close = difflib.get_close_matches(member.approver_level, levels, n=1, cutoff=0.6)
                code = "roles.unknown_level.suggest" if close else "roles.unknown_level"
                problems.append(
                    _problem(
                        loaded,
                        f"unknown level {member.approver_level!r}{hint}; levels: "
                        f"{', '.join(levels)}",
                        at,
                        f"{where}.approver_level",
                        code,
                        value=member.approver_level,
                        levels=listed,
                        **({"suggestion": close[0]} if close else {}),
                    )
                )
        for dupe in {r for r in member.roles if member.roles.count(r) > 1}:
            problems.append(
                _problem(
                    loaded,
                    f"role {dupe!r} is listed twice",
                    loaded.line_of((*loc, "roles")),
                    f"{where}.roles",
                    "roles.role_twice",
                    role=dupe,
                )
            )
    return problems


def roles_from_loaded(loaded: Loaded) -> RoleMap:
    """Validate a loaded roles file.

    Raises:
        ContentError: every problem found, located.
    """
    model = validate(RolesFile, loaded)
    problems = _member_problems(loaded, model)
    if problems:
        raise ContentError(sorted(problems, key=lambda p: (p.line or 0, p.path)))
    return RoleMap.of(model, loaded.file)


def load_roles(path: Path) -> RoleMap:
    """Load and check a roles file (YAML or JSON) safely: size cap, no aliases, bounded depth.

    Raises:
        ContentError: unreadable, unsafe or invalid, with every problem located.
    """
    return roles_from_loaded(load_file(path, MAX_ROLES_BYTES))


def roles_from_bytes(raw: bytes, name: str) -> RoleMap:
    """Load a roles file from bytes (an upload, a test).

    Raises:
        ContentError: unsafe or invalid, with every problem located.
    """
    return roles_from_loaded(load_bytes(raw, name, MAX_ROLES_BYTES))


def configured_roles(environ: Mapping[str, str] | None = None) -> RoleMap | None:
    """The roles file named by `OSAI_PROCURE_ROLES`, or None (local single-officer mode).

    Raises:
        ContentError: the file is named but missing, unsafe or invalid: the app must not fall
            back to no roles, which would let everyone do everything.
    """
    value = (os.environ if environ is None else environ).get(ROLES_ENV, "").strip()
    if not value:
        return None
    try:
        return load_roles(Path(value))
    except ContentError as exc:
        raise ContentError([_named_file(problem) for problem in exc.problems]) from None


def _named_file(problem: Problem) -> Problem:
    """A roles file that is not there (or is a folder) says which setting names it and what
    to set; other problems as they are."""
    if problem.code not in ("read.not_found", "read.is_directory"):
        return problem
    message = (
        f"{problem.message}; {ROLES_ENV} names this file: set {ROLES_ENV} to the path of the "
        "agency's roles file"
    )
    return Problem(problem.file, message, None, "", "roles.not_found", (("env", ROLES_ENV),))


__all__ = [
    "PERMISSIONS",
    "ROLES_ENV",
    "ROLE_NAMES",
    "Change",
    "Grants",
    "PermissionDeniedError",
    "Principal",
    "RoleMap",
    "configured_roles",
    "load_roles",
    "os_account",
    "roles_from_bytes",
    "roles_from_loaded",
]
