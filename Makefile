# Run `make` (or `make help`) to see the targets. Everything runs inside .venv,
# which `make setup` creates from the hashed lock file requirements.txt (`make lock` writes it).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
TOOLS_STAMP := .venv-tools/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# A variable from the command line as one shell word, whatever it holds: VERSION='1.0.0; rm -rf ~' is the one
# argument '1.0.0; rm -rf ~' (which the command then refuses), never a second command.
quote = '$(subst ','\'',$(1))'

.DEFAULT_GOAL := help
.PHONY: help setup validate build serve browser test test-recipes ci bench lighthouse zensical lock release golden lint preview datadiff upgrade bench-tests readme clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# Debian packages a fresh machine may lack; installed with apt-get when running as root, else named.
define apt_install
	@if [ -n "$(1)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing with apt-get:$(1)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$(1) >/dev/null; \
	  else echo "Please install:$(1) (Debian: sudo apt-get install$(1))"; exit 1; fi; fi
endef

$(STAMP): requirements.txt
	$(call apt_install,$(shell $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || echo " python3 python3-venv"))
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $(STAMP)

# Browser-test tools from npm (axe-core, Lighthouse), pinned by package-lock.json; no browser download:
# the browser is Debian's chromium (or the CI runner's Chrome).
$(NODE_STAMP): package-lock.json
	$(call apt_install,$(shell command -v npm >/dev/null || echo " nodejs npm"))
	PUPPETEER_SKIP_DOWNLOAD=1 CHROMEDRIVER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# cffconvert needs an older jsonschema than frictionless, so it lives in a venv of its own.
$(TOOLS_STAMP): tools/requirements.txt
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/python -m pip install --quiet --require-hashes -r tools/requirements.txt
	touch $(TOOLS_STAMP)

setup: $(STAMP) $(NODE_STAMP) $(TOOLS_STAMP) ## Create .venv, .venv-tools and node_modules from the lock files

validate: $(STAMP) ## Validate the data package (PACKAGE=path/datapackage.json for another copy)
	$(PY) -m build_scripts validate $(if $(PACKAGE),--package $(call quote,$(PACKAGE)))

build: $(STAMP) ## Build site/, running only the stages whose inputs changed (FORCE=1 runs every stage)
	$(PY) -m build_scripts build $(if $(FORCE),--force)

serve: build ## Build, then serve site/ at http://127.0.0.1:8000
	@echo "Serving site/ at http://$(HOST):$(PORT)/ (Ctrl+C stops)"
	$(PY) -m http.server --bind $(HOST) --directory site $(PORT)

browser: ## Make sure a Chromium is there for the browser tests (Debian's chromium and its headless shell, or Chrome)
	$(call apt_install,$(shell command -v chromium >/dev/null || command -v google-chrome >/dev/null || echo " chromium"))
	@# The tests prefer Debian's chromium-headless-shell (a fifth less CPU; build_scripts/devtools/chromium.py): installed where
	@# apt-get can (root, a Debian that has it), else the tests use the browser above.
	@if ! command -v chromium-headless-shell >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing with apt-get: chromium-headless-shell"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; } || \
	    echo "chromium-headless-shell is not available here: the browser tests use the full browser"; fi

# pytest on every core (pytest-xdist) with the marker expression $(1); exit code 5 (no tests collected) fails.
pytest = $(PY) -m pytest -n auto -m $(1); rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

test: $(STAMP) $(NODE_STAMP) $(TOOLS_STAMP) browser ## Run every test but the recipe plays, browser tests included (on a build of the project in a temporary folder)
	$(call pytest,"not recipe")

test-recipes: $(STAMP) $(TOOLS_STAMP) ## Play CONTRIBUTING's recipes in temporary clones, each ending with the whole non-browser suite (slow)
	$(call pytest,recipe)

lint: $(STAMP) ## ruff check (configured in pyproject.toml)
	$(PY) -m ruff check .

ci: lint test test-recipes ## Every check: lint, every test, the recipe plays (what CI and .ci/run run)

preview: ## Serve a downloaded site artifact: make preview FILE=site.zip (unzips to a temporary folder, 127.0.0.1 only)
	@test -n $(call quote,$(FILE)) || { echo "Usage: make preview FILE=path/to/site.zip (the 'site' artifact of a CI run)"; exit 1; }
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT INT TERM && $(PYTHON) -m zipfile -e $(call quote,$(FILE)) "$$dir" && \
	  echo "Serving "$(call quote,$(FILE))" at http://$(HOST):$(PORT)/ (Ctrl+C stops)" && \
	  $(PYTHON) -m http.server --bind $(HOST) --directory "$$dir" $(PORT)

datadiff: $(STAMP) ## Data diff of the package against BASE (default origin/main), as in a pull request's summary
	$(PY) -m build_scripts datadiff --base $(call quote,$(or $(BASE),origin/main))

bench-tests: $(STAMP) $(NODE_STAMP) $(TOOLS_STAMP) browser ## Time `make test`'s pytest run and the recipe plays (prints minutes, cores, load)
	$(PY) -m build_scripts.devtools.bench_tests

bench: $(STAMP) ## Print build timings, page weights and submission validation/aggregation timings
	$(PY) -m build_scripts.devtools.bench
	$(PY) -m build_scripts.devtools.bench_submission

lighthouse: build $(NODE_STAMP) ## Lighthouse scores of key pages (served with gzip), a benchmark
	$(PY) -m build_scripts.devtools.lighthouse

zensical: build ## Check that the same mkdocs.yml builds with Zensical (informative)
	$(PY) -m build_scripts.devtools.zensical_check

# Every test module that compares with a golden file (tests/golden/): the pages, chart specs, row counts, reconciliation.
GOLDEN_TESTS = $(shell grep -lE '^from conftest import .*assert_matches_golden' tests/*/test_*.py)

golden: $(STAMP) ## Rewrite every golden file in tests/golden/ from a fresh build (after an intended change; review the diff)
	UPDATE_GOLDEN=1 $(PY) -m pytest -q -p no:cacheprovider $(GOLDEN_TESTS)

release: $(if $(VERSION),$(STAMP)) ## Release VERSION=X.Y.Z: set the version (package, CITATION.cff, CHANGELOG.md), build, freeze releases/vX.Y.Z/
	@test -n $(call quote,$(VERSION)) || { echo "Usage: make release VERSION=X.Y.Z (e.g. VERSION=1.0.2)"; exit 1; }
	$(PY) -m build_scripts release --version $(call quote,$(VERSION))

# The lock files: requirements.in (written from pyproject.toml) compiled to requirements.txt with hashes, and
# tools/requirements.in to tools/requirements.txt. Dependabot (pip ecosystem) updates the same pairs.
UV := $(VENV)/bin/uv
UV_COMPILE = $(UV) pip compile --quiet --generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu

$(UV): $(STAMP)
	$(PY) -m pip install --quiet uv==0.13.9

lock: $(UV) ## Regenerate the lock files from pyproject.toml (keeps current pins; UPGRADE=1 upgrades all; needs PyPI)
	$(PY) -m build_scripts.devtools.lockfile > requirements.in
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) requirements.in -o requirements.txt
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) tools/requirements.in -o tools/requirements.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt

upgrade: $(if $(PACKAGE),$(UV)) ## Upgrade one package in the lock and install it: make upgrade PACKAGE=pandas (then make test)
	@test -n $(call quote,$(PACKAGE)) || { echo "Usage: make upgrade PACKAGE=name (e.g. PACKAGE=pandas)"; exit 1; }
	$(UV_COMPILE) --upgrade-package $(call quote,$(PACKAGE)) requirements.in -o requirements.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	@git diff --stat -- requirements.txt 2>/dev/null || true

readme: $(STAMP) ## Rewrite the README's generated lists (stages, commands, make targets) from the code
	$(PY) -m build_scripts.devtools.readme

clean: ## Remove generated files (build/, site/), the venvs and node_modules
	rm -rf build site $(VENV) .venv-tools node_modules .pytest_cache .hypothesis
