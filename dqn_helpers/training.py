r"""The DQN training loop: :func:`optimize_model` (one update) and :func:`train` (the whole run).

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
import torch.nn.functional as F
from torch import nn

from dqn_helpers import checks
from dqn_helpers.bellman import td_target
from dqn_helpers.config import LOSSES, PRESETS, DQNConfig, get_preset
from dqn_helpers.envs import env_dimensions, make_env
from dqn_helpers.evaluation import evaluate
from dqn_helpers.history import TrainingHistory
from dqn_helpers.policy import epsilon_by_step, select_action, soft_update
from dqn_helpers.qnet import DQN
from dqn_helpers.replay import Batch, TensorReplayMemory

EVAL_SEED = 20_000  # training's greedy evaluations start from reset(seed=20_000 + i): fixed, and apart
# from evaluate()'s default 10_000 …, so a kept network is judged again on states it was not chosen on


class TrainingDiverged(RuntimeError):
    """The loss, or a number from the environment, became NaN or infinite; ``error.history`` keeps the episodes."""

    def __init__(self, message: str, history: TrainingHistory) -> None:
        super().__init__(message)
        self.history = history


def make_optimizer(policy_net: nn.Module, config: DQNConfig) -> torch.optim.Optimizer:
    """AdamW as in the tutorial; ``fused=True`` runs the same update in one kernel (~5× faster on CPU)."""
    return torch.optim.AdamW(policy_net.parameters(), lr=config.lr, amsgrad=config.amsgrad, fused=True)


def make_scheduler(optimizer: torch.optim.Optimizer, config: DQNConfig) -> torch.optim.lr_scheduler.LRScheduler | None:
    r"""The learning-rate schedule, stepped once per update.

    After :math:`k` updates the rate is

    .. math:: \alpha_k = \alpha \left(1 - (1 - f) \min(1, k / K)\right)

    with :math:`\alpha` = ``lr``, :math:`f` = ``lr_end_factor`` and :math:`K` = ``lr_decay_updates``:
    a straight line from ``lr`` down to ``f × lr``, then flat. ``None`` when :math:`f = 1` (the tutorial).
    """
    if config.lr_end_factor == 1.0:
        return None
    return torch.optim.lr_scheduler.LinearLR(
        optimizer, start_factor=1.0, end_factor=config.lr_end_factor, total_iters=config.lr_decay_updates
    )


def optimize_model(
    policy_net: nn.Module,
    target_net: nn.Module,
    optimizer: torch.optim.Optimizer,
    batch: Batch,
    gamma: float,
    grad_clip_value: float | None = 100.0,
    *,
    double_dqn: bool = False,
    grad_clip_norm: float | None = None,
    loss: str = "huber",
) -> tuple[float, float]:
    r"""One DQN update on ``batch``; returns ``(loss, mean max_a Q(s, a))`` as floats.

    Shapes for a batch of B transitions: ``q_values`` (B, n_actions) → ``state_action_values``
    :math:`Q_\theta(s, a)` (B,); ``next_q`` (B,); ``targets`` :math:`y` (B,); the loss is the mean
    Huber loss (``loss="huber"``, the tutorial's) or the mean squared error (``"mse"``) of
    :math:`\delta = Q_\theta(s, a) - y`. ``next_q`` is the value of the next state:

    - the tutorial's target: :math:`\max_{a'} Q_{\theta'}(s', a')`;
    - Double DQN (``double_dqn=True``): the policy net picks, the target net values,
      :math:`Q_{\theta'}(s', \arg\max_{a'} Q_\theta(s', a'))`: one net's overestimate is not also believed.
    """
    q_values = policy_net(batch.states)  # Q_θ(s, ·)  (B, n_actions)
    state_action_values = q_values.gather(1, batch.actions.unsqueeze(1)).squeeze(1)  # Q_θ(s, a)  (B,)
    with torch.no_grad():  # the target is a constant: no gradient flows into θ'
        if double_dqn:  # θ picks a' = argmax_a' Q_θ(s', a'), θ' values it
            next_actions = policy_net(batch.next_states).argmax(dim=1, keepdim=True)  # (B, 1)
            next_q = target_net(batch.next_states).gather(1, next_actions).squeeze(1)  # (B,)
        else:  # max_a' Q_θ'(s', a')
            next_q = target_net(batch.next_states).max(dim=1).values  # (B,)
        targets = td_target(batch.rewards, next_q, batch.terminated, gamma)  # y  (B,)
    checks.one_of("loss", loss, LOSSES)
    if loss == "mse":  # mean δ² over the batch
        loss_value = F.mse_loss(state_action_values, targets)
    else:  # mean Huber(δ), the tutorial's nn.SmoothL1Loss
        loss_value = F.smooth_l1_loss(state_action_values, targets)
    optimizer.zero_grad()
    loss_value.backward()
    if grad_clip_value is not None:  # each gradient element into ±grad_clip_value, as the tutorial does
        nn.utils.clip_grad_value_(policy_net.parameters(), grad_clip_value)
    if grad_clip_norm is not None:  # the whole gradient: g ← g · min(1, c / ‖g‖)
        nn.utils.clip_grad_norm_(policy_net.parameters(), grad_clip_norm)
    optimizer.step()
    return loss_value.item(), q_values.detach().max(dim=1).values.mean().item()


@contextlib.contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Run the block with ``torch.set_num_threads(n)``, then restore the previous value."""
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
    # fork_rng: torch's global generator (which initialises the weights) is seeded here and restored
    # afterwards, so the caller's random numbers do not depend on whether it trained an agent.
    with torch_threads(config.num_threads), torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return _train(config, seed, callback, stop_event)


def _train(
    config: DQNConfig, seed: int, callback: Callback | None, stop_event: threading.Event | None
) -> TrainingHistory:
    env = make_env(config.env_id)
    n_observations, n_actions = env_dimensions(env)
    policy_net = DQN(n_observations, n_actions, config.hidden)
    target_net = copy.deepcopy(policy_net)  # θ' ← θ; from now on it only moves by soft_update
    optimizer = make_optimizer(policy_net, config)
    scheduler = make_scheduler(optimizer, config)
    memory = TensorReplayMemory(config.memory_capacity, n_observations, seed=seed)
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
                    memory.push(state, action, next_state, reward, terminated)
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
