"""Latency of the course widgets, in-process: update in place vs rebuild per change.

For each widget, every control is driven through its range (one value at a
time, as a slider drag would) and each update is timed: the model call, the
``plotly_update`` on the existing FigureWidget and the readout. Beside it,
the common alternative (``ipywidgets.interact`` style) is timed on a sample
of the same states: call the figure function to build a new ``go.Figure``
and display it, either as a new ``go.FigureWidget`` or through
``fig.show()``'s JSON bundle (``plotly.io.to_json``); the faster of the two
is the reference for the speed-up. Each widget is swept ``--repeats`` times
(default 3), on a fresh widget each time, and the best run is printed (the
usual guard against a busy machine).

Targets: median under 2 ms per update, at least 10× faster than a rebuild.
Both wall-clock and CPU time (``time.process_time``) are printed: on a
shared machine the wall clock also counts the time other processes held the
CPU, while the CPU time is what the update itself costs; on an idle machine
the two agree. The targets are judged on each (wall / CPU).
A benchmark, not a test: it prints numbers and never fails on a time.
Run: ``.venv/bin/python benchmarks/bench_widgets.py [--quick]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from kickback_edu import Body, repetition
from kickback_edu.figures import (
    active_muscles_figure,
    muscle_map_figure,
    resistance_figure,
    torque_time_figure,
)
from kickback_edu.widgets import LegExplorer, MuscleMap, ResistanceLab, TempoLab
from kickback_edu.widgets.resistance import KEYS

TARGET_MEDIAN_MS = 2.0
TARGET_SPEEDUP = 10.0


def _p95(values: Sequence[float]) -> float:
    return float(np.percentile(values, 95))


def _rebuild_leg(w: LegExplorer) -> go.Figure:
    return active_muscles_figure(w.body, w.lift.value, w.knee.value)


def _rebuild_map(w: MuscleMap) -> go.Figure:
    return muscle_map_figure(w.body, w.mode.value, w.lift.value, w.knee.value,
                             selected=w.muscle.value)


def _rebuild_resistance(w: ResistanceLab) -> go.Figure:
    devices = []
    for key in KEYS:
        if w.equipment[key].value:
            try:
                devices.append(w._make(key))
            except ValueError:
                continue
    try:
        return resistance_figure(w.body, devices or None, float(w.knee.value),
                                 show_share=w.show_share.value,
                                 marker_lift_deg=float(w.lift.value))
    except ValueError:  # a setting the model rejects: an interact callback would show nothing
        return go.Figure()


def _rebuild_tempo(w: TempoLab) -> go.Figure:
    if w.style.value == "swing":
        rep = repetition(w.body, style="swing")
    else:
        rep = repetition(w.body, tempo_s=(w.up.value, w.squeeze.value, w.down.value))
    return torque_time_figure(rep, w.style.value)


def _sweeps(w: Any, quick: bool) -> dict[str, list[Any]]:
    """Control name -> the values driven through, widget by widget."""
    thin = 3 if quick else 1

    def arange(lo: float, hi: float, step: float) -> list[float]:
        return [round(float(v), 4) for v in np.arange(lo, hi + step / 2, step)][::thin]

    if isinstance(w, LegExplorer):
        return {"lift": list(range(0, 131))[::thin], "knee": list(range(0, 141, 5))[::thin],
                "mass": arange(40, 120, 2), "height": arange(1.5, 2.0, 0.02)}
    if isinstance(w, MuscleMap):
        return {"mode": ["involvement", "role"] * 5, "lift": list(range(0, 131))[::thin],
                "knee": list(range(0, 141, 5))[::thin],
                "muscle": ["hamstrings", "core", "gluteus_medius", "gluteus_minimus",
                           "gluteus_maximus"] * 2}
    if isinstance(w, ResistanceLab):
        return {"lift": list(range(0, 131))[::thin], "cable_load": arange(0, 60, 1),
                "pulley_height": arange(0, 2, 0.05), "pulley_distance": arange(0.2, 3, 0.05),
                "machine_load": arange(0, 120, 2.5), "machine_kind": ["cam", "plate"] * 3,
                # Option values are (brand, colour) pairs; look them up by the label.
                "band_color": [dict(w.band_color.options)[c] for c in
                               ("tan", "yellow", "green", "blue", "black", "silver", "gold",
                                "red")],
                "band_length": arange(0.1, 1.0, 0.05), "knee": list(range(0, 141, 5))[::thin],
                "show_share": [True, False] * 3}
    return {"up": arange(0.2, 6.0, 0.1), "squeeze": arange(0.0, 5.0, 0.1),
            "down": arange(0.2, 6.0, 0.1), "style": ["swing", "controlled"] * 4}


class Clock:
    """Wall-clock and CPU milliseconds of a block: ``with Clock() as c: ...``."""

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = (time.perf_counter() - self._wall) * 1e3
        self.cpu = (time.process_time() - self._cpu) * 1e3


def sweep(w: Any, rebuild: Callable[[Any], go.Figure], quick: bool) -> dict[str, Any]:
    """Drive every control of ``w`` through its range, timing each update, and time a
    rebuild of the figure on every few states. Every timing is a (wall ms, CPU ms) pair."""
    per_control: dict[str, list[tuple[float, float]]] = {}
    rebuild_fw: list[tuple[float, float]] = []
    rebuild_json: list[tuple[float, float]] = []
    sample_every = 12 if quick else 8
    step = 0
    for name, values in _sweeps(w, quick).items():
        control = getattr(w, name)
        original = control.value
        times = per_control.setdefault(name, [])
        for value in [*values, original]:
            if control.value == value:
                continue
            with Clock() as c:
                control.value = value
            times.append((c.wall, c.cpu))
            step += 1
            if step % sample_every == 0:
                with Clock() as c:
                    go.FigureWidget(rebuild(w))
                rebuild_fw.append((c.wall, c.cpu))
                with Clock() as c:
                    pio.to_json(rebuild(w))
                rebuild_json.append((c.wall, c.cpu))
    if isinstance(w, ResistanceLab):  # the equipment checkboxes
        times = per_control.setdefault("equipment", [])
        for key in KEYS * 2:
            box = w.equipment[key]
            with Clock() as c:
                box.value = not box.value
            times.append((c.wall, c.cpu))
    return {"widget": type(w).__name__, "controls": per_control,
            "rebuild_fw": rebuild_fw, "rebuild_json": rebuild_json}


def bench(make: Callable[[], Any], rebuild: Callable[[Any], go.Figure], quick: bool,
          repeats: int) -> dict[str, Any]:
    """Best of ``repeats`` sweeps, each on a fresh widget (so no cache carries over):
    the run with the lowest median update, and separately the lowest median rebuild."""
    runs = [sweep(make(), rebuild, quick) for _ in range(repeats)]

    def median_update(run: dict[str, Any]) -> float:
        return statistics.median(t[0] for times in run["controls"].values() for t in times)

    def median_rebuild(run: dict[str, Any]) -> float:
        return min(statistics.median(t[0] for t in run[k]) for k in ("rebuild_fw",
                                                                     "rebuild_json"))

    best = dict(min(runs, key=median_update))
    fastest_rebuild = min(runs, key=median_rebuild)
    best["rebuild_fw"] = fastest_rebuild["rebuild_fw"]
    best["rebuild_json"] = fastest_rebuild["rebuild_json"]
    best["repeats"] = repeats
    return best


def _stats(pairs: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """(median wall, p95 wall, median CPU) in ms."""
    wall = [p[0] for p in pairs]
    return statistics.median(wall), _p95(wall), statistics.median(p[1] for p in pairs)


def _verdict(median: float, ratio: float) -> str:
    return "✓" if median < TARGET_MEDIAN_MS and ratio >= TARGET_SPEEDUP else "✗"


def report(results: list[dict[str, Any]]) -> None:
    """Print per-widget and per-control medians and 95th percentiles (ms)."""
    print(f"{'widget / control':<20}{'n':>5}{'median':>8}{'p95':>8}{'CPU med':>9}"
          f"{'rebuild med':>13}{'p95':>8}{'CPU med':>9}{'speed-up wall / CPU':>22}")
    for r in results:
        every = [t for times in r["controls"].values() for t in times]
        fw, js = _stats(r["rebuild_fw"]), _stats(r["rebuild_json"])
        rebuild = fw if fw[0] <= js[0] else js  # the faster alternative
        med, p95, cpu = _stats(every)
        ratio_wall, ratio_cpu = rebuild[0] / med, rebuild[2] / cpu
        print(f"{r['widget']:<20}{len(every):>5}{med:>8.2f}{p95:>8.2f}{cpu:>9.2f}"
              f"{rebuild[0]:>13.1f}{rebuild[1]:>8.1f}{rebuild[2]:>9.1f}"
              f"{ratio_wall:>12.0f}× {_verdict(med, ratio_wall)} / "
              f"{ratio_cpu:.0f}× {_verdict(cpu, ratio_cpu)}")
        for name, times in r["controls"].items():
            m, p, c = _stats(times)
            print(f"  {name:<18}{len(times):>5}{m:>8.2f}{p:>8.2f}{c:>9.2f}")
        print(f"  (rebuild median: new FigureWidget {fw[0]:.1f} ms, fig.show() JSON "
              f"{js[0]:.1f} ms)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\ntargets: median < {TARGET_MEDIAN_MS:g} ms per update in-process and "
          f"≥ {TARGET_SPEEDUP:g}× faster than rebuilding (✓ = both met); all times in ms; "
          f"best of {results[0]['repeats']} sweeps per widget; "
          f"load average {load:.1f} on {os.cpu_count()} CPUs during the run")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps (a smoke run)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="sweeps per widget, each on a fresh widget; the best is shown")
    args = parser.parse_args(argv)
    body = Body()
    # Warm up imports and caches outside the timings.
    for cls in (LegExplorer, MuscleMap, ResistanceLab, TempoLab):
        cls(body)
    results = [
        bench(lambda: LegExplorer(body), _rebuild_leg, args.quick, args.repeats),
        bench(lambda: MuscleMap(body, mode="involvement"), _rebuild_map, args.quick,
              args.repeats),
        bench(lambda: ResistanceLab(body), _rebuild_resistance, args.quick, args.repeats),
        bench(lambda: TempoLab(body), _rebuild_tempo, args.quick, args.repeats),
    ]
    report(results)


if __name__ == "__main__":
    main()
