r"""The configuration of DQN training: :class:`DQNConfig` and the presets ``"tutorial"`` and ``"default"``.

``"tutorial"`` is the PyTorch tutorial value for value. ``"default"`` is the course's setting: the same
loop with three refinements of the update (the squared TD error, a gradient-norm clip and a decaying
learning rate) and fewer, bigger updates. It usually solves CartPole-v1 in about a minute on a laptop
CPU: about 19 runs in 20 within 600 episodes, on seeds that played no part in choosing it, under two
numeric paths (benchmarks/RESULTS.md). The README says why each value differs from the tutorial;
benchmarks/TUNING.md says how it was chosen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from dqn_helpers import checks

CARTPOLE_ID = "CartPole-v1"
MAX_EVALUATION_EPISODES = 10_000  # greedy episodes per evaluate() call (they run side by side)
LOSSES = ("huber", "mse")  # the mean over the batch of huber(δ) (the tutorial's SmoothL1Loss) or of δ²

WHOLE_NUMBERS = {  # the fields that count something: the least and the most each may be
    "num_episodes": (1, 100_000), "batch_size": (1, 65_536), "memory_capacity": (1, 10_000_000),
    "hidden": (1, checks.MAX_UNITS), "train_every": (1, 10_000), "gradient_steps": (1, 1_000),
    "learning_starts": (0, 10_000_000), "target_update_every": (1, 1_000_000), "num_threads": (1, 256),
    "lr_decay_updates": (1, 10**9), "eval_every": (1, 100_000), "eval_episodes": (0, 1_000),
}  # fmt: skip


_KINDS: dict[str, type] = {"int": int, "float": float, "bool": bool, "float | None": float}


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

    Every field is checked on construction: a wrong type or a value out of range raises one
    ``ValueError`` that names the field, the value and what is allowed (``WHOLE_NUMBERS`` lists the
    ranges of the counts). NumPy numbers are accepted and stored as Python ones.
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
        for f in dataclasses.fields(self):  # NumPy scalars become plain Python numbers (for JSON and checkpoints)
            value, kind = getattr(self, f.name), _KINDS.get(str(f.type))
            if kind is not None and value is not None:
                object.__setattr__(self, f.name, kind(value))

    def problems(self) -> Iterator[str]:
        """Yield one message per invalid field (construction raises the first)."""
        rules: list[Callable[[], object]] = [
            *(
                partial(checks.whole_number, name, getattr(self, name), low, high)
                for name, (low, high) in WHOLE_NUMBERS.items()
            ),
            partial(checks.number_in, "gamma", self.gamma, 0, 1),
            partial(checks.number_in, "eps_start", self.eps_start, 0, 1, note="a probability"),
            partial(checks.number_in, "eps_end", self.eps_end, 0, 1, note="a probability"),
            partial(checks.number_in, "eps_decay", self.eps_decay, 0, 1e9, low_open=True, note="steps"),
            partial(checks.number_in, "tau", self.tau, 0, 1, low_open=True, note="1 = copy the policy net"),
            partial(checks.number_in, "lr", self.lr, 0, 1, low_open=True),
            partial(checks.number_in, "lr_end_factor", self.lr_end_factor, 0, 1, note="a share of lr"),
            partial(checks.positive_number_or_none, "grad_clip_value", self.grad_clip_value),
            partial(checks.positive_number_or_none, "grad_clip_norm", self.grad_clip_norm),
            partial(checks.one_of, "loss", self.loss, LOSSES),
            *(
                partial(checks.boolean, name, getattr(self, name))
                for name in ("double_dqn", "amsgrad", "stop_when_solved")
            ),
        ]
        found = False
        for rule in rules:
            try:
                rule()
            except ValueError as error:
                found = True
                yield str(error)
        if not isinstance(self.env_id, str) or not self.env_id:
            found = True
            yield f"env_id must be a Gymnasium environment id such as 'CartPole-v1', got {self.env_id!r}"
        if found:  # the checks between fields need every field valid
            return
        if self.eps_end > self.eps_start:
            yield f"eps_end ({self.eps_end!r}) must not exceed eps_start ({self.eps_start!r}): ε decays"
        if self.batch_size > self.memory_capacity:
            yield (
                f"batch_size ({self.batch_size}) must not exceed memory_capacity "
                f"({self.memory_capacity}): batches are sampled without replacement"
            )

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

    @classmethod
    def from_dict(cls, data: object) -> DQNConfig:
        """The config :meth:`to_dict` wrote: every field named once, none missing (``ValueError`` otherwise)."""
        if not isinstance(data, dict):
            raise ValueError(f"a config must be a dict of DQNConfig's fields, got {type(data).__name__}")
        names = [f.name for f in dataclasses.fields(cls)]
        missing, unknown = [n for n in names if n not in data], sorted(map(str, set(data) - set(names)))
        if missing or unknown:
            raise ValueError(f"a config needs every DQNConfig field: missing {missing}, unknown {unknown}")
        return cls(**data)


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
    checks.one_of("preset", name, PRESETS)
    return PRESETS[name].replace(**changes) if changes else PRESETS[name]
