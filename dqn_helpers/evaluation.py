"""Running a policy: greedy evaluation of a Q-network, or any policy for baselines and exercises."""

from __future__ import annotations

from collections.abc import Callable

import gymnasium as gym
import numpy as np
import torch
from torch import nn

from dqn_helpers import checks
from dqn_helpers.config import MAX_EVALUATION_EPISODES
from dqn_helpers.envs import CARTPOLE_ID, env_dimensions, make_env
from dqn_helpers.policy import greedy_action

Policy = nn.Module | Callable[[np.ndarray], int] | None
"""A Q-network (acts greedily), a function from observation to action, or ``None`` (uniformly random)."""


def check_network(net: nn.Module, env: gym.Env) -> None:
    """Refuse a network that does not fit ``env``: it must turn a state into one Q-value per action.

    Raises ``ValueError`` saying what the network takes or gives and what ``env`` needs.
    """
    n_observations, n_actions = env_dimensions(env)
    name = env.spec.id if env.spec else type(env).__name__
    if not all(torch.isfinite(parameter).all() for parameter in net.parameters()):
        raise ValueError("the network's weights contain NaN or infinite numbers: the training that made it diverged")
    try:
        with torch.no_grad():
            q_values = net(torch.zeros(1, n_observations))
    except (RuntimeError, TypeError, ValueError) as error:  # e.g. "mat1 and mat2 shapes cannot be multiplied"
        raise ValueError(
            f"the network cannot take {name}'s states of {n_observations} numbers ({str(error).splitlines()[0]})"
        ) from None
    if not isinstance(q_values, torch.Tensor) or tuple(q_values.shape) != (1, n_actions):
        shape = tuple(q_values.shape) if isinstance(q_values, torch.Tensor) else type(q_values).__name__
        raise ValueError(
            f"the network must give one Q-value per action ({n_actions} for {name}), "
            f"got an output of shape {shape} for one state"
        )


def as_action_function(policy: Policy, env: gym.Env) -> Callable[[np.ndarray], int]:
    """Turn any :data:`Policy` into a function ``observation -> action`` for ``env``.

    A function's answer is checked: anything but a valid action raises a ``ValueError`` naming it.
    """
    env_dimensions(env)  # discrete actions and vector states, or a ValueError that says what env has
    if policy is None:
        return lambda _obs: int(env.action_space.sample())
    if isinstance(policy, nn.Module):
        check_network(policy, env)
        return lambda obs: greedy_action(policy, torch.as_tensor(obs, dtype=torch.float32))
    if not callable(policy):
        raise TypeError(
            f"policy must be a Q-network, a function of the observation or None, got {type(policy).__name__}"
        )

    def checked(obs: np.ndarray) -> int:
        action = policy(obs)
        if isinstance(action, torch.Tensor) and action.numel() == 1:
            action = action.item()
        if (
            isinstance(action, bool)
            or not isinstance(action, (int, np.integer))
            or not env.action_space.contains(int(action))
        ):
            raise ValueError(
                f"the policy returned {action!r}; valid actions are the integers 0 … {env.action_space.n - 1}"  # type: ignore[attr-defined]
            )
        return int(action)

    return checked


def run_episodes(policy: Policy, n_episodes: int = 20, seed: int = 10_000, env_id: str = CARTPOLE_ID) -> list[int]:
    """Durations of ``n_episodes`` episodes of ``policy``; episode ``i`` starts from ``reset(seed=seed + i)``."""
    checks.whole_number("n_episodes", n_episodes, 1, MAX_EVALUATION_EPISODES)
    checks.seed("seed", seed)
    env = make_env(env_id)
    durations = []
    try:
        env.action_space.seed(seed)  # random actions are reproducible too
        act = as_action_function(policy, env)
        for i in range(n_episodes):
            obs, _ = env.reset(seed=seed + i)
            steps, done = 0, False
            while not done:
                obs, _reward, terminated, truncated, _ = env.step(act(obs))
                steps += 1
                done = terminated or truncated
            durations.append(steps)
    finally:
        env.close()
    return durations


def evaluate(policy_net: nn.Module, n_episodes: int = 20, seed: int = 10_000, env_id: str = CARTPOLE_ID) -> list[int]:
    """Durations of ``n_episodes`` greedy episodes (ε = 0; 500 is the most CartPole-v1 allows).

    Episode ``i`` starts from ``reset(seed=seed + i)``, so the same network and seed always give the
    same durations. The default seed is far from training seeds, so evaluation starts from states the
    agent did not necessarily train on. The episodes run side by side, one environment each, and the
    network picks all their actions in one batched forward pass per step (about 3× faster than one
    episode after the other).

    Raises:
        ValueError: ``policy_net`` does not fit the environment (:func:`check_network`), or an
            argument is out of range (``n_episodes`` 1 … 10 000, ``seed`` 0 … 2³² − 1).
    """
    if not isinstance(policy_net, nn.Module):
        raise TypeError(f"evaluate needs a Q-network (torch.nn.Module), got {type(policy_net).__name__}")
    checks.whole_number("n_episodes", n_episodes, 1, MAX_EVALUATION_EPISODES)
    checks.seed("seed", seed)
    envs = [make_env(env_id) for _ in range(n_episodes)]
    try:
        check_network(policy_net, envs[0])
        observations = [env.reset(seed=seed + i)[0] for i, env in enumerate(envs)]
        durations = [0] * n_episodes
        running = list(range(n_episodes))  # the episodes still going
        while running:
            states = torch.as_tensor(np.stack([observations[i] for i in running]), dtype=torch.float32)
            with torch.no_grad():
                actions = policy_net(states).argmax(dim=1).tolist()
            still_running = []
            for i, action in zip(running, actions, strict=True):
                observations[i], _reward, terminated, truncated, _ = envs[i].step(action)
                durations[i] += 1
                if not (terminated or truncated):
                    still_running.append(i)
            running = still_running
    finally:
        for env in envs:
            env.close()
    return durations
