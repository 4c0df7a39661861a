"""Time to solve CartPole-v1 over many seeds and numeric paths, and a greedy evaluation of every kept agent.

Solved = a 100-episode training mean of at least 475 within 600 episodes. Every run is its own
process, one torch thread, two at a time (``--jobs``). A *numeric path* stands in for another CPU:
``native`` is this machine's own MKL kernels, ``COMPATIBLE``, ``AVX2`` or ``AVX512`` set ``MKL_CBWR``
in the child process, which changes the floating-point results and so the whole trajectory.
Each run's kept agent (``history.agent``: the best greedy evaluation during training) is then
evaluated greedily over 20 episodes on seeds 10 000…10 019, which training never evaluated on.

    .venv/bin/python benchmarks/time_to_solve.py --seeds 400-419 --path native --path AVX512 \\
        --tutorial-seeds 400

``--log FILE`` keeps every run as a JSON line; ``--from-log FILE …`` writes RESULTS.md from such logs
(for paths measured one after the other) without running anything.

Tuning runs pass ``--set field=value`` (a change to the preset), ``--log FILE`` (one JSON line per
run) and ``--no-write``; ``--give-up-after K`` stops a setting after K unsolved runs.

An ablation removes one refinement from the preset on the same seeds, e.g.
``--seeds 500-519 --set double_dqn=false --log nodouble.jsonl --no-write``; ``--ablations FILE …``
then writes RESULTS.md's ablation section from the logs of the preset as it is and of each variant.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from _results import machine, median, write_section

PATHS = ("native", "COMPATIBLE", "AVX2", "AVX512")
SUMMARY_HEADER = (
    "| preset | path | solved | median time to solve (s) | range of solved (s) | median updates "
    "| kept agents with eval ≥ 475 | worst kept-agent eval |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
)
ROW_HEADER = (
    "| preset | path | seed | solved | at episode | time (s) | env steps | updates | best 100-ep mean "
    "| kept from episode | kept-agent eval | last-network eval |\n"
    "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def parse_seeds(text: str) -> list[int]:
    """``"100-119"`` → 100…119; ``"3,7,8"`` → [3, 7, 8]."""
    seeds: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds.extend(range(int(low), int(high or low) + 1))
    return seeds


def parse_value(text: str) -> object:
    """A ``--set`` value: JSON (numbers, true/false, null), else a plain string."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def worker(preset: str, seed: int, changes: dict) -> dict:
    """One training run in this process (MKL_CBWR was set by the parent before torch was imported)."""
    from dqn_helpers import evaluate, get_preset, train

    config = get_preset(preset, stop_when_solved=True, **changes)
    history = train(config, seed=seed)
    kept = statistics.fmean(evaluate(history.agent, n_episodes=20))
    last = statistics.fmean(evaluate(history.policy_net, n_episodes=20))
    return {
        "solved": history.solved,
        "episode": history.solved_episode,
        "time": history.time_to_solve,
        "steps": history.steps,
        "updates": history.updates,
        "wall": history.wall_time,
        "best_mean100": max(history.mean100),
        "final_mean100": history.mean100[-1],
        "kept_episode": history.best_episode,
        "kept_eval": kept,
        "last_eval": last,
        "curve": [round(m) for m in history.mean100[24::25]],  # the 100-episode mean every 25 episodes
        "config": config.to_dict(),  # what ran, so a log is never mistaken for a later preset
    }


RUNNING: set[subprocess.Popen] = set()  # so that giving up can end the runs still going
GAVE_UP = threading.Event()


def run(preset: str, path: str, seed: int, changes: dict) -> dict | None:
    env = dict(os.environ)
    env.pop("MKL_CBWR", None)
    if path != "native":
        env["MKL_CBWR"] = path
    args = [sys.executable, __file__, "--worker", preset, str(seed), json.dumps(changes)]
    if GAVE_UP.is_set():
        return None
    with subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        RUNNING.add(process)
        stdout, stderr = process.communicate()
        RUNNING.discard(process)
    if process.returncode < 0:  # ended by give-up
        return None
    if process.returncode != 0:
        raise RuntimeError(f"{preset} seed {seed} on {path} failed:\n{stderr}")
    result = {"preset": preset, "path": path, "seed": seed, "changes": changes, **json.loads(stdout)}
    print(json.dumps(result), flush=True)
    return result


def run_all(jobs: list[tuple[str, str, int]], changes: dict, n_jobs: int, give_up_after: int | None, log: Path | None):
    results: list[dict] = []
    failures = 0
    with ThreadPoolExecutor(n_jobs) as pool:
        futures = [pool.submit(run, preset, path, seed, changes) for preset, path, seed in jobs]
        for future in as_completed(futures):
            result = future.result()
            if result is None:
                continue
            results.append(result)
            if log is not None:
                with log.open("a") as f:
                    f.write(json.dumps(result) + "\n")
            failures += not result["solved"]
            if give_up_after is not None and failures >= give_up_after:
                GAVE_UP.set()
                for other in futures:
                    other.cancel()
                for process in list(RUNNING):
                    process.kill()
                print(f"gave up after {failures} unsolved runs", flush=True)
                break
    return sorted(results, key=lambda r: (r["preset"] != "default", PATHS.index(r["path"]), r["seed"]))


def summary(preset: str, path: str, results: list[dict]) -> str:
    solved = [r for r in results if r["solved"]]
    times = sorted(r["time"] for r in solved)
    # Median over all seeds, an unsolved seed counting as slower than every solved one.
    median_all = median([r["time"] if r["solved"] else float("inf") for r in results])
    median_text = shown(median_all, ".1f")
    spread = f"{times[0]:.1f}–{times[-1]:.1f}" if times else "–"
    if len(times) >= 4:
        q = statistics.quantiles(times, n=4)
        spread += f" (IQR {q[0]:.1f}–{q[2]:.1f})"
    kept = [r["kept_eval"] for r in results]
    balancing = sum(k >= 475 for k in kept)
    return (
        f"| `{preset}` | {path} | {len(solved)} / {len(results)} ({100 * len(solved) / len(results):.0f} %) | "
        f"{median_text} | {spread} | {median([r['updates'] for r in results]):.0f} | "
        f"{balancing} / {len(results)} | {min(kept):.1f} |"
    )


def row(r: dict) -> str:
    episode = "" if r["episode"] is None else r["episode"]
    solve_time = "" if r["time"] is None else f"{r['time']:.1f}"
    return (
        f"| `{r['preset']}` | {r['path']} | {r['seed']} | {'yes' if r['solved'] else '**no**'} | {episode} | "
        f"{solve_time} | {r['steps']} | {r['updates']} | {r['best_mean100']:.0f} | {r['kept_episode']} | "
        f"{r['kept_eval']:.1f} | {r['last_eval']:.1f} |"
    )


def shown(value: float, spec: str) -> str:
    return "not reached" if value == float("inf") else format(value, spec)


def variant(changes: dict) -> str:
    return ", ".join(f"`{k}={v}`" for k, v in changes.items()) or "the preset as it is"


def ablation_section(results: list[dict], command: str) -> str:
    """One row per variant of one preset on one path, and one column per variant in a per-seed table."""
    presets = {(r["preset"], r["path"]) for r in results}
    if len(presets) != 1:
        raise SystemExit(f"--ablations: expected runs of one preset on one path, got {sorted(presets)}")
    ((preset, path),) = presets
    variants: dict[str, dict[int, dict]] = {}
    for r in results:
        variants.setdefault(variant(r["changes"]), {})[r["seed"]] = r
    seeds = sorted({seed for runs in variants.values() for seed in runs})
    incomplete = [name for name, runs in variants.items() if sorted(runs) != seeds]
    if incomplete:
        raise SystemExit(f"--ablations: every variant must run the same seeds {seeds}; {incomplete} did not")
    lines = [
        "| variant | solved | median episode of solving | median updates | unsolved seeds (best 100-ep mean) "
        "| kept agents with eval ≥ 475 |",
        "| --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for name, runs in variants.items():
        rs = list(runs.values())
        solved = [r for r in rs if r["solved"]]
        median_episode = median([r["episode"] if r["solved"] else float("inf") for r in rs])
        unsolved = ", ".join(f"{r['seed']} ({r['best_mean100']:.0f})" for r in rs if not r["solved"]) or "–"
        lines.append(
            f"| {name} | {len(solved)} / {len(rs)} | {shown(median_episode, '.0f')} | "
            f"{median([r['updates'] for r in rs]):.0f} | "
            f"{unsolved} | {sum(r['kept_eval'] >= 475 for r in rs)} / {len(rs)} |"
        )
    names = list(variants)
    per_seed = ["| seed | " + " | ".join(names) + " |", "| ---: |" + " ---: |" * len(names)]
    for seed in seeds:
        cells = [
            str(variants[n][seed]["episode"])
            if variants[n][seed]["solved"]
            else f"**no** ({variants[n][seed]['best_mean100']:.0f})"
            for n in names
        ]
        per_seed.append(f"| {seed} | " + " | ".join(cells) + " |")
    return f"""## Ablations: `{preset}` beside itself with one thing changed

`{command}` — {machine()}.
`{preset}` on the {path} numeric path, seeds {seeds[0]}–{seeds[-1]}, each variant on the same seeds; the preset
was chosen before these seeds were run. One run per process, one torch thread; at most 600 episodes,
stopping when solved. Episodes and updates, not seconds: they are exact on this machine, whatever else
was running. An unsolved run counts as later than every solved one in the median episode.

{chr(10).join(lines)}

Episode of solving per seed (**no**: not solved, with the best 100-episode mean):

{chr(10).join(per_seed)}
"""


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4]))))
        return

    def end_runs(signum: int, _frame: object) -> None:  # a killed benchmark leaves no training behind
        GAVE_UP.set()  # no new runs start ...
        for process in list(RUNNING):
            process.kill()  # ... the running ones end ...
        os._exit(128 + signum)  # ... and nothing waits for the pool's threads

    signal.signal(signal.SIGTERM, end_runs)
    signal.signal(signal.SIGINT, end_runs)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="default")
    parser.add_argument("--seeds", type=parse_seeds, default=parse_seeds("100-119"), help="e.g. 100-119 or 3,7,8")
    parser.add_argument("--path", action="append", choices=PATHS, help="numeric path(s); default: native")
    parser.add_argument("--tutorial-seeds", type=parse_seeds, default=[], help="the tutorial preset beside it")
    parser.add_argument("--jobs", type=int, default=2, help="runs at once (each uses one torch thread)")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", help="change the preset")
    parser.add_argument("--give-up-after", type=int, default=None, metavar="K")
    parser.add_argument("--log", type=Path, default=None, help="append one JSON line per run")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/RESULTS.md")
    parser.add_argument(
        "--from-log", type=Path, nargs="+", metavar="FILE", help="write RESULTS.md from runs logged earlier (no runs)"
    )
    parser.add_argument(
        "--ablations", type=Path, nargs="+", metavar="FILE", help="write RESULTS.md's ablation section from logs"
    )
    args = parser.parse_args()
    from dqn_helpers import get_preset

    if args.ablations:
        results = [json.loads(line) for log in args.ablations for line in log.read_text().splitlines() if line]
        command = " ".join(["python", "benchmarks/time_to_solve.py", *sys.argv[1:]])
        write_section("ablations", ablation_section(results, command))
        return
    paths = args.path or ["native"]
    changes = {k: parse_value(v) for k, _, v in (item.partition("=") for item in args.set)}
    if args.from_log:  # e.g. two numeric paths measured one after the other
        results = [json.loads(line) for log in args.from_log for line in log.read_text().splitlines() if line]

        # Only runs of the presets as they are now. Older logs have no "config": their preset plus their
        # changes must be today's preset (a tuning run of a candidate that was adopted counts).
        def current(r: dict) -> bool:
            now = get_preset(r["preset"], stop_when_solved=True)
            if "config" in r:
                return r["config"] == now.to_dict()
            return get_preset(r["preset"], stop_when_solved=True, **r["changes"]) == now

        if not all(current(r) for r in results):
            parser.error("--from-log: the logs hold runs of another setting; RESULTS.md is for the presets as they are")
        results.sort(key=lambda r: (r["preset"] != "default", PATHS.index(r["path"]), r["seed"]))
    else:
        jobs = [(args.preset, path, seed) for path in paths for seed in args.seeds]
        jobs += [("tutorial", path, seed) for path in paths[:1] for seed in args.tutorial_seeds]
        results = run_all(jobs, changes, args.jobs, args.give_up_after, args.log)
    if args.no_write or changes:
        return
    groups = {(r["preset"], r["path"]): [] for r in results}
    for r in results:
        groups[r["preset"], r["path"]].append(r)
    command = " ".join(["python", "benchmarks/time_to_solve.py", *sys.argv[1:]])
    runs = ", ".join(
        f"`{preset}` on {path}: seeds {', '.join(str(r['seed']) for r in group)}"
        for (preset, path), group in groups.items()
    )
    write_section(
        "time_to_solve",
        f"""## Time to solve, per preset and numeric path

`{command}` — {machine()}.
Runs: {runs}.
Each run is its own process with one torch thread, {args.jobs} at a time (so wall times include sharing
the 2 cores); at most 600 episodes, stopping when solved (100-episode training mean ≥ 475).
Numeric paths: `native` is this CPU's own MKL kernels; the others set `MKL_CBWR`, standing in for
another CPU. "Kept agent" is the network the run hands over (`history.agent`: its best greedy
evaluation during training, 5 episodes every 10); "eval" is its mean duration over 20 fresh greedy
episodes (seeds 10 000…10 019; 500 is the maximum).

{SUMMARY_HEADER}
{chr(10).join(summary(preset, path, group) for (preset, path), group in groups.items())}

The median counts an unsolved seed as slower than every solved one.

{ROW_HEADER}
{chr(10).join(row(r) for r in results)}
""",
    )


if __name__ == "__main__":
    main()
