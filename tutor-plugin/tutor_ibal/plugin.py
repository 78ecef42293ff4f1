"""Tutor plugin for IBAL: installs the chat XBlock and connects Open edX to the IBAL backend."""

from __future__ import annotations

import importlib.resources
from typing import Any

import click
from tutor import config as tutor_config
from tutor import hooks

from . import backend_config
from .__about__ import __version__

PACKAGE_ROOT = importlib.resources.files("tutor_ibal")

########################################
# CONFIGURATION
########################################

hooks.Filters.CONFIG_DEFAULTS.add_items(
    [
        ("IBAL_VERSION", __version__),
        # Where the backend is: the WebSocket API and the HTTP API (sam deploy prints both).
        ("IBAL_WS_URL", ""),
        ("IBAL_API_URL", ""),
        ("IBAL_XBLOCK_VERSION", "0.1.0"),
        # Any pip requirement: a version from an index, or a git URL with #subdirectory=xblock.
        ("IBAL_XBLOCK_PIP_REQUIREMENT", "ibal-xblock=={{ IBAL_XBLOCK_VERSION }}"),
        ("IBAL_OAUTH2_CLIENT_ID", "ibal"),
        ("IBAL_OAUTH2_USERNAME", "ibal"),
        ("IBAL_OAUTH2_CLIENT_SECRET_SSM_PARAMETER", "/ibal/openedx/client-secret"),
        ("IBAL_LMS_ASSERTION_ISSUER", "ibal-xblock"),
        ("IBAL_JWT_AUDIENCE", "ibal"),
    ]
)

# Generated once by `tutor config save`, then kept in config.yml.
hooks.Filters.CONFIG_UNIQUE.add_items(
    [
        ("IBAL_OAUTH2_CLIENT_SECRET", "{{ 40|random_string }}"),
        ("IBAL_LMS_ASSERTION_PRIVATE_KEY", "{{ 2048|rsa_private_key }}"),
    ]
)

########################################
# INITIALIZATION TASKS
########################################


def _init_task(service: str) -> str:
    return (PACKAGE_ROOT / "templates" / "ibal" / "jobs" / "init" / f"{service}.sh").read_text(encoding="utf-8")


# Registers the OAuth2 application (popup mode) in the LMS; safe to re-run.
hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", _init_task("lms")))

########################################
# DOCKER IMAGE MANAGEMENT
########################################

# No image of our own: the XBlock is pip-installed into the openedx image by the
# openedx-dockerfile-post-python-requirements patch below.

########################################
# TEMPLATE RENDERING
########################################

hooks.Filters.ENV_TEMPLATE_ROOTS.add_item(str(PACKAGE_ROOT / "templates"))

########################################
# PATCH LOADING
########################################

for patch in (PACKAGE_ROOT / "patches").iterdir():
    if patch.is_file():
        hooks.Filters.ENV_PATCHES.add_item((patch.name, patch.read_text(encoding="utf-8")))

########################################
# CUSTOM JOBS (do-commands)
########################################


@click.command("init-ibal", help="Register (or update) IBAL's OAuth2 application in the LMS")
def init_ibal() -> list[tuple[str, str]]:
    return [("lms", _init_task("lms"))]


hooks.Filters.CLI_DO_COMMANDS.add_item(init_ibal)

########################################
# CUSTOM CLI COMMANDS
########################################


@click.group(help="Manage the IBAL chat assistant")
def ibal() -> None:
    pass


@ibal.command("backend-config")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(backend_config.RENDERERS)),
    default="sam",
    show_default=True,
    help="sam: SSM + sam deploy commands; env: the self-hosted gateway's environment; json: both",
)
@click.pass_obj
def backend_config_command(context: Any, output_format: str) -> None:
    """Print what the IBAL backend needs to trust this Open edX (contains the OAuth2 client secret)."""
    config = tutor_config.load(context.root)
    click.echo(backend_config.RENDERERS[output_format](config), nl=False)


hooks.Filters.CLI_COMMANDS.add_item(ibal)
