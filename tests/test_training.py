"""Tests of dqn_helpers.training: probe environments with known Q-values, determinism, stopping, divergence."""

import math
import random
import statistics
import threading

import gymnasium as gym
import numpy as np
import pytest
import torch

from dqn_helpers import (
    DQN,
    ONE_STEP_PROBE_ID,
    TWO_STEP_PROBE_ID,
    DQNConfig,
    TrainingDiverged,
    TrainingHistory,
    evaluate,
    get_preset,
    train,
)
from dqn_helpers.training import EVAL_SEED

PROBE = {"batch_size": 16, "memory_capacity": 500, "hidden": 16, "lr": 3e-3, "tau": 0.1, "num_episodes": 400}


def test_one_step_probe_learns_q_equal_to_the_reward():
    history = train(DQNConfig(env_id=ONE_STEP_PROBE_ID, **PROBE), seed=0)
    net = history.policy_net
    assert history.durations == [1] * 400
    assert net(torch.zeros(1)).item() == pytest.approx(1.0, abs=0.03)


@pytest.mark.parametrize("gamma", [0.5, 0.9])
def test_two_step_probe_learns_discounted_value(gamma):
    net = train(DQNConfig(env_id=TWO_STEP_PROBE_ID, gamma=gamma, **PROBE), seed=0).policy_net
    assert net(torch.ones(1)).item() == pytest.approx(1.0, abs=0.05)  # last step: Q = r = 1
    assert net(torch.zeros(1)).item() == pytest.approx(gamma, abs=0.05)  # first step: Q = 0 + γ·1


TINY = get_preset("tutorial", num_episodes=12, batch_size=32, memory_capacity=1000)


def test_history_has_one_entry_per_episode():
    history = train(TINY, seed=1)
    n = history.episodes
    assert n == 12 and history.stopped_reason == "completed"
    assert all(len(v) == n for v in (history.mean100, history.losses, history.epsilons, history.mean_max_q))
    assert history.steps == sum(history.durations)
    assert history.mean100[-1] == pytest.approx(np.mean(history.durations))
    assert history.epsilons == sorted(history.epsilons, reverse=True)
    assert history.learning_rates == [1e-4] * n  # the tutorial's constant learning rate
    assert history.wall_time > 0 and history.episode_end_times == sorted(history.episode_end_times)
    # updates start once the memory holds one batch (32): episodes that ended before have no loss
    ended_before = np.cumsum(history.durations) < 32
    assert ended_before.any()
    assert [math.isnan(loss) for loss in history.losses] == ended_before.tolist()
    assert history.updates == history.steps - 32 + 1
    assert history.solved_episode is None and history.time_to_solve is None


def test_same_seed_same_history_different_seed_different_history():
    def essentials(h: TrainingHistory):
        return h.durations, np.nan_to_num(h.losses).tolist(), np.nan_to_num(h.mean_max_q).tolist(), h.epsilons

    first, again = train(TINY, seed=7), train(TINY, seed=7)
    assert essentials(first) == essentials(again)
    for a, b in zip(first.policy_net.parameters(), again.policy_net.parameters(), strict=True):
        assert torch.equal(a, b)  # the same network, too
    assert essentials(train(TINY, seed=7))[0] != essentials(train(TINY, seed=8))[0]


def test_stop_event_ends_training_and_keeps_the_history():
    stop = threading.Event()

    def stop_after_three(history):
        if history.episodes == 3:
            stop.set()

    history = train(TINY, seed=0, callback=stop_after_three, stop_event=stop)
    assert history.stopped_reason == "stopped" and history.episodes == 3
    assert len(history.durations) == 3 and history.wall_time > 0


def test_stop_event_from_another_thread():
    stop = threading.Event()
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("h", train(get_preset("tutorial"), stop_event=stop)))
    thread.start()
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert result["h"].stopped_reason == "stopped"


def test_ctrl_c_returns_the_history_so_far():
    def interrupt_after_two(history):
        if history.episodes == 2:
            raise KeyboardInterrupt

    history = train(TINY, seed=0, callback=interrupt_after_two)
    assert history.stopped_reason == "interrupted" and history.episodes == 2


class HugeRewardEnv(gym.Env):
    """One-step episodes (truncated) with the reward ``REWARD``."""

    REWARD = 3e38  # finite in float32, but its square is not
    observation_space = gym.spaces.Box(-1.0, 1.0, shape=(1,), dtype=np.float32)
    action_space = gym.spaces.Discrete(2)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return np.zeros(1, dtype=np.float32), {}

    def step(self, action):
        return np.zeros(1, dtype=np.float32), self.REWARD, False, True, {}


class NaNRewardEnv(HugeRewardEnv):
    REWARD = float("nan")


def test_an_infinite_loss_stops_with_episode_and_step():
    gym.register("tests/HugeReward-v0", entry_point=HugeRewardEnv, disable_env_checker=True)
    config = DQNConfig(env_id="tests/HugeReward-v0", batch_size=4, memory_capacity=10, num_episodes=10, loss="mse")
    with pytest.raises(
        TrainingDiverged, match=r"the loss became inf in episode 3 at step 4 \(update 1\); lower lr"
    ) as error:
        train(config, seed=0)
    assert error.value.history.durations == [1, 1, 1]  # the finished episodes are kept
    assert error.value.history.stopped_reason == "diverged"
    assert TrainingHistory.from_dict(error.value.history.to_dict()).stopped_reason == "diverged"


def test_a_nan_from_the_environment_stops_with_the_step_and_keeps_the_history():
    gym.register("tests/NaNReward-v0", entry_point=NaNRewardEnv, disable_env_checker=True)
    config = DQNConfig(env_id="tests/NaNReward-v0", batch_size=4, memory_capacity=10, num_episodes=10)
    with pytest.raises(
        TrainingDiverged, match=r"tests/NaNReward-v0 gave a transition .* at step 1 \(episode 0\): reward must be"
    ) as error:
        train(config, seed=0)
    assert error.value.history.episodes == 0 and error.value.history.stopped_reason == "diverged"


def test_unknown_environment_and_bad_seed_are_clear_errors():
    with pytest.raises(ValueError, match=r"unknown environment 'CartPole-v9'"):
        train(DQNConfig(env_id="CartPole-v9"))
    for seed in (-1, 2**64):  # 2**64 once overflowed deep inside torch.manual_seed
        with pytest.raises(ValueError, match=rf"seed must be a whole number in 0 … 4_294_967_295, got {seed}"):
            train(TINY, seed=seed)
    with pytest.raises(TypeError, match=r"callback must be a function of the history or None, got 5"):
        train(TINY, callback=5)  # refused before the first episode, not after it
    with pytest.raises(TypeError, match=r"stop_event must be a threading.Event or None, got True"):
        train(TINY, stop_event=True)
    with pytest.raises(ValueError, match=r"preset must be one of"):
        train("fast")
    with pytest.raises(
        TypeError, match=r"config must be a DQNConfig or a preset name \['default', 'tutorial'\], got dict"
    ):
        train({"lr": 1e-3})


def test_training_leaves_the_callers_random_generators_as_they_were():
    def draws():
        return random.random(), np.random.rand(), torch.rand(1).item()

    for seed_all in (1, 2):
        random.seed(seed_all), np.random.seed(seed_all), torch.manual_seed(seed_all)
        expected = draws()
        random.seed(seed_all), np.random.seed(seed_all), torch.manual_seed(seed_all)
        history = train(TINY, seed=5)
        assert draws() == expected
    assert train(TINY, seed=5).durations == history.durations  # and training is still seeded by its own seed


def test_training_restores_torch_threads():
    torch.set_num_threads(2)
    train(get_preset("tutorial", num_episodes=1), seed=0)
    assert torch.get_num_threads() == 2


@pytest.mark.slow
def test_the_default_preset_learns_to_balance():
    """End to end on CartPole-v1, on a CPU: a 100-episode training mean of at least 475, and a kept agent
    that balances for the full 500 steps.

    One DQN run is chaotic and its trajectory differs between CPUs, and about one run in twenty fails
    to solve within 600 episodes (benchmarks/RESULTS.md). So the test does what a learner is told to
    do: if seed 0 does not solve, try seed 1. Both failing has a chance well under 1 %.
    """
    for seed in (0, 1):
        history = train("default", seed=seed)
        if history.solved:
            break
    assert history.solved, f"seeds 0 and 1 both unsolved; seed 1's best 100-episode mean {max(history.mean100):.1f}"
    assert history.stopped_reason == "solved" and history.mean100[-1] >= 475 and history.episodes <= 600
    assert history.best_episode is not None and history.best_eval >= 475  # training kept a balancing network
    assert statistics.fmean(evaluate(history.agent, n_episodes=20)) >= 475  # and it balances on new starts


def test_train_every_and_gradient_steps_set_the_number_of_updates():
    history = train(TINY.replace(train_every=4, gradient_steps=3), seed=1)
    rounds = sum(1 for step in range(1, history.steps + 1) if step % 4 == 0 and step >= 32)
    assert history.updates == 3 * rounds


def test_lr_end_decays_the_learning_rate_to_a_standstill():
    snapshots = []

    def snapshot(history):
        snapshots.append((history.updates, [p.detach().clone() for p in history.policy_net.parameters()]))

    history = train(
        TINY.replace(lr=1e-3, lr_end_factor=0.0, lr_decay_updates=40, eval_episodes=0), seed=0, callback=snapshot
    )
    # α_k = α (1 - (1 - f) min(1, k / K)) with f = 0: 1e-3 · (1 - k/40) after k updates, then 0
    expected = [1e-3 * (1 - min(1, updates / 40)) for updates, _ in snapshots]
    assert history.learning_rates == pytest.approx(expected, abs=1e-12)
    frozen = [weights for updates, weights in snapshots if updates >= 40]
    assert len(frozen) >= 2 and snapshots[0][0] < 40
    for weights in frozen[1:]:  # lr reached 0 after 40 updates: nothing moves any more
        assert all(torch.equal(a, b) for a, b in zip(frozen[0], weights, strict=True))
    assert not all(torch.equal(a, b) for a, b in zip(snapshots[0][1], frozen[0], strict=True))


def test_evaluation_keeps_the_best_network_and_does_not_change_training():
    config = TINY.replace(num_episodes=12, eval_every=4, eval_episodes=3)
    history = train(config, seed=2)
    assert history.evaluated_at == [3, 7, 11]  # after every 4th episode (0-based index)
    assert len(history.eval_means) == 3
    best = max(history.eval_means)
    assert history.best_eval == best
    evaluations = zip(history.evaluated_at, history.eval_means, strict=True)
    assert history.best_episode == max(episode for episode, mean in evaluations if mean == best)  # the later of ties
    assert history.best_net is not history.policy_net and history.agent is history.best_net
    assert statistics.fmean(evaluate(history.best_net, 3, seed=EVAL_SEED)) == best  # the kept copy is the one scored
    # evaluating draws no training randomness: the same run without it is identical
    plain = train(config.replace(eval_episodes=0), seed=2)
    assert plain.durations == history.durations and plain.losses == pytest.approx(history.losses, nan_ok=True)
    assert plain.best_net is None and plain.agent is plain.policy_net and plain.evaluated_at == []


def test_a_run_that_ends_early_is_evaluated_at_its_last_episode():
    history = train(TINY.replace(num_episodes=6, eval_every=4, eval_episodes=2), seed=0)
    assert history.evaluated_at == [3, 5]


def test_the_kept_network_is_a_dqn_of_the_right_shape():
    history = train(TINY.replace(num_episodes=4, eval_every=2, eval_episodes=1), seed=0)
    assert isinstance(history.best_net, DQN) and history.best_net.n_observations == 4


@pytest.mark.parametrize("env_id", ["Acrobot-v1", "MountainCar-v0"])
def test_training_works_for_other_discrete_environments(env_id):
    """Acrobot has 3 actions, so the replay memory must be told how many (it refused action 2 once)."""
    history = train(get_preset("tutorial", env_id=env_id, num_episodes=1, eval_episodes=0), seed=0)
    assert history.episodes == 1 and history.steps == history.durations[0] > 0


def test_torch_threads_names_a_bad_count():
    from dqn_helpers.training import torch_threads

    with pytest.raises(ValueError, match="num_threads must be a whole number in 1 … 256, got 0"), torch_threads(0):
        pass


def test_a_loss_function_of_your_own_trains_through_the_same_door():
    from dqn_helpers.update import td_loss

    config = TINY.replace(loss="mse")
    own = train(config, seed=2, loss_fn=lambda p, t, b, g: td_loss(p, t, b, g, loss="mse"))
    package = train(config, seed=2)
    assert own.durations == package.durations and own.losses == package.losses  # the same run, bit for bit
    with pytest.raises(TypeError, match=r"loss_fn must be a function .* got 5"):
        train(config, loss_fn=5)


def test_a_loss_function_must_return_one_number_with_a_gradient():
    with pytest.raises(
        ValueError, match=r"loss_fn must return the batch's loss as one number .* got a tensor of shape \(32,\)"
    ):
        train(TINY, seed=0, loss_fn=lambda p, t, b, g: p(b.states).max(dim=1).values)
    with pytest.raises(ValueError, match="got a tensor of shape \\(\\) that records no gradient"):
        train(TINY, seed=0, loss_fn=lambda p, t, b, g: torch.tensor(1.0))
