"""`tutor config save` with the plugin: secrets, LMS settings, the openedx image."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from .conftest import API_URL, WS_URL, Tutor, saved_config, tutor_cli

SETTINGS_FILES = ("apps/openedx/settings/lms/production.py", "apps/openedx/settings/lms/development.py")


def ibal_xblock_settings(settings_py: str) -> dict[str, Any]:
    """Run the plugin's patch as the LMS would, on an empty XBLOCK_SETTINGS."""
    match = re.search(r'^XBLOCK_SETTINGS\.setdefault\("IbalXBlock".*?^\}\)$', settings_py, re.S | re.M)
    assert match, "the LMS settings do not configure XBLOCK_SETTINGS['IbalXBlock']"
    namespace: dict[str, Any] = {"XBLOCK_SETTINGS": {"OtherXBlock": {"kept": True}}}
    exec(compile(match.group(0), "lms-settings", "exec"), namespace)  # noqa: S102  (our own rendered template)
    assert namespace["XBLOCK_SETTINGS"]["OtherXBlock"] == {"kept": True}
    settings: dict[str, Any] = namespace["XBLOCK_SETTINGS"]["IbalXBlock"]
    return settings


def test_secrets_are_generated_once_and_stay_stable_across_saves(configured: Path, tutor: Tutor) -> None:
    first = saved_config(configured)

    tutor("config", "save")
    second = saved_config(configured)

    assert len(first["IBAL_OAUTH2_CLIENT_SECRET"]) >= 32
    key = load_pem_private_key(first["IBAL_LMS_ASSERTION_PRIVATE_KEY"].encode(), password=None)
    assert isinstance(key, RSAPrivateKey) and key.key_size == 2048
    assert second["IBAL_OAUTH2_CLIENT_SECRET"] == first["IBAL_OAUTH2_CLIENT_SECRET"]
    assert second["IBAL_LMS_ASSERTION_PRIVATE_KEY"] == first["IBAL_LMS_ASSERTION_PRIVATE_KEY"]


def test_each_tutor_project_gets_its_own_secrets(configured: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    tutor_cli(other)("plugins", "enable", "ibal")
    tutor_cli(other)("config", "save")

    assert saved_config(other)["IBAL_OAUTH2_CLIENT_SECRET"] != saved_config(configured)["IBAL_OAUTH2_CLIENT_SECRET"]


def test_lms_settings_hand_the_block_its_endpoints_and_signing_key(configured: Path) -> None:
    config = saved_config(configured)

    for name in SETTINGS_FILES:
        source = (configured / "env" / name).read_text()
        compile(source, name, "exec")  # the whole settings module is still valid Python
        assert ibal_xblock_settings(source) == {
            "ws_url": WS_URL,
            "api_url": API_URL,
            "lms_origin": "http://local.openedx.io",
            "assertion_private_key": config["IBAL_LMS_ASSERTION_PRIVATE_KEY"],
            "assertion_issuer": "ibal-xblock",
            "assertion_audience": "ibal",
        }, name


def test_lms_origin_follows_https_and_the_lms_host(configured: Path, tutor: Tutor) -> None:
    tutor("config", "save", "--set", "ENABLE_HTTPS=true", "--set", "LMS_HOST=learn.example.org")

    source = (configured / "env" / SETTINGS_FILES[0]).read_text()

    assert ibal_xblock_settings(source)["lms_origin"] == "https://learn.example.org"


def test_openedx_image_installs_the_xblock(configured: Path, tutor: Tutor) -> None:
    dockerfile = configured / "env" / "build" / "openedx" / "Dockerfile"
    assert "$PIP_COMMAND install 'ibal-xblock==0.1.0'" in dockerfile.read_text()

    tutor(
        "config", "save", "--set", "IBAL_XBLOCK_PIP_REQUIREMENT=git+https://git.example/ibal.git@v1#subdirectory=xblock"
    )

    assert "install 'git+https://git.example/ibal.git@v1#subdirectory=xblock'" in dockerfile.read_text()
