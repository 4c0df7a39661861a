"""Helpers behind notebooks 00 and 01: stacking the tutorial's transitions, and quiet headless rendering."""

import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from dqn_helpers.render import use_headless_video_driver
from dqn_helpers.replay import Batch, ReplayMemory, TensorReplayMemory, Transition, stack_transitions


def test_stack_transitions_builds_a_batch_of_the_tutorial_kind():
    transitions = [
        Transition(torch.tensor([[0.0, 1.0, 2.0, 3.0]]), torch.tensor([[1]]), None, torch.tensor([1.0])),
        Transition(np.arange(4, dtype=np.float32), 0, np.ones(4), 0.5),
    ]
    batch = stack_transitions(transitions)
    assert isinstance(batch, Batch)
    assert batch.states.shape == batch.next_states.shape == (2, 4)
    assert batch.states.dtype == batch.next_states.dtype == batch.rewards.dtype == torch.float32
    assert batch.actions.dtype == torch.int64 and batch.terminated.dtype == torch.bool
    assert batch.actions.tolist() == [1, 0] and batch.rewards.tolist() == [1.0, 0.5]
    assert batch.terminated.tolist() == [True, False]
    assert batch.next_states[0].tolist() == [0.0] * 4 and batch.next_states[1].tolist() == [1.0] * 4


def test_stack_transitions_matches_the_tensor_memory_row_for_row():
    rng = np.random.default_rng(0)
    deque_memory, tensor_memory = ReplayMemory(5), TensorReplayMemory(5, 4)
    for k in range(8):  # more than the capacity: both evict the three oldest
        state, next_state = rng.normal(size=4).astype(np.float32), rng.normal(size=4).astype(np.float32)
        terminated = k % 3 == 0
        deque_memory.push(state, k % 2, None if terminated else next_state, float(k))
        tensor_memory.push(state, k % 2, next_state, float(k), terminated)
    from_deque = stack_transitions(list(deque_memory.memory))
    from_tensors = stack_transitions(tensor_memory.transitions())
    for a, b in zip(from_deque, from_tensors, strict=True):
        assert torch.equal(a, b)
    assert from_deque.rewards.tolist() == [3.0, 4.0, 5.0, 6.0, 7.0]


def test_stack_transitions_needs_a_transition():
    with pytest.raises(ValueError, match="at least one transition"):
        stack_transitions([])


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
    code = "from dqn_helpers.render import record_episode; print(record_episode(None, seed=0, max_steps=2)[1])"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "2"
    assert "XDG_RUNTIME_DIR" not in result.stderr, result.stderr
