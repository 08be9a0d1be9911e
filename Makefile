# Set-up and everyday commands. Every target installs what is missing and nothing more.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
OUT ?= reports/demo

.PHONY: demo test lint browser postgres redis venv bench-accuracy bench-speed bench-field bench-hostile examples clean

demo: browser $(STAMP)
	$(PY) -m audits demo --out $(OUT)

test: browser postgres redis $(STAMP)
	$(PY) -m ruff check audits tests benchmarks
	$(PY) -m mypy
	$(PY) -m pytest -q -n 2

lint: $(STAMP)
	$(PY) -m ruff check audits tests benchmarks
	$(PY) -m mypy

# Installs Debian's chromium-headless-shell only when no usable Chromium is found.
browser:
	@$(PYTHON) -m audits.gather.browser --check >/dev/null 2>&1 || { \
	  echo "No Chromium found: installing Debian's chromium-headless-shell"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium-headless-shell >/dev/null && \
	  $(PYTHON) -m audits.gather.browser --check; }

# Installs Debian's postgresql (server binaries for the history store's tests) only when no
# initdb is found; the tests start their own server on 127.0.0.1. Where it cannot be installed
# those tests are skipped and say why.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  echo "No PostgreSQL server found: installing Debian's postgresql"; \
	  { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; } || \
	  echo "Could not install postgresql: the PostgreSQL store tests will be skipped"; }

# Installs Debian's redis-server (the broker of the Celery fleet tests) only when none is found;
# the tests start their own on 127.0.0.1. Where it cannot be installed those tests are skipped.
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  echo "No redis-server found: installing Debian's redis-server"; \
	  { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server >/dev/null; } || \
	  echo "Could not install redis-server: the Celery fleet tests will be skipped"; }

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

bench-accuracy: browser $(STAMP)
	$(PY) benchmarks/accuracy.py

bench-speed: browser $(STAMP)
	$(PY) benchmarks/speed.py

# The hostile sites of tests/sites/hostile.py as one suite: fault -> outcome -> reason -> seconds.
bench-hostile: browser $(STAMP)
	$(PY) benchmarks/hostile_table.py

# The field set: 14 real third-party sites with answer keys (../shared/field/README.md), friction and
# the naive peer scored on the same machine; installs the sites once (apt, npm, pip; as root).
FIELD ?= ../shared/field
FIELD_OUT ?= /tmp/evalsites/out
bench-field: browser $(STAMP)
	bash $(FIELD)/setup-all.sh >/dev/null
	$(PYTHON) $(FIELD)/score.py --friction $(VENV)/bin/friction --out $(FIELD_OUT)
	$(PY) benchmarks/field_findings.py $(FIELD_OUT)
	bash $(FIELD)/naive-setup.sh >/dev/null
	$(PYTHON) $(FIELD)/score.py --friction /tmp/naive-venv/naive --out $(FIELD_OUT)-naive --label naive

# The committed example reports (reports/examples/): the demo suite on the zoo, plus goal-seeking
# audits of the zoo sites in EXAMPLE_SITES ("all" for every site, "" for none), e.g. EXAMPLE_SITES="harborbank comcastic"
EXAMPLE_SITES ?= harborbank
examples: browser $(STAMP)
	$(PY) reports/examples/regenerate.py --sites "$(EXAMPLE_SITES)"

clean:
	rm -rf $(VENV) reports/demo .pytest_cache .mypy_cache .ruff_cache
