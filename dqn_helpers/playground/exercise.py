"""05's exercise: the self-check of a learner's rule for when a run is solved (:func:`check_solved_episode`).

CartPole-v1 is solved at the first episode ``i >= 99`` whose 100-episode mean (episodes ``i-99 … i``)
is at least 475. The check runs the learner's function on made-up runs with known answers, then on
every run of the playground's atlas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from dqn_helpers.history import SOLVED_MEAN, SOLVED_WINDOW
from dqn_helpers.language import _
from dqn_helpers.playground.atlas import load_atlas
from dqn_helpers.teaching.selfcheck import Wrong, run_check


def _solved_hint(durations: list[int], expected: int | None, got: object) -> str:
    """What a wrong ``solved_episode`` answer most likely got wrong."""
    if expected is None:
        return _("this run's 100-episode mean never reaches 475: return None")
    if got is not None and not isinstance(got, int | np.integer):
        return _("return the episode's index, a whole number, or None")
    if got is None:
        return (
            _("a 100-episode mean of exactly 475 counts: at least 475") if durations[0] == 475 else _("it does solve")
        )
    if got < SOLVED_WINDOW - 1:
        return _("a mean of fewer than 100 episodes does not count: the first full window ends at episode 99")
    if got == expected + 1:
        return _("episodes count from 0, like list indexes: the 100th episode is index 99")
    return _("one long episode is not enough: the mean of the last 100 must reach 475")


def check_solved_episode(solved_episode: Callable[[list[int]], int | None]) -> bool:
    """05: ``solved_episode(durations)``: the first episode ``i >= 99`` with a 100-episode mean ``>= 475``, or None."""

    def cases() -> Iterator[str]:
        known = [([500] * 100, 99), ([475] * 100, 99), ([500] * 50 + [10] * 250, None)]
        known += [([10] * 100 + [500] * 100, 194), ([200] * 300, None)]  # 194: 95 of the last 100 are 500
        for durations, expected in known:
            got = solved_episode(list(durations))
            if got != expected or (expected is None) != (got is None):
                hint = _solved_hint(durations, expected, got)
                raise Wrong(_("expected {expected}, got {got!r}: {hint}").format(expected=expected, got=got, hint=hint))
        yield _("{count} made-up runs").format(count=len(known))
        atlas = load_atlas()
        for run in atlas.runs:
            means = run.mean100
            expected = next((i for i in range(SOLVED_WINDOW - 1, len(means)) if means[i] >= SOLVED_MEAN), None)
            got = solved_episode(list(run.durations))
            if got != expected or (expected is None) != (got is None):
                point = f"EPS_DECAY {run.config.eps_decay:g}, τ {run.config.tau:g}, lr {run.config.lr:g}"
                text = _("the atlas run {point}, seed {seed}: expected {expected}, got {got!r}")
                raise Wrong(text.format(point=point, seed=run.seed, expected=expected, got=got))
        yield _("all {count} atlas runs").format(count=len(atlas.runs))

    return run_check(_("solved episode"), cases)
