"""Tests of dqn_helpers.checkpoint: a faithful round trip, refusal of anything but our plain data, the shipped agent."""

import math
import os
import pickle
import zipfile

import pytest
import torch

from dqn_helpers import PRESETS, evaluate, get_preset, train
from dqn_helpers.checkpoint import CheckpointError, load_checkpoint, load_pretrained, save_checkpoint
from dqn_helpers.history import SOLVED_MEAN


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    config = get_preset("tutorial", num_episodes=5, batch_size=16)
    history = train(config, seed=0)
    net = history.policy_net
    path = save_checkpoint(tmp_path_factory.mktemp("ckpt") / "sub" / "agent.pt", net, config, history)
    return path, net, config, history


def test_round_trip_restores_weights_config_and_history(trained):
    path, net, config, history = trained
    loaded = load_checkpoint(path)
    assert loaded.config == config
    for (name, a), (_, b) in zip(net.state_dict().items(), loaded.policy_net.state_dict().items(), strict=True):
        assert torch.equal(a, b), name
    assert loaded.history.durations == history.durations
    assert loaded.history.config == history.config and loaded.history.seed == 0
    assert [math.isnan(x) for x in loaded.history.losses] == [math.isnan(x) for x in history.losses]
    state = torch.randn(10, 4)
    assert torch.equal(loaded.policy_net(state), net(state))


def test_the_best_evaluated_network_is_saved_beside_the_last(tmp_path):
    config = get_preset("tutorial", num_episodes=6, batch_size=16, eval_every=2, eval_episodes=2)
    history = train(config, seed=1)
    path = save_checkpoint(tmp_path / "agent.pt", history.policy_net, config, history)
    loaded = load_checkpoint(path)
    state = torch.randn(10, 4)
    assert torch.equal(loaded.best_net(state), history.best_net(state))
    assert torch.equal(loaded.policy_net(state), history.policy_net(state))
    assert loaded.agent is loaded.best_net and loaded.history.best_net is loaded.best_net
    assert loaded.history.best_episode == history.best_episode and loaded.history.eval_means == history.eval_means
    assert f"after episode {history.best_episode}" in loaded.agent_name


def test_a_checkpoint_without_evaluations_hands_over_the_last_network(tmp_path):
    config = get_preset("tutorial", num_episodes=3, batch_size=16, eval_episodes=0)
    history = train(config, seed=0)
    loaded = load_checkpoint(save_checkpoint(tmp_path / "agent.pt", history.policy_net, config, history))
    assert history.best_net is None and loaded.best_net is None and loaded.agent is loaded.policy_net
    assert loaded.agent_name == "the last network"


class Exploit:
    """Unpickling this runs a shell command that creates ``marker``."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_with_code_is_refused_not_run(tmp_path):
    marker = tmp_path / "code-ran"
    path = tmp_path / "evil.pt"
    torch.save({"format": "dqn_helpers.checkpoint", "payload": Exploit(marker)}, path)
    with pytest.raises(CheckpointError, match=r"refused to load .*evil.pt.*plain data"):
        load_checkpoint(path)
    assert not marker.exists()
    pickle.loads(pickle.dumps(Exploit(marker)))  # the payload is real: a plain unpickle does run it
    assert marker.exists()


def test_a_plain_pickle_file_is_refused(tmp_path):
    path = tmp_path / "pickled.pt"
    marker = tmp_path / "code-ran"
    path.write_bytes(pickle.dumps(Exploit(marker)))
    with pytest.raises(CheckpointError):
        load_checkpoint(path)
    assert not marker.exists()


def test_a_file_that_is_not_a_checkpoint_is_refused(tmp_path):
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"definitely not a checkpoint")
    with pytest.raises(CheckpointError, match=r"is not a PyTorch checkpoint"):
        load_checkpoint(junk)
    foreign = tmp_path / "foreign.pt"
    torch.save({"weights": torch.zeros(3)}, foreign)
    with pytest.raises(CheckpointError, match=r"a PyTorch file but not a dqn_helpers checkpoint"):
        load_checkpoint(foreign)
    with pytest.raises(CheckpointError, match=r"no checkpoint file at"):
        load_checkpoint(tmp_path / "missing.pt")


def test_a_tampered_checkpoint_is_refused(trained, tmp_path):
    path, *_ = trained
    payload = torch.load(path, weights_only=True)
    payload["state_dict"]["layer1.weight"] = torch.zeros(3, 3)  # wrong shape
    tampered = tmp_path / "tampered.pt"
    torch.save(payload, tampered)
    with pytest.raises(CheckpointError, match=r"damaged dqn_helpers checkpoint"):
        load_checkpoint(tampered)
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(path.read_bytes()[:200])
    with pytest.raises(CheckpointError):
        load_checkpoint(truncated)
    assert zipfile.is_zipfile(path)  # the genuine one is a normal torch.save zip


def test_pretrained_checkpoint_is_the_default_preset_solved():
    """The checkpoint notebook 03 shows as "a trained network" is real: today's default preset, solved,
    and its greedy policy balances. `make pretrained` recreates it after the preset changes."""
    checkpoint = load_pretrained()
    assert checkpoint.config == PRESETS["default"], "the default preset changed: run `make pretrained`"
    assert checkpoint.history is not None and checkpoint.history.solved and checkpoint.history.seed == 0
    assert checkpoint.best_net is not None and checkpoint.agent is checkpoint.best_net  # the kept network ships
    durations = evaluate(checkpoint.agent, n_episodes=20)
    assert sum(durations) / len(durations) >= SOLVED_MEAN
