"""The student view's own behaviour in Chromium on the xblock-sdk workbench, no backend needed:
rendering the chat state (final reply in place of the stream, errors in words with Retry, XSS-safe),
the sign-in failure path, reconnection with backoff, popup sign-in, phone widths."""

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


STRINGS = {
    "connected": "Connected",
    "assistant": "Assistant",
    "you": "You",
    "retry": "Retry",
    "message_sending": "Sending…",
    "message_failed": "Not sent",
    "errors": {"message_rejected": "This message could not be delivered.", "internal": "Something went wrong."},
}


def open_chat_view(page: Any, site: str) -> None:
    """The rendered block with the chat panel shown, driven through its view API with chat states."""
    page.goto(f"{site}/scenario/ibal.0/")
    page.evaluate(
        """strings => {
            const host = document.querySelector('.ibal-xblock');
            window.testView = IbalXBlockLib.createChatView(host, strings);
            window.testView.showChat();
            window.testView.setStatus('connected');
            window.chatState = (messages, extra) => Object.assign({
                status: 'connected', sessionId: 's-1', messages,
                history: {loading: false, nextCursor: null, failed: false}, notice: null, lastReply: null,
            }, extra || {});
        }""",
        STRINGS,
    )


def test_the_final_reply_takes_the_place_of_its_streaming_bubble(site: str, page: Any) -> None:
    open_chat_view(page, site)

    result = page.evaluate(
        """() => {
            const view = window.testView;
            const question = {type: 'user', key: 'u-c1', clientMessageId: 'c1', messageId: 'm0', content: 'Hi',
                              createdAt: '2026-11-24T09:00:00Z', status: 'delivered'};
            view.render(chatState([question, {type: 'assistant-streaming', key: 's-m1', messageId: 'm1',
                                              replyTo: 'm0', content: 'Hel', createdAt: ''}]));
            const streamed = document.querySelector('.ibal-msg-streaming .ibal-msg-text').textContent;
            const questionNode = document.querySelector('[data-client-message-id="c1"]');
            view.render(chatState([question, {type: 'assistant', key: 'a-m1', messageId: 'm1', replyTo: 'm0',
                                              content: 'Hello!', createdAt: '2026-11-24T09:00:01Z', stopped: false,
                                              sources: [], followUps: ['Tell me more']}]));
            return {streamed, final: document.querySelector('[data-message-id="m1"] .ibal-msg-text').textContent,
                    bubbles: document.querySelectorAll('.ibal-msg-received').length,
                    streaming: document.querySelectorAll('.ibal-msg-streaming').length,
                    questionKept: document.querySelector('[data-client-message-id="c1"]') === questionNode,
                    prompts: [...document.querySelectorAll('.ibal-prompt')].map(b => b.textContent)};
        }"""
    )

    assert result == {
        "streamed": "Hel",
        "final": "Hello!",
        "bubbles": 1,
        "streaming": 0,
        "questionKept": True,
        "prompts": ["Tell me more"],
    }


def test_a_failed_message_says_why_in_words_and_offers_retry(site: str, page: Any) -> None:
    open_chat_view(page, site)
    page.evaluate(
        """() => {
            window.retried = [];
            window.testView.onRetry(id => window.retried.push(id));
            window.testView.render(chatState([{type: 'user', key: 'u-c9', clientMessageId: 'c9', content: 'Long',
                createdAt: '', status: 'failed', error: {code: 'message_rejected', retryable: true}}]));
        }"""
    )
    sent = page.locator('[data-client-message-id="c9"]')

    assert sent.get_by_role("alert").text_content().startswith("This message could not be delivered.")
    assert sent.get_by_text("Not sent").is_visible()
    sent.get_by_role("button", name="Retry").click()
    assert page.evaluate("() => window.retried") == ["c9"]


def test_markup_in_messages_is_shown_as_text_never_run(site: str, page: Any) -> None:
    open_chat_view(page, site)
    attack = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'

    page.evaluate(
        """attack => window.testView.render(chatState([
            {type: 'user', key: 'u-1', clientMessageId: 'c-1', content: attack, createdAt: '', status: 'sending'},
            {type: 'assistant-streaming', key: 's-2', messageId: 'm2', replyTo: 'x', content: attack, createdAt: ''},
            {type: 'assistant', key: 'a-3', messageId: 'm3', content: attack, createdAt: '', stopped: false,
             sources: [], followUps: [attack]},
        ]))""",
        attack,
    )
    page.wait_for_timeout(300)

    log = page.get_by_role("log", name="Chat messages")
    assert page.locator(".ibal-xblock img, .ibal-xblock script").count() == 0
    assert log.get_by_text(attack).count() == 3
    assert page.locator(".ibal-prompt").text_content() == attack
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
    page.evaluate(
        """() => window.testView.render(chatState([{type: 'user', key: 'u-2', clientMessageId: 'c-2',
            content: 'a-very-long-word-'.repeat(20), createdAt: '', status: 'sending'}]))"""
    )

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


def test_a_lost_backend_is_retried_with_backoff_until_close_chat(site: str, page: Any) -> None:
    # Nothing listens at the backend's address: only its sign-in answers are supplied here,
    # so the WebSocket fails for real and the protocol client's reconnection runs for real.
    console: list[str] = []
    tickets: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("request", lambda r: tickets.append(r.url) if r.url.endswith("/api/auth/ws-ticket") else None)
    token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1XzEifQ.c2lnbmF0dXJl"
    tokens = {"accessToken": token, "refreshToken": "r-1", "expiresIn": 900, "user": {"username": "ada"}}
    cors = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "authorization, content-type"}
    page.route("**/api/auth/lms", lambda route: route.fulfill(json=tokens, headers=cors))
    ticket = {"ticket": "t-1", "expiresIn": 30}
    page.route("**/api/auth/ws-ticket", lambda route: route.fulfill(json=ticket, headers=cors))
    page.goto(f"{site}/scenario/ibal.0/")

    page.get_by_role("button", name="Start Chat").click()
    page.wait_for_event("console", lambda m: "(attempt 2)" in m.text, timeout=15_000)

    assert page.get_by_role("status").text_content() == "Reconnecting"
    assert len(tickets) >= 2, "each attempt takes a fresh one-time ticket"
    page.get_by_role("button", name="Close Chat").click()
    attempts_at_close = sum("reconnecting in" in line for line in console)
    page.wait_for_timeout(4_500)

    assert sum("reconnecting in" in line for line in console) == attempts_at_close
    assert page.get_by_role("button", name="Start Chat").is_visible()
    assert any("ticket=[REDACTED]" in line for line in console), console
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
