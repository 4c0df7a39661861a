# The course's two commands (see README.md). Each sets up .venv on its first run.
#   make lab   - open the notebook series in JupyterLab
#   make test  - run every test: lint, unit tests, the end-to-end training run, every notebook (nbval)
# For maintainers:
#   make notebooks   - after editing notebooks/NN_name.py, regenerate the paired .ipynb (no outputs)
#   make pretrained  - retrain the checkpoint notebook 03 shows (after changing the default preset)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test notebooks pretrained clean

$(STAMP): requirements-lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

notebooks: $(STAMP)
	$(BIN)/jupytext --sync notebooks/[0-9][0-9]_*.py

pretrained: $(STAMP)
	$(BIN)/python -m dqn_helpers train --preset default --seed 0 --out runs/pretrained
	cp runs/pretrained/checkpoint.pt dqn_helpers/data/default_seed0.pt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
