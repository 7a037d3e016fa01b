"""The static handouts (``make html``) open offline: every page draws all its
figures with the network cut off, and the index links every page with
descriptive text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_helpers import INIT_SCRIPT, calls_show, wait_rendered

pytestmark = pytest.mark.browser

LOCAL_PREFIXES = ("file:", "data:", "blob:", "about:")
VAGUE_LINK_TEXTS = {"here", "click here", "link", "this link", "more", "read more"}


def _offline_page(browser: Any) -> tuple[Any, Any, list[str], list[str]]:
    """A page whose every non-local request is aborted (and recorded)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.add_init_script(INIT_SCRIPT)
    blocked: list[str] = []

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, blocked, errors


def test_static_handout_draws_offline(
    browser: Any, static_site: dict[str, Any], notebook: Path
) -> None:
    """Every figure the kernel produced draws in the page, with no network."""
    pages = {p["notebook"]: p for p in static_site["pages"]}
    assert notebook.name in pages, f"no handout built for {notebook.name}"
    entry = pages[notebook.name]
    if calls_show(notebook):
        assert entry["figures"] > 0, f"{notebook.name} calls show() but its handout has no figure"
    assert entry["blank_widgets"] == 0, (
        f"{notebook.name}: {entry['blank_widgets']} live widget(s) shown without show(): "
        "they are blank in the handout"
    )
    context, page, blocked, errors = _offline_page(browser)
    try:
        page.goto((static_site["out"] / entry["html"]).as_uri(), wait_until="load")
        status = wait_rendered(page, "body", expect_plots=entry["figures"] > 0, timeout_s=60)
    finally:
        context.close()
    assert status["drawn"] == status["plots"], f"figures not drawn offline: {status}"
    assert status["plots"] >= entry["figures"], (
        f"expected {entry['figures']} figure(s), {status['plots']} in the page"
    )
    assert blocked == [], f"the page tried to reach the network: {blocked}"
    assert errors == [], f"JavaScript errors: {errors}"
    print(f"\n[static] {entry['html']}: {status['drawn']} figure(s) drawn offline")


def test_static_index_links_every_handout(browser: Any, static_site: dict[str, Any]) -> None:
    """index.html links each page once, with its title as the link text."""
    context, page, blocked, errors = _offline_page(browser)
    try:
        page.goto((static_site["out"] / "index.html").as_uri(), wait_until="load")
        links = page.eval_on_selector_all(
            "a[href]", "els => els.map(a => [a.getAttribute('href'), a.textContent.trim()])"
        )
        lang = page.get_attribute("html", "lang")
    finally:
        context.close()
    hrefs = {href: text for href, text in links}
    for entry in static_site["pages"]:
        assert entry["html"] in hrefs, f"index.html does not link {entry['html']}"
        text = hrefs[entry["html"]]
        assert text and text.lower() not in VAGUE_LINK_TEXTS, f"vague link text {text!r}"
        assert (static_site["out"] / entry["html"]).is_file()
    assert lang, "index.html needs a lang attribute"
    assert blocked == [] and errors == []


def test_tables_fit_a_narrow_notebook(browser: Any, static_site: dict[str, Any]) -> None:
    """Every table of the handouts (the lab's own stylesheet, as in JupyterLab) fits an
    output column 468 px wide, a notebook's at a 900 px window with the file browser
    open: wider, its last column was cut off at the notebook's edge."""
    # The handout's output column is the window less 46 px (its margins).
    context = browser.new_context(viewport={"width": 468 + 46, "height": 900})
    too_wide = []
    try:
        page = context.new_page()
        for entry in static_site["pages"]:
            page.goto((static_site["out"] / entry["html"]).as_uri(), wait_until="load")
            found = page.evaluate(
                "() => Array.from(document.querySelectorAll('.jp-OutputArea-output table'))"
                ".map(t => [t.className, t.closest('.jp-OutputArea-output')"
                ".getBoundingClientRect().width, t.getBoundingClientRect().width])")
            assert all(abs(column - 468) <= 1 for _, column, _ in found), found
            too_wide += [(entry["html"], name, round(w)) for name, _, w in found if w > 468.5]
    finally:
        context.close()
    assert too_wide == [], f"tables wider than 468 px: {too_wide}"
