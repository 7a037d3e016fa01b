"""Which muscles work, and how hard: an educational involvement model.

**This is a teaching model, not a measurement.** It turns the hip torque the
pose requires into an involvement from 0 (resting) to 1 (working near its
limit) for each muscle of the kickback, following the roles in
``data/muscles.csv``:

* the required hip-extensor torque (leg weight + device) divided by the
  learner's strength at that hip angle gives the *demand*;
* the hamstrings take a share of the hip-extension work that falls as the
  knee bends (they cross the knee: bent, they are short and weak at the hip —
  active insufficiency, Yanagisawa & Fukutani 2020); gluteus maximus takes
  the rest, so a bent knee shifts work onto it. The posterior adductor
  magnus, also a hip extensor, has no share of its own: its work is counted
  in the gluteus maximus's;
* gluteus medius and minimus hold the pelvis level throughout (a base level
  plus a part that rises with demand); the core braces isometrically;
* past the hip's extension limit the low back arches: tension shifts from
  the hip extensors to the lumbar spine (shown on the core / lower back).

Compare with measured EMG in ``data/emg.csv`` (:func:`kickback_edu.data.load_emg`;
shown as a table by :func:`kickback_edu.display.emg_table`). EMG amplitude
says how strongly a muscle is switched on, comparable only within one study;
it is neither the muscle's force nor a predictor of its growth (Vigotsky et
al. 2018), and neither is this model's involvement.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from .body import Body
from .data import load_muscles
from .equipment import Equipment
from .pose import pose
from .statics import gravity_torque_from_pose
from .strength import strength_capacity
from .validation import ArrayLike, as_output

MUSCLE_KEYS = ("gluteus_maximus", "gluteus_medius", "gluteus_minimus", "hamstrings", "core")
"""The muscles of the involvement model, in order: the keys of :func:`muscle_activation`."""
# Model constants (assumptions of this teaching model, not measurements).
HAMSTRING_SHARE = ((0.0, 90.0, 140.0), (0.40, 0.15, 0.08))  # knee_deg -> share of the work
GAIN = 3.0              # how fast involvement saturates with demand
STABILISER_BASE = 0.20  # gluteus medius brace with no load
MINIMUS_RATIO = 0.9     # gluteus minimus relative to medius
CORE_BASE = 0.25
LUMBAR_SHIFT_DEG = 10.0  # arching over which half the tension moves to the low back


def _saturate(x: np.ndarray) -> npt.NDArray[np.float64]:
    saturated: npt.NDArray[np.float64] = 1.0 - np.exp(-GAIN * np.maximum(x, 0.0))
    return saturated


def hamstring_share(knee_deg: ArrayLike) -> float | np.ndarray:
    """Share (0–1) of hip-extension work the model gives the hamstrings at a knee angle."""
    return as_output(np.interp(np.asarray(knee_deg, float), *HAMSTRING_SHARE))


def muscle_activation(
    body: Body,
    lift_deg: ArrayLike,
    knee_deg: ArrayLike = 90.0,
    equipment: Equipment | list[Equipment] | None = None,
) -> dict[str, float | np.ndarray]:
    """Involvement 0–1 of each muscle (keys :data:`MUSCLE_KEYS`) at a static pose.

    A documented educational model (see the module docstring), not EMG.
    Angles in degrees, scalars or arrays (broadcast together).
    """
    p = pose(body, lift_deg, knee_deg)
    devices = [] if equipment is None else (
        [equipment] if isinstance(equipment, Equipment) else list(equipment))
    torque = gravity_torque_from_pose(body, p)
    for device in devices:
        torque = torque + device.torque_from_pose(body, p)
    demand = torque / np.asarray(strength_capacity(body, p.lift_deg))
    ham = np.asarray(hamstring_share(p.knee_deg))
    shift = 1.0 - 0.5 ** (p.lumbar_extension_deg / LUMBAR_SHIFT_DEG)
    gmax = _saturate(demand * (1.0 - ham) / (1.0 - HAMSTRING_SHARE[1][0])) * (1.0 - 0.5 * shift)
    hams = _saturate(demand * ham / HAMSTRING_SHARE[1][0]) * (1.0 - 0.5 * shift)
    gmed = STABILISER_BASE + (1.0 - STABILISER_BASE) * 0.6 * _saturate(demand)
    core = CORE_BASE + (1.0 - CORE_BASE) * (0.4 * _saturate(demand) + 0.6 * shift)
    values = (gmax, gmed, MINIMUS_RATIO * gmed, hams, core)
    return {k: as_output(np.asarray(v, dtype=float)) for k, v in zip(MUSCLE_KEYS, values,
                                                                     strict=True)}


def muscle_names() -> dict[str, str]:
    """The reader's name of each muscle key in ``data/muscles.csv`` (key -> name, e.g.
    ``"gluteus_maximus"`` -> ``"Gluteus maximus"``); covers :data:`MUSCLE_KEYS`."""
    frame = load_muscles()
    return dict(zip(frame["key"], frame["name"], strict=True))


def involvement_text(involvement: Mapping[str, float | np.ndarray]) -> str:
    """One line per muscle of a :func:`muscle_activation` result at a single pose, in its
    order: the muscle's name, its involvement (0–1, two decimals) and "(model, 0 to 1)".

    Raises KeyError naming an unknown muscle key, ValueError for a value that is not a
    single number in 0–1 (an array of poses, NaN).
    """
    names = muscle_names()
    lines = []
    for key, level in involvement.items():
        if key not in names:
            raise KeyError(f"involvement: unknown muscle {key!r}; known: {', '.join(names)}")
        value = np.asarray(level, dtype=float)
        if value.ndim != 0 or not 0.0 <= float(value) <= 1.0:
            raise ValueError(f"involvement[{key!r}] must be one number in 0–1 (one pose); "
                             f"got {level!r}")
        lines.append(f"{names[key]:20s} {float(value):.2f}  (model, 0 to 1)")
    return "\n".join(lines)
