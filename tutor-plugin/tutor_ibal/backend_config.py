"""What the IBAL backend needs to know about this Open edX, in the shapes its deployments read.

`sam`: the `aws ssm put-parameter` command for the client secret, then
`sam deploy --parameter-overrides`; `env`: variables for the self-hosted gateway;
`json`: both, for scripts.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from . import keys


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def lms_url(config: dict[str, Any]) -> str:
    scheme = "https" if config["ENABLE_HTTPS"] else "http"
    return f"{scheme}://{config['LMS_HOST']}"


def sam_parameters(config: dict[str, Any]) -> dict[str, str]:
    """CloudFormation parameters of template.yaml, by their exact names."""
    return {
        "OpenEdxLmsUrl": lms_url(config),
        "OpenEdxClientId": str(config["IBAL_OAUTH2_CLIENT_ID"]),
        "OpenEdxClientSecretParameter": str(config["IBAL_OAUTH2_CLIENT_SECRET_SSM_PARAMETER"]),
        "OpenEdxJwtIssuer": str(config["JWT_COMMON_ISSUER"]),
        "OpenEdxJwtAudience": str(config["JWT_COMMON_AUDIENCE"]),
        "OpenEdxJwkSet": _compact(keys.openedx_jwk_set(config["JWT_RSA_PRIVATE_KEY"])),
        "LmsAssertionPublicJwk": _compact(keys.assertion_public_jwk(config["IBAL_LMS_ASSERTION_PRIVATE_KEY"])),
        "LmsAssertionIssuer": str(config["IBAL_LMS_ASSERTION_ISSUER"]),
    }


def gateway_env(config: dict[str, Any]) -> dict[str, str]:
    """Environment of the self-hosted gateway (which reads the secret directly)."""
    parameters = sam_parameters(config)
    return {
        "OPENEDX_LMS_URL": parameters["OpenEdxLmsUrl"],
        "OPENEDX_CLIENT_ID": parameters["OpenEdxClientId"],
        "OPENEDX_CLIENT_SECRET": str(config["IBAL_OAUTH2_CLIENT_SECRET"]),
        "OPENEDX_JWT_ISSUER": parameters["OpenEdxJwtIssuer"],
        "OPENEDX_JWT_AUDIENCE": parameters["OpenEdxJwtAudience"],
        "OPENEDX_JWK_SET": parameters["OpenEdxJwkSet"],
        "LMS_ASSERTION_PUBLIC_JWK": parameters["LmsAssertionPublicJwk"],
        "LMS_ASSERTION_ISSUER": parameters["LmsAssertionIssuer"],
    }


def _reminders(config: dict[str, Any], origins_name: str, audience_name: str) -> str:
    """Settings outside this list that must agree with the LMS, as comments."""
    lines = f"# {origins_name} must include the LMS origin {lms_url(config)} (browsers call the API from it).\n"
    if config["IBAL_JWT_AUDIENCE"] != "ibal":
        lines += f"# {audience_name} must be {config['IBAL_JWT_AUDIENCE']} (IBAL_JWT_AUDIENCE).\n"
    return lines


def render_sam(config: dict[str, Any]) -> str:
    parameters = sam_parameters(config)
    secret_parameter = parameters["OpenEdxClientSecretParameter"]
    put_secret = [
        "aws ssm put-parameter --overwrite --type SecureString",
        f"--name {shlex.quote(secret_parameter)}",
        f"--value {shlex.quote(str(config['IBAL_OAUTH2_CLIENT_SECRET']))}",
    ]
    overrides = [shlex.quote(f"{key}={value}") for key, value in parameters.items()]
    return (
        "# 1. Store the OAuth2 client secret in SSM (never in a CloudFormation parameter):\n"
        + " \\\n  ".join(put_secret)
        + "\n\n# 2. Deploy the stack with this Open edX's settings:\n"
        + "sam deploy --parameter-overrides \\\n  "
        + " \\\n  ".join(overrides)
        + "\n"
        + _reminders(config, "AllowedOrigins", "JwtAudience")
    )


def render_env(config: dict[str, Any]) -> str:
    variables = "".join(f"{key}={shlex.quote(value)}\n" for key, value in gateway_env(config).items())
    return variables + _reminders(config, "ALLOWED_ORIGINS", "JWT_AUDIENCE")


def render_json(config: dict[str, Any]) -> str:
    document = {
        "samParameterOverrides": sam_parameters(config),
        "ssm": {
            "name": config["IBAL_OAUTH2_CLIENT_SECRET_SSM_PARAMETER"],
            "type": "SecureString",
            "value": config["IBAL_OAUTH2_CLIENT_SECRET"],
        },
        "gatewayEnv": gateway_env(config),
    }
    return json.dumps(document, indent=2) + "\n"


RENDERERS = {"sam": render_sam, "env": render_env, "json": render_json}
