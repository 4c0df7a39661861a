"""Rendering: record an episode's frames and turn them into an in-notebook animation.

Frames come from ``render_mode="rgb_array"`` (no display needed). The animation is matplotlib's
``FuncAnimation.to_jshtml``: plain HTML and JavaScript, no ffmpeg. Each frame costs about 16 KB
and 85 ms at the default size, so :func:`animate` keeps every ``every``-th frame and a small figure.
"""

from __future__ import annotations

import os
import sys

import gymnasium as gym
import matplotlib
import numpy as np
from gymnasium import spaces
from matplotlib import animation
from matplotlib import pyplot as plt

from dqn_helpers import checks
from dqn_helpers.envs import CARTPOLE_ID, make_env
from dqn_helpers.evaluation import Policy, as_action_function
from dqn_helpers.teaching import arguments

MAX_RECORDED_STEPS = 1_000  # a CartPole frame is 400 × 600 × 3 bytes, 0.7 MB: 1_000 steps keep 0.7 GB
MAX_WIDTH = 20  # inches of the animation (72 pixels each)


def use_headless_video_driver() -> bool:
    """On Linux without a display, tell SDL (pygame) to use its ``dummy`` video driver; ``True`` if it did.

    CartPole's ``rgb_array`` rendering calls ``pygame.init()``. On a Linux machine without a display
    (a server, CI, Colab) SDL then prints ``error: XDG_RUNTIME_DIR is invalid or not set`` straight
    to the process's stderr, and a Jupyter kernel shows that line in the notebook. Drawing into an
    off-screen surface needs no video driver, so the dummy one is enough. A driver the user chose
    (``SDL_VIDEODRIVER``) and machines with a display (``DISPLAY`` or ``WAYLAND_DISPLAY``) are left alone.
    """
    if not sys.platform.startswith("linux") or "SDL_VIDEODRIVER" in os.environ:
        return False
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return False
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    return True


def _rendering_env(env_id: str) -> gym.Env:
    """``env_id`` made with ``render_mode="rgb_array"`` if it draws pictures and has discrete actions."""
    env = make_env(env_id)  # refuses an unknown id
    modes, action_space = env.metadata.get("render_modes", []), env.action_space
    env.close()
    if "rgb_array" not in modes or not isinstance(action_space, spaces.Discrete):
        raise ValueError(
            f"env_id must be an environment with discrete actions that draws pictures (render_mode 'rgb_array'), "
            f"got {env_id!r} with render modes {modes} and actions {action_space}"
        )
    return make_env(env_id, render_mode="rgb_array")


def record_episode(
    policy: Policy = None, seed: int = 0, env_id: str = CARTPOLE_ID, max_steps: int = 500
) -> tuple[list[np.ndarray], int]:
    """Play one episode and return ``(frames, duration)``.

    ``policy`` is a Q-network (acts greedily), a function from observation to action, or ``None``
    for uniformly random actions (seeded by ``seed``).
    """
    seed = checks.seed("seed", seed)  # (a plain int: Gymnasium refuses NumPy's)
    max_steps = checks.whole_number("max_steps", max_steps, 1, MAX_RECORDED_STEPS)
    use_headless_video_driver()  # before pygame starts: no stray SDL warning in the notebook
    env = _rendering_env(env_id)
    try:
        env.action_space.seed(seed)
        act = as_action_function(policy, env)
        obs, _ = env.reset(seed=seed)
        frames = [np.asarray(env.render())]
        steps, done = 0, False
        while not done and steps < max_steps:
            obs, _reward, terminated, truncated, _ = env.step(act(obs))
            frames.append(np.asarray(env.render()))
            steps += 1
            done = terminated or truncated
    finally:
        env.close()
    return frames, steps


def animate(frames: list[np.ndarray], every: int = 1, fps: int = 30, width: float = 3.0) -> str:
    """An HTML/JavaScript player of ``frames[::every]`` (pass it to ``IPython.display.HTML``).

    ``frames`` is a list of images of one shape, ``(height, width, 3)`` as :func:`record_episode` makes them.
    """
    frames = arguments.frames("frames", frames)
    checks.whole_number("every", every)
    checks.positive_number("fps", fps, note="frames per second")
    checks.number_in("width", width, 0, MAX_WIDTH, low_open=True, note="inches")
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
