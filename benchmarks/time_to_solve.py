"""Time to solve CartPole-v1 with each preset, over several seeds, then a greedy evaluation of each run.

Solved = a 100-episode mean duration of at least 475 within 600 episodes. Runs are sequential (one
torch thread each) so their wall times are comparable. Each trained agent is then evaluated greedily
over 20 episodes (seeds 10 000…10 019).

    .venv/bin/python benchmarks/time_to_solve.py [--default-seeds 10] [--tutorial-seeds 3]
"""

from __future__ import annotations

import argparse
import statistics

from _results import machine, median, write_section

from dqn_helpers import evaluate, get_preset, train


def run(preset: str, seed: int) -> dict:
    history = train(get_preset(preset, stop_when_solved=True), seed=seed)
    net = history.policy_net
    result = {
        "preset": preset,
        "seed": seed,
        "solved": history.solved,
        "episode": history.solved_episode,
        "time": history.time_to_solve,
        "steps": history.steps,
        "updates": history.updates,
        "wall": history.wall_time,
        "best": max(history.mean100),
        "eval": statistics.fmean(evaluate(net, n_episodes=20)),
    }
    print(result, flush=True)
    return result


def summary(preset: str, results: list[dict]) -> str:
    solved = [r for r in results if r["solved"]]
    times = [r["time"] for r in solved]
    # Median over all seeds, an unsolved seed counting as slower than every solved one.
    median_all = median([r["time"] if r["solved"] else float("inf") for r in results])
    evals = [r["eval"] for r in results]
    median_text = f"{median_all:.1f}" if median_all != float("inf") else "not reached (half or more unsolved)"
    return (
        f"| `{preset}` | {len(solved)} / {len(results)} | "
        f"{median_text} | {min(times, default=float('nan')):.1f}–{max(times, default=float('nan')):.1f} | "
        f"{median([r['updates'] for r in results]):.0f} | {median(evals):.1f} |"
    )


def row(r: dict) -> str:
    episode = "" if r["episode"] is None else r["episode"]
    solve_time = "" if r["time"] is None else f"{r['time']:.1f}"
    return (
        f"| `{r['preset']}` | {r['seed']} | {'yes' if r['solved'] else 'no'} | {episode} | {solve_time} | "
        f"{r['steps']} | {r['updates']} | {r['best']:.0f} | {r['eval']:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--default-seeds", type=int, default=10)
    parser.add_argument("--tutorial-seeds", type=int, default=3)
    args = parser.parse_args()
    results = {
        "default": [run("default", seed) for seed in range(args.default_seeds)],
        "tutorial": [run("tutorial", seed) for seed in range(args.tutorial_seeds)],
    }
    rows = "\n".join(row(r) for preset in results for r in results[preset])
    write_section(
        "time_to_solve",
        f"""## Time to solve, per preset

`python benchmarks/time_to_solve.py --default-seeds {args.default_seeds} --tutorial-seeds {args.tutorial_seeds}`
— {machine()}.
Sequential runs, one torch thread, at most 600 episodes, stopping when solved (100-episode mean ≥ 475).
"Greedy eval" is the mean duration of the trained agent over 20 fresh episodes with ε = 0 (500 is the maximum).

| preset | solved | median time to solve (s) | range of solved (s) | median updates | median greedy eval |
| --- | ---: | ---: | ---: | ---: | ---: |
{summary("default", results["default"])}
{summary("tutorial", results["tutorial"])}

The median counts an unsolved seed as slower than every solved one.

| preset | seed | solved | at episode | time (s) | env steps | updates | best 100-ep mean | greedy eval (20 ep) |
| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |
{rows}
""",
    )


if __name__ == "__main__":
    main()
