"""Save and load a trained agent: policy weights, the config and the training history.

A checkpoint is a plain ``dict`` of tensors, numbers, strings and lists written by ``torch.save``.
Loading uses ``torch.load(..., weights_only=True)``, which unpickles only such plain data: a file
that would run code when loaded (a pickle with a ``__reduce__`` payload) is refused, not executed.
"""

from __future__ import annotations

import pickle
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from dqn_helpers.qnet import DQN
from dqn_helpers.train import DQNConfig, TrainingHistory

FORMAT = "dqn_helpers.checkpoint"
VERSION = 1


class CheckpointError(ValueError):
    """The file is not a dqn_helpers checkpoint, or is not safe to load."""


@dataclass
class Checkpoint:
    """What :func:`load_checkpoint` returns."""

    policy_net: DQN
    config: DQNConfig
    history: TrainingHistory | None


def save_checkpoint(
    path: str | Path, policy_net: DQN, config: DQNConfig, history: TrainingHistory | None = None
) -> Path:
    """Write the weights, ``config`` and ``history`` to ``path`` (parent folders are created)."""
    if not isinstance(policy_net, DQN):
        raise TypeError(f"policy_net must be a dqn_helpers.DQN, got {type(policy_net).__name__}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "n_observations": policy_net.n_observations,
        "n_actions": policy_net.n_actions,
        "hidden": policy_net.layer1.out_features,
        "state_dict": {k: v.detach().clone() for k, v in policy_net.state_dict().items()},
        "config": config.to_dict(),
        "history": None if history is None else history.to_dict(),
    }
    torch.save(payload, path)
    return path


def load_checkpoint(path: str | Path) -> Checkpoint:
    """Load a checkpoint written by :func:`save_checkpoint`; refuse anything else with :class:`CheckpointError`."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint file at {str(path)!r}")
    if not zipfile.is_zipfile(path):  # torch.save writes a zip archive
        raise CheckpointError(f"{str(path)!r} is not a PyTorch checkpoint (not a torch.save archive)")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        # torch's message is a paragraph; the line naming the blocked object is the useful one
        lines = [line.strip() for line in str(error).splitlines()]
        reason = next((line for line in lines if "GLOBAL" in line or "Unpickler error" in line), "unknown object")
        raise CheckpointError(
            f"refused to load {str(path)!r}: it contains objects other than plain data, "
            f"which could run code when unpickled ({reason})"
        ) from None
    except Exception as error:  # a damaged archive: zip and pickle errors of many kinds
        raise CheckpointError(f"{str(path)!r} is not a readable PyTorch checkpoint ({type(error).__name__})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{str(path)!r} is a PyTorch file but not a dqn_helpers checkpoint")
    if payload.get("version") != VERSION:
        raise CheckpointError(
            f"{str(path)!r} has checkpoint version {payload.get('version')!r}; this dqn_helpers reads version {VERSION}"
        )
    try:
        policy_net = DQN(payload["n_observations"], payload["n_actions"], payload["hidden"])
        policy_net.load_state_dict(payload["state_dict"])
        config = DQNConfig(**payload["config"])
        history = None if payload["history"] is None else TrainingHistory.from_dict(payload["history"])
    except (KeyError, TypeError, RuntimeError, ValueError) as error:
        raise CheckpointError(f"{str(path)!r} is a damaged dqn_helpers checkpoint: {error}") from None
    policy_net.eval()
    return Checkpoint(policy_net=policy_net, config=config, history=history)


PRETRAINED = Path(__file__).resolve().parent / "data" / "default_seed0.pt"
"""A trained agent shipped with the package: ``train("default", seed=0)``, made by ``make pretrained``."""


def load_pretrained() -> Checkpoint:
    """The agent notebook 04 trains (preset ``default``, seed 0), shipped with the package for notebook 03.

    It installs with the package, so it loads on Colab and Binder too. Recreate it with
    ``make pretrained`` after changing the ``default`` preset (a test checks they match).
    """
    return load_checkpoint(PRETRAINED)
