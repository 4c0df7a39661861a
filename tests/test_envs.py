"""Tests of dqn_helpers.envs: CartPole's facts, the probe environments' exact returns, clear errors."""

import gymnasium as gym
import numpy as np
import pytest

from dqn_helpers.envs import (
    ANGLE_LIMIT,
    CARTPOLE_ID,
    MAX_EPISODE_STEPS,
    ONE_STEP_PROBE_ID,
    TWO_STEP_PROBE_ID,
    env_dimensions,
    make_env,
)


def test_cartpole_has_four_numbers_two_actions_and_the_documented_limits():
    env = make_env(CARTPOLE_ID)
    assert env_dimensions(env) == (4, 2)
    assert env.spec.max_episode_steps == MAX_EPISODE_STEPS == 500
    assert pytest.approx(0.2095, abs=1e-4) == ANGLE_LIMIT
    env.close()


def test_one_step_probe_pays_one_and_ends():
    env = make_env(ONE_STEP_PROBE_ID)
    obs, _ = env.reset(seed=0)
    assert env_dimensions(env) == (1, 1) and obs.tolist() == [0.0]
    _, reward, terminated, truncated, _ = env.step(0)
    assert (reward, terminated, truncated) == (1.0, True, False)


def test_two_step_probe_pays_only_at_the_second_step():
    env = make_env(TWO_STEP_PROBE_ID)
    env.reset(seed=0)
    obs, reward, terminated, _, _ = env.step(0)
    assert (obs.tolist(), reward, terminated) == ([1.0], 0.0, False)
    obs, reward, terminated, _, _ = env.step(0)
    assert (reward, terminated) == (1.0, True)


def test_an_unknown_environment_is_a_clear_error():
    with pytest.raises(ValueError, match=r"unknown environment 'CartPole-v9'"):
        make_env("CartPole-v9")


def test_a_continuous_action_space_is_refused_by_name():
    env = gym.make("Pendulum-v1")
    with pytest.raises(ValueError, match=r"DQN needs a discrete action space; Pendulum-v1 has Box"):
        env_dimensions(env)
    env.close()
    assert np.prod(gym.make("MountainCar-v0").observation_space.shape) == 2  # Box observations of any size


def test_environments_dqn_cannot_read_are_refused_by_name():
    for env_id, message in [
        (
            "FrozenLake-v1",
            r"DQN needs states that are vectors of numbers \(a 1-D Box\); FrozenLake-v1 has Discrete\(16\)",
        ),
        ("Blackjack-v1", r"DQN needs states that are vectors of numbers \(a 1-D Box\); Blackjack-v1 has Tuple"),
    ]:
        env = make_env(env_id)
        try:
            with pytest.raises(ValueError, match=message):
                env_dimensions(env)
        finally:
            env.close()
    for env in (None, "CartPole-v1"):
        with pytest.raises(TypeError, match=r"env must be a Gymnasium environment .* got"):
            env_dimensions(env)


def test_a_render_mode_is_one_the_environment_has():
    env = make_env(CARTPOLE_ID, render_mode="rgb_array")
    try:
        env.reset(seed=0)
        assert env.render().ndim == 3
    finally:
        env.close()
    with pytest.raises(ValueError, match=r"render_mode must be one of \['human', 'rgb_array'\], got 'rgb'"):
        make_env(CARTPOLE_ID, render_mode="rgb")
    with pytest.raises(
        ValueError, match=r"dqn_helpers/OneStepProbe-v0 cannot render as 'rgb_array'; it renders as \[\]"
    ):
        make_env(ONE_STEP_PROBE_ID, render_mode="rgb_array")
