"""Rendering: record an episode's frames and turn them into an in-notebook animation.

Frames come from ``render_mode="rgb_array"`` (no display needed). The animation is matplotlib's
``FuncAnimation.to_jshtml``: plain HTML and JavaScript, no ffmpeg. Each frame costs about 16 KB
and 85 ms at the default size, so :func:`animate` keeps every ``every``-th frame and a small figure.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib
import numpy as np
import torch
from matplotlib import animation
from matplotlib import pyplot as plt
from torch import nn

from dqn_helpers.envs import CARTPOLE_ID, make_env
from dqn_helpers.policy import greedy_action

Policy = nn.Module | Callable[[np.ndarray], int] | None


def record_episode(
    policy: Policy = None, seed: int = 0, env_id: str = CARTPOLE_ID, max_steps: int = 500
) -> tuple[list[np.ndarray], int]:
    """Play one episode and return ``(frames, duration)``.

    ``policy`` is a Q-network (acts greedily), a function from observation to action, or ``None``
    for uniformly random actions (seeded by ``seed``).
    """
    env = make_env(env_id, render_mode="rgb_array")
    env.action_space.seed(seed)
    try:
        obs, _ = env.reset(seed=seed)
        frames = [env.render()]
        steps, done = 0, False
        while not done and steps < max_steps:
            if policy is None:
                action = int(env.action_space.sample())
            elif isinstance(policy, nn.Module):
                action = greedy_action(policy, torch.as_tensor(obs, dtype=torch.float32))
            else:
                action = int(policy(obs))
            obs, _reward, terminated, truncated, _ = env.step(action)
            frames.append(env.render())
            steps += 1
            done = terminated or truncated
    finally:
        env.close()
    return frames, steps


def animate(frames: list[np.ndarray], every: int = 1, fps: int = 30, width: float = 3.0) -> str:
    """An HTML/JavaScript player of ``frames[::every]`` (pass it to ``IPython.display.HTML``)."""
    if not frames:
        raise ValueError("animate needs at least one frame, got an empty list")
    if every < 1:
        raise ValueError(f"every must be >= 1, got {every!r}")
    shown = frames[::every]
    height, frame_width = shown[0].shape[:2]
    with matplotlib.rc_context({"animation.embed_limit": 50}):
        fig, ax = plt.subplots(figsize=(width, width * height / frame_width), dpi=72)
        ax.set_axis_off()
        fig.subplots_adjust(0, 0, 1, 1)
        image = ax.imshow(shown[0])

        def show(i: int) -> list:
            image.set_data(shown[i])
            return [image]

        player = animation.FuncAnimation(fig, show, frames=len(shown), interval=1000 * every / fps)
        html = player.to_jshtml(default_mode="once")
        plt.close(fig)
    return html
