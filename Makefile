# The course's two commands (see README.md). Each sets up .venv on its first run.
#   make lab   - open the notebook series in JupyterLab
#   make test  - run every test: lint, type checks (mypy), unit tests, the end-to-end training run, every notebook (nbval),
#                the Binder replay and the browser tests; then the widget tests and every notebook
#                again under ipywidgets 7.7 (Colab's)
# For maintainers:
#   make notebooks   - after editing notebooks/NN_name.py or notebooks/zh/NN_name.py, regenerate the paired .ipynb
#   make catalog     - after changing a message of the package, update and compile the Chinese catalog
#   make pretrained  - retrain the checkpoint notebook 03 shows (after changing the default preset)
#   make html        - execute every notebook, both languages, and write a static site to site/ (site/index.html, site/zh/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
W7     := $(VENV)/ipywidgets7
W7STAMP := $(W7)/.installed
# Debian's Chromium, for the browser tests (Playwright drives it; it never downloads a browser).
CHROMIUM ?= /usr/bin/chromium
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# torch comes first, on its own, with PyTorch's CPU index beside PyPI: on Linux that index's
# 2.13.0+cpu wins over PyPI's 2.13.0, which would pull several GB of CUDA packages (on macOS and
# Windows PyPI's build is the CPU one anyway). Then the lock installs everything else.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
TORCH_PIN  := $(shell grep -m1 '^torch==' requirements-lock.txt)

.PHONY: lab test notebooks catalog pretrained html clean

$(STAMP): requirements-lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "requirements-lock.txt is pinned for Python 3.11, and $(PYTHON) is " + sys.version.split()[0] + ": run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --retries 2 --no-deps \
		--extra-index-url $(TORCH_INDEX) "$(TORCH_PIN)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(W7STAMP): requirements-ipywidgets7.txt $(STAMP)
	rm -rf $(W7)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --target $(W7) -r requirements-ipywidgets7.txt
	touch $(W7STAMP)

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests ..."
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# A Chinese font for the browser, so the screenshots of the Chinese notebooks show characters, not boxes
# (the plots use mplfonts' font, from the lock; a learner's own browser has its system's fonts).
$(CJK_FONT):
	@echo "Installing Debian's fonts-noto-cjk for the browser tests of the Chinese notebooks ..."
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

test: $(STAMP) $(W7STAMP) $(CHROMIUM) $(CJK_FONT)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	DQN_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest
	@echo "--- again with ipywidgets 7.7 (Colab's): the widget tests and every English notebook (the Chinese ones run the same code) ---"
	PYTHONPATH=$(abspath $(W7)) DQN_EXPECT_IPYWIDGETS=7 $(BIN)/python -m pytest -p no:cacheprovider \
		tests/test_teaching_explorers.py tests/test_teaching_questions.py tests/test_teaching_overestimation.py \
		tests/test_playground_ui.py notebooks/[0-9][0-9]_*.ipynb

notebooks: $(STAMP)
	$(BIN)/jupytext --sync notebooks/[0-9][0-9]_*.py notebooks/zh/[0-9][0-9]_*.py

catalog: $(STAMP)
	$(BIN)/python -m dqn_helpers catalog

pretrained: $(STAMP)
	$(BIN)/python -m dqn_helpers train --preset default --seed 0 --out runs/pretrained --force
	cp runs/pretrained/checkpoint.pt dqn_helpers/data/default_seed0.pt

html: $(STAMP)
	$(BIN)/python -m dqn_helpers html --out site --force

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache artifacts site
