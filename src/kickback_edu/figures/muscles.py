"""Muscles of the kickback: lines of action on the side view, and a back-view map.

Involvement comes from :func:`kickback_edu.muscles.muscle_activation`, an
educational model (not EMG); roles, actions, origins and insertions from
``data/muscles.csv``.

**Drawing assumptions** (not part of the model): where each muscle's origin
and insertion sit relative to the hip, thigh and shank (fractions of the
thigh length below), and every shape of the back-view map, are schematic.
They place the hip extensors' lines behind the hip, as in anatomy charts,
but they feed no number in the course.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale

from ..body import Body
from ..data import load_muscles
from ..equipment import Equipment
from ..muscles import MUSCLE_KEYS, muscle_activation
from ..pose import Pose, pose
from .leg import (
    SIDE_TRACES,
    side_layout,
    side_view_description,
    side_view_ranges,
    side_view_traces,
    status_text,
)
from .style import (
    BODY_COLOR,
    INVOLVEMENT_SCALE,
    MARGIN_LEFT_PX,
    MARGIN_RIGHT_PX,
    NARROWEST_FIGURE_PX,
    OKABE_ITO,
    ROLE_COLORS,
    apply_layout,
    describe,
    text_box_px,
)

#: Traces the active-muscles figure adds after :data:`SIDE_TRACES`.
MUSCLE_TRACES = ("muscles", "muscle_labels")
BEADS = 12  # markers drawn along each muscle's line of action
DEEP = ("gluteus_minimus",)  # drawn with a different marker: it lies under the medius
SHORT_NAMES = {
    "gluteus_maximus": "G. max", "gluteus_medius": "G. med", "gluteus_minimus": "G. min (deep)",
    "hamstrings": "Hamstrings", "core": "Core",
}
INVOLVEMENT_TITLE = "involvement<br>(model, 0–1)"
_SCALE = get_colorscale(INVOLVEMENT_SCALE)  # resolved once: the lookup by name is slow

# Drawing assumption: attachment points in fractions of the thigh length L.
# Pelvis points are (toward the head, up) from the hip; thigh and shank points
# are (along the segment, toward its back) from the hip or the knee.
_PELVIS = {
    "gluteus_maximus": (0.02, 0.20),   # back of the ilium and sacrum
    "gluteus_medius": (0.38, 0.06),    # outer ilium, above the hip
    "gluteus_minimus": (0.28, -0.02),  # outer ilium, below the medius
    "hamstrings": (-0.10, 0.06),       # ischial tuberosity (sitting bone)
}
_THIGH = {
    "gluteus_maximus": (0.25, 0.15),   # gluteal tuberosity and iliotibial band
    "gluteus_medius": (0.06, 0.05),    # greater trochanter
    "gluteus_minimus": (0.05, -0.03),  # front of the greater trochanter
}
_SHANK = {"hamstrings": (0.12, 0.06)}  # top of the tibia and fibula, behind the knee
_CORE_DEPTH = 0.10  # the core's line runs this far (× L) under the spine


_TABLE_CACHE: dict[int, pd.DataFrame] = {}

#: Involvement 0–1 of each muscle, as :func:`kickback_edu.muscles.muscle_activation`
#: gives it: a float per muscle for a scalar pose, an array for arrays of angles.
Involvement = Mapping[str, float | npt.NDArray[np.float64]]


def muscle_table() -> pd.DataFrame:
    """``data/muscles.csv`` indexed by key, in :data:`MUSCLE_KEYS` order.

    Re-indexed once per loaded file (a teacher's edited file, reloaded after
    :func:`kickback_edu.data.clear_caches`, gets a fresh table).
    """
    source = load_muscles()
    table = _TABLE_CACHE.get(id(source))
    if table is None:
        _TABLE_CACHE.clear()
        table = _TABLE_CACHE[id(source)] = source.set_index("key").loc[list(MUSCLE_KEYS)]
    return table


def _text(table: pd.DataFrame, key: str, column: str) -> str:
    """The text in ``column`` of muscle ``key`` of :func:`muscle_table` (the loader
    reads every text cell as a string; TypeError if one is not)."""
    value = table.loc[key, column]
    if not isinstance(value, str):
        raise TypeError(f"muscles.csv: {column} of {key!r} must be text; got {value!r}")
    return value


def _back(direction: np.ndarray) -> np.ndarray:
    """The back (posterior) side of a segment pointing along ``direction`` (clockwise normal)."""
    return np.stack([direction[..., 1], -direction[..., 0]], axis=-1)


def _unit(v: np.ndarray) -> npt.NDArray[np.float64]:
    unit: npt.NDArray[np.float64] = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return unit


def muscle_paths(body: Body, p: Pose) -> dict[str, np.ndarray]:
    """Each muscle's line of action as a polyline ``(*shape, n, 2)`` in metres.

    Origin first, insertion last (the core: pelvis, low back, ribs, following
    the lumbar spine). Attachment points are a drawing assumption (module
    docstring); the joints they hang on come from the model's pose.
    """
    L = body.thigh.length_m
    thigh_dir = _unit(p.knee - p.hip)
    shank_dir = _unit(p.ankle - p.knee)
    paths = {}
    for key in MUSCLE_KEYS:
        if key == "core":
            depth = np.array([0.0, -_CORE_DEPTH * L])
            start = p.hip + np.array([0.08 * L, 0.0]) + depth
            paths[key] = np.stack(np.broadcast_arrays(
                start, p.lumbar + depth, 0.6 * p.shoulder + 0.4 * p.lumbar + depth), axis=-2)
            continue
        origin = p.hip + L * np.array(_PELVIS[key])
        if key in _THIGH:
            along, back = _THIGH[key]
            insertion = p.hip + L * (along * thigh_dir + back * _back(thigh_dir))
        else:
            along, back = _SHANK[key]
            insertion = p.knee + L * (along * shank_dir + back * _back(shank_dir))
        paths[key] = np.stack(np.broadcast_arrays(origin, insertion), axis=-2)
    return paths


def _beads(path: np.ndarray, n: int = BEADS) -> npt.NDArray[np.float64]:
    """``n`` points evenly spaced along a polyline ``(..., m, 2)`` -> ``(..., n, 2)``."""
    beads: npt.NDArray[np.float64]
    if path.shape[-2] == 2:  # a straight line: no search needed
        s = np.linspace(0.0, 1.0, n)[:, None]
        beads = path[..., :1, :] + s * (path[..., 1:, :] - path[..., :1, :])
        return beads
    seg = np.linalg.norm(np.diff(path, axis=-2), axis=-1)           # (..., m-1)
    cum = np.concatenate([np.zeros((*seg.shape[:-1], 1)), np.cumsum(seg, axis=-1)], axis=-1)
    s = np.linspace(0.0, 1.0, n) * cum[..., -1:]                    # (..., n)
    j = np.sum(s[..., :, None] > cum[..., None, 1:-1], axis=-1)     # segment of each bead
    start = np.take_along_axis(cum, j, axis=-1)
    length = np.take_along_axis(seg, j, axis=-1)
    t = np.where(length > 0, (s - start) / np.where(length > 0, length, 1.0), 0.0)
    a = np.take_along_axis(path, j[..., None], axis=-2)
    b = np.take_along_axis(path, j[..., None] + 1, axis=-2)
    beads = a + t[..., None] * (b - a)
    return beads


# Drawing assumption: where each muscle's name goes on the side view, in thigh lengths
# from the hip (the pelvic muscles crowd around the hip, so their names sit in the free
# space above the back, the core's under the trunk, each joined to its muscle by a thin
# leader line). The hamstrings' name sits off the back of the thigh and moves with it.
_LABEL_AT = {
    "gluteus_maximus": (0.23, 0.77),
    "gluteus_medius": (0.60, 0.53),
    "gluteus_minimus": (0.93, 0.30),
    "core": (0.95, -0.30),
}
#: Height and top + bottom margins (px) of :func:`active_muscles_figure`.
_SIDE_HEIGHT_PX, _SIDE_MARGIN_TB_PX = 630, 190
_HAMSTRING_LABEL_OFFSET = 0.30  # thigh lengths off the back of the thigh
LABEL_POINTS = 3  # per muscle: on the muscle, the name, a gap
_LABEL_POSITIONS = {"gluteus_maximus": "top center", "gluteus_medius": "top center",
                    "gluteus_minimus": "top center", "hamstrings": "top center",
                    "core": "bottom center"}


def muscle_label_xy(body: Body, p: Pose, beads: np.ndarray) -> np.ndarray:
    """Leader lines of the muscle names, ``(*shape, 5 × LABEL_POINTS, 2)`` metres: for
    each muscle, the middle of its line, where its name goes, then a gap (NaN)."""
    L = body.thigh.length_m
    mid = beads[..., BEADS // 2 :: BEADS, :]  # (*shape, 5, 2)
    thigh_dir = _unit(p.knee - p.hip)
    ends = []
    for i, key in enumerate(MUSCLE_KEYS):
        if key == "hamstrings":
            ends.append(mid[..., i, :] + _HAMSTRING_LABEL_OFFSET * L * _back(thigh_dir))
        else:
            ends.append(np.broadcast_to(p.hip + L * np.array(_LABEL_AT[key]),
                                        mid[..., i, :].shape))
    end = np.stack(ends, axis=-2)
    _clear_of_hamstrings(body, end)
    gap = np.full_like(end, np.nan)
    return np.stack([mid, end, gap], axis=-2).reshape(*mid.shape[:-2], -1, 2)


#: Font size (px) of the muscle names on the side view.
LABEL_FONT_PX = 12
_LABEL_GAP_PX = 4.0  # clear space kept between two names


def _metres_per_px(body: Body) -> float:
    """Metres one pixel spans in the side view of the narrowest figure the course draws
    (:data:`~kickback_edu.figures.style.NARROWEST_FIGURE_PX`; equal axis scales, so the
    wider of the two spans sets it)."""
    (x_lo, x_hi), (y_lo, y_hi) = side_view_ranges(body)
    width = NARROWEST_FIGURE_PX - MARGIN_LEFT_PX - MARGIN_RIGHT_PX
    height = _SIDE_HEIGHT_PX - _SIDE_MARGIN_TB_PX
    return max((x_hi - x_lo) / width, (y_hi - y_lo) / height)


def _clear_of_hamstrings(body: Body, end: np.ndarray) -> None:
    """Raise the gluteus maximus's name (in place, ``end``: ``(*shape, 5, 2)`` m) above the
    hamstrings' when the thigh swings up under it (lifts past about 120°): the two names
    are drawn above their points, so they cannot meet once the G. max one sits a line
    higher, or far enough to the side, at the narrowest figure's scale."""
    m_per_px = _metres_per_px(body)
    g, h = MUSCLE_KEYS.index("gluteus_maximus"), MUSCLE_KEYS.index("hamstrings")
    g_w, line = text_box_px(SHORT_NAMES["gluteus_maximus"], LABEL_FONT_PX)
    h_w, _ = text_box_px(SHORT_NAMES["hamstrings"], LABEL_FONT_PX)
    dx = ((g_w + h_w) / 2 + _LABEL_GAP_PX) * m_per_px   # centred names: side by side
    dy = (line + _LABEL_GAP_PX) * m_per_px               # one above the other
    crowded = np.abs(end[..., g, 0] - end[..., h, 0]) < dx
    end[..., g, 1] = np.where(crowded, np.maximum(end[..., g, 1], end[..., h, 1] + dy),
                              end[..., g, 1])


def muscle_bead_xy(body: Body, p: Pose) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, y (``(*shape, 5 × BEADS)``, m) of the beads drawing every muscle, and the
    leader lines of their names ``(*shape, 5 × LABEL_POINTS, 2)``
    (:func:`muscle_label_xy`)."""
    paths = muscle_paths(body, p)
    beads = np.concatenate([_beads(paths[k]) for k in MUSCLE_KEYS], axis=-2)
    return beads[..., 0], beads[..., 1], muscle_label_xy(body, p, beads)


def label_text() -> list[str]:
    """``text`` of the muscle-label trace: each short name at its leader line's end.

    The other points get a space, not "": with empty strings between them, plotly.js
    (4.1) dropped some of the names from the drawing.
    """
    return [t for k in MUSCLE_KEYS for t in (" ", SHORT_NAMES[k], " ")]


def bead_colors(involvement: Involvement) -> np.ndarray:
    """Involvement of every bead (``(*shape, 5 × BEADS)``), muscle by muscle."""
    values = np.stack([np.asarray(involvement[k], dtype=float) for k in MUSCLE_KEYS], axis=-1)
    return np.repeat(values, BEADS, axis=-1)


def involvement_colors(values: Sequence[float]) -> list[str]:
    """The Viridis colours (``"rgb(r, g, b)"``) of involvements 0–1 (1 = the hot end)."""
    colors: list[str] = sample_colorscale(_SCALE, [min(max(float(v), 0.0), 1.0) for v in values])
    return colors


def involvement_color(value: float) -> str:
    """The Viridis colour (``"rgb(r, g, b)"``) of one involvement 0–1 (1 = the hot end)."""
    return involvement_colors([value])[0]


def _hover_rows() -> np.ndarray:
    table = muscle_table()
    rows = [[table.loc[k, "name"], table.loc[k, "role"], table.loc[k, "action"]]
            for k in MUSCLE_KEYS]
    return np.repeat(np.array(rows, dtype=object), BEADS, axis=0)


def muscle_traces(body: Body, p: Pose, involvement: Involvement) -> list[go.Scatter]:
    """The :data:`MUSCLE_TRACES` for one pose (scalar angles)."""
    x, y, labels = muscle_bead_xy(body, p)
    symbols = np.repeat(["diamond" if k in DEEP else "circle" for k in MUSCLE_KEYS], BEADS)
    return [
        go.Scatter(
            x=x, y=y, mode="markers", name="muscles", showlegend=False,
            customdata=_hover_rows(),
            marker={"color": bead_colors(involvement), "colorscale": INVOLVEMENT_SCALE,
                    "cmin": 0.0, "cmax": 1.0, "size": 11, "symbol": symbols,
                    "line": {"color": "#333333", "width": 0.5},
                    # Under the plot, centred like the plot (equal axis scales keep the
                    # plot narrower than the figure: a bar on the right drifted away from it).
                    "colorbar": {"title": {"text": INVOLVEMENT_TITLE.replace("<br>", " "),
                                           "side": "top"},
                                 "orientation": "h", "thickness": 12, "len": 0.45,
                                 "x": 0.5, "xanchor": "center", "y": -0.14, "yanchor": "top"},
                    "showscale": True},
            hovertemplate=("<b>%{customdata[0]}</b><br>role: %{customdata[1]}<br>"
                           "%{customdata[2]}<br>involvement (model): %{marker.color:.2f}"
                           "<extra></extra>"),
        ),
        go.Scatter(
            x=labels[:, 0], y=labels[:, 1], mode="lines+text", name="muscle labels",
            showlegend=False, text=label_text(), hoverinfo="skip",
            textposition=[_LABEL_POSITIONS[k] for k in MUSCLE_KEYS for _ in range(LABEL_POINTS)],
            textfont={"size": 12, "color": "#333333"},
            line={"color": "#777777", "width": 1},
        ),
    ]


def active_muscles_description(body: Body, p: Pose, involvement: Involvement) -> str:
    """One sentence for the active-muscles view: pose, then the most involved muscle."""
    table = muscle_table()
    top = max(MUSCLE_KEYS, key=lambda k: float(involvement[k]))
    return (
        side_view_description(body, p)[:-1]
        + f"; each muscle is drawn from origin to insertion and coloured by its involvement "
        "in an educational model (dark purple = resting, through blue and green, to "
        f"yellow = working hard), the highest being the "
        f"{_text(table, top, 'name').lower()} at {float(involvement[top]):.2f}."
    )


def active_muscles_figure(
    body: Body | None = None,
    lift_deg: float = 90.0,
    knee_deg: float = 90.0,
    equipment: Equipment | Sequence[Equipment] | None = None,
) -> go.Figure:
    """Side view with every muscle's line of action coloured by its involvement.

    Angles in degrees; ``equipment`` adds its torque to the leg's weight in
    the involvement model. Colours: Viridis (colour-blind safe), 0 = resting
    (dark purple) through blue and green to 1 = near its limit (yellow, the hot
    end), with a colour bar; hover names the muscle, its role and action.
    """
    body = body or Body()
    p = pose(body, lift_deg, knee_deg)
    involvement = muscle_activation(body, lift_deg, knee_deg,
                                    None if equipment is None else list(_as_seq(equipment)))
    traces = side_view_traces(body, p, status_text(float(p.lift_deg), float(p.knee_deg)),
                              equipment)
    fig = go.Figure(traces + muscle_traces(body, p, involvement))
    side_layout(fig, body, "Which muscles work (educational model)")
    fig.update_layout(height=_SIDE_HEIGHT_PX, margin={"t": 75, "b": _SIDE_MARGIN_TB_PX - 75})
    return describe(fig, active_muscles_description(body, p, involvement))


def _as_seq(equipment: Equipment | Sequence[Equipment]) -> list[Equipment]:
    return [equipment] if isinstance(equipment, Equipment) else list(equipment)


# ---------------------------------------------------------------------------
# Back-view map (schematic). Coordinates in metres for a 1.75 m learner,
# scaled with height; x across the hips (working side positive), y up from
# the hip joints, as in an anatomy chart seen from behind.
_MAP_SHAPES = {
    "hamstrings": [(0.045, -0.10), (0.13, -0.11), (0.145, -0.25), (0.125, -0.40),
                   (0.095, -0.44), (0.07, -0.40), (0.05, -0.25)],
    "gluteus_maximus": [(0.015, 0.07), (0.10, 0.065), (0.175, 0.0), (0.19, -0.09),
                        (0.13, -0.14), (0.05, -0.12), (0.01, -0.03)],
    "gluteus_medius": [(0.06, 0.125), (0.165, 0.12), (0.20, 0.04), (0.18, -0.01),
                       (0.11, 0.055)],
    "gluteus_minimus": [(0.10, 0.095), (0.16, 0.09), (0.18, 0.03), (0.13, 0.035)],
    "core": [(-0.07, 0.09), (0.07, 0.09), (0.08, 0.26), (-0.08, 0.26)],
}
_MAP_LABEL_AT = {  # where each muscle's hover / click marker sits
    "hamstrings": (0.095, -0.28), "gluteus_maximus": (0.10, -0.03),
    "gluteus_medius": (0.10, 0.10), "gluteus_minimus": (0.155, 0.055), "core": (0.0, 0.18),
}
_MAP_NAME_X = 0.235  # the names sit in a column right of the shapes, joined by a thin line
_MAP_NAME_Y = {"core": 0.20, "gluteus_medius": 0.125, "gluteus_minimus": 0.05,
               "gluteus_maximus": -0.04, "hamstrings": -0.28}
_MAP_ORDER = ("hamstrings", "gluteus_maximus", "gluteus_medius", "gluteus_minimus", "core")
_OUTLINE = [  # pelvis rim, sacrum, spine and thighs (both sides), NaN = gap
    (-0.17, 0.10), (-0.12, 0.14), (0.0, 0.09), (0.12, 0.14), (0.17, 0.10), (np.nan, np.nan),
    (0.0, 0.30), (0.0, -0.06), (np.nan, np.nan),
    (0.16, -0.02), (0.15, -0.25), (0.12, -0.45), (np.nan, np.nan),
    (0.03, -0.12), (0.06, -0.30), (0.075, -0.45), (np.nan, np.nan),
    (-0.16, -0.02), (-0.15, -0.25), (-0.12, -0.45), (np.nan, np.nan),
    (-0.03, -0.12), (-0.06, -0.30), (-0.075, -0.45),
]
MAP_MODES = ("role", "involvement")
#: Trace order of the map: outline, supporting side, one fill per muscle
#: (:data:`MAP_MUSCLES`), the hover/click markers, then one legend entry per role.
MAP_MUSCLES = _MAP_ORDER
MAP_FILL_OPACITY = 0.85


def _map_scale(body: Body) -> float:
    return body.height_m / 1.75


def map_shape(key: str, body: Body, side: int = 1) -> np.ndarray:
    """Closed outline (n, 2), metres, of a muscle on the back-view map (schematic)."""
    pts = np.array(_MAP_SHAPES[key] + _MAP_SHAPES[key][:1], dtype=float) * _map_scale(body)
    pts[:, 0] *= side
    return pts


def map_fill_colors(mode: str, involvement: Involvement) -> list[str]:
    """Fill colour of each :data:`MAP_MUSCLES` shape: role colour or Viridis involvement."""
    if mode not in MAP_MODES:
        raise KeyError(f"mode must be one of {', '.join(map(repr, MAP_MODES))}; got {mode!r}")
    table = muscle_table()
    if mode == "role":
        return [ROLE_COLORS[_text(table, k, "role")] for k in MAP_MUSCLES]
    return involvement_colors([float(involvement[k]) for k in MAP_MUSCLES])


def map_marker_style(mode: str, involvement: Involvement) -> dict[str, object]:
    """Colour, colour-bar switch and hover text of the map's muscle markers in ``mode``:
    role colours, or involvement values on the Viridis scale (with the colour bar)."""
    table = muscle_table()
    head = ("<b>%{customdata[0]}</b><br>role: %{customdata[1]}<br>%{customdata[2]}")
    tail = "<br><i>click for the muscle's card</i><extra></extra>"
    if mode == "role":
        return {"marker.color": [ROLE_COLORS[_text(table, k, "role")] for k in MAP_MUSCLES],
                "marker.showscale": False, "hovertemplate": head + tail}
    return {"marker.color": np.array([float(involvement[k]) for k in MAP_MUSCLES]),
            "marker.showscale": True,
            "hovertemplate": head + "<br>involvement (model): %{marker.color:.2f}" + tail}


def map_outline_width(key: str, selected: str | None) -> float:
    """Outline width (px) of a muscle on the map: thicker when it is the selected one."""
    return 5.0 if key == selected else 2.0


def muscle_card_html(key: str, involvement: float | None = None) -> str:
    """An HTML card for one muscle: role, action, origin, insertion, description."""
    table = muscle_table()
    if key not in table.index:
        raise KeyError(f"muscle must be one of {', '.join(map(repr, MUSCLE_KEYS))}; got {key!r}")
    # The card's text is the table's: kept per muscle (a lift step changes only the
    # involvement line), while the table is the same object.
    kept = _CARDS.get(key)
    if kept is None or kept[0] is not table:
        row = table.loc[key]
        color = ROLE_COLORS[_text(table, key, "role")]
        kept = _CARDS[key] = (table, (
            f"<div style='border-left:6px solid {color};padding:4px 10px;line-height:1.4'>"
            f"<h4 style='margin:2px 0 4px'>{row['name']}</h4>"
            f"{_P}<b>Role:</b> {row['role']}</p>{_P}<b>Action:</b> {row['action']}</p>"
            f"{_P}<b>Origin:</b> {row['origin']}</p>{_P}<b>Insertion:</b> {row['insertion']}"
            f"</p>{_P}{row['description']}</p>"))
    inv = ("" if involvement is None else
           f"{_P}<b>Involvement here:</b> {involvement:.2f} of 1 "
           "<i>(educational model, not EMG)</i></p>")
    return f"{kept[1]}{inv}</div>"


_CARDS: dict[str, tuple[pd.DataFrame, str]] = {}
#: A card's paragraph: tight, as a card's lines belong together (the notebook's own
#: paragraph spacing left a blank line between each).
_P = "<p style='margin:0 0 4px'>"


def muscle_map_description(mode: str, involvement: Involvement | None,
                           lift_deg: float, knee_deg: float) -> str:
    """One sentence for the back-view map in ``mode``."""
    base = ("Back view of the hips and thighs with the gluteus maximus, medius and minimus "
            "(deep, dashed), the hamstrings and the core / lower back drawn on the working side")
    if mode == "role" or involvement is None:
        return base + ", coloured by role: prime mover, synergist, stabiliser, isometric brace."
    top = max(MUSCLE_KEYS, key=lambda k: float(involvement[k]))
    name = _text(muscle_table(), top, "name").lower()
    return (
        base + f", coloured by involvement (educational model) at a {lift_deg:.0f}° lift and "
        f"{knee_deg:.0f}° knee bend; the most involved is the {name} "
        f"({float(involvement[top]):.2f})."
    )


def muscle_map_figure(
    body: Body | None = None,
    mode: str = "role",
    lift_deg: float = 90.0,
    knee_deg: float = 90.0,
    equipment: Equipment | Sequence[Equipment] | None = None,
    selected: str | None = None,
) -> go.Figure:
    """Back-view schematic of the hips and thighs, muscles as filled shapes.

    ``mode="role"`` colours each muscle by its role (legend);
    ``mode="involvement"`` by its involvement 0–1 at ``lift_deg`` / ``knee_deg``
    (°) in the educational model (Viridis, colour bar). The outline always
    carries the role colour. Hover gives name, role, action and involvement;
    ``selected`` (a muscle key) gets a thick outline.
    """
    body = body or Body()
    if mode not in MAP_MODES:
        raise KeyError(f"mode must be one of {', '.join(map(repr, MAP_MODES))}; got {mode!r}")
    if selected is not None and selected not in MUSCLE_KEYS:
        raise KeyError(
            f"selected must be one of {', '.join(map(repr, MUSCLE_KEYS))}; got {selected!r}")
    involvement = muscle_activation(body, lift_deg, knee_deg,
                                    None if equipment is None else _as_seq(equipment))
    table = muscle_table()
    scale = _map_scale(body)
    fills = map_fill_colors(mode, involvement)
    outline = np.array(_OUTLINE) * scale
    traces: list[go.Scatter] = [
        go.Scatter(x=outline[:, 0], y=outline[:, 1], mode="lines", name="skeleton",
                   line={"color": BODY_COLOR, "width": 2}, hoverinfo="skip", showlegend=False),
    ]
    sx, sy = [], []
    for key in MAP_MUSCLES:
        pts = map_shape(key, body, side=-1) if key != "core" else np.empty((0, 2))
        sx += [*pts[:, 0], np.nan]
        sy += [*pts[:, 1], np.nan]
    traces.append(go.Scatter(
        x=np.array(sx), y=np.array(sy), mode="lines", name="supporting side",
        line={"color": "#cccccc", "width": 1.5}, hoverinfo="skip", showlegend=False))
    for key, fill in zip(MAP_MUSCLES, fills, strict=True):
        pts = map_shape(key, body)
        role = _text(table, key, "role")
        deep = key in DEEP
        traces.append(go.Scatter(
            x=pts[:, 0], y=pts[:, 1], mode="lines", fill="toself", fillcolor=fill,
            opacity=0.75 if deep else MAP_FILL_OPACITY, name=table.loc[key, "name"],
            line={"color": ROLE_COLORS[role], "width": map_outline_width(key, selected),
                  "dash": "dash" if deep else "solid"},
            hoveron="fills+points", hoverinfo="name", showlegend=False,
        ))
    centres = np.array([_MAP_LABEL_AT[k] for k in MAP_MUSCLES]) * scale
    custom = np.array([[table.loc[k, "name"], table.loc[k, "role"], table.loc[k, "action"]]
                       for k in MAP_MUSCLES], dtype=object)
    style = map_marker_style(mode, involvement)
    traces.append(go.Scatter(
        x=centres[:, 0], y=centres[:, 1], mode="markers", name="muscles",
        text=[SHORT_NAMES[k] for k in MAP_MUSCLES], customdata=custom, showlegend=False,
        marker={"size": 16, "color": style["marker.color"], "colorscale": INVOLVEMENT_SCALE,
                "cmin": 0.0, "cmax": 1.0, "showscale": style["marker.showscale"],
                # The plot hugs the right end of its domain (below), so the bar stays
                # beside it however wide the figure is drawn.
                # Each tick label under its tick: the top one ("1") then stays inside the
                # bar's height, clear of the title just above the bar.
                "colorbar": {"title": {"text": INVOLVEMENT_TITLE}, "thickness": 14, "len": 0.7,
                             "x": 0.8, "xanchor": "left",
                             "ticklabelposition": "outside bottom"},
                "line": {"color": "#333333", "width": 1}},
        hovertemplate=style["hovertemplate"],
    ))
    for role, color in ROLE_COLORS.items():
        traces.append(go.Scatter(
            x=[None], y=[None], mode="markers", name=role, legendgroup=role,
            marker={"symbol": "square", "size": 14, "color": color}, showlegend=True))
    fig = go.Figure(traces)
    half = 0.30 * scale
    apply_layout(
        fig, "Muscles of the kickback, seen from behind", height=560,
        # The legend's title on a line of its own: beside the entries, the last one ran
        # off a narrow figure's edge.
        legend={"title": {"text": "role (outline colour)", "side": "top"}, "x": 0.0,
                "y": -0.12,
                "orientation": "h", "yanchor": "top"},
        xaxis={"title": {"text": "across the hips (m, schematic; working side right)"},
               "range": [-half, 1.5 * half], "zeroline": False, "constrain": "domain",
               "domain": [0.0, 0.78], "constraintoward": "right"},
        yaxis={"title": {"text": "height from the hip joints (m, schematic)"},
               "range": [-0.5 * scale, 0.32 * scale], "zeroline": False,
               "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
        annotations=[
            {"x": -0.15 * scale, "y": 0.29 * scale, "text": "supporting side", "showarrow": False,
             "font": {"color": OKABE_ITO["grey"], "size": 12}},
            {"x": 0.15 * scale, "y": 0.29 * scale, "text": "working side", "showarrow": False,
             "font": {"size": 12}},
            *[{"x": float(x), "y": float(y), "ax": _MAP_NAME_X * scale,
               "ay": _MAP_NAME_Y[k] * scale, "axref": "x", "ayref": "y", "xanchor": "left",
               "text": SHORT_NAMES[k], "showarrow": True, "arrowhead": 0, "arrowwidth": 1,
               "arrowcolor": "#777777", "standoff": 9, "font": {"size": 12, "color": "#333333"}}
              for k, (x, y) in zip(MAP_MUSCLES, centres, strict=True)],
        ],
    )
    return describe(fig, muscle_map_description(mode, involvement, lift_deg, knee_deg))


__all__ = [
    "BEADS",
    "INVOLVEMENT_TITLE",
    "LABEL_POINTS",
    "MAP_MODES",
    "MAP_MUSCLES",
    "MUSCLE_TRACES",
    "SHORT_NAMES",
    "SIDE_TRACES",
    "active_muscles_description",
    "active_muscles_figure",
    "bead_colors",
    "involvement_color",
    "label_text",
    "map_fill_colors",
    "map_outline_width",
    "map_shape",
    "muscle_bead_xy",
    "muscle_card_html",
    "muscle_label_xy",
    "muscle_map_description",
    "muscle_map_figure",
    "muscle_paths",
    "muscle_table",
    "muscle_traces",
]
