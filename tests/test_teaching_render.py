"""Tests of dqn_helpers.teaching.render: recording an episode, the in-notebook animation, quiet headless rendering."""

import os
import re
import subprocess
import sys

import numpy as np
import pytest
from _helpers import AlwaysLeft

from dqn_helpers.teaching.render import animate, record_episode, use_headless_video_driver


def test_record_episode_returns_one_frame_per_state():
    frames, duration = record_episode(AlwaysLeft(), seed=0)
    assert len(frames) == duration + 1
    assert frames[0].shape == (400, 600, 3) and frames[0].dtype.name == "uint8"
    random_frames, random_duration = record_episode(None, seed=1, max_steps=5)
    assert random_duration <= 5 and len(random_frames) == random_duration + 1
    _, scripted = record_episode(lambda obs: 1, seed=0)
    assert scripted < 20  # always pushing right also fails fast


def test_animate_makes_a_self_contained_player():
    frames, _ = record_episode(AlwaysLeft(), seed=0)
    html = animate(frames, every=2)
    assert "<script" in html and "data:image/png;base64" in html
    assert html.count("data:image/png;base64") == len(frames[::2])
    with pytest.raises(ValueError, match="at least one frame"):
        animate([])
    with pytest.raises(ValueError, match="every must be a whole number >= 1, got 0"):
        animate(frames, every=0)


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("linux", {}, "dummy"),
        ("linux", {"DISPLAY": ":0"}, None),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, None),
        ("linux", {"SDL_VIDEODRIVER": "x11"}, "x11"),
        ("darwin", {}, None),
    ],
)
def test_headless_video_driver_only_where_there_is_no_display(monkeypatch, platform, environ, expected):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    changed = use_headless_video_driver()
    assert os.environ.get("SDL_VIDEODRIVER") == expected
    assert changed == (expected == "dummy")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the SDL warning is a Linux thing")
def test_recording_without_a_display_prints_nothing_to_stderr():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    env.pop("XDG_RUNTIME_DIR", None)
    code = "from dqn_helpers.teaching.render import record_episode; print(record_episode(None, seed=0, max_steps=2)[1])"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "2"
    assert "XDG_RUNTIME_DIR" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"seed": -1}, "seed must be a whole number in 0 … 4_294_967_295, got -1"),
        ({"seed": "a"}, "seed must be a whole number in 0 … 4_294_967_295, got 'a'"),
        ({"seed": 2**64}, "seed must be a whole number in 0 … 4_294_967_295, got 18446744073709551616"),
        ({"seed": 1.5}, "seed must be a whole number in 0 … 4_294_967_295, got 1.5"),
        ({"max_steps": -1}, "max_steps must be a whole number in 1 … 1_000, got -1"),
        ({"max_steps": "5"}, "max_steps must be a whole number in 1 … 1_000, got '5'"),
        ({"max_steps": float("nan")}, "max_steps must be a whole number in 1 … 1_000, got nan"),
        ({"env_id": "dqn_helpers/OneStepProbe-v0"}, "env_id must be an environment with discrete actions that draws"),
        ({"env_id": "Pendulum-v1"}, "env_id must be an environment with discrete actions that draws pictures"),
    ],
)
def test_record_episode_refuses_bad_arguments_by_name(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        record_episode(None, **{"max_steps": 2, **kwargs})


def test_record_episode_takes_numpy_numbers():
    frames, duration = record_episode(None, seed=np.uint32(3), max_steps=np.int64(2))
    assert duration <= 2 and len(frames) == duration + 1


FRAME = np.zeros((40, 60, 3), dtype=np.uint8)


def test_animate_takes_a_stack_of_frames_as_a_list():
    html = animate(np.stack([FRAME, FRAME + 255]), fps=np.int64(10), width=np.float32(2.0))
    assert html.count("data:image/png;base64") == 2


@pytest.mark.parametrize(
    "frames, kwargs, message",
    [
        (None, {}, "frames must be a list of at least one frame (an image array), got None"),
        (FRAME, {}, "frames must be a list of at least one frame (an image array), got array("),
        ([FRAME], {"fps": 0}, "fps must be a number > 0 (frames per second), got 0"),
        ([FRAME], {"fps": -1}, "fps must be a number > 0 (frames per second), got -1"),
        ([FRAME], {"fps": float("nan")}, "fps must be a number > 0 (frames per second), got nan"),
        ([FRAME], {"width": 0}, "width must be a number in (0, 20] (inches), got 0"),
        ([FRAME], {"width": -3}, "width must be a number in (0, 20] (inches), got -3"),
        ([FRAME], {"width": 10**4}, "width must be a number in (0, 20] (inches), got 10000"),
        (
            [np.zeros((0, 0, 3))],
            {},
            "frames[0] must be an image, an array of shape (height, width, 3 or 4), got an array of shape (0, 0, 3)",
        ),
        (
            [np.zeros(5)],
            {},
            "frames[0] must be an image, an array of shape (height, width, 3 or 4), got an array of shape (5,)",
        ),
        (["a", "b"], {}, "frames[0] must be an image, an array of shape (height, width, 3 or 4), got 'a'"),
        (
            [FRAME, np.zeros((10, 10, 3))],
            {},
            "frames[1] must have the shape of frames[0], (40, 60, 3), got (10, 10, 3)",
        ),
    ],
)
def test_animate_refuses_bad_arguments_by_name(frames, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        animate(frames, **kwargs)
