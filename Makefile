# coursekit: two commands on a fresh machine.
#   make lab    set up .venv and open JupyterLab on notebooks/00-start-here.ipynb
#   make test   set up .venv (with the test tools) and run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

.PHONY: lab test setup setup-test lint html handouts bench classroom-test clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "coursekit needs Python 3.10 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files make a second `make lab` or `make test` start at once.
$(VENV)/.setup-lab: pyproject.toml lab/overrides.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	mkdir -p $(LAB_SETTINGS) && cp lab/overrides.json $(LAB_SETTINGS)/overrides.json
	touch $@

# configurable-http-proxy (npm) is the JupyterHub proxy the classroom tests start.
$(VENV)/.setup-test: pyproject.toml lab/overrides.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm (apt-get install nodejs npm)"; exit 1; }
	npm install --silent --no-audit --no-fund --prefix $(VENV) configurable-http-proxy@4
	mkdir -p $(LAB_SETTINGS) && cp lab/overrides.json $(LAB_SETTINGS)/overrides.json
	touch $(VENV)/.setup-lab $@

setup: $(VENV)/.setup-lab

setup-test: $(VENV)/.setup-test

# JupyterLab refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=$(CURDIR) notebooks/00-start-here.ipynb

lint: setup-test
	$(BIN)/ruff check src tests benchmarks notebooks exercises docs
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src

test: setup-test lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

html: setup
	$(BIN)/python -m coursekit.site --out _build/html

# Printable handouts (PDF, A4 and US Letter) with Debian's Chromium: see coursekit.handouts.
handouts: setup
	$(BIN)/coursekit handouts build --out _build/handouts --paper a4
	$(BIN)/coursekit handouts build --out _build/handouts/letter --paper letter

bench: setup-test
	$(BIN)/python benchmarks/import_time.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/hedge_eval.py
	$(BIN)/python benchmarks/attribution_eval.py
	$(BIN)/python benchmarks/false_alarms.py
	$(BIN)/python benchmarks/planted_eval.py

# A whole class through a real JupyterHub on this machine; prints the sizing figures.
STUDENTS ?= 30
classroom-test: setup-test
	$(BIN)/python tests/classroom/run.py --students $(STUDENTS)

clean:
	rm -rf $(VENV) _build test-artifacts
