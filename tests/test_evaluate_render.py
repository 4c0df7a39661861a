"""Greedy evaluation, episode recording and the in-notebook animation."""

import pytest
import torch
from torch import nn

from dqn_helpers import evaluate, run_episodes
from dqn_helpers.render import animate, record_episode


class Balancer(nn.Module):
    """A hand-written controller: push towards the side the pole falls to (angle + angular velocity)."""

    def forward(self, state):
        lean = state[..., 2] + state[..., 3]
        return torch.stack([-lean, lean], dim=-1)


class AlwaysLeft(nn.Module):
    def forward(self, state):
        return torch.stack([torch.ones_like(state[..., 0]), torch.zeros_like(state[..., 0])], dim=-1)


def test_evaluate_is_greedy_and_reproducible():
    good = evaluate(Balancer(), n_episodes=5, seed=0)
    bad = evaluate(AlwaysLeft(), n_episodes=5, seed=0)
    assert len(good) == len(bad) == 5
    assert min(good) > max(bad)  # the controller balances far longer than always pushing left
    assert max(bad) < 20 and all(1 <= d <= 500 for d in good)
    assert evaluate(Balancer(), n_episodes=5, seed=0) == good


def test_evaluate_rejects_a_bad_episode_count():
    with pytest.raises(ValueError, match="n_episodes must be a positive whole number, got 0"):
        evaluate(Balancer(), n_episodes=0)


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
    with pytest.raises(ValueError, match="every must be >= 1, got 0"):
        animate(frames, every=0)


def test_run_episodes_accepts_functions_and_random_play():
    lean = run_episodes(lambda obs: int(obs[2] > 0), n_episodes=10, seed=0)
    random_play = run_episodes(None, n_episodes=10, seed=0)
    assert run_episodes(None, n_episodes=10, seed=0) == random_play  # random actions are seeded too
    assert sum(lean) > sum(random_play)
    assert run_episodes(Balancer(), n_episodes=3, seed=0) == evaluate(Balancer(), n_episodes=3, seed=0)


@pytest.mark.parametrize(
    "policy, error, message",
    [
        (lambda obs: 2, ValueError, r"the policy returned 2; valid actions are the integers 0 … 1"),
        (lambda obs: "left", ValueError, r"the policy returned 'left'"),
        (lambda obs: 0.5, ValueError, r"the policy returned 0.5"),
        ("left", TypeError, "policy must be a Q-network, a function of the observation or None, got str"),
    ],
)
def test_a_bad_policy_is_named(policy, error, message):
    with pytest.raises(error, match=message):
        run_episodes(policy, n_episodes=1)


def test_evaluate_wants_a_network():
    with pytest.raises(TypeError, match="evaluate needs a Q-network"):
        evaluate(lambda obs: 0)
