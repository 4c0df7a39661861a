r"""An explorer: sliders above a figure that is redrawn when they move (:class:`Explorer`).

The figure is a plain :class:`matplotlib.figure.Figure` (not pyplot, so nothing is shown twice),
rendered to PNG into an ``ipywidgets.Image``: it updates in place, needs no ipympl and works with
ipywidgets 7.7 (Colab) and 8. Sliders (:func:`slider`) use ``continuous_update=False``: the plot is
redrawn when the slider is released. The course's explorers are in :mod:`dqn_helpers.teaching.explorers`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from dqn_helpers.teaching.plots import figure_png

Draw = Callable[..., dict[str, Any]]


class Explorer:
    """Named controls, a figure and the function that draws it from the controls' values.

    Attributes:
        controls: the sliders, by the name of the argument they set.
        figure: the matplotlib figure (redrawn from scratch on every change).
        data: what the last draw plotted (arrays and numbers), for tests and curious learners.
        message: a text line under the sliders (warnings such as ``EPS_END > EPS_START``).
        caption: a line under the figure that says in words what it shows for the current values
            (readable without looking at the picture, e.g. by a screen reader or a browser test).
        widget: the box to display: sliders, message, image, caption.
        redraws: how many times the figure has been drawn.
    """

    def __init__(self, controls: dict[str, widgets.ValueWidget], draw: Draw, figsize: tuple[float, float]) -> None:
        self.controls = controls
        self._draw = draw
        self.figure = Figure(figsize=figsize, dpi=80, layout="constrained")
        self.image = widgets.Image(format="png")
        self.message = widgets.HTML("")
        self.caption = widgets.HTML("")
        self.widget = widgets.VBox([widgets.HBox(list(controls.values())), self.message, self.image, self.caption])
        self.data: dict[str, Any] = {}
        self.redraws = 0
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.update()

    def values(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self) -> None:
        """Redraw the figure from the current values and show it."""
        self.figure.clear()
        self.data = self._draw(self.figure, **self.values())
        self.message.value = self.data.pop("message", "")
        self.caption.value = self.data.pop("caption", "")
        self.image.value = figure_png(self.figure)
        self.redraws += 1

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.update()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def slider(kind: type[widgets.ValueWidget], description: str, **kwargs: Any) -> widgets.ValueWidget:
    """A ``kind`` slider that reports its value when released (``continuous_update=False``), 340 px wide."""
    return kind(
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="340px"),
        **kwargs,
    )
