"""The seamless-mode assertion: a short-lived RS256 JWT the backend trades for IBAL tokens.

The claims are fixed by docs/protocol.md ("Open edX sign-in"); the backend holds only
the public key, as a JWK whose ``kid`` is the RFC 7638 thumbprint computed here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from dataclasses import dataclass

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

# The backend refuses anything longer; shorter would only hurt learners with skewed clocks.
ASSERTION_LIFETIME_SECONDS = 60


@dataclass(frozen=True)
class Learner:
    """The signed-in learner, as the LMS knows them."""

    anonymous_id: str
    username: str
    full_name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class CourseContext:
    """Where the block sits and which chatflow it talks to."""

    course_id: str
    block_id: str
    chatflow_id: str


class InvalidSigningKey(ValueError):
    """The configured private key is not a usable RSA key in PEM format."""


def load_signing_key(private_key_pem: str) -> RSAPrivateKey:
    """Parse the PEM private key; raise InvalidSigningKey (never echoing the key) when it is unusable."""
    try:
        key = load_pem_private_key(private_key_pem.encode(), password=None)
    except (ValueError, TypeError) as error:
        raise InvalidSigningKey("the assertion private key is not a PEM-encoded private key") from error
    if not isinstance(key, RSAPrivateKey):
        raise InvalidSigningKey("the assertion private key must be an RSA key (RS256)")
    if key.key_size < 2048:
        raise InvalidSigningKey("the assertion private key must have at least 2048 bits")
    return key


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def public_jwk(public_key: RSAPublicKey) -> dict[str, str]:
    """The public JWK the backend is configured with (LMS_ASSERTION_PUBLIC_JWK)."""
    numbers = public_key.public_numbers()
    members = {"e": _b64url_uint(numbers.e), "kty": "RSA", "n": _b64url_uint(numbers.n)}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    kid = base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode("ascii")
    return {**members, "kid": kid, "use": "sig", "alg": "RS256"}


def sign_assertion(
    key: RSAPrivateKey,
    *,
    issuer: str,
    audience: str,
    learner: Learner,
    context: CourseContext,
    now: float | None = None,
) -> str:
    """Sign the assertion for one learner in one block; valid for ASSERTION_LIFETIME_SECONDS."""
    issued_at = int(time.time() if now is None else now)
    claims = {
        "iss": issuer,
        "aud": audience,
        "sub": learner.anonymous_id,
        "username": learner.username,
        "name": learner.full_name,
        "course_id": context.course_id,
        "block_id": context.block_id,
        "chatflow_id": context.chatflow_id,
        "roles": list(learner.roles),
        "iat": issued_at,
        "exp": issued_at + ASSERTION_LIFETIME_SECONDS,
        "jti": uuid.uuid4().hex,
    }
    kid = public_jwk(key.public_key())["kid"]
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})
