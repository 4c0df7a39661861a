"""Self-checks for the notebooks' exercises.

Each ``check_*`` function runs a learner's function on cases with known answers and prints one
line (:func:`~dqn_helpers.teaching.selfcheck.run_check`): ``✓ …`` when everything holds, ``✗ …``
with a hint at the first case that fails, or a note that the exercise is not attempted yet. It
returns ``True`` only when every case passes, so a notebook can ``assert`` a worked solution.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import torch

from dqn_helpers import checks
from dqn_helpers.config import MAX_EVALUATION_EPISODES
from dqn_helpers.evaluation import run_episodes
from dqn_helpers.language import N_, _
from dqn_helpers.qnet import DQN
from dqn_helpers.replay import Batch, TensorReplayMemory
from dqn_helpers.teaching.selfcheck import Wrong, expect_close, run_check

# --- 00: a hand-written policy ---------------------------------------------------------------------


def check_lean_policy(policy: Callable[[np.ndarray], int], episodes: int = 20) -> bool:
    """00: a policy that pushes the cart towards the side the pole leans must beat random play clearly."""
    checks.whole_number("episodes", episodes, 1, MAX_EVALUATION_EPISODES)  # the check's own argument: refuse it

    def cases() -> Iterator[str]:
        pole_right = np.array([0.0, 0.0, 0.1, 0.0], dtype=np.float32)
        pole_left = np.array([0.0, 0.0, -0.1, 0.0], dtype=np.float32)
        wrong_way = {  # by the right action (1: push right): a wrong action (0 or 1) pushes the other way
            1: N_("the pole leans right (angle {angle:+.1f} rad) and your policy pushes left: "
                  "push the cart under the pole, towards the side it leans"),
            0: N_("the pole leans left (angle {angle:+.1f} rad) and your policy pushes right: "
                  "push the cart under the pole, towards the side it leans"),
        }  # fmt: skip
        for obs, right_action in ((pole_right, 1), (pole_left, 0)):
            action = policy(obs)
            if action not in (0, 1):
                message = _(
                    "for the observation {observation} it returned {action}; "
                    "actions are 0 (push left) and 1 (push right)"
                )
                raise Wrong(message.format(observation=obs.tolist(), action=repr(action)))
            if action != right_action:
                raise Wrong(_(wrong_way[right_action]).format(angle=obs[2]))
        yield _("pushes towards the lean")
        random_mean = float(np.mean(run_episodes(None, episodes, seed=0)))
        mean = float(np.mean(run_episodes(policy, episodes, seed=0)))
        if mean < 1.5 * random_mean:
            message = _(
                "it balances {mean:.1f} steps on average, random play {random_mean:.1f}: expected at least 1.5×"
            )
            raise Wrong(message.format(mean=mean, random_mean=random_mean))
        yield _("{mean:.0f} steps on average vs {random_mean:.0f} for random play").format(
            mean=mean, random_mean=random_mean
        )

    return run_check(_("lean policy"), cases)


# --- 01: sampling from the ring buffer --------------------------------------------------------------


def _numbered_memory(capacity: int, pushes: int) -> TensorReplayMemory:
    """A memory whose transitions say where they came from.

    Transition k = 1, 2, … has state (k, k, k, k), action k % 2, next state k + 1, reward k and
    terminated k % 7 == 0; an unfilled row of the ring buffer still holds zeros (k = 0).
    """
    memory = TensorReplayMemory(capacity, 4, seed=0)
    for k in range(1, pushes + 1):
        memory.push(torch.full((4,), float(k)), k % 2, torch.full((4,), k + 1.0), float(k), k % 7 == 0)
    return memory


def check_sample(sample: Callable[[TensorReplayMemory, int], Batch]) -> bool:
    """01: ``sample(memory, batch_size)`` must return a Batch of distinct stored transitions, uniformly."""

    def cases() -> Iterator[str]:
        memory = _numbered_memory(capacity=50, pushes=30)  # not full: rows 30 … 49 hold nothing yet
        batch = sample(memory, 8)
        if not isinstance(batch, Batch):
            message = _("expected a Batch(states, actions, next_states, rewards, terminated), got {kind}")
            raise Wrong(message.format(kind=type(batch).__name__))
        shapes = {"states": (8, 4), "actions": (8,), "next_states": (8, 4), "rewards": (8,), "terminated": (8,)}
        for field, shape in shapes.items():
            got = tuple(getattr(batch, field).shape)
            if got != shape:
                message = _("batch.{field} has shape {got}, expected {expected} for batch_size 8")
                raise Wrong(message.format(field=field, got=got, expected=shape))
        yield _("a Batch of the right shapes")
        filled = len(memory)
        for _attempt in range(50):
            if (sample(memory, 10).states[:, 0] == 0).any():
                message = _(
                    "it returned a row that was never filled: only rows 0 … {last} hold transitions, "
                    "so draw from len(memory), not from the capacity"
                )
                raise Wrong(message.format(last=filled - 1))
        k = batch.states[:, 0].long()
        if not (batch.states == k[:, None].float()).all() or not torch.equal(batch.actions, k % 2):
            raise Wrong(_("a batch row mixes different transitions: index every column with the same rows"))
        if not (torch.equal(batch.next_states[:, 0], k + 1.0) and torch.equal(batch.terminated, k % 7 == 0)):
            raise Wrong(_("next_states or terminated do not belong to the same rows as states: use one index for all"))
        yield _("each row is one stored transition")
        seen: set[int] = set()
        for _attempt in range(200):
            rows = sample(memory, 10).states[:, 0].long().tolist()
            if len(set(rows)) != len(rows):
                message = _("the batch {rows} repeats a transition: sample without replacement")
                raise Wrong(message.format(rows=sorted(rows)))
            seen.update(rows)
        if len(seen) < len(memory):
            message = _("200 batches of 10 only ever contained {seen} of the {stored} transitions: sample uniformly")
            raise Wrong(message.format(seen=len(seen), stored=len(memory)))
        yield _("distinct, stored and uniform")
        try:
            sample(memory, len(memory) + 1)
        except ValueError:
            yield _("asking for too many raises ValueError")
        else:
            message = _("sample(memory, {asked}) must raise ValueError: the memory holds only {stored}")
            raise Wrong(message.format(asked=len(memory) + 1, stored=len(memory)))

    return run_check("sample", cases)  # (the learner's function's name: not translated)


# --- 02: the TD target ------------------------------------------------------------------------------


def check_td_target(td_target: Callable[..., Any]) -> bool:
    """02: ``td_target(reward, next_q_max, terminated, gamma)`` on single numbers and on batches."""

    def cases() -> Iterator[str]:
        expect_close(
            td_target(1.0, 10.0, False, 0.9),
            10.0,
            _("reward 1, max Q(s') = 10, γ = 0.9, not terminated"),
            "y = r + γ·max Q(s').",  # (a formula: nothing to translate)
        )
        expect_close(
            td_target(1.0, 10.0, True, 0.9),
            1.0,
            _("the same step when it terminated"),
            _("After termination there is no future: y = r, so multiply the bootstrap by (1 - terminated)."),
        )
        expect_close(td_target(0.0, 5.0, False, 0.0), 0.0, "γ = 0", _("γ multiplies max Q(s')."))
        yield _("single steps")
        rewards, next_q = torch.tensor([1.0, 1.0, 0.5]), torch.tensor([2.0, 3.0, 4.0])
        terminated = torch.tensor([False, True, False])
        got = torch.as_tensor(td_target(rewards, next_q, terminated, 0.5), dtype=torch.float32)
        expected = torch.tensor([2.0, 1.0, 2.5])
        if got.shape != expected.shape or not torch.allclose(got, expected):
            message = _("on a batch expected {expected}, got {got}: work element-wise (tensors, no if)")
            raise Wrong(message.format(expected=expected.tolist(), got=got.tolist()))
        yield _("a batch of three")

    return run_check("td_target", cases)  # (the learner's function's name)


# --- 03: the ε schedule -----------------------------------------------------------------------------


def check_epsilon_by_step(epsilon_by_step: Callable[[int, float, float, float], float]) -> bool:
    """03: ``epsilon_by_step(step, eps_start, eps_end, eps_decay)``, the tutorial's exponential decay."""

    def cases() -> Iterator[str]:
        expect_close(epsilon_by_step(0, 0.9, 0.05, 1000), 0.9, _("at step 0"), _("ε starts at EPS_START."))
        expect_close(
            epsilon_by_step(1000, 0.9, 0.05, 1000),
            0.05 + 0.85 / math.e,
            _("after EPS_DECAY steps"),
            _("The gap EPS_START − EPS_END shrinks by e^(−steps/EPS_DECAY)."),
        )
        expect_close(
            epsilon_by_step(10**6, 0.9, 0.05, 1000), 0.05, _("after a million steps"), _("ε approaches EPS_END, not 0.")
        )
        expect_close(
            epsilon_by_step(500, 1.0, 0.0, 250), math.exp(-2), _("EPS_START 1, EPS_END 0, EPS_DECAY 250, step 500")
        )
        yield _("start, 1/e point, end and another schedule")

    return run_check("epsilon_by_step", cases)  # (the learner's function's name)


# --- 04: the soft target update ---------------------------------------------------------------------


def check_soft_update(soft_update: Callable[[torch.nn.Module, torch.nn.Module, float], Any]) -> bool:
    """04: ``soft_update(target_net, policy_net, tau)`` sets θ' ← τθ + (1 − τ)θ' in place."""

    def cases() -> Iterator[str]:
        torch.manual_seed(0)
        policy_net, target_net = DQN(4, 2, hidden=8), DQN(4, 2, hidden=8)
        before = copy.deepcopy(target_net.state_dict())
        policy_before = copy.deepcopy(policy_net.state_dict())
        weight = target_net.layer1.weight
        try:
            result = soft_update(target_net, policy_net, 0.25)
        except RuntimeError as error:
            if "leaf Variable" in str(error):
                raise Wrong(
                    _("torch refuses to change parameters in place while recording gradients: use torch.no_grad()")
                ) from None
            raise
        if isinstance(result, torch.nn.Module) and result is not target_net:
            raise Wrong(_("it returned a new network: update target_net's parameters in place instead"))
        if target_net.layer1.weight is not weight:
            raise Wrong(
                _("target_net.layer1.weight is a new tensor: change the parameters in place (e.g. .lerp_ or .copy_)")
            )
        for name, value in target_net.state_dict().items():
            expected = 0.25 * policy_before[name] + 0.75 * before[name]
            if not torch.allclose(value, expected, atol=1e-6):
                message = _("{parameter}: expected τ·θ + (1 − τ)·θ' with τ = 0.25, got values off by {off_by:.3g}")
                raise Wrong(message.format(parameter=name, off_by=float((value - expected).abs().max())))
        for name, value in policy_net.state_dict().items():
            if not torch.equal(value, policy_before[name]):
                message = _("the policy network's {parameter} changed: only the target network moves")
                raise Wrong(message.format(parameter=name))
        yield _("τ = 0.25 in place, policy untouched")
        soft_update(target_net, policy_net, 1.0)
        for name, value in target_net.state_dict().items():
            if not torch.allclose(value, policy_before[name]):
                message = _("with τ = 1 the target must become a copy of the policy network ({parameter} differs)")
                raise Wrong(message.format(parameter=name))
        if any(p.grad_fn is not None for p in target_net.parameters()):
            raise Wrong(_("the target's parameters now carry autograd history: do the update under torch.no_grad()"))
        yield _("τ = 1 copies, no autograd history")

    return run_check("soft_update", cases)  # (the learner's function's name)
