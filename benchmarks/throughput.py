"""Throughput of the tutorial preset: dqn_helpers.training versus the tutorial's own loop, same run.

Both do one update of batch 128 per environment step with the tutorial's hyperparameters; both run
with one torch thread. Each repeat runs both from the start of training until at least STEPS
environment steps, alternating which goes first (so slow phases of a shared machine hit both
alike); we report the median steps/s of each and the median of the per-repeat ratios.

    .venv/bin/python benchmarks/throughput.py [--steps 4000] [--repeats 9]

``--idiomatic`` measures instead what the readable code costs: the package's ``optimize_model`` and
``soft_update`` (``optimizer.zero_grad()``, ``nn.utils.clip_grad_value_``, a loop of ``lerp_``: what
learners read) against the speed tricks they replaced (gradients set to ``None`` and clamped by hand,
one private ``torch._foreach_lerp_`` call), kept below only as the reference. Both give bit-identical
training; the ``default`` preset trains from the start to ``--steps`` steps, alternating the order.

    .venv/bin/python benchmarks/throughput.py --idiomatic [--steps 20000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import contextlib
import threading
import time
from collections.abc import Iterator

import torch
import tutorial_reference
from _results import machine, median, write_section
from torch import nn

import dqn_helpers.training
from dqn_helpers import get_preset, train
from dqn_helpers.bellman import td_target


def ours(seed: int, steps: int, preset: str = "tutorial") -> float:
    stop = threading.Event()

    def enough(history) -> None:
        if history.steps >= steps:
            stop.set()

    history = train(get_preset(preset), seed=seed, callback=enough, stop_event=stop)
    return history.steps / history.wall_time


# --- the speed tricks the package used before it was made readable (the reference for --idiomatic) ---


def optimize_model_tricks(policy_net, target_net, optimizer, batch, gamma, grad_clip_value=100.0, *,
                          double_dqn=False, grad_clip_norm=None, loss="huber"):  # fmt: skip
    q_values = policy_net(batch.states)
    state_action_values = q_values.gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        next_q_target = target_net(batch.next_states)
        if double_dqn:
            next_actions = policy_net(batch.next_states).argmax(dim=1, keepdim=True)
            next_q = next_q_target.gather(1, next_actions).squeeze(1)
        else:
            next_q = next_q_target.max(dim=1).values
        targets = td_target(batch.rewards, next_q, batch.terminated, gamma)
    loss_fn = torch.nn.functional.mse_loss if loss == "mse" else torch.nn.functional.smooth_l1_loss
    loss_value = loss_fn(state_action_values, targets)
    params = optimizer.param_groups[0]["params"]
    for param in params:
        param.grad = None
    loss_value.backward()
    if grad_clip_value is not None:
        for param in params:
            param.grad.clamp_(-grad_clip_value, grad_clip_value)
    if grad_clip_norm is not None:
        nn.utils.clip_grad_norm_(params, grad_clip_norm)
    optimizer.step()
    return loss_value.item(), q_values.detach().max(dim=1).values.mean().item()


def soft_update_tricks(target_net, policy_net, tau):
    with torch.no_grad():
        torch._foreach_lerp_(list(target_net.parameters()), list(policy_net.parameters()), tau)


@contextlib.contextmanager
def tricks() -> Iterator[None]:
    """Train with the old tricks in place of the package's readable functions."""
    readable = dqn_helpers.training.optimize_model, dqn_helpers.training.soft_update
    dqn_helpers.training.optimize_model, dqn_helpers.training.soft_update = optimize_model_tricks, soft_update_tricks
    try:
        yield
    finally:
        dqn_helpers.training.optimize_model, dqn_helpers.training.soft_update = readable


def per_call_microseconds(call, n: int) -> float:
    """The median over 5 rounds of the time of one call, in µs."""
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            call()
        rounds.append((time.perf_counter() - start) / n * 1e6)
    return median(rounds)


def components() -> dict[str, tuple[float, float]]:
    """(tricks, readable) µs per call of one update and one soft update, `default` preset's sizes."""
    from dqn_helpers.qnet import DQN
    from dqn_helpers.replay import TensorReplayMemory
    from dqn_helpers.update import make_optimizer

    config = get_preset("default")
    torch.manual_seed(0)
    policy_net, target_net = DQN(4, 2, config.hidden), DQN(4, 2, config.hidden)
    memory = TensorReplayMemory(10_000, 4, seed=0)
    for i in range(2_000):
        memory.push(torch.randn(4), i % 2, torch.randn(4), 1.0, i % 50 == 0)
    optimizer, batch = make_optimizer(policy_net, config), memory.sample(config.batch_size)
    args = (policy_net, target_net, optimizer, batch, config.gamma, config.grad_clip_value)
    kwargs = {"grad_clip_norm": config.grad_clip_norm, "loss": config.loss}
    return {
        "one update (`optimize_model`)": (
            per_call_microseconds(lambda: optimize_model_tricks(*args, **kwargs), 300),
            per_call_microseconds(lambda: dqn_helpers.training.optimize_model(*args, **kwargs), 300),
        ),
        "one soft update (every environment step)": (
            per_call_microseconds(lambda: soft_update_tricks(target_net, policy_net, config.tau), 3_000),
            per_call_microseconds(lambda: dqn_helpers.training.soft_update(target_net, policy_net, config.tau), 3_000),
        ),
    }


def idiomatic(steps: int, repeats: int) -> None:
    parts = components()
    rows = []
    for repeat in range(repeats):
        if repeat % 2 == 0:
            with tricks():
                before = ours(repeat, steps, "default")
            readable = ours(repeat, steps, "default")
        else:  # the other order
            readable = ours(repeat, steps, "default")
            with tricks():
                before = ours(repeat, steps, "default")
        rows.append((before, readable))
        print(f"repeat {repeat}: tricks {before:.0f}, readable {readable:.0f} steps/s, ×{readable / before:.3f}")
    ratio = median([r / t for t, r in rows])
    write_section(
        "idiomatic",
        f"""## What the readable update costs (`default` preset)

`python benchmarks/throughput.py --idiomatic --steps {steps} --repeats {repeats}` — {machine()}.
The package's `optimize_model` and `soft_update`, written as the tutorial would (`optimizer.zero_grad()`,
`nn.utils.clip_grad_value_`, a loop of `Tensor.lerp_` over the parameters), against the speed tricks
they replaced (gradients set to `None` and clamped in a loop, one private `torch._foreach_lerp_`),
which are kept only in `benchmarks/throughput.py`. Both train bit-identically. Each repeat trains
the `default` preset from the start to {steps} environment steps (one update every 4 steps from step
1 000) with each version; one torch thread.

| version | median steps/s |
| --- | ---: |
| speed tricks (before) | {median([t for t, _ in rows]):.0f} |
| readable (the package now) | {median([r for _, r in rows]):.0f} |
| **median ratio, readable / tricks** | **×{ratio:.3f}** |

Per repeat (tricks / readable, steps/s): {", ".join(f"{t:.0f} / {r:.0f}" for t, r in rows)}.

Per call, same process (median of 5 rounds; µs):

| call | tricks | readable |
| --- | ---: | ---: |
{chr(10).join(f"| {name} | {t:.1f} | {r:.1f} |" for name, (t, r) in parts.items())}
""",
    )


def reference(seed: int, steps: int) -> float:
    result = tutorial_reference.run(seed=seed, max_steps=steps)
    return result["steps"] / result["wall_time"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=4000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--idiomatic", action="store_true", help="the readable update against the old tricks")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.idiomatic:
        idiomatic(args.steps, args.repeats)
        return
    rows = []
    for repeat in range(args.repeats):
        if repeat % 2 == 0:
            ref, fast = reference(repeat, args.steps), ours(repeat, args.steps)
        else:
            fast, ref = ours(repeat, args.steps), reference(repeat, args.steps)
        rows.append((ref, fast))
        print(f"repeat {repeat}: tutorial {ref:.0f} steps/s, dqn_helpers {fast:.0f} steps/s, ×{fast / ref:.2f}")
    ref_median, ours_median = median([r for r, _ in rows]), median([f for _, f in rows])
    ratio = median([f / r for r, f in rows])
    write_section(
        "throughput",
        f"""## Throughput, tutorial preset

`python benchmarks/throughput.py --steps {args.steps} --repeats {args.repeats}` — {machine()}.
One update (batch 128) per environment step, one torch thread, the first {args.steps} steps of training
(the first 127 without updates), {args.repeats} repeats, alternating which of the two runs first.

| implementation | median steps/s |
| --- | ---: |
| the tutorial's loop (`benchmarks/tutorial_reference.py`) | {ref_median:.0f} |
| `dqn_helpers.training`, preset `tutorial` | {ours_median:.0f} |
| **median ratio** | **×{ratio:.2f}** |

Per repeat (tutorial / ours, steps/s): {", ".join(f"{r:.0f} / {f:.0f}" for r, f in rows)}.
""",
    )


if __name__ == "__main__":
    main()
