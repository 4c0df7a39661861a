"""The playground's responsiveness: Train → first plotted point, redraws per second while training,
and how much the live plot slows training (plot on versus off, same run, alternating), plus the
atlas' build time as recorded in its file.

    .venv/bin/python benchmarks/playground.py [--episodes 150] [--repeats 3]
"""

from __future__ import annotations

import argparse
import time

from _results import machine, median, write_section

from dqn_helpers import get_preset, train
from dqn_helpers.playground.atlas import load_atlas
from dqn_helpers.playground.ui import Playground


class Screen:
    """A stand-in for the notebook: display() returns a handle whose update() just counts."""

    def __init__(self) -> None:
        self.updates = 0

    def __call__(self, obj, display_id=False):
        screen = self

        class Handle:
            def update(self, new) -> None:
                screen.updates += 1

        return Handle() if display_id else None


def with_plot(episodes: int, seed: int) -> tuple[float, float, float]:
    """(training seconds, seconds to the first plotted point, redraws per second) with the live plot on."""
    playground = Playground(atlas=None, display=Screen())
    playground.show()
    playground.controls["episodes"].value = episodes
    playground.controls["seed"].value = seed
    draws_before = playground.draws
    start = time.perf_counter()
    playground.train()
    playground.wait()
    seconds = time.perf_counter() - start
    rate = (playground.draws - draws_before) / seconds
    return seconds, playground.first_point_seconds, rate


def without_plot(episodes: int, seed: int) -> float:
    config = get_preset("default", num_episodes=episodes, stop_when_solved=False)
    start = time.perf_counter()
    train(config, seed=seed)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    without_plot(2, 0)  # warm up torch and Gymnasium once, as a notebook would have
    rows = []
    for repeat in range(args.repeats):
        if repeat % 2 == 0:
            on, off = with_plot(args.episodes, 0), without_plot(args.episodes, 0)
        else:
            off, on = without_plot(args.episodes, 0), with_plot(args.episodes, 0)
        rows.append((*on, off))
        seconds, first, rate = on
        print(
            f"repeat {repeat}: plot on {seconds:.1f} s (first point {first:.3f} s, "
            f"{rate:.1f} redraws/s), off {off:.1f} s"
        )
    slowdown = median([on / off - 1 for on, _, _, off in rows])
    first_ms, rate = median([r[1] for r in rows]) * 1000, median([r[2] for r in rows])
    on_s, off_s = median([r[0] for r in rows]), median([r[3] for r in rows])
    atlas = load_atlas()
    atlas_what = (
        f"atlas: {len(atlas.runs)} runs of {atlas.episodes} episodes, `python -m dqn_helpers atlas` (2 processes)"
    )
    write_section(
        "playground",
        f"""## Playground responsiveness

`python benchmarks/playground.py --episodes {args.episodes} --repeats {args.repeats}` — {machine()}.
The `default` preset, seed 0, {args.episodes} episodes, trained through the playground (background thread,
live plot through a display handle) and directly with `train()`, alternating; medians.

| what | measured | aim |
| --- | ---: | --- |
| Train pressed → first episode on the plot | {first_ms:.0f} ms | within 1–2 s |
| redraws per second while training | {rate:.1f} | ≥ 2 |
| training time, plot on vs off | {on_s:.1f} s vs {off_s:.1f} s: **{slowdown:+.1%}** | < 10% |
| {atlas_what} | {atlas.build_seconds / 60:.1f} min | — |

Per repeat (plot on / off, s): {", ".join(f"{r[0]:.1f} / {r[3]:.1f}" for r in rows)}. The first point
excludes the one-time start-up of torch and Gymnasium in a fresh kernel (about a second), which the first
Train of a session also pays.
""",
    )


if __name__ == "__main__":
    main()
