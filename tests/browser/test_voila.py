"""The Voila dashboard (``make present``): served on loopback behind a token, a
course notebook renders with its widgets, and moving a slider changes the
plotted data."""

from __future__ import annotations

import http.client
import time
from typing import Any
from urllib.parse import quote

import pytest
from browser_helpers import (
    INIT_SCRIPT,
    LATENCIES,
    TIMINGS,
    RequestLog,
    calls_show,
    move_slider,
    notebook_paths,
    summary,
    wait_rendered,
)
from browser_servers import NOTEBOOKS_DIR, Server

pytestmark = pytest.mark.browser

#: At most this many notebooks are tried to find one with a slider.
MAX_TRIES = 3
#: Arrow-key presses timed on the slider.
PRESSES = 5
ERROR_TEXT = ("There was an error when executing cell", "Traceback (most recent call last)")


def _status_without_redirect(server: Server, path: str) -> tuple[int, str]:
    """(status, Location header) of a GET, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        conn.close()


def _candidates() -> list[str]:
    """Notebooks that show figures, in course order."""
    return [p.name for p in notebook_paths(NOTEBOOKS_DIR) if calls_show(p)]


def test_voila_requires_the_token(voila_server: Server) -> None:
    """Without the token a notebook page is refused or sent to the login page."""
    names = [p.name for p in notebook_paths(NOTEBOOKS_DIR)]
    if not names:
        pytest.skip(f"no notebooks yet in {NOTEBOOKS_DIR}")
    status, location = _status_without_redirect(
        voila_server, f"/voila/render/{quote(names[0])}"
    )
    assert status in (401, 403) or (status in (302, 303) and "login" in location), (
        f"an unauthenticated request got {status} {location}"
    )


def test_voila_slider_moves_the_plot(browser: Any, voila_server: Server) -> None:
    """A notebook page renders in Voila and a slider changes its figure's data."""
    candidates = _candidates()
    if not candidates:
        pytest.skip(f"no notebook calling show() yet in {NOTEBOOKS_DIR}")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(INIT_SCRIPT)
    log = RequestLog()
    tried = []
    try:
        for name in candidates[:MAX_TRIES]:
            page = context.new_page()
            page.set_default_timeout(90_000)
            log.attach(page)
            start = time.perf_counter()
            # Voila streams the page while the kernel runs it: "load" = executed.
            page.goto(voila_server.url(f"/voila/render/{quote(name)}"), wait_until="load")
            body = page.inner_text("body")
            errors = [e for e in ERROR_TEXT if e in body]
            assert not errors, f"{name} shows an error in Voila:\n{body[-3000:]}"
            status = wait_rendered(page, "body", expect_plots=True, timeout_s=60)
            TIMINGS[f"voila: {name} rendered"] = time.perf_counter() - start
            assert status["widgetErrors"] == [], status
            assert status["plots"] > 0 and status["drawn"] == status["plots"], status
            handles = page.locator(".widget-slider .noUi-handle")
            moving = None
            for i in range(handles.count()):
                if handles.nth(i).is_visible() and not handles.nth(i).evaluate(
                        "h => h.closest('[disabled]') !== null"):
                    handle = handles.nth(i).element_handle()
                    first = move_slider(page, handle, "body")
                    if first["plotChanged"]:
                        moving = (handle, first)
                        break
            tried.append((name, status, "a slider moved the plot" if moving else "no slider did"))
            if moving is None:
                page.close()
                continue
            handle, first = moving
            moves = [first] + [move_slider(page, handle, "body") for _ in range(PRESSES - 1)]
            stuck = [m for m in moves if not m["plotChanged"]]
            assert not stuck, f"{name}: the slider stopped changing the plot in Voila: {stuck}"
            latencies = [m["latency"] for m in moves]
            LATENCIES["voila"].extend(latencies)
            print(f"\n[voila] {name}: {status}; slider {first['label']!r}: "
                  f"{summary(latencies)}")
            break
        else:
            pytest.fail(f"no slider moved a plot in the first {MAX_TRIES} notebooks: {tried}")
    finally:
        context.close()
    assert log.external() == [], f"requests left the machine: {log.external()}"


def test_voila_draws_every_figure_of_the_busiest_notebook(browser: Any,
                                                           voila_server: Server) -> None:
    """The notebook with the most figures: every figure is drawn (they share one
    plotly.js, carried by the first), at the width the page gives it."""
    shows = {p.name: p.read_text(encoding="utf-8").count("show(")
             for p in notebook_paths(NOTEBOOKS_DIR) if calls_show(p)}
    if not shows:
        pytest.skip(f"no notebook calling show() yet in {NOTEBOOKS_DIR}")
    name = max(shows, key=shows.__getitem__)
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    context.add_init_script(INIT_SCRIPT)
    log = RequestLog()
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        log.attach(page)
        start = time.perf_counter()
        page.goto(voila_server.url(f"/voila/render/{quote(name)}"), wait_until="load")
        status = wait_rendered(page, "body", expect_plots=True, timeout_s=90)
        TIMINGS[f"voila: {name} rendered"] = time.perf_counter() - start
        assert status["widgetErrors"] == [] and status["widgetsLoading"] == 0, status
        assert status["plots"] >= 3 and status["drawn"] == status["plots"], status
        widths = page.evaluate(
            "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
            ".filter(p => p._fullLayout && p.clientWidth > 0)"
            ".map(p => [p._fullLayout.width, p.clientWidth])")
        assert widths and all(abs(drawn - given) <= 2 for drawn, given in widths), widths
        # One readable column on a wide screen (62rem), not text across the whole window.
        column = page.evaluate(
            "() => document.querySelector('#rendered_cells > div').getBoundingClientRect().width")
        assert 0 < column <= 62 * 16 + 1, f"the page's column is {column} px wide"
    finally:
        context.close()
    assert log.external() == [], f"requests left the machine: {log.external()}"


def test_voila_notebook_list_stays_on_the_machine(browser: Any, voila_server: Server) -> None:
    """The dashboard's notebook list lists the course and fetches nothing off the machine."""
    names = [p.name for p in notebook_paths(NOTEBOOKS_DIR)]
    if not names:
        pytest.skip(f"no notebooks yet in {NOTEBOOKS_DIR}")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    log = RequestLog()
    try:
        page = context.new_page()
        log.attach(page)
        page.goto(voila_server.url("/"), wait_until="load")
        page.wait_for_selector(f"text={names[0]}")
        listed = page.inner_text("body")
    finally:
        context.close()
    assert all(name in listed for name in names), f"not every notebook is listed:\n{listed}"
    assert log.external() == [], f"the notebook list reached off the machine: {log.external()}"
