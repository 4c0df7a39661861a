r"""Overestimation, measured: the network's :math:`\max_a Q(s, a)` beside the return its greedy policy gets.

For a fixed start state :math:`s`, the greedy policy :math:`\pi(s) = \arg\max_a Q_\theta(s, a)` earns the
discounted return :math:`G(s) = \sum_{t \ge 0} \gamma^t r_t`. CartPole is deterministic, so one rollout
gives it exactly (a Monte Carlo estimate with no noise). If the network were right about its own
policy, :math:`\max_a Q_\theta(s, a) = G(s)`. No state can be worth more than
:math:`\sum_t \gamma^t = 1/(1-\gamma)` (100 for γ = 0.99): a Q-value above that is overestimation.

Why the max overestimates: if each :math:`\hat Q(s', a')` is the true value plus zero-mean noise, then
:math:`E[\max_{a'} \hat Q(s', a')] \ge \max_{a'} E[\hat Q(s', a')]` — the max picks the action whose
noise happened to be high (:func:`max_bias`). Double DQN picks the action with one estimate and
values it with another, whose noise is independent of that choice.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

from dqn_helpers import checks
from dqn_helpers.config import CARTPOLE_ID
from dqn_helpers.evaluation import check_network
from dqn_helpers.language import _
from dqn_helpers.policy import _check_network
from dqn_helpers.teaching.explorer import Explorer, slider

HORIZON = 1_000  # steps per rollout: γ^1000 < 5e-5, so G(s) is the infinite-horizon return to 3 decimals
STATES_SEED = 30_000  # the fixed states are the start states of reset(seed=30_000 + i)


def start_states(n: int = 10, seed: int = STATES_SEED) -> torch.Tensor:
    """``n`` CartPole-v1 start states, ``reset(seed=seed + i)``: an ``(n, 4)`` tensor, the same on every machine."""
    n, seed = checks.whole_number("n", n, 1, 10_000), checks.seed("seed", seed)
    env = gym.make(CARTPOLE_ID)
    try:
        return torch.tensor(np.array([env.reset(seed=seed + i)[0] for i in range(n)]))
    finally:
        env.close()


def q_estimates(policy_net: nn.Module, states: torch.Tensor) -> torch.Tensor:
    r""":math:`\max_a Q_\theta(s, a)` for each state: what the network thinks its greedy policy will earn."""
    _check_cartpole_network(policy_net)
    with torch.no_grad():
        return policy_net(_checked_states(states)).max(dim=1).values


def greedy_returns(policy_net: nn.Module, states: torch.Tensor, gamma: float, horizon: int = HORIZON) -> torch.Tensor:
    r""":math:`G(s) = \sum_t \gamma^t r_t` of the greedy policy from each CartPole state, for ``horizon`` steps at most.

    The rollouts ignore CartPole-v1's 500-step time limit, as the TD target does (a truncated step still
    bootstraps): they end when the pole falls or after ``horizon`` steps.
    """
    _check_cartpole_network(policy_net)
    states = _checked_states(states)
    checks.number_in("gamma", gamma, 0, 1)
    horizon = checks.whole_number("horizon", horizon, 1, 100_000)
    envs = [gym.make(CARTPOLE_ID, max_episode_steps=horizon) for _state in states]
    returns = torch.zeros(len(states), dtype=torch.float64)
    observations = states.clone()
    alive, discount = list(range(len(states))), 1.0
    try:
        for env, state in zip(envs, states, strict=True):
            env.reset(seed=0)
            env.unwrapped.state = state.double().numpy().copy()  # type: ignore[attr-defined]  # start from `state`
        with torch.no_grad():
            while alive:
                actions = policy_net(observations[alive]).argmax(dim=1).tolist()  # all rollouts in one forward
                still_alive = []
                for i, action in zip(alive, actions, strict=True):
                    obs, reward, terminated, truncated, _info = envs[i].step(action)
                    returns[i] += discount * float(reward)
                    observations[i] = torch.as_tensor(obs)
                    if not (terminated or truncated):
                        still_alive.append(i)
                alive, discount = still_alive, discount * gamma
    finally:
        for env in envs:
            env.close()
    return returns.float()


def noisy_maxima(
    n_actions: int, noise: float, samples: int = 100_000, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Samples of the max and of the double estimator when every one of ``n_actions`` actions is truly worth 0.

    Each sample draws two independent noisy estimates per action,
    :math:`\hat Q_1(a), \hat Q_2(a) \sim \mathcal N(0, \text{noise}^2)`, and returns
    :math:`\max_a \hat Q_1(a)` (DQN's target) and :math:`\hat Q_2(\arg\max_a \hat Q_1(a))` (Double DQN's).
    """
    n_actions = checks.whole_number("n_actions", n_actions, 1, 1_000)
    noise = checks.number_in("noise", noise, 0, 1_000)
    samples = checks.whole_number("samples", samples, 1, 1_000_000)
    generator = torch.Generator().manual_seed(checks.seed("seed", seed))
    q1, q2 = noise * torch.randn(2, samples, n_actions, generator=generator, dtype=torch.float64)
    return q1.max(dim=1).values, q2.gather(1, q1.argmax(dim=1, keepdim=True)).squeeze(1)


def max_bias(n_actions: int, noise: float, samples: int = 100_000, seed: int = 0) -> tuple[float, float]:
    """The mean of each estimator of :func:`noisy_maxima`: its bias, since the truth is 0.

    The max is biased upwards (about 0.56 × noise for 2 actions, 1.03 × noise for 4); the double
    estimator is not (0 up to sampling error).
    """
    maxima, double = noisy_maxima(n_actions, noise, samples, seed)
    return float(maxima.mean()), float(double.mean())


def _draw_max_bias(fig: Figure, noise: float, n_actions: int) -> dict[str, Any]:
    maxima, double = noisy_maxima(n_actions, noise, 20_000)
    hist, curve = fig.subplots(1, 2)
    spread = max(3 * noise, 0.1)
    bins = np.linspace(-spread, 2 * spread, 60)
    hist.hist(double.numpy(), bins=bins, alpha=0.5, color="tab:green", label=_("Double: Q̂₂(argmax Q̂₁)"))
    hist.hist(maxima.numpy(), bins=bins, alpha=0.5, color="tab:red", label="DQN: max Q̂₁")
    hist.axvline(0, color="black", lw=1, label=_("true value: 0"))
    bias, double_bias = float(maxima.mean()), float(double.mean())
    hist.axvline(bias, color="tab:red", ls="--")
    title = _("{n_actions} actions, noise σ = {noise:g}").format(n_actions=n_actions, noise=noise)
    hist.set(xlabel=_("the estimate of max_a Q(s', a)"), ylabel=_("draws"), title=title)
    hist.legend(fontsize="small")
    counts = np.arange(1, 11)
    curve.plot(counts, [max_bias(int(n), noise, 20_000)[0] for n in counts], "o-", color="tab:red", label="DQN")
    curve.plot(counts, [max_bias(int(n), noise, 20_000)[1] for n in counts], "o-", color="tab:green", label=_("Double"))
    curve.set(
        xlabel=_("number of actions"),
        ylabel=_("bias (mean estimate − truth)"),
        title=_("the bias grows with the actions"),
    )
    curve.legend(fontsize="small")
    caption = _(
        "Every action is worth 0; estimated with noise σ = {noise:g}, the max over {n_actions} actions is "
        "{bias:+.2f} on average, the double estimator {double_bias:+.2f}."
    ).format(noise=noise, n_actions=n_actions, bias=bias, double_bias=double_bias)
    return {"bias": bias, "double_bias": double_bias, "caption": caption}


def max_bias_explorer(noise: float = 1.0, n_actions: int = 2) -> Explorer:
    """Sliders for the noise and the number of actions over :func:`noisy_maxima`'s two estimators."""
    controls = {
        "noise": slider(widgets.FloatSlider, _("noise σ"), value=noise, min=0.0, max=5.0, step=0.1),
        "n_actions": slider(widgets.IntSlider, _("actions"), value=n_actions, min=1, max=10),
    }
    for name, control in controls.items():  # a value the slider cannot show is refused, not clipped
        value = {"noise": noise, "n_actions": n_actions}[name]
        checks.number_in(name, value, control.min, control.max, note="the slider's range")
    if not isinstance(n_actions, int) or isinstance(n_actions, bool):
        raise ValueError(f"n_actions must be a whole number, got {n_actions!r}")
    return Explorer(controls, _draw_max_bias, figsize=(10, 3.4))


def _check_cartpole_network(policy_net: object) -> None:
    _check_network("policy_net", policy_net)
    env = gym.make(CARTPOLE_ID)
    try:
        check_network(policy_net, env)  # type: ignore[arg-type]
    finally:
        env.close()


def _checked_states(states: object) -> torch.Tensor:
    if not isinstance(states, torch.Tensor) or states.dim() != 2 or states.shape[1] != 4 or len(states) == 0:
        shape = tuple(states.shape) if isinstance(states, torch.Tensor) else type(states).__name__
        raise ValueError(f"states must be an (n, 4) tensor of CartPole states, n ≥ 1, got {shape}")
    if not bool(torch.isfinite(states).all()):
        raise ValueError("states must be finite numbers, got a NaN or an infinity")
    return states.float()
