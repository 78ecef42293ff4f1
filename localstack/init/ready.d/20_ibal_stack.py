"""LocalStack init hook (READY): template.yaml's community-supported part as the stack `ibal` (ibal_stack.py).

Its table, frontend bucket, IAM roles and log groups are created through LocalStack's CloudFormation; the outputs
that name Pro-only resources point at the local gateway (IBAL_PUBLIC_URL, default http://127.0.0.1:8080), which
serves the WebSocket and HTTP APIs and the app. `make run STORE=localstack` waits for this hook, then uploads the
frontend with scripts/deploy-frontend.
"""

import os
import sys
from pathlib import Path

from localstack import config

REPO = Path(os.environ.get("IBAL_REPO", "/ibal"))
STACK = os.environ.get("IBAL_STACK_NAME", "ibal")
PUBLIC_URL = os.environ.get("IBAL_PUBLIC_URL", "http://127.0.0.1:8080").rstrip("/")
PARAMETER = os.environ.get("IBAL_SIGNING_KEY_PARAMETER", "/ibal/jwt-signing-key")


def deploy() -> None:
    sys.path.insert(0, str(REPO / "localstack"))
    import ibal_stack  # found through IBAL_REPO

    websocket = PUBLIC_URL.replace("http", "ws", 1) + "/prod"
    template, report = ibal_stack.derive(
        REPO / "template.yaml",
        {"JwtSigningKeyParameter": PARAMETER},
        {"WebSocketUrl": websocket, "HttpApiUrl": PUBLIC_URL, "FrontendUrl": PUBLIC_URL, "DistributionId": "none",
         "OpenEdxRedirectUri": PUBLIC_URL + "/api/oauth/openedx/callback"})
    outputs = ibal_stack.deploy_stack(STACK, template, {"JwtSigningKeyParameter": PARAMETER},
                                      endpoint=config.internal_service_url())
    print(f"ibal: stack {STACK} deployed: {outputs}")


if os.environ.get("IBAL_SKIP_STACK_HOOK") == "1":
    print("ibal: stack hook skipped (LocalStack Pro: deploy the whole template.yaml with samlocal)")
else:
    deploy()
