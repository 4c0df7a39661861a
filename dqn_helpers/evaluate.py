"""Greedy evaluation: run the learned policy with ε = 0 and report episode durations."""

from __future__ import annotations

import torch
from torch import nn

from dqn_helpers.envs import CARTPOLE_ID, make_env
from dqn_helpers.policy import greedy_action


def evaluate(policy_net: nn.Module, n_episodes: int = 20, seed: int = 10_000, env_id: str = CARTPOLE_ID) -> list[int]:
    """Durations of ``n_episodes`` greedy episodes (500 is the most CartPole-v1 allows).

    Episode ``i`` starts from ``env.reset(seed=seed + i)``, so the same network and seed always
    give the same durations. The default seed is far from training seeds, so evaluation starts
    from states the agent did not necessarily train on.
    """
    if isinstance(n_episodes, bool) or not isinstance(n_episodes, int) or n_episodes <= 0:
        raise ValueError(f"n_episodes must be a positive whole number, got {n_episodes!r}")
    env = make_env(env_id)
    durations = []
    try:
        for i in range(n_episodes):
            obs, _ = env.reset(seed=seed + i)
            steps, done = 0, False
            while not done:
                action = greedy_action(policy_net, torch.as_tensor(obs, dtype=torch.float32))
                obs, _reward, terminated, truncated, _ = env.step(action)
                steps += 1
                done = terminated or truncated
            durations.append(steps)
    finally:
        env.close()
    return durations
