# kickback_edu — every target bootstraps .venv itself.
#   make lab      set up and open the course in JupyterLab (your own copy: my-course/)
#   make reset    a fresh my-course/ (the old one is kept as my-course.bak-<time>/)
#   make test     set up and run every test (library, data, notebooks, browser)
#   make html     static HTML handouts in build/html/ (figures render offline)
#   make present  the interactive parts as a Voila dashboard (code hidden)
#   make bench    print the benchmark figures (model, widgets in-process)
#   make bench-browser  slider -> plot latency in a real JupyterLab + Chromium (~3 min)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Two install stamps: the course alone (make lab, present, reset) and the course
# with the test tools (make test and the rest). The full install also counts as
# the course's, so `make lab` after `make test` installs nothing.
STAMP  := $(VENV)/.kickback-installed
LAB_STAMP := $(VENV)/.kickback-course-installed
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
LAB_ARGS ?=
# The learner's working copy: JupyterLab saves there, never into notebooks/.
COURSE ?= my-course
# The course's JupyterLab settings (no news pop-up, no widget state saved),
# as defaults under the venv's JupyterLab: a learner's own settings still win.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d/kickback-course.json

.PHONY: lab reset test lint html present bench bench-browser clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP) $(LAB_STAMP)

$(LAB_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if [ -f $(STAMP) ] && [ $(STAMP) -nt pyproject.toml ]; then :; else \
	    $(PY) -m pip install --quiet --upgrade pip && \
	    $(PY) -m pip install --quiet -e . ; fi
	@touch $(LAB_STAMP)

$(LAB_OVERRIDES): tools/jupyter/lab/overrides.json $(LAB_STAMP)
	@mkdir -p $(@D)
	@cp $< $@

lab: $(LAB_STAMP) $(LAB_OVERRIDES)
	@$(PY) tools/working_copy.py sync --copy $(COURSE)
	$(VENV)/bin/jupyter lab --config=tools/jupyter/lab_config.py \
	    --ServerApp.root_dir=$(COURSE) --ip=127.0.0.1 $(ROOT_FLAG) $(LAB_ARGS)

reset: $(LAB_STAMP)
	@$(PY) tools/working_copy.py reset --copy $(COURSE)

lint: $(STAMP)
	$(PY) -m ruff check $(wildcard src tests benchmarks tools)

test: $(STAMP) lint
	$(PY) -m pytest tests notebooks --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg

html: $(STAMP)
	$(PY) tools/build_html.py --out build/html

# Voila takes no --allow-root; --Voila.auto_token=True puts a random token in
# the printed URL; the "kickback" template (tools/jupyter) drops Voila's CDN
# stylesheets. Extra options: make present PRESENT_ARGS="--no-browser --port=8870"
# It serves the working copy (the teacher's own, links to docs/ and data/ work);
# Voila never saves into it. Voila comes with the full install (the [test] extra).
present: $(STAMP)
	@$(PY) tools/working_copy.py sync --copy $(COURSE)
	JUPYTER_PATH="$(CURDIR)/tools/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH}" \
	$(VENV)/bin/voila $(COURSE) --Voila.ip=127.0.0.1 --Voila.auto_token=True \
	    --template=kickback \
	    --VoilaConfiguration.file_allowlist="['.*\.(png|jpg|gif|svg|md)']" $(PRESENT_ARGS)

bench: $(STAMP)
	$(PY) benchmarks/bench_model.py
	$(PY) benchmarks/bench_widgets.py --quick

bench-browser: $(STAMP)
	$(PY) benchmarks/bench_browser.py $(BENCH_ARGS)

clean:
	rm -rf build .pytest_cache .ruff_cache
