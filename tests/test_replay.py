"""Tests of dqn_helpers.replay: both replay memories (FIFO, sampling, errors, equivalence) and stacking transitions."""

import random

import numpy as np
import pytest
import torch
from _helpers import anything
from hypothesis import given, settings
from hypothesis import strategies as st

from dqn_helpers import ReplayMemory, TensorReplayMemory, Transition
from dqn_helpers.replay import Batch, stack_transitions


def test_replay_memory_evicts_the_oldest_first():
    memory = ReplayMemory(3, n_actions=5)
    for i in range(5):
        memory.push(torch.tensor([[float(i)]]), i, None, 1.0)
    assert len(memory) == 3
    assert [t.action for t in memory.memory] == [2, 3, 4]


def test_replay_memory_samples_distinct_stored_transitions():
    random.seed(0)
    memory = ReplayMemory(100)
    for i in range(10):
        memory.push(i, 0, i + 1, 1.0)
    batch = memory.sample(10)
    assert sorted(t.state for t in batch) == list(range(10))  # all ten, each once


@pytest.mark.parametrize("memory_cls", [ReplayMemory, lambda c: TensorReplayMemory(c, 4)])
@pytest.mark.parametrize("capacity", [0, -3, 10**30])
def test_capacity_must_be_positive(memory_cls, capacity):
    with pytest.raises(ValueError, match=rf"capacity must be a whole number in 1 … 10_000_000, got {capacity}"):
        memory_cls(capacity)


def test_sampling_more_than_stored_names_both_numbers():
    memory = ReplayMemory(10)
    memory.push(0, 0, 1, 1.0)
    with pytest.raises(ValueError, match=r"cannot sample 5 transitions: the memory holds only 1"):
        memory.sample(5)
    tensor_memory = TensorReplayMemory(10, 4)
    tensor_memory.push(torch.zeros(4), 0, torch.zeros(4), 1.0, False)
    with pytest.raises(ValueError, match=r"cannot sample 2 transitions: the memory holds only 1"):
        tensor_memory.sample(2)


def test_push_needs_four_values():
    with pytest.raises(ValueError, match=r"push expects 4 values .*got 3"):
        ReplayMemory(5).push(1, 2, 3)


def test_push_rejects_a_state_of_another_shape():
    memory = ReplayMemory(5)
    memory.push(torch.zeros(1, 4), 0, None, 1.0)
    with pytest.raises(ValueError, match=r"state has shape \(1, 3\).*shape \(1, 4\)"):
        memory.push(torch.zeros(1, 3), 0, None, 1.0)


def test_tensor_memory_rejects_wrong_state_sizes():
    memory = TensorReplayMemory(5, 4)
    with pytest.raises(ValueError, match=r"state has shape \(3,\) \(3 numbers\), but this memory stores 4"):
        memory.push(torch.zeros(3), 0, torch.zeros(4), 1.0, False)
    with pytest.raises(ValueError, match=r"next_state has shape \(5,\)"):
        memory.push(torch.zeros(4), 0, torch.zeros(5), 1.0, False)
    with pytest.raises(ValueError, match=r"next_state is None but terminated=False"):
        memory.push(torch.zeros(4), 0, None, 1.0, False)
    assert len(memory) == 0


def test_tensor_memory_batch_shapes_and_dtypes():
    memory = TensorReplayMemory(50, 4, seed=0)
    for i in range(20):
        memory.push(torch.full((4,), float(i)), i % 2, torch.full((4,), i + 1.0), 1.0, i == 19)
    batch = memory.sample(8)
    assert batch.states.shape == (8, 4) and batch.states.dtype == torch.float32
    assert batch.next_states.shape == (8, 4)
    assert batch.actions.shape == (8,) and batch.actions.dtype == torch.int64
    assert batch.rewards.shape == (8,) and batch.rewards.dtype == torch.float32
    assert batch.terminated.shape == (8,) and batch.terminated.dtype == torch.bool
    # each row is one consistent transition: next_state = state + 1, action = state mod 2
    assert torch.equal(batch.next_states, batch.states + 1)
    assert torch.equal(batch.actions, batch.states[:, 0].long() % 2)
    assert torch.equal(batch.terminated, batch.states[:, 0] == 19)


def test_tensor_memory_accepts_the_tutorials_tensors():
    memory = TensorReplayMemory(5, 4)
    memory.push(torch.ones(1, 4), torch.tensor([[1]]), None, torch.tensor([1.0]))
    (transition,) = memory.transitions()
    assert transition.action == 1 and transition.reward == 1.0 and transition.next_state is None
    assert torch.equal(transition.state, torch.ones(4))


def test_tensor_memory_sampling_is_seeded():
    def batches(seed):
        memory = TensorReplayMemory(100, 1, seed=seed)
        for i in range(100):
            memory.push([float(i)], 0, [0.0], 0.0, False)
        return [memory.sample_indices(10).tolist() for _ in range(3)]

    assert batches(1) == batches(1)
    assert batches(1) != batches(2)


# One operation of a random program: push transition number k, or sample.
pushes = st.lists(st.booleans(), min_size=0, max_size=60)


@settings(max_examples=60, deadline=None)
@given(capacity=st.integers(1, 12), terminal_flags=pushes)
def test_both_memories_keep_the_same_contents(capacity, terminal_flags):
    """Pushing the same transitions leaves both memories holding the same ones, in the same order."""
    deque_memory = ReplayMemory(capacity)
    tensor_memory = TensorReplayMemory(capacity, 2)
    for k, terminated in enumerate(terminal_flags):
        state = torch.tensor([float(k), -float(k)])
        next_state = None if terminated else state + 0.5
        deque_memory.push(state, k % 2, next_state, float(k))
        tensor_memory.push(state, k % 2, next_state, float(k))
        assert len(deque_memory) == len(tensor_memory) == min(k + 1, capacity)
    expected = list(deque_memory.memory)
    actual = tensor_memory.transitions()
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected, strict=True):
        assert torch.equal(a.state, e.state)
        assert a.action == e.action and a.reward == e.reward
        assert (a.next_state is None) == (e.next_state is None)
        if e.next_state is not None:
            assert torch.equal(a.next_state, e.next_state)


@settings(max_examples=60, deadline=None)
@given(capacity=st.integers(1, 30), n_pushed=st.integers(1, 60), data=st.data())
def test_samples_are_distinct_and_only_from_what_is_stored(capacity, n_pushed, data):
    stored = min(capacity, n_pushed)
    batch_size = data.draw(st.integers(1, stored))
    tensor_memory = TensorReplayMemory(capacity, 1, seed=data.draw(st.integers(0, 2**32 - 1)))
    deque_memory = ReplayMemory(capacity)
    for k in range(n_pushed):
        tensor_memory.push([float(k)], 0, [0.0], 0.0, False)
        deque_memory.push(k, 0, 0, 0.0)
    alive = set(range(n_pushed - stored, n_pushed))  # FIFO: the newest `stored` pushes survive
    ids = tensor_memory.sample(batch_size).states[:, 0].long().tolist()
    assert len(ids) == len(set(ids)) == batch_size and set(ids) <= alive
    states = [t.state for t in deque_memory.sample(batch_size)]
    assert len(states) == len(set(states)) == batch_size and set(states) <= alive


def test_transition_fields_are_the_tutorials():
    assert Transition._fields == ("state", "action", "next_state", "reward")


def test_stack_transitions_builds_a_batch_of_the_tutorial_kind():
    transitions = [
        Transition(torch.tensor([[0.0, 1.0, 2.0, 3.0]]), torch.tensor([[1]]), None, torch.tensor([1.0])),
        Transition(np.arange(4, dtype=np.float32), 0, np.ones(4), 0.5),
    ]
    batch = stack_transitions(transitions)
    assert isinstance(batch, Batch)
    assert batch.states.shape == batch.next_states.shape == (2, 4)
    assert batch.states.dtype == batch.next_states.dtype == batch.rewards.dtype == torch.float32
    assert batch.actions.dtype == torch.int64 and batch.terminated.dtype == torch.bool
    assert batch.actions.tolist() == [1, 0] and batch.rewards.tolist() == [1.0, 0.5]
    assert batch.terminated.tolist() == [True, False]
    assert batch.next_states[0].tolist() == [0.0] * 4 and batch.next_states[1].tolist() == [1.0] * 4


def test_stack_transitions_matches_the_tensor_memory_row_for_row():
    rng = np.random.default_rng(0)
    deque_memory, tensor_memory = ReplayMemory(5), TensorReplayMemory(5, 4)
    for k in range(8):  # more than the capacity: both evict the three oldest
        state, next_state = rng.normal(size=4).astype(np.float32), rng.normal(size=4).astype(np.float32)
        terminated = k % 3 == 0
        deque_memory.push(state, k % 2, None if terminated else next_state, float(k))
        tensor_memory.push(state, k % 2, next_state, float(k), terminated)
    from_deque = stack_transitions(list(deque_memory.memory))
    from_tensors = stack_transitions(tensor_memory.transitions())
    for a, b in zip(from_deque[:5], from_tensors[:5], strict=True):
        assert torch.equal(a, b)
    assert from_deque.truncated is None  # the tutorial's transitions do not record truncation
    assert from_deque.rewards.tolist() == [3.0, 4.0, 5.0, 6.0, 7.0]


def test_stack_transitions_needs_a_transition():
    with pytest.raises(ValueError, match="needs a list of one or more transitions, got \\[\\]"):
        stack_transitions([])


# Refused pushes: checked first, nothing written.


def snapshot(memory):
    """Everything a memory holds, to compare before and after a refused push."""
    if isinstance(memory, TensorReplayMemory):
        columns = (
            memory.states,
            memory.actions,
            memory.next_states,
            memory.rewards,
            memory.terminated,
            memory.truncated,
        )
        return [column.clone() for column in columns], memory._pushes
    return list(memory.memory), memory._state_shape


def same(before, after):
    (a, x), (b, y) = before, after
    if isinstance(a[0], torch.Tensor):
        return x == y and all(torch.equal(p, q) for p, q in zip(a, b, strict=True))
    return x == y and len(a) == len(b) and all(p is q for p, q in zip(a, b, strict=True))


def full_tensor_memory():
    memory = TensorReplayMemory(2, 4, seed=0)
    memory.push([1.0] * 4, 0, [1.0] * 4, 1.0, False)
    memory.push([2.0] * 4, 1, [2.0] * 4, 1.0, False)
    return memory


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"next_state": [3.0] * 5}, r"next_state has shape \(5,\) \(5 numbers\), but this memory stores 4"),
        ({"action": 7}, r"action must be a whole number in 0 … 1, got 7"),
        ({"action": -1}, r"action must be a whole number in 0 … 1, got -1"),
        ({"action": 1.7}, r"action must be a whole number in 0 … 1, got 1.7"),
        ({"action": torch.tensor([[0.5]])}, r"action must be a whole number in 0 … 1, got 0.5"),
        ({"terminated": "no"}, r"terminated must be True or False, got 'no'"),
        ({"terminated": 1}, r"terminated must be True or False, got 1"),
        ({"state": [float("nan")] * 4}, r"state must be finite numbers .*got \[nan, nan, nan, nan\]"),
        ({"next_state": torch.full((4,), float("inf"))}, r"next_state must be finite numbers"),
        ({"state": ["a", "b", "c", "d"]}, r"state must be finite numbers"),
        ({"reward": float("nan")}, r"reward must be a number in \[-3.40282e\+38, 3.40282e\+38\], got nan"),
        ({"reward": "1"}, r"reward must be a number in \[-3.40282e\+38, 3.40282e\+38\], got '1'"),
    ],
)
def test_a_refused_push_names_the_problem_and_changes_nothing(change, message):
    memory = full_tensor_memory()  # full: the next push would overwrite the oldest row
    before = snapshot(memory)
    transition = {"state": [3.0] * 4, "action": 0, "next_state": [3.0] * 4, "reward": 1.0, "terminated": False}
    with pytest.raises(ValueError, match=message):
        memory.push(**{**transition, **change})
    assert same(before, snapshot(memory))
    memory.push(**transition)  # the same push, mended, goes through
    assert memory.states[0].tolist() == [3.0] * 4


def test_the_tutorials_memory_checks_a_transition_too():
    memory = ReplayMemory(3)
    memory.push(torch.zeros(1, 4), torch.tensor([[1]]), None, torch.tensor([1.0]))  # the tutorial's kinds
    before = snapshot(memory)
    for bad, message in [
        ((torch.zeros(1, 4), torch.tensor([[-1]]), None, 1.0), r"action must be a whole number in 0 … 1, got -1"),
        ((torch.zeros(1, 4), 0, torch.zeros(1, 4), float("inf")), r"reward must be a number in .*, got inf"),
        ((torch.full((1, 4), float("nan")), 0, None, 1.0), r"state must be finite numbers"),
        ((torch.zeros(1, 4), 0, torch.zeros(4), 1.0), r"next_state has shape \(4,\), but state has shape \(1, 4\)"),
    ]:
        with pytest.raises(ValueError, match=message):
            memory.push(*bad)
        assert same(before, snapshot(memory))


# Anything at all: a clear ValueError, or a stored transition; never another exception, and a
# refused push leaves the memory as it was.
ANYTHING = anything(
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=6),
    st.lists(st.integers(-5, 5), min_size=4, max_size=4),
    st.sampled_from(
        [torch.zeros(4), torch.zeros(1, 4), torch.tensor([1]), torch.tensor(0.5), np.zeros(4), {}, object()]
    ),
)
GOOD = {
    "state": [0.5] * 4,
    "action": 1,
    "next_state": [0.25] * 4,
    "reward": 1.0,
    "terminated": True,
    "truncated": False,
}


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(sorted(GOOD)), value=ANYTHING, tensor_memory=st.booleans())
def test_any_push_stores_a_valid_transition_or_refuses_cleanly(field, value, tensor_memory):
    memory = full_tensor_memory() if tensor_memory else ReplayMemory(2)
    if not tensor_memory:
        memory.push([1.0] * 4, 0, [1.0] * 4, 1.0)
    before = snapshot(memory)
    transition = {**GOOD, field: value}
    try:
        if tensor_memory:
            memory.push(**transition)
        else:
            memory.push(*(transition[name] for name in ("state", "action", "next_state", "reward")))
            if field in ("terminated", "truncated"):  # the tutorial's memory has neither flag
                return
    except ValueError as error:
        assert str(error) and "\n" not in str(error)
        assert same(before, snapshot(memory))
        return
    batch = memory.sample(2) if tensor_memory else stack_transitions(memory.sample(2))
    assert all(torch.isfinite(t.float()).all() for t in batch if t is not None)  # what was stored makes a valid batch
    assert batch.actions.min() >= 0 and batch.states.shape == (2, 4)


def test_check_action_names_a_bad_number_of_actions():
    from dqn_helpers.transitions import check_action

    assert check_action(np.int64(1), 2) == 1
    for n_actions in ("2", 0, 2.0):
        with pytest.raises(ValueError, match=f"n_actions must be a whole number in 1 … 4_096, got {n_actions!r}"):
            check_action(0, n_actions)


def test_the_tensor_memory_keeps_both_flags_and_samples_them_with_their_rows():
    memory = TensorReplayMemory(10, 1, seed=0)
    for k in range(10):
        memory.push([float(k)], 0, [k + 1.0], 1.0, terminated=k == 3, truncated=k == 7)
    batch = memory.sample(10)
    k = batch.states[:, 0].long()
    assert torch.equal(batch.terminated, k == 3) and torch.equal(batch.truncated, k == 7)
    with pytest.raises(ValueError, match="truncated must be True or False, got 'yes'"):
        memory.push([0.0], 0, [1.0], 1.0, False, "yes")
    assert len(memory) == 10 and memory.truncated.sum() == 1  # the refused push changed nothing
