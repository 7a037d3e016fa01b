"""Pure figure functions: model results in, plotly ``go.Figure`` out.

Every figure has a title, axis titles with units and a one-sentence text
description (:func:`description`) for screen readers and static copies.
"""

from .._imports import skip_slow_optional_imports

skip_slow_optional_imports()  # before plotly: see kickback_edu._imports

from .curves import resistance_figure  # noqa: E402
from .dynamics import repetition_figure, torque_time_figure  # noqa: E402
from .leg import leg_animation_figure, side_view_figure  # noqa: E402
from .muscles import active_muscles_figure, muscle_card_html, muscle_map_figure  # noqa: E402
from .planning import ladder_figure  # noqa: E402
from .style import apply_layout, describe, description  # noqa: E402

__all__ = [
    "active_muscles_figure", "apply_layout", "describe", "description", "ladder_figure",
    "leg_animation_figure",
    "muscle_card_html", "muscle_map_figure", "repetition_figure", "resistance_figure",
    "side_view_figure", "torque_time_figure",
]
