"""A learner's session in ``make lab``, in Chromium: the first notebook opens without the
news pop-up, a click on the teacher-guide link opens the guide, run all + save write
into the learner's working copy only (``git status`` stays clean), and the saved
notebook keeps the widgets' "run this cell" text instead of views that need a kernel.

``make lab`` is started as a learner starts it (the Makefile's recipe; the venv
bootstrap skipped with ``-o``), with --no-browser, a token, 127.0.0.1 and a free port.
The working copy is the default ``my-course/`` when the checkout has none yet (removed
afterwards), else a temporary folder.
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
from browser_helpers import INIT_SCRIPT, RequestLog, wait_rendered
from browser_servers import REPO, Server, free_port, stop_group

pytestmark = pytest.mark.browser

STAMPS = (".venv/.kickback-installed", ".venv/.kickback-course-installed")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FIRST = "notebooks/00_start_here.ipynb"


def _git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                          cwd=REPO, capture_output=True, text=True, check=True).stdout


def _learner_env(base: Path) -> dict[str, str]:
    """A new learner's environment: HOME and every Jupyter folder empty (no user
    settings: the course's own settings must keep the news pop-up away)."""
    env = dict(os.environ)
    for var in ("HOME", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                "IPYTHONDIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        path = base / var.lower()
        path.mkdir(parents=True)
        env[var] = str(path)
    share = str(Path(sys.prefix) / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, env.get("JUPYTER_PATH", "")) if p)
    env.pop("KICKBACK_STATIC", None)
    return env


@pytest.fixture
def learner_lab(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    """``make lab`` running; yields the server and the working copy it serves."""
    if shutil.which("make") is None or shutil.which("git") is None:
        pytest.skip("make and git are needed")
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    default = REPO / "my-course"
    course = default if not default.exists() else tmp_path / "my-course"
    port, token = free_port(), secrets.token_hex(16)
    lab_args = (f"--no-browser --port={port} --ServerApp.port_retries=0 "
                f"--IdentityProvider.token={token} --LabApp.expose_app_in_browser=True")
    log = tmp_path / "make-lab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", *(f"-o{stamp}" for stamp in STAMPS), "lab", f"LAB_ARGS={lab_args}",
             f"COURSE={course}"],
            cwd=REPO, env=_learner_env(tmp_path / "env"), stdout=out,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server("make lab", process, port, token, log)
    try:
        server.wait_ready("/api/status", timeout=90)
        yield server, course
    finally:
        server.stop()
        if process.poll() is None:
            stop_group(process)
        if course == default:
            shutil.rmtree(default, ignore_errors=True)


def test_a_learner_session_leaves_the_course_clean(
    browser: Any, learner_lab: tuple[Server, Path]
) -> None:
    server, course = learner_lab
    before = _git_status()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(90_000)
    log = RequestLog()
    log.attach(page)
    try:
        page.goto(server.url("/"))  # the lab's default URL: the first notebook
        page.wait_for_function("() => !!window.jupyterapp", timeout=90_000)
        page.evaluate("async () => { await window.jupyterapp.started;"
                      " await window.jupyterapp.restored; }")
        panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
        path = page.evaluate("""async () => {
          const deadline = Date.now() + 60000;
          while (Date.now() < deadline) {
            const widget = window.jupyterapp.shell.currentWidget;
            if (widget?.sessionContext) {
              await widget.context.ready;
              await widget.sessionContext.ready;
              return widget.context.path;
            }
            await new Promise(r => setTimeout(r, 200));
          }
          return String(window.jupyterapp.shell.currentWidget?.title?.label);
        }""")
        assert path == FIRST
        page.evaluate("() => window.jupyterapp.shell.currentWidget.node"
                      ".setAttribute('data-kb-nb', 'first')")

        # The teacher-guide link opens the guide (served from the working copy).
        page.evaluate("""async () => {
          const notebook = window.jupyterapp.shell.currentWidget.content;
          const index = notebook.widgets.findIndex(c =>
            c.model.sharedModel.getSource().includes('teacher-guide.md'));
          await notebook.scrollToItem(index, 'center');
        }""")
        link = page.locator(f"{panel} .jp-RenderedMarkdown a[href*='teacher-guide.md']")
        link.first.click()
        page.wait_for_function(
            "() => window.jupyterapp.shell.currentWidget?.context?.path"
            " === 'docs/teacher-guide.md'", timeout=30_000)
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:open',"
                      f" {{path: '{FIRST}'}})")

        # Run all, wait for the figure, save.
        page.evaluate("async () => { await window.jupyterapp.commands.execute("
                      "'notebook:run-all-cells'); }")
        page.wait_for_function(
            "() => { const p = window.jupyterapp.shell.currentWidget;"
            " return p.sessionContext.session?.kernel?.status === 'idle' &&"
            " p.content.widgets.every(c => c.model.type !== 'code' ||"
            " c.model.sharedModel.getSource().trim() === '' || c.model.executionCount); }",
            timeout=240_000)
        status = wait_rendered(page, '[data-kb-nb="first"]', expect_plots=True,
                               timeout_s=60, expect_widgets=1)
        assert status["plots"] and status["drawn"] == status["plots"], status
        # No news pop-up ("Would you like to get notified about official Jupyter news?").
        page.wait_for_timeout(2000)  # it would show shortly after start
        news = page.get_by_text("get notified about official Jupyter news")
        assert news.count() == 0, news.evaluate_all(
            "els => els.map(e => e.outerHTML.slice(0, 300) + ' IN '"
            " + (e.parentElement?.className || ''))")
        page.evaluate("async () => { await window.jupyterapp.commands.execute("
                      "'docmanager:save'); }")
        time.sleep(1.0)
    finally:
        context.close()
    server.stop()

    assert _git_status() == before, "the session changed tracked files of the course"
    saved = json.loads((course / FIRST).read_text(encoding="utf-8"))
    outputs = [o for c in saved["cells"] for o in c.get("outputs", [])]
    assert outputs, "nothing was saved into the working copy"
    assert not [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    texts = ["".join(o.get("data", {}).get("text/plain", "")) for o in outputs]
    assert any("Run this cell" in t for t in texts), texts
    assert "widgets" not in saved.get("metadata", {})
    assert log.external() == [], log.external()
