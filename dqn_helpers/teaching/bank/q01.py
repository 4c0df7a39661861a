"""The prediction questions of notebook 01 (Replay memory), in the order the notebook asks them.

Each explanation agrees with what the cell after the question shows, on any machine: the notebook
asserts it there.
"""

from dqn_helpers.teaching.questions import Question

QUESTIONS = [
    Question(
        "01.correlation",
        "Left: the pole angle at step t against step t+1 of the same episode. Right: the angle of each "
        "transition in a random sample against the next one in the sample. Which plot shows the points "
        "on a line, with ρ close to 1?",
        "Only the left one. Neighbouring steps are 0.02 s apart, so the angle has hardly changed: the "
        "points lie on a line and ρ is above 0.98. Neighbours in a random sample come from different "
        "moments of different episodes, so one tells almost nothing about the other: ρ is close to 0 "
        "(between -0.15 and 0.15 on any run).",
        answer=1,
        choices=(
            "Both: the sample holds the same steps",
            "Only the left one (consecutive steps)",
            "Only the right one (the random sample)",
            "Neither: the pole moves too fast",
        ),
    ),
    Question(
        "01.full-memory",
        "A `ReplayMemory(3)` receives the transitions 0, 1, 2, 3, 4, in that order. Which does it hold afterwards?",
        "2, 3 and 4. The memory is a `deque(maxlen=3)`: once it is full, `append` silently drops the "
        "element at the other end, the oldest. Pushing 3 drops 0 and pushing 4 drops 1: first in, first "
        "out (FIFO). A full memory never refuses a transition and never grows past its capacity.",
        answer=1,
        choices=(
            "0, 1 and 2: a full memory ignores new transitions",
            "2, 3 and 4: each new transition pushes out the oldest",
            "0, 1 and 4: each new transition replaces the newest",
            "None: pushing 3 raises an error because the memory is full",
        ),
    ),
    Question(
        "01.sample-too-many",
        "The memory now holds 3 transitions. What does `sample(4)` do?",
        "It raises a `ValueError` that says the memory holds only 3. `sample` draws without replacement "
        "(`random.sample`): 4 distinct transitions out of 3 do not exist, and it neither repeats one nor "
        "returns fewer. That is why the tutorial's training waits until the memory holds at least "
        "`BATCH_SIZE` transitions before it samples.",
        answer=2,
        choices=(
            "It returns the 3 transitions it has",
            "It returns 4 transitions, one of them twice",
            "It raises a `ValueError`",
            "It returns 4, the missing one as `None`",
        ),
    ),
    Question(
        "01.ring-rows",
        "Transitions 0 … 4 are pushed into a `TensorReplayMemory` of capacity 3, where push k writes row "
        "k mod 3. Reading rows 0, 1, 2 in order, which transitions do they hold?",
        "3, 4, 2. Pushes 0, 1, 2 fill rows 0, 1, 2; push 3 writes row 3 mod 3 = 0 and push 4 row "
        "4 mod 3 = 1, overwriting transitions 0 and 1. These are the same three transitions the deque "
        "kept (2, 3, 4), only not stored in the order they came: `transitions()` reads them back oldest "
        "first.",
        answer=1,
        choices=("2, 3, 4", "3, 4, 2", "4, 3, 2", "0, 1, 2"),
    ),
]
