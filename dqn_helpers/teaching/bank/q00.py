"""The prediction questions of notebook 00 (CartPole: the task), in the order the notebook asks them.

Each explanation agrees with what the cell after the question shows, on any machine: the notebook
asserts it there.
"""

from dqn_helpers.teaching.questions import Question

QUESTIONS = [
    Question(
        "00.clock-stops",
        "The same random episode (same start, same coin flips) is played again, but this time a clock "
        "stops it after 10 steps. What does `step` return at step 10?",
        "The clock ends the episode, not the task: earlier, with the 500-step clock, this episode's pole "
        "stayed up for more than 10 steps, so at step 10 it is still within the limits. The task has not "
        "ended (`terminated=False`); the `TimeLimit` has (`truncated=True`). The next cell prints the angle, "
        "still inside ±0.209 rad.",
        answer=1,
        choices=(
            "`terminated=True, truncated=False`: the episode is over, so the task ended",
            "`terminated=False, truncated=True`: the clock stopped it with the pole still up",
            "`terminated=True, truncated=True`: both, since the episode ended",
            "`terminated=False, truncated=False`: the episode goes on",
        ),
    ),
    Question(
        "00.random-length",
        "Push left or right by coin flip, from 200 different starts. How many steps does the pole stay up "
        "on average? (Type a number; within ±4 of the answer counts as right.)",
        "About 22 steps: the next cell measures the mean of 200 random episodes, and on any machine it lies "
        "between 18 and 26. That is under half a second of simulated time (a step is 0.02 s); most episodes "
        "are even shorter than the mean, a few last 50 steps or more, none comes near 500.",
        answer=22,
        tolerance=4,
    ),
    Question(
        "00.lean-score",
        "Random play lasts about 22 steps. How long will pushing towards the lean (the sign of the angle) "
        "last on average, over the same 200 starts?",
        "About twice as long, some 40 steps: the next cell measures between 1.5 and 2.5 times the random "
        "mean, and still under 50 steps (one second). Reacting to the lean keeps the pole up a little longer, "
        "but no episode comes near 500: the next cells show why.",
        answer=1,
        choices=(
            "About the same as random play: the pole falls anyway",
            "About twice as long, still under a second (50 steps)",
            "About ten times as long, a few hundred steps",
            "The full 500 steps: the pole never falls",
        ),
    ),
    Question(
        "00.look-ahead",
        "Now push towards `angle + angular_velocity` instead of the angle alone, from the same start as "
        "the plot above (where the lean policy fell). How does this episode end?",
        "It never falls: the angular velocity says where the pole is going, so the push brakes each swing "
        "before it overshoots, and the swings shrink instead of growing, to a fraction of a degree. "
        "The pole never comes near 12°, and at step 500 the `TimeLimit` truncates the episode: "
        "`terminated=False, truncated=True`.",
        answer=2,
        choices=(
            "The pole falls a little later than with the lean policy, before step 100",
            "The pole falls sooner: the velocity only adds noise to the angle",
            "The pole never falls: the 500-step clock truncates the episode",
        ),
    ),
    Question(
        "00.look-ahead-failures",
        "Over 200 starts, the look-ahead heuristic keeps the pole up for 500 steps in most episodes. "
        "What ends the few that terminate earlier?",
        "The cart leaves the track. The heuristic looks only at the pole (numbers 2 and 3), never at the "
        "cart's position or velocity, so while it balances the pole the cart drifts, and now and then it "
        "rolls past ±2.4 m before the clock runs out. The pole itself never comes close to 12° in any of "
        "the 200 episodes.",
        answer=1,
        choices=(
            "The pole still falls past 12°, only later",
            "The cart rolls past ±2.4 m, off the track",
            "Nothing: every one of the 200 episodes reaches 500 steps",
        ),
    ),
]
