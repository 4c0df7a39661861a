"""``python -m dqn_helpers``: see :mod:`dqn_helpers.tools.cli`."""

import sys

from dqn_helpers.tools.cli import main

sys.exit(main())
