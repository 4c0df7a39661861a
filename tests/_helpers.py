"""Helpers shared by several test files: a stand-in for IPython's display() and a hand-written CartPole policy."""

import torch
from torch import nn


class Screen:
    """Stands in for IPython's display(): records what was shown and every update of the handle.

    Pass it where code takes a ``display`` (the playground), or put it in place of
    ``IPython.display.display`` with monkeypatch (the live training plot).
    """

    def __init__(self):
        self.shown, self.updates = [], []

    def __call__(self, obj, display_id=False):
        self.shown.append(obj)
        screen = self

        class Handle:
            def update(self, new):
                screen.updates.append(new)

        return Handle() if display_id else None


class AlwaysLeft(nn.Module):
    """A 'network' that always prefers action 0 (push left): CartPole fails within a few dozen steps."""

    def forward(self, state):
        return torch.stack([torch.ones_like(state[..., 0]), torch.zeros_like(state[..., 0])], dim=-1)
