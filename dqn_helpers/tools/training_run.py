"""The ``train`` command's work: train with a progress bar, save as it goes, and write the results.

The results are ``history.csv``, ``history.json``, ``learning_curve.png`` and ``checkpoint.pt``,
each written whole (:func:`dqn_helpers.files.atomic_path`). While training runs, the history and
the checkpoint are saved every :data:`SAVE_EVERY` seconds, so a process killed without warning
(``kill -9``, a power cut) keeps all but its last half minute.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dqn_helpers.config import DQNConfig
    from dqn_helpers.history import TrainingHistory

RUN_FILES = ("history.csv", "history.json", "learning_curve.png", "checkpoint.pt")  # what train writes
SAVE_EVERY = 30.0  # seconds between two saves of a running training


def write_history(history: TrainingHistory, out: Path) -> list[Path]:
    """Write ``history.csv`` and ``history.json`` (:meth:`TrainingHistory.write_files`) and ``learning_curve.png``."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from dqn_helpers.files import atomic_path
    from dqn_helpers.teaching.plots import plot_training

    paths = history.write_files(out)
    fig = plot_training(history)
    with atomic_path(out / "learning_curve.png") as temporary:
        fig.savefig(temporary, dpi=100, format="png")
    plt.close(fig)
    return [*paths, out / "learning_curve.png"]


def _save(history: TrainingHistory, out: Path, plot: bool = True) -> list[Path]:
    """Write the history files (and the plot, if ``plot``) and, if training handed over its network, the checkpoint."""
    from dqn_helpers.checkpoint import save_checkpoint

    paths = write_history(history, out) if plot else history.write_files(out)
    if history.policy_net is not None:
        paths.append(save_checkpoint(out / "checkpoint.pt", history.policy_net, history.config, history))
    return paths


def train_and_save(config: DQNConfig, seed: int, out: Path, stop: threading.Event, progress_bar: bool = True) -> int:
    """Train with a progress bar, saving every :data:`SAVE_EVERY` seconds; write the results; return an exit status.

    Setting ``stop`` (a signal handler does) ends training within one step; the results are then
    written as for a finished run. Returns 0, or 1 if training diverged (the history before is written).
    """
    from tqdm import tqdm

    from dqn_helpers.training import TrainingDiverged, train

    bar = tqdm(total=config.num_episodes, unit="ep", disable=not progress_bar, dynamic_ncols=True)
    last_save = time.monotonic()

    def progress(history: TrainingHistory) -> None:
        nonlocal last_save
        bar.update(1)
        bar.set_postfix(duration=history.durations[-1], mean100=f"{history.mean100[-1]:.1f}", refresh=False)
        if time.monotonic() - last_save >= SAVE_EVERY:  # what a kill -9 would keep
            _save(history, out, plot=False)
            last_save = time.monotonic()

    try:
        history = train(config, seed=seed, callback=progress, stop_event=stop)
    except TrainingDiverged as error:
        bar.close()
        print(f"dqn_helpers: training diverged: {error}", file=sys.stderr)
        for path in write_history(error.history, out):
            print(f"wrote {path} (the episodes before the divergence)")
        return 1
    bar.close()
    if history.stopped_reason == "stopped":  # only a signal sets `stop` here
        history.stopped_reason = "interrupted"
        print("interrupted: writing what was learned so far (a second signal is ignored)")
    paths = _save(history, out)
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
    return 0
