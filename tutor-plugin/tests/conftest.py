"""A fresh Tutor project root per test, driven through the real `tutor` command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

TUTOR = str(Path(sys.executable).with_name("tutor"))
API_URL = "https://api.ibal.example/"
WS_URL = "wss://ws.ibal.example/prod"

Tutor = Callable[..., str]


@pytest.fixture
def tutor_root(tmp_path: Path) -> Path:
    return tmp_path / "tutor"


def tutor_cli(root: Path) -> Tutor:
    """Run `tutor ARGS` against a project root; return stdout, fail with stderr."""
    env = {**os.environ, "TUTOR_ROOT": str(root), "TUTOR_PLUGINS_ROOT": str(root / "plugins")}

    def run(*args: str) -> str:
        done = subprocess.run([TUTOR, *args], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"tutor {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    return run


@pytest.fixture
def tutor(tutor_root: Path) -> Tutor:
    return tutor_cli(tutor_root)


def configure(root: Path) -> Path:
    """`tutor plugins enable ibal` + `tutor config save` with the backend's URLs."""
    tutor = tutor_cli(root)
    tutor("plugins", "enable", "ibal")
    tutor("config", "save", "--set", f"IBAL_API_URL={API_URL}", "--set", f"IBAL_WS_URL={WS_URL}")
    return root


@pytest.fixture
def configured(tutor_root: Path) -> Path:
    """A project of its own, for tests that change the config."""
    return configure(tutor_root)


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project per module, for tests that only read (tutor config save takes seconds)."""
    return configure(tmp_path_factory.mktemp("tutor"))


def saved_config(root: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((root / "config.yml").read_text())
    return loaded
