"""The prediction questions of notebook 03 (Q-network and ε-greedy), in the order it asks them."""

from dqn_helpers.teaching.questions import Question

QUESTIONS = [
    Question(
        "03.swinging-back",
        "Cart at rest in the middle; the pole leans 5° to the right but already swings back to the left "
        "at 1.5 rad/s. Which push does the trained network choose?",
        "Left, and by a wide margin (Q(left) is far above Q(right)). The pole is about to lean left, so "
        "the network pushes left now: it reacts to where the pole is going, not only to where it is. "
        "That is what the tilted boundary in the heatmap means.",
        answer=1,
        choices=(
            "right: push towards the side the pole leans",
            "left: push towards the side the pole is swinging",
            "no preference: the two Q-values are about equal",
        ),
    ),
    Question(
        "03.upright-q",
        "No discounted return of +1 rewards can exceed 1 / (1 − γ) = 100. What will the trained "
        "network's larger Q-value be for the upright, still pole (cart at rest in the middle)?",
        "Above 100: more than any return can be, so the network overestimates. The target takes the "
        "max over the network's own noisy estimates, and the max of noisy numbers is biased upwards; "
        "bootstrapping passes the bias on from state to state. (Double DQN, in notebook 04, is the "
        "standard way to reduce it.)",
        answer=2,
        choices=(
            "about 99.3, the return of a perfect 500-step episode",
            "about 500, one reward per step of a full episode",
            "above 100",
            "about 22, the length of a random episode",
        ),
    ),
    Question(
        "03.greedy-untrained",
        "Set ε = 0 from the first step: an untrained network plays greedily. Random play lasts about "
        "22 steps. How many steps does a typical untrained network's episode last? (a number: the next "
        "cell reports the median over 50 untrained networks)",
        "About 9–10 steps: shorter than random play. Near the upright start states an untrained network's "
        "output hardly changes, so most untrained networks push the same way in every state they meet, "
        "and pushing one way tips the pole over in 9–10 steps. A few are luckier, by chance. Greedy "
        "play alone would only ever see the consequences of that one push: the agent must explore.",
        answer=9.5,
        tolerance=2.0,
    ),
    Question(
        "03.non-greedy-share",
        "With ε = 0.3, what percentage of `select_action`'s choices will be the non-greedy action "
        "(push left, in a state where the greedy action is push right)? (a number, in %)",
        "About 15%, ε/2, not 30%. `select_action` takes a random action 30% of the time, but a random "
        "action is uniform over both actions, so half of those random actions are the greedy one anyway.",
        answer=15,
        tolerance=3.0,
    ),
]
