"""Start values of the widgets, checked against the controls that will show them.

A widget's constructor takes start values (``LegExplorer(lift_deg=45)``) and
puts each in a control. ipywidgets would clamp a value outside a slider's
range (200° becomes 130°) and keep one between its steps; these helpers refuse
both, as the model refuses bad input: a ``ValueError`` (``KeyError`` for a
name that is not a choice) naming the parameter, the value and what the
control allows. They read the control's own ``min``, ``max``, ``step`` and
``options``, so a range that changes (a slider whose minimum follows another
setting) is checked as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np

from ..body import Body
from ..validation import check_bool, check_choice, is_bool

#: How far (in steps) a value may sit from a slider step and still be on it
#: (float steps such as 0.1 are not exact in binary).
STEP_TOLERANCE = 1e-6


def _label(control: widgets.Widget) -> str:
    description = getattr(control, "description", "")
    return f" (the '{description}' control)" if description else ""


def start_at(control: widgets.Widget, name: str, value: Any, unit: str = "") -> None:
    """Set a slider-like ``control`` (``min``, ``max``, ``step``) to ``value``.

    ``value`` must be a real number (not a boolean), finite, within the
    control's ``[min, max]`` and on one of its steps from ``min``. Raises
    ValueError naming ``name``, ``value``, the range, the step and the nearest
    allowed values otherwise.
    """
    lo, hi, step = float(control.min), float(control.max), float(control.step or 0)
    unit_txt = f" {unit}" if unit else ""
    steps = f" in steps of {step:g}" if step else ""
    allowed = f"{name} must be a number from {lo:g} to {hi:g}{unit_txt}{steps}{_label(control)}"
    if is_bool(value) or not isinstance(value, (int, float, np.integer, np.floating)):
        kind = " (a boolean, not a number)" if is_bool(value) else ""
        raise ValueError(f"{allowed}; got {value!r}{kind}")
    v = float(value)
    if not math.isfinite(v) or v < lo or v > hi:
        raise ValueError(f"{allowed}; got {value!r}")
    if step:
        k = (v - lo) / step
        if abs(k - round(k)) > STEP_TOLERANCE:
            below, above = lo + math.floor(k) * step, lo + math.ceil(k) * step
            raise ValueError(f"{allowed}; got {value!r}, which is between two steps: use "
                             f"{below:g} or {above:g}")
        v = lo + round(k) * step
    integer = isinstance(control, (widgets.IntSlider, widgets.BoundedIntText, widgets.Play))
    control.value = int(round(v)) if integer else v


def option_values(control: widgets.Widget) -> list[Any]:
    """The values a selection control (Dropdown, ToggleButtons, ...) can take."""
    return [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in control.options]


def choose(control: widgets.Widget, name: str, value: Any) -> None:
    """Set a selection ``control`` to ``value``; KeyError naming ``name``, the value
    and the choices when it is not one of them."""
    control.value = check_choice(name, value, option_values(control))


def start_checked(control: widgets.Widget, name: str, value: Any) -> None:
    """Set a Checkbox to ``value``: True or False (a numpy bool counts)."""
    control.value = check_bool(name, value)


def body_or_default(body: Any) -> Body:
    """``body``, or the default :class:`~kickback_edu.Body` when it is None; ValueError
    for anything else (a number typed for a body)."""
    if body is None:
        return Body()
    if not isinstance(body, Body):
        raise ValueError(
            f"body must be a kickback_edu.Body, e.g. Body(mass_kg=70, height_m=1.75), or None "
            f"for the default learner; got {body!r}")
    return body


def tempo_triple(tempo_s: Any) -> Sequence[Any]:
    """``tempo_s`` as (up, squeeze, down); ValueError unless it has three items."""
    if isinstance(tempo_s, (str, bytes)) or not hasattr(tempo_s, "__len__") \
            or len(tempo_s) != 3:
        raise ValueError(f"tempo_s must be (up, squeeze, down) in seconds; got {tempo_s!r}")
    return tuple(tempo_s)


__all__ = ["body_or_default", "choose", "option_values", "start_at", "start_checked",
           "tempo_triple"]
