r"""A tiny chain world whose exact Q-values we can compute: the testbed of the Bellman notebook.

States :math:`0, 1, \dots, n-1` in a row; action 1 moves right, action 0 moves left (state 0 stays
put). Moving right from the last state *terminates* the episode with reward 1; every other step
gives 0. The optimal values follow from the Bellman optimality equation
:math:`Q^*(s, a) = r + \gamma \max_{a'} Q^*(s', a')` (no bootstrap after termination):

.. math::
    V^*(i) = \gamma^{\,n-1-i}, \qquad Q^*(i, \text{right}) = V^*(i), \qquad
    Q^*(i, \text{left}) = \gamma \, V^*(\max(i-1, 0)).

:func:`exact_q_values` finds them by repeating the Bellman backup; :func:`td_learning` learns them
from experience with the same TD target DQN uses, one table entry at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dqn_helpers import checks
from dqn_helpers.bellman import td_error, td_target
from dqn_helpers.teaching.arguments import is_number, is_whole_number

LEFT, RIGHT = 0, 1
MAX_STATES = 200  # exact_q_values repeats about n backups of 2n steps: n = 200 takes about 0.2 s
MAX_EPISODES, MAX_STEPS = 10_000, 1_000  # td_learning takes ~40 µs a step: bounded, if slow, at the limits


def _check(n: int, gamma: float) -> None:
    checks.whole_number("n (the number of states)", n)
    if n > MAX_STATES:
        raise ValueError(f"n (the number of states) must be at most {MAX_STATES} (a tiny chain), got {n!r}")
    if not is_number(gamma) or not 0.0 <= gamma < 1.0:  # γ = 1 would make an endless walk worth infinitely much
        raise ValueError(f"gamma must be in [0, 1) for the chain, got {gamma!r}")


def chain_step(state: int, action: int, n: int) -> tuple[int, float, bool]:
    """One step of the chain: ``(next_state, reward, terminated)``."""
    checks.whole_number("n (the number of states)", n)
    if not is_whole_number(action) or action not in (LEFT, RIGHT):
        raise ValueError(f"action must be {LEFT} (left) or {RIGHT} (right), got {action!r}")
    if not is_whole_number(state) or not 0 <= state < n:
        raise ValueError(f"state must be in 0 … {n - 1}, got {state!r}")
    if action == RIGHT:
        return (state, 1.0, True) if state == n - 1 else (state + 1, 0.0, False)
    return max(state - 1, 0), 0.0, False


def exact_q_values(n: int, gamma: float, tol: float = 1e-12) -> np.ndarray:
    r"""The optimal :math:`Q^*` as an ``(n, 2)`` array.

    Repeats the Bellman optimality backup
    :math:`Q(s, a) \leftarrow r + \gamma (1 - \text{terminated}) \max_{a'} Q(s', a')` until nothing changes.
    """
    _check(n, gamma)
    checks.number_in("tol", tol, 0.0, 1.0, low_open=True, note="the largest change that counts as converged")
    q = np.zeros((n, 2))
    while True:
        new = np.empty_like(q)
        for state in range(n):
            for action in (LEFT, RIGHT):
                next_state, reward, terminated = chain_step(state, action, n)
                new[state, action] = reward + (0.0 if terminated else gamma * q[next_state].max())
        if np.abs(new - q).max() <= tol:
            return new
        q = new


@dataclass
class TDRun:
    """What :func:`td_learning` returns: the learned table and its distance to :math:`Q^*` after each episode."""

    q: np.ndarray
    max_error: list[float]
    q_history: list[np.ndarray]


def td_learning(
    n: int = 5,
    gamma: float = 0.9,
    alpha: float = 0.5,
    episodes: int = 200,
    max_steps: int = 50,
    seed: int = 0,
) -> TDRun:
    r"""Tabular Q-learning on the chain with uniformly random actions (off-policy, so it learns :math:`Q^*`).

    Each step: :math:`y = r + \gamma (1 - \text{terminated}) \max_{a'} Q(s', a')` (:func:`td_target`),
    :math:`\delta = Q(s, a) - y` (:func:`td_error`), :math:`Q(s, a) \leftarrow Q(s, a) - \alpha\delta`.
    An episode starts in state 0 and is *truncated* after ``max_steps``: its last step still bootstraps.
    """
    _check(n, gamma)
    if not is_number(alpha) or not 0.0 < alpha <= 1.0:
        raise ValueError(f"alpha (the step size) must be in (0, 1], got {alpha!r}")
    checks.whole_number("episodes", episodes, 1, MAX_EPISODES)
    checks.whole_number("max_steps", max_steps, 1, MAX_STEPS)
    checks.seed("seed", seed)
    rng = np.random.default_rng(seed)
    exact = exact_q_values(n, gamma)
    q = np.zeros((n, 2))
    max_error, q_history = [], []
    for _ in range(episodes):
        state = 0
        for _step in range(max_steps):
            action = int(rng.integers(2))
            next_state, reward, terminated = chain_step(state, action, n)
            target = float(td_target(reward, q[next_state].max(), terminated, gamma))
            q[state, action] -= alpha * float(td_error(q[state, action], target))
            if terminated:
                break
            state = next_state
        max_error.append(float(np.abs(q - exact).max()))
        q_history.append(q.copy())
    return TDRun(q=q, max_error=max_error, q_history=q_history)
