"""The wheel the openedx image installs carries the templates, the built JS client, CSS and the entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from ibal_xblock.ibal import JS_FILES

PROJECT = Path(__file__).resolve().parents[1]


def test_wheel_ships_assets_the_built_client_and_the_xblock_entry_point(tmp_path: Path) -> None:
    # setuptools builds in the source tree: build from a copy to leave xblock/ clean. The copy
    # has no built client; packaging builds it from ../frontend (here the repository's).
    source = tmp_path / "xblock"
    shutil.copytree(
        PROJECT, source, ignore=shutil.ignore_patterns("build", "dist", "*.egg-info", ".*_cache", "__pycache__")
    )
    (tmp_path / "frontend").symlink_to(PROJECT.parent / "frontend", target_is_directory=True)
    assert not (source / "ibal_xblock/static/js/build/ibal-chat.js").exists()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True,
    )
    [wheel] = tmp_path.glob("ibal_xblock-*.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))

    assert "ibal_xblock/templates/student_view.html" in names
    assert "ibal_xblock/static/css/ibal.css" in names
    assert {f"ibal_xblock/static/js/{name}" for name in JS_FILES} <= names
    with zipfile.ZipFile(wheel) as archive:
        client = archive.read("ibal_xblock/static/js/build/ibal-chat.js").decode()
    assert client.startswith("var IbalChat=") and "createLmsChat" in client
    assert not [n for n in names if n.endswith(("connection.js", "auth.js"))], "the old ES5 client is gone"
    assert not [n for n in names if n.startswith("tests/")]
    assert "[xblock.v1]\nibal = ibal_xblock:IbalXBlock" in entry_points
