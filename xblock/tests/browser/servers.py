"""Starts the real servers the browser test needs: the IBAL gateway jar and the xblock-sdk workbench."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
# Another checkout's gateway (its jar and template.yaml), to try a backend branch before it is merged.
GATEWAY_ROOT = Path(os.environ.get("IBAL_E2E_GATEWAY_ROOT", REPO_ROOT))
GATEWAY_JAR = GATEWAY_ROOT / "gateway" / "target" / "ibal-gateway.jar"
BROWSER_DIR = Path(__file__).resolve().parent
# 2 shared cores: a cold JVM with Spring can take a while.
GATEWAY_START_SECONDS = 120
WORKBENCH_START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def java_home() -> str:
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    found = subprocess.run([str(REPO_ROOT / "scripts" / "find-jdk")], capture_output=True, text=True, check=False)
    if found.returncode != 0 or not found.stdout.strip():
        raise RuntimeError(f"no JDK >= 21 for the gateway: {found.stdout}{found.stderr}")
    return found.stdout.strip()


def wait_for_http(url: str, process: subprocess.Popen[bytes], log: Path, seconds: int) -> None:
    """Wait until url answers at all (any status); fail with the server's log if it dies or stalls."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} server exited with {process.returncode}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds} s:\n{tail(log)}")


def tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else "(no log)"


@contextmanager
def running(command: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def gateway(
    workdir: Path, *, public_jwk: str, allowed_origin: str, settings: dict[str, str] | None = None
) -> Iterator[str]:
    """The real gateway on a free port with in-memory storage; yields its base URL.

    `settings` adds function or gateway settings (e.g. DEMO_MODEL_DELAY_MS, MESSAGE_MAX_CHARS).
    """
    port = free_port()
    # The gateway reads template.yaml: a setting named like a function variable, or like a template
    # parameter in UPPER_SNAKE_CASE (ALLOWED_ORIGINS also drives CORS), overrides it.
    env = {
        **os.environ,
        "IBAL_PORT": str(port),
        "IBAL_STORE": "memory",
        "LMS_ASSERTION_PUBLIC_JWK": public_jwk,
        "LMS_ASSERTION_ISSUER": "ibal-xblock",
        "ALLOWED_ORIGINS": allowed_origin,
        **(settings or {}),
    }
    command = [str(Path(java_home()) / "bin" / "java"), "-jar", str(GATEWAY_JAR)]
    log = workdir / "gateway.log"
    with running(command, cwd=GATEWAY_ROOT, env=env, log=log) as process:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/api/health", process, log, GATEWAY_START_SECONDS)
        yield base


@contextmanager
def workbench(workdir: Path, *, port: int, xblock_settings: str) -> Iterator[str]:
    """The xblock-sdk workbench (Django dev server) with this block installed; yields its base URL."""
    (workdir / "var").mkdir(exist_ok=True)  # the workbench logs to ./var
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(BROWSER_DIR), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "workbench_settings",
        "IBAL_WORKBENCH_DB": str(workdir / "workbench.sqlite3"),
        "IBAL_XBLOCK_SETTINGS": xblock_settings,
        "EXCLUDE_SAMPLE_XBLOCKS": "yes",
    }
    django = [sys.executable, "-m", "django"]
    subprocess.run([*django, "migrate", "--run-syncdb", "-v0"], cwd=workdir, env=env, check=True)
    log = workdir / "workbench.log"
    command = [*django, "runserver", f"127.0.0.1:{port}", "--noreload"]
    with running(command, cwd=workdir, env=env, log=log) as process:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/", process, log, WORKBENCH_START_SECONDS)
        yield base
