"""The LMS init task registers the OAuth2 application with create_dot_application's real arguments."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from tutor import config as tutor_config
from tutor import env, hooks, plugins

from .conftest import Tutor

# The options of openedx-platform's create_dot_application (oauth_dispatch/management/
# commands/create_dot_application.py, add_arguments) and its positional name + username.
CREATE_DOT_APPLICATION_OPTIONS = {
    "--grant-type",
    "--redirect-uris",
    "--public",
    "--skip-authorization",
    "--client-id",
    "--client-secret",
    "--scopes",
    "--update",
}
CREATE_DOT_APPLICATION_FLAGS = {"--public", "--skip-authorization", "--update"}


@pytest.fixture(scope="module")
def init_tasks() -> list[tuple[str, str]]:
    """The plugin's init tasks, as `tutor local do init` collects them (a module registers its hooks once)."""
    hooks.Actions.CORE_READY.do()
    plugins.load("ibal")
    return list(hooks.Filters.CLI_DO_INIT_TASKS.iterate_from_context(hooks.Contexts.app("ibal").name))


def create_dot_application(script: str) -> tuple[list[str], dict[str, str | bool]]:
    """Parse the rendered create_dot_application call into positionals and options."""
    command = script.split("create_dot_application", 1)[1].replace("\\\n", " ")
    words = shlex.split(command, comments=True)
    positionals: list[str] = []
    options: dict[str, str | bool] = {}
    while words:
        word = words.pop(0)
        if word in CREATE_DOT_APPLICATION_FLAGS:
            options[word] = True
        elif word.startswith("--"):
            assert word in CREATE_DOT_APPLICATION_OPTIONS, f"create_dot_application has no {word}"
            options[word] = words.pop(0)
        else:
            positionals.append(word)
    return positionals, options


def test_the_lms_init_task_registers_the_oauth2_application(
    configured: Path, init_tasks: list[tuple[str, str]]
) -> None:
    config = tutor_config.load(str(configured))

    [(service, task)] = init_tasks
    script = env.render_str(config, task)

    assert service == "lms"
    assert "./manage.py lms manage_user ibal ibal@local.openedx.io --unusable-password" in script
    positionals, options = create_dot_application(script)
    assert positionals == ["ibal", "ibal"]
    assert options == {
        "--grant-type": "authorization-code",
        "--skip-authorization": True,
        "--redirect-uris": "https://api.ibal.example/api/oauth/openedx/callback",
        "--client-id": "ibal",
        "--client-secret": config["IBAL_OAUTH2_CLIENT_SECRET"],
        "--scopes": "user_id",
        "--update": True,
    }


def test_without_an_api_url_the_task_explains_instead_of_registering(
    configured: Path, tutor: Tutor, init_tasks: list[tuple[str, str]]
) -> None:
    tutor("config", "save", "--set", "IBAL_API_URL=")
    config = tutor_config.load(str(configured))

    script = env.render_str(config, init_tasks[0][1])

    assert "create_dot_application" not in script
    assert "tutor local do init-ibal" in script


def test_init_ibal_is_a_do_command(configured: Path, tutor: Tutor) -> None:
    assert "init-ibal" in tutor("local", "do", "--help")
    assert "Register (or update) IBAL's OAuth2 application" in tutor("local", "do", "init-ibal", "--help")
