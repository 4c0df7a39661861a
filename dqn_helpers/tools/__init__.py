"""The maintainers' and learners' tools.

The command line (:mod:`~dqn_helpers.tools.cli`), :mod:`~dqn_helpers.tools.doctor` and the HTML site
(:mod:`~dqn_helpers.tools.site`).
"""
