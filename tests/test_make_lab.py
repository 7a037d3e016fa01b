"""``make lab`` starts a JupyterLab that serves the learner's working copy of the
course (the notebooks, the teacher guide, the data sources) on loopback only, behind
a token, with the course's settings (no news pop-up, no widget state saved).

The venv bootstrap of the Makefile is not re-run here (``make -o STAMP``):
``make test`` has just done it, and this test must not reinstall anything. The
working copy goes to a temporary folder (``COURSE=...``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
STAMPS = (".venv/.kickback-installed", ".venv/.kickback-course-installed")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    """(status, body) of a GET; status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), b""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, b""


def _non_loopback_ip() -> str | None:
    """This machine's outward IPv4 address, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            ip = str(sock.getsockname()[0])
        except OSError:
            return None
    return None if ip.startswith("127.") or ip == "0.0.0.0" else ip


def _isolated_env(base: Path) -> dict[str, str]:
    """HOME and every Jupyter folder moved under ``base``; the venv's
    share/jupyter kept on JUPYTER_PATH."""
    env = dict(os.environ)
    for var in ("HOME", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                "IPYTHONDIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        path = base / var.lower()
        path.mkdir()
        env[var] = str(path)
    share = str(Path(sys.prefix) / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, env.get("JUPYTER_PATH", "")) if p)
    return env


@pytest.fixture
def make_lab(tmp_path: Path) -> Iterator[tuple[int, str, subprocess.Popen[bytes], Path]]:
    """``make lab`` running on a free port with a known token; killed after."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    if not (REPO / ".venv" / "bin" / "jupyter").exists():
        pytest.skip("no .venv yet: run `make test` (it bootstraps .venv first)")
    port, token = _free_port(), secrets.token_hex(16)
    lab_args = (f"--no-browser --port={port} --ServerApp.port_retries=0 "
                f"--IdentityProvider.token={token}")
    log = tmp_path / "make-lab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [make, *(f"-o{stamp}" for stamp in STAMPS), "lab", f"LAB_ARGS={lab_args}",
             f"COURSE={tmp_path / 'my-course'}"],
            cwd=REPO, env=_isolated_env(tmp_path), stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    try:
        yield port, token, process, log
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
        except ProcessLookupError:
            pass


def test_make_lab_serves_the_course(
    make_lab: tuple[int, str, subprocess.Popen[bytes], Path],
) -> None:
    port, token, process, log = make_lab
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    status, body = 0, b""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make lab exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        status, body = _get(f"{base}/api/contents?token={token}")
        if status == 200:
            break
        time.sleep(0.3)
    assert status == 200, f"no answer from make lab in 90 s:\n{log.read_text()[-3000:]}"

    listed = {item["name"] for item in json.loads(body)["content"]}
    assert {"notebooks", "docs", "data"} <= listed, listed
    status, body = _get(f"{base}/api/contents/notebooks?token={token}")
    listed = {item["name"] for item in json.loads(body)["content"]}
    course = {p.name for p in NOTEBOOKS.glob("*.ipynb")}
    assert course <= listed, f"missing from the working copy: {sorted(course - listed)}"
    for linked in ("docs/teacher-guide.md", "data/SOURCES.md"):
        assert _get(f"{base}/api/contents/{linked}?token={token}")[0] == 200, linked
    assert "Created your working copy of the course" in log.read_text()

    settings = {
        "@jupyterlab/apputils-extension:notification": ("fetchNews", "false"),
        "@jupyter-widgets/jupyterlab-manager:plugin": ("saveState", False),
    }
    for plugin, (key, value) in settings.items():
        status, body = _get(f"{base}/lab/api/settings/{plugin}?token={token}")
        assert status == 200, plugin
        assert json.loads(body)["schema"]["properties"][key]["default"] == value, plugin

    assert _get(f"{base}/api/contents")[0] in (401, 403), "the API answered without a token"
    assert _get(f"{base}/api/contents?token=wrong{token}")[0] in (401, 403)

    outward = _non_loopback_ip()
    if outward is not None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(3)
            assert sock.connect_ex((outward, port)) != 0, (
                f"make lab is reachable on {outward}: it must listen on 127.0.0.1 only"
            )
