"""Fixtures of the real-browser tests: Chromium (Playwright), one JupyterLab
server, one Voila server and one static-HTML build per session.

Environment variables:

* ``KICKBACK_CHROMIUM``: path of the Chromium binary (else ``/usr/bin/chromium``,
  else ``chromium`` on ``PATH``).
* ``KICKBACK_REQUIRE_BROWSER=1``: a missing browser fails instead of skipping
  (``.ci/run`` sets it).
* ``KICKBACK_NOTEBOOKS_DIR``: the notebooks to test (default: ``notebooks/``).

Every server runs on 127.0.0.1 with a random token, in its own process group,
with HOME and every Jupyter/IPython directory moved into a temp folder; it is
stopped with ``killpg`` at teardown, kernels included.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import LATENCIES, TIMINGS, notebook_paths, summary
from browser_servers import (
    NOTEBOOKS_DIR,
    REPO,
    Server,
    free_port,
    isolated_env,
    jupyterlab,
    start_server,
)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``notebook`` over the course notebooks (one skipped case if none)."""
    if "notebook" not in metafunc.fixturenames:
        return
    paths = notebook_paths(NOTEBOOKS_DIR)
    if paths:
        metafunc.parametrize("notebook", paths, ids=[p.stem for p in paths])
    else:
        reason = f"no notebooks yet in {NOTEBOOKS_DIR}"
        metafunc.parametrize("notebook", [pytest.param(None, marks=pytest.mark.skip(reason))])


# --------------------------------------------------------------------- browser


def chromium_executable() -> tuple[str | None, str]:
    """The Chromium to drive ($KICKBACK_CHROMIUM, /usr/bin/chromium, PATH), or
    None and why not."""
    chosen = os.environ.get("KICKBACK_CHROMIUM")
    if chosen:
        if Path(chosen).is_file() and os.access(chosen, os.X_OK):
            return chosen, ""
        return None, f"KICKBACK_CHROMIUM={chosen} is not an executable file"
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate, ""
    return None, "no Chromium found (set KICKBACK_CHROMIUM, or `apt-get install chromium`)"


def no_browser(reason: str) -> None:
    """Skip loudly, or fail when the browser is required (CI)."""
    message = f"BROWSER TESTS NOT RUN: {reason}"
    if os.environ.get("KICKBACK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (KICKBACK_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session.

    Playwright's ``launch()`` gives it a fresh temporary user-data-dir (profile),
    deleted when the browser closes.
    """
    executable, why_not = chromium_executable()
    if executable is None:
        no_browser(why_not)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        no_browser(f"playwright is not installed ({exc})")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One JupyterLab server for the session, root_dir = the notebooks folder."""
    base = tmp_path_factory.mktemp("lab")
    with jupyterlab(base, NOTEBOOKS_DIR) as server:
        yield server
    saved = [line for line in server.log_tail(10**9).splitlines() if "Saving file at" in line]
    assert not saved, f"JupyterLab wrote into the course notebooks: {saved}"


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One Voila server for the session, serving the notebooks folder with the
    options of ``make present`` (token, loopback, the CDN-free template)."""
    base = tmp_path_factory.mktemp("voila")
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "voila", str(NOTEBOOKS_DIR),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        f"--token={token}",
        "--template=kickback",
        "--show_tracebacks=True",
    ]
    env = isolated_env(base, jupyter_path=(REPO / "tools" / "jupyter",))
    server = start_server("voila", cmd, env, NOTEBOOKS_DIR,
                          base / "voila.log", port, token)
    try:
        server.wait_ready("/", timeout=90)
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------- static pages


@pytest.fixture(scope="session")
def static_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Build the handouts once per session with tools/build_html.py.

    Returns the manifest written by the builder plus ``"out"``, the folder.
    """
    if not notebook_paths(NOTEBOOKS_DIR):
        pytest.skip(f"no notebooks yet in {NOTEBOOKS_DIR}")
    out = tmp_path_factory.mktemp("html")
    # Isolated like the servers; the builder sets KICKBACK_STATIC for its kernels.
    env = isolated_env(tmp_path_factory.mktemp("html-build"))
    cmd = [sys.executable, str(REPO / "tools" / "build_html.py"),
           "--out", str(out), "--notebooks", str(NOTEBOOKS_DIR)]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=900, check=False)
    seconds = TIMINGS["static: build_html (all notebooks)"] = time.perf_counter() - start
    assert result.returncode == 0, f"build_html failed:\n{result.stdout}\n{result.stderr}"
    print(f"\n[static] build_html: {seconds:.1f} s\n{result.stdout}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["out"] = out
    return manifest


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the slider → plot latencies and timings measured this session."""
    if not LATENCIES and not TIMINGS:
        return
    terminalreporter.section("kickback_edu browser timings")
    for app, values in sorted(LATENCIES.items()):
        terminalreporter.write_line(f"slider key press -> plot data changed, {app}: "
                                    f"{summary(values)}")
    for name, seconds in sorted(TIMINGS.items()):
        terminalreporter.write_line(f"{name}: {seconds:.1f} s")
