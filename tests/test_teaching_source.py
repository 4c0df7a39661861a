"""Tests of dqn_helpers.teaching.source: showing the package's source in a notebook."""

import pytest

from dqn_helpers import show_source
from dqn_helpers.teaching.source import source_of


def test_show_source_shows_the_package_code():
    from dqn_helpers.bellman import td_target

    markdown = show_source(td_target)
    assert markdown.data.startswith("```python\ndef td_target(") and markdown.data.endswith("```")
    assert "return reward + gamma * bootstrap * next_q_max" in source_of(td_target)
    with pytest.raises(ValueError, match="no source code available for 3"):
        source_of(3)
