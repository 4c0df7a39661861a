"""dqn_helpers: the tested code behind the course's Deep Q-Learning notebooks.

**The algorithm**, one module per idea, in the order the notebooks teach it: :mod:`~dqn_helpers.envs`
(00), :mod:`~dqn_helpers.transitions` and :mod:`~dqn_helpers.replay` (01), :mod:`~dqn_helpers.bellman`
(02), :mod:`~dqn_helpers.qnet` and :mod:`~dqn_helpers.policy` (03), :mod:`~dqn_helpers.config`,
:mod:`~dqn_helpers.history`, :mod:`~dqn_helpers.update`, :mod:`~dqn_helpers.training`,
:mod:`~dqn_helpers.evaluation` and :mod:`~dqn_helpers.checkpoint` (04), with
:mod:`~dqn_helpers.checks` for their arguments and :mod:`~dqn_helpers.files` for writing results safely.

**The course's machinery**: :mod:`dqn_helpers.teaching` (explorers, self-checks, plots, animations,
the chain MDP of notebook 02, ``show_source``), :mod:`dqn_helpers.playground` (notebook 05: its runs,
figure, controls and precomputed atlas) and :mod:`dqn_helpers.tools` (the command line, ``doctor``
and the HTML site).

The names below are imported on first use (PEP 562), so ``import dqn_helpers`` is instant and
``python -m dqn_helpers doctor`` runs, and says what is missing, even where torch is not installed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Each public name and the module that defines it.
_HOMES: dict[str, str] = {
    "discounted_return": "bellman",
    "huber": "bellman",
    "td_error": "bellman",
    "td_target": "bellman",
    "CARTPOLE_ID": "envs",
    "ONE_STEP_PROBE_ID": "envs",
    "TWO_STEP_PROBE_ID": "envs",
    "make_env": "envs",
    "evaluate": "evaluation",
    "run_episodes": "evaluation",
    "LiveTrainingPlot": "teaching.plots",
    "plot_durations": "teaching.plots",
    "plot_q_heatmap": "teaching.plots",
    "plot_training": "teaching.plots",
    "epsilon_by_step": "policy",
    "greedy_action": "policy",
    "hard_update": "policy",
    "select_action": "policy",
    "soft_update": "policy",
    "DQN": "qnet",
    "Batch": "transitions",
    "ReplayMemory": "replay",
    "TensorReplayMemory": "replay",
    "Transition": "transitions",
    "show_source": "teaching.source",
    "PRESETS": "config",
    "DQNConfig": "config",
    "get_preset": "config",
    "TrainingHistory": "history",
    "TrainingDiverged": "training",
    "optimize_model": "update",
    "train": "training",
}
__all__ = [
    "CARTPOLE_ID",
    "DQN",
    "ONE_STEP_PROBE_ID",
    "PRESETS",
    "TWO_STEP_PROBE_ID",
    "Batch",
    "DQNConfig",
    "LiveTrainingPlot",
    "ReplayMemory",
    "TensorReplayMemory",
    "TrainingDiverged",
    "TrainingHistory",
    "Transition",
    "discounted_return",
    "epsilon_by_step",
    "evaluate",
    "get_preset",
    "greedy_action",
    "hard_update",
    "huber",
    "make_env",
    "optimize_model",
    "plot_durations",
    "plot_q_heatmap",
    "plot_training",
    "run_episodes",
    "select_action",
    "show_source",
    "soft_update",
    "td_error",
    "td_target",
    "train",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'dqn_helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"dqn_helpers.{_HOMES[name]}"), name)
    globals()[name] = value  # the next lookup does not come here
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


if TYPE_CHECKING:  # what type checkers and editors see
    from dqn_helpers.bellman import discounted_return, huber, td_error, td_target
    from dqn_helpers.config import PRESETS, DQNConfig, get_preset
    from dqn_helpers.envs import CARTPOLE_ID, ONE_STEP_PROBE_ID, TWO_STEP_PROBE_ID, make_env
    from dqn_helpers.evaluation import evaluate, run_episodes
    from dqn_helpers.history import TrainingHistory
    from dqn_helpers.policy import epsilon_by_step, greedy_action, hard_update, select_action, soft_update
    from dqn_helpers.qnet import DQN
    from dqn_helpers.replay import ReplayMemory, TensorReplayMemory
    from dqn_helpers.teaching.plots import LiveTrainingPlot, plot_durations, plot_q_heatmap, plot_training
    from dqn_helpers.teaching.source import show_source
    from dqn_helpers.training import TrainingDiverged, train
    from dqn_helpers.transitions import Batch, Transition
    from dqn_helpers.update import optimize_model
