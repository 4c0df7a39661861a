"""Command line: ``python -m dqn_helpers train|evaluate|atlas|doctor|html``.

    python -m dqn_helpers train [--preset tutorial|default] [--episodes N] [--seed S] [--out DIR]
    python -m dqn_helpers evaluate CHECKPOINT [--episodes N] [--seed S] [--last]
    python -m dqn_helpers atlas [--workers W] [--out FILE]
    python -m dqn_helpers doctor
    python -m dqn_helpers html [--out DIR] [--only NN ...]

``doctor`` checks that this environment is ready for the course (see :mod:`dqn_helpers.tools.doctor`);
``html`` executes the notebooks and writes a static site (see :mod:`dqn_helpers.tools.site`).

``atlas`` rebuilds the playground's precomputed runs (see :mod:`dqn_helpers.playground.atlas`).

``train`` shows a progress bar and writes ``history.csv``, ``history.json``, ``learning_curve.png``
and ``checkpoint.pt`` (the last network and the best evaluated one, which ``evaluate`` uses) to
``--out`` (default ``runs/<preset>-seed<S>``). Ctrl-C stops training and
still writes what was learned so far. Bad arguments print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from dqn_helpers import checks
from dqn_helpers.config import PRESETS, get_preset

if TYPE_CHECKING:
    from dqn_helpers.history import TrainingHistory
# Each command imports what it needs (torch, gymnasium, matplotlib) when it runs, so that `doctor`
# works, and reports what is missing, in an environment without them.

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: ``dqn_helpers: error: …`` and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"dqn_helpers: error: {message} (see --help)\n")


def _whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse ``type`` for whole numbers ``>= minimum`` (:func:`dqn_helpers.checks.whole_number`)."""

    def parse(text: str) -> int:
        try:
            return checks.whole_number("the value", int(text), minimum)
        except ValueError:  # not a whole number, or too small: argparse names the option
            raise argparse.ArgumentTypeError(f"must be a whole number >= {minimum}, got {text!r}") from None

    return parse


_positive_int = _whole_number(1)
_seed = _whole_number(0)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dqn_helpers", description="Train and evaluate DQN agents on CartPole-v1.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    train_cmd = commands.add_parser("train", help="train an agent and save its history, plot and checkpoint")
    train_cmd.add_argument(
        "--preset", choices=sorted(PRESETS), default="default", help="hyperparameters (default: default)"
    )
    train_cmd.add_argument("--episodes", type=_positive_int, help="episodes to train (default: the preset's, 600)")
    train_cmd.add_argument("--seed", type=_seed, default=0, help="random seed (default: 0)")
    train_cmd.add_argument("--out", type=Path, help="output folder (default: runs/<preset>-seed<S>)")
    train_cmd.add_argument("--no-progress", action="store_true", help="no progress bar")

    eval_cmd = commands.add_parser("evaluate", help="run a saved agent greedily and report its episode durations")
    eval_cmd.add_argument("checkpoint", type=Path, help="a checkpoint.pt written by 'train'")
    eval_cmd.add_argument("--episodes", type=_positive_int, default=20, help="episodes (default: 20)")
    eval_cmd.add_argument("--seed", type=_seed, default=10_000, help="first evaluation seed (default: 10000)")
    eval_cmd.add_argument(
        "--last", action="store_true", help="the network as training left it, not the best evaluated one it kept"
    )

    atlas_cmd = commands.add_parser("atlas", help="rebuild the playground's precomputed runs (minutes)")
    atlas_cmd.add_argument("--workers", type=_positive_int, default=2, help="trainings at once (default: 2)")
    atlas_cmd.add_argument("--out", type=Path, help="output file (default: the package's data/atlas.json)")
    commands.add_parser(
        "doctor", help="check this environment: versions, widgets, CartPole rendering (exit 1 on a problem)"
    )
    html_cmd = commands.add_parser("html", help="execute the notebooks and write a static HTML site (minutes)")
    html_cmd.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    html_cmd.add_argument(
        "--notebooks", type=Path, default=Path("notebooks"), help="the series' folder (default: notebooks)"
    )
    html_cmd.add_argument("--only", nargs="+", metavar="NN", help="only these notebooks (numbers or names)")
    return parser


def write_history(history: TrainingHistory, out: Path) -> list[Path]:
    """Write ``history.csv`` and ``history.json`` (:meth:`TrainingHistory.write_files`) and ``learning_curve.png``."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from dqn_helpers.teaching.plots import plot_training

    paths = history.write_files(out)
    fig = plot_training(history)
    fig.savefig(out / "learning_curve.png", dpi=100)
    plt.close(fig)
    return [*paths, out / "learning_curve.png"]


def _train(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from dqn_helpers.checkpoint import save_checkpoint
    from dqn_helpers.training import TrainingDiverged, train

    config = get_preset(args.preset)
    if args.episodes is not None:
        config = config.replace(num_episodes=args.episodes)
    out: Path = args.out or Path("runs") / f"{args.preset}-seed{args.seed}"
    if out.exists() and not out.is_dir():
        print(f"dqn_helpers: error: --out {str(out)!r} exists and is not a folder", file=sys.stderr)
        return EXIT_USAGE

    bar = tqdm(total=config.num_episodes, unit="ep", disable=args.no_progress, dynamic_ncols=True)

    def progress(history: TrainingHistory) -> None:
        bar.update(1)
        bar.set_postfix(duration=history.durations[-1], mean100=f"{history.mean100[-1]:.1f}", refresh=False)

    try:
        history = train(config, seed=args.seed, callback=progress)
    except TrainingDiverged as error:
        bar.close()
        print(f"dqn_helpers: training diverged: {error}", file=sys.stderr)
        if error.history.episodes:
            for path in write_history(error.history, out):
                print(f"wrote {path} (the episodes before the divergence)")
        return 1
    bar.close()
    assert history.policy_net is not None  # train() always hands over its network
    paths = [*write_history(history, out), save_checkpoint(out / "checkpoint.pt", history.policy_net, config, history)]
    solved = (
        f"solved at episode {history.solved_episode} after {history.time_to_solve:.1f} s"
        if history.solved
        else "not solved"
    )
    last = f"{history.mean100[-1]:.1f}" if history.episodes else "n/a"
    print(
        f"{history.episodes} episodes, {history.steps} steps in {history.wall_time:.1f} s "
        f"({history.stopped_reason}); last 100-episode mean {last}; {solved}"
    )
    if history.best_episode is not None:
        print(
            f"kept agent: the network after episode {history.best_episode}, the best greedy evaluation "
            f"during training ({history.best_eval:.1f} over {config.eval_episodes} episodes); "
            "'evaluate' uses it, '--last' the final network"
        )
    for path in paths:
        print(f"wrote {path}")
    return 130 if history.stopped_reason == "interrupted" else 0


def _evaluate(args: argparse.Namespace) -> int:
    from dqn_helpers.checkpoint import CheckpointError, load_checkpoint
    from dqn_helpers.evaluation import evaluate

    try:
        checkpoint = load_checkpoint(args.checkpoint)
    except CheckpointError as error:
        print(f"dqn_helpers: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    net, name = (checkpoint.policy_net, "the last network") if args.last else (checkpoint.agent, checkpoint.agent_name)
    durations = evaluate(net, n_episodes=args.episodes, seed=args.seed, env_id=checkpoint.config.env_id)
    print(
        f"{name}: greedy evaluation over {len(durations)} episodes: mean {statistics.fmean(durations):.1f}, "
        f"min {min(durations)}, max {max(durations)}"
    )
    print("durations: " + " ".join(map(str, durations)))
    return 0


def _atlas(args: argparse.Namespace) -> int:
    from dqn_helpers.playground.atlas import ATLAS_PATH, build_atlas

    out = args.out or ATLAS_PATH

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} runs", end="", flush=True)

    atlas = build_atlas(out, workers=args.workers, progress=progress)
    print(f"\nwrote {out}: {len(atlas.runs)} runs in {atlas.build_seconds:.0f} s")
    return 0


def _doctor(_args: argparse.Namespace) -> int:
    from dqn_helpers.tools.doctor import doctor

    return doctor()


def _html(args: argparse.Namespace) -> int:
    from dqn_helpers.tools.site import build_site, notebook_paths

    try:
        notebook_paths(args.notebooks, args.only)
    except ValueError as error:
        build_parser().error(f"--only: {error}")
    build_site(args.notebooks, args.out, args.only)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    commands = {"train": _train, "evaluate": _evaluate, "atlas": _atlas, "doctor": _doctor, "html": _html}
    return commands[args.command](args)
