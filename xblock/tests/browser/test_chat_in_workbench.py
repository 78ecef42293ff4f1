"""The student view in Chromium, in the xblock-sdk workbench, against the real IBAL gateway.

Start Chat signs in seamlessly (the block's handler signs an assertion, the gateway's
POST /api/auth/lms trades it for tokens), connects the WebSocket, streams a reply and
Close Chat returns to the start. Skipped only when the gateway jar has not been built.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ibal_xblock.assertion import public_jwk

from . import servers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not servers.GATEWAY_JAR.exists(),
        reason=f"{servers.GATEWAY_JAR} is missing: build it with `make build` (./mvnw -DskipTests package)",
    ),
]

JWT_SHAPE = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory):
    """Gateway + workbench, wired together exactly as the Tutor plugin wires the LMS to the backend."""
    workdir: Path = tmp_path_factory.mktemp("browser")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    ).decode()
    workbench_port = servers.free_port()
    workbench_origin = f"http://127.0.0.1:{workbench_port}"
    with servers.gateway(
        workdir, public_jwk=json.dumps(public_jwk(key.public_key())), allowed_origin=workbench_origin
    ) as api:
        with urllib.request.urlopen(f"{api}/config.json", timeout=5) as response:
            config = json.load(response)
        settings = {
            "ws_url": config["wsUrl"],
            "api_url": config.get("apiUrl") or api,
            "lms_origin": workbench_origin,
            "assertion_private_key": pem,
            "assertion_issuer": "ibal-xblock",
            "assertion_audience": "ibal",
        }
        with servers.workbench(workdir, port=workbench_port, xblock_settings=json.dumps(settings)) as site:
            yield site


def test_start_chat_streams_a_reply_and_close_chat_resets(stack, page):
    console: list[str] = []
    frames: list[dict] = []
    page.on("console", lambda message: console.append(message.text))
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda payload: frames.append(json.loads(payload))),
    )
    page.goto(f"{stack}/scenario/ibal.0/")
    start = page.get_by_role("button", name="Start Chat")
    assert page.get_by_text("Click Start Chat to begin").is_visible()

    with page.expect_response(lambda r: r.url.endswith("/api/auth/lms") and r.request.method == "POST") as exchange:
        start.click()
    assert exchange.value.status == 200, exchange.value.text()
    access_token = exchange.value.json()["accessToken"]
    minted = jwt.decode(access_token, options={"verify_signature": False})
    assert (minted["provider"], minted["course_id"], minted["chatflow_id"]) == (
        "lms",
        "course-v1:xblock-sdk+workbench+dev",
        "demo",
    ), minted
    status = page.get_by_role("status")
    page.wait_for_selector('[data-part="status"][data-status="connected"]', timeout=20_000)
    assert status.text_content() == "Connected"

    page.get_by_role("textbox", name="Message").fill("Hello, who are you?")
    page.keyboard.press("Enter")
    log = page.get_by_role("log", name="Chat messages")
    page.wait_for_selector(".ibal-msg-received[data-message-id]:not(.ibal-msg-streaming)", timeout=60_000)

    assert log.locator(".ibal-msg-sent").first.text_content().startswith("Hello, who are you?")
    final = next(f for f in frames if f.get("type") == "message")
    assert [f["seq"] for f in frames if f.get("type") == "chunk"][:1] == [0], "the reply was not streamed"
    reply = log.locator(f'[data-message-id="{final["messageId"]}"] .ibal-msg-text')
    assert reply.text_content() == final["content"]
    assert page.locator('[data-part="username"]').text_content()

    page.get_by_role("button", name="Close Chat").click()
    assert page.get_by_role("button", name="Start Chat").is_visible()
    assert page.get_by_text("Click Start Chat to begin").is_visible()

    ibal_lines = [line for line in console if line.startswith("[IbalXBlock]")]
    assert any("connection: connected" in line for line in ibal_lines), ibal_lines
    assert any("ticket=[REDACTED]" in line for line in ibal_lines), ibal_lines
    assert not [line for line in console if access_token in line or JWT_SHAPE.search(line)], console
