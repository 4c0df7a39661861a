"""Tests of dqn_helpers.checkpoint: a faithful round trip, refusal of anything but our plain data, the shipped agent."""

import math
import os
import pickle
import sys
import zipfile
from pathlib import Path

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


def tampered(trained, tmp_path, change):
    """A copy of the trained checkpoint with ``change(payload)`` applied."""
    path, *_ = trained
    payload = torch.load(path, weights_only=True)
    change(payload)
    copy = tmp_path / "tampered.pt"
    torch.save(payload, copy)
    return copy


def set_key(key, value):
    def change(payload):
        payload[key] = value

    return change


def set_config(**changes):
    def change(payload):
        payload["config"].update(changes)
        if payload["history"] is not None:
            payload["history"]["config"].update(changes)

    return change


def drop_hidden(payload):
    del payload["config"]["hidden"]


def nan_weight(payload):
    payload["state_dict"]["layer2.weight"][0, 0] = math.nan


def wrong_shape(payload):
    payload["state_dict"]["layer1.weight"] = torch.zeros(3, 3)


def short_history(payload):
    payload["history"]["durations"] = payload["history"]["durations"][:-1]


def int_weights(payload):
    payload["best_state_dict"] = {k: v.to(torch.int64) for k, v in payload["state_dict"].items()}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            wrong_shape,
            r"state_dict\['layer1.weight'\] must be a float tensor of shape \(128, 4\) .*got a \(3, 3\) tensor",
        ),
        (nan_weight, r"state_dict\['layer2.weight'\] contains NaN or infinite numbers"),
        (int_weights, r"best_state_dict\['layer1.weight'\] must be a float tensor"),
        (drop_hidden, r"a config needs every DQNConfig field: missing \['hidden'\]"),
        (set_key("hidden", 256), r"its networks are 256 wide, but its config says hidden=128"),
        # a header that asks for a 20 000-wide network is refused before anything is allocated
        (set_config(hidden=20_000), r"hidden must be a whole number in 1 … 4_096, got 20000"),
        (set_config(env_id="MountainCar-v0"), r"takes 4 numbers and gives 2 Q-values, but MountainCar-v0 has 2 and 3"),
        (set_config(env_id="NoSuchEnv-v0"), r"unknown environment 'NoSuchEnv-v0'"),
        (set_config(gamma=7), r"gamma must be a number in \[0, 1\], got 7"),
        (set_key("config", [1, 2]), r"a config must be a dict"),
        (set_key("n_actions", "two"), r"n_actions must be a whole number in 1 … 4_096, got 'two'"),
        (set_key("state_dict", None), r"state_dict must hold the tensors"),
        (short_history, r"one entry per episode"),
        (set_key("history", {"durations": [1]}), r"a history needs exactly the keys"),
    ],
)
def test_a_damaged_or_inconsistent_checkpoint_is_refused_whole_before_anything_is_built(
    trained, tmp_path, monkeypatch, change, message
):
    path = tampered(trained, tmp_path, change)

    def no_network(*_args, **_kwargs):
        raise AssertionError("a network was built from a refused checkpoint")

    monkeypatch.setattr("dqn_helpers.checkpoint.DQN.__init__", no_network)
    with pytest.raises(CheckpointError, match=r"is not a usable dqn_helpers checkpoint: .*" + message) as error:
        load_checkpoint(path)
    assert "\n" not in str(error.value)  # one line


def test_an_env_id_that_would_import_a_module_is_refused_without_importing_it(trained, tmp_path):
    path = tampered(trained, tmp_path, set_config(env_id="this:CartPole-v1"))  # Gymnasium would `import this`
    with pytest.raises(CheckpointError, match=r"env_id must be a registered Gymnasium id"):
        load_checkpoint(path)
    assert "this" not in sys.modules


def test_damaged_files_are_called_damaged_not_dangerous(trained, tmp_path):
    path, *_ = trained
    genuine = path.read_bytes()
    cases = {
        "junk-in-front.pt": (b"JUNK" + genuine, r"not a torch.save archive \(it has bytes in front of one\)"),
        "truncated.pt": (genuine[: len(genuine) // 2], r"not a PyTorch checkpoint"),
        "first-200.pt": (genuine[:200], r"not a PyTorch checkpoint"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(CheckpointError, match=message) as error:
            load_checkpoint(tmp_path / name)
        assert "could run code" not in str(error.value) and "\n" not in str(error.value)
    assert zipfile.is_zipfile(path)  # the genuine one is a normal torch.save zip


def test_sizes_are_bounded_before_reading(trained, tmp_path, monkeypatch):
    path, *_ = trained
    monkeypatch.setattr("dqn_helpers.files.CHECKPOINT_MAX_BYTES", 1_000)
    with pytest.raises(CheckpointError, match=r"bytes; a checkpoint is at most 1_000"):
        load_checkpoint(path)
    bomb = tmp_path / "bomb.pt"  # small on disk, big when unpacked
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("checkpoint/data.pkl", b"\0" * 100_000)
    assert bomb.stat().st_size < 1_000
    with pytest.raises(CheckpointError, match=r"unpacks to 100_000 bytes; a checkpoint is at most 1_000"):
        load_checkpoint(bomb)


def test_saving_replaces_the_old_file_whole_or_not_at_all(trained, tmp_path, monkeypatch):
    _, net, config, history = trained
    target = tmp_path / "agent.pt"
    save_checkpoint(target, net, config, history)
    before = target.read_bytes()

    def full_disk(_payload, file):
        Path(file).write_bytes(b"half a checkp")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("dqn_helpers.checkpoint.torch.save", full_disk)
    with pytest.raises(OSError, match="No space"):
        save_checkpoint(target, net, config, history)
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["agent.pt"]
    with pytest.raises(TypeError, match="config must be a DQNConfig, got dict"):
        save_checkpoint(target, net, config.to_dict(), history)


def test_pretrained_checkpoint_is_the_default_preset_solved():
    """The checkpoint notebook 03 shows as "a trained network" is real: today's default preset, solved,
    and its greedy policy balances. `make pretrained` recreates it after the preset changes."""
    checkpoint = load_pretrained()
    assert checkpoint.config == PRESETS["default"], "the default preset changed: run `make pretrained`"
    assert checkpoint.history is not None and checkpoint.history.solved and checkpoint.history.seed == 0
    assert checkpoint.best_net is not None and checkpoint.agent is checkpoint.best_net  # the kept network ships
    durations = evaluate(checkpoint.agent, n_episodes=20)
    assert sum(durations) / len(durations) >= SOLVED_MEAN


def test_a_checkpoint_that_would_not_load_is_never_written(trained, tmp_path):
    from dqn_helpers import DQN

    _path, net, config, history = trained
    nan_net = DQN(4, 2, config.hidden)
    with torch.no_grad():
        nan_net.layer1.weight[0, 0] = math.nan
    refused = [
        ((DQN(4, 2, hidden=8), config), r"its networks are 8 wide, but its config says hidden=128"),
        (
            (DQN(3, 2, config.hidden), config),
            r"its network takes 3 numbers and gives 2 Q-values, but CartPole-v1 has 4 and 2",
        ),
        (
            (net, config.replace(gamma=0.5), history),
            "its history was trained with another config than the one it carries",
        ),
        ((nan_net, config), r"state_dict\['layer1.weight'\] contains NaN or infinite numbers"),
        (
            (net, config, None, DQN(4, 2, hidden=8)),
            r"best_state_dict\['layer1.weight'\] must be a float tensor of shape \(128, 4\)",
        ),
    ]
    for arguments, message in refused:
        with pytest.raises(
            ValueError, match=rf"cannot save to '.*agent.pt': the checkpoint would not load, as {message}"
        ):
            save_checkpoint(tmp_path / "agent.pt", *arguments)
    with pytest.raises(TypeError, match="history must be a TrainingHistory or None, got dict"):
        save_checkpoint(tmp_path / "agent.pt", net, config, {})
    for path in (None, "", tmp_path):
        with pytest.raises(
            ValueError, match=r"path must be the path of a file \(a str or a pathlib.Path, not a folder\)"
        ):
            save_checkpoint(path, net, config)
    assert list(tmp_path.iterdir()) == []  # nothing was written
