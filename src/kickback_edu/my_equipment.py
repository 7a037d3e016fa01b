"""The learner's own equipment: a band measured with a luggage scale, a cable set-up.

A band from the catalogue (``data/bands.csv``) is described by its maker's
chart. A learner or teacher can describe their own band instead: hang it from
a hook, pull it with a luggage scale to two stretched lengths and read the
force at each (in N, kgf or lbf), and note its rest length in cm. The force
against *percent elongation* is fitted with
:func:`kickback_edu.band_curve.fit_band_curve`, the same fit and the same
checks as the catalogue (rising, non-negative, errors in the learner's unit).
Measure the band the way you use it: a loop band hooked as a loop, so the
scale reads the pull of the whole loop; the model then uses that force as it
is (it does not double it).

A cable is described by where its pulley is (height above the floor,
distance ahead of the hip) and by its weight stack (smallest step, heaviest
load).

Both are saved in a small JSON file in the learner's working folder,
``my_equipment.json`` by default (schema below), which the planner and the
resistance lab load. Loading validates every field and names the file, the
entry and the field of anything wrong.

File schema (version 1)::

    {
      "schema": "kickback_edu/my-equipment",
      "version": 1,
      "bands": [
        {"name": "my green loop", "rest_length_cm": 30,
         "lengths_cm": [45, 60], "forces": [21, 33], "unit": "N"}
      ],
      "cables": [
        {"name": "gym cable", "pulley_height_m": 0.1, "pulley_distance_m": 0.8,
         "stack_step_kg": 2.5, "stack_max_kg": 40}
      ]
    }

``lengths_cm`` are the band's stretched lengths (each longer than the rest
length, at most 4 × it: 300% elongation, ``band_max_elongation``), ``forces``
the scale's readings at those lengths in ``unit`` (``"N"``, ``"kgf"`` or
``"lbf"``). Names must be unique within the file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .band_curve import BandCurve, fit_band_curve, force_units
from .body import Body
from .data import parameter
from .equipment import Band, Cable
from .pose import KNEE_RANGE_DEG, pose
from .validation import check_bool, check_number, has_bool

SCHEMA = "kickback_edu/my-equipment"
VERSION = 1
DEFAULT_FILE = "my_equipment.json"
#: Shortest band rest length the model accepts (as :class:`~kickback_edu.equipment.Band`).
MIN_REST_LENGTH_CM = 10.0
#: Longest band rest length the model accepts (as :class:`~kickback_edu.equipment.Band`).
MAX_REST_LENGTH_CM = 100.0
NAME_MAX_CHARS = 40


class MeasuredBand(Band):
    """A band whose force–elongation curve the learner measured.

    Works like :class:`~kickback_edu.equipment.Band` (from the working foot
    to the supporting knee, torque = r × F) with ``curve`` (a
    :class:`~kickback_edu.band_curve.BandCurve`) giving the force of the band
    as measured; ``loop`` is False because a measured loop already includes
    both strands. ``rest_length_m`` (0.1–1.0 m) is the foot-to-knee distance
    at which it starts to pull.
    """

    def __init__(self, curve: BandCurve, name: str, rest_length_m: float = 0.40) -> None:
        if not isinstance(curve, BandCurve):
            raise ValueError(
                f"curve must be a BandCurve from fit_band_curve(...); got {curve!r}")
        self.color = _check_name("name", name)
        self.loop = False
        self.rest_length_m = check_number(
            "rest_length_m", rest_length_m, MIN_REST_LENGTH_CM / 100, MAX_REST_LENGTH_CM / 100,
            unit="m")
        self.brand = "measured"
        self.curve = curve
        self.force_100_N = float(curve.force_N(1.0))
        self.force_200_N = float(curve.force_N(2.0))
        self._max = curve.max_elongation

    @property
    def name(self) -> str:
        return f"{self.color} (measured)"

    @property
    def description(self) -> str:
        return (
            f"Your own band '{self.color}', measured with a scale and looped from the working "
            "foot to the supporting knee: its pull rises as it stretches, but its moment arm "
            "about the hip shrinks as the leg rises."
        )


def longest_stretch_m(body: Body, knee_deg: float = 90.0, top_lift_deg: float = 90.0) -> float:
    """The farthest the working foot gets from the supporting knee (m), lift 0 to the top.

    A band whose rest length is longer than this never stretches in the
    kickback, so it never pulls. The lift runs over
    :func:`kickback_edu.planning.lift_grid` (from the first feasible lift).
    """
    from .planning import lift_grid  # planning builds on this module: import when used

    p = pose(body, lift_grid(body, knee_deg, top_lift_deg), knee_deg)
    return float(np.max(np.linalg.norm(p.band_point - p.support_knee, axis=-1)))


def check_rest_length(body: Body, rest_length_cm: float, knee_deg: float = 90.0,
                      name: str = "rest_length_cm") -> float:
    """Return ``rest_length_cm`` if a band that long would stretch in this body's kickback.

    Allowed: from 10 cm to the smaller of 100 cm and :func:`longest_stretch_m`
    (in cm). Raises ValueError naming the parameter, the value and that range.
    """
    longest_cm = 100.0 * longest_stretch_m(body, knee_deg)
    hi = min(MAX_REST_LENGTH_CM, math.floor(longest_cm))
    value = check_number(name, rest_length_cm, MIN_REST_LENGTH_CM, math.inf, unit="cm")
    if value > hi:
        raise ValueError(
            f"{name} must be from {MIN_REST_LENGTH_CM:g} to {hi:g} cm for this body: at "
            f"knee_deg={knee_deg:g} the foot gets at most {longest_cm:.0f} cm from the "
            f"supporting knee, so a longer band would never stretch; got {rest_length_cm!r}"
        )
    return value


def _check_name(param: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > NAME_MAX_CHARS:
        raise ValueError(
            f"{param} must be a text of 1 to {NAME_MAX_CHARS} characters; got {value!r}")
    return value.strip()


@dataclass(frozen=True)
class BandMeasurement:
    """What a learner measured on their own band (see the module docstring).

    Build it with :func:`measure_band`, which checks every value; ``band()``
    gives the :class:`MeasuredBand`.
    """

    name: str
    rest_length_cm: float
    lengths_cm: tuple[float, float]
    forces: tuple[float, float]
    unit: str = "N"
    curve: BandCurve = field(compare=False, repr=False, default=None)  # type: ignore[assignment]

    def band(self, rest_length_m: float | None = None) -> MeasuredBand:
        """The measured band set up at ``rest_length_m`` (default: its measured rest length)."""
        rest = self.rest_length_cm / 100.0 if rest_length_m is None else rest_length_m
        return MeasuredBand(self.curve, self.name, rest)

    def to_dict(self) -> dict[str, Any]:
        """The measurement as stored in the file (the raw readings, not the fit)."""
        d = asdict(self)
        d.pop("curve")
        d["lengths_cm"], d["forces"] = list(self.lengths_cm), list(self.forces)
        return d


def measure_band(
    name: str,
    rest_length_cm: float,
    lengths_cm: Sequence[float],
    forces: Sequence[float],
    unit: str = "N",
    body: Body | None = None,
    knee_deg: float = 90.0,
) -> BandMeasurement:
    """Fit a band from two luggage-scale readings.

    Parameters
    ----------
    name : your label for the band (1–40 characters), e.g. ``"my green loop"``.
    rest_length_cm : the band's length unstretched (a loop: laid flat), 10–100 cm;
        with ``body`` given, at most the farthest the foot gets from the
        supporting knee (:func:`check_rest_length`).
    lengths_cm : two stretched lengths (cm), each longer than the rest length
        and at most 4 × it (300% elongation, the model's limit).
    forces : the scale's reading at each length, in ``unit``; greater than 0.
    unit : ``"N"``, ``"kgf"`` or ``"lbf"`` (a luggage scale usually shows kg:
        that is kgf).
    body : the learner (:class:`~kickback_edu.body.Body`), to check the rest
        length against; None skips that check.
    knee_deg : the knee bend (0–140°) of that check.

    Raises ValueError naming the parameter, the value and the allowed range,
    and, from :func:`~kickback_edu.band_curve.fit_band_curve`, when the
    readings do not describe a band (the longer stretch must pull harder, by
    the amount it names, in your unit); KeyError for an unknown unit.
    """
    name = _check_name("name", name)
    knee_deg = check_number("knee_deg", knee_deg, *KNEE_RANGE_DEG, unit="degrees")
    if unit not in force_units():
        raise KeyError(f"unit must be one of {', '.join(map(repr, force_units()))}; got {unit!r}")
    if body is not None:
        rest = check_rest_length(body, rest_length_cm, knee_deg)
    else:
        rest = check_number("rest_length_cm", rest_length_cm, MIN_REST_LENGTH_CM,
                            MAX_REST_LENGTH_CM, unit="cm")
    lengths, values = _pair("lengths_cm", lengths_cm), _pair("forces", forces)
    top = parameter("band_max_elongation")
    for i, length in enumerate(lengths):
        # Above the rest length (the band must be stretched), up to the model's limit.
        check_number(f"lengths_cm[{i}]", length, math.nextafter(rest, math.inf),
                     rest * (1.0 + top), unit=f"cm (longer than the rest length {rest:g} cm, "
                     f"at most {1.0 + top:g} × it)")
    names = tuple(f"forces[{i}] (at {length:g} cm)" for i, length in enumerate(lengths))
    curve = fit_band_curve(
        [((length - rest) / rest, force) for length, force in zip(lengths, values, strict=True)],
        unit=unit, names=names)  # type: ignore[arg-type]
    return BandMeasurement(name, rest, lengths, values, unit, curve)  # type: ignore[arg-type]


def _pair(param: str, value: Any) -> tuple[Any, Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise ValueError(f"{param} must be a list of two numbers; got {value!r}")
    return value[0], value[1]


@dataclass(frozen=True)
class CableSetup:
    """A cable station as the learner finds it.

    ``pulley_height_m`` (0–2 m above the floor) and ``pulley_distance_m``
    (0.2–3 m ahead of the hip) place the pulley (see
    :class:`~kickback_edu.equipment.Cable`); the stack goes from
    ``stack_step_kg`` to ``stack_max_kg`` in steps of ``stack_step_kg``
    (0.5–20 kg; max up to 150 kg). ``other_pulleys`` lists further
    (height, distance) settings the learner may use.
    """

    name: str = "cable"
    pulley_height_m: float = 0.0
    pulley_distance_m: float = 1.0
    stack_step_kg: float = 2.5
    stack_max_kg: float = 40.0
    other_pulleys: tuple[tuple[float, float], ...] = ()

    def __post_init__(self) -> None:
        _check_name("name", self.name)
        Cable(0.0, self.pulley_height_m, self.pulley_distance_m)  # checks both, by name
        check_number("stack_step_kg", self.stack_step_kg, 0.5, 20.0, unit="kg")
        check_number("stack_max_kg", self.stack_max_kg, self.stack_step_kg, 150.0, unit="kg")
        if not isinstance(self.other_pulleys, (list, tuple)) or has_bool(self.other_pulleys):
            kind = " (a boolean, not a number)" if has_bool(self.other_pulleys) else ""
            raise ValueError(
                "other_pulleys must be a list of (height_m, distance_m) pairs, e.g. "
                f"((0.5, 1.0),); got {self.other_pulleys!r}{kind}")
        for i, setting in enumerate(self.other_pulleys):
            h, d = _pair(f"other_pulleys[{i}]", setting)
            check_number(f"other_pulleys[{i}] height", h, 0.0, 2.0, unit="m")
            check_number(f"other_pulleys[{i}] distance", d, 0.2, 3.0, unit="m")

    def pulleys(self) -> list[tuple[float, float]]:
        """Every (height, distance) setting, the main one first."""
        out = [(self.pulley_height_m, self.pulley_distance_m)]
        return out + [(float(h), float(d)) for h, d in self.other_pulleys
                      if (float(h), float(d)) not in out]

    def loads_kg(self) -> np.ndarray:
        """The stack loads from one step to the maximum, kg."""
        n = int(math.floor(self.stack_max_kg / self.stack_step_kg + 1e-9))
        return self.stack_step_kg * np.arange(1, n + 1)

    def cables(self) -> list[Cable]:
        """A :class:`~kickback_edu.equipment.Cable` for every load and pulley setting."""
        return [Cable(float(kg), h, d) for h, d in self.pulleys() for kg in self.loads_kg()]

    def to_dict(self) -> dict[str, Any]:
        """The set-up as stored in the file (pulley settings as lists)."""
        d = asdict(self)
        d["other_pulleys"] = [list(p) for p in self.other_pulleys]
        return d


@dataclass(frozen=True)
class MyEquipment:
    """The learner's own bands and cables, as saved in ``my_equipment.json``."""

    bands: tuple[BandMeasurement, ...] = ()
    cables: tuple[CableSetup, ...] = ()

    def band(self, name: str, rest_length_m: float | None = None) -> MeasuredBand:
        """The measured band called ``name``; KeyError naming the choices if none."""
        for m in self.bands:
            if m.name == name:
                return m.band(rest_length_m)
        choices = ", ".join(repr(m.name) for m in self.bands) or "none saved"
        raise KeyError(f"name must be one of your measured bands ({choices}); got {name!r}")

    def band_names(self) -> list[str]:
        """The names of the measured bands, in the file's order."""
        return [m.name for m in self.bands]

    def to_dict(self) -> dict[str, Any]:
        """The whole file as a JSON-ready dict (schema and version first)."""
        return {"schema": SCHEMA, "version": VERSION,
                "bands": [m.to_dict() for m in self.bands],
                "cables": [c.to_dict() for c in self.cables]}

    def save(self, path: str | Path = DEFAULT_FILE) -> Path:
        """Write the file (UTF-8 JSON, readable by hand); returns its path."""
        target = Path(path)
        target.write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")
        return target

    def with_band(self, measurement: BandMeasurement) -> MyEquipment:
        """A copy with ``measurement`` added (replacing a band of the same name)."""
        kept = tuple(m for m in self.bands if m.name != measurement.name)
        return MyEquipment((*kept, measurement), self.cables)

    def with_cable(self, setup: CableSetup) -> MyEquipment:
        """A copy with ``setup`` added (replacing a cable of the same name)."""
        kept = tuple(c for c in self.cables if c.name != setup.name)
        return MyEquipment(self.bands, (*kept, setup))


def my_equipment_from_dict(data: Any, source: str = "my equipment") -> MyEquipment:
    """Validate a parsed file and build :class:`MyEquipment`.

    Raises ValueError starting with ``source`` and the entry and field at
    fault (e.g. ``bands[0].forces``), then the check's own message.
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"{source}: the file must hold a JSON object; got {type(data).__name__}")
    if data.get("schema") != SCHEMA or data.get("version") != VERSION:
        raise ValueError(
            f"{source}: 'schema' must be {SCHEMA!r} and 'version' {VERSION}; got "
            f"{data.get('schema')!r} and {data.get('version')!r}")
    unknown = set(data) - {"schema", "version", "bands", "cables"}
    if unknown:
        raise ValueError(f"{source}: unknown keys {sorted(unknown)}; allowed: schema, version, "
                         "bands, cables")
    bands: list[BandMeasurement] = []
    cables: list[CableSetup] = []
    band_keys = {"name", "rest_length_cm", "lengths_cm", "forces", "unit"}
    cable_keys = {f for f in CableSetup.__dataclass_fields__}
    for kind, keys, required in (("bands", band_keys, band_keys),
                                 ("cables", cable_keys, {"name", "pulley_height_m",
                                                         "pulley_distance_m"})):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise ValueError(f"{source}: '{kind}' must be a list; got {entries!r}")
        names: set[str] = set()
        for i, entry in enumerate(entries):
            where = f"{source}, {kind}[{i}]"
            if not isinstance(entry, Mapping):
                raise ValueError(f"{where}: must be an object with {sorted(required)}")
            missing, extra = required - set(entry), set(entry) - keys
            if missing or extra:
                raise ValueError(
                    f"{where}: missing {sorted(missing)}, unknown {sorted(extra)}; allowed keys: "
                    f"{sorted(keys)}")
            try:
                if kind == "bands":
                    bands.append(measure_band(**entry))
                else:
                    pulleys = tuple(tuple(p) if isinstance(p, list) else p
                                    for p in entry.get("other_pulleys", ()))
                    cables.append(CableSetup(**{**entry, "other_pulleys": pulleys}))
            except (ValueError, KeyError, TypeError) as err:
                message = err.args[0] if err.args else str(err)
                raise ValueError(f"{where} ({entry.get('name')!r}): {message}") from None
            name = entry["name"]
            if name in names:
                raise ValueError(f"{where}: name {name!r} is used twice; names must be unique")
            names.add(name)
    return MyEquipment(tuple(bands), tuple(cables))


def load_my_equipment(path: str | Path = DEFAULT_FILE, missing_ok: bool = False) -> MyEquipment:
    """Read and validate a saved file (see the module docstring for its schema).

    ``missing_ok=True`` returns an empty :class:`MyEquipment` when the file
    does not exist. Raises ValueError naming the file, the entry and the
    field of any problem (bad JSON: its line and column).
    """
    missing_ok = check_bool("missing_ok", missing_ok)
    source = Path(path)
    if not source.exists():
        if missing_ok:
            return MyEquipment()
        raise ValueError(f"{source}: file not found; save one with MyEquipment(...).save()")
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(
            f"{source}, line {err.lineno}, column {err.colno}: not valid JSON ({err.msg})"
        ) from None
    return my_equipment_from_dict(data, str(source))


__all__ = [
    "DEFAULT_FILE", "SCHEMA", "VERSION", "BandMeasurement", "CableSetup", "MeasuredBand",
    "MyEquipment", "check_rest_length", "load_my_equipment", "longest_stretch_m",
    "measure_band", "my_equipment_from_dict",
]
