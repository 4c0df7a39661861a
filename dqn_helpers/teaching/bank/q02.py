"""The prediction questions of notebook 02 (Bellman, TD error, Huber loss), in the order it asks them."""

from dqn_helpers.teaching.questions import Question

QUESTIONS = [
    Question(
        "02.perfect-return",
        "Every CartPole reward is +1. What is the discounted return of a perfect 500-step episode "
        "with γ = 0.99? (a number)",
        "About 99.34. The return is the geometric sum (1 − 0.99^500) / (1 − 0.99): 0.99^500 is only "
        "0.0066, so the 500 rewards are worth almost, but never quite, 1 / (1 − γ) = 100. Rewards far "
        "in the future hardly count: the first 100 steps alone are already worth 63.4.",
        answer=99.34,
        tolerance=0.5,
    ),
    Question(
        "02.deterministic-bellman",
        "Two CartPole environments are reset with different seeds (so their random generators and "
        "start states differ). Then both are put into the same state s and pushed right. Are their "
        "next states s′ the same?",
        "Identical, to the last bit. The seed only picks the start state; `step` computes s′ from s "
        "and the push with fixed physics and draws no random number. So for CartPole s′ is a function "
        "of (s, a), and the Bellman equation needs no average over s′.",
        answer=0,
        choices=(
            "yes, identical: the next state depends only on s and the action",
            "no: each environment uses its own random generator in `step`",
            "no, but equal on average over many tries",
        ),
    ),
    Question(
        "02.truncated-target",
        "The 500th step of an episode: reward 1, the pole is still up, so the step is truncated "
        "(terminated=False). The network guesses max Q(s′, ·) = 80 and γ = 0.99. What is the TD target y? "
        "(a number)",
        "y = 1 + 0.99 · 80 = 80.2, the same as for an ordinary step. Truncation only stops the "
        "clock: the state after it has a future, so the target still bootstraps. Only a terminated "
        "step (the pole fell) gives y = r = 1.",
        answer=80.2,
        tolerance=0.05,
    ),
    Question(
        "02.first-episode",
        "The table starts at Q = 0 and the first episode walks the chain at random until it reaches "
        "the goal (α = 0.5). How many of the 10 table entries are no longer 0 after that episode? "
        "(a number)",
        "Just 1: Q(4, right), now 0.5. Every other step of the episode had reward 0 and a next state "
        "valued 0, so its target was 0 and its entry stayed 0. Only the last step saw the reward, and "
        "it moved its entry halfway (α = 0.5) towards 1. Values spread back from there in later episodes.",
        answer=1,
        tolerance=0,
    ),
    Question(
        "02.huber-share",
        "A batch of four TD errors: 0.1, −0.2, 0.3 and an outlier of 50. With the squared loss the "
        "outlier supplies 99% of the gradient. With the Huber loss, about what share does it supply?",
        "About 60%. Huber's gradient is δ itself for |δ| ≤ 1 and ±1 beyond, so the outlier "
        "pulls with 1 instead of 50: its share is 1 / (0.1 + 0.2 + 0.3 + 1) = 0.625. It still pulls hardest, "
        "but no longer drowns the other three.",
        answer=2,
        choices=("99%, as with the squared loss", "about 80%", "about 60%", "about 25%: an equal share"),
    ),
]
