"""Servers for the browser tests: free port, isolated environment, start in a
process group, wait until ready, stop with ``killpg``."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = Path(os.environ.get("KICKBACK_NOTEBOOKS_DIR", REPO / "notebooks")).resolve()

# JupyterLab user settings for the test run: no news/update check (they would
# leave the machine), no autosave (it must never write outputs into the
# course notebooks), every cell attached to the DOM (no virtual scrolling).
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}



def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def isolated_env(base: Path, jupyter_path: tuple[Path, ...] = ()) -> dict[str, str]:
    """The environment of a server: every user folder moved under ``base``.

    ``jupyter_path`` folders, then the venv's ``share/jupyter``, go on
    JUPYTER_PATH so kernels, lab extensions and templates are still found;
    the repo's ``src`` comes first on PYTHONPATH so kernels run this
    checkout's library; static mode is off.
    """
    env = dict(os.environ)
    env.pop("KICKBACK_STATIC", None)
    dirs = {
        "HOME": "home",
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "IPYTHONDIR": "ipython",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
    }
    for var, name in dirs.items():
        path = base / name
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    paths = [*map(str, jupyter_path), str(Path(sys.prefix) / "share" / "jupyter")]
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (*paths, env.get("JUPYTER_PATH", "")) if p)
    src = str(REPO / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    for name, values in LAB_SETTINGS.items():
        target = base / "lab-settings" / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    return env


def root_flag() -> list[str]:
    """``--allow-root`` when running as root (jupyter refuses otherwise)."""
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def http_status(url: str, timeout: float = 5.0) -> int:
    """HTTP status of a GET to ``url`` (0 when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0


@dataclass
class Server:
    """A server process started by a test, in its own process group."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    token: str
    log: Path
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, token: bool = True) -> str:
        """Absolute URL of ``path`` on this server, with the token if asked."""
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}" if token else f"{self.base}{path}"

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log, for failure messages."""
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def wait_ready(self, path: str, timeout: float) -> None:
        """Wait until ``path`` answers 200 with the token, or fail with the log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.name} exited ({self.process.returncode}):\n{self.log_tail()}")
            if http_status(self.url(path), timeout=2) == 200:
                return
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM the whole process group, SIGKILL it if it lingers."""
        if self.process.poll() is None:
            stop_group(self.process)


def stop_group(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Terminate the process group led by ``process`` (kernels included)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # children that outlived the leader
    except ProcessLookupError:
        pass
    process.wait(timeout=grace)


def start_server(name: str, cmd: list[str], env: dict[str, str], cwd: Path, log: Path,
                 port: int, token: str) -> Server:
    """Start ``cmd`` in a new session (process group), output to ``log``."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    return Server(name, process, port, token, log)


@contextmanager
def jupyterlab(base: Path, root_dir: Path) -> Iterator[Server]:
    """An isolated JupyterLab on 127.0.0.1 with a random token, serving ``root_dir``,
    ready when it enters; stopped with its whole process group (kernels included)
    when it exits. ``base``: the folder for its settings, runtime files and log."""
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.extension_manager=readonly",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--FileCheckpoints.checkpoint_dir={base / 'checkpoints'}",
        *root_flag(),
    ]
    server = start_server("jupyter lab", cmd, isolated_env(base), root_dir,
                          base / "lab.log", port, token)
    try:
        server.wait_ready("/api/status", timeout=90)
        yield server
    finally:
        server.stop()
