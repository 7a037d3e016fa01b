"""``make present`` (Voila on the learner's working copy): a click on a notebook's link
to the teacher guide opens the guide instead of a Voila error page."""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_servers import REPO, Server, free_port, isolated_env, stop_group

pytestmark = pytest.mark.browser

STAMPS = (".venv/.kickback-installed", ".venv/.kickback-course-installed")


@pytest.fixture
def present(tmp_path: Path) -> Iterator[Server]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    port, token = free_port(), secrets.token_hex(16)
    args = f"--no-browser --port={port} --token={token}"
    log = tmp_path / "make-present.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", *(f"-o{stamp}" for stamp in STAMPS), "present",
             f"PRESENT_ARGS={args}", f"COURSE={tmp_path / 'my-course'}"],
            cwd=REPO, env=isolated_env(tmp_path / "env"), stdout=out,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server("make present", process, port, token, log)
    try:
        server.wait_ready("/", timeout=90)
        yield server
    finally:
        server.stop()
        if process.poll() is None:
            stop_group(process)


def test_the_teacher_guide_link_opens_in_voila(browser: Any, present: Server) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.set_default_timeout(120_000)
    try:
        page.goto(present.url("/voila/render/notebooks/00_start_here.ipynb"),
                  wait_until="load")
        link = page.locator("a[href*='teacher-guide.md']").first
        with page.expect_response(lambda r: "teacher-guide.md" in r.url) as response:
            link.click()
        assert "/voila/files/docs/teacher-guide.md" in response.value.url
        assert response.value.status == 200, present.log_tail()
        assert "# Teacher guide" in response.value.text()
    finally:
        page.close()
