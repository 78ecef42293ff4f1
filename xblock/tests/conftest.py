"""Fixtures: the block in a real XBlock runtime with the services the LMS provides."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import django
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import override_settings
from opaque_keys.edx.locator import BlockUsageLocator, CourseLocator
from webob import Request
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import DictKeyValueStore, KvsFieldData
from xblock.test.toy_runtime import ToyRuntime

if not settings.configured:
    # The LMS renders XBlock templates with Django; XBLOCK_SETTINGS is per test (override_settings).
    settings.configure(
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
        USE_I18N=True,
        XBLOCK_SETTINGS={},
    )
    django.setup()

from workbench.services import SettingsService

from ibal_xblock import IbalXBlock

COURSE = CourseLocator("IBALx", "CS101", "2026")
USAGE = BlockUsageLocator(COURSE, "ibal", "chat1")


class LmsUserService(UserService):
    """The attributes the LMS's DjangoXBlockUserService puts on the current user."""

    def __init__(self, user: XBlockUser) -> None:
        super().__init__(user=user)

    def get_current_user(self) -> XBlockUser:
        return self._user


def lms_user(**overrides: Any) -> XBlockUser:
    user = XBlockUser(is_current_user=True, emails=["ada@example.com"], full_name="Ada Lovelace")
    user.opt_attrs.update(
        {
            "edx-platform.anonymous_user_id": "5f0c1d2e3a4b",
            "edx-platform.username": "ada",
            "edx-platform.user_role": "student",
            "edx-platform.user_is_staff": False,
            "edx-platform.is_authenticated": True,
        }
    )
    user.opt_attrs.update(overrides)
    return user


class LmsLikeRuntime(ToyRuntime):
    """ToyRuntime with the LMS's user, i18n and settings services and a private field store."""

    def __init__(self, user: XBlockUser) -> None:
        super().__init__(user_id="ada")
        self._services["field-data"] = KvsFieldData(DictKeyValueStore())
        self._services["user"] = LmsUserService(user)
        self._services["settings"] = SettingsService()


def make_block(user: XBlockUser | None = None, **fields: Any) -> IbalXBlock:
    runtime = LmsLikeRuntime(user or lms_user())
    block = runtime.construct_xblock_from_class(IbalXBlock, ScopeIds("ada", "ibal", "def-chat1", USAGE))
    for name, value in fields.items():
        setattr(block, name, value)
    return block


def call_handler(block: IbalXBlock, name: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = Request.blank("/", method="POST", body=json.dumps(body).encode())
    response = block.runtime.handle(block, name, request)
    return response.status_code, json.loads(response.body)


@pytest.fixture(scope="session")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def private_pem(private_key: rsa.RSAPrivateKey) -> str:
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    ).decode()


@pytest.fixture
def deployment(private_pem: str) -> Iterator[dict[str, Any]]:
    """XBLOCK_SETTINGS["IbalXBlock"] as the Tutor plugin renders it."""
    values = {
        "ws_url": "wss://ws.ibal.example/prod",
        "api_url": "https://api.ibal.example",
        "lms_origin": "https://lms.example.org",
        "assertion_private_key": private_pem,
        "assertion_issuer": "ibal-xblock",
        "assertion_audience": "ibal",
    }
    with override_settings(XBLOCK_SETTINGS={"IbalXBlock": values}):
        yield values
