"""The staff-only course usage view in Chromium on the xblock-sdk workbench: course staff see it
and its numbers (the backend's answers stubbed at the network), learners do not see it at all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ibal_xblock.compat import DEVELOPMENT_COURSE_ID, course_class_id

from . import servers

pytestmark = pytest.mark.browser
API_PORT = servers.free_port()
API = f"http://127.0.0.1:{API_PORT}"
CLASS_ID = course_class_id(DEVELOPMENT_COURSE_ID)

USAGE = {
    "classId": CLASS_ID,
    "currency": "USD",
    "estimated": False,
    "totals": {
        "messages": 7,
        "tokensIn": 700,
        "tokensOut": 1400,
        "activeLearners": 2,
        "cost": {"model": 0.0009, "infra": 0.0002, "total": 0.0011},
    },
    "days": [
        {"date": "2026-12-02", "messages": 2, "tokensIn": 200, "tokensOut": 400, "activeLearners": 1, "cost": 0.0003},
        {"date": "2026-12-03", "messages": 5, "tokensIn": 500, "tokensOut": 1000, "activeLearners": 2, "cost": 0.0008},
    ],
    "learners": [
        {
            "userId": "u1",
            "username": "ada",
            "messages": 2,
            "tokensIn": 200,
            "tokensOut": 400,
            "cost": 0.0003,
            "lastActive": "2026-12-03T08:00:00Z",
            "suspended": False,
            "dailyQuotaOverride": None,
        },
        {
            "userId": "u2",
            "username": "<img src=x onerror=alert(1)>",
            "messages": 5,
            "tokensIn": 500,
            "tokensOut": 1000,
            "cost": 0.0008,
            "lastActive": None,
            "suspended": False,
            "dailyQuotaOverride": None,
        },
    ],
    "budget": {"monthlyBudget": 10, "spentThisMonth": 0.0011, "dailyMessageQuota": None},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir: Path = tmp_path_factory.mktemp("usage")
    pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
        .decode()
    )
    settings = {"ws_url": f"ws://127.0.0.1:{API_PORT}/prod", "api_url": API, "assertion_private_key": pem}
    with servers.workbench(workdir, port=servers.free_port(), xblock_settings=json.dumps(settings)) as base:
        yield base


def stub_backend(page: Any, usage_status: int = 200) -> list[dict[str, Any]]:
    """The IBAL API at the network: /api/auth/lms mints a token, the usage route answers USAGE."""
    seen: list[dict[str, Any]] = []

    def answer(route: Any) -> None:
        request = route.request
        seen.append({"url": request.url, "auth": request.headers.get("authorization")})
        cors = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*"}
        if request.method == "OPTIONS":
            route.fulfill(status=204, headers={**cors, "Access-Control-Allow-Methods": "GET, POST"})
        elif request.url.endswith("/api/auth/lms"):
            tokens = {
                "accessToken": "staff-token",
                "refreshToken": "r",
                "expiresIn": 900,
                "user": {"id": "u_s", "username": "staff_1", "displayName": ""},
            }
            route.fulfill(status=200, headers=cors, content_type="application/json", body=json.dumps(tokens))
        elif usage_status != 200:
            error = {"error": {"code": "forbidden", "message": "server text"}}
            route.fulfill(status=usage_status, headers=cors, content_type="application/json", body=json.dumps(error))
        else:
            route.fulfill(status=200, headers=cors, content_type="application/json", body=json.dumps(USAGE))

    page.route(f"{API}/**", answer)
    return seen


def test_course_staff_see_the_course_usage_with_its_numbers(site: str, page: Any) -> None:
    seen = stub_backend(page)
    page.goto(f"{site}/scenario/ibal.0/?student=staff_1")
    usage = page.get_by_role("region", name="Course usage")

    assert usage.get_by_role("heading", name="Course usage (staff only)").is_visible()
    usage.get_by_role("button", name="Show usage").click()
    learners = usage.locator(".ibal-usage-learners")
    learners.wait_for()

    assert usage.locator(".ibal-usage-totals").inner_text().split("\n")[:4] == [
        "Messages",
        "7",
        "Active learners",
        "2",
    ]
    assert usage.locator(".ibal-usage-day").count() == 2
    rows = learners.locator("tbody tr")
    assert rows.nth(0).locator("th").text_content() == "<img src=x onerror=alert(1)>"
    assert page.locator(".ibal-usage img").count() == 0
    assert rows.nth(1).locator("th").text_content() == "ada"
    usage_calls = [c for c in seen if "/usage?" in c["url"]]
    assert usage_calls and usage_calls[0]["url"].startswith(f"{API}/api/classes/{CLASS_ID}/usage?from=")
    assert usage_calls[0]["auth"] == "Bearer staff-token"


def test_a_refusal_is_said_in_the_blocks_words(site: str, page: Any) -> None:
    stub_backend(page, usage_status=403)
    page.goto(f"{site}/scenario/ibal.0/?student=staff_2")
    usage = page.get_by_role("region", name="Course usage")
    usage.get_by_role("button", name="Show usage").click()

    assert usage.get_by_role("alert").text_content() == "IBAL does not list you as staff of this course."
    assert "server text" not in usage.inner_text()


def test_learners_do_not_see_the_usage_view(site: str, page: Any) -> None:
    seen = stub_backend(page)
    page.goto(f"{site}/scenario/ibal.0/?student=student_7")
    page.get_by_role("button", name="Start Chat").wait_for()

    assert page.locator('[data-part="usage"]').count() == 0
    assert page.get_by_text("Course usage").count() == 0
    assert seen == []
