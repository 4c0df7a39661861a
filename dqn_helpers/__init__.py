"""dqn_helpers: the tested code behind the course's Deep Q-Learning notebooks.

One module per idea, in the order the notebooks teach them: :mod:`~dqn_helpers.envs` and
:mod:`~dqn_helpers.render` (00), :mod:`~dqn_helpers.replay` (01), :mod:`~dqn_helpers.bellman` (02),
:mod:`~dqn_helpers.qnet` and :mod:`~dqn_helpers.policy` (03), :mod:`~dqn_helpers.train`,
:mod:`~dqn_helpers.evaluate` and :mod:`~dqn_helpers.checkpoint` (04), :mod:`~dqn_helpers.plots`; for the
notebooks also :mod:`~dqn_helpers.chain` (02), :mod:`~dqn_helpers.widgets` (sliders),
:mod:`~dqn_helpers.exercises` (self-checks) and :mod:`~dqn_helpers.source` (show the code).
"""

from dqn_helpers.bellman import discounted_return, huber, td_error, td_target
from dqn_helpers.envs import CARTPOLE_ID, ONE_STEP_PROBE_ID, TWO_STEP_PROBE_ID, make_env
from dqn_helpers.evaluate import evaluate, run_episodes
from dqn_helpers.plots import LiveTrainingPlot, plot_durations, plot_q_heatmap, plot_training
from dqn_helpers.policy import epsilon_by_step, greedy_action, hard_update, select_action, soft_update
from dqn_helpers.qnet import DQN
from dqn_helpers.replay import Batch, ReplayMemory, TensorReplayMemory, Transition
from dqn_helpers.source import show_source
from dqn_helpers.train import (
    PRESETS,
    DQNConfig,
    TrainingDiverged,
    TrainingHistory,
    get_preset,
    optimize_model,
    train,
)

__version__ = "0.1.0"

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
