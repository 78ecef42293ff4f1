"""The plugin's wheel carries its patches and init task, and the tutor entry point."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def test_wheel_ships_patches_templates_and_the_plugin_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(PROJECT)],
        check=True,
    )
    [wheel] = tmp_path.glob("tutor_contrib_ibal-*.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))

    assert "tutor_ibal/patches/openedx-lms-common-settings" in names
    assert "tutor_ibal/patches/openedx-dockerfile-post-python-requirements" in names
    assert "tutor_ibal/templates/ibal/jobs/init/lms.sh" in names
    assert "[tutor.plugin.v1]\nibal = tutor_ibal.plugin" in entry_points
