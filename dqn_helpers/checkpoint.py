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

from dqn_helpers.config import DQNConfig
from dqn_helpers.history import TrainingHistory
from dqn_helpers.qnet import DQN

FORMAT = "dqn_helpers.checkpoint"
VERSION = 2  # 2 added the best evaluated network; version 1 files (without it) still load


class CheckpointError(ValueError):
    """The file is not a dqn_helpers checkpoint, or is not safe to load."""


@dataclass
class Checkpoint:
    """What :func:`load_checkpoint` returns: the last network, the best evaluated one (if any) and more."""

    policy_net: DQN
    config: DQNConfig
    history: TrainingHistory | None
    best_net: DQN | None = None

    @property
    def agent(self) -> DQN:
        """The network to use: the best evaluated one if training kept one, else the last."""
        return self.best_net if self.best_net is not None else self.policy_net

    @property
    def agent_name(self) -> str:
        """Which network :attr:`agent` is, in words."""
        if self.best_net is None or self.history is None or self.history.best_episode is None:
            return "the last network"
        return (
            f"the best network (after episode {self.history.best_episode}, "
            f"greedy evaluation {self.history.best_eval:.1f} during training)"
        )


def _weights(net: DQN) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in net.state_dict().items()}


def save_checkpoint(
    path: str | Path,
    policy_net: DQN,
    config: DQNConfig,
    history: TrainingHistory | None = None,
    best_net: DQN | None = None,
) -> Path:
    """Write the weights, ``config`` and ``history`` to ``path`` (parent folders are created).

    ``best_net`` (by default ``history.best_net``, the best evaluated network of the run) is saved
    beside the last weights, so the agent worth keeping survives a run that wobbled at the end.
    """
    if not isinstance(policy_net, DQN):
        raise TypeError(f"policy_net must be a dqn_helpers.DQN, got {type(policy_net).__name__}")
    if best_net is None and history is not None:
        best_net = history.best_net
    if best_net is not None and not isinstance(best_net, DQN):
        raise TypeError(f"best_net must be a dqn_helpers.DQN or None, got {type(best_net).__name__}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "n_observations": policy_net.n_observations,
        "n_actions": policy_net.n_actions,
        "hidden": policy_net.layer1.out_features,
        "state_dict": _weights(policy_net),
        "best_state_dict": None if best_net is None else _weights(best_net),
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
    if payload.get("version") not in (1, VERSION):
        raise CheckpointError(
            f"{str(path)!r} has checkpoint version {payload.get('version')!r}; this dqn_helpers reads version {VERSION}"
        )
    try:
        policy_net = DQN(payload["n_observations"], payload["n_actions"], payload["hidden"])
        policy_net.load_state_dict(payload["state_dict"])
        best_net = None
        if payload.get("best_state_dict") is not None:
            best_net = DQN(payload["n_observations"], payload["n_actions"], payload["hidden"])
            best_net.load_state_dict(payload["best_state_dict"])
            best_net.eval()
        config = DQNConfig(**payload["config"])
        history = None if payload["history"] is None else TrainingHistory.from_dict(payload["history"])
    except (KeyError, TypeError, RuntimeError, ValueError) as error:
        raise CheckpointError(f"{str(path)!r} is a damaged dqn_helpers checkpoint: {error}") from None
    policy_net.eval()
    if history is not None:
        history.policy_net, history.best_net = policy_net, best_net
    return Checkpoint(policy_net=policy_net, config=config, history=history, best_net=best_net)


PRETRAINED = Path(__file__).resolve().parent / "data" / "default_seed0.pt"
"""A trained agent shipped with the package: ``train("default", seed=0)``, made by ``make pretrained``."""


def load_pretrained() -> Checkpoint:
    """An agent trained by notebook 04's recipe (preset ``default``, seed 0), shipped for notebook 03.

    It installs with the package, so it loads on Colab and Binder too. Recreate it with
    ``make pretrained`` after changing the ``default`` preset (a test checks they match).
    """
    return load_checkpoint(PRETRAINED)
