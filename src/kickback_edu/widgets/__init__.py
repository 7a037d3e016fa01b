"""Interactive explorers: ipywidgets controls wired to plotly FigureWidgets.

Each explorer is an ``ipywidgets.VBox`` exposing ``.figure`` (the
FigureWidget, built once and updated in place), its controls by name, a
``.readout``, ``.static_figure()`` (a plain ``go.Figure`` of the current
state, for static HTML) and ``.description`` (a sentence or two for screen
readers and static copies).
"""

from .function import GaitExplorer, StanceExplorer
from .leg import LegExplorer
from .muscle_map import MuscleMap
from .planning import ProgressionPlanner
from .progress import ProgressView
from .quiz import Quiz, SpotTheFault
from .resistance import ResistanceLab
from .tempo import TempoLab

__all__ = [
    "GaitExplorer",
    "LegExplorer",
    "MuscleMap",
    "ProgressView",
    "ProgressionPlanner",
    "Quiz",
    "ResistanceLab",
    "SpotTheFault",
    "StanceExplorer",
    "TempoLab",
]
