r"""The course's explorers, one per idea a slider makes visible.

Discounting (02), the Huber loss (02), the ε schedule (03) and the target network (04).

Each factory returns an :class:`~dqn_helpers.teaching.explorer.Explorer` (notebook 05's playground is
bigger and lives in :mod:`dqn_helpers.playground`). Display it (``explorer.widget``, or just
``explorer`` as the last line of a cell); tests drive it headlessly by setting
``explorer.controls[name].value`` and reading ``explorer.data``, the numbers the figure was drawn from.
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

from dqn_helpers import checks
from dqn_helpers.bellman import huber
from dqn_helpers.language import _
from dqn_helpers.policy import hard_update, soft_update
from dqn_helpers.teaching.explorer import Explorer, slider
from dqn_helpers.teaching.plots import epsilon_curve

SLIDER = "the slider's range"  # a starting value must be one the slider can show

# --- 02: discounting -------------------------------------------------------------------------------


def _draw_discount(fig: Figure, gamma: float) -> dict[str, Any]:
    horizon = math.inf if gamma >= 1.0 else 1.0 / (1.0 - gamma)
    steps = np.arange(0, 501)
    weights = gamma**steps
    ax_weights, ax_return = fig.subplots(1, 2)
    ax_weights.plot(steps, weights, color="tab:blue")
    if math.isfinite(horizon) and horizon <= steps[-1]:
        label = _("horizon 1/(1−γ) = {horizon:.0f}").format(horizon=horizon)
        ax_weights.axvline(horizon, color="tab:red", ls="--", label=label)
        ax_weights.legend(loc="upper right", fontsize="small")
    ax_weights.set(xlabel=_("steps ahead k"), ylabel=_(r"weight $\gamma^k$"), ylim=(0, 1.05), title=f"γ = {gamma:.3f}")
    # CartPole pays +1 per step: the return of an episode that lasts T steps is (1 - γ^T) / (1 - γ).
    returns = np.cumsum(weights)
    ax_return.plot(steps + 1, returns, color="tab:orange")
    ax_return.set(
        xlabel=_("episode length T"), ylabel=_(r"return $\sum_{k<T} \gamma^k$"), title=_("return of a T-step episode")
    )
    caption = (
        _("γ = {gamma:.3f}: the horizon 1/(1−γ) is {horizon:.0f} steps; a full 500-step episode returns {full:.1f}.")
        if math.isfinite(horizon)
        else _("γ = {gamma:.3f}: no discounting; a full 500-step episode returns {full:.1f}.")
    ).format(gamma=gamma, horizon=horizon, full=returns[499])
    return {"steps": steps, "weights": weights, "horizon": horizon, "returns": returns, "caption": caption}


def discount_explorer(gamma: float = 0.99) -> Explorer:
    r"""A γ slider over discounting.

    Shows the discount weights :math:`\gamma^k`, the effective horizon :math:`1/(1-\gamma)`, and the
    return :math:`\sum_{k<T}\gamma^k` of a CartPole episode of T steps (reward 1 per step).
    """
    checks.number_in("gamma", gamma, 0.5, 0.999, note=SLIDER)
    gamma_slider = slider(
        widgets.FloatSlider, "γ (GAMMA)", value=gamma, min=0.5, max=0.999, step=0.001, readout_format=".3f"
    )
    return Explorer({"gamma": gamma_slider}, _draw_discount, figsize=(9, 3))


# --- 02: Huber versus squared loss ----------------------------------------------------------------


def huber_gradient(delta: torch.Tensor) -> torch.Tensor:
    """D huber(δ) / dδ, computed by autograd (so it is the gradient training really uses)."""
    if not isinstance(delta, torch.Tensor) or not delta.is_floating_point():
        raise TypeError(f"delta must be a tensor of floating-point numbers, such as torch.tensor([0.5]), got {delta!r}")
    delta = delta.detach().clone().requires_grad_(True)
    huber(delta).sum().backward()
    assert delta.grad is not None
    return delta.grad


def _draw_huber(fig: Figure, delta: float) -> dict[str, Any]:
    deltas = torch.linspace(-4, 4, 401)
    squared, robust = 0.5 * deltas**2, huber(deltas)
    squared_grad, robust_grad = deltas, huber_gradient(deltas)
    at = torch.tensor([float(delta)])
    at_loss, at_grad = float(huber(at)), float(huber_gradient(at))
    at_squared_loss, at_squared_grad = 0.5 * float(delta) ** 2, float(delta)  # ½δ² and its gradient δ
    ax_loss, ax_grad = fig.subplots(1, 2)
    ax_loss.plot(deltas, squared, label=_(r"squared $\frac{1}{2}\delta^2$"), color="tab:gray")
    ax_loss.plot(deltas, robust, label="Huber", color="tab:blue")
    ax_loss.plot([delta], [at_loss], "o", color="tab:red")
    ax_loss.plot([delta], [at_squared_loss], "o", color="tab:gray", mfc="none")
    ax_loss.set(
        xlabel=_(r"TD error $\delta$"),
        ylabel=_("loss"),
        ylim=(0, 8),
        title=_("Huber({delta:+.2f}) = {loss:.3f} (squared: {squared:.3f})").format(
            delta=delta, loss=at_loss, squared=at_squared_loss
        ),
    )
    ax_loss.legend(loc="upper center", fontsize="small")
    ax_grad.plot(deltas, squared_grad, label=_(r"squared: $\delta$"), color="tab:gray")
    ax_grad.plot(deltas, robust_grad, label=r"Huber: clip($\delta$, −1, 1)", color="tab:blue")
    ax_grad.plot([delta], [at_grad], "o", color="tab:red")
    ax_grad.plot([delta], [at_squared_grad], "o", color="tab:gray", mfc="none")
    title = _("gradient at δ: {gradient:+.3f} (squared: {squared:+.2f})").format(gradient=at_grad, squared=delta)
    ax_grad.set(xlabel=_(r"TD error $\delta$"), ylabel=_("gradient"), title=title)
    ax_grad.legend(loc="upper left", fontsize="small")
    return {
        "deltas": deltas.numpy(),
        "squared": squared.numpy(),
        "huber": robust.numpy(),
        "squared_grad": squared_grad.numpy(),
        "huber_grad": robust_grad.numpy(),
        "delta": float(delta),
        "loss_at_delta": at_loss,
        "grad_at_delta": at_grad,
        "squared_loss_at_delta": at_squared_loss,
        "squared_grad_at_delta": at_squared_grad,
        "caption": _(
            "δ = {delta:+.2f}: Huber loss {loss:.3f} with gradient {gradient:+.3f}; "
            "the squared loss would be {squared_loss:.3f} with gradient {squared_gradient:+.3f}."
        ).format(
            delta=delta, loss=at_loss, gradient=at_grad, squared_loss=at_squared_loss, squared_gradient=at_squared_grad
        ),
    }


def huber_explorer(delta: float = 2.0) -> Explorer:
    r"""A δ slider over the squared and Huber losses and their gradients.

    Past :math:`|\delta| = 1` the Huber gradient stays at ±1, so one surprising transition cannot
    dominate an update.
    """
    checks.number_in("delta", delta, -4.0, 4.0, note=SLIDER)
    delta_slider = slider(
        widgets.FloatSlider, _("TD error δ"), value=delta, min=-4.0, max=4.0, step=0.05, readout_format="+.2f"
    )
    return Explorer({"delta": delta_slider}, _draw_huber, figsize=(9, 3))


# --- 03: the ε schedule ---------------------------------------------------------------------------

EPSILON_STEPS = 10_000  # steps shown by epsilon_explorer (CartPole: a few dozen to a few hundred episodes)


def _draw_epsilon(fig: Figure, eps_start: float, eps_end: float, eps_decay: float) -> dict[str, Any]:
    steps = np.arange(EPSILON_STEPS + 1)
    eps = epsilon_curve(steps, eps_start, eps_end, eps_decay)
    share = np.cumsum(eps) / (steps + 1)  # expected fraction of random actions among the first t+1 steps
    ax_eps, ax_share = fig.subplots(1, 2)
    ax_eps.plot(steps, eps, color="tab:purple")
    ax_eps.axhline(eps_end, color="gray", ls=":", lw=1)
    decay = _("EPS_DECAY = {eps_decay:g}: gap × 1/e").format(eps_decay=eps_decay)
    ax_eps.axvline(eps_decay, color="tab:red", ls="--", lw=1, label=decay)
    ax_eps.set(xlabel=_("steps done t"), ylabel=r"$\varepsilon(t)$", ylim=(0, 1.02), title=_(r"$\varepsilon$ schedule"))
    ax_eps.legend(loc="upper right", fontsize="small")
    ax_share.plot(steps, share, color="tab:green")
    expected_random = float(np.sum(eps))
    ax_share.set(
        xlabel=_("steps done t"),
        ylabel=_("share of random actions so far"),
        ylim=(0, 1.02),
        title=_("expected random actions in {steps:,} steps: {expected:,.0f}").format(
            steps=EPSILON_STEPS, expected=expected_random
        ),
    )
    message = ""
    if eps_end > eps_start:  # notebook 03 checks the ⚠, which every translation keeps
        message = _("⚠ EPS_END is above EPS_START, so ε <em>grows</em>; DQNConfig would refuse this.")
    caption = _(
        "EPS_START = {eps_start:.2f}, EPS_END = {eps_end:.2f}, EPS_DECAY = {eps_decay:g}: "
        "about {expected:,.0f} random actions in the first {steps:,} steps."
    ).format(eps_start=eps_start, eps_end=eps_end, eps_decay=eps_decay, expected=expected_random, steps=EPSILON_STEPS)
    return {
        "steps": steps, "eps": eps, "share": share, "expected_random": expected_random,
        "message": message, "caption": caption,
    }  # fmt: skip


def epsilon_explorer(eps_start: float = 0.9, eps_end: float = 0.05, eps_decay: float = 1000) -> Explorer:
    r"""Sliders for ``EPS_START``, ``EPS_END``, ``EPS_DECAY`` over the ε schedule.

    Shows :math:`\varepsilon(t)` and the expected share of random actions among the first t steps,
    :math:`\frac{1}{t+1}\sum_{k \le t} \varepsilon(k)`.
    """
    checks.number_in("eps_start", eps_start, 0.0, 1.0, note=SLIDER)
    checks.number_in("eps_end", eps_end, 0.0, 1.0, note=SLIDER)
    checks.number_in("eps_decay", eps_decay, 100, 10_000, note=SLIDER)
    controls = {
        "eps_start": slider(widgets.FloatSlider, "EPS_START", value=eps_start, min=0.0, max=1.0, step=0.01),
        "eps_end": slider(widgets.FloatSlider, "EPS_END", value=eps_end, min=0.0, max=1.0, step=0.01),
        "eps_decay": slider(widgets.IntSlider, "EPS_DECAY", value=int(eps_decay), min=100, max=10_000, step=100),
    }
    return Explorer(controls, _draw_epsilon, figsize=(9, 3))


# --- 04: the target network -----------------------------------------------------------------------

TRACKING_STEPS = 1_500


def policy_weight_path(steps: int = TRACKING_STEPS) -> np.ndarray:
    """A made-up policy weight θ(t): 0, a jump to 1 at step 100 (a burst of learning), a drop to 0.5 at step 900."""
    checks.whole_number("steps", steps, 1, 100_000)
    t = np.arange(steps)
    return np.select([t < 100, t < 900], [0.0, 1.0], 0.5).astype(np.float32)


def _draw_tracking(fig: Figure, tau: float, hard_every: int) -> dict[str, Any]:
    policy_path = policy_weight_path()
    # Three one-weight "networks", updated by the very functions training uses.
    theta, soft_target, hard_target = (nn.ParameterList([nn.Parameter(torch.zeros(1))]) for _net in range(3))
    soft, hard = np.empty_like(policy_path), np.empty_like(policy_path)
    for t, value in enumerate(policy_path):
        with torch.no_grad():
            theta[0].fill_(float(value))
        soft_update(soft_target, theta, tau)  # θ' ← τθ + (1−τ)θ'
        if (t + 1) % hard_every == 0:
            hard_update(hard_target, theta)  # θ' ← θ
        soft[t], hard[t] = soft_target[0].item(), hard_target[0].item()
    ax = fig.subplots()
    steps = np.arange(len(policy_path))
    ax.plot(steps, policy_path, color="black", lw=1.5, label=_(r"policy weight $\theta$"))
    soft_label = _(r"soft target, $\tau$ = {tau:.3g} (lag ≈ 1/τ = {lag:.0f} steps)").format(tau=tau, lag=1 / tau)
    ax.plot(steps, soft, color="tab:blue", label=soft_label)
    hard_label = _("hard target, copied every {every} steps").format(every=hard_every)
    ax.plot(steps, hard, color="tab:orange", drawstyle="steps-post", label=hard_label)
    title = _("how the target network follows the policy network")
    ax.set(xlabel=_("step"), ylabel=_("weight"), ylim=(-0.1, 1.45), title=title)
    ax.legend(loc="lower right", fontsize="small")
    caption = _(
        "τ = {tau:.3g}: the soft target lags about 1/τ = {lag:.0f} steps behind; "
        "the hard target is a copy made every {every} steps."
    ).format(tau=tau, lag=1 / tau, every=hard_every)
    return {"policy": policy_path, "soft": soft, "hard": hard, "caption": caption}


def target_tracking_explorer(tau: float = 0.005, hard_every: int = 200) -> Explorer:
    r"""A τ slider (log scale) and a hard-update period: how a target network follows the policy.

    A target weight :math:`\theta'` follows a changing policy weight :math:`\theta` under
    :math:`\theta' \leftarrow \tau\theta + (1-\tau)\theta'` every step, and under a copy every
    ``hard_every`` steps.
    """
    checks.number_in("tau", tau, 0.001, 1.0, note=SLIDER)
    hard_every = checks.whole_number("hard_every", hard_every, 1, 500)
    controls = {
        "tau": slider(
            widgets.FloatLogSlider, "τ (TAU)", value=tau, base=10, min=-3, max=0, step=0.1, readout_format=".3g"
        ),
        "hard_every": slider(widgets.IntSlider, _("hard update every"), value=hard_every, min=1, max=500, step=1),
    }
    return Explorer(controls, _draw_tracking, figsize=(9, 3.2))
