"""Notebook 06's prediction questions: no terminal mask, a bug that hides, bad luck, the max's bias, Double DQN."""

from dqn_helpers.teaching.questions import Question

QUESTIONS = [
    Question(
        "06.no-terminal-mask",
        "A TD loss that ignores `terminated`: every target is r + γ max Q'(s', a'), even for the step in which the "
        "pole fell. Trained like notebook 04's agent for 400 episodes, what do its episodes do?",
        "They get shorter than random play's: about 10 steps, on all four seeds. Nothing in the targets says that "
        "falling is bad, so Q climbs towards 1/(1-γ) = 100 for every state and action alike; the two actions look "
        "the same, and a network that cannot tell them apart picks one everywhere: the cart is pushed one way. "
        "The loss is nearly 0, because such targets are easy to fit.",
        answer=1,
        choices=(
            "they still reach 500 steps, only later than the correct agent's",
            "they get shorter than random play's, about 10 steps",
            "the loss becomes NaN and training stops",
        ),
    ),
    Question(
        "06.hidden-bug",
        "Truncation treated as termination: at CartPole's 500-step limit the target is r = 1 instead of "
        "1 + γ max Q'(s', a'). Over 400 episodes, seed for seed, how do its curves compare with the correct run's?",
        "Nearly the same: on the four seeds the final 100-episode means are within 22 steps of the correct run's "
        "(435 and 413, 103 and 103, 67 and 68, 500 and 500). Only the last step of a 500-step episode gets a wrong "
        "target, one transition in 500 of the best episodes and none in shorter ones. The curves cannot show this "
        "bug; a test such as notebook 04's check can.",
        answer=1,
        choices=(
            "very different: the agent never learns to balance",
            "nearly the same: the final means are within a few tens of steps",
            "better: it solves sooner than the correct run on every seed",
        ),
    ),
    Question(
        "06.unlucky",
        "A run of notebook 04's setting ends its 400 episodes with a 100-episode mean of 103, far below 475. The "
        "ten seeds of that setting in the zoo ended between 68 and 500. Bad luck, or a bug?",
        "As far as the curves can tell, bad luck: one of the ten correct seeds (901) ended at 103 and "
        "another at 68, so a run there is within the spread of a correct implementation. `is_my_run_unlucky` "
        "says so. Below every seed it would point to the closest bug; even then, check the loss with 04's check.",
        answer=0,
        choices=(
            "within the spread of correct runs: it can be bad luck",
            "a bug: a correct DQN reaches 475 within 400 episodes",
            "impossible to say without the Q-values",
        ),
    ),
    Question(
        "06.max-bias",
        "Two actions, both truly worth 0. The network's estimate of each is off by independent noise with mean 0 "
        "and standard deviation 1. On average, what is the larger of the two estimates? (A number.)",
        "About 0.56 (exactly 1/√π): the max picks whichever estimate happens to be higher, so on average it is "
        "above the truth although neither estimate is. With more actions, or more noise, the bias grows. The "
        "explorer below draws it.",
        answer=0.564,
        tolerance=0.06,
    ),
    Question(
        "06.double-reliability",
        "On the ten seeds 900–909, notebook 04's setting solves CartPole (a 100-episode mean of 475) within 400 "
        "episodes on 3. The same setting with the Double DQN target, on the same seeds?",
        "6 of 10. More, but ten seeds cannot tell 3 from 6 apart from luck (a Fisher exact test gives p = 0.37), "
        "and the course's larger measurement of its default preset (seeds 500–519, within 600 episodes) found 19 "
        "of 20 solving with Double DQN and 20 of 20 without.",
        answer=1,
        choices=(
            "clearly more: 9 or 10 of 10",
            "6 of 10: more, but within what luck alone gives with ten seeds",
            "fewer: 1 or none",
        ),
    ),
]
