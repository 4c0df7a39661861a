"""Notebook 06 reads learning curves: the zoo exercise (:func:`check_zoo_matches`) and "is my run unlucky?".

:func:`is_my_run_unlucky` puts a run (from 04, 05 or ``python -m dqn_helpers train``) among the shipped
seeds of its setting (:data:`~dqn_helpers.teaching.zoo.REFERENCES`): where its 100-episode mean sits
among theirs, as a percentile, and, when it is below every one of them, which of the zoo's bugs its
curves resemble most.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dqn_helpers import checks
from dqn_helpers.config import DQNConfig
from dqn_helpers.history import SOLVED_MEAN, SOLVED_WINDOW, TrainingHistory, moving_mean
from dqn_helpers.language import N_, _
from dqn_helpers.teaching import arguments
from dqn_helpers.teaching.selfcheck import Wrong, run_check
from dqn_helpers.teaching.zoo import EPISODES, REFERENCES, VARIANTS, Zoo, ZooRun, load_zoo, variant_config
from dqn_helpers.teaching.zoo_plots import band, draw_band, series

# The exercise: which curve is which bug. A fixed order, so that the solution and the hints are stable.
EXERCISE: dict[str, str] = {
    "A": "eps_never_decays",
    "B": "ignores_terminated",
    "C": "lr_x10",
    "D": "broadcast",
    "E": "target_never_updated",
    "F": "policy_net_target",
}
BUG_VARIANTS = tuple(v for v in VARIANTS if v not in REFERENCES)
EARLY = 150  # before this many episodes, runs of one setting have barely started to differ
WHERE = N_("at episode {episodes} its 100-episode mean, {mean:.0f}, is above {percentile:.0f} % of the {seeds} seeds")


def features(runs: Sequence[ZooRun]) -> dict[str, float]:
    """What a band of runs shows, from the median over seeds after each episode.

    ``end100``/``best100``: the last and best 100-episode mean; ``q_end``/``q_peak``: the last and highest
    mean max-Q; ``loss_end``: the last loss; ``g_end``/``g_best``: the last and best greedy return G.
    """
    medians = {name: band(runs, name)[0] for name in ("mean100", "mean_max_q", "losses", "greedy_return")}
    finite = {name: values[np.isfinite(values)] for name, values in medians.items()}
    if not all(values.size for values in finite.values()):
        raise ValueError("runs must have made updates (a loss and a max-Q) and probes (a greedy return)")
    return {
        "end100": float(finite["mean100"][-1]),
        "best100": float(finite["mean100"].max()),
        "q_end": float(finite["mean_max_q"][-1]),
        "q_peak": float(finite["mean_max_q"].max()),
        "loss_end": float(finite["losses"][-1]),
        "g_end": float(finite["greedy_return"][-1]),
        "g_best": float(finite["greedy_return"].max()),
    }


HINTS = {  # a question about what the curve shows, in the curve's own numbers (features()); shown through _()
    "eps_never_decays": N_("its 100-episode mean stays near {end100:.0f}, about random play's 22 steps, while max-Q "
    "climbs steadily to {q_end:.0f}: it learns something. Does it act on what it has learned?"),
    "ignores_terminated": N_("the loss is tiny ({loss_end:.3f}) and max-Q climbs steadily, to {q_end:.0f}, while "
    "the episodes last about {end100:.0f} steps: Q grows as if no episode ever ended. What should stop it?"),
    "lr_x10": N_("the 100-episode mean climbs to {best100:.0f}, then falls back to {end100:.0f}: what makes an "
    "update undo what earlier ones learned?"),
    "broadcast": N_("the agent does worse than random play ({end100:.0f} steps) while the loss grows to "
    "{loss_end:.1f} and max-Q creeps up to {q_end:.0f}: "
    "what if every Q(s, a) were pulled towards the average target of the whole batch?"),
    "target_never_updated": N_("max-Q settles at {q_end:.1f} and stays there: a target of r + γ × (almost 0). "
    "Which network computes max Q'(s', a'), and does it ever learn?"),
    "policy_net_target": N_("max-Q grows without bound, to {q_end:,.0f}, and the loss with it: what happens when "
    "every update also moves the target it is chasing?"),
    "residual_gradient": N_("it learns, but max-Q rises more slowly, to {q_end:.0f}: the update also "
    "moves the target towards Q(s, a). Which way should the gradient flow?"),
    "truncation_as_termination": N_("it looks like the correct run: the bug bites only at the 500-step limit."),
}  # fmt: skip


def exercise_figure(zoo: Zoo | None = None) -> Figure:
    """The exercise's curves, headed by letters only."""
    from dqn_helpers.teaching.zoo_plots import plot_variants

    return plot_variants(list(EXERCISE.values()), [_("curve {letter}").format(letter=k) for k in EXERCISE], zoo)


def check_zoo_matches(matches: Mapping[str, object], zoo: Zoo | None = None) -> bool:
    """06: ``matches`` maps each curve's letter to the bug it shows (a key of :data:`VARIANTS`)."""
    if not isinstance(matches, Mapping):
        raise TypeError(f"matches must be a dict from letter to bug, got {arguments.shown(matches)}")
    if all(value is Ellipsis for value in matches.values()):
        print(_("… bug zoo: not attempted yet. Replace each `...` with the name of a bug, or reveal the solution."))
        return False

    def cases() -> Iterator[str]:
        if set(matches) != set(EXERCISE):
            message = _("match each of the curves {letters} once, got the letters {got}")
            raise Wrong(message.format(letters=", ".join(EXERCISE), got=sorted(map(str, matches))))
        unknown = [f"{k}: {v!r}" for k, v in matches.items() if v not in BUG_VARIANTS]
        if unknown:
            message = _("{answers} is not one of the bugs: {bugs}")
            raise Wrong(message.format(answers="; ".join(unknown), bugs=", ".join(BUG_VARIANTS)))
        wrong = [letter for letter in EXERCISE if matches[letter] != EXERCISE[letter]]
        if wrong:
            shown_zoo, message = zoo or load_zoo(), _("curve {letter} is not {answer}: {hint}")
            hints = [message.format(letter=k, answer=matches[k], hint=_hint(EXERCISE[k], shown_zoo)) for k in wrong]
            count = _("{wrong} of {total} matches are wrong.").format(wrong=len(wrong), total=len(EXERCISE))
            raise Wrong(" ".join([count, *hints]))
        for letter, bug in EXERCISE.items():
            yield f"{letter}: {bug}"  # (a letter and a bug's name: no words to translate)

    return run_check(_("bug zoo"), cases)


def _hint(variant: str, zoo: Zoo) -> str:
    return _(HINTS[variant]).format(**features(zoo.runs_of(variant)))


@dataclass(frozen=True)
class Diagnosis:
    """Where a run sits among the shipped seeds of its setting, and what that suggests."""

    reference: str  # the zoo variant of the run's setting
    episodes: int  # episodes compared (the run's, at most the zoo's)
    percentile: float  # share of reference seeds whose 100-episode mean is below the run's, there (0 … 100)
    verdict: str  # in English, as notebooks compare it; is_my_run_unlucky prints it in the learner's language
    nearest_bug: str | None  # when the run is below every reference seed: the bug whose curves are closest
    mean100: tuple[float, ...]


def reference_for(config: DQNConfig) -> str:
    """The zoo variant with ``config``'s setting (episodes, early stop and evaluation aside); ``ValueError`` if none."""
    if not isinstance(config, DQNConfig):
        raise TypeError(f"config must be a DQNConfig, got {arguments.shown(config)}")
    comparable = config.replace(num_episodes=EPISODES, stop_when_solved=False, eval_episodes=0)
    comparable = comparable.replace(eval_every=variant_config("correct").eval_every, num_threads=1)
    for variant in REFERENCES:
        if variant_config(variant) == comparable:
            return variant
    covered = "; ".join(f"{v}: {VARIANTS[v].what}" for v in REFERENCES)
    raise ValueError(f"the zoo has no seeds of this run's setting; it has these ({covered})")


def is_my_run_unlucky(run: object, zoo: Zoo | None = None, show: bool = True) -> Diagnosis:
    """Put ``run`` among the shipped seeds of its setting; print the verdict and, with ``show``, plot it.

    ``run`` is a :class:`TrainingHistory`, the playground's run, or the path of a CLI ``history.json``.
    """
    config, durations, curves = _run_parts(run)
    zoo = zoo or load_zoo()
    reference = reference_for(config)
    refs = zoo.runs_of(reference)
    episodes = min(len(durations), zoo.episodes)
    if episodes == 0:
        raise ValueError("run must hold at least one finished episode, got none")
    mean100 = moving_mean(durations[:episodes])
    at = series(refs, "mean100")[:, episodes - 1]
    mine = mean100[-1]
    percentile = 100 * (float(np.sum(at < mine)) + 0.5 * float(np.sum(at == mine))) / len(at)
    solved = next((i for i in range(SOLVED_WINDOW - 1, episodes) if mean100[i] >= SOLVED_MEAN), None)
    nearest, lowest = None, float(at.min())
    numbers = {"episodes": episodes, "mean": mine, "percentile": percentile, "seeds": len(at), "lowest": lowest}
    if solved is not None:
        verdict = N_("solved at episode {solved}: not unlucky at all ({where})")
    elif episodes < EARLY:
        verdict = N_("too early to tell: seeds of one setting differ little before episode {early} ({where})")
    elif mine >= lowest:
        verdict = N_("within the spread of its setting: likely just a slow seed ({where}); train on and compare again")
    else:
        recorded = {name: values[:episodes] for name, values in curves.items() if len(values) >= episodes}
        nearest = _nearest_bug({**recorded, "mean100": mean100}, zoo)
        verdict = N_(
            "below every one of the {seeds} seeds at episode {episodes} ({mean:.0f} < {lowest:.0f}): more than "
            "bad luck. Its curves look most like the bug '{bug}' ({what})"
        )

    def say(tr: Callable[[str], str]) -> str:  # the verdict in English (tr = str) or the learner's language (tr = _)
        bug = {} if nearest is None else {"bug": tr(VARIANTS[nearest].label), "what": tr(VARIANTS[nearest].what)}
        return tr(verdict).format(where=tr(WHERE).format(**numbers), solved=solved, early=EARLY, **bug, **numbers)

    diagnosis = Diagnosis(reference, episodes, percentile, say(str), nearest, tuple(mean100))
    message = _("Among the {seeds} seeds of '{setting}': {verdict}")
    print(message.format(seeds=len(at), setting=_(VARIANTS[reference].label), verdict=say(_)))
    if show:
        plot_diagnosis(diagnosis, zoo)
    return diagnosis


def plot_diagnosis(diagnosis: Diagnosis, zoo: Zoo | None = None, ax: Axes | None = None) -> Axes:
    """The run's 100-episode mean over the percentile bands of its setting's seeds (and the nearest bug's band).

    Light: from the lowest to the highest seed; darker: the middle half (25th to 75th percentile).
    """
    if not isinstance(diagnosis, Diagnosis):
        raise TypeError(f"diagnosis must be what is_my_run_unlucky returned, got {arguments.shown(diagnosis)}")
    zoo = zoo or load_zoo()
    arguments.instance_or_none("ax", ax, Axes, "matplotlib Axes")
    if ax is None:
        ax = plt.subplots(figsize=(7, 3.5))[1]
    x = np.arange(1, zoo.episodes + 1)
    refs = zoo.runs_of(diagnosis.reference)
    draw_band(ax, x, refs, "mean100", "tab:blue", _(VARIANTS[diagnosis.reference].label))
    quartiles = np.percentile(series(refs, "mean100"), [25, 75], axis=0)
    ax.fill_between(x, *quartiles, color="tab:blue", alpha=0.25, lw=0, label=_("middle half of the seeds"))
    if diagnosis.nearest_bug is not None:
        bug = _("bug: {label}").format(label=_(VARIANTS[diagnosis.nearest_bug].label))
        draw_band(ax, x, zoo.runs_of(diagnosis.nearest_bug), "mean100", "tab:red", bug)
    ax.plot(np.arange(1, diagnosis.episodes + 1), diagnosis.mean100, color="black", lw=2, label=_("your run"))
    ax.axhline(SOLVED_MEAN, color="tab:green", ls="--", lw=0.8)
    ax.set(xlabel=_("episode"), ylabel=_("100-episode mean"), ylim=(0, 510))
    ax.legend(fontsize=8, loc="upper left")
    return ax


def _nearest_bug(run: dict[str, list[float]], zoo: Zoo) -> str:
    """The bug whose median curves are closest to the run's.

    The mean squared gap of each curve the run records, in units that make them comparable: the
    100-episode mean in 500 steps, max-Q in 100, the loss in decades (log10).
    """
    scales: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "mean100": lambda v: v / 500, "mean_max_q": lambda v: v / 100, "losses": np.log10,
    }  # fmt: skip

    def distance(variant: str) -> float:
        total = 0.0
        for name, scale in scales.items():
            mine = np.asarray(run.get(name, []), dtype=float)
            if mine.size:
                with np.errstate(all="ignore"):
                    gap = scale(mine) - scale(band(zoo.runs_of(variant), name)[0][: mine.size])
                if np.isfinite(gap).any():
                    total += float(np.nanmean(np.where(np.isfinite(gap), gap, np.nan) ** 2))
        return total

    return min((v for v in BUG_VARIANTS if v in zoo.seeds), key=distance)


def _run_parts(run: object) -> tuple[DQNConfig, list[int], dict[str, list[float]]]:
    """The config, durations, and per-episode losses and max-Q (if the run records them) of a run of any kind."""
    if isinstance(run, (str, Path)):
        path = Path(run)
        try:
            run = TrainingHistory.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as error:
            raise ValueError(f"run must be a history.json that `train` wrote, got {str(path)!r} ({error})") from None
    config, durations = getattr(run, "config", None), getattr(run, "durations", None)
    if not isinstance(config, DQNConfig) or not isinstance(durations, (list, tuple)):
        raise TypeError(
            "run must be a TrainingHistory, the playground's run, or the path of a history.json, "
            f"got {arguments.shown(run)}"
        )
    durations = [checks.whole_number(f"run.durations[{i}]", d, 0) for i, d in enumerate(durations)]
    curves = {name: list(getattr(run, name, [])) for name in ("losses", "mean_max_q")}
    return config, durations, curves
