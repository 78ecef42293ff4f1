"""Packaging hook: the XBlock's JavaScript client is the web app's, built from ../frontend.

`pip wheel`, `pip install` and `python -m build` run this before setuptools collects the
package's files, so the wheel (and the sdist) ship static/js/build/ibal-chat.js. The build
needs Node 20+ and the npm registry only (`npm ci` when frontend/node_modules is missing,
then `npm run build:xblock`, Vite in library mode). A tree without ../frontend — an
unpacked sdist — uses the bundle it carries. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
FRONTEND = HERE.parent / "frontend"
BUNDLE = HERE / "ibal_xblock" / "static" / "js" / "build" / "ibal-chat.js"


def build_bundle() -> None:
    if not (FRONTEND / "package.json").is_file():
        if BUNDLE.is_file():
            return
        raise SystemExit(f"{BUNDLE} is missing and there is no ../frontend to build it from")
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("building ibal-xblock needs Node 20+ and npm (the chat client is built from ../frontend)")
    if not (FRONTEND / "node_modules" / ".package-lock.json").is_file():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)  # noqa: S603 (npm from PATH)
    env = {**os.environ, "IBAL_EMBED_OUT_DIR": str(BUNDLE.parent)}
    subprocess.run([npm, "run", "--silent", "build:xblock"], cwd=FRONTEND, env=env, check=True)  # noqa: S603


class BuildPyWithBundle(build_py):
    def run(self) -> None:
        build_bundle()
        super().run()


class SdistWithBundle(sdist):
    def run(self) -> None:
        build_bundle()
        super().run()


setup(cmdclass={"build_py": BuildPyWithBundle, "sdist": SdistWithBundle})
