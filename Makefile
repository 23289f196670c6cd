# The two commands a user types: `make run` and `make test`. The first run of either builds the
# virtual environment (.venv) from the lock file, which takes a minute or two; later runs reuse
# it and rebuild it only when requirements/dev.lock or pyproject.toml change.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements/dev.lock
# `make run ARGS="--server.port 8600"` passes Streamlit flags through to `osai-procure serve`.
ARGS   ?=

.PHONY: run cluster test check lint types unit bench schemas lock python-version clean

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "osai-procure needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo 'not found')." >&2; \
	  echo "Install it, or name another interpreter: make PYTHON=python3.12 ..." >&2; exit 1; }

$(STAMP): $(LOCK) pyproject.toml deploy/install.sh | python-version
	@echo "Building the virtual environment in $(VENV) from $(LOCK) (first run only)..."
	PYTHON=$(PYTHON) sh deploy/install.sh $(VENV) $(LOCK)
	touch $(STAMP)

# The app at http://127.0.0.1:8501 on an embedded SQLite database in .osai-procure/.
run: $(STAMP)
	OSAI_PROCURE_DATA_DIR=$${OSAI_PROCURE_DATA_DIR:-.osai-procure} $(BIN)/osai-procure serve $(ARGS)

# The shared-deployment shape on this machine: PostgreSQL, app processes, nginx at
# http://127.0.0.1:8080 (deploy/local.py; `make cluster ARGS="--processes 3"`; docs/deployment.md).
cluster: $(STAMP)
	$(BIN)/python deploy/local.py $(ARGS)

test: check

check: lint types unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks deploy app.py
	$(BIN)/ruff format --check src tests benchmarks deploy app.py

types: $(STAMP)
	$(BIN)/mypy
	$(BIN)/mypy --strict deploy/local.py deploy/backup.py

unit: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

schemas: $(STAMP)
	$(BIN)/osai-procure schema --out src/osai_procure/content/schemas

# Refresh the lock after changing a range in pyproject.toml (or to take new upstream releases):
# uv resolves for every platform and Python >= 3.11 and records each file's SHA-256.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra dev --universal \
	  --python-version 3.11 --generate-hashes --no-header --custom-compile-command "make lock" \
	  -o $(LOCK)

clean:
	rm -rf $(VENV)
