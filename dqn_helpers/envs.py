r"""Environments: CartPole-v1 and tiny *probe* environments whose exact Q-values we know.

CartPole-v1 (Gymnasium): the state is 4 numbers -- cart position (±4.8 observed, the episode
terminates beyond ±2.4), cart velocity, pole angle (terminates beyond ±0.2095 rad = ±12°) and pole
angular velocity. Two actions push the cart left (0) or right (1). Every step gives reward +1.
The dynamics are deterministic; the start state is random (each number uniform in ±0.05).
An episode *terminates* when the pole falls or the cart leaves the track, and is *truncated* at
500 steps.

Probe environments pin down an update rule (an idea from ARENA's DQN chapter): if the agent cannot
learn these, the bug is in the learner, not in the hyperparameters.

* ``OneStepProbe``: one state, one action, reward 1, then terminated. :math:`Q(s, a) = 1`.
* ``TwoStepProbe``: state 0 → state 1 (reward 0) → terminated (reward 1). With discount γ:
  :math:`Q(s_0) = \gamma` and :math:`Q(s_1) = 1`.
"""

from __future__ import annotations

import math
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from dqn_helpers import checks
from dqn_helpers.config import CARTPOLE_ID

ONE_STEP_PROBE_ID = "dqn_helpers/OneStepProbe-v0"
TWO_STEP_PROBE_ID = "dqn_helpers/TwoStepProbe-v0"

POSITION_LIMIT = 2.4  # |cart position| beyond this terminates the episode
ANGLE_LIMIT = 12 * 2 * math.pi / 360  # |pole angle| beyond this (12°, 0.2095 rad) terminates the episode
MAX_EPISODE_STEPS = 500  # CartPole-v1 truncates here
RENDER_MODES = ("human", "rgb_array")  # what make_env passes on: a window, or frames as arrays


def make_env(env_id: str = CARTPOLE_ID, render_mode: str | None = None) -> gym.Env:
    """``gym.make(env_id)``, with a clear error for an unknown id.

    Gymnasium's ``"module:Env-v0"`` form, which imports ``module`` first, is refused: an id can come
    from a checkpoint someone else wrote, and loading one must never run code.
    """
    if not isinstance(env_id, str) or ":" in env_id:
        raise ValueError(f"env_id must be a registered Gymnasium id such as {CARTPOLE_ID!r}, got {env_id!r}")
    if render_mode is None:
        try:
            return gym.make(env_id)
        except gym.error.Error as error:  # NameNotFound, VersionNotFound, ...
            raise ValueError(f"unknown environment {env_id!r}: {error}") from None
    checks.one_of("render_mode", render_mode, RENDER_MODES)
    env = make_env(env_id)  # the id is checked first
    modes = env.metadata.get("render_modes", [])
    env.close()
    if render_mode not in modes:
        raise ValueError(f"{env_id} cannot render as {render_mode!r}; it renders as {modes}")
    return gym.make(env_id, render_mode=render_mode)


def env_dimensions(env: gym.Env) -> tuple[int, int]:
    """``(n_observations, n_actions)`` of an environment with a Box observation and Discrete actions."""
    if not isinstance(env, gym.Env):
        raise TypeError(f"env must be a Gymnasium environment (e.g. make_env()), got {type(env).__name__}")
    if not isinstance(env.observation_space, spaces.Box) or len(env.observation_space.shape) != 1:
        raise ValueError(
            f"DQN needs states that are vectors of numbers (a 1-D Box); "
            f"{env.spec.id if env.spec else env} has {env.observation_space}"
        )
    if not isinstance(env.action_space, spaces.Discrete):
        raise ValueError(
            f"DQN needs a discrete action space; {env.spec.id if env.spec else env} has {env.action_space}"
        )
    return int(np.prod(env.observation_space.shape or ())), int(env.action_space.n)


class OneStepProbe(gym.Env[np.ndarray, int]):
    """One observation ``[0.]``, one action, reward 1, terminated after one step."""

    observation_space = spaces.Box(-1.0, 1.0, shape=(1,), dtype=np.float32)
    action_space = spaces.Discrete(1)  # type: ignore[assignment]  # gymnasium types it as Space[int]

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[np.ndarray, dict]:
        super().reset(seed=seed)
        return np.zeros(1, dtype=np.float32), {}

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict]:
        return np.zeros(1, dtype=np.float32), 1.0, True, False, {}


class TwoStepProbe(gym.Env[np.ndarray, int]):
    """Observation ``[0.]`` then ``[1.]``; reward 0 for the first step, 1 for the second, then terminated."""

    observation_space = spaces.Box(0.0, 1.0, shape=(1,), dtype=np.float32)
    action_space = spaces.Discrete(1)  # type: ignore[assignment]

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[np.ndarray, dict]:
        super().reset(seed=seed)
        self._t = 0
        return np.zeros(1, dtype=np.float32), {}

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict]:
        self._t += 1
        if self._t == 1:
            return np.ones(1, dtype=np.float32), 0.0, False, False, {}
        return np.ones(1, dtype=np.float32), 1.0, True, False, {}


for _env_id, _entry_point in ((ONE_STEP_PROBE_ID, OneStepProbe), (TWO_STEP_PROBE_ID, TwoStepProbe)):
    if _env_id not in gym.registry:
        gym.register(_env_id, entry_point=_entry_point)  # type: ignore[arg-type]  # a class is a creator
