"""`tutor ibal backend-config`: what the backend needs, verified against the private keys."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import jwt
import pytest

from tutor_ibal.keys import thumbprint

from .conftest import Tutor, saved_config, tutor_cli

SAM_PARAMETERS = {
    "OpenEdxLmsUrl",
    "OpenEdxClientId",
    "OpenEdxClientSecretParameter",
    "OpenEdxJwtIssuer",
    "OpenEdxJwtAudience",
    "OpenEdxJwkSet",
    "LmsAssertionPublicJwk",
    "LmsAssertionIssuer",
}
GATEWAY_ENV = {
    "OPENEDX_LMS_URL",
    "OPENEDX_CLIENT_ID",
    "OPENEDX_CLIENT_SECRET",
    "OPENEDX_JWT_ISSUER",
    "OPENEDX_JWT_AUDIENCE",
    "OPENEDX_JWK_SET",
    "LMS_ASSERTION_PUBLIC_JWK",
    "LMS_ASSERTION_ISSUER",
}


def verifies(private_pem: str, public_jwk: dict[str, Any], kid: str) -> bool:
    """A token signed with the private key verifies with the printed public JWK."""
    token = jwt.encode({"sub": "ada"}, private_pem, algorithm="RS256", headers={"kid": kid})
    key = jwt.PyJWK(public_jwk, algorithm="RS256")
    return bool(jwt.decode(token, key.key, algorithms=["RS256"])["sub"] == "ada")


def sam_overrides(output: str) -> dict[str, str]:
    deploy = output[output.index("sam deploy") :]
    words = shlex.split(deploy.replace("\\\n", " "), comments=True)
    assert words[:3] == ["sam", "deploy", "--parameter-overrides"]
    return dict(word.split("=", 1) for word in words[3:])


def test_json_carries_every_parameter_and_keys_that_match_the_private_keys(configured: Path, tutor: Tutor) -> None:
    config = saved_config(configured)

    document = json.loads(tutor("ibal", "backend-config", "--format", "json"))

    parameters = document["samParameterOverrides"]
    assert set(parameters) == SAM_PARAMETERS
    assert parameters["OpenEdxLmsUrl"] == "http://local.openedx.io"
    assert parameters["OpenEdxJwtIssuer"] == "http://local.openedx.io/oauth2"
    assert parameters["OpenEdxJwtAudience"] == "openedx"
    assert parameters["OpenEdxClientId"] == "ibal"
    assert parameters["LmsAssertionIssuer"] == "ibal-xblock"
    [openedx_jwk] = json.loads(parameters["OpenEdxJwkSet"])["keys"]
    assert openedx_jwk["kid"] == "openedx"
    assert "d" not in openedx_jwk
    assert verifies(_jwt_rsa_private_key(configured, tutor), openedx_jwk, "openedx")
    assertion_jwk = json.loads(parameters["LmsAssertionPublicJwk"])
    assert assertion_jwk["kid"] == thumbprint(assertion_jwk)
    assert assertion_jwk["alg"] == "RS256"
    assert verifies(config["IBAL_LMS_ASSERTION_PRIVATE_KEY"], assertion_jwk, assertion_jwk["kid"])
    assert document["ssm"] == {
        "name": "/ibal/openedx/client-secret",
        "type": "SecureString",
        "value": config["IBAL_OAUTH2_CLIENT_SECRET"],
    }
    assert set(document["gatewayEnv"]) == GATEWAY_ENV


def _jwt_rsa_private_key(root: Path, tutor: Tutor) -> str:
    return tutor("config", "printvalue", "JWT_RSA_PRIVATE_KEY").strip()


@pytest.fixture
def configured(shared_project: Path) -> Path:
    return shared_project


@pytest.fixture
def tutor(shared_project: Path) -> Tutor:
    return tutor_cli(shared_project)


def test_openedx_jwk_set_is_the_one_tutor_renders_into_the_lms(configured: Path, tutor: Tutor) -> None:
    document = json.loads(tutor("ibal", "backend-config", "--format", "json"))
    production = (configured / "env" / "apps/openedx/settings/lms/production.py").read_text()
    printed = json.loads(document["samParameterOverrides"]["OpenEdxJwkSet"])["keys"][0]

    # tutor core's JWT_PUBLIC_SIGNING_JWK_SET literal carries the same kid, n and e
    assert f'"n": "{printed["n"]}"' in production
    assert f'"e": "{printed["e"]}"' in production
    assert '"kid": "openedx"' in production


def test_sam_format_is_a_runnable_ssm_command_and_sam_deploy(configured: Path, tutor: Tutor) -> None:
    config = saved_config(configured)
    json_parameters = json.loads(tutor("ibal", "backend-config", "--format", "json"))["samParameterOverrides"]

    output = tutor("ibal", "backend-config")

    put = shlex.split(output[output.index("aws ssm") : output.index("sam deploy")].replace("\\\n", " "), comments=True)
    assert put[:3] == ["aws", "ssm", "put-parameter"]
    assert put[put.index("--type") + 1] == "SecureString"
    assert put[put.index("--name") + 1] == "/ibal/openedx/client-secret"
    assert put[put.index("--value") + 1] == config["IBAL_OAUTH2_CLIENT_SECRET"]
    assert "# AllowedOrigins must include the LMS origin http://local.openedx.io" in output
    overrides = sam_overrides(output)
    assert overrides == json_parameters
    assert config["IBAL_OAUTH2_CLIENT_SECRET"] not in output[output.index("sam deploy") :]


def test_env_format_is_the_self_hosted_gateway_environment(configured: Path, tutor: Tutor) -> None:
    config = saved_config(configured)

    output = tutor("ibal", "backend-config", "--format", "env")

    values = dict(word.split("=", 1) for word in shlex.split(output, comments=True))
    assert set(values) == GATEWAY_ENV
    assert values["OPENEDX_CLIENT_SECRET"] == config["IBAL_OAUTH2_CLIENT_SECRET"]
    assert json.loads(values["LMS_ASSERTION_PUBLIC_JWK"])["n"]
    assert "# ALLOWED_ORIGINS must include the LMS origin http://local.openedx.io" in output


@pytest.mark.parametrize("bad_format", ["yaml", ""])
def test_unknown_formats_are_refused(configured: Path, tutor: Tutor, bad_format: str) -> None:
    with pytest.raises(AssertionError, match="Invalid value for '--format'"):
        tutor("ibal", "backend-config", "--format", bad_format)


def test_rfc7638_thumbprint_example() -> None:
    # RFC 7638, section 3.1
    n = (
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMs"
        "tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5"
        "hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
    )
    assert thumbprint({"e": "AQAB", "kty": "RSA", "n": n}) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
