"""Shared look of every figure: colour-blind-safe palettes and layout defaults.

Colours follow the Okabe–Ito palette (distinguishable with the common forms
of colour blindness); the involvement scale is the perceptually uniform,
colour-blind-safe ``Viridis`` (low = dark purple, through blue, teal and
green, to the yellow "hot" end), on which the model's mid-range values 0.3,
0.5 and 0.7 stay distinct (on Cividis they were all grey).
"""

from __future__ import annotations

import plotly.graph_objects as go

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

EQUIPMENT_COLORS = {
    "bodyweight": OKABE_ITO["black"],
    "band": OKABE_ITO["vermillion"],
    "cable": OKABE_ITO["blue"],
    "machine": OKABE_ITO["bluish_green"],
}

ROLE_COLORS = {
    "prime mover": OKABE_ITO["vermillion"],
    "synergist": OKABE_ITO["orange"],
    "stabiliser": OKABE_ITO["blue"],
    "isometric brace": OKABE_ITO["bluish_green"],
}

BODY_COLOR = OKABE_ITO["grey"]
LEG_COLOR = OKABE_ITO["blue"]
WARNING_COLOR = OKABE_ITO["vermillion"]
OK_COLOR = OKABE_ITO["bluish_green"]
INVOLVEMENT_SCALE = "Viridis"
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14}
#: The narrowest figure (px) a learner meets: JupyterLab 4 in a 900 px wide window with
#: the file browser open leaves a figure in the notebook's output this wide (measured).
#: Labels placed in data coordinates keep clear of each other down to this width
#: (tests/browser/test_figure_layout.py checks it).
NARROWEST_FIGURE_PX = 468
#: Left and right margins (px) of :func:`apply_layout`.
MARGIN_LEFT_PX, MARGIN_RIGHT_PX = 60, 20


def text_box_px(text: str, size_px: float) -> tuple[float, float]:
    """A generous estimate of the (width, height) in px plotly.js draws ``text`` at font
    ``size_px`` in :data:`FONT` (Arial averages about 0.55 em a character; 0.62 leaves room)."""
    return 0.62 * size_px * len(text), 1.3 * size_px


#: A horizontal legend at the very bottom of the figure, below the x-axis titles (placed
#: in the figure's bottom margin, so it never covers them whatever the figure's width).
BOTTOM_LEGEND = {"orientation": "h", "yref": "container", "y": 0.0, "yanchor": "bottom",
                 "x": 0.0, "xanchor": "left"}


def apply_layout(fig: go.Figure, title: str, **layout: object) -> go.Figure:
    """Give ``fig`` the course's title, font, white template and margins."""
    fig.update_layout(
        title={"text": title, "x": 0.02, "xanchor": "left"},
        font=FONT,
        template="plotly_white",
        margin={"l": MARGIN_LEFT_PX, "r": MARGIN_RIGHT_PX, "t": 60, "b": 50},
        **layout,
    )
    return fig


def describe(fig: go.Figure, text: str) -> go.Figure:
    """Attach a one-sentence text description to ``fig`` (for screen readers
    and static copies); read it back with :func:`description`."""
    fig.layout.meta = {**(fig.layout.meta or {}), "description": text}
    return fig


def description(fig: go.Figure) -> str:
    """The text description attached by :func:`describe` ("" if none)."""
    meta = fig.layout.meta or {}
    return str(meta.get("description", "")) if isinstance(meta, dict) else ""
