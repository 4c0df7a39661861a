"""Helpers shared by several test files: a stand-in for IPython's display(), a hand-written CartPole policy,
and a hypothesis strategy for values of any kind."""

import torch
from hypothesis import strategies as st
from torch import nn


def anything(*more):
    """A hypothesis strategy for values of any kind (None, bools, huge integers, NaN, text, ...) and ``more``."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=6),
        *more,
    )


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
