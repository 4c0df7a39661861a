"""The playground's widgets and what they say: :class:`Controls`.

One slider per knob of :data:`~dqn_helpers.playground.model.KNOBS`, plus the preset, the seed and the
number of episodes; Train, Stop and Clear; a status line and a caption that says in words what the
plot shows. :class:`~dqn_helpers.playground.ui.Playground` builds on it and runs the training.
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any

import ipywidgets as widgets

from dqn_helpers import checks
from dqn_helpers.config import PRESETS, DQNConfig, get_preset
from dqn_helpers.language import _
from dqn_helpers.playground.model import KNOBS, Knob
from dqn_helpers.teaching.explorer import slider


def knob_slider(knob: Knob, value: float) -> widgets.ValueWidget:
    """A slider for ``knob``: over its choices (a log scale), or a linear one from low to high.

    Raises ``ValueError`` if ``value`` is not one of the choices, or outside ``low … high``.
    """
    if not isinstance(knob, Knob):
        raise ValueError(f"knob must be a Knob (one of KNOBS' values), got {knob!r}")
    if knob.choices:
        match = [choice for choice in knob.choices if _close(value, choice)]
        if not match:
            raise ValueError(f"value must be one of {knob.label}'s values {list(knob.choices)}, got {value!r}")
        options = [(f"{choice:g}", choice) for choice in knob.choices]
        return slider(widgets.SelectionSlider, knob.label, options=options, value=match[0])
    value = checks.number_in("value", value, knob.low, knob.high, note=f"{knob.label}'s range")
    return slider(widgets.FloatSlider, knob.label, value=value, min=knob.low, max=knob.high, step=knob.step)


def _close(value: object, choice: float) -> bool:
    """True if ``value`` is a number close to ``choice`` (NaN is close to nothing)."""
    return not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isclose(value, choice)


class Controls:
    """The widgets and what they say.

    Attributes: ``controls`` (by name), the three buttons, ``status``, ``caption`` and ``widget`` (all
    of them in one box, to display).
    """

    def __init__(self) -> None:
        default = PRESETS["default"]
        self.controls: dict[str, widgets.ValueWidget] = {
            "preset": widgets.ToggleButtons(options=sorted(PRESETS), value="default", description=_("preset")),
            "seed": widgets.BoundedIntText(value=0, min=0, max=10_000, description=_("seed")),
            "episodes": slider(widgets.IntSlider, _("episodes"), value=300, min=20, max=600, step=10),
            **{name: knob_slider(knob, getattr(default, name)) for name, knob in KNOBS.items()},
        }
        self.train_button = widgets.Button(description=_("Train"), button_style="success", icon="play")
        self.stop_button = widgets.Button(description=_("Stop"), button_style="danger", icon="stop", disabled=True)
        self.clear_button = widgets.Button(description=_("Clear"), icon="trash")
        self.status = widgets.HTML(_("Set the knobs and press <b>Train</b>."))
        # What the plot shows, in words (updated with every redraw; tests and screen readers read it).
        self.caption = widgets.HTML("")
        c, knobs = self.controls, [self.controls[name] for name in KNOBS]
        self.widget = widgets.VBox(
            [
                widgets.HBox([c["preset"], c["seed"], c["episodes"]]),
                *(widgets.HBox(knobs[i : i + 3]) for i in range(0, len(knobs), 3)),
                widgets.HBox([self.train_button, self.stop_button, self.clear_button]),
                self.status,
                self.caption,
            ]
        )
        self._applying_preset = False
        self.controls["preset"].observe(lambda change: self.reset(change["new"]), names="value")
        for name in [*KNOBS, "episodes"]:
            self.controls[name].observe(self._moved, names="value")

    def config(self) -> DQNConfig:
        """The preset with the knobs applied (``ValueError`` with the message if a value is invalid)."""
        c = self.controls
        return get_preset(c["preset"].value).replace(
            num_episodes=int(c["episodes"].value), stop_when_solved=False,
            **{name: float(c[name].value) for name in KNOBS},
        )  # fmt: skip

    def set_knobs(self, **knobs: Any) -> None:
        """Move controls as a learner would (``seed=7, tau=0.05``).

        Every value is checked before any control moves, so a refused call changes nothing. Raises
        ``ValueError`` for a control that does not exist, a value that is not a finite number (or
        not a whole one for ``seed`` and ``episodes``), a value a log slider does not offer, or one
        outside a slider's range.
        """
        unknown = sorted(set(knobs) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown knob(s) {unknown}; the knobs are {sorted(self.controls)}")
        values = {name: self._checked(name, value) for name, value in knobs.items()}
        for name, value in values.items():
            self.controls[name].value = value

    def _checked(self, name: str, value: Any) -> Any:
        """``value`` as control ``name`` will hold it, or ``ValueError`` saying what the control allows."""
        if name == "preset":
            return checks.one_of("preset", value, tuple(PRESETS))
        control, choices = self.controls[name], KNOBS[name].choices if name in KNOBS else ()
        whole = name in ("seed", "episodes")
        if whole and (isinstance(value, bool) or not isinstance(value, numbers.Integral)):
            raise ValueError(f"{name} must be a whole number, got {value!r}")
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
        if choices:
            match = [choice for choice in choices if _close(value, choice)]
            if not match:
                raise ValueError(f"{name} = {value!r} is not one of the slider's values {list(choices)}")
            return match[0]
        if not control.min <= value <= control.max:  # NaN fails this too
            raise ValueError(f"{name} = {value!r} is outside its range {control.min:g} … {control.max:g}")
        return operator.index(value) if isinstance(value, numbers.Integral) else float(value)

    def reset(self, preset: str = "default") -> None:
        """Set every knob to ``preset``'s values (even if that preset is already selected)."""
        if self._applying_preset:
            return
        values = get_preset(preset)  # ValueError naming the presets if there is no such one
        self._applying_preset = True  # one knobs_changed() at the end, not one per knob
        try:
            self.controls["preset"].value = preset
            for name in KNOBS:
                self.controls[name].value = getattr(values, name)
        finally:
            self._applying_preset = False
        self.knobs_changed()

    def _moved(self, _change: Any) -> None:
        if not self._applying_preset:
            self.knobs_changed()

    def knobs_changed(self) -> None:
        """Called once after the knobs moved (a preset moves several): nothing here, the playground redraws."""

    def say(self, html: str) -> None:
        """Show ``html`` in the status line."""
        if not isinstance(html, str):
            raise ValueError(f"html must be a string, got {html!r}")
        self.status.value = html
