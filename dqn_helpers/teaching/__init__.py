"""The course machinery learners use in the notebooks.

Explorers, self-checks, plots, animations, the chain MDP of notebook 02 and ``show_source``.
"""
