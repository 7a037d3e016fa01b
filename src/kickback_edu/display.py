"""The one call notebooks use to put a widget or a figure on the page.

``show(obj)`` displays ``obj`` as it is (a live widget, an interactive
figure). When the environment variable ``KICKBACK_STATIC`` is ``"1"`` (the
static-HTML builder ``tools/build_html.py`` sets it in the kernel), it shows a
static stand-in instead, so an exported copy still teaches without a kernel:

* an object with ``.static_figure()`` (our widgets): that figure, with the
  widget's ``.static_note`` (if any: one line saying what stands in for the
  controls, so "move the slider" still reads sensibly on paper) in italics just
  above it in the same output, then its text description
  (the figure's own, else the widget's ``.description``) as Markdown;
* a plotly ``go.Figure`` or ``FigureWidget``: the figure as a plain figure,
  then its text description (:func:`kickback_edu.figures.style.description`);
* an object with ``.static_html()`` and no figure (the quizzes): that HTML;
* any other object with a text ``.description``: that text as Markdown;
* anything else: displayed as it is.

A live widget is displayed with a text fallback instead of ipywidgets' repr: a
notebook saved by the course's JupyterLab keeps only that text (see
``tools/working_copy.py``), so reopened without a kernel it says to run the cell
(and what the widget shows) instead of "Error displaying widget: model not found".

Figures are drawn with plotly's offline ``notebook`` renderer: plotly.js is
embedded once per kernel (so once per exported page) by that renderer's
``activate()``, and every figure afterwards is a ``<div>`` plus a
``Plotly.newPlot`` call, with no CDN script (the stock renderer would add a
MathJax CDN ``<script>``; we leave it out).
"""

from __future__ import annotations

import html as _html
import math
import os
from typing import Any

from IPython.display import HTML, Markdown, display

__all__ = [
    "STATIC_ENV_VAR", "emg_table", "emg_table_html", "live_fallback", "plan_table", "refusal",
    "refusal_html", "show", "stance_table", "stance_table_html", "static_mode",
]

#: The MIME type of a live widget's view in a notebook output.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: Environment variable that switches :func:`show` to static output.
STATIC_ENV_VAR = "KICKBACK_STATIC"

#: Height in pixels of a static figure when its layout gives none.
_DEFAULT_HEIGHT_PX = 480

_plotlyjs_embedded = False


def static_mode() -> bool:
    """True when static output is requested (``KICKBACK_STATIC=1``)."""
    return os.environ.get(STATIC_ENV_VAR, "").strip() == "1"


def show(obj: object) -> None:
    """Display ``obj``: live normally, as a static figure + text when static.

    Parameters
    ----------
    obj:
        A course widget (has ``.static_figure()`` and ``.description``, or
        ``.static_html()``), a plotly figure (``go.Figure`` or
        ``go.FigureWidget``) or any object IPython can display.
    """
    if not static_mode():
        _display_live(obj)
        return
    figure, text = _static_parts(obj)
    if figure is None:
        static_html = getattr(obj, "static_html", None)
        if callable(static_html):
            display(HTML(static_html()))
            return
    if figure is None and not text:
        display(obj)
        return
    if figure is not None:
        note = getattr(obj, "static_note", None)
        _display_static_figure(figure, note.strip() if isinstance(note, str) else "")
    if text:
        display(Markdown(text))


def live_fallback(obj: object) -> str:
    """The text a live widget leaves for a reader without a kernel: run the cell, and
    what it shows (its ``.description``, when it has one)."""
    name = type(obj).__name__
    text = (f"[{name}: interactive. It needs a running kernel: Run this cell "
            "(Shift+Enter), or Run > Run All Cells, to use it.]")
    about = _course_description(obj)
    return f"{text}\n\nAs first shown: {about}" if about else text


def _display_live(obj: object) -> None:
    """Display ``obj`` live; a widget's text/plain is :func:`live_fallback`."""
    from ipywidgets import Widget

    if not isinstance(obj, Widget):
        display(obj)
        return
    bundle = obj._repr_mimebundle_()
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
    if not data or WIDGET_VIEW not in data:
        display(obj)
        return
    display({**data, "text/plain": live_fallback(obj)}, metadata=metadata or None, raw=True)


def _static_parts(obj: object) -> tuple[Any | None, str]:
    """The plain ``go.Figure`` (or None) and the description to show for ``obj``."""
    import plotly.graph_objects as go
    from plotly.basedatatypes import BaseFigure

    from kickback_edu.figures.style import description as figure_description

    static_figure = getattr(obj, "static_figure", None)
    if callable(static_figure):
        fig = static_figure()
        if not isinstance(fig, BaseFigure):
            raise TypeError(
                f"{type(obj).__name__}.static_figure() must return a plotly figure, "
                f"got {type(fig).__name__}"
            )
        # The figure's own description first: a static stand-in may show more than the
        # live view (LegExplorer's key positions), and says so in its description.
        text = figure_description(fig) or _text_attr(obj)
        return go.Figure(fig), text
    if isinstance(obj, BaseFigure):
        return go.Figure(obj), figure_description(obj)
    return None, _course_description(obj)


def _text_attr(obj: object) -> str:
    """``obj.description`` when it is a non-empty string, else ""."""
    text = getattr(obj, "description", None)
    return text.strip() if isinstance(text, str) else ""


def _course_description(obj: object) -> str:
    """The description of a course object without a figure ("" if none).

    ipywidgets' own controls use ``.description`` for their short label
    ("lift"), which is no stand-in for the control: those are left alone.
    """
    from ipywidgets.widgets.widget_description import DescriptionWidget

    if isinstance(obj, DescriptionWidget):
        return ""
    return _text_attr(obj)


def _display_static_figure(fig: Any, note: str = "") -> None:
    """Display ``fig`` as offline HTML; embed plotly.js first if not yet done.

    ``note`` (plain text) goes in italics just above the figure, in the same output,
    so a printed page never parts it from the figure it introduces.
    """
    global _plotlyjs_embedded
    import plotly.io as pio

    if not _plotlyjs_embedded:
        # The "notebook" renderer's activate() displays one <script> holding
        # the whole plotly.js bundle (no CDN): once per kernel is enough.
        pio.renderers["notebook"].activate()
        _plotlyjs_embedded = True
    height = fig.layout.height or _DEFAULT_HEIGHT_PX
    html = pio.to_html(
        fig,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        default_width="100%",
        default_height=f"{int(height)}px",
        config={"displaylogo": False, "responsive": True},
        validate=False,
    )
    if note:
        html = (f"<p class='kickback-static-note' style='margin:0 0 4px'>"
                f"<em>{_html.escape(note)}</em></p>{html}")
    display({"text/html": html}, raw=True)


# ------------------------------------------------------------- EMG table ----

_EVIDENCE = {
    "source": "read in the study",
    "secondary": "from a secondary copy",
    "source (qualitative)": "threshold from the study's abstract",
}

EMG_CAPTION = (
    "Measured muscle activity (surface EMG) in exercises close to the kickback. "
    "% MVIC: percent of the activity in a maximal voluntary isometric contraction, the "
    "muscle's all-out static effort; values above 100 are possible in a dynamic exercise. "
    "EMG amplitude says how strongly a muscle is switched on: it is not the force the muscle "
    "makes nor how much it will grow (Vigotsky et al. 2018), and values compare fairly only "
    "within one study. No published value exists for the cable kickback."
)


def emg_table_html(frame: Any = None) -> str:
    """The EMG table as accessible HTML (a ``<table>`` with caption, headers and notes).

    ``frame``: rows as returned by :func:`kickback_edu.data.load_emg` (default: that
    file). Columns shown: exercise, muscle (plain name), mean activity and its
    standard deviation in % MVIC (a threshold shows as "> 45"; a missing SD as
    "not reported"), the study (short citation from ``SOURCES.md``) and how the value
    was read; a row's note becomes a numbered footnote. Unknown source keys raise
    KeyError naming the key.
    """
    from kickback_edu.data import load_emg, load_muscles, load_sources

    rows = load_emg() if frame is None else frame
    sources = load_sources()
    names = dict(zip(load_muscles()["key"], load_muscles()["name"], strict=True))
    esc = _html.escape
    # Words left, numbers right: JupyterLab's stylesheet right-aligns every cell. A
    # slightly smaller type and tighter cells: at the lab's own size the table needed
    # 505 px, more than a notebook's 468 px column at a 900 px window.
    left, right = ("style='text-align:left;padding:0.3em'",
                   "style='text-align:right;padding:0.3em'")
    head = (f"<tr><th scope='col' {left}>Exercise</th><th scope='col' {left}>Muscle</th>"
            f"<th scope='col' {right}>Mean activity (% MVIC)</th>"
            f"<th scope='col' {right}>SD (% MVIC)</th>"
            f"<th scope='col' {left}>Study</th>"
            f"<th scope='col' {left}>How the value was read</th></tr>")
    body, notes = [], []
    for r in rows.to_dict("records"):
        keys = [k for k in str(r["source"]).split(";") if k]
        missing = [k for k in keys if k not in sources]
        if missing:
            raise KeyError(f"EMG source key(s) {', '.join(map(repr, missing))} not in SOURCES.md")
        study = "; ".join(sources[k]["short"] for k in keys)
        mean = f"{r['mean_pct_mvic']:g}"
        if str(r.get("qualifier", "") or "") == ">":
            mean = f"&gt; {mean}"
        sd = r.get("sd_pct_mvic", math.nan)
        sd_text = "not reported" if sd is None or (isinstance(sd, float) and math.isnan(sd)) \
            else f"{sd:g}"
        note = str(r.get("note", "") or "")
        mark = ""
        if note:
            notes.append(note)
            mark = f"<sup>{len(notes)}</sup>"
        muscle = names.get(str(r["muscle"]), str(r["muscle"]).replace("_", " "))
        evidence = _EVIDENCE.get(str(r["confidence"]), str(r["confidence"]))
        body.append(
            f"<tr><td {left}>{esc(str(r['exercise']))}{mark}</td><td {left}>{esc(muscle)}</td>"
            f"<td {right}>{mean}</td>"
            f"<td {right}>{sd_text}</td><td {left}>{esc(study)}</td>"
            f"<td {left}>{esc(evidence)}</td></tr>"
        )
    foot = "".join(f"<li>{esc(n)}</li>" for n in notes)
    return (
        "<table class='kickback-emg' style='border-collapse:collapse;font-size:0.9em'>"
        f"<caption style='caption-side:top;text-align:left'>{esc(EMG_CAPTION)}</caption>"
        f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
        + (f"<ol class='kickback-emg-notes'>{foot}</ol>" if foot else "")
    )


def emg_table(frame: Any = None) -> HTML:
    """The EMG table (:func:`emg_table_html`) as an IPython ``HTML`` object for a notebook."""
    return HTML(emg_table_html(frame))


#: Caption of :func:`stance_table_html`.
STANCE_CAPTION = (
    "Standing on one leg: the force of the standing leg's abductors and of its hip joint, "
    "in multiples of body weight. Model values come from this course's moment balance "
    "with assumed lever arms; textbook values are typical figures the course has not "
    "checked against the originals; the measured value comes from instrumented hip "
    "implants in patients."
)


def stance_table_html(comparison: Any) -> str:
    """A one-leg-stance comparison as accessible HTML (a ``<table>`` with caption).

    ``comparison``: a :class:`kickback_edu.stance.StanceComparison` (from
    :func:`kickback_edu.stance.stance_comparison`). One row per entry of its
    ``rows`` (what, value, status, source key): the value right-aligned, the source
    as the short citation of ``SOURCES.md`` ("this course's model" for ``model``).
    A source key not in ``SOURCES.md`` raises KeyError naming it.
    """
    from kickback_edu.data import load_sources

    sources = load_sources()
    esc = _html.escape
    left, right = ("style='text-align:left;padding:0.3em;vertical-align:top'",
                   "style='text-align:right;padding:0.3em;vertical-align:top;"
                   "white-space:nowrap'")
    head = (f"<tr><th scope='col' {left}>What</th>"
            # The heading may wrap (its cells' numbers do not): nowrap there squeezed the
            # text columns of a 468 px notebook into one-word lines.
            "<th scope='col' style='text-align:right;padding:0.3em;vertical-align:top'>"
            "Force (× body weight)</th>"
            f"<th scope='col' {left}>How sure</th><th scope='col' {left}>Source</th></tr>")
    body = []
    for what, value, status, key in comparison.rows:
        if key == "model":
            source = "this course's model"
        elif key in sources:
            source = sources[key]["short"]
        else:
            raise KeyError(f"stance source key {key!r} not in SOURCES.md")
        number = value.removesuffix(" × body weight")
        body.append(f"<tr><td {left}>{esc(what)}</td><td {right}>{esc(number)}</td>"
                    f"<td {left}>{esc(status)}</td><td {left}>{esc(source)}</td></tr>")
    return (
        "<table class='kickback-stance' style='border-collapse:collapse;font-size:0.9em'>"
        f"<caption style='caption-side:top;text-align:left'>{esc(STANCE_CAPTION)}</caption>"
        f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
    )


def stance_table(body: Any = None) -> HTML:
    """:func:`stance_table_html` of :func:`kickback_edu.stance.stance_comparison` for
    ``body`` (a :class:`kickback_edu.body.Body`; default ``Body()``), as an IPython
    ``HTML`` object for a notebook."""
    from kickback_edu.body import Body
    from kickback_edu.stance import stance_comparison

    return HTML(stance_table_html(stance_comparison(body if body is not None else Body())))


def plan_table(ladder: Any, today: int | None = None) -> HTML:
    """A progression plan as a reader's table
    (:meth:`kickback_edu.planning.Ladder.table_html`: a caption saying the numbers are
    model estimates and for which body, headings in words, step ``today`` highlighted)
    as an IPython ``HTML`` object for a notebook. ``ladder``: from
    :func:`kickback_edu.planning.plan_progression`; anything else raises ValueError."""
    from kickback_edu.planning import Ladder

    if not isinstance(ladder, Ladder):
        raise ValueError(f"ladder must come from plan_progression(...); got {ladder!r}")
    return HTML(ladder.table_html(today=today))


def refusal_html(error: BaseException) -> str:
    """A setting the model refused, as a sentence for the page: "The model refuses
    this: " and the error's message (HTML-escaped, wrapping between words as prose
    does; printed text in JupyterLab breaks anywhere, even mid-word)."""
    message = error.args[0] if error.args else str(error)
    return (f"<p class='kickback-refusal'><b>The model refuses this:</b> "
            f"{_html.escape(str(message))}</p>")


def refusal(error: BaseException) -> HTML:
    """:func:`refusal_html` as an IPython ``HTML`` object for a notebook."""
    return HTML(refusal_html(error))
