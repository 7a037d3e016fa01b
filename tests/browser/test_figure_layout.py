"""No label collides with another, and none is cut off, from 468 to 1366 px.

Every course figure (each widget's figure at its starting values and in the states
where labels crowd, and the side view at the key positions a static page shows) is
drawn by plotly.js in Chromium inside a column as wide as JupyterLab leaves a figure
in a 900 px window with the file browser open (468 px, measured in
test_widget_layout.py), ResistanceLab's figure beside its settings panel in a
1366 px window with the file browser open (541 px, measured there), a narrow
notebook, a printed page (680 px), a 900 px window and a laptop screen. The
bounding boxes of every piece of text plotly drew (titles, axis titles, tick
labels, annotations, legend entries, colour-bar labels, text on the traces) must
not overlap one another, and must lie inside the figure.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import plotly.io as pio
import pytest
from plotly.offline import get_plotlyjs

pytestmark = pytest.mark.browser

# 468 px: a notebook's output column in JupyterLab at a 900 px window with the file
# browser open; 541 px: ResistanceLab's figure beside its settings panel at 1366 px (both
# measured in test_widget_layout.py); 680 px: the printable width of a handout page
# (tools/build_html.py PRINT_WIDTH_PX).
WIDTHS = (468, 541, 620, 680, 900, 1366)
# Overlaps smaller than this (px, in both directions) are anti-aliasing, not a collision.
TOLERANCE_PX = 1.5


def course_figures() -> dict[str, Any]:
    """Name -> plotly figure, for every figure a learner sees at its start."""
    from kickback_edu import Body, Cable, widgets
    from kickback_edu.figures import leg_animation_figure, repetition_figure, side_view_figure
    from kickback_edu.figures.leg import side_view_knee_comparison, side_view_small_multiples
    from kickback_edu.my_equipment import CableSetup
    from kickback_edu.planning import plan_progression

    body = Body(mass_kg=70.0, height_m=1.75)
    figures: dict[str, Any] = {}
    for name in ("LegExplorer", "MuscleMap", "ResistanceLab", "TempoLab", "StanceExplorer",
                 "GaitExplorer"):
        widget = getattr(widgets, name)()
        figures[name] = widget.static_figure()
    # The side view with the muscles where the low back starts to arch (labels crowd).
    figures["LegExplorer, lift 105°"] = widgets.LegExplorer(lift_deg=105).static_figure()
    figures["LegExplorer, lift 130°"] = widgets.LegExplorer(lift_deg=130).static_figure()
    # The thigh swings up under the names of the gluteal muscles (G. max, Hamstrings).
    for lift, knee in ((118, 0), (124, 45), (124, 130), (130, 0), (130, 130)):
        figures[f"LegExplorer, lift {lift}° knee {knee}°"] = widgets.LegExplorer(
            lift_deg=lift, knee_deg=knee).static_figure()
    # The muscle map coloured by involvement (its colour bar), at the highest lift.
    figures["MuscleMap, involvement, lift 130°"] = widgets.MuscleMap(
        mode="involvement", lift_deg=130).static_figure()
    # A straight leg: the curves start where the foot clears the floor (a shaded zone).
    figures["ResistanceLab, knee 0°"] = widgets.ResistanceLab(knee_deg=0).static_figure()
    for lift in (0.0, 45.0, 90.0, 110.0, 130.0):
        figures[f"side view, lift {lift:g}°"] = side_view_figure(body, lift_deg=lift,
                                                                 knee_deg=90.0)
    # What a printed page shows instead of LegExplorer's lift slider.
    for knee in (90.0, 0.0):
        figures[f"key positions, knee {knee:g}°"] = side_view_small_multiples(body,
                                                                            knee_deg=knee)
    figures["key positions, cable"] = side_view_small_multiples(
        body, knee_deg=90.0, equipment=Cable(load_kg=10))
    # What a printed page shows instead of straightening the knee (notebook 00).
    figures["knee bent and straight, lift 90°"] = side_view_knee_comparison(body, 90.0, (90, 0))
    # The figures notebooks 02 and 05 show without a widget, and the planner's ladders
    # (bands only; bands and a cable: 20 steps, the most crowded bar chart).
    figures["repetition, controlled and swung"] = repetition_figure(body)
    figures["repetition animation"] = leg_animation_figure(body)
    ladder = plan_progression(body, band_brand="Thera-Band")
    figures["ProgressionPlanner, bands"] = widgets.ProgressionPlanner(ladder, today=4) \
        .static_figure()
    cable = CableSetup(pulley_height_m=0.0, pulley_distance_m=1.0, stack_step_kg=1.25,
                       stack_max_kg=25, other_pulleys=[(0.0, 0.6)])
    full = plan_progression(body, band_brand="Thera-Band", cable=cable)
    figures["ProgressionPlanner, bands and cable"] = widgets.ProgressionPlanner(
        full, today=10).static_figure()
    return figures


# The text elements of one plotly figure, with their boxes in page pixels.
TEXT_BOXES = """(el) => {
  const sel = ['.gtitle', '.g-xtitle text', '.g-ytitle text', '.xtick text', '.ytick text',
               '.annotation-text', '.legendtext', '.cbtitle text', '.cbaxis text',
               '.textpoint text', '.g-x2title text', '.g-y2title text', '.g-y3title text',
               '.g-y4title text', '.bartext'];
  const svg = el.querySelector('.main-svg').getBoundingClientRect();
  const boxes = [];
  for (const s of sel) {
    for (const t of el.querySelectorAll(s)) {
      const txt = t.textContent.trim();
      if (!txt) continue;
      const style = getComputedStyle(t);
      if (style.visibility === 'hidden' || style.display === 'none' || style.opacity === '0')
        continue;
      const r = t.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      boxes.push({kind: s, text: txt.slice(0, 40), x0: r.left, y0: r.top,
                  x1: r.right, y1: r.bottom});
    }
  }
  return {svg: {x0: svg.left, y0: svg.top, x1: svg.right, y1: svg.bottom}, boxes};
}"""


def _page(figures: dict[str, Any], width: int) -> str:
    divs = []
    for k, (name, fig) in enumerate(figures.items()):
        spec = pio.to_json(fig, validate=False)
        divs.append(
            f'<h2>{html.escape(name)}</h2><div id="f{k}" class="fig"></div>'
            f"<script>Plotly.newPlot('f{k}', ...(s => [s.data, s.layout, "
            f"{{responsive: true}}])({spec}));</script>"
        )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><script>"
        + get_plotlyjs()
        + f"</script></head><body style='margin:0'><div style='width:{width}px'>"
        + "".join(divs)
        + "</div></body></html>"
    )


def _overlaps(boxes: list[dict[str, Any]]) -> list[str]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if dx > TOLERANCE_PX and dy > TOLERANCE_PX:
                found.append(f"{a['text']!r} ({a['kind']}) overlaps {b['text']!r} ({b['kind']})")
    return found


def _outside(svg: dict[str, float], boxes: list[dict[str, Any]]) -> list[str]:
    return [
        f"{b['text']!r} ({b['kind']}) is cut off at the figure's edge"
        for b in boxes
        if b["x0"] < svg["x0"] - TOLERANCE_PX or b["x1"] > svg["x1"] + TOLERANCE_PX
        or b["y0"] < svg["y0"] - TOLERANCE_PX or b["y1"] > svg["y1"] + TOLERANCE_PX
    ]


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    return course_figures()


def _drawn(browser: Any, figures: dict[str, Any], width: int, tmp_path: Path,
           script: str) -> list[Any]:
    """``script`` (a JavaScript function of one ``.fig`` element) run on each figure
    drawn ``width`` px wide in Chromium, in the order of ``figures``."""
    page_file = tmp_path / f"figures-{width}.html"
    page_file.write_text(_page(figures, width), encoding="utf-8")
    context = browser.new_context(viewport={"width": width + 40, "height": 900})
    try:
        page = context.new_page()
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_function(
            f"document.querySelectorAll('.fig .main-svg').length >= {len(figures)}"
        )
        results: list[Any] = page.eval_on_selector_all(".fig", f"els => els.map({script})")
    finally:
        context.close()
    return results


def _problems(browser: Any, figures: dict[str, Any], width: int,
              tmp_path: Path) -> dict[str, list[str]]:
    """Name -> text collisions and cut-off labels of each figure drawn ``width`` px wide."""
    results = _drawn(browser, figures, width, tmp_path, TEXT_BOXES)
    return {name: _overlaps(result["boxes"]) + _outside(result["svg"], result["boxes"])
            for name, result in zip(figures, results, strict=True)}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_text_collides_or_is_cut_off(
    browser: Any, figures: dict[str, Any], width: int, tmp_path: Path
) -> None:
    found = _problems(browser, figures, width, tmp_path)
    problems = [f"{name} at {width} px: {problem}"
                for name, listed in found.items() for problem in listed]
    assert problems == [], "\n".join(problems) + "\n" + json.dumps(len(problems))



# Every note (annotation) drawn inside the plot area, with the points of the lines and
# markers whose box it covers. A line is sampled between its points too (a note can sit
# across a segment), every 2 px along x; the plot area's edge (the axes) counts as drawn.
NOTES_OVER_CURVES = """(el) => {
  const full = el._fullLayout, svg = el.querySelector('.main-svg').getBoundingClientRect();
  const axis = id => full[id.replace(/^x/, 'xaxis').replace(/^y/, 'yaxis')];
  const problems = [];
  for (const note of el.querySelectorAll('.annotation')) {
    const text = note.querySelector('.annotation-text');
    if (!text || !text.textContent.trim()) continue;
    const r = (note.querySelector('.bg') || text).getBoundingClientRect();
    const box = {x0: r.left - svg.left, x1: r.right - svg.left,
                 y0: r.top - svg.top, y1: r.bottom - svg.top};
    const s = full._size;
    const inside = box.x1 > s.l && box.x0 < s.l + s.w && box.y1 > s.t && box.y0 < s.t + s.h;
    if (!inside) continue;  // a label in the margin (titles, axis notes) covers no curve
    const name = text.textContent.trim().slice(0, 40);
    if (box.x0 < s.l + 1 || box.y1 > s.t + s.h - 1) {
      problems.push(`${name} covers an axis`);
      continue;
    }
    for (const trace of el._fullData) {
      if (trace.visible !== true || trace.type !== 'scatter') continue;
      const xa = axis(trace.xaxis), ya = axis(trace.yaxis);
      const xs = trace.x || [], ys = trace.y || [];
      const px = i => xa._offset + xa.l2p(xa.d2l(xs[i]));
      const py = i => ya._offset + ya.l2p(ya.d2l(ys[i]));
      const ok = i => xs[i] !== null && ys[i] !== null && isFinite(xs[i]) && isFinite(ys[i]);
      const lines = (trace.mode || '').includes('lines');
      let hit = false;
      for (let i = 0; i < xs.length && !hit; i++) {
        if (!ok(i)) continue;
        const pts = [[px(i), py(i)]];
        if (lines && i + 1 < xs.length && ok(i + 1)) {
          const n = Math.max(1, Math.ceil(Math.abs(px(i + 1) - px(i)) / 2));
          for (let k = 1; k < n; k++)
            pts.push([px(i) + (px(i + 1) - px(i)) * k / n, py(i) + (py(i + 1) - py(i)) * k / n]);
        }
        hit = pts.some(([x, y]) => x > box.x0 && x < box.x1 && y > box.y0 && y < box.y1);
      }
      if (hit) problems.push(`${name} covers the curve ${trace.name}`);
    }
  }
  return problems;
}"""


def curve_figures() -> dict[str, Any]:
    """The resistance curves where notes could crowd: every device, a straight knee (its
    grey zone's note), the cable and the band each with bodyweight."""
    from kickback_edu.widgets import ResistanceLab

    return {
        "ResistanceLab": ResistanceLab().static_figure(),
        "ResistanceLab, knee 0°": ResistanceLab(knee_deg=0).static_figure(),
        "ResistanceLab, cable": ResistanceLab(show=("bodyweight", "cable")).static_figure(),
        "ResistanceLab, band": ResistanceLab(show=("bodyweight", "band")).static_figure(),
    }


@pytest.mark.parametrize("width", (468, 1366))
def test_no_note_covers_a_curve_or_an_axis(browser: Any, width: int, tmp_path: Path) -> None:
    figures = curve_figures()
    results = _drawn(browser, figures, width, tmp_path, NOTES_OVER_CURVES)
    problems = [f"{name} at {width} px: {p}"
                for name, found in zip(figures, results, strict=True) for p in found]
    assert problems == [], "\n".join(problems)
