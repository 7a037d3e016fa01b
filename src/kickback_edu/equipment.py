"""Resistance devices for the kickback, each with its torque about the hip.

Every device has ``hip_torque(body, lift_deg, knee_deg=90)``: the device's own
torque about the working hip in N·m, positive when it pushes the leg down
(so the hip extensors must resist it). The leg's own weight is not included
(see :func:`kickback_edu.statics.gravity_torque`). Geometry follows the
sagittal frame of :mod:`kickback_edu.pose` (origin at the hip, x toward the
head, y up; the floor one thigh length plus one knee radius below the hip).

Tension and torque are different things: a band pulls harder the more it
stretches, but its torque about the hip is tension × moment arm, and the
moment arm can shrink as the leg rises. The classes expose both.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np
import numpy.typing as npt

from . import cable_route
from .band_curve import fit_band_curve
from .body import Body
from .cable_route import CableRoute
from .data import band_forces, parameter
from .outline import floor_y
from .pose import Pose, pose
from .statics import cross_z
from .strength import strength_capacity
from .validation import ArrayLike, as_output, check_bool, check_choice, check_number


class Equipment(ABC):
    """A device that loads the kickback. Subclasses define the torque model."""

    key: str = ""

    @property
    @abstractmethod
    def name(self) -> str:
        """Short label, e.g. ``"Band (red, loop)"``."""

    @property
    @abstractmethod
    def description(self) -> str:
        """One or two plain-language sentences on how the device loads the hip."""

    @abstractmethod
    def torque_from_pose(self, body: Body, p: Pose) -> np.ndarray:
        """Device torque (N·m) for an already computed pose."""

    def line(self, body: Body, p: Pose) -> tuple[np.ndarray, np.ndarray] | None:
        """(point on the leg, anchor) of the device's line of pull, for drawing."""
        return None

    def hip_torque(
        self, body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0
    ) -> float | np.ndarray:
        """The device's torque about the hip, N·m (positive = pushes the leg down)."""
        return as_output(self.torque_from_pose(body, pose(body, lift_deg, knee_deg)))

    def __repr__(self) -> str:
        return self.name


class Bodyweight(Equipment):
    """No device: the leg's own weight is the only load."""

    key = "bodyweight"

    @property
    def name(self) -> str:
        return "Bodyweight"

    @property
    def description(self) -> str:
        return (
            "The leg's own weight is the only load: it resists most when the leg is "
            "horizontal, where its centre of mass is farthest behind the hip."
        )

    def torque_from_pose(self, body: Body, p: Pose) -> np.ndarray:
        return np.zeros(p.lift_deg.shape)


def _unit(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    length = np.linalg.norm(v, axis=-1)
    return v / length[..., None], length


def _shared_colors() -> set[str]:
    """Colours that more than one brand in ``bands.csv`` uses."""
    colors = [color for _, color in band_forces()]
    return {c for c in colors if colors.count(c) > 1}


def band_label(brand: str, color: str) -> str:
    """How a band is named to a learner: its colour, with the brand when another
    brand in ``bands.csv`` has a band of that colour (``"red (Acme)"``)."""
    return f"{color} ({brand})" if color in _shared_colors() else color


def band_options() -> list[tuple[str, tuple[str, str]]]:
    """``(label, (brand, colour))`` of every valid band in ``bands.csv``, in file
    order, for a chooser (see :func:`band_label`)."""
    return [(band_label(brand, color), (brand, color)) for brand, color in band_forces()]


def default_band() -> tuple[str, str]:
    """``(brand, colour)`` of the band used when none is named: the first ``red`` band
    of ``bands.csv`` (the Thera-Band red in the course's file), else its first band.

    Raises KeyError if ``bands.csv`` has no valid band.
    """
    bands = list(band_forces())
    if not bands:
        raise KeyError("color: bands.csv has no valid band; run `python -m "
                       "kickback_edu.check_data` to see why")
    return next((key for key in bands if key[1] == "red"), bands[0])


def find_band(color: str | None = None, brand: str | None = None) -> tuple[str, str]:
    """``(brand, colour)`` of the band of ``bands.csv`` a learner names.

    ``color`` alone is enough when one brand has that colour; when several do,
    ``brand`` must say which. ``color=None`` (with no brand) is
    :func:`default_band`. Raises KeyError naming the colours (or the brands
    that make the colour) to pick from.
    """
    bands = band_forces()
    if color is None and brand is None:
        return default_band()
    colors = list(dict.fromkeys(c for _, c in bands))
    color = check_choice("color", color, colors)
    makers = [b for b, c in bands if c == color]
    if brand is None:
        if len(makers) > 1:
            raise KeyError(
                f"color {color!r} is made by {len(makers)} brands in bands.csv: "
                f"{', '.join(map(repr, makers))}; pick one, e.g. "
                f"Band({color!r}, brand={makers[-1]!r})")
        return makers[0], color
    brand = check_choice(f"brand (of a {color!r} band)", brand, makers)
    return brand, color


class Band(Equipment):
    """An elastic band from the working foot to the supporting knee.

    ``color`` (and, when two brands in ``data/bands.csv`` have that colour,
    ``brand``) picks a row of the file: force per strand at 100% and 200%
    elongation. ``Band()`` is :func:`default_band` (a red band). Force follows
    a second-order polynomial through (0, 0), (100%, F100) and (200%, F200),
    as such bands are fitted (McMaster et al. 2010); past 200% the fit
    continues along its tangent, and past ``band_max_elongation`` (300%) the
    model refuses. A ``loop`` (True or False; a numpy bool is a bool) works
    like a doubled band: twice the force at the same elongation.
    ``rest_length_m`` is the distance between the foot and the supporting knee
    at which the band starts to pull (0.1–1.0 m).

    Raises KeyError for a colour or brand not in the file (naming those that
    are) or a colour several brands make with no ``brand``; ValueError for
    other bad values.
    """

    key = "band"

    def __init__(self, color: str | None = None, loop: bool = True,
                 rest_length_m: float = 0.40, brand: str | None = None) -> None:
        self.brand, self.color = find_band(color, brand)
        self.loop = check_bool("loop", loop)
        self.rest_length_m = check_number("rest_length_m", rest_length_m, 0.1, 1.0, unit="m")
        row = band_forces()[(self.brand, self.color)]
        self.label = band_label(self.brand, self.color)
        self.curve = fit_band_curve(
            [(1.0, float(row["force_100pct_lbf"])), (2.0, float(row["force_200pct_lbf"]))],
            unit="lbf",
            names=("force_100pct_lbf", "force_200pct_lbf"),
        )
        lbf = parameter("lbf_to_newton")
        self.force_100_N = float(row["force_100pct_lbf"]) * lbf
        self.force_200_N = float(row["force_200pct_lbf"]) * lbf
        self._max = self.curve.max_elongation

    @property
    def name(self) -> str:
        shown = self.color if self.label == self.color else f"{self.brand} {self.color}"
        return f"Band ({shown}, {'loop' if self.loop else 'single'})"

    @property
    def description(self) -> str:
        return (
            f"A {self.color} {self.brand} band looped from the working foot to the supporting "
            "knee: its tension rises as it stretches, but its moment arm about the hip "
            "shrinks as the leg rises, so its torque can peak mid-range."
        )

    def strand_force_N(self, elongation: ArrayLike) -> float | np.ndarray:
        """Force of one strand (N) at a fractional elongation (1.0 = 100%); see
        :class:`kickback_edu.band_curve.BandCurve`."""
        return self.curve.force_N(elongation)

    def line(self, body: Body, p: Pose) -> tuple[np.ndarray, np.ndarray]:
        return p.band_point, p.support_knee

    def _stretch(self, body: Body, p: Pose) -> tuple[np.ndarray, np.ndarray]:
        on_leg, anchor = self.line(body, p)
        direction, length = _unit(anchor - on_leg)
        elongation = np.maximum(length - self.rest_length_m, 0.0) / self.rest_length_m
        if np.any(elongation > self._max):
            i = np.unravel_index(np.argmax(elongation), elongation.shape)
            raise ValueError(
                f"the {self.color} band would stretch to {float(elongation[i]):.0%} past its "
                f"rest length at lift_deg={float(p.lift_deg[i]):g}, "
                f"knee_deg={float(p.knee_deg[i]):g}; the model allows up to {self._max:.0%}: "
                f"use a longer rest_length_m (now {self.rest_length_m:g} m)"
            )
        return direction, elongation

    def _tension(self, elongation: np.ndarray) -> np.ndarray:
        return (2.0 if self.loop else 1.0) * np.asarray(self.strand_force_N(elongation))

    def tension_from_pose(self, body: Body, p: Pose) -> np.ndarray:
        """Band tension (N) for a computed pose."""
        return self._tension(self._stretch(body, p)[1])

    def torque_from_pose(self, body: Body, p: Pose) -> np.ndarray:
        direction, elongation = self._stretch(body, p)
        return cross_z(p.band_point, self._tension(elongation)[..., None] * direction)

    def tension_N(
        self, body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0
    ) -> float | np.ndarray:
        """Band tension in newtons at the given angles."""
        return as_output(self.tension_from_pose(body, pose(body, lift_deg, knee_deg)))

    def elongation(
        self, body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0
    ) -> float | np.ndarray:
        """Fractional elongation of the band (1.0 = stretched to twice its rest length)."""
        return as_output(self._stretch(body, pose(body, lift_deg, knee_deg))[1])


class Cable(Equipment):
    """A cable with an ankle cuff; the learner faces the machine.

    The pulley sits ``pulley_distance_m`` (0.2–3 m) ahead of the hip and
    ``pulley_height_m`` (0–2 m) above the floor (0 = lowest setting). The
    cable is a flexible line under constant tension ``load_kg`` × g. It
    cannot pass through the learner: from the cuff on the front of the ankle
    it runs under the body to the pulley, wrapping round the front of the
    shin and knee (and under the trunk) where a straight line would enter the
    body (:mod:`kickback_edu.cable_route`). Its pull on the leg acts along the
    segment that leaves the leg, so the torque about the hip is
    r_leave × (tension · u_leave) and is never negative. Tension
    (:meth:`tension_N`) and torque (:meth:`hip_torque`) are kept apart.

    A pulley inside or above the learner's trunk is refused (ValueError) when
    the torque is computed.
    """

    key = "cable"

    def __init__(
        self, load_kg: float = 10.0, pulley_height_m: float = 0.0, pulley_distance_m: float = 1.0
    ) -> None:
        self.load_kg = check_number("load_kg", load_kg, 0.0, 150.0, unit="kg")
        self.pulley_height_m = check_number("pulley_height_m", pulley_height_m, 0.0, 2.0, unit="m")
        self.pulley_distance_m = check_number(
            "pulley_distance_m", pulley_distance_m, 0.2, 3.0, unit="m"
        )

    @property
    def name(self) -> str:
        return f"Cable ({self.load_kg:g} kg, pulley {self.pulley_height_m:g} m high)"

    @property
    def description(self) -> str:
        return (
            "A constant cable force pulls the ankle toward the pulley in front of the learner; "
            "the cable runs under the body and wraps round the shin and knee when the leg "
            "rises, so its torque is the tension times the distance from the hip to the "
            "stretch of cable that leaves the leg."
        )

    def pulley(self, body: Body) -> np.ndarray:
        """Pulley position in the sagittal frame, m (height measured from the floor)."""
        return np.array([self.pulley_distance_m, self.pulley_height_m + floor_y(body)])

    def route_from_pose(self, body: Body, p: Pose) -> CableRoute:
        """The cable's contacts with the body (cuff, where it leaves the leg, direction)."""
        return cable_route.route(body, p, self.pulley(body))

    def path(self, body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0) -> np.ndarray:
        """The cable's path from the cuff to the pulley, (..., n, 2) in m (for drawing)."""
        return cable_route.path(body, pose(body, lift_deg, knee_deg), self.pulley(body))

    def path_from_pose(self, body: Body, p: Pose) -> np.ndarray:
        """:meth:`path` for an already computed pose."""
        return cable_route.path(body, p, self.pulley(body))

    def line(self, body: Body, p: Pose) -> tuple[np.ndarray, np.ndarray]:
        """(where the cable leaves the leg, the next point of its path)."""
        r = self.route_from_pose(body, p)
        return r.leave, r.next_point

    @property
    def tension_value_N(self) -> float:
        """The cable's tension, N: the stack's weight (standard gravity), the same everywhere."""
        return self.load_kg * parameter("gravity")

    def tension_N(
        self, body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0
    ) -> float | np.ndarray:
        """Cable tension (N) at the given angles: constant, load × g."""
        p = pose(body, lift_deg, knee_deg)
        return as_output(np.full(p.lift_deg.shape, self.load_kg * body.g))

    def torque_from_pose(self, body: Body, p: Pose) -> np.ndarray:
        r = self.route_from_pose(body, p)
        return cross_z(r.leave, self.load_kg * body.g * r.direction)

    def moment_arm_m(
        self, body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0
    ) -> float | np.ndarray:
        """Distance (m) from the hip to the stretch of cable leaving the leg (>= 0)."""
        r = self.route_from_pose(body, pose(body, lift_deg, knee_deg))
        return as_output(cross_z(r.leave, r.direction))

    def wraps_knee(
        self, body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0
    ) -> bool | np.ndarray:
        """True where the cable runs along the shin and leaves the leg at the knee."""
        r = self.route_from_pose(body, pose(body, lift_deg, knee_deg))
        w = r.wraps_knee
        return bool(w) if np.ndim(w) == 0 else w


class GluteMachine(Equipment):
    """A glute (kickback) machine: the foot presses a padded lever about a pivot.

    Model assumptions (not measurements): the machine is set up, as manuals
    ask, with its pivot in line with the hip joint, so the lever turns with
    the line from hip to foot and its torque about the pivot is the torque
    about the hip; the lever's own weight is counterbalanced.

    ``kind="plate"``: plates of ``load_kg`` sit on a horn ``lever_arm_m``
    (default 0.5 m) along the lever, so the torque is m·g·r·sin(lever angle
    from vertical), largest when the lever is horizontal.
    ``kind="cam"``: a weight stack of ``load_kg`` pulls over a cam of mean
    radius ``lever_arm_m`` (default 0.10 m) shaped to follow the learner's
    strength curve, so the load matches what the hip can do at each angle.
    """

    key = "machine"
    KINDS = ("plate", "cam")

    def __init__(self, load_kg: float = 20.0, kind: str = "plate",
                 lever_arm_m: float | None = None) -> None:
        self.load_kg = check_number("load_kg", load_kg, 0.0, 200.0, unit="kg")
        self.kind = check_choice("kind", kind, self.KINDS)
        default = 0.5 if kind == "plate" else 0.10
        self.lever_arm_m = check_number(
            "lever_arm_m", default if lever_arm_m is None else lever_arm_m, 0.02, 1.5, unit="m"
        )

    @property
    def name(self) -> str:
        return f"Glute machine ({self.kind}, {self.load_kg:g} kg)"

    @property
    def description(self) -> str:
        if self.kind == "plate":
            return (
                "A plate-loaded lever guides the foot along an arc; the plates resist most "
                "when the lever is horizontal."
            )
        return (
            "A selectorized machine whose cam reshapes a weight stack so the resistance "
            "follows the hip's strength curve across the range."
        )

    def line(self, body: Body, p: Pose) -> tuple[np.ndarray, np.ndarray]:
        return p.band_point, p.hip

    def torque_from_pose(self, body: Body, p: Pose) -> np.ndarray:
        weight = self.load_kg * body.g
        if self.kind == "plate":
            pad = p.band_point
            over = (pad[..., 0] > 0) & (pad[..., 1] > 0)
            if np.any(over):
                i = np.unravel_index(np.argmax(over), over.shape)
                raise ValueError(
                    f"on a glute machine the foot cannot pass over the pivot: at "
                    f"lift_deg={float(p.lift_deg[i]):g} with knee_deg={float(p.knee_deg[i]):g} "
                    "the foot would be above and ahead of the hip; use a smaller lift or a "
                    "straighter knee"
                )
            lever_angle = np.arctan2(-pad[..., 0], -pad[..., 1])  # from straight down
            torque: npt.NDArray[np.float64] = weight * self.lever_arm_m * np.sin(lever_angle)
            return torque
        capacity = np.asarray(strength_capacity(body, p.lift_deg))
        return weight * self.lever_arm_m * capacity / _peak_capacity(body)


def _peak_capacity(body: Body) -> float:
    """The learner's highest hip-extension capacity over the lift range, N·m."""
    return float(np.max(strength_capacity(body, np.linspace(0.0, 130.0, 261))))
