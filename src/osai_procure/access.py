"""Who is signed in, for deployments behind a reverse proxy: the trusted-header mode, and
whether a deployment is shared (and so needs a login).

A proxy that authenticates officers can name them in a header (`OSAI_PROCURE_USER_HEADER`).
The header is believed only when the request came from the proxy: its peer address is in
`OSAI_PROCURE_TRUSTED_PROXIES`, or it carries the shared secret `OSAI_PROCURE_PROXY_SECRET` in
the `X-Osai-Proxy-Secret` header (which the proxy sets and clients cannot guess). With neither
configured the header is ignored: a client could otherwise name itself.
"""

from __future__ import annotations

import hmac
import ipaddress
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from osai_procure.errors import CodedError

USER_HEADER_ENV = "OSAI_PROCURE_USER_HEADER"
TRUSTED_PROXIES_ENV = "OSAI_PROCURE_TRUSTED_PROXIES"
PROXY_SECRET_ENV = "OSAI_PROCURE_PROXY_SECRET"
PROXY_SECRET_HEADER = "X-Osai-Proxy-Secret"
# Streamlit reports no address for a peer on the loopback interface.
_LOOPBACK_PEER = "127.0.0.1"


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """A request header by name, in any case."""
    wanted = name.casefold()
    for key, value in headers.items():
        if key.casefold() == wanted:
            return value
    return None


def _networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The comma-separated addresses or CIDR networks of `OSAI_PROCURE_TRUSTED_PROXIES`."""
    found = []
    for part in text.split(","):
        if part.strip():
            try:
                found.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                continue  # a typo trusts nothing; `proxy_settings_problems` reports it
    return found


def proxy_settings_problems(environ: Mapping[str, str]) -> list[str]:
    """What is wrong with the trusted-header settings, one message each (empty: fine)."""
    problems = []
    for part in environ.get(TRUSTED_PROXIES_ENV, "").split(","):
        if part.strip():
            try:
                ipaddress.ip_network(part.strip(), strict=False)
            except ValueError:
                problems.append(
                    f"{TRUSTED_PROXIES_ENV}: {part.strip()!r} is not an IP address or network"
                )
    if environ.get(USER_HEADER_ENV, "").strip() and not header_mode_secured(environ):
        problems.append(
            f"{USER_HEADER_ENV} is set, but neither {TRUSTED_PROXIES_ENV} nor "
            f"{PROXY_SECRET_ENV}: the header is ignored, since any client could send it"
        )
    return problems


def header_mode_secured(environ: Mapping[str, str]) -> bool:
    """Whether the trusted-header mode is on and tied to the proxy."""
    return bool(
        environ.get(USER_HEADER_ENV, "").strip()
        and (_networks(environ.get(TRUSTED_PROXIES_ENV, "")) or environ.get(PROXY_SECRET_ENV))
    )


def from_proxy(environ: Mapping[str, str], headers: Mapping[str, str], peer: str | None) -> bool:
    """Whether a request came through the configured proxy (secret header or peer address)."""
    secret = environ.get(PROXY_SECRET_ENV, "")
    sent = _header(headers, PROXY_SECRET_HEADER)
    if secret and sent is not None and hmac.compare_digest(sent.encode(), secret.encode()):
        return True
    networks = _networks(environ.get(TRUSTED_PROXIES_ENV, ""))
    if not networks:
        return False
    try:
        address = ipaddress.ip_address(peer or _LOOPBACK_PEER)
    except ValueError:
        return False
    return any(address in network for network in networks)


def trusted_header_value(
    environ: Mapping[str, str], headers: Mapping[str, str], peer: str | None
) -> str | None:
    """The officer named by the proxy's header, or None when the mode is off, the header is
    absent or the request did not come from the proxy."""
    name = environ.get(USER_HEADER_ENV, "").strip()
    if not name:
        return None
    value = _header(headers, name)
    if not value or not value.strip() or not from_proxy(environ, headers, peer):
        return None
    return value.strip()


UNAUTHENTICATED_ENV = "OSAI_PROCURE_UNAUTHENTICATED"
_LOOPBACK_NAMES = frozenset({"127.0.0.1", "::1", "localhost", "[::1]"})


def login_configured(secrets_files: Sequence[Path]) -> bool:
    """Whether Streamlit's OIDC login is configured: an `[auth]` table in a secrets file."""
    for path in secrets_files:
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if isinstance(data.get("auth"), dict) and data["auth"]:
            return True
    return False


def shared_deployment_problem(
    address: str, environ: Mapping[str, str], secrets_files: Sequence[Path], unauthenticated: bool
) -> CodedError | None:
    """Why the server must not start, or None: a shared deployment (any bind address other than
    loopback, or a server database) needs a login (OIDC, or the trusted header tied to the
    proxy) unless the operator explicitly chose an unauthenticated deployment. Worded in either
    language (`wording.ERRORS`, `serve.*`)."""
    database = environ.get("OSAI_PROCURE_DB_URL", "").strip()
    listens = address.strip() not in _LOOPBACK_NAMES
    server_database = bool(database) and not database.startswith("sqlite")
    if not listens and not server_database:
        return None
    if unauthenticated or environ.get(UNAUTHENTICATED_ENV, "").strip() == "1":
        return None
    if login_configured(secrets_files) or header_mode_secured(environ):
        return None
    if listens and server_database:
        return CodedError.coded("serve.shared_address_and_database", address=address)
    if listens:
        return CodedError.coded("serve.shared_address", address=address)
    return CodedError.coded("serve.shared_database")
