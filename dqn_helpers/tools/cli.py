"""Command line: ``python -m dqn_helpers train|evaluate|atlas|zoo|doctor|html``.

    python -m dqn_helpers train [--preset tutorial|default] [--episodes N] [--seed S] [--out DIR] [--force]
    python -m dqn_helpers evaluate CHECKPOINT [--episodes N] [--seed S] [--last]
    python -m dqn_helpers atlas [--workers W] [--out FILE] [--force]
    python -m dqn_helpers zoo [--workers W] [--out FILE] [--force]
    python -m dqn_helpers doctor
    python -m dqn_helpers html [--out DIR] [--only NN ...] [--force]

``doctor`` checks that this environment is ready for the course (see :mod:`dqn_helpers.tools.doctor`);
``html`` executes the notebooks and writes a static site (see :mod:`dqn_helpers.tools.site`).

``atlas`` rebuilds the playground's precomputed runs (see :mod:`dqn_helpers.playground.atlas`), ``zoo``
notebook 06's runs with classic bugs planted (see :mod:`dqn_helpers.teaching.zoo`).

``train`` shows a progress bar and writes ``history.csv``, ``history.json``, ``learning_curve.png``
and ``checkpoint.pt`` (the last network and the best evaluated one, which ``evaluate`` uses) to
``--out`` (default ``runs/<preset>-seed<S>``).

No work is lost (:mod:`dqn_helpers.tools.outputs`): every command checks where its results go
before it starts and refuses, in one line with exit status 2, a place it cannot write or one that
already holds results (``--force`` replaces them). Ctrl-C, SIGTERM or SIGHUP stop training and the
files are still written, each whole, with exit status 130, 143 or 129; while ``train`` runs it also
saves its history and checkpoint every 30 seconds, so even a ``kill -9`` keeps most of a run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from dqn_helpers import checks
from dqn_helpers.config import MAX_EVALUATION_EPISODES, PRESETS, WHOLE_NUMBERS, get_preset
from dqn_helpers.tools.outputs import Interruptions, check_file, check_folder
from dqn_helpers.tools.training_run import RUN_FILES, train_and_save

# Each command imports what it needs (torch, gymnasium, matplotlib) when it runs, so that `doctor`
# works, and reports what is missing, in an environment without them.

EXIT_USAGE = 2
FORCE_HELP = "replace the results already there (otherwise an existing one is refused)"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: ``dqn_helpers: error: …`` and exit status 2."""

    def error(self, message: str) -> NoReturn:
        one_line = " ".join(message.splitlines())  # an argument may hold a line break
        self.exit(EXIT_USAGE, f"dqn_helpers: error: {one_line} (see --help)\n")


def _whole_number(minimum: int, maximum: int) -> Callable[[str], int]:
    """An argparse ``type`` for whole numbers in ``minimum … maximum`` (:func:`dqn_helpers.checks.whole_number`)."""

    def parse(text: str) -> int:
        try:
            return checks.whole_number("the value", int(text), minimum, maximum)
        except ValueError:  # not a whole number, or out of range: argparse names the option
            raise argparse.ArgumentTypeError(
                f"must be a whole number in {minimum:_} … {maximum:_}, got {text!r}"
            ) from None

    return parse


_episodes = _whole_number(*WHOLE_NUMBERS["num_episodes"])
_evaluation_episodes = _whole_number(1, MAX_EVALUATION_EPISODES)
_seed = _whole_number(0, checks.MAX_SEED)
_workers = _whole_number(1, 64)


def _usage_error(message: str) -> int:
    print(f"dqn_helpers: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dqn_helpers", description="Train and evaluate DQN agents on CartPole-v1.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    train_cmd = commands.add_parser("train", help="train an agent and save its history, plot and checkpoint")
    train_cmd.add_argument(
        "--preset", choices=sorted(PRESETS), default="default", help="hyperparameters (default: default)"
    )
    train_cmd.add_argument("--episodes", type=_episodes, help="episodes to train (default: the preset's, 600)")
    train_cmd.add_argument("--seed", type=_seed, default=0, help="random seed (default: 0)")
    train_cmd.add_argument("--out", type=Path, help="output folder (default: runs/<preset>-seed<S>)")
    train_cmd.add_argument("--force", action="store_true", help=FORCE_HELP)
    train_cmd.add_argument("--no-progress", action="store_true", help="no progress bar")

    eval_cmd = commands.add_parser("evaluate", help="run a saved agent greedily and report its episode durations")
    eval_cmd.add_argument("checkpoint", type=Path, help="a checkpoint.pt written by 'train'")
    eval_cmd.add_argument("--episodes", type=_evaluation_episodes, default=20, help="episodes (default: 20)")
    eval_cmd.add_argument("--seed", type=_seed, default=10_000, help="first evaluation seed (default: 10000)")
    eval_cmd.add_argument(
        "--last", action="store_true", help="the network as training left it, not the best evaluated one it kept"
    )

    for name, what in (("atlas", "the playground's precomputed runs"), ("zoo", "notebook 06's runs with bugs planted")):
        rebuild = commands.add_parser(name, help=f"rebuild {what} (minutes)")
        rebuild.add_argument("--workers", type=_workers, default=2, help="trainings at once (default: 2)")
        rebuild.add_argument("--out", type=Path, help=f"output file (default: the package's data/{name}.json)")
        rebuild.add_argument("--force", action="store_true", help=FORCE_HELP + f", e.g. the shipped {name}")
    commands.add_parser(
        "doctor", help="check this environment: versions, widgets, CartPole rendering (exit 1 on a problem)"
    )
    commands.add_parser("catalog", help="extract the package's messages into the Chinese .po and compile its .mo")
    html_cmd = commands.add_parser("html", help="execute the notebooks and write a static HTML site (minutes)")
    html_cmd.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    html_cmd.add_argument(
        "--notebooks", type=Path, default=Path("notebooks"), help="the series' folder (default: notebooks)"
    )
    html_cmd.add_argument("--only", nargs="+", metavar="NN", help="only these notebooks (numbers or names)")
    html_cmd.add_argument("--force", action="store_true", help=FORCE_HELP)
    return parser


def _train(args: argparse.Namespace) -> int:
    config = get_preset(args.preset)
    if args.episodes is not None:
        config = config.replace(num_episodes=args.episodes)
    out: Path = args.out or Path("runs") / f"{args.preset}-seed{args.seed}"
    problem = check_folder(out, RUN_FILES, args.force)
    if problem:
        return _usage_error(problem)
    with Interruptions() as interruptions:  # from here on a signal stops training, and the files get written
        status = train_and_save(config, args.seed, out, interruptions.stop, progress_bar=not args.no_progress)
        return interruptions.exit_status(status)


def _evaluate(args: argparse.Namespace) -> int:
    from dqn_helpers.files import archive_problem

    problem = archive_problem(args.checkpoint)  # at once, before torch loads
    if problem:
        return _usage_error(problem)
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


def _rebuild(args: argparse.Namespace) -> int:
    """``atlas`` or ``zoo``: check ``--out``, train every run in ``--workers`` processes, write the file whole."""
    from dqn_helpers.playground.atlas import ATLAS_PATH
    from dqn_helpers.teaching.zoo import ZOO_PATH

    out = args.out or {"atlas": ATLAS_PATH, "zoo": ZOO_PATH}[args.command]
    problem = check_file(out, args.force)
    if problem:
        return _usage_error(problem)
    from dqn_helpers.playground.atlas import build_atlas
    from dqn_helpers.teaching.zoo_build import build_zoo

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} runs", end="", flush=True)

    try:
        built = (build_atlas if args.command == "atlas" else build_zoo)(out, workers=args.workers, progress=progress)
    except KeyboardInterrupt:
        print(f"\ninterrupted: {out} is as it was (the {args.command} is written only whole)", file=sys.stderr)
        return 130
    print(f"\nwrote {out}: {len(built.runs)} runs in {built.build_seconds:.0f} s")
    return 0


def _doctor(_args: argparse.Namespace) -> int:
    from dqn_helpers.tools.doctor import doctor

    return doctor()


def _catalog(_args: argparse.Namespace) -> int:
    from dqn_helpers.tools.catalog import po_path, update

    messages, untranslated = update()
    print(f"{po_path()}: {messages} messages, {untranslated} without a translation")
    return 0


def _html(args: argparse.Namespace) -> int:
    from dqn_helpers.tools.site import build_site, notebook_paths

    try:
        pages = [f"{path.stem}.html" for path in notebook_paths(args.notebooks, args.only)]
    except ValueError as error:
        build_parser().error(f"--only: {error}")
    if not pages:
        return _usage_error(f"no notebooks (NN_name.ipynb) in --notebooks {str(args.notebooks)!r}")
    if (args.notebooks / "zh").is_dir():  # the Chinese edition goes to zh/
        pages += ["zh/index.html", *(f"zh/{page}" for page in pages)]
    problem = check_folder(args.out, ["index.html", *pages], args.force)
    if problem:
        return _usage_error(problem)
    try:
        build_site(args.notebooks, args.out, args.only)
    except KeyboardInterrupt:
        print("\ninterrupted: the pages written so far are kept; index.html is written at the end", file=sys.stderr)
        return 130
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    commands = {
        "train": _train,
        "evaluate": _evaluate,
        "atlas": _rebuild,
        "zoo": _rebuild,
        "doctor": _doctor,
        "catalog": _catalog,
        "html": _html,
    }
    return commands[args.command](args)
