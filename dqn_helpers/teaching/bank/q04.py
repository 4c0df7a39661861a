"""Notebook 04's prediction questions: the broadcast slip, the target network's lag, the dip, the value of balance."""

from dqn_helpers.teaching.questions import Question

QUESTIONS = [
    Question(
        "04.broadcast",
        "`state_action_values` has shape (128, 1) because `.squeeze(1)` was forgotten; the targets have shape "
        "(128,). What shape does `state_action_values - targets` have?",
        "Broadcasting lines the shapes up from the right: (128, 1) against (128,) stretches both to (128, 128), so "
        "every Q-value is compared with every target. No error is raised; the loss is just wrong (F.smooth_l1_loss "
        "only warns). The next cell shows the shape.",
        answer=2,
        choices=("(128,)", "(128, 1)", "(128, 128)", "an error is raised"),
    ),
    Question(
        "04.target-lag",
        "τ = 0.005 is applied after every environment step, and the `default` preset learns every 4th step. About "
        "how many gradient updates does θ′ lag behind θ (the 1/τ rule, counted in updates)?",
        "The lag of a soft update is about 1/τ = 200 soft updates, and there is one per step. With one gradient "
        "update every 4 steps, 200 steps are 50 updates: per update, θ′ moves about 4τ = 2 % of the way.",
        answer=50,
        tolerance=5,
    ),
    Question(
        "04.dip",
        "Learning starts after about 50 episodes of near-random play (episodes of about 22 steps). What do the "
        "next few dozen episodes do?",
        "In all three atlas runs the 10-episode mean first falls below random play (to 12–16 steps): the young "
        "network prefers one action almost everywhere, and as ε falls the agent pushes one way, which drops the "
        "pole faster than random pushes. Those falls teach it; within about 50 more episodes it balances for "
        "hundreds of steps.",
        answer=1,
        choices=(
            "they grow steadily from about 22 steps",
            "they first get shorter than random play, then grow to hundreds of steps",
            "they stay near 22 steps until ε has decayed, then jump to 500",
        ),
    ),
    Question(
        "04.max-q",
        "Every step pays reward 1 and γ = 0.99. What is Q worth for a state from which the pole stays up forever?",
        "Q = 1 + γ + γ² + … = 1/(1 − γ) = 100. The network only estimates it, so a balancing agent's curve ends "
        "near 100, a little below or above; values far above 100 would mean overestimation running away.",
        answer=100,
        tolerance=1,
    ),
]
