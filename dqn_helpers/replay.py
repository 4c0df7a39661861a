"""Replay memory: the tutorial's deque-based memory and a preallocated tensor ring buffer.

A replay memory stores transitions :math:`(s, a, s', r)` as the agent collects them and hands
the learner random mini-batches. Sampling at random breaks the correlation between consecutive
steps, which stabilises DQN training.

Both memories have the same semantics:

* **FIFO eviction** -- once ``capacity`` transitions are stored, pushing a new one drops the oldest;
* **sampling without replacement** -- a batch never holds the same stored transition twice.

:class:`ReplayMemory` is the tutorial's code (a ``deque(maxlen=capacity)`` of ``Transition``
tuples, marking a terminal step with ``next_state=None``). :class:`TensorReplayMemory` keeps the
same data in preallocated tensors, stores *terminated* explicitly and returns a whole batch as
stacked tensors, which is what the fast trainer in :mod:`dqn_helpers.training` uses.
:func:`stack_transitions` turns the tutorial's list of transitions into the same :class:`Batch`.
"""

from __future__ import annotations

import random
from collections import deque
from typing import Any

import numpy as np
import torch

from dqn_helpers import checks
from dqn_helpers.transitions import Batch, Transition, check_action, check_reward, check_state, stack_transitions

__all__ = ["Batch", "ReplayMemory", "TensorReplayMemory", "Transition", "stack_transitions"]


MAX_CAPACITY = 10_000_000  # as DQNConfig.memory_capacity: about 0.5 GB of rows for CartPole's 4 numbers
MAX_STORED_NUMBERS = 50_000_000  # capacity × n_observations: two float32 tables of at most 200 MB each


def _check_batch_size(batch_size: int, stored: int) -> None:
    checks.whole_number("batch_size", batch_size)
    if batch_size > stored:
        raise ValueError(
            f"cannot sample {batch_size} transitions: the memory holds only {stored} "
            "(sampling is without replacement; wait until it holds at least batch_size)"
        )


class ReplayMemory:
    """The tutorial's replay memory: a bounded deque of :class:`Transition` tuples.

    >>> memory = ReplayMemory(2)
    >>> for i in range(3):
    ...     memory.push(i, 0, i + 1, 1.0)
    >>> [t.state for t in memory.memory]  # the oldest (state 0) was evicted
    [1, 2]

    ``n_actions`` (CartPole's 2 by default) is what a pushed action is checked against.
    """

    def __init__(self, capacity: int, n_actions: int = 2) -> None:
        self.capacity = checks.whole_number("capacity", capacity, 1, MAX_CAPACITY)
        self.n_actions = checks.whole_number("n_actions", n_actions, 1, checks.MAX_UNITS)
        self.memory: deque[Transition] = deque(maxlen=self.capacity)
        self._state_shape: tuple[int, ...] | None = None

    def push(self, *args: Any) -> None:
        """Save a transition ``(state, action, next_state, reward)``.

        It is checked first (finite states of one shape, an action ``0 … n_actions - 1``, a finite
        reward), so a refused push raises ``ValueError`` and stores nothing.
        """
        if len(args) != len(Transition._fields):
            raise ValueError(f"push expects {len(Transition._fields)} values {Transition._fields}, got {len(args)}")
        transition = Transition(*args)
        shape = check_state("state", transition.state).shape
        if self._state_shape is not None and shape != self._state_shape:
            raise ValueError(f"state has shape {shape}, but this memory stores states of shape {self._state_shape}")
        if transition.next_state is not None:
            next_shape = check_state("next_state", transition.next_state).shape
            if next_shape != shape:
                raise ValueError(f"next_state has shape {next_shape}, but state has shape {shape}")
        check_action(transition.action, self.n_actions)
        check_reward(transition.reward)
        self._state_shape = shape
        self.memory.append(transition)

    def sample(self, batch_size: int) -> list[Transition]:
        """Return ``batch_size`` distinct stored transitions chosen uniformly (``random.sample``)."""
        _check_batch_size(batch_size, len(self))
        return random.sample(self.memory, batch_size)

    def __len__(self) -> int:
        return len(self.memory)


class TensorReplayMemory:
    """A preallocated ring buffer with the semantics of :class:`ReplayMemory`.

    Transition ``k`` (counting pushes from 0) lives in row ``k % capacity`` of each tensor, so a
    push overwrites the oldest row once the memory is full (FIFO). ``terminated`` is stored as its
    own column instead of ``next_state=None``; a terminal row keeps the real final observation.

    Args:
        capacity: how many transitions to keep.
        n_observations: length of one state vector (4 for CartPole).
        seed: seeds the sampler, so the same seed and pushes give the same batches.
        n_actions: actions are whole numbers ``0 … n_actions - 1`` (CartPole's two by default).

    A push is checked before anything is written (finite states of ``n_observations`` numbers, a
    valid action, a finite reward, ``terminated`` True or False): a refused push raises
    ``ValueError`` and leaves the memory as it was.
    """

    def __init__(self, capacity: int, n_observations: int, seed: int | None = None, n_actions: int = 2) -> None:
        self.capacity = checks.whole_number("capacity", capacity, 1, MAX_CAPACITY)
        self.n_observations = checks.whole_number("n_observations", n_observations, 1, checks.MAX_UNITS)
        self.n_actions = checks.whole_number("n_actions", n_actions, 1, checks.MAX_UNITS)
        if self.capacity * self.n_observations > MAX_STORED_NUMBERS:
            raise ValueError(
                f"capacity × n_observations must be at most {MAX_STORED_NUMBERS:_} (two float32 tables of 200 MB), "
                f"got {self.capacity:_} × {self.n_observations:_}"
            )
        if seed is not None:
            checks.seed("seed", seed)
        self.states = torch.zeros(self.capacity, self.n_observations)
        self.actions = torch.zeros(self.capacity, dtype=torch.int64)
        self.next_states = torch.zeros(self.capacity, self.n_observations)
        self.rewards = torch.zeros(self.capacity)
        self.terminated = torch.zeros(self.capacity, dtype=torch.bool)
        self.truncated = torch.zeros(self.capacity, dtype=torch.bool)
        # NumPy views of the same memory: writing one row through NumPy costs ~0.3 µs, through torch ~3 µs.
        self._columns = [
            t.numpy()
            for t in (self.states, self.actions, self.next_states, self.rewards, self.terminated, self.truncated)
        ]
        self._pushes = 0  # transitions pushed so far; the next one goes to row _pushes % capacity
        self._rng = np.random.default_rng(seed)

    def _as_state(self, name: str, value: Any) -> np.ndarray:
        array = check_state(name, value)
        if array.size != self.n_observations:
            raise ValueError(
                f"{name} has shape {tuple(array.shape)} ({array.size} numbers), "
                f"but this memory stores {self.n_observations} numbers per state"
            )
        return array.reshape(self.n_observations)

    def push(
        self,
        state: Any,
        action: Any,
        next_state: Any,
        reward: Any,
        terminated: bool | None = None,
        truncated: bool = False,
    ) -> None:
        """Save one transition.

        ``terminated`` defaults to ``next_state is None`` (the tutorial's convention); a terminal
        transition given as ``None`` is stored with a zero ``next_state``, which is never used.
        ``truncated`` (the time limit ended the episode) is stored beside it, for the record.
        """
        terminated = next_state is None if terminated is None else checks.boolean("terminated", terminated)
        truncated = checks.boolean("truncated", truncated)
        if next_state is None and not terminated:
            raise ValueError("next_state is None but terminated=False: only a terminal step has no next state")
        # Check everything, then write: a refused push changes nothing.
        state_row = self._as_state("state", state)
        next_row = 0.0 if next_state is None else self._as_state("next_state", next_state)
        action = check_action(action, self.n_actions)
        reward = check_reward(reward)
        row = self._pushes % self.capacity
        states, actions, next_states, rewards, terminals, truncations = self._columns
        states[row], next_states[row], actions[row], rewards[row] = state_row, next_row, action, reward
        terminals[row], truncations[row] = terminated, truncated
        self._pushes += 1

    def __len__(self) -> int:
        return min(self._pushes, self.capacity)

    def sample_indices(self, batch_size: int) -> torch.Tensor:
        """Rows of ``batch_size`` distinct stored transitions, uniformly without replacement."""
        _check_batch_size(batch_size, len(self))
        return torch.from_numpy(self._rng.choice(len(self), size=batch_size, replace=False))

    def sample(self, batch_size: int) -> Batch:
        """A :class:`Batch` of ``batch_size`` distinct stored transitions."""
        rows = self.sample_indices(batch_size).numpy()
        # Gather the rows in NumPy (fast for small batches); from_numpy shares the result, no copy.
        return Batch(*(torch.from_numpy(column[rows]) for column in self._columns))

    def transitions(self) -> list[Transition]:
        """The stored transitions, oldest first, in the tutorial's form (``next_state=None`` if terminal)."""
        start = self._pushes - len(self)
        rows = [k % self.capacity for k in range(start, self._pushes)]
        return [
            Transition(
                self.states[r].clone(),
                int(self.actions[r]),
                None if self.terminated[r] else self.next_states[r].clone(),
                float(self.rewards[r]),
            )
            for r in rows
        ]
