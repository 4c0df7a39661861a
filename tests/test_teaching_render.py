"""Tests of dqn_helpers.teaching.render: recording an episode, the in-notebook animation, quiet headless rendering."""

import os
import subprocess
import sys

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
