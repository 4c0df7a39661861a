"""Tests of dqn_helpers.teaching.explorers, driven headlessly: move a slider, check the plot follows the math."""

import math
import os
import re

import numpy as np
import pytest
import torch

from dqn_helpers.teaching.explorers import (
    EPSILON_STEPS,
    discount_explorer,
    epsilon_explorer,
    huber_explorer,
    huber_gradient,
    policy_weight_path,
    target_tracking_explorer,
)


def plotted_y(explorer, axes=0, line=0):
    return np.asarray(explorer.figure.axes[axes].lines[line].get_ydata())


def test_discount_slider_replots_weights_and_horizon():
    explorer = discount_explorer(0.99)
    assert explorer.controls["gamma"].continuous_update is False
    assert explorer.data["horizon"] == pytest.approx(100.0)
    image = explorer.image.value
    explorer.controls["gamma"].value = 0.9
    assert explorer.redraws == 2 and explorer.image.value != image
    assert explorer.data["horizon"] == pytest.approx(10.0)
    np.testing.assert_allclose(explorer.data["weights"][:4], [1.0, 0.9, 0.81, 0.729])
    np.testing.assert_allclose(plotted_y(explorer), explorer.data["weights"])  # the figure shows the data
    # return of a T-step episode with reward 1 per step: (1 - γ^T) / (1 - γ)
    assert explorer.data["returns"][499] == pytest.approx((1 - 0.9**500) / 0.1)
    # the caption says the same in words: horizon 10, return (1 - 0.9^500) / 0.1 = 10.0
    assert explorer.caption.value == "γ = 0.900: the horizon 1/(1−γ) is 10 steps; a full 500-step episode returns 10.0."
    explorer.controls["gamma"].value = 0.99
    assert "horizon 1/(1−γ) is 100 steps" in explorer.caption.value and "returns 99.3" in explorer.caption.value


def test_huber_slider_moves_the_marker_and_the_gradient_saturates():
    explorer = huber_explorer()
    for delta, loss, grad in ((0.5, 0.125, 0.5), (3.0, 2.5, 1.0), (-3.0, 2.5, -1.0)):
        explorer.controls["delta"].value = delta
        assert explorer.data["loss_at_delta"] == pytest.approx(loss)
        assert explorer.data["grad_at_delta"] == pytest.approx(grad)
        marker = explorer.figure.axes[0].lines[2]
        assert marker.get_xdata()[0] == pytest.approx(delta) and marker.get_ydata()[0] == pytest.approx(loss)
        assert explorer.caption.value.startswith(f"δ = {delta:+.2f}: Huber loss {loss:.3f} with gradient {grad:+.3f}")
    np.testing.assert_allclose(explorer.data["huber_grad"], np.clip(explorer.data["deltas"], -1, 1), atol=1e-6)


@pytest.mark.parametrize("delta", [-3.0, -0.5, 0.0, 0.5, 3.0])
def test_huber_explorer_reports_the_squared_loss_beside_huber(delta):
    explorer = huber_explorer(delta)
    data = explorer.data
    assert data["squared_loss_at_delta"] == pytest.approx(0.5 * delta**2)
    assert data["squared_grad_at_delta"] == pytest.approx(delta)
    np.testing.assert_allclose(data["squared_grad"], data["deltas"])  # d(½δ²)/dδ = δ
    if abs(delta) <= 1:  # inside |δ| ≤ 1 Huber is the squared loss
        assert data["loss_at_delta"] == pytest.approx(data["squared_loss_at_delta"])
        assert data["grad_at_delta"] == pytest.approx(data["squared_grad_at_delta"])
    else:  # outside, Huber's gradient is capped at ±1
        assert data["grad_at_delta"] == pytest.approx(np.sign(delta))
    hollow = explorer.figure.axes[1].lines[3]  # the squared gradient's marker on the gradient plot
    assert hollow.get_ydata()[0] == pytest.approx(delta)


def test_huber_gradient_is_autograd_of_huber():
    grads = huber_gradient(torch.tensor([-2.0, -0.5, 0.0, 0.25, 4.0]))
    assert grads.tolist() == pytest.approx([-1.0, -0.5, 0.0, 0.25, 1.0])


def test_epsilon_sliders_replot_the_schedule_and_the_share_of_random_actions():
    explorer = epsilon_explorer(0.9, 0.05, 1000)
    eps = explorer.data["eps"]
    assert len(eps) == EPSILON_STEPS + 1
    assert eps[0] == pytest.approx(0.9) and eps[1000] == pytest.approx(0.05 + 0.85 / math.e)
    # 0.05 · 10 001 + 0.85 · (1 − r^10001) / (1 − r), r = e^(−1/1000): about 1 350 random actions
    assert explorer.caption.value == (
        "EPS_START = 0.90, EPS_END = 0.05, EPS_DECAY = 1000: about 1,350 random actions in the first 10,000 steps."
    )
    explorer.controls["eps_decay"].value = 5000
    assert explorer.data["eps"][5000] == pytest.approx(0.05 + 0.85 / math.e)
    assert "EPS_DECAY = 5000:" in explorer.caption.value
    explorer.controls["eps_start"].value = 1.0
    explorer.controls["eps_end"].value = 0.0
    share = explorer.data["share"]
    t = np.arange(EPSILON_STEPS + 1)
    expected = np.cumsum(np.exp(-t / 5000)) / (t + 1)  # mean of ε over the first t+1 steps
    np.testing.assert_allclose(share, expected, rtol=1e-6)
    assert explorer.data["expected_random"] == pytest.approx(np.exp(-t / 5000).sum())
    np.testing.assert_allclose(plotted_y(explorer, axes=1), share)
    assert explorer.message.value == ""


def test_epsilon_explorer_warns_when_end_exceeds_start():
    explorer = epsilon_explorer(0.5, 0.05, 1000)
    explorer.controls["eps_end"].value = 0.8
    assert "EPS_END is above EPS_START" in explorer.message.value
    explorer.controls["eps_end"].value = 0.1
    assert explorer.message.value == ""


def test_target_tracking_follows_soft_and_hard_update_rules():
    explorer = target_tracking_explorer(tau=0.5, hard_every=10)
    policy, soft, hard = explorer.data["policy"], explorer.data["soft"], explorer.data["hard"]
    np.testing.assert_allclose(policy, policy_weight_path())
    # θ' starts at 0 and follows θ'_t = θ'_{t-1} + τ (θ_t − θ'_{t-1})
    expected, value = [], 0.0
    for theta in policy:
        value += 0.5 * (theta - value)
        expected.append(value)
    np.testing.assert_allclose(soft, expected, rtol=1e-5, atol=1e-6)
    # the hard target copies θ at steps 10, 20, … and holds it in between
    assert hard[8] == 0.0 and hard[9] == policy[9]
    assert hard[109] == pytest.approx(policy[109]) and hard[115] == pytest.approx(policy[109])
    assert explorer.caption.value.startswith("τ = 0.5: the soft target lags about 1/τ = 2 steps behind")
    assert "copy made every 10 steps" in explorer.caption.value
    explorer.controls["tau"].value = 1.0
    np.testing.assert_allclose(explorer.data["soft"], policy)  # τ = 1: the target is the policy


def test_smaller_tau_lags_more():
    explorer = target_tracking_explorer(tau=0.1)
    fast = explorer.data["soft"][150]
    explorer.controls["tau"].value = 0.01
    slow = explorer.data["soft"][150]
    assert 0 < slow < fast < 1.0
    # after the jump from 0 to 1 at step 100 the gap shrinks by (1 − τ) per step: θ'_t = 1 − (1 − τ)^(t − 99)
    assert slow == pytest.approx(1 - 0.99**51, rel=1e-4)
    assert fast == pytest.approx(1 - 0.9**51, rel=1e-4)


def test_runs_under_the_expected_ipywidgets():
    """`make test` runs this file twice: with ipywidgets 8 (the lock) and with 7.7 (Colab's) on PYTHONPATH."""
    import ipywidgets

    expected = os.environ.get("DQN_EXPECT_IPYWIDGETS", "8")
    assert ipywidgets.__version__.split(".")[0] == expected, (ipywidgets.__version__, ipywidgets.__file__)


def test_notebook_kernels_see_the_same_ipywidgets():
    """nbval's kernels (--nbval-current-env) inherit this environment, PYTHONPATH included: in the
    ipywidgets 7.7 pass the notebooks really run with 7.7."""
    import ipywidgets
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        outputs = []
        reply = client.execute_interactive(
            "import ipywidgets; print(ipywidgets.__version__)", timeout=60, output_hook=outputs.append
        )
        assert reply["content"]["status"] == "ok"
        printed = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream").strip()
        assert printed == ipywidgets.__version__
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: discount_explorer(1.5), "gamma must be a number in [0.5, 0.999] (the slider's range), got 1.5"),
        (
            lambda: discount_explorer(float("nan")),
            "gamma must be a number in [0.5, 0.999] (the slider's range), got nan",
        ),
        (lambda: discount_explorer("x"), "gamma must be a number in [0.5, 0.999] (the slider's range), got 'x'"),
        (lambda: discount_explorer(0.1), "gamma must be a number in [0.5, 0.999] (the slider's range), got 0.1"),
        (lambda: huber_explorer(float("nan")), "delta must be a number in [-4, 4] (the slider's range), got nan"),
        (lambda: huber_explorer(100.0), "delta must be a number in [-4, 4] (the slider's range), got 100.0"),
        (lambda: epsilon_explorer(eps_decay=float("nan")), "eps_decay must be a number in [100, 10000] (the slider's"),
        (lambda: epsilon_explorer(eps_decay=float("inf")), "eps_decay must be a number in [100, 10000] (the slider's"),
        (
            lambda: epsilon_explorer(eps_decay=0),
            "eps_decay must be a number in [100, 10000] (the slider's range), got 0",
        ),
        (lambda: epsilon_explorer(eps_start=2.0), "eps_start must be a number in [0, 1] (the slider's range), got 2.0"),
        (
            lambda: epsilon_explorer(eps_end=float("nan")),
            "eps_end must be a number in [0, 1] (the slider's range), got nan",
        ),
        (lambda: target_tracking_explorer(tau=0.0), "tau must be a number in [0.001, 1] (the slider's range), got 0.0"),
        (
            lambda: target_tracking_explorer(tau=-1.0),
            "tau must be a number in [0.001, 1] (the slider's range), got -1.0",
        ),
        (lambda: target_tracking_explorer(hard_every=0), "hard_every must be a whole number in 1 … 500, got 0"),
        (lambda: target_tracking_explorer(hard_every=2.5), "hard_every must be a whole number in 1 … 500, got 2.5"),
        (lambda: policy_weight_path(-5), "steps must be a whole number in 1 … 100_000, got -5"),
        (lambda: policy_weight_path(2**40), "steps must be a whole number in 1 … 100_000, got 1099511627776"),
        (lambda: policy_weight_path(1.5), "steps must be a whole number in 1 … 100_000, got 1.5"),
    ],
)
def test_a_start_outside_the_slider_is_refused_not_clamped(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make()


def test_explorers_take_numpy_numbers():
    assert discount_explorer(np.float64(0.9)).values() == {"gamma": 0.9}
    explorer = target_tracking_explorer(tau=np.float32(0.5), hard_every=np.int64(10))
    assert explorer.values()["hard_every"] == 10
    assert epsilon_explorer(np.float64(0.9), np.float32(0.05), np.int64(1000)).values()["eps_decay"] == 1000


@pytest.mark.parametrize("delta, shown", [([1.0], "[1.0]"), (torch.tensor([1, 2]), "tensor([1, 2])"), (None, "None")])
def test_huber_gradient_needs_a_float_tensor(delta, shown):
    message = f"delta must be a tensor of floating-point numbers, such as torch.tensor([0.5]), got {shown}"
    with pytest.raises(TypeError, match=re.escape(message)):
        huber_gradient(delta)
