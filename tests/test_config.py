"""Tests of dqn_helpers.config: DQNConfig's defaults (the tutorial's), the presets, one message per invalid field."""

import dataclasses

import numpy as np
import pytest
from _helpers import anything
from hypothesis import given, settings
from hypothesis import strategies as st

from dqn_helpers import PRESETS, DQNConfig, get_preset


def test_defaults_are_the_tutorials():
    config = get_preset("tutorial")
    assert config == DQNConfig()
    assert (config.batch_size, config.gamma, config.eps_start, config.eps_end, config.eps_decay) == (
        128,
        0.99,
        0.9,
        0.05,
        1000,
    )
    assert (config.tau, config.lr, config.amsgrad, config.memory_capacity) == (0.005, 1e-4, True, 10_000)
    assert (config.grad_clip_value, config.num_episodes, config.hidden) == (100.0, 600, 128)
    assert (config.train_every, config.target_update_every, config.learning_starts) == (1, 1, 0)
    # the tutorial's vanilla target, no norm clip, a constant learning rate
    assert (config.double_dqn, config.grad_clip_norm, config.lr_end_factor) == (False, None, 1.0)


def test_default_preset_only_changes_hyperparameters():
    default, tutorial = PRESETS["default"], PRESETS["tutorial"]
    changed = {f.name for f in dataclasses.fields(DQNConfig) if getattr(default, f.name) != getattr(tutorial, f.name)}
    assert changed  # it is tuned ...
    assert "env_id" not in changed  # ... on the same task
    assert default.num_episodes == 600 and default.stop_when_solved


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tau": 0.0}, r"tau must be a number in \(0, 1\] \(1 = copy the policy net\), got 0.0"),
        ({"tau": 1.5}, r"tau must be a number in \(0, 1\] \(1 = copy the policy net\), got 1.5"),
        ({"lr": 0.0}, r"lr must be a number in \(0, 1\], got 0.0"),
        ({"lr": -1e-3}, r"lr must be a number in \(0, 1\], got -0.001"),
        ({"lr": float("nan")}, r"lr must be a number in \(0, 1\], got nan"),
        ({"gamma": 1.01}, r"gamma must be a number in \[0, 1\], got 1.01"),
        ({"eps_start": 0.1, "eps_end": 0.5}, r"eps_end \(0.5\) must not exceed eps_start \(0.1\)"),
        ({"eps_start": 1.2}, r"eps_start must be a number in \[0, 1\] \(a probability\), got 1.2"),
        ({"eps_end": -0.1}, r"eps_end must be a number in \[0, 1\] \(a probability\), got -0.1"),
        ({"eps_decay": 0}, r"eps_decay must be a number in \(0, 1e\+09\] \(steps\), got 0"),
        ({"batch_size": 256, "memory_capacity": 100}, r"batch_size \(256\) must not exceed memory_capacity \(100\)"),
        ({"batch_size": 0}, r"batch_size must be a whole number in 1 … 65_536, got 0"),
        ({"batch_size": 12.5}, r"batch_size must be a whole number in 1 … 65_536, got 12.5"),
        ({"memory_capacity": -5}, r"memory_capacity must be a whole number in 1 … 10_000_000, got -5"),
        ({"num_episodes": 0}, r"num_episodes must be a whole number in 1 … 100_000, got 0"),
        ({"hidden": 0}, r"hidden must be a whole number in 1 … 4_096, got 0"),
        ({"train_every": 0}, r"train_every must be a whole number in 1 … 10_000, got 0"),
        ({"target_update_every": 0}, r"target_update_every must be a whole number in 1 … 1_000_000, got 0"),
        ({"gradient_steps": 0}, r"gradient_steps must be a whole number in 1 … 1_000, got 0"),
        ({"learning_starts": -1}, r"learning_starts must be a whole number in 0 … 10_000_000, got -1"),
        ({"num_threads": 0}, r"num_threads must be a whole number in 1 … 256, got 0"),
        ({"grad_clip_value": 0}, r"grad_clip_value must be a number > 0 or None, got 0"),
        ({"grad_clip_norm": -1.0}, r"grad_clip_norm must be a number > 0 or None, got -1.0"),
        ({"lr_end_factor": 1.5}, r"lr_end_factor must be a number in \[0, 1\] \(a share of lr\), got 1.5"),
        ({"lr_decay_updates": 0}, r"lr_decay_updates must be a whole number in 1 … 1_000_000_000, got 0"),
        ({"double_dqn": "yes"}, r"double_dqn must be True or False, got 'yes'"),
        ({"eval_every": 0}, r"eval_every must be a whole number in 1 … 100_000, got 0"),
        ({"eval_episodes": -1}, r"eval_episodes must be a whole number in 0 … 1_000, got -1"),
        ({"env_id": ""}, r"env_id must be a Gymnasium environment id"),
        ({"num_threads": 2**31}, r"num_threads must be a whole number in 1 … 256, got 2147483648"),
        ({"hidden": 10**30}, r"hidden must be a whole number in 1 … 4_096, got 10{30}"),
        ({"memory_capacity": 10**30}, r"memory_capacity must be a whole number in 1 … 10_000_000, got 10{30}"),
        ({"lr": 2.0}, r"lr must be a number in \(0, 1\], got 2.0"),
        ({"stop_when_solved": "False"}, r"stop_when_solved must be True or False, got .False."),
        ({"amsgrad": "no"}, r"amsgrad must be True or False, got .no."),
        ({"num_episodes": True}, r"num_episodes must be a whole number in 1 … 100_000, got True"),
    ],
)
def test_each_bad_field_gets_its_own_message(changes, message):
    with pytest.raises(ValueError, match=message):
        DQNConfig(**changes)


def test_replace_validates_and_refuses_unknown_fields():
    config = DQNConfig()
    assert config.replace(lr=3e-4).lr == 3e-4
    with pytest.raises(ValueError, match=r"tau must be a number in"):
        config.replace(tau=2)
    with pytest.raises(ValueError, match=r"unknown DQNConfig field\(s\) \['learning_rate'\]"):
        config.replace(learning_rate=1e-3)


def test_unknown_preset_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"preset must be one of \['default', 'tutorial'\], got 'fast'"):
        get_preset("fast")
    assert get_preset("tutorial", num_episodes=5).num_episodes == 5


def test_config_round_trips_through_a_dict():
    config = PRESETS["default"]
    assert DQNConfig(**config.to_dict()) == config


def test_numpy_numbers_are_accepted_and_stored_as_python_ones():
    config = DQNConfig(gamma=np.float32(0.5), hidden=np.int64(64), amsgrad=np.bool_(False), lr=np.float64(1e-3))
    assert (config.gamma, config.hidden, config.amsgrad, config.lr) == (0.5, 64, False, 1e-3)
    assert [type(v) for v in (config.gamma, config.hidden, config.amsgrad, config.lr)] == [float, int, bool, float]


def test_from_dict_wants_every_field_once():
    config = PRESETS["default"]
    assert DQNConfig.from_dict(config.to_dict()) == config
    data = config.to_dict()
    del data["hidden"]
    with pytest.raises(ValueError, match=r"missing \['hidden'\], unknown \[\]"):
        DQNConfig.from_dict(data)
    with pytest.raises(ValueError, match=r"missing \[\], unknown \['width'\]"):
        DQNConfig.from_dict({**config.to_dict(), "width": 3})
    with pytest.raises(ValueError, match=r"a config must be a dict of DQNConfig's fields, got str"):
        DQNConfig.from_dict("default")


# Anything at all, for any field: a clear error that names the field, or a valid config of plain types.
ANYTHING = anything(
    st.sampled_from(["huber", "mse", "CartPole-v1", "False", np.float32(0.5), np.int64(3), np.bool_(True), [1], {}])
)
FIELDS = [f.name for f in dataclasses.fields(DQNConfig)]


@settings(max_examples=400, deadline=None)
@given(changes=st.dictionaries(st.sampled_from(FIELDS), ANYTHING, min_size=1, max_size=3))
def test_any_values_give_a_valid_config_or_one_clear_error(changes):
    try:
        config = DQNConfig(**changes)
    except (ValueError, TypeError) as error:
        message = str(error)
        assert "\n" not in message and any(name in message for name in changes), message
        return
    assert not list(config.problems())
    for f in dataclasses.fields(config):  # stored as plain Python values: JSON and checkpoints take them
        value = getattr(config, f.name)
        assert value is None or type(value) in (int, float, bool, str), (f.name, value)
    assert DQNConfig.from_dict(config.to_dict()) == config
