r"""The DQN loop as a data-flow diagram, drawn with matplotlib (:func:`dqn_dataflow`).

Where the tutorial shows a picture of its loop, notebook 04 draws this one: what flows from the
environment into the replay memory, from a batch into the two networks and the loss, back into the
policy network through the optimiser, and from the policy network into the target network.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from dqn_helpers.language import N_, _

# Each box: its centre (x, y) in a 12 × 7 frame and its label (in English: drawn through _(); a label that is
# only notation, such as "Q$_θ$(s, a)", has nothing to translate and is not marked for the catalog).
BOXES = {
    "env": ((1.5, 5.9), N_("environment\nCartPole-v1")),
    "memory": ((5.6, 5.9), N_("replay memory\n(s, a, r, s′, flags)")),
    "target": ((10.2, 5.9), N_("target network\nQ$_{θ'}$(s′, ·)")),
    "loss": ((10.2, 3.6), N_("TD loss\nHuber(Q$_θ$(s, a) − y)")),
    "act": ((1.5, 1.3), N_("ε-greedy\naction")),
    "policy": ((5.6, 1.3), N_("policy network\nQ$_θ$(s, ·)")),
    "optimizer": ((10.2, 1.3), N_("AdamW step\nθ ← θ − α∇$_θ$")),
}
ARROWS = [  # from, to, label, where the label goes (x, y), curvature (0: straight)
    ("env", "memory", N_("store (s, a, r, s′,\nterminated, truncated)"), (3.55, 6.15), 0.0),
    ("memory", "target", N_("batch: s′"), (7.9, 6.1), 0.0),
    ("memory", "policy", N_("batch: s, a"), (5.05, 3.6), 0.0),
    ("memory", "loss", N_("batch: r, terminated"), (8.4, 4.95), 0.0),
    (
        "target",
        "loss",
        N_("y = r + γ(1 − terminated)\n× max$_{a'}$ Q$_{θ'}$(s′, a′)\n(no gradient)"),
        (11.2, 4.75),
        0.0,
    ),
    ("policy", "loss", "Q$_θ$(s, a)", (7.4, 2.75), 0.0),
    ("loss", "optimizer", N_("∇$_θ$ loss"), (10.75, 2.45), 0.0),
    ("optimizer", "policy", N_("new θ"), (7.9, 1.0), 0.0),
    ("policy", "act", "Q$_θ$(s, ·)", (3.55, 1.0), 0.0),
    ("act", "env", N_("action a"), (0.95, 3.6), 0.0),
    ("policy", "target", N_("soft update\nθ′ ← τθ + (1 − τ)θ′"), (7.05, 4.0), 0.0),
]


def dqn_dataflow() -> Figure:
    """A figure of the DQN training loop: boxes for its parts, arrows labelled with what flows."""
    figure = Figure(figsize=(11, 6.2), dpi=80, layout="constrained")
    ax = figure.add_subplot()
    ax.set_xlim(0, 12)
    ax.set_ylim(0.4, 7)
    ax.axis("off")
    for (x, y), label in BOXES.values():
        ax.text(x, y, _(label), ha="center", va="center", fontsize=11,
                bbox={"boxstyle": "round,pad=0.6", "facecolor": "#eef3fb", "edgecolor": "#3b6bb5"})  # fmt: skip
    for start, end, label, (x, y), bend in ARROWS:
        soft = (start, end) == ("policy", "target")
        (x0, y0), (x1, y1) = BOXES[start][0], BOXES[end][0]
        shrink = 52 if abs(x1 - x0) > 2 * abs(y1 - y0) else 26  # boxes are wider than tall
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": "#b5533b" if soft else "#444", "shrinkA": shrink,
                                "shrinkB": shrink, "linestyle": "--" if soft else "-",
                                "connectionstyle": f"arc3,rad={bend}"})  # fmt: skip
        ax.text(x, y, _(label), ha="center", va="center", fontsize=8.5, color="#b5533b" if soft else "#333")
    ax.set_title(_("One step of DQN: act, store, sample, compute the loss, update θ, soft-update θ′"), fontsize=12)
    return figure
