"""Notebook 05's playground.

:mod:`~dqn_helpers.playground.model` (knobs and runs), :mod:`~dqn_helpers.playground.figure` (the
picture), :mod:`~dqn_helpers.playground.controls` (the widgets), :mod:`~dqn_helpers.playground.ui`
(training behind them) and :mod:`~dqn_helpers.playground.atlas` (precomputed runs).
"""
