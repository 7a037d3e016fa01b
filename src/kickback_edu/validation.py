"""Input checks shared by the whole library.

Every public function checks what a learner or teacher typed before any
arithmetic, and raises a ``ValueError`` (``KeyError`` for unknown names) whose
message names the parameter, the value received and what is allowed. Nothing
is clamped silently and no NaN leaks out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

ArrayLike = float | int | np.ndarray | Iterable[float]


def is_bool(value: Any) -> bool:
    """Whether ``value`` is a boolean: Python's ``True``/``False`` or a numpy bool."""
    return isinstance(value, (bool, np.bool_))


def has_bool(value: Any) -> bool:
    """Whether ``value`` is, or holds anywhere (nested lists, tuples, arrays), a boolean.

    A boolean is not a number here, though Python and numpy would count
    ``True`` as 1: a learner who types ``True`` for an angle made a mistake.
    """
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "b":
            return True
        return value.dtype == object and any(has_bool(v) for v in value.flat)
    if isinstance(value, (list, tuple)):
        return any(has_bool(v) for v in value)
    return is_bool(value)


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` as a Python bool if it is ``True`` or ``False`` (a numpy bool
    counts); ValueError naming ``name`` and the value otherwise (1, "yes", None)."""
    if not is_bool(value):
        raise ValueError(
            f"{name} must be True or False; got {value!r} (a {type(value).__name__})")
    return bool(value)


def check_number(name: str, value: Any, lo: float, hi: float, unit: str = "") -> float:
    """Return ``value`` as a float if it is a finite number in ``[lo, hi]``.

    Booleans (``True``, ``np.True_``) are not numbers. Raises ValueError
    naming ``name``, the value and the allowed range.
    """
    unit_txt = f" {unit}" if unit else ""
    if is_bool(value) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(
            f"{name} must be a number from {lo:g} to {hi:g}{unit_txt}; got {value!r}"
            + (" (a boolean, not a number)" if is_bool(value) else "")
        )
    v = float(value)
    if not math.isfinite(v) or v < lo or v > hi:
        raise ValueError(f"{name} must be from {lo:g} to {hi:g}{unit_txt}; got {value!r}")
    return v


def check_array(name: str, value: ArrayLike, lo: float, hi: float, unit: str) -> np.ndarray:
    """Return ``value`` as a float array (a 0-d array for a scalar) whose every
    element is finite and within ``[lo, hi]``; the result keeps its shape.

    Raises ValueError naming ``name``, the first offending value and the range
    in ``unit`` (e.g. ``"degrees"``); booleans, and arrays or lists holding
    any, are refused (numpy would read ``True`` as 1).
    """
    if has_bool(value):
        raise ValueError(
            f"{name} must be a number or an array of numbers in {unit} from {lo:g} to "
            f"{hi:g}; got {value!r} (a boolean, not a number)")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a number or an array of numbers in {unit} "
            f"from {lo:g} to {hi:g}; got {value!r}"
        ) from None
    bad = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
    if np.any(bad):
        first = float(arr[bad].flat[0]) if arr.ndim else float(arr)
        raise ValueError(
            f"{name} must be from {lo:g} to {hi:g} {unit}; got {first:g}"
            + (f" (one of {arr.size} values)" if arr.size > 1 else "")
        )
    return arr


def check_angles(name: str, value: ArrayLike, lo: float, hi: float) -> np.ndarray:
    """Return ``value`` as a float array of angles (degrees) within ``[lo, hi]``."""
    return check_array(name, value, lo, hi, "degrees")


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``; KeyError otherwise."""
    options = list(choices)
    if value not in options:
        raise KeyError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return value


def as_output(arr: np.ndarray) -> float | np.ndarray:
    """A 0-d array becomes a Python float; other arrays are returned as they are."""
    return float(arr) if np.ndim(arr) == 0 else arr
