"""The student view's own behaviour in Chromium on the xblock-sdk workbench, no backend needed:
streaming order, XSS-safe rendering, the sign-in failure path, phone widths."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from . import servers

pytestmark = pytest.mark.browser
JWT_SHAPE = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The workbench with a real signing key and a backend address where nothing listens."""
    workdir: Path = tmp_path_factory.mktemp("view")
    pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
        .decode()
    )
    nowhere = servers.free_port()
    settings = {
        "ws_url": f"ws://127.0.0.1:{nowhere}/ws",
        "api_url": f"http://127.0.0.1:{nowhere}",
        "assertion_private_key": pem,
    }
    with servers.workbench(workdir, port=servers.free_port(), xblock_settings=json.dumps(settings)) as base:
        yield base


def open_chat_view(page: Any, site: str) -> None:
    """The rendered block with the chat panel shown and marked connected, driven through its view API."""
    page.goto(f"{site}/scenario/ibal.0/")
    page.evaluate(
        """() => {
            const host = document.querySelector('.ibal-xblock');
            window.testView = IbalXBlockLib.createChatView(host, {connected: 'Connected', assistant: 'Assistant'});
            window.testView.showChat();
            window.testView.setStatus('connected');
        }"""
    )


def test_chunks_render_in_seq_order_once_and_the_final_message_replaces_them(site: str, page: Any) -> None:
    open_chat_view(page, site)

    result = page.evaluate(
        """() => {
            const view = window.testView;
            const text = () => document.querySelector('[data-message-id="m1"] .ibal-msg-text').textContent;
            view.applyChunk({messageId: 'm1', seq: 1, delta: ' world'});
            view.applyChunk({messageId: 'm1', seq: 0, delta: 'Hello'});
            view.applyChunk({messageId: 'm1', seq: 0, delta: 'DUPLICATE'});
            const streamed = text();
            view.applyMessage({messageId: 'm1', content: 'Hello world!', createdAt: '2026-11-24T09:00:00Z'});
            view.applyChunk({messageId: 'm1', seq: 2, delta: ' late'});
            return {streamed, final: text(), bubbles: document.querySelectorAll('.ibal-msg-received').length,
                    streaming: document.querySelectorAll('.ibal-msg-streaming').length};
        }"""
    )

    assert result == {"streamed": "Hello world", "final": "Hello world!", "bubbles": 1, "streaming": 0}


def test_markup_in_messages_is_shown_as_text_never_run(site: str, page: Any) -> None:
    open_chat_view(page, site)
    attack = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'

    page.evaluate(
        """attack => {
            window.testView.addSent(attack, 'c-1');
            window.testView.applyChunk({messageId: 'm2', seq: 0, delta: attack});
            window.testView.applyMessage({messageId: 'm3', content: attack});
            window.testView.addError(attack);
        }""",
        attack,
    )
    page.wait_for_timeout(300)

    log = page.get_by_role("log", name="Chat messages")
    assert log.locator("img, script").count() == 0
    assert log.get_by_text(attack).count() == 4
    assert page.evaluate("() => window.pwned") is None


def test_a_failed_sign_in_returns_to_start_with_a_message_and_logs_no_token(site: str, page: Any) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{site}/scenario/ibal.0/")

    with page.expect_response(lambda r: "get_assertion" in r.url) as signed:
        page.get_by_role("button", name="Start Chat").click()
    assertion = signed.value.json()["assertion"]
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=10_000)

    assert "Could not sign you in" in alert.text_content()
    assert page.get_by_role("button", name="Start Chat").is_enabled()
    ibal_lines = [line for line in console if line.startswith("[IbalXBlock]")]
    assert any("auth: sign-in failed" in line for line in ibal_lines), ibal_lines
    assert not [line for line in console if assertion in line or JWT_SHAPE.search(line)], console


def test_the_chat_fits_a_phone_screen(site: str, page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_chat_view(page, site)
    page.evaluate("() => window.testView.addSent('a-very-long-word-'.repeat(20), 'c-2')")

    overflow = page.evaluate(
        """() => {
            const host = document.querySelector('.ibal-xblock');
            const chat = host.querySelector('[data-part="chat"]');
            return {host: host.scrollWidth - host.clientWidth, chat: chat.scrollWidth - chat.clientWidth,
                    width: chat.getBoundingClientRect().width};
        }"""
    )

    assert overflow["host"] <= 0 and overflow["chat"] <= 0, overflow
    assert overflow["width"] <= 360


def test_a_lost_backend_is_retried_with_backoff_and_fresh_sign_in_until_close_chat(site: str, page: Any) -> None:
    # Nothing listens at the backend's address: only its sign-in answers are supplied here,
    # so the WebSocket fails for real and the block's reconnection logic runs for real.
    console: list[str] = []
    assertions: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("response", lambda r: assertions.append(r.url) if "get_assertion" in r.url else None)
    token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1XzEifQ.c2lnbmF0dXJl"
    tokens = {"accessToken": token, "refreshToken": "r-1", "expiresIn": 900, "user": {"username": "ada"}}
    cors = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "authorization, content-type"}
    page.route("**/api/auth/lms", lambda route: route.fulfill(json=tokens, headers=cors))
    ticket = {"ticket": "t-1", "expiresIn": 30}
    page.route("**/api/auth/ws-ticket", lambda route: route.fulfill(json=ticket, headers=cors))
    page.goto(f"{site}/scenario/ibal.0/")

    page.get_by_role("button", name="Start Chat").click()
    page.wait_for_event("console", lambda m: "(attempt 2)" in m.text, timeout=15_000)

    assert page.get_by_role("status").text_content() == "Connecting"
    assert len(assertions) >= 2, "a reconnect in seamless mode signs in again"
    page.get_by_role("button", name="Close Chat").click()
    attempts_at_close = sum("reconnecting in" in line for line in console)
    page.wait_for_timeout(4_500)

    assert sum("reconnecting in" in line for line in console) == attempts_at_close
    assert page.get_by_role("button", name="Start Chat").is_visible()
    assert not [line for line in console if token in line or JWT_SHAPE.search(line)], console


POPUP_PAGE = """<!doctype html><script>
  setTimeout(function () {
    window.opener.postMessage({type: 'ibal:auth', tokens: %s}, '*');
    window.close();
  }, 400);
</script>"""


def test_popup_sign_in_takes_tokens_only_from_the_api_origin(site: str, page: Any) -> None:
    # Nothing listens at the backend's address: its OAuth2 start page (which, after the LMS,
    # posts the tokens to the opener) is supplied here; the block's own logic runs for real.
    console: list[str] = []
    started: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    tokens = {"accessToken": "opaque-access", "refreshToken": "r-1", "expiresIn": 900, "user": {"username": "ada"}}

    def start_page(route: Any) -> None:
        started.append(route.request.url)
        route.fulfill(content_type="text/html", body=POPUP_PAGE % json.dumps(tokens))

    page.context.route("**/api/oauth/openedx/start*", start_page)
    page.goto(f"{site}/scenario/ibal.1/")

    with page.expect_popup():
        page.get_by_role("button", name="Start Chat").click()
    forged = {"type": "ibal:auth", "tokens": {"accessToken": "forged", "user": {"username": "mallory"}}}
    page.evaluate("forged => window.postMessage(forged, '*')", forged)  # same page, wrong origin
    page.wait_for_event("console", lambda m: "signed in (popup)" in m.text, timeout=10_000)

    assert started == [f"{started[0].split('?')[0]}?origin={quote(site, safe='')}"]
    assert page.locator('[data-part="username"]').text_content() == "ada"
    assert sum("signed in" in line for line in console) == 1
    assert not [line for line in console if "opaque-access" in line or "forged" in line], console
