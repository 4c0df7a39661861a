"""The checkpoint notebook 03 shows as "a trained network" is real: today's default preset, solved,
and its greedy policy balances. `make pretrained` recreates it after the preset changes."""

from dqn_helpers import PRESETS, evaluate
from dqn_helpers.checkpoint import load_pretrained
from dqn_helpers.train import SOLVED_MEAN


def test_pretrained_checkpoint_is_the_default_preset_solved():
    checkpoint = load_pretrained()
    assert checkpoint.config == PRESETS["default"], "the default preset changed: run `make pretrained`"
    assert checkpoint.history is not None and checkpoint.history.solved and checkpoint.history.seed == 0
    assert checkpoint.best_net is not None and checkpoint.agent is checkpoint.best_net  # the kept network ships
    durations = evaluate(checkpoint.agent, n_episodes=20)
    assert sum(durations) / len(durations) >= SOLVED_MEAN
