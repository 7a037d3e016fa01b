"""ProgressionPlanner: pick today's step on the ladder, report a set, export the plan."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ..figures.planning import ladder_description, ladder_figure, step_style
from ..figures.style import WARNING_COLOR
from ..planning import TARGET_REPS, Ladder, Proposal, next_step
from .base import STYLE, FigureBox, guarded, int_slider, observe
from .checks import start_at


class ProgressionPlanner(FigureBox):
    """The ladder figure (:func:`~kickback_edu.figures.planning.ladder_figure`) with
    today's step highlighted in place.

    Controls: ``today`` (step number, 1 to the number of steps), ``reps_done``
    (repetitions done with good form in the last set, 0–30), ``reps_in_reserve``
    (how many more you could have done, 0–10) and ``rir_reported`` (ticked when
    you can tell; moving that slider ticks it), ``export`` (a button writing
    ``my_plan.csv`` and ``my_plan.html`` into ``folder``). The readout gives
    today's step and :func:`~kickback_edu.planning.next_step`'s proposal;
    ``proposal`` holds it.

    Start values: ``today``, ``reps_done`` and ``reps_in_reserve`` (None = not
    reported) must be whole numbers within those ranges; ValueError naming
    the parameter, the value and the control's range otherwise.
    """

    def __init__(self, ladder: Ladder, today: int = 1, reps_done: int = 10,
                 reps_in_reserve: int | None = None, folder: str | Path = ".") -> None:
        super().__init__()
        if not isinstance(ladder, Ladder):
            raise ValueError(f"ladder must come from build_ladder(...); got {ladder!r}")
        if not isinstance(folder, (str, Path)):
            raise ValueError(f"folder must be a folder path (text); got {folder!r}")
        self.ladder = ladder
        n = len(ladder.steps)
        self.folder = Path(folder)
        self.today = int_slider("Today's step", 1, 1, n, tooltip="the step you train today")
        self.reps_done = int_slider("Repetitions done (last set)", 0, 0, 30)
        self.reps_in_reserve = int_slider("Repetitions in reserve", 0, 0, 10,
                                          tooltip="how many more you could have done")
        start_at(self.today, "today", today)
        start_at(self.reps_done, "reps_done", reps_done)
        if reps_in_reserve is not None:
            start_at(self.reps_in_reserve, "reps_in_reserve", reps_in_reserve)
        self.rir_reported = widgets.Checkbox(
            value=reps_in_reserve is not None, description="I can tell my reps in reserve",
            indent=False, style=STYLE, layout={"width": "230px"})
        self.export = widgets.Button(description="Export the plan (CSV + page)",
                                     icon="download", layout={"width": "260px"},
                                     tooltip="writes my_plan.csv and my_plan.html here")
        self.exported = widgets.HTML()
        self.proposal: Proposal | None = None
        fig = ladder_figure(ladder, int(self.today.value))
        controls = widgets.VBox([
            widgets.HBox([self.today, self.export], layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.reps_done, self.reps_in_reserve, self.rir_reported],
                         layout={"flex_flow": "row wrap"}),
        ])
        for control in (self.reps_done, self.reps_in_reserve):
            control.style = STYLE
        self._assemble(fig, [controls], extra=[self.exported])
        self.remember(step_style(ladder, int(self.today.value)))
        self._update()
        observe(self._on_today, self.today)
        observe(self._on_report, self.reps_done, self.rir_reported)
        observe(self._on_reserve, self.reps_in_reserve)
        self.export.on_click(lambda _: self.save())

    @guarded
    def _on_today(self, change: object = None) -> None:
        self.push(step_style(self.ladder, int(self.today.value)))
        self._update()

    @guarded
    def _on_report(self, change: object = None) -> None:
        self._update()

    @guarded
    def _on_reserve(self, change: object = None) -> None:
        if self.rir_reported.value:
            self._update()
        else:
            self.rir_reported.value = True  # moving the slider reports it (updates)

    def _update(self) -> None:
        rir = int(self.reps_in_reserve.value) if self.rir_reported.value else None
        self.proposal = next_step(self.ladder, int(self.today.value), int(self.reps_done.value),
                                  rir)
        self.last_error = None
        self.readout.value = self._readout_html()

    def _readout_html(self) -> str:
        s = self.ladder.steps[int(self.today.value) - 1]
        p = self.proposal
        assert p is not None
        colour = {"move up": "#009E73", "stay": "#0072B2", "step back": WARNING_COLOR}
        lo, hi = TARGET_REPS
        return (
            f"<p style='margin:2px 0'><b>Step {s.number}:</b> {html.escape(s.what_changes)} · "
            f"tempo {'-'.join(f'{t:g}' for t in s.option.tempo_s)} s · peak "
            f"{s.peak_torque_Nm:.1f} N·m at {s.peak_lift_deg:.0f}° · at the top "
            f"{s.top_torque_Nm:.1f} N·m · {100 * s.demand:.0f}% of your strength at "
            f"{s.worst_lift_deg:.0f}° (model estimates)</p>"
            f"<p style='margin:2px 0'><b style='color:{colour[p.decision]}'>Proposal: "
            f"{p.decision}</b> — {html.escape(p.message)}</p>"
            f"<p style='margin:2px 0;font-size:90%'>Rules from the sources: {lo}–{hi} "
            "repetitions, 2–3 days a week, add 2–10% after one or two repetitions over the "
            "target (ACSM 2009). Torques, shares and times are model estimates.</p>")

    # -- public ----------------------------------------------------------
    def table(self) -> pd.DataFrame:
        """The plan as a table (:meth:`~kickback_edu.planning.Ladder.table`)."""
        return self.ladder.table()

    def save(self, stem: str = "my_plan") -> tuple[Path, Path]:
        """Write ``<stem>.csv`` and ``<stem>.html`` (printable) into ``folder``."""
        csv_path = self.folder / f"{stem}.csv"
        html_path = self.folder / f"{stem}.html"
        csv_path.write_text(self.ladder.to_csv(), encoding="utf-8")
        html_path.write_text(self.ladder.to_html(today=int(self.today.value)), encoding="utf-8")
        self.exported.value = (
            f"<p style='margin:2px 0'>Saved <code>{html.escape(str(csv_path))}</code> and "
            f"<code>{html.escape(str(html_path))}</code>: open the page and print it.</p>")
        return csv_path, html_path

    @property
    def static_note(self) -> str:
        """Said before the static figure on a printed page, where no slider moves: today's
        step and the report (repetitions done, reps in reserve if ticked) the proposal uses."""
        done = int(self.reps_done.value)
        reps = "clean repetition" if done == 1 else "clean repetitions"
        reserve = ""
        if self.rir_reported.value:
            rir = int(self.reps_in_reserve.value)
            reserve = f" and {rir} in reserve"
        return (f"On paper: today's step is step {int(self.today.value)} (curve thick, bar "
                f"outlined), with {done} {reps} done{reserve}, as the proposal below "
                "assumes.")

    @property
    def description(self) -> str:
        """What the figure shows now, and the proposal."""
        text = ladder_description(self.ladder, int(self.today.value))
        if self.proposal is not None:
            text += f" Proposal: {self.proposal.decision}. {self.proposal.message}"
        return text


__all__ = ["ProgressionPlanner"]
