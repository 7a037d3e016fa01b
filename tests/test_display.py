"""``kickback_edu.display.show``: live display normally, offline static copy when
``KICKBACK_STATIC=1``. The display calls are captured from an IPython shell's
display publisher, so no kernel or browser is needed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from kickback_edu import display as kb_display
from kickback_edu.figures.style import describe

REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc\s*=\s*[\"']?\s*(https?:)?//", re.IGNORECASE)


class FakeCourseWidget:
    """Stands in for a course widget: a live view plus a static figure and text."""

    description = "The hip torque rises as the leg is lifted."

    def __init__(self) -> None:
        self.calls = 0

    def static_figure(self) -> go.FigureWidget:
        """A FigureWidget, as a real widget would hold (show() must flatten it)."""
        self.calls += 1
        return go.FigureWidget(go.Scatter(x=[0, 45, 90], y=[1.0, 2.0, 3.0], name="torque"))

    def _repr_mimebundle_(self, **_: Any) -> dict[str, str]:
        return {"text/plain": "FakeCourseWidget(live)"}


class FakeQuiz:
    """A course object with a description and no figure."""

    description = "Question 1: which muscle is the prime mover?"

    def _repr_mimebundle_(self, **_: Any) -> dict[str, str]:
        return {"text/plain": "FakeQuiz(live)"}


class FakeHtmlQuiz(FakeQuiz):
    """A quiz with its own static HTML (answers folded away)."""

    def static_html(self) -> str:
        return "<section><p>1. Which muscle?</p><details>gluteus maximus</details></section>"


@pytest.fixture
def shell() -> InteractiveShell:
    """An IPython shell so display() publishes to a capturable publisher."""
    return InteractiveShell.instance()


@pytest.fixture
def static(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Static mode on, with a fresh 'plotly.js not yet embedded' state."""
    monkeypatch.setenv(kb_display.STATIC_ENV_VAR, "1")
    monkeypatch.setattr(kb_display, "_plotlyjs_embedded", False)
    yield


def _shown(shell: InteractiveShell, obj: object) -> list[dict[str, Any]]:
    """The mimebundles published by ``show(obj)``."""
    with capture_output() as cap:
        kb_display.show(obj)
    return [out.data for out in cap.outputs]


def _is_plotlyjs(bundle: dict[str, Any]) -> bool:
    html = bundle.get("text/html", "")
    return "plotly.js v" in html and len(html) > 1_000_000


def _is_figure(bundle: dict[str, Any]) -> bool:
    return "Plotly.newPlot" in bundle.get("text/html", "") and not _is_plotlyjs(bundle)


def test_static_mode_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KICKBACK_STATIC", raising=False)
    assert not kb_display.static_mode()
    monkeypatch.setenv("KICKBACK_STATIC", "0")
    assert not kb_display.static_mode()
    monkeypatch.setenv("KICKBACK_STATIC", "1")
    assert kb_display.static_mode()


@pytest.mark.parametrize("make", [FakeCourseWidget, FakeQuiz, lambda: go.Figure()])
def test_live_mode_displays_the_object_itself(
    shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch, make: Any
) -> None:
    monkeypatch.delenv("KICKBACK_STATIC", raising=False)
    obj = make()
    calls: list[object] = []
    monkeypatch.setattr(kb_display, "display", lambda *a, **k: calls.append(a[0]))
    kb_display.show(obj)
    assert calls == [obj]
    if isinstance(obj, FakeCourseWidget):
        assert obj.calls == 0, "live mode must not build the static figure"


def test_live_widget_reaches_the_display_publisher(
    shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KICKBACK_STATIC", raising=False)
    bundles = _shown(shell, FakeCourseWidget())
    assert bundles == [{"text/plain": "FakeCourseWidget(live)"}]


def test_static_widget_shows_offline_figure_then_description(
    shell: InteractiveShell, static: None
) -> None:
    widget = FakeCourseWidget()
    bundles = _shown(shell, widget)
    assert widget.calls == 1
    assert len(bundles) == 3, [list(b) for b in bundles]
    plotlyjs, figure, text = bundles
    assert _is_plotlyjs(plotlyjs), "plotly.js must be embedded (offline), not fetched"
    assert _is_figure(figure)
    assert '"name":"torque"' in figure["text/html"]
    assert text["text/markdown"] == FakeCourseWidget.description
    for bundle in bundles:
        html = bundle.get("text/html", "")
        assert not REMOTE_SCRIPT.search(html), "no CDN <script src> allowed"
        assert "application/vnd.jupyter.widget-view+json" not in bundle


def test_plotlyjs_is_embedded_once_per_kernel(shell: InteractiveShell, static: None) -> None:
    first = _shown(shell, FakeCourseWidget())
    second = _shown(shell, go.Figure(go.Bar(x=["a"], y=[1])))
    assert sum(map(_is_plotlyjs, first)) == 1
    assert sum(map(_is_plotlyjs, second)) == 0
    assert sum(map(_is_figure, second)) == 1


@pytest.mark.parametrize("cls", [go.Figure, go.FigureWidget])
def test_static_figure_is_plain_with_its_description(
    shell: InteractiveShell, static: None, cls: type
) -> None:
    fig = describe(cls(go.Scatter(x=[1, 2], y=[3, 4])), "Two points rising.")
    bundles = _shown(shell, fig)
    figures = [b for b in bundles if _is_figure(b)]
    assert len(figures) == 1
    assert all("application/vnd.jupyter.widget-view+json" not in b for b in bundles)
    assert bundles[-1]["text/markdown"] == "Two points rising."


def test_static_figure_without_description_shows_only_the_figure(
    shell: InteractiveShell, static: None
) -> None:
    bundles = _shown(shell, go.Figure(go.Scatter(x=[1], y=[1])))
    assert [b for b in bundles if "text/markdown" in b] == []
    assert sum(map(_is_figure, bundles)) == 1


def test_static_object_without_figure_shows_its_description(
    shell: InteractiveShell, static: None
) -> None:
    bundles = _shown(shell, FakeQuiz())
    assert len(bundles) == 1
    assert bundles[0]["text/markdown"] == FakeQuiz.description


def test_static_object_with_html_shows_that_html(shell: InteractiveShell, static: None) -> None:
    bundles = _shown(shell, FakeHtmlQuiz())
    assert len(bundles) == 1
    assert bundles[0]["text/html"] == FakeHtmlQuiz().static_html()


def test_static_ipywidget_label_is_not_a_description(
    shell: InteractiveShell, static: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    slider = w.IntSlider(description="lift")
    calls: list[object] = []
    monkeypatch.setattr(kb_display, "display", lambda *a, **k: calls.append(a[0]))
    kb_display.show(slider)
    assert calls == [slider]


def test_static_figure_must_be_a_figure(shell: InteractiveShell, static: None) -> None:
    class Broken:
        def static_figure(self) -> str:
            return "not a figure"

    with pytest.raises(TypeError, match=r"Broken\.static_figure\(\) must return a plotly"):
        kb_display.show(Broken())


class FakeNotedWidget(FakeCourseWidget):
    """A course widget whose static stand-in replaces a slider (says so first)."""

    static_note = "On paper: the key positions the slider would show."

    def static_figure(self) -> go.FigureWidget:
        fig = super().static_figure()
        return describe(fig, "Four key positions.")


def test_static_note_comes_before_the_figure_and_figure_text_wins(
    shell: InteractiveShell, static: None
) -> None:
    bundles = _shown(shell, FakeNotedWidget())
    kinds = ["js" if _is_plotlyjs(b) else "fig" if _is_figure(b) else b.get("text/markdown")
             for b in bundles]
    assert kinds == ["js", "fig", "Four key positions."]
    # The note opens the figure's own output (a printed page cannot split them).
    html = bundles[1]["text/html"]
    note = "<em>On paper: the key positions the slider would show.</em>"
    assert html.index(note) < html.index("Plotly.newPlot")


def test_no_static_note_without_one(shell: InteractiveShell, static: None) -> None:
    bundles = _shown(shell, FakeCourseWidget())
    assert [b["text/markdown"] for b in bundles if "text/markdown" in b] == [
        FakeCourseWidget.description]
    assert "kickback-static-note" not in bundles[1]["text/html"]
