"""A small but real OpenID Connect provider on localhost, for the sign-in browser test.

It speaks the authorization-code flow the way Streamlit's login (Authlib) uses it: discovery,
an authorization page where the officer types the e-mail and groups to sign in as, a token
endpoint that checks the client secret, the redirect URI and the PKCE verifier (S256), RS256
ID tokens with the nonce, and the signing key as a JWKS. The JOSE work (keys, JWKS, signed
tokens) is joserfc's and the PKCE challenge Authlib's, the libraries Streamlit's login uses on
the other side; only the endpoints' plumbing is written here.

Why not `oidc-provider-mock` (PyPI 0.4.8): it requires Python 3.12 or newer (its code uses the
PEP 695 generic syntax), and this project runs and locks on Python 3.11.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "osai-procure-test"
CLIENT_SECRET = secrets.token_urlsafe(24)


@dataclass
class Provider:
    """The provider's state: its key, pending codes and what happened."""

    issuer: str = ""
    key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(
            2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"}
        )
    )
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    issued: list[dict[str, Any]] = field(default_factory=list)

    def jwks(self) -> dict[str, Any]:
        """The public signing key."""
        return dict(KeySet([self.key]).as_dict(private=False))

    def id_token(self, claims: dict[str, Any]) -> str:
        """An RS256-signed ID token."""
        return jwt.encode({"alg": "RS256", "kid": "k1", "typ": "JWT"}, claims, self.key)

    def metadata(self) -> dict[str, Any]:
        """The discovery document."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    """The request handler bound to one provider."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test reads `provider.issued` instead."""

        def _send(self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict[str, Any]) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.metadata())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    self._json(400, {"error": "unauthorized_client"})
                    return
                hidden = "".join(
                    f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                    for k, v in query.items()
                )
                page = (
                    "<!doctype html><title>Test provider</title><form method=post "
                    'action="/authorize">' + hidden + '<label>E-mail <input name="login_email" '
                    'id="email"></label><label>Name <input name="login_name" id="name"></label>'
                    '<label>Groups <input name="login_groups" id="groups"></label>'
                    '<button id="signin" type=submit>Sign in</button></form>'
                )
                self._send(200, page.encode(), "text/html; charset=utf-8")
            else:
                self._json(404, {"error": "not_found"})

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            return dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))

        def do_POST(self) -> None:
            form = self._form()
            if self.path == "/authorize":
                code = secrets.token_urlsafe(16)
                provider.codes[code] = form
                target = form["redirect_uri"]
                glue = "&" if "?" in target else "?"
                query = urllib.parse.urlencode({"code": code, "state": form.get("state", "")})
                self._send(302, b"", "text/plain", {"Location": f"{target}{glue}{query}"})
                return
            if self.path != "/token":
                self._json(404, {"error": "not_found"})
                return
            client_id, client_secret = form.get("client_id"), form.get("client_secret")
            basic = self.headers.get("Authorization", "")
            if basic.startswith("Basic "):
                decoded = base64.b64decode(basic[6:]).decode()
                pair = [urllib.parse.unquote(p) for p in decoded.split(":", 1)]
                client_id, client_secret = pair[0], pair[1]
            pending = provider.codes.pop(form.get("code", ""), None)
            if (client_id, client_secret) != (CLIENT_ID, CLIENT_SECRET):
                self._json(401, {"error": "invalid_client"})
                return
            if pending is None or pending["redirect_uri"] != form.get("redirect_uri"):
                self._json(400, {"error": "invalid_grant"})
                return
            if "code_challenge" in pending:
                verifier = form.get("code_verifier", "")
                if create_s256_code_challenge(verifier) != pending["code_challenge"]:
                    self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
                    return
            now = int(time.time())
            claims: dict[str, Any] = {
                "iss": provider.issuer,
                "aud": CLIENT_ID,
                "sub": hashlib.sha256(pending["login_email"].encode()).hexdigest()[:16],
                "email": pending["login_email"],
                "email_verified": True,
                "name": pending.get("login_name") or pending["login_email"],
                "iat": now,
                "exp": now + 600,
            }
            groups = [g for g in pending.get("login_groups", "").split(",") if g.strip()]
            if groups:
                claims["groups"] = [g.strip() for g in groups]
            if "nonce" in pending:
                claims["nonce"] = pending["nonce"]
            provider.issued.append(claims)
            self._json(
                200,
                {
                    "access_token": secrets.token_urlsafe(16),
                    "token_type": "Bearer",
                    "expires_in": 600,
                    "id_token": provider.id_token(claims),
                },
            )

    return Handler


@contextmanager
def running_provider() -> Iterator[Provider]:
    """A provider listening on a free port of 127.0.0.1 until the block ends."""
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
