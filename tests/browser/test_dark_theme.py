"""Quiz verdicts and warnings are readable in JupyterLab Light and Dark: the contrast of
each coloured text against the background it is actually drawn on, as Chromium
computes them, meets WCAG AA for text (4.5:1)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser_servers import Server, jupyterlab

pytestmark = pytest.mark.browser

AA_TEXT = 4.5

SOURCE = """\
import ipywidgets as w
from kickback_edu.widgets.base import error_html
from kickback_edu.widgets.quiz import Quiz

quiz = Quiz("start_here")
quiz.choices[0].value = quiz.questions[0].answer.text
quiz.choices[1].value = next(c.text for c in quiz.questions[1].choices if not c.correct)
display(quiz)
display(w.HTML(error_html("lift_deg=200 is outside the range 0 to 130")))
"""

#: Each coloured text: its colour and the colour of the first ancestor with an opaque
#: background (half-transparent ones are blended over it), as rgb triples.
COLOURS = r"""
() => {
  const rgba = (text) => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const backdrop = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255];  // the canvas, if nothing is opaque
    for (const [r, g, b, a] of layers.reverse()) {
      out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    }
    return out;
  };
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  return Array.from(panel.querySelectorAll('.kickback-good, .kickback-bad, .kickback-warn'))
    .filter(el => el.offsetParent !== null)
    .map(el => ({kind: el.className, text: el.textContent.trim().slice(0, 40),
                 colour: rgba(getComputedStyle(el).color).slice(0, 3),
                 background: backdrop(el)}));
}
"""


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (0–255)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula() -> None:
    assert contrast([0, 0, 0], [255, 255, 255]) == pytest.approx(21.0)
    assert contrast([0x1B, 0x7F, 0x3B], [0x11, 0x11, 0x11]) == pytest.approx(3.73, abs=0.01)


@pytest.fixture(scope="module")
def contrast_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("contrast-root")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SOURCE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, root / "contrast.ipynb")
    with jupyterlab(tmp_path_factory.mktemp("contrast-lab"), root) as server:
        yield server


def _coloured_texts(page: Any, theme: str) -> list[dict[str, Any]]:
    page.evaluate("async (theme) => { await window.jupyterapp.commands.execute("
                  "'apputils:change-theme', {theme}); }", theme)
    light = "true" if theme == "JupyterLab Light" else "false"
    page.wait_for_function(f"() => document.body.dataset.jpThemeLight === '{light}'")
    page.wait_for_timeout(500)  # the theme's stylesheet applies
    return page.evaluate(COLOURS)


def test_verdicts_and_warnings_meet_aa_in_light_and_dark(
    browser: Any, contrast_lab: Server, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.set_default_timeout(120_000)
    try:
        page.goto(contrast_lab.url("/lab/tree/contrast.ipynb"))
        page.wait_for_function("() => !!window.jupyterapp")
        page.evaluate("""async () => {
          const app = window.jupyterapp;
          await app.started; await app.restored;
          const panel = await app.commands.execute('docmanager:open',
                                                   {path: 'contrast.ipynb'});
          await panel.context.ready; await panel.sessionContext.ready;
          await app.commands.execute('notebook:run-all-cells');
        }""")
        page.wait_for_function(
            "() => document.querySelectorAll('.kickback-good, .kickback-bad, .kickback-warn')"
            ".length >= 3")
        results = {theme: _coloured_texts(page, theme)
                   for theme in ("JupyterLab Light", "JupyterLab Dark")}
    finally:
        page.close()
    failures = []
    for theme, texts in results.items():
        kinds = {t["kind"] for t in texts}
        assert {"kickback-good", "kickback-bad", "kickback-warn"} <= kinds, (theme, texts)
        for t in texts:
            ratio = contrast(t["colour"], t["background"])
            t["ratio"] = round(ratio, 2)
            if ratio < AA_TEXT:
                failures.append((theme, t))
    print("\n".join(f"[contrast] {theme}: {t['kind']} {t['ratio']}:1 "
                    f"({t['colour']} on {[round(c) for c in t['background']]})"
                    for theme, texts in results.items() for t in texts))
    assert failures == [], f"text below {AA_TEXT}:1: {failures}"
