"""Tests of dqn_helpers.teaching.explorer: an Explorer redraws from its controls and reports what it drew."""

import ipywidgets as widgets

from dqn_helpers.teaching.explorer import Explorer, slider


def draw_line(fig, slope):
    ax = fig.subplots()
    ax.plot([0, 1], [0, slope])
    message = "steep!" if slope > 2 else ""
    return {"slope": slope, "message": message, "caption": f"a line of slope {slope:g}"}


def test_moving_a_slider_redraws_once_with_the_new_value():
    explorer = Explorer({"slope": slider(widgets.FloatSlider, "slope", value=1.0, min=0, max=5)}, draw_line, (3, 2))
    assert explorer.redraws == 1 and explorer.data == {"slope": 1.0}
    first_png = explorer.image.value
    explorer.controls["slope"].value = 3.0
    assert explorer.redraws == 2 and explorer.data == {"slope": 3.0}
    assert explorer.image.value != first_png and bytes(explorer.image.value).startswith(b"\x89PNG")


def test_message_and_caption_come_out_of_the_data_into_their_widgets():
    explorer = Explorer({"slope": slider(widgets.FloatSlider, "slope", value=3.0, min=0, max=5)}, draw_line, (3, 2))
    assert explorer.message.value == "steep!" and explorer.caption.value == "a line of slope 3"
    explorer.controls["slope"].value = 1.0
    assert explorer.message.value == "" and explorer.values() == {"slope": 1.0}


def test_sliders_report_on_release_only():
    control = slider(widgets.IntSlider, "n", value=3, min=0, max=9)
    assert control.continuous_update is False and control.description == "n"
