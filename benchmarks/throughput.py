"""Throughput of the tutorial preset: dqn_helpers.train versus the tutorial's own loop, same run.

Both do one update of batch 128 per environment step with the tutorial's hyperparameters; both run
with one torch thread. Each repeat runs both from the start of training until at least STEPS
environment steps, alternating which goes first (so slow phases of a shared machine hit both
alike); we report the median steps/s of each and the median of the per-repeat ratios.

    .venv/bin/python benchmarks/throughput.py [--steps 4000] [--repeats 9]
"""

from __future__ import annotations

import argparse
import threading

import torch
import tutorial_reference
from _results import machine, median, write_section

from dqn_helpers import get_preset, train


def ours(seed: int, steps: int) -> float:
    stop = threading.Event()

    def enough(history) -> None:
        if history.steps >= steps:
            stop.set()

    history = train(get_preset("tutorial"), seed=seed, callback=enough, stop_event=stop)
    return history.steps / history.wall_time


def reference(seed: int, steps: int) -> float:
    result = tutorial_reference.run(seed=seed, max_steps=steps)
    return result["steps"] / result["wall_time"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=4000)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    torch.set_num_threads(1)
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
| `dqn_helpers.train`, preset `tutorial` | {ours_median:.0f} |
| **median ratio** | **×{ratio:.2f}** |

Per repeat (tutorial / ours, steps/s): {", ".join(f"{r:.0f} / {f:.0f}" for r, f in rows)}.
""",
    )


if __name__ == "__main__":
    main()
