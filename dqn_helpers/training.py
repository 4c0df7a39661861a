r"""The DQN training loop: :func:`train` runs it, :func:`~dqn_helpers.update.optimize_model` is one update.

One step of the loop, as in the tutorial:

1. pick :math:`a_t` ε-greedily from :math:`Q_\theta(s_t, \cdot)`; step the environment;
2. store :math:`(s_t, a_t, s_{t+1}, r_t, \text{terminated})` in the replay memory;
3. every ``train_every`` steps, :func:`optimize_model` on a random batch:
   :math:`y = r + \gamma (1-\text{terminated}) \max_{a'} Q_{\theta'}(s', a')`,
   loss :math:`= \text{mean Huber}(Q_\theta(s, a) - y)` (or the mean squared error), one optimiser step;
4. every ``target_update_every`` steps, soft-update the target network
   :math:`\theta' \leftarrow \tau\theta + (1-\tau)\theta'`.

What to train with is a :class:`~dqn_helpers.config.DQNConfig` (or a preset's name); what a run
records is a :class:`~dqn_helpers.history.TrainingHistory`, which also keeps the best evaluated
network (``history.agent``).
"""

from __future__ import annotations

import contextlib
import copy
import math
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import torch

from dqn_helpers import checks
from dqn_helpers.config import PRESETS, DQNConfig, get_preset
from dqn_helpers.envs import env_dimensions, make_env
from dqn_helpers.evaluation import evaluate
from dqn_helpers.history import TrainingHistory
from dqn_helpers.policy import epsilon_by_step, select_action, soft_update
from dqn_helpers.qnet import DQN
from dqn_helpers.replay import TensorReplayMemory
from dqn_helpers.update import TDLoss, make_optimizer, make_scheduler, optimize_model

EVAL_SEED = 20_000  # training's greedy evaluations start from reset(seed=20_000 + i): fixed, and apart
# from evaluate()'s default 10_000 …, so a kept network is judged again on states it was not chosen on


class TrainingDiverged(RuntimeError):
    """The loss, or a number from the environment, became NaN or infinite; ``error.history`` keeps the episodes."""

    def __init__(self, message: str, history: TrainingHistory) -> None:
        super().__init__(message)
        history.stopped_reason = "diverged"
        self.history = history


@contextlib.contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Run the block with ``torch.set_num_threads(n)``, then restore the previous value."""
    n = checks.whole_number("num_threads", n, 1, 256)
    previous = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


Callback = Callable[[TrainingHistory], Any]


def train(
    config: DQNConfig | str = "default",
    *,
    seed: int = 0,
    callback: Callback | None = None,
    stop_event: threading.Event | None = None,
    loss_fn: TDLoss | None = None,
) -> TrainingHistory:
    """Train a DQN agent and return its :class:`TrainingHistory`.

    Args:
        config: a :class:`DQNConfig` or a preset name.
        seed: seeds the weights, the environment, exploration and replay sampling (0 … 2³² − 1);
            the same seed on the same machine gives the same history (wall times aside) and the same
            network, which the history returns as ``history.policy_net``. The global generators of
            ``random``, NumPy and torch are left as they were.
        callback: called with the history after every episode (e.g. to update a live plot).
        stop_event: set it (from another thread, e.g. a Stop button) to end training within one
            environment step; the finished episodes are kept. Ctrl-C does the same.
        loss_fn: a TD loss of your own, ``(policy_net, target_net, batch, gamma)`` → the batch's loss
            (:data:`~dqn_helpers.update.TDLoss`); it replaces :func:`~dqn_helpers.update.td_loss`, so
            ``config.loss`` and ``config.double_dqn`` are then not used. ``None``: the package's.

    Raises:
        TrainingDiverged: the loss or the environment's numbers became NaN or infinite (the message says when).
        ValueError, TypeError: an argument is invalid (checked before training starts).
    """
    if isinstance(config, str):
        config = get_preset(config)
    if not isinstance(config, DQNConfig):
        raise TypeError(f"config must be a DQNConfig or a preset name {sorted(PRESETS)}, got {type(config).__name__}")
    seed = checks.seed("seed", seed)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function of the history or None, got {callback!r}")
    if stop_event is not None and not callable(getattr(stop_event, "is_set", None)):
        raise TypeError(f"stop_event must be a threading.Event or None, got {stop_event!r}")
    if loss_fn is not None and not callable(loss_fn):
        raise TypeError(f"loss_fn must be a function (policy_net, target_net, batch, gamma) -> loss, got {loss_fn!r}")
    # fork_rng: torch's global generator (which initialises the weights) is seeded here and restored
    # afterwards, so the caller's random numbers do not depend on whether it trained an agent.
    with torch_threads(config.num_threads), torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return training_loop(config, seed, callback, stop_event, loss_fn)


def training_loop(
    config: DQNConfig,
    seed: int,
    callback: Callback | None = None,
    stop_event: threading.Event | None = None,
    loss_fn: TDLoss | None = None,
) -> TrainingHistory:
    """The loop itself, as notebook 04 reads it: :func:`train` checks the arguments and seeds, then calls it."""
    env = make_env(config.env_id)
    n_observations, n_actions = env_dimensions(env)
    policy_net = DQN(n_observations, n_actions, config.hidden)
    target_net = copy.deepcopy(policy_net)  # θ' ← θ; from now on it only moves by soft_update
    optimizer = make_optimizer(policy_net, config)
    scheduler = make_scheduler(optimizer, config)
    memory = TensorReplayMemory(config.memory_capacity, n_observations, seed=seed, n_actions=n_actions)
    rng = random.Random(seed)  # ε-greedy draws and random actions
    learning_starts = max(config.batch_size, config.learning_starts)

    history = TrainingHistory(config=config, seed=seed, policy_net=policy_net)
    start = time.perf_counter()
    steps_done = 0
    obs, _ = env.reset(seed=seed)
    try:
        for _episode in range(config.num_episodes):
            state = torch.as_tensor(obs, dtype=torch.float32)
            loss_sum, q_sum, n_updates, duration = 0.0, 0.0, 0, 0
            done = False
            while not done:
                if stop_event is not None and stop_event.is_set():
                    history.stopped_reason = "stopped"
                    return history
                eps = epsilon_by_step(steps_done, config.eps_start, config.eps_end, config.eps_decay)
                action = select_action(policy_net, state, eps, n_actions, rng)
                obs, reward, terminated, truncated, _ = env.step(action)
                steps_done += 1
                duration += 1
                next_state = torch.as_tensor(obs, dtype=torch.float32)
                try:
                    memory.push(state, action, next_state, reward, terminated, truncated)
                except ValueError as error:  # a NaN or infinite number from the environment
                    message = f"{config.env_id} gave a transition that cannot be learned from at step {steps_done}"
                    raise TrainingDiverged(f"{message} (episode {history.episodes}): {error}", history) from None
                state = next_state
                done = terminated or truncated

                if steps_done % config.train_every == 0 and len(memory) >= learning_starts:
                    for _ in range(config.gradient_steps):
                        batch = memory.sample(config.batch_size)
                        loss, mean_q = optimize_model(
                            policy_net, target_net, optimizer, batch, config.gamma, config.grad_clip_value,
                            double_dqn=config.double_dqn, grad_clip_norm=config.grad_clip_norm, loss=config.loss,
                            loss_fn=loss_fn,
                        )  # fmt: skip
                        if scheduler is not None:
                            scheduler.step()
                        if not math.isfinite(loss):
                            raise TrainingDiverged(
                                f"the loss became {loss} in episode {history.episodes} at step {steps_done} "
                                f"(update {history.updates + 1}); lower lr (now {config.lr:g}) or check the rewards",
                                history,
                            )
                        loss_sum += loss
                        q_sum += mean_q
                        n_updates += 1
                        history.updates += 1
                if steps_done % config.target_update_every == 0:
                    soft_update(target_net, policy_net, config.tau)
            history.steps = steps_done
            mean_loss, mean_q = (loss_sum / n_updates, q_sum / n_updates) if n_updates else (math.nan, math.nan)
            lr_now = optimizer.param_groups[0]["lr"]
            history.record_episode(duration, mean_loss, eps, mean_q, time.perf_counter() - start, lr_now)
            finished = history.episodes == config.num_episodes or (config.stop_when_solved and history.solved)
            if config.eval_episodes and (history.episodes % config.eval_every == 0 or finished):
                history.record_evaluation(
                    policy_net, evaluate(policy_net, config.eval_episodes, EVAL_SEED, config.env_id)
                )
            if callback is not None:
                callback(history)
            if config.stop_when_solved and history.solved:
                history.stopped_reason = "solved"
                break
            obs, _ = env.reset()
    except KeyboardInterrupt:
        history.stopped_reason = "interrupted"
    finally:
        history.steps = steps_done
        history.wall_time = time.perf_counter() - start
        env.close()
    return history
