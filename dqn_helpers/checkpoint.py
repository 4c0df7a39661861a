"""Save and load a trained agent: policy weights, the config and the training history.

A checkpoint is a plain ``dict`` of tensors, numbers, strings and lists written by ``torch.save``.
Loading uses ``torch.load(..., weights_only=True)``, which unpickles only such plain data: a file
that would run code when loaded (a pickle with a ``__reduce__`` payload) is refused, not executed.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from dqn_helpers import checks
from dqn_helpers.config import DQNConfig
from dqn_helpers.envs import env_dimensions, make_env
from dqn_helpers.files import archive_problem, atomic_path, file_path
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
    Everything is checked first, as :func:`load_checkpoint` would check the file, so a checkpoint
    that could not be loaded back is never written.
    """
    path = file_path("path", path)
    if not isinstance(policy_net, DQN):
        raise TypeError(f"policy_net must be a dqn_helpers.DQN, got {type(policy_net).__name__}")
    if history is not None and not isinstance(history, TrainingHistory):
        raise TypeError(f"history must be a TrainingHistory or None, got {type(history).__name__}")
    if best_net is None and history is not None:
        best_net = history.best_net
    if best_net is not None and not isinstance(best_net, DQN):
        raise TypeError(f"best_net must be a dqn_helpers.DQN or None, got {type(best_net).__name__}")
    if not isinstance(config, DQNConfig):
        raise TypeError(f"config must be a DQNConfig, got {type(config).__name__}")
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
    try:
        _build(payload)
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"cannot save to {str(path)!r}: the checkpoint would not load, as {error}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:  # the old file, or the whole new one: never half a checkpoint
        torch.save(payload, temporary)
    return path


def load_checkpoint(path: str | Path) -> Checkpoint:
    """Load a checkpoint written by :func:`save_checkpoint`; refuse anything else with :class:`CheckpointError`.

    The file is checked as a whole before any network is built from it: its size, its format, its
    config, the environment it was trained on (registered, with the states and actions the network
    has), the shape of every weight against the config, and that every weight is a finite number.
    Each refusal is one line that names the problem.
    """
    payload = _read(Path(path))
    try:
        return _build(payload)
    except (KeyError, TypeError, ValueError) as error:
        problem = f"it lacks {error}" if isinstance(error, KeyError) else str(error)
        raise CheckpointError(f"{str(path)!r} is not a usable dqn_helpers checkpoint: {problem}") from None


def _read(path: Path) -> dict[str, Any]:
    """The plain data in the file, read with ``weights_only=True`` once its size and form are checked."""
    name = repr(str(path))
    problem = archive_problem(path)
    if problem:
        raise CheckpointError(problem)
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        # torch's message is a paragraph. Only a reference to a Python object (a GLOBAL in the
        # pickle) could run code; any other failure means a damaged file.
        lines = [line.strip() for line in str(error).splitlines()]
        blocked = next((line for line in lines if "GLOBAL" in line), None)
        if blocked is None:
            raise CheckpointError(f"{name} is a damaged PyTorch checkpoint ({_reason(lines)})") from None
        raise CheckpointError(
            f"refused to load {name}: it contains objects other than plain data, "
            f"which could run code when unpickled ({blocked})"
        ) from None
    except Exception as error:  # a damaged archive: zip and pickle errors of many kinds
        raise CheckpointError(f"{name} is not a readable PyTorch checkpoint ({type(error).__name__})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{name} is a PyTorch file but not a dqn_helpers checkpoint")
    if payload.get("version") not in (1, VERSION):
        raise CheckpointError(
            f"{name} has checkpoint version {payload.get('version')!r}; this dqn_helpers reads version {VERSION}"
        )
    return payload


def _reason(lines: list[str]) -> str:
    """The line of torch's paragraph about a failed unpickling that says what failed."""
    for i, line in enumerate(lines):
        if "Unpickler error:" in line:
            rest = line.split("Unpickler error:", 1)[1].strip()
            return rest or (lines[i + 1] if i + 1 < len(lines) else "unreadable")
    return "unreadable"


def _check_weights(label: str, weights: object, shapes: dict[str, tuple[int, ...]]) -> dict[str, torch.Tensor]:
    """``weights`` if it is a state dict with exactly ``shapes``, of finite floating-point numbers."""
    if not isinstance(weights, dict) or sorted(weights) != sorted(shapes):
        found = sorted(map(str, weights)) if isinstance(weights, dict) else type(weights).__name__
        raise ValueError(f"{label} must hold the tensors {sorted(shapes)}, found {found}")
    for key, shape in shapes.items():
        tensor = weights[key]
        if not isinstance(tensor, torch.Tensor) or not tensor.is_floating_point() or tuple(tensor.shape) != shape:
            found = f"a {tuple(tensor.shape)} tensor" if isinstance(tensor, torch.Tensor) else type(tensor).__name__
            raise ValueError(f"{label}[{key!r}] must be a float tensor of shape {shape} (from the config), got {found}")
        if not torch.isfinite(tensor).all():
            raise ValueError(f"{label}[{key!r}] contains NaN or infinite numbers: the network it saved had diverged")
    return weights


def _build(payload: dict[str, Any]) -> Checkpoint:
    """Check ``payload`` whole (config, environment, shapes, finite weights), then build its networks."""
    config = DQNConfig.from_dict(payload["config"])
    n_observations = checks.whole_number("n_observations", payload["n_observations"], 1, checks.MAX_UNITS)
    n_actions = checks.whole_number("n_actions", payload["n_actions"], 1, checks.MAX_UNITS)
    if payload["hidden"] != config.hidden:
        raise ValueError(f"its networks are {payload['hidden']!r} wide, but its config says hidden={config.hidden}")
    env = make_env(config.env_id)  # ValueError for an id that is not registered here
    try:
        dimensions = env_dimensions(env)
    finally:
        env.close()
    if dimensions != (n_observations, n_actions):
        raise ValueError(
            f"its network takes {n_observations} numbers and gives {n_actions} Q-values, but {config.env_id} "
            f"has {dimensions[0]} and {dimensions[1]}"
        )
    shapes = DQN.parameter_shapes(n_observations, n_actions, config.hidden)
    weights = _check_weights("state_dict", payload["state_dict"], shapes)
    best = payload.get("best_state_dict")
    best_weights = None if best is None else _check_weights("best_state_dict", best, shapes)
    history = None if payload["history"] is None else TrainingHistory.from_dict(payload["history"])
    if history is not None and history.config != config:
        raise ValueError("its history was trained with another config than the one it carries")

    def network(state_dict: dict[str, torch.Tensor]) -> DQN:
        net = DQN(n_observations, n_actions, config.hidden)
        net.load_state_dict(state_dict)
        return net.eval()

    policy_net = network(weights)
    best_net = None if best_weights is None else network(best_weights)
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
