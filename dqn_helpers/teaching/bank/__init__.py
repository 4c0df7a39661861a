"""The prediction questions of each notebook: ``q00`` for notebook 00, and so on (see :mod:`..questions`)."""
