# Course harness. Every target does the set-up it needs first and is fast when already done.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
KERNEL := ml-course
NB ?=
SCALE ?= quick
SEED ?= 42
PORT ?= 8888
JOBS ?= 2
SEEDS ?= 1 2 3
N ?= 20
CHAPTERS ?=
UV := $(VENV)/bin/uv
LOCK := requirements-lock.txt
LOCK_NODEPS := requirements-data-nodeps-lock.txt
SUPPORTED_PYTHONS := 3.11, 3.12, 3.13

NOTEBOOKS := $(if $(NB),$(NB),$(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb)))
# the Keras chapters (10 and up) take longest: given first, workers end together (pytest-xdist keeps this order)
LONG_FIRST := $(filter notebooks/1%,$(NOTEBOOKS)) $(filter-out notebooks/1%,$(NOTEBOOKS))
# Quiet, deterministic TensorFlow and no network for tests and committed outputs.
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export KERAS_BACKEND ?= tensorflow
export PYTHONHASHSEED := 0
export MPLBACKEND := module://matplotlib_inline.backend_inline
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup data-offline lab test test-unit test-seeds test-lab sync execute run results bench lint lock clean \
	check-params \
	check-python

check-params:
	@case "$(SCALE)" in quick|full|smoke) ;; *) echo "SCALE must be quick, full or smoke, not '$(SCALE)'" >&2; exit 2;; esac
	@case "$(SEED)" in ''|*[!0-9]*) echo "SEED must be a non-negative integer, not '$(SEED)'" >&2; exit 2;; esac
	@case "$(N)" in ''|*[!0-9]*) false;; *) [ "$(N)" -gt 0 ];; esac || \
	  { echo "N must be a positive integer, not '$(N)'" >&2; exit 2; }
	@for nb in $(NOTEBOOKS); do [ -f "$$nb" ] || { echo "no such notebook: $$nb (see notebooks/)" >&2; exit 2; }; done

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

check-python:  # the lock serves Python 3.11-3.13 (numpy 2.4 needs >= 3.11)
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)' 2>/dev/null || { \
	  echo "Python $$($(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '?') at" \
	       "'$(PYTHON)' is not supported: use Python $(SUPPORTED_PYTHONS), e.g. make setup PYTHON=python3.12" >&2; exit 2; }
	@if [ -x $(PY) ] && [ "$$($(PY) -c 'import sys; print(sys.version_info[:2])')" != \
	     "$$($(PYTHON) -c 'import sys; print(sys.version_info[:2])')" ]; then \
	  echo "$(VENV) was made with another Python than $(PYTHON): remove it (rm -rf $(VENV)) or use VENV=.venv-other" >&2; \
	  exit 2; fi

# Installs the hashed lock (every package, transitive ones included, at one version with its sha256).
$(VENV)/.installed: $(LOCK) $(LOCK_NODEPS) pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r $(LOCK)
	$(PY) -m pip install -q --no-deps --require-hashes -r $(LOCK_NODEPS)
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (ML course)" >/dev/null
	@# no "get notified about official Jupyter news" pop-up on first start
	$(VENV)/bin/jupyter labextension disable --level=sys_prefix "@jupyterlab/apputils-extension:announcements" >/dev/null 2>&1
	@touch $@

lock: $(VENV)/.installed  ## regenerate the hashed lock files from requirements*.txt (universal: Python 3.11-3.13)
	$(UV) pip compile requirements.txt --universal --python-version 3.11 --generate-hashes --quiet \
	  --custom-compile-command "make lock" -o $(LOCK)
	$(UV) pip compile requirements-data-nodeps.txt --no-deps --universal --python-version 3.11 --generate-hashes \
	  --quiet --custom-compile-command "make lock" -o $(LOCK_NODEPS)
	@echo "lock: wrote $(LOCK) and $(LOCK_NODEPS); run make setup to install them"

data-offline:  ## install the Debian data package (Fashion-MNIST) where apt and root are available
	@if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then \
	  echo "data: Fashion-MNIST already installed (dataset-fashion-mnist)"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null) \
	    || echo "data: could not install dataset-fashion-mnist; chapters 10+ will download Fashion-MNIST when online"; \
	else \
	  echo "data: skipping dataset-fashion-mnist (needs Debian/Ubuntu apt as root: sudo apt-get install dataset-fashion-mnist);"; \
	  echo "      chapters 10+ will download Fashion-MNIST through Keras when online"; \
	fi

setup: $(VENV)/.installed data-offline  ## virtualenv, pinned requirements, editable utils, Jupyter kernel, offline data

lab: setup  ## JupyterLab on notebooks/ (works as root too)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --no-browser --ip=127.0.0.1 --port=$(PORT) \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)

test: check-params setup  ## unit tests + every notebook re-executed by nbval, offline, in parallel
	COURSE_OFFLINE=1 $(PY) -m pytest $(LONG_FIRST) tests -m "not browser" --ignore=tests/fixtures --nbval-lax --nbval-current-env \
	  --nbval-sanitize-with tests/sanitize.cfg --nbval-cell-timeout=900 \
	  -n $(JOBS) --dist loadfile -q -rfE -p nbsummary

test-unit: setup  ## unit tests only (seconds)
	COURSE_OFFLINE=1 $(PY) -m pytest tests -m "not browser" -q

test-seeds: check-params setup  ## every notebook at other seeds (SEEDS="1 2 3"), offline, $(JOBS) at a time -> build/seeds/
	$(PY) tools/seeds.py --seeds "$(SEEDS)" --jobs $(JOBS) --scale $(SCALE) --out build/seeds $(NOTEBOOKS)

test-lab: setup  ## headless Chromium: chapter 01 run through JupyterLab's UI (build/lab/), the revision guide offline
	@command -v chromium >/dev/null || { echo "test-lab needs Debian's chromium: apt-get install -y chromium" >&2; exit 2; }
	COURSE_OFFLINE=1 $(PY) -m pytest tests/browser/test_jupyterlab.py tests/test_revision.py -m browser -q -rfE -p no:xdist

sync: setup  ## bring each notebook and its paired notebooks/py/NN_name.py in step (the newer one's cells win)
	$(VENV)/bin/jupytext --sync --quiet $(NOTEBOOKS)

execute: check-params setup  ## re-run notebooks in place at default parameters (NB=notebooks/01_....ipynb for one)
	@for nb in $(NOTEBOOKS); do \
	  echo "execute $$nb"; \
	  $(VENV)/bin/jupytext --sync --quiet "$$nb" || exit 1; \
	  COURSE_OFFLINE=1 $(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=1800 \
	    --ExecutePreprocessor.record_timing=False --log-level=WARN "$$nb" || exit 1; \
	  $(PY) tools/clean_metadata.py "$$nb" || exit 1; \
	done

run: check-params setup  ## papermill every notebook (or NB=...) into build/ with SCALE=quick|full SEED=...
	@mkdir -p build/runs
	@# progress: papermill's cell bar, and at full scale the cells' own output (epochs, search fits) streamed live
	@for nb in $(NOTEBOOKS); do \
	  out=build/runs/$$(basename $$nb .ipynb)-$(SCALE)-seed$(SEED).ipynb; echo "run $$nb -> $$out"; \
	  $(VENV)/bin/papermill "$$nb" "$$out" -k python3 -p SCALE $(SCALE) -p SEED $(SEED) \
	    --progress-bar $(if $(filter full,$(SCALE)),--log-output) --log-level WARNING || exit 1; \
	done

results: check-params setup  ## full-scale runs (NB=...) -> results/, README table; SMOKE=1: tiny budgets [STALE=1]; SINCE=REF
	@# each chapter's script synced first, as make execute does (the newer of the pair wins)
	$(VENV)/bin/jupytext --sync --quiet $(NOTEBOOKS)
	@# a smoke run is a test: offline, like every test (a full run downloads what it can)
	$(if $(SMOKE),COURSE_OFFLINE=1) $(PY) tools/results.py $(if $(SMOKE),--smoke) $(if $(STALE),--stale) $(if $(SINCE),--since $(SINCE)) \
	  $(if $(BUDGET),--budget $(BUDGET)) \
	  --seed $(SEED) --out build/results $(if $(SINCE)$(STALE),$(NB),$(NOTEBOOKS))

bench: check-params setup  ## quick-scale wall time and peak memory per notebook -> build/bench.md
	COURSE_OFFLINE=1 $(PY) tools/bench.py --scale $(SCALE) --out build/bench.md $(NOTEBOOKS)

lint: setup  ## ruff over utils, tests, tools and notebooks (lines of at most 100 characters)
	$(VENV)/bin/ruff check utils tests tools notebooks

clean:  ## remove build outputs and the download cache (keeps .venv)
	rm -rf build data/cache .pytest_cache

.PHONY: practice revision exam

practice: check-params setup  ## exam practice copies, solutions out, self-checks in -> build/practice/ (FORCE=1: overwrite edited copies)
	COURSE_OFFLINE=1 $(PY) tools/practice.py --out build/practice $(if $(FORCE),--force) $(NOTEBOOKS)

revision: check-params setup  ## offline printable revision guide: formulas, takeaways, solved questions, glossary -> build/revision/
	COURSE_OFFLINE=1 $(PY) tools/revision.py --out build/revision $(NOTEBOOKS)

exam: check-params setup  ## mock exam of N=20 questions (CHAPTERS="01 06", SEED=...) -> build/exam/
	COURSE_OFFLINE=1 $(PY) tools/mock_exam.py --out build/exam -n $(N) --chapters "$(CHAPTERS)" \
	  --jobs $(JOBS) $(if $(filter command line environment,$(origin SEED)),--seed $(SEED)) \
	  $(if $(FORCE),--force)
