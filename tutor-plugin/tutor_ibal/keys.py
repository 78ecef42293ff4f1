"""Public JWKs derived from the RSA private keys in the Tutor config.

The Open edX JWK set matches what tutor core renders into JWT_PUBLIC_SIGNING_JWK_SET
(kid "openedx", same base64url encoding), so the backend verifies exactly the tokens
the LMS signs. The assertion key's kid is its RFC 7638 thumbprint, which the XBlock
puts in every assertion header.
"""

from __future__ import annotations

import base64
import hashlib
import json

from tutor import utils

OPENEDX_JWK_KID = "openedx"  # tutor core's kid in JWT_PRIVATE_SIGNING_JWK


def _public_members(private_key_pem: str) -> dict[str, str]:
    key = utils.rsa_import_key(private_key_pem)
    return {"e": utils.long_to_base64(key.e), "kty": "RSA", "n": utils.long_to_base64(key.n)}


def openedx_jwk_set(jwt_rsa_private_key: str) -> dict[str, list[dict[str, str]]]:
    """The LMS's public JWK set (JWT_RSA_PRIVATE_KEY → JWT_PUBLIC_SIGNING_JWK_SET)."""
    return {"keys": [{"kid": OPENEDX_JWK_KID, **_public_members(jwt_rsa_private_key)}]}


def thumbprint(members: dict[str, str]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256) of an RSA key's required members."""
    canonical = json.dumps({k: members[k] for k in ("e", "kty", "n")}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode("ascii")


def assertion_public_jwk(assertion_private_key: str) -> dict[str, str]:
    """The public half of IBAL_LMS_ASSERTION_PRIVATE_KEY, as LMS_ASSERTION_PUBLIC_JWK."""
    members = _public_members(assertion_private_key)
    return {**members, "kid": thumbprint(members), "use": "sig", "alg": "RS256"}
