"""Time the model: all four resistance curves over 181 angles, one repetition, and a
progression ladder built from 30 equipment options (target: under 50 ms).

Prints the median and 95th percentile in milliseconds. Not a test: CI does not
fail on a time. Run with ``make bench`` or ``python benchmarks/bench_model.py``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from kickback_edu import (
    Band,
    Body,
    Bodyweight,
    Cable,
    GluteMachine,
    curve_arrays,
    repetition,
    resistance_curves,
)
from kickback_edu.my_equipment import CableSetup
from kickback_edu.planning import build_ladder, equipment_options


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and 95th-percentile wall time of ``fn`` in milliseconds."""
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    body = Body()
    devices = [Bodyweight(), Band("red"), Cable(10), GluteMachine(20)]
    lifts = np.linspace(0, 130, 181)
    cases = {
        "4 resistance curves x 181 angles (arrays)": (
            lambda: curve_arrays(body, devices, lifts, 90), 500),
        "4 resistance curves x 181 angles (DataFrame)": (
            lambda: resistance_curves(body, devices, lifts, 90), 200),
        "one controlled repetition (2-1-2 s, 501 samples)": (
            lambda: repetition(body, Band("red"), (2, 1, 2)), 100),
        "one swing repetition": (lambda: repetition(body, None, style="swing"), 100),
    }
    # 30 options: bodyweight at 3 knee angles + 2 tempo variants, 8 band colours single
    # and looped (16), and a cable stack of 9 loads (2.5 to 22.5 kg).
    options = equipment_options(band_brand="Thera-Band",
                                cable=CableSetup(stack_step_kg=2.5, stack_max_kg=22.5))
    assert len(options) == 30, len(options)
    cases[f"progression ladder, {len(options)} equipment options"] = (
        lambda: build_ladder(body, options), 50)
    print(f"{'case':52s} {'median ms':>10s} {'p95 ms':>8s}")
    for name, (fn, repeat) in cases.items():
        median, p95 = measure(fn, repeat)
        print(f"{name:52s} {median:10.3f} {p95:8.3f}")


if __name__ == "__main__":
    main()
