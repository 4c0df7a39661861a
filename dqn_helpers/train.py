r"""The DQN training loop, its configuration, presets and history.

One step of the loop, as in the tutorial:

1. pick :math:`a_t` ε-greedily from :math:`Q_\theta(s_t, \cdot)`; step the environment;
2. store :math:`(s_t, a_t, s_{t+1}, r_t, \text{terminated})` in the replay memory;
3. every ``train_every`` steps, :func:`optimize_model` on a random batch:
   :math:`y = r + \gamma (1-\text{terminated}) \max_{a'} Q_{\theta'}(s', a')`,
   loss :math:`= \text{mean Huber}(Q_\theta(s, a) - y)` (or the mean squared error), one optimiser step;
4. every ``target_update_every`` steps, soft-update the target network
   :math:`\theta' \leftarrow \tau\theta + (1-\tau)\theta'`.

Presets (see :data:`PRESETS`): ``"tutorial"`` is the tutorial exactly; ``"default"`` is the course's
setting, with the squared TD error, a gradient-norm clip and a decaying learning rate. It usually
solves CartPole-v1 in about a minute on a laptop CPU: about 19 runs in 20 within 600 episodes, on
seeds that played no part in choosing it, under two numeric paths (benchmarks/RESULTS.md).
Every run also keeps its best evaluated network (``history.agent``), which balanced in every one of
those runs.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import math
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dqn_helpers.bellman import td_target
from dqn_helpers.envs import CARTPOLE_ID, env_dimensions, make_env
from dqn_helpers.evaluate import evaluate
from dqn_helpers.policy import epsilon_by_step, select_action, soft_update
from dqn_helpers.qnet import DQN
from dqn_helpers.replay import Batch, TensorReplayMemory

SOLVED_WINDOW = 100  # CartPole-v1 counts as solved when the mean of 100 consecutive episodes ...
SOLVED_MEAN = 475.0  # ... reaches 475 (its reward_threshold in Gymnasium)
EVAL_SEED = 20_000  # training's greedy evaluations start from reset(seed=20_000 + i): fixed, and apart
# from evaluate()'s default 10_000 …, so a kept network is judged again on states it was not chosen on


def moving_mean(durations: Sequence[int], window: int = SOLVED_WINDOW) -> list[float]:
    """Mean of the last ``window`` durations (fewer at the start): the 100-episode mean that
    :class:`TrainingHistory` records as ``mean100``, for a whole list at once (plots, the atlas)."""
    out, total = [], 0.0
    for i, duration in enumerate(durations):
        total += duration
        if i >= window:
            total -= durations[i - window]
        out.append(total / min(i + 1, window))
    return out


LOSSES = {"huber": F.smooth_l1_loss, "mse": F.mse_loss}  # the mean over the batch of huber(δ) or δ²


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite; the message says in which episode and step.

    ``error.history`` holds the :class:`TrainingHistory` of the episodes finished before.
    """

    def __init__(self, message: str, history: TrainingHistory) -> None:
        super().__init__(message)
        self.history = history


@dataclass(frozen=True)
class DQNConfig:
    r"""Every knob of DQN training. The defaults are the tutorial's; they are checked on construction.

    Attributes:
        num_episodes: episodes to train for (the tutorial: 600 with a GPU).
        batch_size: transitions per update (``BATCH_SIZE``).
        gamma: discount factor γ (``GAMMA``).
        eps_start, eps_end, eps_decay: the ε schedule ``EPS_START``, ``EPS_END``, ``EPS_DECAY``.
        tau: target-network update rate τ (``TAU``); 1 means a hard copy.
        lr: learning rate of AdamW (``LR``).
        amsgrad: use the AMSGrad variant of AdamW, as the tutorial does.
        memory_capacity: replay memory size (the tutorial: 10 000).
        hidden: width of the two hidden layers (the tutorial: 128).
        grad_clip_value: clip each gradient element to ±this (the tutorial: 100); ``None`` for no clip.
        grad_clip_norm: rescale the whole gradient to at most this L2 norm; ``None`` (the tutorial) for no clip.
        loss: ``"huber"`` (the tutorial's ``SmoothL1Loss``) or ``"mse"`` (the squared error), of δ = Q(s, a) − y.
        double_dqn: use the Double DQN target (the policy net picks a', the target net values it);
            ``False`` is the tutorial's :math:`\max_{a'} Q_{\theta'}(s', a')`.
        lr_end_factor: decay the learning rate linearly from ``lr`` to ``lr_end_factor × lr`` over
            ``lr_decay_updates`` updates, then keep it there; 1 (the tutorial) keeps ``lr`` throughout.
        lr_decay_updates: the length of that decay, in updates.
        train_every: environment steps between two training rounds (the tutorial: 1; SB3's ``train_freq``).
        gradient_steps: updates per training round (the tutorial: 1; SB3's ``gradient_steps``).
        learning_starts: updates begin once the memory holds ``max(batch_size, learning_starts)``.
        target_update_every: environment steps between two target updates (the tutorial: 1).
        stop_when_solved: end training at the first episode whose 100-episode mean is ≥ 475.
        env_id: the Gymnasium environment.
        num_threads: torch threads during training (1 is fastest at this size and reproducible).
        eval_every: every this many episodes, play ``eval_episodes`` greedy episodes (ε = 0) on fixed
            evaluation seeds and keep the best network so far (this does not change training).
        eval_episodes: episodes per evaluation; 0 turns evaluation off.
    """

    num_episodes: int = 600
    batch_size: int = 128
    gamma: float = 0.99
    eps_start: float = 0.9
    eps_end: float = 0.05
    eps_decay: float = 1000.0
    tau: float = 0.005
    lr: float = 1e-4
    amsgrad: bool = True
    memory_capacity: int = 10_000
    hidden: int = 128
    grad_clip_value: float | None = 100.0
    grad_clip_norm: float | None = None
    loss: str = "huber"
    double_dqn: bool = False
    lr_end_factor: float = 1.0
    lr_decay_updates: int = 25_000
    train_every: int = 1
    gradient_steps: int = 1
    learning_starts: int = 0
    target_update_every: int = 1
    stop_when_solved: bool = False
    env_id: str = CARTPOLE_ID
    num_threads: int = 1
    eval_every: int = 10
    eval_episodes: int = 5

    def __post_init__(self) -> None:
        for problem in self.problems():
            raise ValueError(problem)

    def problems(self) -> Iterator[str]:
        """Yield one message per invalid field (construction raises the first)."""

        def whole(name: str, minimum: int) -> bool:
            value = getattr(self, name)
            return not isinstance(value, bool) and isinstance(value, (int, np.integer)) and value >= minimum

        def number(name: str) -> bool:
            value = getattr(self, name)
            return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)

        for name, minimum in (
            ("num_episodes", 1), ("batch_size", 1), ("memory_capacity", 1), ("hidden", 1), ("train_every", 1),
            ("gradient_steps", 1), ("learning_starts", 0), ("target_update_every", 1), ("num_threads", 1),
            ("lr_decay_updates", 1), ("eval_every", 1), ("eval_episodes", 0),
        ):  # fmt: skip
            if not whole(name, minimum):
                yield f"{name} must be a whole number >= {minimum}, got {getattr(self, name)!r}"
        for name in ("gamma", "eps_start", "eps_end", "eps_decay", "tau", "lr"):
            if not number(name):
                yield f"{name} must be a finite number, got {getattr(self, name)!r}"
                return
        if not 0.0 <= self.gamma <= 1.0:
            yield f"gamma must be in [0, 1], got {self.gamma!r}"
        if not 0.0 < self.tau <= 1.0:
            yield f"tau must be in (0, 1], got {self.tau!r} (1 = copy the policy net, small = slow target)"
        if self.lr <= 0:
            yield f"lr must be > 0, got {self.lr!r}"
        for name in ("eps_start", "eps_end"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                yield f"{name} must be a probability in [0, 1], got {getattr(self, name)!r}"
        if self.eps_end > self.eps_start:
            yield f"eps_end ({self.eps_end!r}) must not exceed eps_start ({self.eps_start!r}): ε decays"
        if self.eps_decay <= 0:
            yield f"eps_decay must be > 0 steps, got {self.eps_decay!r}"
        if whole("batch_size", 1) and whole("memory_capacity", 1) and self.batch_size > self.memory_capacity:
            yield (
                f"batch_size ({self.batch_size}) must not exceed memory_capacity "
                f"({self.memory_capacity}): batches are sampled without replacement"
            )
        if self.grad_clip_value is not None and not (number("grad_clip_value") and self.grad_clip_value > 0):
            yield f"grad_clip_value must be a positive number or None, got {self.grad_clip_value!r}"
        if self.grad_clip_norm is not None and not (number("grad_clip_norm") and self.grad_clip_norm > 0):
            yield f"grad_clip_norm must be a positive number or None, got {self.grad_clip_norm!r}"
        if not (number("lr_end_factor") and 0 <= self.lr_end_factor <= 1):
            yield f"lr_end_factor must be a number in [0, 1] (a share of lr), got {self.lr_end_factor!r}"
        if self.loss not in LOSSES:
            yield f"loss must be one of {sorted(LOSSES)}, got {self.loss!r}"
        for name in ("double_dqn", "amsgrad", "stop_when_solved"):
            if not isinstance(getattr(self, name), bool):
                yield f"{name} must be True or False, got {getattr(self, name)!r}"
        if not isinstance(self.env_id, str) or not self.env_id:
            yield f"env_id must be a Gymnasium environment id such as 'CartPole-v1', got {self.env_id!r}"

    def replace(self, **changes: Any) -> DQNConfig:
        """A copy with some fields changed (validated again); unknown names are an error."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise ValueError(
                f"unknown DQNConfig field(s) {unknown}; known: {[f.name for f in dataclasses.fields(self)]}"
            )
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


PRESETS: dict[str, DQNConfig] = {
    # The PyTorch tutorial, value for value.
    "tutorial": DQNConfig(),
    # The course's setting: the same loop with three refinements, tuned to solve CartPole-v1 fast and on
    # nearly every seed and CPU. Every value that differs from the tutorial, and why, is in the README
    # ("Presets: tutorial and default"); how it was chosen is in benchmarks/TUNING.md.
    "default": DQNConfig(
        loss="mse",
        lr=1e-3,
        lr_end_factor=0.1,
        lr_decay_updates=25_000,
        grad_clip_norm=10.0,
        hidden=256,
        train_every=4,
        memory_capacity=100_000,
        learning_starts=1_000,
        eps_decay=2_000.0,
        stop_when_solved=True,
    ),
}


def get_preset(name: str, **changes: Any) -> DQNConfig:
    """The named preset (``"tutorial"`` or ``"default"``), optionally with some fields changed."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; choose one of {sorted(PRESETS)}")
    return PRESETS[name].replace(**changes) if changes else PRESETS[name]


@dataclass
class TrainingHistory:
    """Everything a run records, one entry per finished episode.

    ``mean100[i]`` is the mean duration of episodes ``max(0, i-99) … i``; the task is *solved* at the
    first episode ``i ≥ 99`` where it reaches 475. ``losses`` and ``mean_max_q`` are averages over the
    episode's updates (NaN before learning starts); ``epsilons`` and ``learning_rates`` are ε and the
    learning rate at the episode's end;
    ``episode_end_times`` is the wall time in seconds since the start. ``stopped_reason`` is one of
    ``"completed"`` (all episodes run), ``"solved"``, ``"stopped"`` (the stop event) or
    ``"interrupted"`` (Ctrl-C). A stopped run keeps its finished episodes.

    ``evaluated_at`` are the episodes after which the greedy policy was evaluated (see
    ``DQNConfig.eval_every``) and ``eval_means`` its mean durations there; ``best_episode`` and
    ``best_eval`` say which evaluation was the best (the later of equals). ``policy_net`` is the network
    as training left it, ``best_net`` a copy of the best evaluated one, and :attr:`agent` the one to
    keep (networks are not part of :meth:`to_dict`; save them with :mod:`dqn_helpers.checkpoint`).
    """

    config: DQNConfig
    seed: int
    durations: list[int] = field(default_factory=list)
    mean100: list[float] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    epsilons: list[float] = field(default_factory=list)
    learning_rates: list[float] = field(default_factory=list)
    mean_max_q: list[float] = field(default_factory=list)
    episode_end_times: list[float] = field(default_factory=list)
    steps: int = 0
    updates: int = 0
    wall_time: float = 0.0
    solved_episode: int | None = None
    stopped_reason: str = "completed"
    evaluated_at: list[int] = field(default_factory=list)
    eval_means: list[float] = field(default_factory=list)
    best_episode: int | None = None
    best_eval: float | None = None
    policy_net: DQN | None = field(default=None, repr=False, compare=False)  # the network as training left it
    best_net: DQN | None = field(default=None, repr=False, compare=False)  # the best evaluated one

    @property
    def episodes(self) -> int:
        return len(self.durations)

    @property
    def solved(self) -> bool:
        return self.solved_episode is not None

    @property
    def time_to_solve(self) -> float | None:
        """Seconds from the start to the end of the solving episode, or ``None``."""
        return None if self.solved_episode is None else self.episode_end_times[self.solved_episode]

    def record_episode(
        self, duration: int, loss: float, epsilon: float, mean_max_q: float, now: float, learning_rate: float
    ) -> None:
        self.durations.append(duration)
        window = self.durations[-SOLVED_WINDOW:]
        self.mean100.append(sum(window) / len(window))
        self.losses.append(loss)
        self.epsilons.append(epsilon)
        self.learning_rates.append(learning_rate)
        self.mean_max_q.append(mean_max_q)
        self.episode_end_times.append(now)
        if self.solved_episode is None and len(self.durations) >= SOLVED_WINDOW and self.mean100[-1] >= SOLVED_MEAN:
            self.solved_episode = len(self.durations) - 1

    def record_evaluation(self, net: DQN, durations: Sequence[int]) -> None:
        """Record a greedy evaluation of ``net`` after the latest episode; keep a copy of ``net`` if it
        scores at least as well as the best so far (the later of two equals: it trained longer)."""
        mean = sum(durations) / len(durations)
        self.evaluated_at.append(self.episodes - 1)
        self.eval_means.append(mean)
        if self.best_eval is None or mean >= self.best_eval:
            self.best_eval, self.best_episode = mean, self.episodes - 1
            self.best_net = copy.deepcopy(net)

    @property
    def agent(self) -> DQN | None:
        """The network to keep: the best evaluated one, or the last one if there was no evaluation."""
        return self.best_net if self.best_net is not None else self.policy_net

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, numbers, strings): everything but the networks."""
        data = {
            f.name: copy.copy(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in ("policy_net", "best_net")
        }
        data["config"] = self.config.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainingHistory:
        data = dict(data)
        data["config"] = DQNConfig(**data["config"])
        return cls(**data)

    def rows(self) -> list[dict[str, float | int]]:
        """One dict per episode (for CSV files and tables)."""
        return [
            {
                "episode": i,
                "duration": self.durations[i],
                "mean100": self.mean100[i],
                "loss": self.losses[i],
                "epsilon": self.epsilons[i],
                "learning_rate": self.learning_rates[i],
                "mean_max_q": self.mean_max_q[i],
                "time_s": self.episode_end_times[i],
            }
            for i in range(self.episodes)
        ]


def make_optimizer(policy_net: nn.Module, config: DQNConfig) -> torch.optim.Optimizer:
    """AdamW as in the tutorial; ``fused=True`` runs the same update in one kernel (~5× faster on CPU)."""
    return torch.optim.AdamW(policy_net.parameters(), lr=config.lr, amsgrad=config.amsgrad, fused=True)


def make_scheduler(optimizer: torch.optim.Optimizer, config: DQNConfig) -> torch.optim.lr_scheduler.LRScheduler | None:
    r"""The learning-rate schedule, stepped once per update: after :math:`k` updates the rate is

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
    - Double DQN (``double_dqn=True``): the policy net picks the action, the target net values it,
      :math:`Q_{\theta'}(s', \arg\max_{a'} Q_\theta(s', a'))`, so one net's lucky overestimate of
      an action is not both chosen and believed.
    """
    q_values = policy_net(batch.states)
    state_action_values = q_values.gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():  # the target is a constant: no gradient flows into θ'
        next_q_target = target_net(batch.next_states)
        if double_dqn:
            next_actions = policy_net(batch.next_states).argmax(dim=1, keepdim=True)
            next_q = next_q_target.gather(1, next_actions).squeeze(1)
        else:
            next_q = next_q_target.max(dim=1).values
        targets = td_target(batch.rewards, next_q, batch.terminated, gamma)
    loss_value = LOSSES[loss](state_action_values, targets)  # mean huber(δ), or mean δ² for "mse"
    # The next lines do what optimizer.zero_grad(set_to_none=True) and the tutorial's
    # nn.utils.clip_grad_value_(params, 100) do, minus their per-call bookkeeping (~10% of an update here).
    params = optimizer.param_groups[0]["params"]
    for param in params:
        param.grad = None
    loss_value.backward()
    if grad_clip_value is not None:
        for param in params:
            param.grad.clamp_(-grad_clip_value, grad_clip_value)  # each element into ±grad_clip_value
    if grad_clip_norm is not None:
        nn.utils.clip_grad_norm_(params, grad_clip_norm)  # the whole gradient vector to length ≤ grad_clip_norm
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


def seed_everything(seed: int) -> None:
    """Seed Python's ``random``, NumPy and torch (weight initialisation)."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


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
        seed: seeds the weights, the environment, exploration and replay sampling; the same seed
            on the same machine gives the same history (wall times aside) and the same network,
            which the history returns as ``history.policy_net``.
        callback: called with the history after every episode (e.g. to update a live plot).
        stop_event: set it (from another thread, e.g. a Stop button) to end training within one
            environment step; the finished episodes are kept. Ctrl-C does the same.

    Raises:
        TrainingDiverged: the loss became NaN or infinite (the message says when).
    """
    if isinstance(config, str):
        config = get_preset(config)
    if not isinstance(config, DQNConfig):
        raise TypeError(f"config must be a DQNConfig or a preset name {sorted(PRESETS)}, got {type(config).__name__}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    seed = int(seed)
    with torch_threads(config.num_threads):
        return _train(config, seed, callback, stop_event)


def _train(
    config: DQNConfig,
    seed: int,
    callback: Callback | None,
    stop_event: threading.Event | None,
) -> TrainingHistory:
    seed_everything(seed)
    env = make_env(config.env_id)
    n_observations, n_actions = env_dimensions(env)
    policy_net = DQN(n_observations, n_actions, config.hidden)
    target_net = copy.deepcopy(policy_net)  # θ' ← θ; from now on it only moves by soft_update
    optimizer = make_optimizer(policy_net, config)
    scheduler = make_scheduler(optimizer, config)
    policy_params, target_params = list(policy_net.parameters()), list(target_net.parameters())
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
                memory.push(state, action, next_state, reward, terminated)
                state = next_state
                done = terminated or truncated

                if steps_done % config.train_every == 0 and len(memory) >= learning_starts:
                    for _ in range(config.gradient_steps):
                        batch = memory.sample(config.batch_size)
                        loss, mean_q = optimize_model(
                            policy_net,
                            target_net,
                            optimizer,
                            batch,
                            config.gamma,
                            config.grad_clip_value,
                            double_dqn=config.double_dqn,
                            grad_clip_norm=config.grad_clip_norm,
                            loss=config.loss,
                        )
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
                    soft_update(target_params, policy_params, config.tau)
            history.steps = steps_done
            history.record_episode(
                duration,
                loss_sum / n_updates if n_updates else math.nan,
                eps,
                q_sum / n_updates if n_updates else math.nan,
                time.perf_counter() - start,
                optimizer.param_groups[0]["lr"],
            )
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
