"""The learner's body: segment lengths, masses, centres of mass and inertia.

All values come from the anthropometric tables in ``data/segments.csv``
(Dempster via Winter 2009 by default; de Leva 1996 male or female as options)
scaled by the learner's body mass (kg) and height (m). SI units throughout.

Each table keeps its own segment definitions, and every segment's length and
centre of mass come from the same definition (``com_from`` → ``com_toward`` in
the data file):

- Dempster (Winter 2009, Table 4.1): thigh hip → knee, shank knee → ankle,
  foot ankle → head of the second metatarsal (centre of mass halfway);
  the foot's length (0.152 × height, heel to toe) is Winter's Fig. 4.1.
- de Leva (1996, Table 4): thigh hip-joint centre → knee-joint centre; shank
  knee-joint centre → ankle-joint centre (the definition whose centre of mass
  is 0.4395 / 0.4352, with its own length 440.3 / 438.6 mm for the reference
  statures 1741 / 1735 mm); foot heel → tip of the longest toe, centre of
  mass measured *from the heel*. Female and male rows each use their own
  lengths.

The two tables disagree by a few newton-metres for the same learner:
:func:`kickback_edu.statics.gravity_torque_range` shows that band.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .data import load_proportions, parameter, segment_fractions, strength_coefficients
from .validation import check_choice, check_number

SEGMENT_TABLES = ("dempster", "de_leva")
SEXES = ("male", "female")
MASS_RANGE_KG = (20.0, 250.0)
HEIGHT_RANGE_M = (1.0, 2.3)
HIP_LIMIT_RANGE_DEG = (0.0, 40.0)


@dataclass(frozen=True)
class Segment:
    """One rigid segment of the working leg.

    ``length_m`` is the segment's length in its table's definition (thigh and
    shank: joint centre to joint centre; foot: see the module docstring);
    ``com_m`` is the centre of mass's distance from the landmark ``com_from``,
    measured toward ``com_toward`` (``com_fraction`` of ``length_m``);
    ``inertia_com_kgm2`` the moment of inertia about the centre of mass in the
    sagittal plane.
    """

    name: str
    mass_kg: float
    length_m: float
    com_m: float
    inertia_com_kgm2: float
    com_fraction: float = 0.5
    com_from: str = "proximal"
    com_toward: str = "distal"

    def com_point(self, landmarks: Mapping[str, np.ndarray]) -> np.ndarray:
        """The centre of mass (m, shape ``(..., 2)``) given landmark coordinates.

        ``landmarks`` maps landmark names (``"hip"``, ``"knee"``, ``"ankle"``,
        ``"heel"``, ``"toe_tip"``, ``"met_head"``) to points of shape
        ``(..., 2)``; it needs ``com_from`` and ``com_toward``. The centre of mass
        lies ``com_fraction`` of the way from the first to the second (for the
        de Leva foot: from the heel toward the tip of the toe). A missing
        landmark raises KeyError naming it.
        """
        missing = [k for k in (self.com_from, self.com_toward) if k not in landmarks]
        if missing:
            raise KeyError(
                f"{self.name} centre of mass needs landmark(s) {', '.join(map(repr, missing))}; "
                f"got {', '.join(map(repr, landmarks))}"
            )
        start = np.asarray(landmarks[self.com_from], float)
        end = np.asarray(landmarks[self.com_toward], float)
        return start + self.com_fraction * (end - start)


class Body:
    """A learner's body, scaled from the anthropometric tables.

    Parameters
    ----------
    mass_kg : body mass, 20–250 kg.
    height_m : standing height, 1.0–2.3 m.
    sex : ``"male"`` or ``"female"``; picks the de Leva table (when
        ``segment_table="de_leva"``) and the strength-curve coefficients
        (Anderson 2007's young-adult means; see :mod:`kickback_edu.strength`).
    segment_table : ``"dempster"`` (Winter 2009, default) or ``"de_leva"``.
    hip_extension_limit_deg : how far the hip extends past neutral before the
        low back takes over; default from ``data/parameters.csv``.
    """

    def __init__(
        self,
        mass_kg: float = 70.0,
        height_m: float = 1.75,
        sex: str = "male",
        segment_table: str = "dempster",
        hip_extension_limit_deg: float | None = None,
    ) -> None:
        self.mass_kg = check_number("mass_kg", mass_kg, *MASS_RANGE_KG, unit="kg")
        self.height_m = check_number("height_m", height_m, *HEIGHT_RANGE_M, unit="m")
        self.sex = check_choice("sex", sex, SEXES)
        self.segment_table = check_choice("segment_table", segment_table, SEGMENT_TABLES)
        if hip_extension_limit_deg is None:
            hip_extension_limit_deg = parameter("hip_extension_limit_deg")
        self.hip_extension_limit_deg = check_number(
            "hip_extension_limit_deg", hip_extension_limit_deg, *HIP_LIMIT_RANGE_DEG, unit="deg"
        )
        self.g = parameter("gravity")
        table = self.segment_table if self.segment_table == "dempster" else f"de_leva_{self.sex}"
        #: the row label of ``data/segments.csv`` this body was scaled from
        self.segment_rows = table
        fractions = segment_fractions()
        segs = {}
        for name in ("thigh", "shank", "foot"):
            r = fractions[(table, name)]
            length = r["length_fraction"] * self.height_m
            mass = r["mass_fraction"] * self.mass_kg
            segs[name] = Segment(
                name=name,
                mass_kg=mass,
                length_m=length,
                com_m=r["com_fraction"] * length,
                inertia_com_kgm2=mass * (r["gyration_fraction"] * length) ** 2,
                com_fraction=r["com_fraction"],
                com_from=r["com_from"],
                com_toward=r["com_toward"],
            )
        self.thigh: Segment = segs["thigh"]
        self.shank: Segment = segs["shank"]
        self.foot: Segment = segs["foot"]
        prop = load_proportions()
        self.ankle_height_m = prop["ankle_height"] * self.height_m
        self.trunk_length_m = prop["trunk_length"] * self.height_m
        self.head_radius_m = prop["head_radius"] * self.height_m
        self.strength_coeffs = strength_coefficients()[self.sex]

    @property
    def weight_N(self) -> float:
        """Body weight in newtons."""
        return self.mass_kg * self.g

    @property
    def leg_mass_kg(self) -> float:
        """Mass of the working leg (thigh + shank + foot), kg."""
        return self.thigh.mass_kg + self.shank.mass_kg + self.foot.mass_kg

    @property
    def foot_length_m(self) -> float:
        """Heel-to-toe foot length (the foot segment's length), m."""
        return self.foot.length_m

    def __repr__(self) -> str:
        return (
            f"Body(mass_kg={self.mass_kg:g}, height_m={self.height_m:g}, sex={self.sex!r}, "
            f"segment_table={self.segment_table!r}, "
            f"hip_extension_limit_deg={self.hip_extension_limit_deg:g})"
        )
