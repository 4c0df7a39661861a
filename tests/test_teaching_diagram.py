"""Tests of dqn_helpers.teaching.diagram: the loop's data-flow figure shows every part and what flows."""

import warnings

from dqn_helpers.teaching.diagram import ARROWS, BOXES, dqn_dataflow
from dqn_helpers.teaching.plots import figure_png


def test_the_diagram_has_every_box_and_labelled_arrow():
    figure = dqn_dataflow()
    texts = [t.get_text() for t in figure.axes[0].texts]
    for _centre, label in BOXES.values():
        assert label in texts
    for _start, _end, label, _where, _bend in ARROWS:
        assert label in texts
    assert {start for start, *_ in ARROWS} | {end for _, end, *_ in ARROWS} == set(BOXES)  # every box is connected
    assert ("policy", "target") in {(start, end) for start, end, *_ in ARROWS}  # the soft update


def test_the_diagram_renders_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        assert figure_png(dqn_dataflow()).startswith(b"\x89PNG")
