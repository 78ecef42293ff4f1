"""get_assertion signs the seamless-mode assertion exactly as docs/protocol.md fixes it."""

from __future__ import annotations

import base64
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers
from django.test import override_settings
from xblock.fields import ScopeIds
from xblock.reference.user_service import XBlockUser

from ibal_xblock.assertion import public_jwk

from .conftest import call_handler, lms_user, make_block


def decode(token: str, private_key: Any, audience: str = "ibal") -> dict[str, Any]:
    return jwt.decode(token, private_key.public_key(), algorithms=["RS256"], audience=audience, issuer="ibal-xblock")


def test_assertion_verifies_with_the_public_key_and_carries_the_learner_and_course(deployment, private_key):
    block = make_block(chatflow_id="flow-42")

    status, body = call_handler(block, "get_assertion", {})

    assert status == 200
    claims = decode(body["assertion"], private_key)
    assert claims["sub"] == "5f0c1d2e3a4b"
    assert claims["username"] == "ada"
    assert claims["name"] == "Ada Lovelace"
    assert claims["course_id"] == "course-v1:IBALx+CS101+2026"
    assert claims["block_id"] == "block-v1:IBALx+CS101+2026+type@ibal+block@chat1"
    assert claims["chatflow_id"] == "flow-42"
    assert claims["roles"] == ["student"]
    assert body["expiresIn"] == 60


def test_assertion_lives_at_most_sixty_seconds_and_has_a_fresh_jti(deployment, private_key):
    block = make_block()
    before = int(time.time())

    first = decode(call_handler(block, "get_assertion", {})[1]["assertion"], private_key)
    second = decode(call_handler(block, "get_assertion", {})[1]["assertion"], private_key)

    assert 0 < first["exp"] - first["iat"] <= 60
    assert before <= first["iat"] <= int(time.time())
    assert first["jti"] != second["jti"]


def test_assertion_header_is_rs256_with_the_public_jwk_kid(deployment, private_key):
    token = call_handler(make_block(), "get_assertion", {})[1]["assertion"]

    header = jwt.get_unverified_header(token)

    assert header["alg"] == "RS256"
    assert header["kid"] == public_jwk(private_key.public_key())["kid"]


def test_course_staff_get_the_staff_role(deployment, private_key):
    staff = lms_user(**{"edx-platform.user_role": "instructor", "edx-platform.user_is_staff": True})

    token = call_handler(make_block(staff), "get_assertion", {})[1]["assertion"]

    assert decode(token, private_key)["roles"] == ["instructor", "staff"]


def test_issuer_and_audience_come_from_the_deployment_settings(deployment, private_key):
    custom = {**deployment, "assertion_issuer": "ibal-xblock", "assertion_audience": "ibal-prod"}
    with override_settings(XBLOCK_SETTINGS={"IbalXBlock": custom}):
        token = call_handler(make_block(), "get_assertion", {})[1]["assertion"]

    assert decode(token, private_key, audience="ibal-prod")["aud"] == "ibal-prod"


def test_missing_private_key_is_a_clear_503(deployment):
    without_key = {k: v for k, v in deployment.items() if k != "assertion_private_key"}
    with override_settings(XBLOCK_SETTINGS={"IbalXBlock": without_key}):
        status, body = call_handler(make_block(), "get_assertion", {})

    assert status == 503
    assert "assertion_private_key" in body["error"]
    assert "IBAL_LMS_ASSERTION_PRIVATE_KEY" in body["error"]


def test_a_key_that_is_not_pem_is_a_clear_503_that_does_not_echo_it(deployment):
    broken = {**deployment, "assertion_private_key": "not-a-key-SECRETVALUE"}
    with override_settings(XBLOCK_SETTINGS={"IbalXBlock": broken}):
        status, body = call_handler(make_block(), "get_assertion", {})

    assert status == 503
    assert "not a PEM-encoded private key" in body["error"]
    assert "SECRETVALUE" not in body["error"]


def test_an_empty_issuer_is_refused(deployment):
    with override_settings(XBLOCK_SETTINGS={"IbalXBlock": {**deployment, "assertion_issuer": " "}}):
        status, body = call_handler(make_block(), "get_assertion", {})

    assert status == 503
    assert "assertion_issuer" in body["error"]


@pytest.mark.parametrize(
    "attrs",
    [
        {"edx-platform.is_authenticated": False},
        {"edx-platform.username": None},
    ],
)
def test_anonymous_visitors_get_403(deployment, attrs):
    status, body = call_handler(make_block(lms_user(**attrs)), "get_assertion", {})

    assert status == 403
    assert "Sign in" in body["error"]


def test_popup_mode_blocks_refuse_to_sign(deployment):
    status, body = call_handler(make_block(auth_mode="oauth2_popup"), "get_assertion", {})

    assert status == 400
    assert "popup" in body["error"]


def test_kid_is_the_rfc7638_thumbprint() -> None:
    # RFC 7638, section 3.1: the same kid `tutor ibal backend-config` prints
    n = (
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMs"
        "tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5"
        "hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
    )
    modulus = int.from_bytes(base64.urlsafe_b64decode(n + "=" * (-len(n) % 4)), "big")
    key = RSAPublicNumbers(e=65537, n=modulus).public_key()

    jwk = public_jwk(key)

    assert jwk["kid"] == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    assert jwk["n"] == n


def test_outside_the_lms_the_workbench_user_and_a_development_course_are_used(deployment, private_key) -> None:
    workbench_user = XBlockUser(is_current_user=True, full_name="XBlock User (student_1)")
    workbench_user.opt_attrs["xblock-workbench.user_id"] = "student_1"
    block = make_block(workbench_user)
    block.scope_ids = ScopeIds("student_1", "ibal", "ibal.d0", "ibal.0.ibal.d0.u0")

    claims = decode(call_handler(block, "get_assertion", {})[1]["assertion"], private_key)

    assert (claims["sub"], claims["username"], claims["roles"]) == ("workbench-student_1", "student_1", ["student"])
    assert claims["course_id"] == "course-v1:xblock-sdk+workbench+dev"
    assert claims["block_id"] == "ibal.0.ibal.d0.u0"
