"""Notebook 05's prediction questions: a too-high lr, τ before learning starts, no exploration, the seeds."""

from dqn_helpers.teaching.questions import Question

QUESTIONS = [
    Question(
        "05.lr-too-high",
        "The atlas trains the default setting with lr = 1e-2 instead of 1e-3 (three seeds, 400 episodes). What "
        "do the three seeds do, compared with the default's?",
        "Not faster: at episode 150 the 1e-2 and 1e-3 seeds overlap. Then the big steps keep moving the Q-values, "
        "and the targets computed from them, too far to settle: no seed's 100-episode mean gets past 350 and "
        "none solves, while all three default seeds solve by episode 385.",
        answer=1,
        choices=(
            "they learn faster and solve sooner than the default",
            "they are no faster at first, then stay far below solved",
            "the loss becomes NaN and training stops",
        ),
    ),
    Question(
        "05.tau-before-learning",
        "The atlas runs each seed with τ = 0.005, 0.05 and 1; everything else, the seed included, is the same. "
        "Updates begin once the memory holds 1 000 transitions (`learning_starts`). For how long are the three "
        "runs of one seed identical, episode for episode?",
        "At least until the episode in which the 1 000th step is taken (episode 52–59 for the default's seeds), "
        "for every "
        "seed at every grid point. The target network is read only inside an update; before the first one the "
        "policy network never changes, so θ′ ← θ′ + τ(θ − θ′) keeps θ′ = θ whatever τ is, and the seeded "
        "ε draws pick the same actions. Once updates begin, τ changes the targets, and the default's seeds "
        "part within 20 episodes.",
        answer=1,
        choices=(
            "not even one episode: τ acts from the first step",
            "until learning starts, then they part",
            "all 400 episodes: with a good network τ makes no difference",
        ),
    ),
    Question(
        "05.no-exploration",
        "ε = 0 from the first step, seed 1. The untrained network pushes the cart the same way in every state, "
        "so each episode lasts about 9 steps, and learning starts after about 110 episodes. What do the "
        "episodes after that look like?",
        "Still about 9 steps. Every transition in the memory has the same action, so each update fits only that "
        "action's Q-value (and pushes it up towards the +1 rewards); the other action is never tried, never a "
        "target, and its Q-value does not overtake. The cell checks that updates did happen. With ε > 0 the "
        "memory would hold both actions and the agent could learn which is better.",
        answer=0,
        choices=(
            "still about 9 steps: the agent keeps pushing one way",
            "they climb to hundreds of steps, as with the default's exploration",
            "they alternate pushes and balance perfectly at once",
        ),
    ),
    Question(
        "05.seed-spread",
        "The default setting's three seeds end within 15 steps of each other. Across all 27 atlas settings, what "
        "is the median gap between the best and the worst seed's final 100-episode mean?",
        "About 90 steps (93): the default is unusually tight. With EPS_DECAY 500 and τ = 1 the three seeds end "
        "at 133, 500 and 155. A difference between two settings smaller than this spread may be only the seeds.",
        answer=1,
        choices=("under 20 steps, like the default", "about 90 steps", "about 300 steps"),
    ),
    Question(
        "05.reliable-settings",
        "How many of the atlas's 27 settings solve CartPole (a 100-episode mean of 475) with all three seeds "
        "within 400 episodes?",
        "One: the default (EPS_DECAY 2000, τ 0.005, lr 1e-3). EPS_DECAY 8000 solves with two seeds, three settings "
        "with one seed each, and 22 with none. One of the one-seed settings is EPS_DECAY 500 with τ = 1: seed 1 "
        "solves, the other two end near 150. Run only seed 1 and you would call it a good setting.",
        answer=1,
        tolerance=0,
    ),
]
