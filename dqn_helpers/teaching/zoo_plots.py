"""Notebook 06's figures of the bug zoo (:mod:`dqn_helpers.teaching.zoo`): bands over seeds, and Q against G.

A *band* is what several seeds of one setting did: the median over seeds after each episode, and
the range from the lowest to the highest seed around it.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dqn_helpers import checks
from dqn_helpers.history import SOLVED_MEAN
from dqn_helpers.language import N_, _
from dqn_helpers.teaching import arguments
from dqn_helpers.teaching.zoo import PROBE_EVERY, VARIANTS, Zoo, ZooRun, load_zoo

CURVES = {  # how ZooRun holds each row of the zoo's figure, and what it shows (shown through _())
    "mean100": N_("100-episode mean"),
    "losses": N_("loss (episode mean)"),
    "mean_max_q": N_("mean max-Q of the batches"),
}
RANDOM_PLAY = 22  # CartPole-v1's mean episode length under uniformly random actions (notebook 00)
COLORS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown", "tab:pink", "tab:olive")


def series(runs: Sequence[ZooRun], curve: str) -> np.ndarray:
    """The curve of every run as a (seeds, episodes) array; a run that ended early is padded with NaN."""
    checks.one_of("curve", curve, (*CURVES, "q_estimate", "greedy_return"))
    rows = [np.asarray(getattr(run, curve), dtype=float) for run in runs]
    if not rows:
        raise ValueError("runs must hold at least one run, got none")
    out = np.full((len(rows), max(len(row) for row in rows)), np.nan)
    for i, row in enumerate(rows):
        out[i, : len(row)] = row
    return out


def band(runs: Sequence[ZooRun], curve: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(median, lowest, highest)`` over the runs after each episode (NaN where no run has a number)."""
    values = series(runs, curve)
    with np.errstate(all="ignore"), _quiet():
        return np.nanmedian(values, axis=0), np.nanmin(values, axis=0), np.nanmax(values, axis=0)


def draw_band(ax: Axes, x: np.ndarray, runs: Sequence[ZooRun], curve: str, color: str, label: str) -> None:
    """The median as a line and the range of the seeds as a shaded band around it (``label``: already translated)."""
    median, low, high = band(runs, curve)
    ax.fill_between(x, low, high, color=color, alpha=0.2, lw=0)
    ax.plot(x, median, color=color, lw=1.8, label=_("{label} ({seeds} seeds)").format(label=label, seeds=len(runs)))


def plot_variants(
    variants: Sequence[str], titles: Sequence[str] | None = None, zoo: Zoo | None = None, width: float = 2.3
) -> Figure:
    """One column per variant, one row per curve of :data:`CURVES`: the band of its seeds.

    ``titles`` (default: the variants' labels) head the columns; the exercise passes letters.
    """
    zoo = zoo or load_zoo()
    variants = [checks.one_of("variant", v, zoo.seeds) for v in _names("variants", variants)]
    titles = [_(VARIANTS[v].label) for v in variants] if titles is None else _names("titles", titles)
    if len(titles) != len(variants):
        raise ValueError(f"titles must hold one title per variant ({len(variants)}), got {len(titles)}")
    width = checks.number_in("width", width, 0.5, 10, note="inches per column")
    fig, axes = plt.subplots(3, len(variants), figsize=(width * len(variants), 6.6), sharex=True)  # own y scales
    axes = np.asarray(axes).reshape(3, len(variants))
    x = np.arange(1, zoo.episodes + 1)
    gamma = 0.99
    for column, (variant, title) in enumerate(zip(variants, titles, strict=True)):
        runs = zoo.runs_of(variant)
        for row, curve in enumerate(CURVES):
            ax = axes[row, column]
            draw_band(ax, x[: series(runs, curve).shape[1]], runs, curve, "tab:blue", _("median"))
            if curve == "mean100":
                top = float(np.nanmax(band(runs, curve)[2]))
                if top > 300:
                    ax.axhline(SOLVED_MEAN, color="tab:green", ls="--", lw=0.8)
                ax.axhline(RANDOM_PLAY, color="tab:gray", ls=":", lw=0.8)
                ax.set_ylim(0, 510 if top > 300 else max(40.0, 1.2 * top))
            if curve == "losses":
                ax.set_yscale("log")
            if curve == "mean_max_q" and float(np.nanmax(band(runs, curve)[2])) > 50:
                ax.axhline(1 / (1 - gamma), color="tab:red", ls=":", lw=0.8)  # no state is worth more
                ax.set_yscale("symlog", linthresh=100)
            if column == 0:
                ax.set_ylabel(_(CURVES[curve]))
        axes[0, column].set_title(title, fontsize=10)
        axes[2, column].set_xlabel(_("episode"))
    suptitle = _(
        "median and range over seeds (each panel its own scale); green: solved ({solved:g}); "
        "grey: random play ({random_play:g} steps); red: 1/(1-γ) = 100"
    )
    fig.suptitle(suptitle.format(solved=SOLVED_MEAN, random_play=RANDOM_PLAY), fontsize=9)
    fig.tight_layout()
    return fig


def plot_bands(variants: Sequence[str], curve: str = "mean100", zoo: Zoo | None = None, ax: Axes | None = None) -> Axes:
    """Several variants' bands of one curve on one plot, to compare them (e.g. Double DQN and the correct run)."""
    zoo = zoo or load_zoo()
    variants = [checks.one_of("variant", v, zoo.seeds) for v in _names("variants", variants)]
    checks.one_of("curve", curve, CURVES)
    if len(variants) > len(COLORS):
        raise ValueError(f"variants must name at most {len(COLORS)} variants, got {len(variants)}")
    arguments.instance_or_none("ax", ax, Axes, "matplotlib Axes")
    if ax is None:
        ax = plt.subplots(figsize=(7, 3.5))[1]
    for variant, color in zip(variants, COLORS, strict=False):
        runs = zoo.runs_of(variant)
        draw_band(ax, np.arange(1, series(runs, curve).shape[1] + 1), runs, curve, color, _(VARIANTS[variant].label))
    if curve == "mean100":
        ax.axhline(SOLVED_MEAN, color="tab:green", ls="--", lw=0.8)
    ax.set_xlabel(_("episode"))
    ax.set_ylabel(_(CURVES[curve]))
    ax.legend(fontsize=8, loc="upper left")
    return ax


def plot_overestimation(variants: Sequence[str] = ("correct", "double_dqn"), zoo: Zoo | None = None) -> Figure:
    """Left: max-Q on the fixed states (solid) and the greedy return from them (dashed). Right: their difference."""
    zoo = zoo or load_zoo()
    variants = [checks.one_of("variant", v, zoo.seeds) for v in _names("variants", variants)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6), sharex=True)
    for variant, color in zip(variants, COLORS, strict=False):
        runs, label = zoo.runs_of(variant), _(VARIANTS[variant].label)
        x = PROBE_EVERY * np.arange(1, series(runs, "q_estimate").shape[1] + 1)
        draw_band(left, x, runs, "q_estimate", color, _("{setting}: max-Q").format(setting=label))
        returns = _("{setting}: return G").format(setting=label)
        left.plot(x, band(runs, "greedy_return")[0], color=color, ls="--", lw=1.2, label=returns)
        gap = series(runs, "q_estimate") - series(runs, "greedy_return")
        with _quiet():
            right.fill_between(x, np.nanmin(gap, axis=0), np.nanmax(gap, axis=0), color=color, alpha=0.2, lw=0)
            right.plot(x, np.nanmedian(gap, axis=0), color=color, lw=1.8, label=label)
    left.axhline(100, color="tab:red", ls=":", lw=0.8, label="1/(1-γ) = 100")  # (a formula: not translated)
    right.axhline(0, color="black", lw=0.8)
    left.set_ylabel(_("mean over the fixed states"))
    right.set_ylabel(_("max-Q − G (above 0: overestimates)"))
    for ax in (left, right):
        ax.set_xlabel(_("episode"))
        ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    return fig


def _names(name: str, values: object) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Sequence) or not values:
        raise ValueError(f"{name} must be a non-empty list of names, got {arguments.shown(values)}")
    if not all(isinstance(v, str) for v in values):
        raise ValueError(f"{name} must hold only strings, got {arguments.shown(values)}")
    return list(values)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():  # "All-NaN slice encountered": an episode before any seed's first update
        warnings.simplefilter("ignore", RuntimeWarning)
        yield
