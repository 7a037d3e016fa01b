"""FigureBox.push: what reaches the browser, and axis ranges after a zoom."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
import pytest

from kickback_edu.widgets.base import FigureBox


class Box(FigureBox):
    """A FigureBox with one trace and fixed axis ranges; records what push sends."""

    description = "one line"

    def __init__(self) -> None:
        super().__init__()
        figure = go.Figure(go.Scatter(x=np.arange(3.0), y=np.arange(3.0)),
                           layout={"xaxis": {"range": [0.0, 2.0]}, "yaxis": {"range": [0.0, 2.0]}})
        self._assemble(figure, [])
        self.sent: list[dict[str, Any]] = []
        send = self.figure.plotly_update

        def record(restyle_data: Any = None, relayout_data: Any = None,
                   trace_indexes: Any = None, **kwargs: Any) -> None:
            if restyle_data or relayout_data:
                self.sent.append({"restyle": dict(restyle_data or {}),
                                  "relayout": dict(relayout_data or {})})
            send(restyle_data=restyle_data, relayout_data=relayout_data,
                 trace_indexes=trace_indexes, **kwargs)

        self.figure.plotly_update = record  # type: ignore[method-assign]

    def browser_relayout(self, data: dict[str, Any]) -> None:
        """What the FigureWidget does when the user zooms or autoscales in the browser."""
        self.figure._handler_js2py_relayout(
            {"new": {"relayout_data": data, "source_view_id": "view"}})


RANGES = {"xaxis.range": [0.0, 2.0], "yaxis.range": [0.0, 2.0]}


def test_an_unchanged_range_is_not_sent_again() -> None:
    box = Box()
    box.push(layout=RANGES)
    box.push({0: {"y": np.array([2.0, 1.0, 0.0])}}, RANGES)
    assert [m["relayout"] for m in box.sent] == [{}]
    box.push(layout={"xaxis.range": [0.0, 3.0], "yaxis.range": [0.0, 2.0]})
    assert box.sent[-1]["relayout"] == {"xaxis.range": [0.0, 3.0]}
    assert list(box.figure.layout.xaxis.range) == [0.0, 3.0]


def test_a_range_zoomed_in_the_browser_is_restored() -> None:
    box = Box()
    box.browser_relayout({"xaxis.range[0]": 0.5, "xaxis.range[1]": 1.0})
    assert list(box.figure.layout.xaxis.range) == [0.5, 1.0]
    box.push(layout=RANGES)
    assert box.sent[-1]["relayout"] == {"xaxis.range": [0.0, 2.0]}
    assert list(box.figure.layout.xaxis.range) == [0.0, 2.0]
    box.push(layout=RANGES)  # restored: nothing more to send
    assert len(box.sent) == 1


def test_an_axis_autoscaled_in_the_browser_gets_its_range_back() -> None:
    box = Box()
    box.browser_relayout({"xaxis.autorange": True, "yaxis.autorange": True})
    box.push(layout=RANGES)
    assert box.sent[-1]["relayout"] == {"xaxis.range": [0.0, 2.0], "xaxis.autorange": False,
                                        "yaxis.range": [0.0, 2.0], "yaxis.autorange": False}
    assert box.figure.layout.xaxis.autorange is False
    box.push(layout=RANGES)
    assert len(box.sent) == 1


@pytest.mark.parametrize("value", [[None, 2.0], ["2024-01-01", "2024-02-01"]])
def test_partial_or_non_numeric_ranges_still_reach_the_browser(value: list[Any]) -> None:
    box = Box()
    box.push(layout={"xaxis.range": value})
    assert box.sent[-1]["relayout"] == {"xaxis.range": value}


class RecordingComm:
    """Stands in for the kernel's comm of a figure: records the messages it sends."""

    comm_id = "recording"

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def send(self, data: Any = None, metadata: Any = None,
             buffers: list | None = None) -> None:
        self.messages.append(data)

    def close(self, *args: Any, **kwargs: Any) -> None:
        pass

    def on_msg(self, callback: Any) -> None:
        pass


def test_reports_from_the_browser_are_not_echoed_back() -> None:
    """ipywidgets echoes every state change the browser sends; for the figure's
    reports (trace deltas after each update: ~15 kB for the side view) that is
    traffic for nothing. The report itself is still applied."""
    zoom = {"method": "update", "buffer_paths": [], "state": {
        "_js2py_relayout": {"relayout_data": {"xaxis.range[0]": 0.5, "xaxis.range[1]": 1.0},
                            "source_view_id": "view"}}}
    plain = go.FigureWidget(Box().figure)
    for figure, echoed in ((plain, True), (Box().figure, False)):
        comm = figure.comm = RecordingComm()
        figure._handle_msg({"content": {"data": zoom}, "buffers": []})
        assert ("echo_update" in [m["method"] for m in comm.messages]) is echoed
        assert list(figure.layout.xaxis.range) == [0.5, 1.0]


def test_remembered_values_are_not_sent_until_they_change() -> None:
    box = Box()
    box.remember({0: {"y": np.array([0.0, 1.0, 2.0])}})
    box.push({0: {"y": np.array([0.0, 1.0, 2.0])}})
    assert box.sent == []
    box.push({0: {"y": np.array([0.0, 1.0, 3.0])}})
    assert len(box.sent) == 1 and list(box.figure.data[0].y) == [0.0, 1.0, 3.0]
