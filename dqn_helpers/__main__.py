"""``python -m dqn_helpers``: see :mod:`dqn_helpers.cli`."""

import sys

from dqn_helpers.cli import main

sys.exit(main())
